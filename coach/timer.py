"""The player's state machine: a plan's phases on deadlines of an injected monotonic clock.

Why deadlines: a timer that counts ticks runs slow whenever the screen is slow to repaint. Here
every phase has a deadline on the monotonic clock; the screen schedules a one-shot call to
`advance()` for it and only renders what the timer says, so a late frame shows a late number
but never makes a hold longer or shorter.

Phases are chained on deadlines: the next phase starts at the moment the last one was due, not
when `advance()` happened to run. Only when `advance()` runs more than `LATE_RESTART_S` late (the
process was stopped, the machine froze) does the next phase start at the present instead, so
the user is never hurried through phases that were never on screen. Such a stall is a wait,
not exercise: the hold it overran counts up to its deadline, and the stall itself counts for
nothing in the routine's active time, as a pause does.

Pausing stops the routine's clock: paused time counts for nothing, neither towards the phase,
nor a rep's `held_s`, nor the routine's active time. No Textual here; tests pass a fake clock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Literal

from coach.plan import GET_READY, Phase, PhaseKind, Plan
from coach.settings import Bell

#: What the timer is in: a phase's kind, or done.
TimerKind = PhaseKind | Literal["done"]
RepKey = tuple[int, int, int, str]  # (step_no, set_no, rep_no, side): a rep's identity

#: The phases that count as done when they run to their end: a rep, an interval of running.
COUNTED: tuple[PhaseKind, ...] = ("hold", "run")


def bell_rings(bell: Bell, left: str | None, entered: str | None) -> bool:
    """Whether the change from the phase kind `left` to `entered` rings the bell: with
    "holds", as a counted phase starts or ends (a hold; in a run, each run interval, so each
    switch between walking and running), not between the phases around them nor at the
    session's first phase."""
    if bell == "holds":
        return any(kind in COUNTED for kind in (left, entered))
    return bell == "every"


#: Beyond this lateness the next phase starts now rather than at the missed deadline.
LATE_RESTART_S = 1.0


@dataclass(frozen=True)
class RepDone:
    """A hold (or a run interval) that ran to its end: what the player records."""

    index: int  # the hold's index in `plan.phases`
    phase: Phase
    held_s: float  # active (unpaused) seconds the hold lasted, on the monotonic clock


def rep_key(phase: Phase) -> RepKey:
    return (phase.step_no, phase.set_no, phase.rep_no, phase.side)


def resume_index(plan: Plan, done: Iterable[RepKey]) -> int:
    """Where a half-done session picks up: the first hold after the last one done, in plan
    order, or the get-ready phase just before it (a swap of legs, a switch of sides); 0 when
    none is done, `len(plan.phases)` when the last hold is done. Reps the user skipped before
    that point stay skipped, as they were when the session stopped."""
    finished = set(done)
    last = max((i for i in plan.holds if rep_key(plan.phases[i]) in finished), default=-1)
    if last < 0:
        return 0
    following = next((i for i in plan.holds if i > last), len(plan.phases))
    if following < len(plan.phases) and plan.phases[following - 1].kind in GET_READY:
        return following - 1
    return following


