"""The person's own doses: how many reps and how long a hold each exercise of a routine gets,
changed one small step at a time by what they said about it.

One table (`RULES`) holds every number, each with its source. Like the running programme, the
doses are worked out afresh from the records each time (the ratings after each exercise, the
leg-pain answer and the pain after each session, each morning's pain, the flare days, and the
doses set by hand), so there is no stored dose to drift: the same records give the same doses.

A dose belongs to an exercise in a routine, and starts from the routine file's values: the bird
dog of Core (a 5-3-1 pyramid of 10 s holds) and of Strength (2 sets of 5 × 8 s) move apart.

After each session in which the exercise was done, in this order:
- pain sent into a leg by it (or by an exercise not named) steps it down ("pain into a leg");
  so does "it hurt", or pain right after the session above 5/10;
- otherwise "too easy" on the second session running steps it up ("easy twice"), never on a
  flare day (a gentle day, 10/10 or a warning sign, as the day's plan says), and a flare or a
  warning sign between the two starts the count again;
- "about right" and "hard" keep it as it is;
- the next morning, pain 2 or more points above that session day's morning steps down what
  the session did, unless the session itself already did.
"It hurt" twice running offers the exercise's easier form (`easier` in its file); "easy twice"
with nothing left to add offers its harder form. A dose set by hand (or reset to the routine's
own) replaces the dose and starts every count again.

A step up adds 2 s to the hold while it stays within the hold's cap (10 s for core exercises,
McGill; 30 s for stretches), and otherwise one rep to every set, up to twice the routine's own;
other exercises' holds stay as the routine has them. A step down takes back the latest kind of
step (reps, then hold), and below the routine's own takes a rep from every set (never under 1),
then 2 s of hold.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

from coach.library import Exercise, Library, Routine
from coach.running import flare_days
from coach.store.db import Store
from coach.store.feedback import (
    HandDose,
    Morning,
    SessionRecord,
    hand_doses,
    mornings,
    session_records,
)
from coach.store.red_flags import worst_by_day

TOO_EASY, ABOUT_RIGHT, HARD, HURT = 1, 2, 3, 4
#: The one-key answers after each exercise, by key.
RATING_WORDS: dict[int, str] = {
    TOO_EASY: "too easy",
    ABOUT_RIGHT: "about right",
    HARD: "hard",
    HURT: "it hurt",
}
#: The most reps and seconds of hold a dose may have: the exercise files' own limits.
MAX_REPS = 100
MAX_HOLD_S = 300
MAX_SETS = 20

Direction = Literal["up", "down", "hand"]


@dataclass(frozen=True)
class Rule:
    value: int
    meaning: str
    source: str


#: Every number the dose rules compare with, with what it rests on.
RULES: dict[str, Rule] = {
    "easy_in_a_row": Rule(
        2,
        "'too easy' in this many sessions running steps the exercise up",
        "the 2-for-2 rule: add load once the goal is beaten in two sessions running (NSCA, "
        "Essentials of Strength Training and Conditioning; ACSM position stand on progression "
        "models in resistance training, Med Sci Sports Exerc 2009)",
    ),
    "rep_step": Rule(
        1,
        "a step adds this many reps to every set, or takes them away",
        "ACSM 2009: small increases (about 2-10%) once the current dose is easy; coach's "
        "smallest step",
    ),
    "hold_step_s": Rule(
        2,
        "…or this many seconds of hold",
        "ACSM 2009 (small increases); coach's smallest step a person notices",
    ),
    "core_hold_cap_s": Rule(
        10,
        "a core exercise's hold never goes above this: more reps instead",
        "McGill SM, Low Back Disorders (Human Kinetics, 2016): endurance is built with more "
        "short holds of up to about 10 s, not longer ones",
    ),
    "stretch_hold_cap_s": Rule(
        30,
        "a stretch's hold never goes above this",
        "ACSM position stand on exercise for adults (Garber et al., Med Sci Sports Exerc 2011): "
        "hold a static stretch for 10-30 s",
    ),
    "reps_cap_times": Rule(
        2,
        "reps never go above this many times the routine's own: its harder form is offered",
        "coach's own limit, so a dose stays near what the routine's source prescribes",
    ),
    "pain_after_limit": Rule(
        5,
        "pain right after the session above this steps down the exercises done",
        "Silbernagel et al., Am J Sports Med 2007 (pain-monitoring model: up to 5/10 during "
        "or after loading is acceptable)",
    ),
    "morning_rise": Rule(
        2,
        "the next morning's pain this many points above that day's morning steps down the "
        "exercises done",
        "Silbernagel et al. 2007 (settled by the next morning); about 2 points is a change "
        "people notice (Farrar et al., Pain 2001)",
    ),
    "hurt_in_a_row": Rule(
        2,
        "'it hurt' (or pain into a leg) in this many sessions running: the easier form is offered",
        "coach's own rule: a dose already stepped down that still hurts needs another exercise",
    ),
}


def rule(name: str) -> int:
    return RULES[name].value


# --- doses ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dose:
    """Reps in each set (equal, or a pyramid such as 5-3-1) and the hold of each rep."""

    reps_per_set: tuple[int, ...]
    hold_s: int

    def reps_words(self, *, unit: bool = True) -> str:
        """ "6 reps", "2 × 6 reps", "5-3-1 reps" (without `unit`: "6", "2 × 6", "5-3-1")."""
        counts = self.reps_per_set
        if len(set(counts)) > 1:
            text = "-".join(str(count) for count in counts)
        elif len(counts) > 1:
            text = f"{len(counts)} × {counts[0]}"
        else:
            text = str(counts[0])
        if not unit:
            return text
        return f"{text} rep" if counts == (1,) else f"{text} reps"

    @property
    def words(self) -> str:
        """ "5-3-1 reps, 10 s holds"."""
        return f"{self.reps_words()}, {self.hold_s} s holds"

    def change_words(self, was: Dose) -> str:
        """What changed from `was`: "6 reps now (was 5)", "12 s holds now (was 10 s)"."""
        parts = []
        if self.reps_per_set != was.reps_per_set:
            parts.append(f"{self.reps_words()} now (was {was.reps_words(unit=False)})")
        if self.hold_s != was.hold_s:
            parts.append(f"{self.hold_s} s holds now (was {was.hold_s} s)")
        return ", ".join(parts)


def check_dose(reps_per_set: Sequence[int], hold_s: int) -> Dose:
    """A dose within the exercise files' limits, or ValueError saying which limit."""
    if not 1 <= len(reps_per_set) <= MAX_SETS:
        raise ValueError(f"a dose has 1 to {MAX_SETS} sets")
    if not all(1 <= count <= MAX_REPS for count in reps_per_set):
        raise ValueError(f"reps must be whole numbers from 1 to {MAX_REPS}")
    if not 1 <= hold_s <= MAX_HOLD_S:
        raise ValueError(f"a hold must be from 1 to {MAX_HOLD_S} seconds")
    return Dose(tuple(reps_per_set), hold_s)


