"""The exercise library: built-in content, user files on top, and exact errors for bad files."""

from __future__ import annotations

import os
from dataclasses import FrozenInstanceError
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.library import (
    AREAS,
    BUILTIN,
    LEVELS,
    Library,
    LibraryError,
    RoutineStep,
    builtin_dir,
    check_files,
    library_files,
    load_library,
)
from tests.helpers import toml_dumps

REQUIRED_EXERCISES = {
    "single-leg-pelvic-tilt",
    "double-leg-pelvic-tilt",
    "cat-camel",
    "curl-up",
    "side-plank",
    "bird-dog",
    "glute-bridge",
    "dead-bug",
    "hip-flexor-stretch",
}
REQUIRED_ROUTINES = {"pelvic-tilts", "core", "gentle", "pre-run", "strength"}


def exercise(**changes: Any) -> dict[str, Any]:
    """A valid exercise file's content, with `changes` applied (None removes a key)."""
    data: dict[str, Any] = {
        "name": "Wall sit",
        "area": "strength",
        "instructions": ["Back against a wall.", "Slide down a little.", "Hold."],
        "cues": ["Breathe."],
        "reps": 3,
        "hold_s": 20,
        "sides": "both",
        "rest_s": 30,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def routine(*steps: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A valid routine file's content (one curl-up step unless `steps` are given)."""
    data: dict[str, Any] = {
        "name": "Mine",
        "summary": "A routine of my own.",
        "steps": list(steps) or [{"exercise": "curl-up"}],
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture(scope="module")
def builtins() -> Library:
    return load_library(None)


def write(folder: Path, name: str, content: dict[str, Any] | str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(content, dict):
        content = toml_dumps(content)
    if isinstance(content, str):
        content = content.encode()
    path.write_bytes(content)
    return path


# --- built-in content ------------------------------------------------------------------------


def test_every_builtin_file_loads_and_checks_clean(builtins: Library) -> None:
    assert set(builtins.exercises) >= REQUIRED_EXERCISES
    assert set(builtins.routines) >= REQUIRED_ROUTINES
    assert builtins.problems == ()
    files = library_files(None)
    assert len(files) == len(builtins.exercises) + len(builtins.routines) + len(builtins.stages)
    assert check_files(files, Library()) == []
    everything = [
        *builtins.exercises.values(),
        *builtins.routines.values(),
        *builtins.stages.values(),
    ]
    assert {item.origin for item in everything} == {BUILTIN}
    assert not any(item.replaces_builtin for item in everything)


def test_builtins_are_found_in_the_checkout() -> None:
    assert builtin_dir() == Path(__file__).resolve().parent.parent / "exercises"


def test_builtin_content_is_short_plain_steps(builtins: Library) -> None:
    for move in builtins.exercises.values():
        assert move.area in AREAS
        assert 3 <= len(move.instructions) <= 7, move.id
        assert move.cues, move.id
        for line in move.instructions + move.cues:
            assert len(line) <= 60, f"{move.id}: {line!r}"
    for item in builtins.routines.values():
        assert item.level in LEVELS, item.id


def test_pelvic_tilt_instructions_are_the_articles(builtins: Library) -> None:
    for exercise_id in ("single-leg-pelvic-tilt", "double-leg-pelvic-tilt"):
        instructions = " ".join(builtins.exercises[exercise_id].instructions).lower()
        assert "on your back" in instructions
        assert "knees bent" in instructions
        assert "towel under your neck" in instructions
        assert "toward your shoulder" in instructions
        assert "count of two" in instructions


def test_a_routine_step_takes_the_exercise_defaults_unless_overridden(builtins: Library) -> None:
    bird_dog = builtins.exercises["bird-dog"]
    strength = builtins.routines["strength"]
    step = next(s for s in strength.steps if s.exercise == "bird-dog")
    assert step == RoutineStep("bird-dog", (5, 5), 8, bird_dog.sides, bird_dog.rest_s)


def test_loaded_objects_are_frozen(builtins: Library) -> None:
    with pytest.raises(FrozenInstanceError):
        builtins.routines["core"].name = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        builtins.routines["x"] = builtins.routines["core"]  # type: ignore[index]


# --- user files ------------------------------------------------------------------------------


def test_user_files_add_to_and_replace_builtins(config_dir: Path) -> None:
    mine = write(config_dir / "exercises", "wall-sit.toml", exercise())
    write(config_dir / "routines", "legs.toml", routine({"exercise": "wall-sit", "sets": 2}))
    replaced = write(config_dir / "routines", "core.toml", routine(name="My core"))
    library = load_library(config_dir)

    assert library.problems == ()
    assert library.exercises["wall-sit"].origin == str(mine)
    assert library.exercises["wall-sit"].source is None  # the user's own files may leave it out
    assert library.routines["legs"].steps == (RoutineStep("wall-sit", (3, 3), 20, "both", 30),)
    core = library.routines["core"]
    assert (core.name, core.origin, core.replaces_builtin) == ("My core", str(replaced), True)
    assert core.source is None
    assert not library.routines["legs"].replaces_builtin
    assert list(library.routines) == sorted(library.routines)


def test_user_files_may_name_a_source_swap_legs_stop_and_lay_out_a_pyramid(
    config_dir: Path,
) -> None:
    write(
        config_dir / "exercises",
        "wall-sit.toml",
        exercise(swap_legs=True, stop_if="your knee hurts", source="My physio, March 2026"),
    )
    steps = [{"exercise": "wall-sit", "reps": [4, 2]}, {"exercise": "wall-sit", "swap_legs": False}]
    write(config_dir / "routines", "legs.toml", routine(*steps, source="My physio"))
    library = load_library(config_dir)
    assert library.problems == ()
    wall_sit = library.exercises["wall-sit"]
    assert (wall_sit.swap_legs, wall_sit.stop_if) == (True, "your knee hurts")
    assert wall_sit.source == "My physio, March 2026"
    legs = library.routines["legs"]
    assert legs.source == "My physio"
    assert legs.steps == (
        RoutineStep("wall-sit", (4, 2), 20, "both", 30, swap_legs=True),
        RoutineStep("wall-sit", (3,), 20, "both", 30, swap_legs=False),
    )
    assert legs.steps[0].sets == 2


def test_a_user_exercise_replacing_a_builtin_changes_the_builtin_routines(
    config_dir: Path,
) -> None:
    write(config_dir / "exercises", "curl-up.toml", exercise(reps=7, hold_s=5))
    library = load_library(config_dir)
    assert library.exercises["curl-up"].replaces_builtin
    # core overrides reps but not the hold, so the user's 5 s hold applies
    assert {s.hold_s for s in library.routines["core"].steps if s.exercise == "curl-up"} == {5}


def test_a_broken_user_file_is_skipped_and_the_rest_load(config_dir: Path) -> None:
    broken = write(config_dir / "routines", "core.toml", routine(level="hard"))
    write(config_dir / "routines", "legs.toml", routine())
    write(config_dir / "exercises", "bad.toml", "name = ")
    library = load_library(config_dir)

    assert [str(p) for p in library.problems] == [
        "bad.toml: not valid TOML: Invalid value (at end of document)",
        'core.toml: level: expected one of "gentle", "standard", "strong", got "hard"',
    ]
    assert library.problems[1].path == broken
    assert library.routines["core"].origin == BUILTIN  # the built-in stays
    assert "legs" in library.routines


def test_only_visible_toml_files_are_read(config_dir: Path) -> None:
    write(config_dir / "routines", ".#legs.toml", "garbage")
    write(config_dir / "routines", "notes.txt", "garbage")
    write(config_dir / "routines", "legs.toml.bak", "garbage")
    library = load_library(config_dir)
    assert library.problems == ()
    assert set(library.routines) == set(load_library(None).routines)


def test_a_user_folder_that_is_a_file_is_reported(config_dir: Path) -> None:
    write(config_dir, "routines", "not a folder")
    library = load_library(config_dir)
    assert [str(p) for p in library.problems] == ["routines: cannot be read: not a directory"]


def test_a_missing_user_folder_is_fine(tmp_path: Path) -> None:
    library = load_library(tmp_path / "nowhere")
    assert library.problems == ()
    assert set(library.routines) >= REQUIRED_ROUTINES


def test_check_files_lets_a_new_routine_use_a_new_exercise(
    tmp_path: Path, builtins: Library
) -> None:
    move = write(tmp_path / "new", "wall-sit.toml", exercise())
    plan = write(tmp_path / "new", "legs.toml", routine({"exercise": "wall-sit"}))
    assert check_files([plan, move], builtins) == []
    assert [str(e) for e in check_files([plan], builtins)] == [
        'legs.toml: steps[0].exercise: no exercise "wall-sit" (ids are exercise file names)'
    ]


def test_every_builtin_easier_and_harder_form_is_an_exercise(builtins: Library) -> None:
    links = {
        move.id: (move.easier, move.harder)
        for move in builtins.exercises.values()
        if move.easier or move.harder
    }
    assert links["bird-dog"] == ("dead-bug", None)
    assert links["dead-bug"] == ("double-leg-pelvic-tilt", "bird-dog")
    assert links["glute-bridge"] == ("double-leg-pelvic-tilt", "chair-squat")
    for easier, harder in links.values():
        assert {easier, harder} - {None} <= set(builtins.exercises)


def test_an_easier_form_that_is_no_exercise_is_reported_and_left_out(config_dir: Path) -> None:
    mine = exercise(easier="dead-bugg", harder="bird-dog")
    write(config_dir / "exercises", "wall-sit.toml", mine)
    library = load_library(config_dir)
    assert [error.detail for error in library.problems] == [
        'easier: no exercise "dead-bugg" (did you mean "dead-bug"?)'
    ]
    wall_sit = library.exercises["wall-sit"]  # still there, only its easier form is not
    assert (wall_sit.easier, wall_sit.harder) == (None, "bird-dog")


def test_check_files_checks_the_easier_and_harder_forms(tmp_path: Path, builtins: Library) -> None:
    harder = write(tmp_path / "new", "wall-sit.toml", exercise(harder="jump-squat"))
    itself = write(tmp_path / "new", "plank.toml", exercise(easier="plank"))
    assert [str(error) for error in check_files([harder, itself], builtins)] == [
        'wall-sit.toml: harder: no exercise "jump-squat" (ids are exercise file names)',
        "plank.toml: easier: names this exercise itself: expected another exercise's id",
    ]
    jump = write(tmp_path / "new", "jump-squat.toml", exercise())
    assert check_files([harder, jump], builtins) == []


# --- broken files: exact messages ------------------------------------------------------------

STEP = {"exercise": "curl-up"}
STEP_REPS = (
    "steps[0].reps: expected a whole number from 1 to 100, or a list of them with one per set "
    "(such as [5, 3, 1])"
)
SWAP_WITH_EACH = 'swap_legs = true needs sides = "both" (with "each", each side is done in turn)'
SOURCE = "expected the book or article the file follows, one line of 1 to 200 characters"
BROKEN_ROUTINES = [
    (routine({**STEP, "reps": "ten"}), f'{STEP_REPS}, got "ten"'),
    (routine({**STEP, "reps": 0}), f"{STEP_REPS}, got 0"),
    (
        routine({**STEP, "reps": [5, 0, 1]}),
        "steps[0].reps[1]: expected a whole number from 1 to 100, got 0",
    ),
    (
        routine({**STEP, "reps": []}),
        "steps[0].reps: expected a list of 1 to 20 numbers, one per set, got an empty list",
    ),
    (
        routine({**STEP, "reps": [1] * 21}),
        "steps[0].reps: expected a list of 1 to 20 numbers, one per set, got 21",
    ),
    (
        routine({**STEP, "reps": [5, 3, 1], "sets": 3}),
        "steps[0].sets: leave it out when reps is a list: the list has one number per set",
    ),
    (
        routine({**STEP, "swap_legs": "yes"}),
        'steps[0].swap_legs: expected true or false, got "yes"',
    ),
    (routine({"exercise": "bird-dog", "swap_legs": True}), f"steps[0].swap_legs: {SWAP_WITH_EACH}"),
    (routine({**STEP, "sides": "each"}), f"steps[0].sides: {SWAP_WITH_EACH}"),
    (routine(source=5), f"source: {SOURCE}, got 5"),
    (routine(source="two\nlines"), f'source: {SOURCE}, got "two\\nlines"'),
    (routine({**STEP, "sets": 21}), "steps[0].sets: expected a whole number from 1 to 20, got 21"),
    (
        routine({**STEP, "hold_s": -5}),
        "steps[0].hold_s: expected a whole number from 1 to 300, got -5",
    ),
    (
        routine({**STEP, "rest_s": 2.5}),
        "steps[0].rest_s: expected a whole number from 0 to 600, got 2.5",
    ),
    (routine({**STEP, "reps": 99999999999999999999}), f"{STEP_REPS}, got 99999999999999999999"),
    (
        "name = 'x'\nsummary = 'y'\nsteps = [{exercise = 'curl-up', reps = 0x" + "f" * 400 + "}]",
        f"{STEP_REPS}, got a number with too many digits",
    ),
    (routine({**STEP, "reps": float("nan")}), f"{STEP_REPS}, got nan"),
    (
        routine({**STEP, "hold_s": float("inf")}),
        "steps[0].hold_s: expected a whole number from 1 to 300, got inf",
    ),
    (routine({**STEP, "reps": True}), f"{STEP_REPS}, got true"),
    (
        routine({**STEP, "sides": "left"}),
        'steps[0].sides: expected one of "both", "each", got "left"',
    ),
    (routine({**STEP, "repz": 3}), 'steps[0].repz: unknown key (did you mean "reps"?)'),
    (
        routine({**STEP, "colour": "red"}),
        "steps[0].colour: unknown key (expected exercise, reps, hold_s, sets, sides, rest_s, "
        "swap_legs)",
    ),
    (
        routine({"exercise": "bird-dgo"}),
        'steps[0].exercise: no exercise "bird-dgo" (did you mean "bird-dog"?)',
    ),
    (
        routine({"reps": 3}),
        'steps[0].exercise: missing: expected an exercise id, such as "bird-dog"',
    ),
    (
        routine({"exercise": 7}),
        'steps[0].exercise: expected an exercise id, such as "bird-dog", got 7',
    ),
    (routine(steps=[]), "steps: expected 1 to 60 [[steps]] tables, got none"),
    (routine(steps=None), "steps: missing: expected 1 to 60 [[steps]] tables"),
    (routine(steps=[STEP] * 61), "steps: expected 1 to 60 [[steps]] tables, got 61"),
    (routine(steps="curl-up"), 'steps: expected 1 to 60 [[steps]] tables, got "curl-up"'),
    (routine(steps=[STEP, 3]), "steps[1]: expected a table, got 3"),
    (routine(level="hard"), 'level: expected one of "gentle", "standard", "strong", got "hard"'),
    (routine(name=5), "name: expected one line of text, 1 to 60 characters, got 5"),
    (routine(name=" "), 'name: expected one line of text, 1 to 60 characters, got " "'),
    (routine(name=["a"]), "name: expected one line of text, 1 to 60 characters, got a list"),
    (routine(name={"a": 1}), "name: expected one line of text, 1 to 60 characters, got a table"),
    (
        routine(name="\x1b[31mred"),
        'name: expected one line of text, 1 to 60 characters, got "\\u001b[31mred"',
    ),
    (
        routine(name="x" * 61),
        f'name: expected one line of text, 1 to 60 characters, got "{"x" * 39}…"',
    ),
    (
        "name = 'x'\nsummary = 1979-05-27\nsteps = [{exercise = 'curl-up'}]",
        "summary: expected one line of text, 1 to 200 characters, got a date or time",
    ),
    ("name = ", "not valid TOML: Invalid value (at end of document)"),
    (
        "[[steps]\n",
        "not valid TOML: Expected ']]' at the end of an array declaration (at line 1, column 8)",
    ),
    ("a = " + "[" * 5000 + "]" * 5000, "not valid TOML: nested too deeply"),
    ("reps = " + "9" * 5000, "not valid TOML: a number has too many digits"),
    (bytes(range(256)), "not a text file: expected UTF-8 TOML"),
    (b'name = "x"\x00' * 10, "not a text file: expected UTF-8 TOML"),
    (b"#" * (10 * 1024 * 1024), "too large: expected at most 256 KB of TOML"),
]
BROKEN_EXERCISES = [
    (
        exercise(area="cardio"),
        'area: expected one of "mobility", "core", "stretch", "strength", got "cardio"',
    ),
    (exercise(reps=None), "reps: missing: expected a whole number from 1 to 100"),
    (exercise(hold_s=301), "hold_s: expected a whole number from 1 to 300, got 301"),
    (exercise(hold_s=0), "hold_s: expected a whole number from 1 to 300, got 0"),
    (exercise(rest_s=-1), "rest_s: expected a whole number from 0 to 600, got -1"),
    (
        exercise(instructions=[]),
        "instructions: expected a list of 1 to 20 lines of text, got 0 lines",
    ),
    (
        exercise(instructions=None),
        "instructions: missing: expected a list of 1 to 20 lines of text",
    ),
    (
        exercise(instructions="Sit."),
        'instructions: expected a list of 1 to 20 lines of text, got "Sit."',
    ),
    (
        exercise(instructions=["Sit.", ""]),
        'instructions[1]: expected one line of text, 1 to 120 characters, got ""',
    ),
    (
        exercise(cues=["Breathe.", "two\nlines"]),
        'cues[1]: expected one line of text, 1 to 120 characters, got "two\\nlines"',
    ),
    (exercise(cues=["x"] * 21), "cues: expected a list of 0 to 20 lines of text, got 21 lines"),
    (
        exercise(steps=[STEP]),
        "steps: unknown key in an exercise (routines go in the routines folder)",
    ),
    (exercise(hold=3), 'hold: unknown key (did you mean "hold_s"?)'),
    (
        exercise(reps=[5, 3, 1]),
        "reps: expected a whole number from 1 to 100, got a list",
    ),  # a pyramid belongs to a routine step
    (exercise(swap_legs=1), "swap_legs: expected true or false, got 1"),
    (exercise(swap_legs=True, sides="each"), f"swap_legs: {SWAP_WITH_EACH}"),
    (exercise(stop_if=""), 'stop_if: expected one line of text, 1 to 60 characters, got ""'),
    (
        exercise(stop_if="x" * 61),
        f'stop_if: expected one line of text, 1 to 60 characters, got "{"x" * 39}…"',
    ),
    (exercise(source=["a book"]), f"source: {SOURCE}, got a list"),
    (exercise(sauce="a book"), 'sauce: unknown key (did you mean "source"?)'),
]


@pytest.mark.parametrize(("content", "message"), BROKEN_ROUTINES)
def test_a_broken_routine_gets_its_exact_message(
    tmp_path: Path, builtins: Library, content: dict[str, Any] | str | bytes, message: str
) -> None:
    path = write(tmp_path / "routines", "broken.toml", content)
    errors = check_files([path], builtins)
    assert [str(e) for e in errors] == [f"broken.toml: {message}"]
    assert errors[0].path == path


@pytest.mark.parametrize(("content", "message"), BROKEN_EXERCISES)
def test_a_broken_exercise_gets_its_exact_message(
    tmp_path: Path, builtins: Library, content: dict[str, Any], message: str
) -> None:
    path = write(tmp_path / "exercises", "broken.toml", content)
    assert [str(e) for e in check_files([path], builtins)] == [f"broken.toml: {message}"]


def test_every_problem_of_a_file_is_reported_not_only_the_first(
    tmp_path: Path, builtins: Library
) -> None:
    content = routine(
        {"exercise": "bird-dgo", "reps": "ten"},
        {"exercise": "curl-up", "sides": "left", "repz": 3},
        stpes=[STEP],
        steps=None,
        level="hard",
    )
    path = write(tmp_path / "routines", "broken.toml", content)
    assert [e.detail for e in check_files([path], builtins)] == [
        'stpes: unknown key (did you mean "steps"?)',
        'level: expected one of "gentle", "standard", "strong", got "hard"',
        "steps: missing: expected 1 to 60 [[steps]] tables",
    ]
    path.write_text(
        toml_dumps({"name": "x", "level": "hard"})
        + '[[steps]]\nexercise = "bird-dgo"\nreps = "ten"\n'
        + '[[steps]]\nexercise = "curl-up"\nsides = "left"\nrepz = 3\n'
    )
    errors = check_files([path], builtins)
    assert [e.detail for e in errors] == [
        'level: expected one of "gentle", "standard", "strong", got "hard"',
        'steps[0].exercise: no exercise "bird-dgo" (did you mean "bird-dog"?)',
        f'{STEP_REPS}, got "ten"',
        'steps[1].repz: unknown key (did you mean "reps"?)',
        'steps[1].sides: expected one of "both", "each", got "left"',
    ]
    # Loading it skips the file once, its message saying there is more.
    user = tmp_path / "config"
    write(user / "routines", "broken.toml", path.read_text())
    (problem,) = load_library(user).problems
    assert str(problem) == (
        'broken.toml: level: expected one of "gentle", "standard", "strong", got "hard" '
        "(and 4 more)"
    )


def test_a_routine_needs_only_a_name_and_steps(tmp_path: Path, builtins: Library) -> None:
    user = tmp_path / "config"
    write(user / "routines", "short.toml", 'name = "Short"\n[[steps]]\nexercise = "curl-up"\n')
    loaded = load_library(user)
    assert loaded.problems == ()
    assert (loaded.routines["short"].name, loaded.routines["short"].summary) == ("Short", "")


def test_a_file_that_cannot_be_read(tmp_path: Path, builtins: Library) -> None:
    folder = tmp_path / "routines" / "dir.toml"
    folder.mkdir(parents=True)
    missing = tmp_path / "routines" / "missing.toml"
    assert [str(e) for e in check_files([folder, missing], builtins)] == [
        "dir.toml: cannot be read: is a directory",
        "missing.toml: cannot be read: no such file or directory",
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_a_file_without_read_permission(tmp_path: Path, builtins: Library) -> None:
    path = write(tmp_path / "routines", "secret.toml", toml_dumps(routine()))
    path.chmod(0)
    assert [str(e) for e in check_files([path], builtins)] == [
        "secret.toml: cannot be read: permission denied"
    ]


def test_a_file_outside_the_folders_is_told_apart_by_its_content(
    tmp_path: Path, builtins: Library
) -> None:
    as_routine = write(tmp_path, "a.toml", routine(steps=[]))
    as_exercise = write(tmp_path, "b.toml", exercise(reps=0))
    assert [str(e) for e in check_files([as_routine, as_exercise], builtins)] == [
        "a.toml: steps: expected 1 to 60 [[steps]] tables, got none",
        "b.toml: reps: expected a whole number from 1 to 100, got 0",
    ]


def test_a_broken_builtin_raises(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    write(tmp_path / "moves", "curl-up.toml", exercise(reps="lots", source="A book"))
    monkeypatch.setattr("coach.library.builtin_dir", lambda: tmp_path)
    with pytest.raises(LibraryError, match=r'^curl-up.toml: reps: expected .* got "lots"$'):
        load_library(None)


# --- no input makes the loader raise anything but LibraryError --------------------------------

KEYS = st.sampled_from(
    [
        "name",
        "summary",
        "level",
        "steps",
        "exercise",
        "reps",
        "hold_s",
        "sets",
        "sides",
        "rest_s",
        "area",
        "instructions",
        "cues",
        "stop_if",
        "swap_legs",
        "source",
        "curl-up",
        "x",
    ]
)
SCALARS = (
    st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()
    | st.booleans()
    | st.text(max_size=30)
    | st.sampled_from(["both", "each", "gentle", "core", "curl-up", "bird-dog", "", "10"])
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5),
    max_leaves=12,
)
DOCUMENTS = st.dictionaries(KEYS, VALUES, max_size=8)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(document=DOCUMENTS, folder=st.sampled_from(["routines", "exercises", "elsewhere"]))
def test_no_toml_document_makes_the_loader_raise(
    tmp_path: Path, builtins: Library, document: dict[str, Any], folder: str
) -> None:
    path = write(tmp_path / folder, "any.toml", toml_dumps(document))
    errors = check_files([path], builtins)
    assert all(isinstance(e, LibraryError) and e.path == path for e in errors)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(content=st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_no_bytes_make_the_loader_raise(tmp_path: Path, content: bytes) -> None:
    write(tmp_path / "config" / "routines", "any.toml", content)
    write(tmp_path / "config" / "exercises", "any.toml", content)
    library = load_library(tmp_path / "config")
    assert all(isinstance(problem, LibraryError) for problem in library.problems)
    assert set(library.routines) >= REQUIRED_ROUTINES


def test_running_stages_load_in_order_and_a_user_may_add_one(config_dir: Path) -> None:
    write(
        config_dir / "running",
        "stage-2b.toml",
        'name = "Walk 3 / run 90 s"\norder = 2\nrun_s = 90\nwalk_s = 180\nrepeats = 5\n'
        'based_on = "My physio"\n',
    )
    write(config_dir / "running", "bad.toml", 'name = "Run"\norder = 9\nrun_s = 600\nwalk_s = 0\n'
          'repeats = 3\nbased_on = "x"\n')  # fmt: skip
    library = load_library(config_dir)
    assert list(library.stages)[:4] == ["stage-1", "stage-2", "stage-2b", "stage-3"]
    assert library.stages["stage-2b"].origin.endswith("stage-2b.toml")
    assert [str(problem) for problem in library.problems] == [
        "bad.toml: repeats: expected 1 when walk_s is 0 (continuous running is one run)"
    ]
    errors = check_files([config_dir / "running" / "bad.toml"], library)
    assert [str(error) for error in errors] == [str(library.problems[0])]


def test_a_running_stage_with_a_bad_value_is_skipped_not_loaded(config_dir: Path) -> None:
    write(config_dir / "running", "typo.toml", 'name = "Run"\norder = "two"\nrun_s = 60\n'
          'walk_s = 60\nrepeats = 3\nbased_on = "x"\n')  # fmt: skip
    library = load_library(config_dir)
    assert "typo" not in library.stages
    assert [str(problem) for problem in library.problems] == [
        'typo.toml: order: expected a whole number from 1 to 99, got "two"'
    ]