class Timer:
    """Where the user is in a plan, and until when. `clock` is a monotonic clock in seconds.

    `start_index` starts mid-plan (resuming a session); with `ready_s`, a start on a phase other
    than a get-into-position one is preceded by a get-ready phase of that length, so the user
    has time to get back on the floor.
    """

    def __init__(
        self,
        plan: Plan,
        clock: Callable[[], float],
        start_index: int = 0,
        *,
        ready_s: float = 0.0,
    ) -> None:
        if not 0 <= start_index <= len(plan.phases):
            raise IndexError(f"no phase {start_index} in a plan of {len(plan.phases)}")
        self.plan = plan
        self._clock = clock
        self._index = start_index
        self._lead_in: Phase | None = None
        self._paused = False
        self._stopped = False
        self._deadline = 0.0
        self._left = 0.0  # seconds left in the phase, while paused
        self._phase_banked = 0.0
        self._phase_since = 0.0
        now = clock()
        self._active_banked = 0.0
        self._run_since = now
        #: Bumped on every phase change, so a screen can tell a new phase from a repaint.
        self.serial = 0
        first = plan.phases[start_index] if start_index < len(plan.phases) else None
        lead_in = None
        if first is not None and ready_s > 0 and first.kind not in GET_READY:
            lead_in = replace(first, kind="position", seconds=ready_s)
        self._go(start_index, now, now, lead_in=lead_in)

    # --- what the screen reads -------------------------------------------------------------

    @property
    def index(self) -> int:
        """The current phase's index in `plan.phases` (`len(plan.phases)` once done)."""
        return self._index

    @property
    def current(self) -> Phase | None:
        """The current phase (a synthetic get-ready one during a lead-in); None once done."""
        if self._lead_in is not None:
            return self._lead_in
        phases = self.plan.phases
        return phases[self._index] if self._index < len(phases) else None

    @property
    def kind(self) -> TimerKind:
        current = self.current
        return "done" if current is None else current.kind

    @property
    def done(self) -> bool:
        return self.current is None

    @property
    def stopped(self) -> bool:
        """Done because the user left (`finish()`), not because the plan ran out."""
        return self._stopped

    @property
    def paused(self) -> bool:
        return self._paused

    @property
    def deadline(self) -> float | None:
        """When the current phase ends; None while paused or once done."""
        return None if self._paused or self.done else self._deadline

    def next_phases(self, count: int = 1) -> tuple[Phase, ...]:
        """Up to `count` phases after this one, for the "next" line."""
        following = self._following()
        return self.plan.phases[following : following + count]

    def remaining(self) -> float:
        """Seconds left in the current phase."""
        if self.done:
            return 0.0
        if self._paused:
            return self._left
        return max(0.0, self._deadline - self._clock())

    def routine_remaining(self) -> float:
        """Seconds of guided time left in the routine, this phase included."""
        if self.done:
            return 0.0
        return self.remaining() + self.plan.remaining_s(self._following())

    def active_s(self) -> float:
        """Seconds the routine has been running, pauses excluded."""
        if self._paused or self.done:
            return self._active_banked
        return self._active_banked + self._clock() - self._run_since

    # --- events ----------------------------------------------------------------------------

    def advance(self) -> tuple[RepDone, ...]:
        """End every phase whose deadline has passed; return the holds that ran to their end.

        Called by the screen's one-shot timer at the deadline; calling it early does nothing.
        """
        now = self._clock()
        finished: list[RepDone] = []
        while not self._paused and not self.done and now >= self._deadline:
            current = self.current
            assert current is not None
            stalled = now - self._deadline > LATE_RESTART_S
            if self._lead_in is None and current.kind in COUNTED:
                ended = self._deadline if stalled else now
                held = self._phase_banked + ended - self._phase_since
                finished.append(RepDone(self._index, current, held))
            if stalled:
                self._run_since += now - self._deadline  # the stall, like a pause, is not active
            self._go(self._following(), now if stalled else self._deadline, now)
        return tuple(finished)

    def pause(self) -> None:
        if self._paused or self.done:
            return
        now = self._clock()
        self._active_banked += now - self._run_since
        self._phase_banked += now - self._phase_since
        self._left = max(0.0, self._deadline - now)
        self._paused = True

    def resume(self) -> None:
        if not self._paused:
            return
        now = self._clock()
        self._paused = False
        self._run_since = now
        self._phase_since = now
        self._deadline = now + self._left

    def toggle_pause(self) -> None:
        if self._paused:
            self.resume()
        else:
            self.pause()

    def skip_rep(self) -> None:
        """End the current phase now. A hold ended this way is a skipped rep: not returned,
        not recorded. Outside a hold it cuts the wait short."""
        if not self.done:
            now = self._clock()
            self._go(self._following(), now, now)

    def next_exercise(self) -> None:
        """To the start of the next routine step (or the end, from the last one)."""
        current = self.current
        if current is None:
            return
        phases = self.plan.phases
        target = next(
            (i for i in range(self._index, len(phases)) if phases[i].step_no > current.step_no),
            len(phases),
        )
        now = self._clock()
        self._go(target, now, now)

    def other_side(self) -> int | None:
        """The index of the other side's first phase (its switch) when the current exercise
        is done one side at a time and that side is still to come; None otherwise."""
        current = self.current
        if current is None or current.side == "both":
            return None
        phases = self.plan.phases
        return next(
            (
                i
                for i in range(self._index, len(phases))
                if phases[i].step_no == current.step_no and phases[i].side != current.side
            ),
            None,
        )

    def next_side(self) -> None:
        """To the start of the other side of this exercise, when it is still to come."""
        target = self.other_side()
        if target is not None:
            now = self._clock()
            self._go(target, now, now)

    def previous_exercise(self) -> None:
        """To the start of this routine step; from its very start, to the previous step's."""
        current = self.current
        if current is None:
            return
        start = self._first_of(current.step_no)
        if self._index == start and self._lead_in is None and current.step_no > 0:
            start = self._first_of(current.step_no - 1)
        now = self._clock()
        self._go(start, now, now)

    def finish(self) -> None:
        """Leave the routine early: done, and `stopped`."""
        if not self.done:
            self._stopped = True
            now = self._clock()
            self._go(len(self.plan.phases), now, now)

    # --- inside ----------------------------------------------------------------------------

    def _following(self) -> int:
        return self._index if self._lead_in is not None else self._index + 1

    def _first_of(self, step_no: int) -> int:
        return next(i for i, phase in enumerate(self.plan.phases) if phase.step_no == step_no)

    def _go(self, index: int, start: float, now: float, *, lead_in: Phase | None = None) -> None:
        """Enter phase `index` as from `start` (a missed deadline when chaining, else `now`)."""
        self._index = index
        self._lead_in = lead_in
        self._phase_banked = 0.0
        self._phase_since = start
        self.serial += 1
        current = self.current
        if current is None:
            if not self._paused:
                self._active_banked += now - self._run_since
            self._paused = False
        elif self._paused:
            self._left = current.seconds
        else:
            self._deadline = start + current.seconds