def hold_cap(exercise: Exercise, base: Dose) -> int:
    """The longest hold a step up may reach: the area's cap, or the routine's own hold."""
    if exercise.area == "core":
        return max(base.hold_s, rule("core_hold_cap_s"))
    if exercise.area == "stretch":
        return max(base.hold_s, rule("stretch_hold_cap_s"))
    return base.hold_s


def _base_counts(dose: Dose, base: Dose) -> tuple[int, ...]:
    """The routine's reps set by set, for as many sets as `dose` has (its last set repeated)."""
    own = base.reps_per_set
    return tuple(own[min(index, len(own) - 1)] for index in range(len(dose.reps_per_set)))


def step_up(dose: Dose, base: Dose, exercise: Exercise) -> Dose | None:
    """One step harder: a longer hold while under its cap, else a rep more in every set up to
    twice the routine's own; None when there is nothing left to add."""
    if dose.hold_s + rule("hold_step_s") <= hold_cap(exercise, base):
        return replace(dose, hold_s=dose.hold_s + rule("hold_step_s"))
    caps = [min(MAX_REPS, own * rule("reps_cap_times")) for own in _base_counts(dose, base)]
    counts = tuple(
        min(cap, count + rule("rep_step")) if count < cap else count
        for count, cap in zip(dose.reps_per_set, caps, strict=True)
    )
    return replace(dose, reps_per_set=counts) if counts != dose.reps_per_set else None


