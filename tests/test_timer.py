"""The player's state machine, driven by a fake monotonic clock: no Textual, no waiting."""

from __future__ import annotations

import pytest

from coach.clock import FakeClock
from coach.library import Exercise, Library, Routine, RoutineStep
from coach.plan import Plan, build_plan
from coach.timer import LATE_RESTART_S, Timer, rep_key, resume_index


def _exercise(exercise_id: str) -> Exercise:
    return Exercise(
        id=exercise_id,
        name=exercise_id.title(),
        area="core",
        instructions=("Do it.",),
        cues=(),
        reps=1,
        hold_s=1,
        sides="both",
        rest_s=0,
    )


def _plan(release_s: float = 2) -> Plan:
    """Two sets of 3 five-second holds (both sides), then 2 four-second holds on each side.

    Phases: 0 position · 1 h 2 r 3 h 4 r 5 h · 6 rest · 7 h 8 r 9 h 10 r 11 h · 12 rest ·
    13 position · 14 h 15 r 16 h · 17 rest · 18 switch · 19 h 20 r 21 h   (93 s in all)
    """
    library = Library(exercises={"ex-a": _exercise("ex-a"), "ex-b": _exercise("ex-b")})
    routine = Routine(
        id="test",
        name="Test",
        summary="A routine for tests.",
        level=None,
        steps=(
            RoutineStep("ex-a", (3, 3), hold_s=5, sides="both", rest_s=10),
            RoutineStep("ex-b", (2,), hold_s=4, sides="each", rest_s=6),
        ),
    )
    return build_plan(routine, library, position_s=3, release_s=release_s)


@pytest.fixture
def plan() -> Plan:
    return _plan()


def _run_to_deadline(timer: Timer, clock: FakeClock, late: float = 0.0):
    assert timer.deadline is not None
    clock.advance(timer.deadline - clock.monotonic() + late)
    return timer.advance()


def test_the_plan_fixture_is_what_the_tests_assume(plan: Plan) -> None:
    assert len(plan.phases) == 22
    assert plan.total_s == 93
    assert plan.holds == (1, 3, 5, 7, 9, 11, 14, 16, 19, 21)


def test_a_whole_routine_runs_phase_by_phase_and_records_every_hold(
    plan: Plan, clock: FakeClock
) -> None:
    start = clock.monotonic()
    timer = Timer(plan, clock.monotonic)
    assert (timer.kind, timer.remaining(), timer.routine_remaining()) == ("position", 3, 93)
    phases, reps = [], []
    while not timer.done:
        phases.append(timer.kind)
        reps += _run_to_deadline(timer, clock)
    assert phases == [phase.kind for phase in plan.phases]
    assert [rep.index for rep in reps] == list(plan.holds)
    assert [rep.held_s for rep in reps] == [5.0] * 6 + [4.0] * 4
    assert [(r.phase.set_no, r.phase.rep_no, r.phase.side) for r in reps[:6]] == [
        (1, 1, "both"), (1, 2, "both"), (1, 3, "both"),
        (2, 1, "both"), (2, 2, "both"), (2, 3, "both"),
    ]  # fmt: skip
    assert [(r.phase.rep_no, r.phase.side) for r in reps[6:]] == [
        (1, "left"), (2, "left"), (1, "right"), (2, "right"),
    ]  # fmt: skip
    assert not timer.stopped
    assert timer.kind == "done" and timer.deadline is None and timer.remaining() == 0
    assert clock.monotonic() - start == timer.active_s() == 93


def test_advance_before_the_deadline_changes_nothing(plan: Plan, clock: FakeClock) -> None:
    timer = Timer(plan, clock.monotonic)
    clock.advance(2.999)
    assert timer.advance() == ()
    assert timer.kind == "position" and timer.index == 0
    assert timer.remaining() == pytest.approx(0.001)


