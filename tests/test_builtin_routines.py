"""The built-in routines against what their sources say: order, reps, holds and swaps.

Each routine is laid out from its plan as the player will run it, one line per exercise:
hold counts in order, with the phases between them (`5 swap 3 swap 1` is a 5-3-1 pyramid with
the legs swapped between sets; `10 switch 10` is ten on the left side, then ten on the right).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from shutil import copytree

import pytest

from coach import library as library_module
from coach.library import Library, LibraryError, check_files, library_files, load_library
from coach.plan import Plan, build_plan
from coach.words import where_line

#: The sources, as each file names them in its `source` field.
ARTICLE = "The article on low back pain and running that coach follows"
MCGILL_BACK_MECHANIC = "McGill SM, Back Mechanic (Backfitpro, 2015)"
MCGILL_LOW_BACK_DISORDERS = "McGill SM, Low Back Disorders, 3rd ed. (Human Kinetics, 2016)"


@dataclass(frozen=True)
class StepLayout:
    exercise: str
    layout: str  # hold counts in order, and the get-ready phases between them
    hold_s: int


@dataclass(frozen=True)
class Expected:
    sources: tuple[str, ...]  # what the routine file's `source` names
    steps: tuple[StepLayout, ...]


def steps(table: str) -> tuple[StepLayout, ...]:
    """A routine's steps as a table, a row each: `exercise | layout | hold s`."""
    rows = [[cell.strip() for cell in line.split("|")] for line in table.strip().splitlines()]
    return tuple(StepLayout(row[0], row[1], int(row[2].removesuffix(" s"))) for row in rows)


EXPECTED = {
    # The article: lie on your back, knees bent, a rolled towel under the neck; draw one knee,
    # then both knees, toward the shoulders; 10 reps of each, each held for a count of two.
    "pelvic-tilts": Expected(
        (ARTICLE,),
        steps(
            """
            single-leg-pelvic-tilt | 10 switch 10 | 2 s
            double-leg-pelvic-tilt | 10           | 2 s
            """
        ),
    ),
    # The article's order and hold, on a bad day: keep moving (too much rest is advised
    # against), with fewer tilts than its 10, which the summary says (checked below).
    "gentle": Expected(
        (ARTICLE,),
        steps(
            """
            cat-camel              | 8          | 3 s
            single-leg-pelvic-tilt | 5 switch 5 | 2 s
            double-leg-pelvic-tilt | 5          | 2 s
            lower-trunk-rotation   | 10         | 3 s
            glute-bridge           | 6          | 2 s
            childs-pose            | 3          | 20 s
            """
        ),
    ),
    # McGill: a few slow cat–camel cycles first (Low Back Disorders), then the Big 3 with
    # 10-second holds in a descending pyramid, the curl-up's bent leg swapped between sets
    # (Back Mechanic).
    "core": Expected(
        (MCGILL_BACK_MECHANIC, "Low Back Disorders"),
        steps(
            """
            cat-camel    | 6                  | 3 s
            curl-up      | 5 swap 3 swap 1    | 10 s
            side-plank   | 5 3 1 switch 5 3 1 | 10 s
            bird-dog     | 5 3 1 switch 5 3 1 | 10 s
            glute-bridge | 8                  | 3 s
            """
        ),
    ),
    # The article: stiff back muscles should be stretched before a run.
    "pre-run": Expected(
        (ARTICLE,),
        steps(
            """
            cat-camel            | 6          | 3 s
            lower-trunk-rotation | 8          | 3 s
            glute-bridge         | 10         | 3 s
            hip-flexor-stretch   | 2 switch 2 | 15 s
            hamstring-stretch    | 2 switch 2 | 15 s
            """
        ),
    ),
    # The article: add strength training alongside running.
    "strength": Expected(
        (ARTICLE,),
        steps(
            """
            chair-squat  | 10 10 10       | 2 s
            glute-bridge | 10 10 10       | 3 s
            bird-dog     | 5 5 switch 5 5 | 8 s
            dead-bug     | 10 10          | 3 s
            side-plank   | 4 switch 4     | 10 s
            """
        ),
    ),
}

#: Why each built-in exercise can bring on leg symptoms, so each carries the stop sign that
#: the player shows beside the timer: pain spreading into a leg means stop.
LEG_SYMPTOMS = {
    "single-leg-pelvic-tilt": "knee to chest: flexes the lower back",
    "double-leg-pelvic-tilt": "both knees to chest: flexes the lower back",
    "childs-pose": "sitting back onto the heels: flexes the lower back",
    "cat-camel": "rounds and arches the lower back",
    "curl-up": "lifts the trunk against the lower back",
    "lower-trunk-rotation": "rotates the lower back",
    "hamstring-stretch": "a straight-leg raise: tensions the sciatic nerve",
    "hip-flexor-stretch": "extends the hip and the lower back",
    "glute-bridge": "extends the hip and the lower back",
    "chair-squat": "flexes the hips and the lower back under body weight",
    "bird-dog": "extends a leg behind a braced lower back",
    "dead-bug": "lowers a leg against a braced lower back",
    "side-plank": "loads the lower back from the side",
}


