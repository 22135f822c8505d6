"""A routine expanded into a flat list of timed phases, shared by the player and the lists.

Why flat: the player only needs "what now, for how long, what next", going back and skipping
are index moves, and the routine's length is a sum. Nothing here knows about Textual or time.

Order of phases for each routine step:

- `position` (get into position) before the exercise; with `sides = "each"` the left side is
  done first, then a `switch` phase (as long as `position`) before the right side;
- for each set: a `hold` per rep, with a `release` between reps (not after a set's last rep);
  sets may differ in reps (a pyramid such as 5-3-1), and with `swap_legs` every set after the
  first starts with a `swap` phase (as long as `position`: the bent leg changes places);
- a `rest` after every set, including the last one on the left side and the last one of a
  step (it is the break before the next exercise), except after the routine's final set.

A `hold` is one rep: it is what the player counts and records. Phases of zero seconds (a
`rest_s` of 0, a `release_s` setting of 0) are left out rather than flashed on screen.

An interval session (a running stage) is phases too: `walk` then `run`, repeated; each `run`
that runs to its end is an interval done.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate
from typing import Literal

from coach.library import Library, Routine, RoutineStep, RunStage

PhaseKind = Literal["position", "hold", "release", "rest", "switch", "swap", "walk", "run"]
Side = Literal["left", "right", "both"]

#: The phases that put the user in position for the hold after them: a resumed session starts
#: on one rather than on a hold, so "swap legs" or "switch sides" is not missed.
GET_READY: frozenset[PhaseKind] = frozenset({"position", "switch", "swap"})


@dataclass(frozen=True)
class Phase:
    """One timed phase. Counters are 1-based; a non-hold phase carries the rep it follows
    (`release`, `rest`) or comes before (`position`, `switch`, `swap`). `reps` counts the reps
    of this phase's set."""

    kind: PhaseKind
    seconds: float
    step_no: int  # index of the routine step (0-based)
    exercise: str  # exercise id
    exercise_name: str
    set_no: int
    sets: int
    rep_no: int
    reps: int
    side: Side


@dataclass(frozen=True)
class Plan:
    """A routine's phases in order, with the sums the progress bar and the lists need."""

    routine: Routine
    phases: tuple[Phase, ...]

    @cached_property
    def _starts(self) -> tuple[float, ...]:
        """When each phase starts, plus the end of the plan as a last entry."""
        return tuple(accumulate((phase.seconds for phase in self.phases), initial=0.0))

    @property
    def total_s(self) -> float:
        return self._starts[-1]

    @property
    def minutes(self) -> int:
        return minutes_shown(self.total_s)

    def start_s(self, index: int) -> float:
        """Seconds from the start of the plan to the start of `phases[index]`
        (`index == len(phases)` is the end)."""
        if not 0 <= index <= len(self.phases):
            raise IndexError(f"no phase {index} in a plan of {len(self.phases)}")
        return self._starts[index]

    def remaining_s(self, index: int) -> float:
        """Seconds from the start of `phases[index]` to the end of the plan."""
        return self.total_s - self.start_s(index)

    @cached_property
    def holds(self) -> tuple[int, ...]:
        """Indexes of the hold phases: the reps the player records."""
        return tuple(i for i, phase in enumerate(self.phases) if phase.kind == "hold")


def minutes_shown(total_s: float) -> int:
    """The estimate shown in lists: the nearest whole minute, at least one."""
    return max(1, int(total_s / 60 + 0.5))


@dataclass(frozen=True)
class Length:
    """How long a routine's plan lasts and how many holds it has, counted from its steps."""

    total_s: float
    holds: int

    @property
    def minutes(self) -> int:
        return minutes_shown(self.total_s)


def plan_length(routine: Routine, *, position_s: float = 5, release_s: float = 2) -> Length:
    """The length of `build_plan(routine, …)` without building it: the lists show every
    routine's minutes, and a routine at the file limits has 480,000 phases (seconds to build).
    Counts the phases `_phases` makes, step by step."""
    _check_timings(position_s, release_s)
    total_s, holds = 0.0, 0
    for step_no, step in enumerate(routine.steps):
        sides = 2 if step.sides == "each" else 1
        reps = sum(step.reps_per_set)
        swaps = step.sets - 1 if step.swap_legs else 0
        rests = sides * step.sets - (step_no == len(routine.steps) - 1)
        total_s += (
            sides * (1 + swaps) * position_s
            + sides * reps * step.hold_s
            + sides * (reps - step.sets) * release_s
            + rests * step.rest_s
        )
        holds += sides * reps
    return Length(total_s, holds)


def _check_timings(position_s: float, release_s: float) -> None:
    for name, value in (("position_s", position_s), ("release_s", release_s)):
        if not (math.isfinite(value) and value >= 0):
            raise ValueError(f"{name} must be a finite number of seconds >= 0, got {value!r}")


def build_plan(
    routine: Routine, library: Library, *, position_s: float = 5, release_s: float = 2
) -> Plan:
    """Expand `routine` into phases. `position_s` and `release_s` are user settings."""
    _check_timings(position_s, release_s)
    last = len(routine.steps) - 1
    phases = tuple(
        phase
        for step_no, step in enumerate(routine.steps)
        for phase in _phases(
            step_no,
            step,
            library.exercises[step.exercise].name,
            position_s=position_s,
            release_s=release_s,
            final=step_no == last,
        )
        if phase.seconds > 0
    )
    return Plan(routine, phases)


def _phases(
    step_no: int,
    step: RoutineStep,
    name: str,
    *,
    position_s: float,
    release_s: float,
    final: bool,
) -> Iterator[Phase]:
    """The phases of one routine step; `final` drops the rest after the routine's last set."""
    sides: tuple[Side, ...] = ("left", "right") if step.sides == "each" else ("both",)

    def phase(
        kind: PhaseKind, seconds: float, set_no: int, rep_no: int, reps: int, side: Side
    ) -> Phase:
        return Phase(
            kind, seconds, step_no, step.exercise, name, set_no, step.sets, rep_no, reps, side
        )

    first_reps = step.reps_per_set[0]
    for side in sides:
        kind: PhaseKind = "switch" if side == "right" else "position"
        yield phase(kind, position_s, 1, 1, first_reps, side)
        for set_no, reps in enumerate(step.reps_per_set, start=1):
            if set_no > 1 and step.swap_legs:
                yield phase("swap", position_s, set_no, 1, reps, side)
            for rep_no in range(1, reps + 1):
                yield phase("hold", step.hold_s, set_no, rep_no, reps, side)
                if rep_no < reps:
                    yield phase("release", release_s, set_no, rep_no, reps, side)
            if not (final and side == sides[-1] and set_no == step.sets):
                yield phase("rest", step.rest_s, set_no, reps, reps, side)


def build_interval_plan(stage: RunStage) -> Plan:
    """A running stage as phases: `repeats` × (walk, run), each repeat one "step", so the
    player's counter reads "3 of 8". A stage with no walk is one run."""
    routine = Routine(stage.id, stage.name, stage.based_on, None, (), stage.based_on, stage.origin)
    kinds: tuple[tuple[PhaseKind, int], ...] = (("walk", stage.walk_s), ("run", stage.run_s))
    phases = tuple(
        Phase(kind, seconds, repeat, kind, kind.capitalize(), repeat + 1, stage.repeats, 1, 1,
              "both")
        for repeat in range(stage.repeats)
        for kind, seconds in kinds
        if seconds > 0
    )  # fmt: skip
    return Plan(routine, phases)
