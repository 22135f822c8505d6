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
- below the routine's own dose, two sessions running without trouble (rated anything but
  "hard", or not rated; not on a flare day) step it back toward it ("settled twice"), never
  past it: from there, only "too easy" twice goes further;
- otherwise "about right" and "hard" keep it as it is;
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

from bisect import bisect_right
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

from coach.library import Exercise, Library, Routine
from coach.plan import Phase
from coach.running import flares_on
from coach.store.db import Store
from coach.store.feedback import (
    HandDose,
    Morning,
    SessionRecord,
    hand_doses,
    mornings,
    session_records,
)

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
#: The reason of a step down for pain sent into a leg.
LEG_PAIN = "pain into a leg"

#: Said after a session in which an exercise sent pain into a leg: the warning signs ask about
#: numbness or weakness; pain that spreads and stays is for a clinician to assess (NICE NG59).
LEG_PAIN_ADVICE = (
    "Pain into a leg: if it stays, or you feel numbness or weakness, see your GP or "
    "physiotherapist."
)


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
    "settled_to_recover": Rule(
        2,
        "below the routine's own dose, this many sessions running without trouble (not hard, "
        "no pain into a leg, pain after 5 or under, not on a flare day) step it back toward "
        "the routine's own",
        "Silbernagel et al. 2007 (pain-monitoring model: while pain stays acceptable, the load "
        "goes on rising); the same two sessions as the 2-for-2 rule",
    ),
    "hurt_in_a_row": Rule(
        2,
        "'it hurt' (or pain into a leg) in this many sessions running: the easier form is offered",
        "coach's own rule: a dose already stepped down that still hurts needs another exercise",
    ),
}


def rule(name: str) -> int:
    return RULES[name].value


def step_to_rate(
    phase: Phase | None, following: Phase | None, steps_done: Collection[int]
) -> int | None:
    """The routine step the player asks about now, by its number: the step just finished,
    through the rest after its last set and the next step's get-ready, when a rep of it was
    held. Never during a hold: the question takes no time from the timer. The last step is
    asked about at the end."""
    if phase is None or phase.kind not in ("rest", "position"):
        return None
    if phase.kind == "position":
        step = phase.step_no - 1
    elif following is None or following.step_no == phase.step_no:
        return None  # a rest between sets, or after the last set of the routine
    else:
        step = phase.step_no
    return step if step in steps_done else None


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
        return f"{text} rep" if set(counts) == {1} else f"{text} reps"

    @property
    def words(self) -> str:
        """ "5-3-1 reps, 10 s holds"."""
        return f"{self.reps_words()}, {self.hold_s} s holds"

    @property
    def short(self) -> str:
        """ "5-3-1 × 10 s", for a table: reps, then the hold."""
        return f"{self.reps_words(unit=False)} × {self.hold_s} s"

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


def parse_reps(text: str) -> tuple[int, ...]:
    """Reps as typed: "8" (one set), "3x8" (three sets of 8), "5,3,1" (one count per set);
    ValueError, worded for the person, for anything else."""
    words = text.strip().lower().replace("×", "x").replace(" ", "")
    sets, _, each = words.partition("x")
    try:
        if each:
            counts = (int(each),) * int(sets)
        else:
            counts = tuple(int(count) for count in words.split(","))
    except ValueError:
        raise ValueError(
            f'reps must be like 8, 3x8 or 5,3,1 (one number per set), not "{text}"'
        ) from None
    if not 1 <= len(counts) <= MAX_SETS:
        raise ValueError(f"a dose has 1 to {MAX_SETS} sets")
    return counts


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


def _below(dose: Dose, base: Dose) -> bool:
    """Less than the routine's own: fewer reps in a set, or a shorter hold."""
    if dose.hold_s < base.hold_s:
        return True
    own = _base_counts(dose, base)
    return any(count < mine for count, mine in zip(dose.reps_per_set, own, strict=True))


