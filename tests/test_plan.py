"""A routine as a flat plan of timed phases: order, counters, sums and the built-ins' lengths."""

from __future__ import annotations

from types import MappingProxyType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.library import Exercise, Library, Routine, RoutineStep, Sides, load_library
from coach.plan import Plan, build_plan, plan_length


def move(exercise_id: str) -> Exercise:
    return Exercise(exercise_id, exercise_id.title(), "core", ("Do it.",), (), 1, 1, "both", 0)


LIBRARY = Library(exercises=MappingProxyType({"a": move("a"), "b": move("b")}))


def plan_of(*steps: RoutineStep, position_s: float = 5, release_s: float = 2) -> Plan:
    routine = Routine("r", "R", "A test routine.", None, steps)
    return build_plan(routine, LIBRARY, position_s=position_s, release_s=release_s)


def step(
    exercise: str = "a",
    *,
    reps: int = 2,
    hold_s: int = 10,
    sets: int = 1,
    sides: Sides = "both",
    rest_s: int = 30,
    swap_legs: bool = False,
) -> RoutineStep:
    return RoutineStep(exercise, (reps,) * sets, hold_s, sides, rest_s, swap_legs)


def phases(plan: Plan) -> list[tuple[str, float, int, int, str]]:
    return [(s.kind, s.seconds, s.set_no, s.rep_no, s.side) for s in plan.phases]


def test_sets_of_reps_with_releases_between_reps_and_rests_between_sets() -> None:
    plan = plan_of(step(reps=2, sets=2))
    assert phases(plan) == [
        ("position", 5, 1, 1, "both"),
        ("hold", 10, 1, 1, "both"),
        ("release", 2, 1, 1, "both"),
        ("hold", 10, 1, 2, "both"),
        ("rest", 30, 1, 2, "both"),
        ("hold", 10, 2, 1, "both"),
        ("release", 2, 2, 1, "both"),
        ("hold", 10, 2, 2, "both"),
    ]
    assert {(s.sets, s.reps, s.step_no, s.exercise, s.exercise_name) for s in plan.phases} == {
        (2, 2, 0, "a", "A")
    }


def test_each_side_does_all_left_sets_then_switches() -> None:
    plan = plan_of(step(reps=1, sets=2, sides="each", hold_s=8, rest_s=20))
    assert phases(plan) == [
        ("position", 5, 1, 1, "left"),
        ("hold", 8, 1, 1, "left"),
        ("rest", 20, 1, 1, "left"),
        ("hold", 8, 2, 1, "left"),
        ("rest", 20, 2, 1, "left"),
        ("switch", 5, 1, 1, "right"),
        ("hold", 8, 1, 1, "right"),
        ("rest", 20, 1, 1, "right"),
        ("hold", 8, 2, 1, "right"),
    ]


def test_a_pyramid_counts_each_sets_own_reps() -> None:
    plan = plan_of(RoutineStep("a", (3, 2, 1), 10, "both", 30), release_s=0)
    assert [(s.kind, s.set_no, s.rep_no, s.reps, s.sets) for s in plan.phases] == [
        ("position", 1, 1, 3, 3),
        ("hold", 1, 1, 3, 3),
        ("hold", 1, 2, 3, 3),
        ("hold", 1, 3, 3, 3),
        ("rest", 1, 3, 3, 3),
        ("hold", 2, 1, 2, 3),
        ("hold", 2, 2, 2, 3),
        ("rest", 2, 2, 2, 3),
        ("hold", 3, 1, 1, 3),
    ]


def test_legs_swap_after_the_rest_before_every_set_but_the_first() -> None:
    plan = plan_of(RoutineStep("a", (2, 1, 1), 10, "both", 30, swap_legs=True), position_s=4)
    assert phases(plan) == [
        ("position", 4, 1, 1, "both"),
        ("hold", 10, 1, 1, "both"),
        ("release", 2, 1, 1, "both"),
        ("hold", 10, 1, 2, "both"),
        ("rest", 30, 1, 2, "both"),
        ("swap", 4, 2, 1, "both"),
        ("hold", 10, 2, 1, "both"),
        ("rest", 30, 2, 1, "both"),
        ("swap", 4, 3, 1, "both"),
        ("hold", 10, 3, 1, "both"),
    ]
    assert plan_of(step(reps=3, swap_legs=True)).phases == plan_of(step(reps=3)).phases


def test_a_rest_separates_steps_but_none_ends_the_routine() -> None:
    plan = plan_of(step("a", reps=1, rest_s=15), step("b", reps=1, rest_s=40))
    assert [(s.kind, s.step_no, s.exercise) for s in plan.phases] == [
        ("position", 0, "a"),
        ("hold", 0, "a"),
        ("rest", 0, "a"),
        ("position", 1, "b"),
        ("hold", 1, "b"),
    ]


def test_zero_second_phases_are_left_out() -> None:
    plan = plan_of(step(reps=3, sets=2, rest_s=0), position_s=0, release_s=0)
    assert [s.kind for s in plan.phases] == ["hold"] * 6
    assert plan.total_s == 60