def step_down(dose: Dose, base: Dose) -> Dose | None:
    """One step easier: back down the reps, then the hold, added above the routine's own;
    below it, a rep less in every set (never under 1), then a shorter hold (never under 1 s);
    None when there is nothing left to take away."""
    own = _base_counts(dose, base)
    fewer = tuple(max(1, count - rule("rep_step")) for count in dose.reps_per_set)
    shorter = replace(dose, hold_s=max(1, dose.hold_s - rule("hold_step_s")))
    if any(count > mine for count, mine in zip(dose.reps_per_set, own, strict=True)):
        return replace(dose, reps_per_set=fewer)
    if dose.hold_s > base.hold_s:
        return replace(dose, hold_s=max(base.hold_s, shorter.hold_s))
    if fewer != dose.reps_per_set:
        return replace(dose, reps_per_set=fewer)
    return shorter if shorter != dose else None


# --- working the doses out from the records -----------------------------------------------------


@dataclass(frozen=True)
class DoseChange:
    day: date
    was: Dose
    now: Dose
    #: In a few words: "easy twice", "it hurt", "pain into a leg", "set by hand".
    reason: str
    direction: Direction

    def words(self, name: str) -> str:
        """ "Bird dog: 6 reps now (was 5): easy twice"."""
        return f"{name}: {self.now.change_words(self.was)}: {self.reason}"


@dataclass(frozen=True)
class ExerciseDose:
    """An exercise's dose in a routine, how it got there, and a form to offer instead."""

    exercise: Exercise
    base: Dose
    dose: Dose
    changes: tuple[DoseChange, ...]
    #: The id of an exercise to try instead: the easier form after "it hurt" twice running, the
    #: harder one when "easy twice" found nothing left to add; None otherwise.
    offer: str | None = None

    @property
    def last_change(self) -> DoseChange | None:
        return self.changes[-1] if self.changes else None


@dataclass(frozen=True)
class _Event:
    day: date
    rank: int  # a morning's judgement (0) before the day's sessions and hand doses (1)
    at: str
    session: SessionRecord | None = None
    hand: HandDose | None = None
    rise: int | None = None  # a morning: points above the session day's morning


def _events(
    exercise_id: str,
    sessions: Sequence[SessionRecord],
    hands: Sequence[HandDose],
    by_day: Mapping[date, Morning],
    as_of: str,
) -> list[_Event]:
    events = [_Event(hand.day, 1, hand.at, hand=hand) for hand in hands if hand.at <= as_of]
    for session in sessions:
        if exercise_id not in session.done or session.started_at >= as_of:
            continue
        events.append(_Event(session.day, 1, session.started_at, session=session))
        next_morning = by_day.get(session.day + timedelta(days=1))
        own = by_day.get(session.day)
        baseline = own.pain if own is not None else session.pain_before
        if next_morning is not None and baseline is not None and next_morning.at <= as_of:
            rise = next_morning.pain - baseline
            events.append(_Event(next_morning.day, 0, next_morning.at, session, rise=rise))
    return sorted(events, key=lambda event: (event.day, event.rank, event.at))