def test_late_frames_never_stretch_the_next_phase(plan: Plan, clock: FakeClock) -> None:
    """Advanced 40 ms late each time, every deadline still falls where the plan puts it."""
    start = clock.monotonic()
    timer = Timer(plan, clock.monotonic)
    deadlines, held = [], []
    while not timer.done:
        deadlines.append(timer.deadline)
        held += [rep.held_s for rep in _run_to_deadline(timer, clock, late=0.040)]
    assert deadlines == [pytest.approx(start + plan.start_s(i + 1)) for i in range(22)]
    # held_s is measured: the hold began on time and was seen to end 40 ms late.
    assert held == [pytest.approx(5.040)] * 6 + [pytest.approx(4.040)] * 4


def test_a_frozen_process_restarts_the_next_phase_now(plan: Plan, clock: FakeClock) -> None:
    timer = Timer(plan, clock.monotonic)
    _run_to_deadline(timer, clock, late=LATE_RESTART_S + 5)
    assert timer.kind == "hold"  # not rushed through the hold that was never on screen
    assert timer.remaining() == 5


def test_item_03_a_stall_counts_neither_as_hold_nor_as_active_time(
    plan: Plan, clock: FakeClock
) -> None:
    """The process stopped (`kill -STOP`, a frozen machine) 6 s into the last second of a
    5 s hold: the rep is recorded as held 5 s, not 10, and the routine's active time leaves
    the 6 s out (both counted the stall before)."""
    timer = Timer(plan, clock.monotonic)
    _run_to_deadline(timer, clock)  # get into position: 3 s
    clock.advance(4)  # 4 s of the hold on screen, then the process is stopped for 6 s
    clock.advance(1 + 6)
    (rep,) = timer.advance()
    assert rep.held_s == 5
    assert timer.active_s() == pytest.approx(3 + 5)
    assert (timer.kind, timer.remaining()) == ("release", 2)  # the release is then shown whole
    clock.advance(1)
    assert timer.active_s() == pytest.approx(3 + 5 + 1)


def test_several_missed_deadlines_end_together(clock: FakeClock) -> None:
    """With 0.5 s releases, a frame 0.8 s late ends a hold and the release after it."""
    timer = Timer(_plan(release_s=0.5), clock.monotonic)
    _run_to_deadline(timer, clock)
    (rep,) = _run_to_deadline(timer, clock, late=0.8)
    assert rep.held_s == pytest.approx(5.8)
    assert (timer.kind, timer.index) == ("hold", 3)
    assert timer.remaining() == pytest.approx(4.7)  # it began when the release was due


def test_pause_in_a_hold_stops_the_clock(plan: Plan, clock: FakeClock) -> None:
    timer = Timer(plan, clock.monotonic)
    _run_to_deadline(timer, clock)
    clock.advance(2)
    timer.pause()
    assert timer.paused and timer.deadline is None
    clock.advance(120)
    assert timer.remaining() == 3 and timer.advance() == ()
    assert timer.active_s() == 5
    timer.resume()
    assert timer.deadline == clock.monotonic() + 3
    (rep,) = _run_to_deadline(timer, clock)
    assert rep.held_s == 5  # the two minutes of pause count for nothing
    assert timer.active_s() == 8


def test_toggle_pause_twice_is_a_no_op(plan: Plan, clock: FakeClock) -> None:
    timer = Timer(plan, clock.monotonic)
    deadline = timer.deadline
    timer.toggle_pause()
    timer.toggle_pause()
    assert not timer.paused and timer.deadline == deadline


def test_skip_in_a_hold_is_not_a_rep(plan: Plan, clock: FakeClock) -> None:
    timer = Timer(plan, clock.monotonic)
    _run_to_deadline(timer, clock)
    clock.advance(1)
    timer.skip_rep()
    assert timer.kind == "release" and timer.remaining() == 2
    reps = _run_to_deadline(timer, clock)
    assert reps == ()
    assert timer.kind == "hold" and timer.current is not None and timer.current.rep_no == 2