def step_toward(dose: Dose, base: Dose) -> Dose | None:
    """One step back toward the routine's own dose, never past it: the hold first (it was
    taken away last), then a rep more in every set short of it; None when at it."""
    if dose.hold_s < base.hold_s:
        return replace(dose, hold_s=min(base.hold_s, dose.hold_s + rule("hold_step_s")))
    own = _base_counts(dose, base)
    counts = tuple(
        min(mine, count + rule("rep_step"))
        for count, mine in zip(dose.reps_per_set, own, strict=True)
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
    #: Each rating given, with its day, oldest first.
    ratings: tuple[tuple[date, int], ...] = ()

    @property
    def last_change(self) -> DoseChange | None:
        return self.changes[-1] if self.changes else None


def offer_line(dose: ExerciseDose, offered_name: str) -> str:
    """Why another form is offered: "It hurt twice running: try Dead bug, its easier form"."""
    if dose.offer == dose.exercise.easier:
        return f"It hurt twice running: try {offered_name}, its easier form."
    return f"Nothing left to add: try {offered_name}, its harder form."


def dose_lines(doses: RoutineDoses) -> list[str]:
    """Each exercise whose dose is not the routine's own, with its last change and why:
    "Bird dog: 6-4-2 reps now (was 5-3-1): easy twice"."""
    return [
        change.words(dose.exercise.name)
        for dose in doses.doses.values()
        if (change := dose.last_change) is not None and dose.dose != dose.base
    ]


@dataclass(frozen=True)
class DoseSummary:
    """For a clinician: each dose not the routine's own, and the steps down, with why."""

    #: (routine, exercise, the dose now, the routine's own), in words.
    current: list[tuple[str, str, str, str]]
    #: "12 Sep: Core, Bird dog: 4-2-1 reps now (was 5-3-1): pain into a leg".
    steps_down: list[str]


def dose_summary(store: Store, library: Library, day: date, since: date | None) -> DoseSummary:
    """Every routine's doses on `day`: those not at the routine's own, and each step down
    from `since` on (all of them without)."""
    current: list[tuple[str, str, str, str]] = []
    steps_down: list[tuple[date, str]] = []
    for doses in every_routines_doses(store, library, day):
        name = doses.routine.name
        for dose in doses.doses.values():
            if dose.dose != dose.base:
                current.append((name, dose.exercise.name, dose.dose.words, dose.base.words))
            steps_down += [
                (change.day, f"{change.day:%-d %b %Y}: {name}, {change.words(dose.exercise.name)}")
                for change in dose.changes
                if change.direction == "down" and (since is None or change.day >= since)
            ]
    return DoseSummary(current, [line for _day, line in sorted(steps_down, key=lambda s: s[0])])


def changes_since(before: RoutineDoses, after: RoutineDoses) -> list[str]:
    """The changes `after` has that `before` had not, in words with their reasons: what a
    session (and the answers after it) changed."""
    lines = []
    for exercise_id, now in after.doses.items():
        then = before.doses.get(exercise_id)
        known = len(then.changes) if then is not None else 0
        lines += [change.words(now.exercise.name) for change in now.changes[known:]]
    return lines


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
    progress = _Progress(exercise, base, flares)
    for event in _events(exercise.id, sessions, hands, by_day, as_of):
        if event.hand is not None:
            progress.by_hand(event.hand)
        elif event.rise is not None:
            assert event.session is not None
            progress.next_morning(event.session, event.day, event.rise)
        else:
            assert event.session is not None
            progress.after(event.session)
    return ExerciseDose(
        exercise,
        base,
        progress.dose,
        tuple(progress.changes),
        progress.offer,
        tuple(progress.ratings),
    )


class _Progress:
    """One exercise's dose, moved event by event (`replay`)."""

    def __init__(self, exercise: Exercise, base: Dose, flares: set[date]) -> None:
        self.exercise, self.base, self.flares = exercise, base, flares
        self.flare_days = sorted(flares)  # for `_flare_between`
        self.dose = base
        self.changes: list[DoseChange] = []
        self.ratings: list[tuple[date, int]] = []
        self.offer: str | None = None
        self.easy = 0  # "too easy" sessions running
        self.hurt = 0  # "it hurt" (or pain into a leg) sessions running
        self.settled = 0  # sessions running without trouble, below the routine's own dose
        self.last_day: date | None = None  # the day it was last done
        self.stepped_down: set[int] = set()  # sessions that already stepped it down
        self.judged_mornings: set[date] = set()

    def change(self, new: Dose | None, day: date, reason: str, direction: Direction) -> None:
        if new is not None and new != self.dose:
            self.changes.append(DoseChange(day, self.dose, new, reason, direction))
            self.dose = new

    def by_hand(self, hand: HandDose) -> None:
        if hand.reps_per_set is None:
            self.change(self.base, hand.day, "back to the routine's", "hand")
        else:
            hold = hand.hold_s if hand.hold_s is not None else self.base.hold_s
            self.change(Dose(hand.reps_per_set, hold), hand.day, "set by hand", "hand")
        self.easy = self.hurt = self.settled = 0
        self.offer = None

    def next_morning(self, session: SessionRecord, day: date, rise: int) -> None:
        if (
            rise >= rule("morning_rise")
            and session.id not in self.stepped_down
            and day not in self.judged_mornings
        ):
            self.judged_mornings.add(day)
            reason = f"pain {rise} points up the next morning"
            self.change(step_down(self.dose, self.base), day, reason, "down")
            self.easy = self.settled = 0

    def _flare_between(self, after: date, upto: date) -> bool:
        """A flare day later than `after`, up to `upto`: two bisections of the sorted days,
        not a look at every flare for every session (ten years of them made a report take
        seconds)."""
        return bisect_right(self.flare_days, upto) > bisect_right(self.flare_days, after)

    def after(self, session: SessionRecord) -> None:
        """What the session says: a step down, a step up, or the counts moved on."""
        self.offer = None
        day, rating = session.day, session.ratings.get(self.exercise.id)
        if rating is not None:
            self.ratings.append((day, rating))
        if self.last_day is not None and self._flare_between(self.last_day, day):
            self.easy = self.settled = 0  # a flare or a warning sign since: count again
        self.last_day = day
        down = self._trouble(session, rating)
        if down:
            self.change(step_down(self.dose, self.base), day, down, "down")
            self.stepped_down.add(session.id)
            self.easy = self.settled = 0
            self.hurt = self.hurt + 1 if down in (LEG_PAIN, RATING_WORDS[HURT]) else 0
            if self.hurt >= rule("hurt_in_a_row"):
                self.offer = self.exercise.easier
            return
        self.hurt = 0
        if day in self.flares or rating == HARD:
            self.easy = self.settled = 0
            return
        if _below(self.dose, self.base):
            self.settled += 1
            if self.settled >= rule("settled_to_recover"):
                self.settled = self.easy = 0
                self.change(step_toward(self.dose, self.base), day, "settled twice", "up")
            return
        if rating == TOO_EASY:
            self.easy += 1
            if self.easy >= rule("easy_in_a_row"):
                self.easy = 0
                harder = step_up(self.dose, self.base, self.exercise)
                self.change(harder, day, "easy twice", "up")
                self.offer = self.exercise.harder if harder is None else None
        elif rating is not None:
            self.easy = 0

    def _trouble(self, session: SessionRecord, rating: int | None) -> str:
        """Why the session steps the exercise down ("" when it does not)."""
        if session.leg_pain and session.leg_pain_exercise in (None, self.exercise.id):
            return LEG_PAIN
        if rating == HURT:
            return RATING_WORDS[HURT]
        after = session.pain_after
        if after is not None and after > rule("pain_after_limit"):
            return f"pain {after}/10 after it"
        return ""


def ratings_words(ratings: Sequence[tuple[date, int]]) -> str:
    """ "too easy ×4 · about right ×6 · it hurt ×1": how often each answer was given."""
    counts = {rating: 0 for rating in RATING_WORDS}
    for _day, rating in ratings:
        counts[rating] += 1
    return " · ".join(f"{RATING_WORDS[r]} ×{n}" for r, n in counts.items() if n)


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


@dataclass(frozen=True)
class DayRecords:
    """What every routine's doses read alike: each morning's check-in and the flare days."""

    by_day: Mapping[date, Morning]
    flares: set[date]


def day_records(store: Store, day: date) -> DayRecords:
    """The mornings and flare days up to `day`, read once while nothing is written."""
    return store.remembered(
        ("day records", day), lambda: DayRecords(mornings(store, day), flares_on(store, day))
    )


#: Later than any stored instant: every record counts.
EVERYTHING = "9999"


def every_routines_doses(store: Store, library: Library, day: date) -> list[RoutineDoses]:
    """Each routine of the library with the person's doses on `day`, in the library's order."""
    return [routine_doses(store, library, routine_id, day=day) for routine_id in library.routines]


def routine_doses(
    store: Store,
    library: Library,
    routine_id: str,
    *,
    day: date,
    as_of: str = EVERYTHING,
) -> RoutineDoses:
    """`routine_id` with the person's doses as they stand on `day`, from every record, or
    from those up to the instant `as_of` (ISO UTC): a resumed session plays the doses it
    began with.

    Worked out once per routine and library while nothing is written to the file (home, its
    hint and the routine list ask alike); the mornings and flare days they all read are
    remembered alike (`day_records`)."""
    key = ("routine doses", routine_id, day, as_of, id(library))
    # The library is kept with its doses, so no other library can take its id meanwhile.
    _, doses = store.remembered(
        key, lambda: (library, _routine_doses(store, library, routine_id, day, as_of))
    )
    return doses


def _routine_doses(
    store: Store,
    library: Library,
    routine_id: str,
    day: date,
    as_of: str,
) -> RoutineDoses:
    routine = library.routines[routine_id]
    records = day_records(store, day)
    sessions = session_records(store, routine_id)
    hands = hand_doses(store, routine_id)
    doses = {
        exercise_id: replay(
            library.exercises[exercise_id],
            base,
            sessions,
            [hand for hand in hands if hand.exercise == exercise_id],
            records.by_day,
            records.flares,
            as_of=as_of,
        )
        for exercise_id, base in own_doses(routine).items()
    }
    return RoutineDoses(dosed(routine, doses), doses)