def replay(
    exercise: Exercise,
    base: Dose,
    sessions: Sequence[SessionRecord],
    hands: Sequence[HandDose],
    by_day: Mapping[date, Morning],
    flares: set[date],
    *,
    as_of: str,
) -> ExerciseDose:
    """The exercise's dose at the instant `as_of` (ISO UTC), by the rules of the module's
    docstring: from the sessions started before it (a session resumed is played as it began),
    and the check-ins and doses by hand up to it."""
    dose, changes = base, []
    easy = hurt = 0
    offer: str | None = None
    last_rated: date | None = None
    stepped_down: set[int] = set()  # sessions that already stepped it down
    judged_mornings: set[date] = set()

    def change(new: Dose | None, day: date, reason: str, direction: Direction) -> None:
        nonlocal dose
        if new is not None and new != dose:
            changes.append(DoseChange(day, dose, new, reason, direction))
            dose = new

    for event in _events(exercise.id, sessions, hands, by_day, as_of):
        session = event.session
        if event.hand is not None:
            hand = event.hand
            if hand.reps_per_set is None:
                change(base, hand.day, "back to the routine's", "hand")
            else:
                hold = hand.hold_s if hand.hold_s is not None else base.hold_s
                change(Dose(hand.reps_per_set, hold), hand.day, "set by hand", "hand")
            easy = hurt = 0
            offer = None
        elif event.rise is not None:
            assert session is not None
            if (
                event.rise >= rule("morning_rise")
                and session.id not in stepped_down
                and event.day not in judged_mornings
            ):
                judged_mornings.add(event.day)
                reason = f"pain {event.rise} points up the next morning"
                change(step_down(dose, base), event.day, reason, "down")
                easy = 0
        else:
            assert session is not None
            offer = None
            rating = session.ratings.get(exercise.id)
            if last_rated is not None and any(last_rated < day <= session.day for day in flares):
                easy = 0  # a flare or a warning sign since: start the count again
            leg = bool(session.leg_pain) and session.leg_pain_exercise in (None, exercise.id)
            pain_after = session.pain_after
            if leg:
                down = "pain into a leg"
            elif rating == HURT:
                down = "it hurt"
            elif pain_after is not None and pain_after > rule("pain_after_limit"):
                down = f"pain {pain_after}/10 after it"
            else:
                down = ""
            if down:
                change(step_down(dose, base), session.day, down, "down")
                stepped_down.add(session.id)
                easy = 0
                hurt = hurt + 1 if leg or rating == HURT else 0
                if hurt >= rule("hurt_in_a_row"):
                    offer = exercise.easier
            elif rating == TOO_EASY and session.day not in flares:
                easy, hurt = easy + 1, 0
                if easy >= rule("easy_in_a_row"):
                    easy = 0
                    harder = step_up(dose, base, exercise)
                    change(harder, session.day, "easy twice", "up")
                    offer = exercise.harder if harder is None else None
            elif rating is not None:
                easy = hurt = 0
            if rating is not None:
                last_rated = session.day
    return ExerciseDose(exercise, base, dose, tuple(changes), offer)


@dataclass(frozen=True)
class RoutineDoses:
    """A routine with the person's doses in it, and each exercise's dose by id."""

    routine: Routine
    doses: Mapping[str, ExerciseDose]

    def changes_on(self, day: date) -> list[str]:
        """The changes made on `day`, in words, each with its reason."""
        return [
            change.words(dose.exercise.name)
            for dose in self.doses.values()
            for change in dose.changes
            if change.day == day
        ]


def own_doses(routine: Routine) -> dict[str, Dose]:
    """The routine file's dose of each exercise: its first step's, by exercise id."""
    doses: dict[str, Dose] = {}
    for step in routine.steps:
        doses.setdefault(step.exercise, Dose(step.reps_per_set, step.hold_s))
    return doses


def dosed(routine: Routine, doses: Mapping[str, ExerciseDose]) -> Routine:
    """`routine` with each step playing its exercise's dose (a routine that has an exercise
    in two steps plays the one dose in both)."""
    steps = tuple(
        replace(step, reps_per_set=doses[step.exercise].dose.reps_per_set,
                hold_s=doses[step.exercise].dose.hold_s)
        if step.exercise in doses
        else step
        for step in routine.steps
    )  # fmt: skip
    return replace(routine, steps=steps)


def routine_doses(
    store: Store, library: Library, routine_id: str, *, day: date, as_of: str
) -> RoutineDoses:
    """`routine_id` with the person's doses as they stand at `as_of` (ISO UTC, on `day`):
    a new session passes now, a resumed one the instant it started."""
    routine = library.routines[routine_id]
    by_day = mornings(store, day)
    warning_days = set(worst_by_day(store, date.min, day))
    flares = flare_days({d: m.pain for d, m in by_day.items()}, warning_days)
    sessions = session_records(store, routine_id)
    hands = hand_doses(store, routine_id)
    doses = {
        exercise_id: replay(
            library.exercises[exercise_id],
            base,
            sessions,
            [hand for hand in hands if hand.exercise == exercise_id],
            by_day,
            flares,
            as_of=as_of,
        )
        for exercise_id, base in own_doses(routine).items()
    }
    return RoutineDoses(dosed(routine, doses), doses)