def test_skip_in_a_rest_starts_the_next_hold_now(plan: Plan, clock: FakeClock) -> None:
    timer = Timer(plan, clock.monotonic, start_index=6)
    assert timer.kind == "rest"
    timer.skip_rep()
    assert (timer.kind, timer.index, timer.remaining()) == ("hold", 7, 5)


def test_next_and_previous_exercise(plan: Plan, clock: FakeClock) -> None:
    timer = Timer(plan, clock.monotonic, start_index=9)
    timer.next_exercise()
    assert (timer.index, timer.kind) == (13, "position")
    assert timer.current is not None and timer.current.exercise == "ex-b"
    timer.skip_rep()
    timer.previous_exercise()  # mid-exercise: back to its start
    assert timer.index == 13
    timer.previous_exercise()  # at its start: to the previous exercise
    assert timer.index == 0
    timer.previous_exercise()  # nothing before the first
    assert timer.index == 0
    assert timer.remaining() == 3


def test_next_from_the_last_exercise_completes_the_routine(plan: Plan, clock: FakeClock) -> None:
    timer = Timer(plan, clock.monotonic, start_index=19)
    timer.next_exercise()
    assert timer.done and not timer.stopped


def test_next_side_goes_to_the_other_side_of_a_sided_exercise_only(
    plan: Plan, clock: FakeClock
) -> None:
    timer = Timer(plan, clock.monotonic, start_index=14)  # ex-b, left side, first hold
    assert timer.other_side() == 18
    timer.next_side()
    assert (timer.index, timer.kind, timer.remaining()) == (18, "switch", 3)
    assert timer.current is not None and timer.current.side == "right"
    assert timer.other_side() is None  # the right side is the last: nothing further
    timer.next_side()
    assert timer.index == 18
    both = Timer(plan, clock.monotonic, start_index=3)  # ex-a is done on both sides at once
    assert both.other_side() is None


def test_moving_while_paused_stays_paused_with_the_whole_phase_left(
    plan: Plan, clock: FakeClock
) -> None:
    timer = Timer(plan, clock.monotonic, start_index=3)
    timer.pause()
    timer.next_exercise()
    clock.advance(60)
    assert timer.paused and timer.kind == "position" and timer.remaining() == 3
    timer.resume()
    assert timer.deadline == clock.monotonic() + 3


def test_sides_have_a_switch_between_them(plan: Plan, clock: FakeClock) -> None:
    timer = Timer(plan, clock.monotonic, start_index=16)
    seen = []
    while not timer.done:
        phase = timer.current
        assert phase is not None
        seen.append((phase.kind, phase.side))
        _run_to_deadline(timer, clock)
    assert seen == [
        ("hold", "left"), ("rest", "left"), ("switch", "right"),
        ("hold", "right"), ("release", "right"), ("hold", "right"),
    ]  # fmt: skip


def test_finish_stops_the_routine_and_ignores_later_events(plan: Plan, clock: FakeClock) -> None:
    timer = Timer(plan, clock.monotonic)
    clock.advance(10)
    timer.pause()
    clock.advance(10)
    timer.finish()
    assert timer.done and timer.stopped and not timer.paused
    assert timer.active_s() == 10
    for event in (timer.resume, timer.skip_rep, timer.next_exercise, timer.previous_exercise):
        event()
    assert timer.done and timer.advance() == ()


def test_routine_remaining_counts_down_with_the_clock(plan: Plan, clock: FakeClock) -> None:
    timer = Timer(plan, clock.monotonic)
    clock.advance(1.5)
    assert timer.routine_remaining() == pytest.approx(91.5)
    assert timer.next_phases(2) == plan.phases[1:3]


def test_resume_index_is_the_hold_after_the_last_one_done(plan: Plan) -> None:
    keys = [rep_key(plan.phases[i]) for i in plan.holds]
    assert resume_index(plan, []) == 0
    assert resume_index(plan, keys[:4]) == 9
    assert resume_index(plan, [keys[0], keys[2]]) == 7  # a skipped rep stays skipped
    assert resume_index(plan, keys) == len(plan.phases)