def test_settings_change_position_and_release_lengths() -> None:
    plan = plan_of(step(reps=3, sides="each"), position_s=7.5, release_s=3)
    assert [s.seconds for s in plan.phases if s.kind in ("position", "switch")] == [7.5, 7.5]
    assert {s.seconds for s in plan.phases if s.kind == "release"} == {3}


@pytest.mark.parametrize(("name", "value"), [("position_s", -1), ("release_s", float("nan"))])
def test_bad_settings_are_refused(name: str, value: float) -> None:
    with pytest.raises(ValueError, match=name):
        plan_of(step(), **{name: value})


def test_total_start_and_remaining() -> None:
    plan = plan_of(step(reps=2, sets=2))  # 5 + (10+2+10) + 30 + (10+2+10)
    assert plan.total_s == 79
    assert plan.remaining_s(0) == 79
    assert plan.start_s(1) == 5
    assert plan.remaining_s(4) == 79 - 27  # the rest starts after position and one set
    assert plan.remaining_s(len(plan.phases)) == 0
    assert [plan.start_s(i) + plan.phases[i].seconds for i in range(7)] == [
        plan.start_s(i + 1) for i in range(7)
    ]
    with pytest.raises(IndexError):
        plan.remaining_s(len(plan.phases) + 1)
    with pytest.raises(IndexError):
        plan.remaining_s(-1)


def test_holds_are_the_reps_the_player_records() -> None:
    plan = plan_of(step(reps=3, sets=2, sides="each"), step("b", reps=2))
    assert len(plan.holds) == 3 * 2 * 2 + 2
    assert all(plan.phases[i].kind == "hold" for i in plan.holds)
    left = [plan.phases[i] for i in plan.holds if plan.phases[i].side == "left"]
    assert [(s.set_no, s.rep_no) for s in left] == [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (2, 3)]


@pytest.mark.parametrize(("seconds", "minutes"), [(20, 1), (89, 1), (90, 2), (881, 15)])
def test_minutes_is_the_nearest_whole_minute_at_least_one(seconds: int, minutes: int) -> None:
    plan = plan_of(step(reps=1, hold_s=seconds), position_s=0)
    assert plan.total_s == seconds
    assert plan.minutes == minutes


def test_pelvic_tilts_plan_is_the_seeds_routine() -> None:
    library = load_library(None)
    plan = build_plan(library.routines["pelvic-tilts"], library)
    holds = [plan.phases[i] for i in plan.holds]
    assert len(holds) == 30  # 10 single-leg on each leg, then 10 double-leg
    assert {h.seconds for h in holds} == {2}
    assert [h.side for h in holds] == ["left"] * 10 + ["right"] * 10 + ["both"] * 10
    side = 10 * 2 + 9 * 2  # ten 2 s holds with 2 s releases between
    assert plan.total_s == 5 + side + 15 + 5 + side + 15 + 5 + side


@pytest.mark.parametrize(
    ("routine_id", "low", "high"),
    [
        ("pelvic-tilts", 2, 5),
        ("gentle", 6, 8),
        ("pre-run", 5, 7),
        ("core", 12, 15),
        ("strength", 12, 20),
    ],
)
def test_builtin_routines_take_a_realistic_time(routine_id: str, low: int, high: int) -> None:
    library = load_library(None)
    plan = build_plan(library.routines[routine_id], library)
    assert low * 60 <= plan.total_s <= high * 60
    hold_count = sum(
        sum(s.reps_per_set) * (2 if s.sides == "each" else 1) for s in plan.routine.steps
    )
    assert len(plan.holds) == hold_count


_STEPS = st.builds(
    RoutineStep,
    exercise=st.sampled_from(["a", "b"]),
    reps_per_set=st.lists(st.integers(1, 6), min_size=1, max_size=4).map(tuple),
    hold_s=st.integers(1, 30),
    sides=st.sampled_from(["both", "each"]),
    rest_s=st.integers(0, 40),
    swap_legs=st.booleans(),
)


@given(
    steps=st.lists(_STEPS, min_size=1, max_size=4),
    position_s=st.sampled_from([0, 0.2, 3, 5]),
    release_s=st.sampled_from([0, 0.05, 2]),
)
def test_the_length_counted_from_the_steps_is_the_plan_s(
    steps: list[RoutineStep], position_s: float, release_s: float
) -> None:
    """The lists' minutes and hold counts, counted without building the plan, are the plan's:
    zero-second phases, swaps, sides and the routine's last rest included."""
    routine = Routine("r", "R", "A test routine.", None, tuple(steps))
    plan = build_plan(routine, LIBRARY, position_s=position_s, release_s=release_s)
    length = plan_length(routine, position_s=position_s, release_s=release_s)
    assert length.total_s == pytest.approx(plan.total_s)
    assert (length.minutes, length.holds) == (plan.minutes, len(plan.holds))


def test_a_routine_at_the_file_limits_is_counted_without_its_phases() -> None:
    """60 steps × 20 sets × 100 reps, each side: 240,000 holds, counted from 60 steps."""
    biggest = RoutineStep("a", (100,) * 20, 300, "each", 600, False)
    routine = Routine("r", "R", "A test routine.", None, (biggest,) * 60)
    length = plan_length(routine)
    assert length.holds == 240_000
    per_side = 5 + 2000 * 300 + 1980 * 2 + 20 * 600
    assert length.total_s == 60 * 2 * per_side - 600