@pytest.fixture(scope="module")
def builtins() -> Library:
    return load_library(None)


def layout(plan: Plan, step_no: int) -> str:
    """One routine step of `plan` as hold counts and the get-ready phases between them."""
    phases = [phase for phase in plan.phases if phase.step_no == step_no]
    words: list[str] = []
    for in_set, run in groupby(phases, key=lambda phase: phase.kind in ("hold", "release")):
        if in_set:
            words.append(str(sum(phase.kind == "hold" for phase in run)))
        else:
            words += [phase.kind for phase in run if phase.kind in ("swap", "switch")]
    return " ".join(words)


def test_every_builtin_routine_is_laid_out_as_its_source_says(builtins: Library) -> None:
    assert set(EXPECTED) == set(builtins.routines)
    for routine_id, expected in EXPECTED.items():
        routine = builtins.routines[routine_id]
        plan = build_plan(routine, builtins)
        found = tuple(
            StepLayout(step.exercise, layout(plan, step_no), step.hold_s)
            for step_no, step in enumerate(routine.steps)
        )
        assert found == expected.steps, routine_id
        for source in expected.sources:
            assert source in (routine.source or ""), routine_id


def test_a_swap_comes_after_the_rest_and_before_the_next_sets_first_hold(
    builtins: Library,
) -> None:
    plan = build_plan(builtins.routines["core"], builtins)
    swaps = [i for i, phase in enumerate(plan.phases) if phase.kind == "swap"]
    assert len(swaps) == 2
    for i in swaps:
        before, swap, after = plan.phases[i - 1 : i + 2]
        assert (before.kind, after.kind) == ("rest", "hold")
        assert (swap.exercise, swap.set_no, swap.reps) == ("curl-up", after.set_no, after.reps)
        assert (after.rep_no, swap.seconds) == (1, 5)  # as long as getting into position
        assert where_line(before, (swap,)) == f"REST · next: set {swap.set_no} of 3, legs swapped"


def test_fewer_pelvic_tilts_than_the_articles_ten_are_said_in_the_summary(
    builtins: Library,
) -> None:
    tilts = ("single-leg-pelvic-tilt", "double-leg-pelvic-tilt")
    for routine in builtins.routines.values():
        counts = {n for s in routine.steps if s.exercise in tilts for n in s.reps_per_set}
        if counts - {10}:
            assert "not the usual 10" in routine.summary, routine.id
            assert all(f"{n} times" in routine.summary for n in counts), routine.id


def test_every_exercise_that_can_bring_on_leg_symptoms_says_stop(builtins: Library) -> None:
    assert set(LEG_SYMPTOMS) == set(builtins.exercises)
    for exercise_id in LEG_SYMPTOMS:
        assert builtins.exercises[exercise_id].stop_if == "pain spreads into a leg", exercise_id


def test_every_builtin_names_its_source(builtins: Library) -> None:
    for item in [*builtins.exercises.values(), *builtins.routines.values()]:
        assert item.source and len(item.source) <= 200, item.id
    cited = {
        "curl-up": MCGILL_BACK_MECHANIC,
        "side-plank": MCGILL_BACK_MECHANIC,
        "bird-dog": MCGILL_BACK_MECHANIC,
        "cat-camel": MCGILL_LOW_BACK_DISORDERS,
        "single-leg-pelvic-tilt": ARTICLE,
        "double-leg-pelvic-tilt": ARTICLE,
    }
    for exercise_id, source in cited.items():
        assert (builtins.exercises[exercise_id].source or "").startswith(source), exercise_id


def test_a_builtin_without_a_source_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = copytree(library_module.builtin_dir(), tmp_path / "exercises")
    curl_up = copy / "moves" / "curl-up.toml"
    curl_up.write_text(
        "\n".join(line for line in curl_up.read_text().splitlines() if "source" not in line)
    )
    monkeypatch.setattr(library_module, "builtin_dir", lambda: copy)
    message = (
        "curl-up.toml: source: missing: expected the book or article the file follows, "
        "one line of 1 to 200 characters"
    )
    with pytest.raises(LibraryError) as raised:
        load_library(None)
    assert str(raised.value) == message
    errors = check_files(library_files(None), Library())  # `coach routines check`
    assert [str(error) for error in errors] == [
        message,
        'core.toml: steps[1].exercise: no exercise "curl-up" (ids are exercise file names)',
    ]