def test_resuming_a_half_done_session_gets_ready_first(plan: Plan, clock: FakeClock) -> None:
    done = [rep_key(plan.phases[i]) for i in plan.holds[:4]]
    timer = Timer(plan, clock.monotonic, resume_index(plan, done), ready_s=5)
    assert timer.kind == "position" and timer.remaining() == 5
    assert timer.current is not None and (timer.current.set_no, timer.current.rep_no) == (2, 2)
    assert timer.next_phases() == (plan.phases[9],)
    assert timer.routine_remaining() == 5 + plan.remaining_s(9)
    _run_to_deadline(timer, clock)
    assert (timer.kind, timer.index) == ("hold", 9)
    reps = []
    while not timer.done:
        reps += _run_to_deadline(timer, clock)
    assert [rep.index for rep in reps] == [9, 11, 14, 16, 19, 21]


def test_a_resume_starts_on_the_get_ready_phase_before_the_next_hold(
    plan: Plan, clock: FakeClock
) -> None:
    keys = [rep_key(plan.phases[i]) for i in plan.holds]
    assert resume_index(plan, keys[:6]) == 13  # the next exercise's own get-into-position
    assert resume_index(plan, keys[:8]) == 18  # "switch sides" is shown, not skipped
    timer = Timer(plan, clock.monotonic, 18, ready_s=5)
    assert (timer.kind, timer.remaining()) == ("switch", 3)  # no lead-in before it
    assert [rep.index for rep in _run_to_deadline(timer, clock)] == []
    assert (timer.kind, timer.index) == ("hold", 19)


def _swap_plan() -> Plan:
    """Two then one five-second holds, the legs swapped between the sets.

    Phases: 0 position · 1 h 2 r 3 h · 4 rest · 5 swap · 6 h   (30 s in all)
    """
    library = Library(exercises={"ex-a": _exercise("ex-a")})
    step = RoutineStep("ex-a", (2, 1), hold_s=5, sides="both", rest_s=10, swap_legs=True)
    routine = Routine("swap", "Swap", "A routine for tests.", None, (step,))
    return build_plan(routine, library, position_s=3, release_s=2)


def test_a_swap_is_timed_but_is_not_a_rep(clock: FakeClock) -> None:
    plan = _swap_plan()
    kinds = [step.kind for step in plan.phases]
    assert kinds == ["position", "hold", "release", "hold", "rest", "swap", "hold"]
    assert plan.holds == (1, 3, 6)
    timer = Timer(plan, clock.monotonic)
    reps = []
    while not timer.done:
        if timer.kind == "swap":
            assert (timer.remaining(), timer.routine_remaining()) == (3, 3 + 5)
        reps += _run_to_deadline(timer, clock)
    assert [rep.index for rep in reps] == [1, 3, 6]


def test_a_resume_after_the_first_set_starts_with_the_swap(clock: FakeClock) -> None:
    plan = _swap_plan()
    keys = [rep_key(plan.phases[i]) for i in plan.holds]
    assert resume_index(plan, keys[:2]) == 5
    timer = Timer(plan, clock.monotonic, 5, ready_s=5)
    assert (timer.kind, timer.remaining()) == ("swap", 3)
    timer.skip_rep()  # cutting the swap short records nothing
    assert (timer.kind, timer.index) == ("hold", 6)
    assert [rep.index for rep in _run_to_deadline(timer, clock)] == [6]


def test_a_session_with_every_rep_done_resumes_at_the_end(plan: Plan, clock: FakeClock) -> None:
    keys = [rep_key(plan.phases[i]) for i in plan.holds]
    timer = Timer(plan, clock.monotonic, resume_index(plan, keys), ready_s=5)
    assert timer.done and not timer.stopped


def test_a_start_index_outside_the_plan_is_refused(plan: Plan, clock: FakeClock) -> None:
    with pytest.raises(IndexError):
        Timer(plan, clock.monotonic, start_index=23)
