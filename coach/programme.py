"""The weekly programme: the person's level, strength on its days, and the week so far.

One table (`RULES`) holds every number, each with its source. Like the doses and the running
stage, the level is worked out afresh from the records each time (each morning's pain, the
warning signs, the routines completed), so the same records always give the same programme.

- **Levels**: *gentle* (pelvic tilts in place of core on normal and easy days, no strength),
  *standard* (core most days, strength twice a week) and *strong* (strength three times).
  Everyone starts at standard: the plan coach has always made. A flare (a gentle day, 10/10 or
  a warning sign, as the day's plan says) takes the level one down at its first day. A level
  goes one up when it has held for 2 weeks with no flare in them, 4 or more of the last 6
  planned routines were done, and the fortnight's average pain is no worse than the one
  before (not a change people notice upward).
- **Strength** is suggested on a normal day while the week (Monday to Sunday) has fewer
  strength sessions than the level asks for, never the day after one (48 hours between
  sessions); core done that day instead still counts for the day. Doing strength on a normal
  day when core is suggested counts for it ("core (or strength)"), as before.
- **The week so far**: days on which the day's main routine (or what counts for it) was done,
  out of 5, and the strength sessions out of the level's; and over the last two weeks, how many
  of the routines planned were done. No streak is counted: a day off costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from coach.clinical import MEDIAN_DAYS, TodaysPlan, todays_plan
from coach.library import LEVELS, Level
from coach.progression import Rule
from coach.rules import is_noticeable_change
from coach.running import is_flare
from coach.store.checkins import COUNTED_CHECKINS, counted_between
from coach.store.db import Store
from coach.store.red_flags import worst_by_day

#: Everyone starts here: the plan coach made before it had levels.
START_LEVEL: Level = "standard"
STRENGTH = "strength"
#: The routine each level plays in place of core on normal and easy days.
MAIN_ROUTINE: dict[Level, str] = {"gentle": "pelvic-tilts", "standard": "core", "strong": "core"}


#: Every number of the weekly programme, with what it rests on.
RULES: dict[str, Rule] = {
    "main_days_a_week": Rule(
        5,
        "days a week with the day's main routine (core, or what the day or the level puts in "
        "its place) done: most days",
        "McGill, Back Mechanic (2015): the big three done daily; NICE NG59 1.2.1 (a group "
        "exercise programme, within the person's needs and preferences); 5 of 7 leaves rest",
    ),
    "strength_a_week_standard": Rule(
        2,
        "strength sessions a week at the standard level, on normal days",
        "ACSM position stand on progression models in resistance training (Med Sci Sports "
        "Exerc 2009): 2-3 non-consecutive days a week for novices",
    ),
    "strength_a_week_strong": Rule(
        3,
        "strength sessions a week at the strong level",
        "ACSM 2009: 3 days a week once trained; the 2009 JSCR trial of weight training for "
        "back pain trained 3 times a week",
    ),
    "strength_gap_days": Rule(
        2,
        "days from one strength session to the next at least (never two days running)",
        "ACSM 2009: 48 hours between sessions for the same muscles",
    ),
    "level_window": Rule(
        6,
        "the last planned routines a level up looks at",
        "coach's own: about a week of planned days",
    ),
    "level_done": Rule(
        4,
        "…of which at least this many done for a level up",
        "coach's own: two thirds, about the adherence exercise studies call good",
    ),
    "level_steady_days": Rule(
        14,
        "days at a level, with no flare in them and pain no worse than the fortnight before, "
        "before it goes up",
        "the fortnights of coach.rules (average_days): one week is too noisy; Farrar et al. "
        "2001 for what is a change",
    ),
}


def rule(name: str) -> int:
    return RULES[name].value


def strength_target(level: Level) -> int:
    """Strength sessions a week the level asks for."""
    if level == "gentle":
        return 0
    return rule("strength_a_week_strong" if level == "strong" else "strength_a_week_standard")


def week_start(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


# --- the day's plan, in the programme -------------------------------------------------------


def programme_plan(plan: TodaysPlan, level: Level, strength_due: bool) -> TodaysPlan:
    """The day's plan with the person's level and the week's strength in it. Only normal and
    easy days change: a gentle day, 10/10 and a warning sign are the same at every level."""
    if plan.kind == "easy" and level == "gentle":
        return replace(
            plan,
            advice="Pelvic tilts; stop whatever makes your pain rise.",
            routines=("pelvic-tilts",),
        )
    if plan.kind != "normal":
        return plan
    if level == "gentle":
        return replace(
            plan,
            advice="Pelvic tilts (or core), with the pre-run routine before a run.",
            routines=("pelvic-tilts", "pre-run"),
            alternatives=(("pelvic-tilts", "core"), ("pelvic-tilts", STRENGTH)),
        )
    if strength_due:
        return replace(
            plan,
            advice="Strength today (or core), with the pre-run routine before a run.",
            routines=(STRENGTH, "pre-run"),
            alternatives=((STRENGTH, "core"),),
        )
    return plan


# --- the level and the weeks, worked out from the records ------------------------------------


@dataclass(frozen=True)
class LevelChange:
    day: date
    was: Level
    now: Level
    #: In plain words, as home says it.
    words: str


@dataclass(frozen=True)
class PlannedDay:
    day: date
    #: The day's main routine (its plan's first), and whether it (or what counts for it) was done.
    routine: str
    done: bool


@dataclass(frozen=True)
class Programme:
    """Where the person stands on `day`: level, the days planned so far, and the day's plan."""

    day: date
    level: Level
    changes: tuple[LevelChange, ...]
    planned: tuple[PlannedDay, ...]
    strength_days: frozenset[date]

    @property
    def last_change(self) -> LevelChange | None:
        return self.changes[-1] if self.changes else None

    def strength_due(self) -> bool:
        return strength_due(self.day, self.level, self.strength_days)

    def _this_week(self) -> tuple[int, int]:
        """The days this week with the main routine done, and the strength sessions."""
        start = week_start(self.day)
        main = sum(1 for one in self.planned if start <= one.day <= self.day and one.done)
        return main, sum(1 for one in self.strength_days if start <= one <= self.day)

    def week_words(self) -> str:
        """ "core 3 of 5 · strength 1 of 2" (pelvic tilts at the gentle level, no strength)."""
        main, strength = self._this_week()
        name = "pelvic tilts" if self.level == "gentle" else "core"
        words = f"{name} {main} of {rule('main_days_a_week')}"
        target = strength_target(self.level)
        return words + (f" · strength {strength} of {target}" if target else "")

    def fortnight_words(self) -> str:
        """ "2 weeks: 8 of 10", the planned routines done, or "" before anything was planned.
        Today counts once done: a day is not missed before it is over."""
        since = self.day - timedelta(days=13)
        fortnight = [
            one
            for one in self.planned
            if since <= one.day < self.day or (one.day == self.day and one.done)
        ]
        if not fortnight:
            return ""
        done = sum(one.done for one in fortnight)
        return f"2 weeks: {done} of {len(fortnight)}"


def strength_due(day: date, level: Level, strength_days: Collection[date]) -> bool:
    """Strength is suggested on `day`: the week is short of the level's, and the last one was
    at least `strength_gap_days` ago (so not today either). The cheap answers first: the
    programme asks this of every day of the records."""
    target = strength_target(level)
    if target == 0:
        return False
    if any(day - timedelta(days=n) in strength_days for n in range(rule("strength_gap_days"))):
        return False
    start = week_start(day)
    this_week = sum(start + timedelta(days=n) in strength_days for n in range(day.weekday() + 1))
    return this_week < target


def _level_up_words(now: Level, done: int, window: int) -> str:
    """ "Level up to strong: 5 of 6 planned done, pain steady." """
    return f"Level up to {now}: {done} of {window} planned done, pain steady."


def _level_down_words(now: Level, day: date, why: str) -> str:
    """ "Level down to gentle after pain 8/10 on 23 Nov." """
    return f"Level down to {now} after {why} on {day:%-d %b}."


class ProgrammeWalk:
    """The programme worked out a day at a time, in order, by the rules of the module's
    docstring: `plan_for(one)` is the day's plan at its level (after a flare or a level up that
    day), then `record(one, completed)` says what was done. `work_out` walks the records; the
    demo walks as it makes its history, following each day's plan as a person does.

    `pains` may grow as the walk goes (a day's pain is needed by its own `plan_for`)."""

    def __init__(self, since: date, pains: Mapping[date, int], warning_days: set[date]) -> None:
        self.level: Level = START_LEVEL
        self._since = since  # when the level last changed (or records began)
        self._pains = pains
        self._warning_days = warning_days
        self.changes: list[LevelChange] = []
        self.planned: list[PlannedDay] = []
        self.strength_days: set[date] = set()
        self._flare_days: set[date] = set()
        self._shaped: TodaysPlan | None = None  # the plan of the day being walked

    def plan_for(self, one: date) -> TodaysPlan | None:
        """`one`'s plan with the level and the week's strength in it (None: no check-in)."""
        plan = _plan_of(one, self._pains, self._warning_days)
        if plan is not None and is_flare(plan):
            self._flare_days.add(one)
            if one - timedelta(days=1) not in self._flare_days and self.level != "gentle":
                pain = f"pain {self._pains[one]}/10"
                why = "a warning sign" if one in self._warning_days else pain
                self._move(one, -1, lambda now: _level_down_words(now, one, why))
        elif self.level != "strong" and one - self._since >= timedelta(
            days=rule("level_steady_days")
        ):
            window = self.planned[-rule("level_window") :]
            done = sum(entry.done for entry in window)
            span = rule("level_steady_days")
            steady = not any(
                one - timedelta(days=n) in self._flare_days for n in range(1, span + 1)
            ) and _pain_steady(self._pains, one)
            if len(window) == rule("level_window") and done >= rule("level_done") and steady:
                self._move(one, 1, lambda now: _level_up_words(now, done, len(window)))
        self._shaped = None
        if plan is not None and plan.routines:
            due = strength_due(one, self.level, self.strength_days)
            self._shaped = programme_plan(plan, self.level, due)
        return self._shaped if self._shaped is not None else plan

    def _move(self, one: date, by: int, words: Callable[[Level], str]) -> None:
        """The level `by` levels up (or down) on `one`, said in `words` of the new level."""
        was = self.level
        self.level = _step(was, by)
        self.changes.append(LevelChange(one, was, self.level, words(self.level)))
        self._since = one

    def record(self, one: date, completed: Sequence[str]) -> None:
        """The routines completed on `one`, the day `plan_for` was last asked about."""
        if self._shaped is not None:
            main = self._shaped.routines[0]
            done = main not in self._shaped.routines_left(completed)
            self.planned.append(PlannedDay(one, main, done))
        if STRENGTH in completed:
            self.strength_days.add(one)

    def programme(self, day: date) -> Programme:
        return Programme(
            day, self.level, tuple(self.changes), tuple(self.planned), frozenset(self.strength_days)
        )


def work_out(
    day: date,
    pains: Mapping[date, int],
    warning_days: set[date],
    completed: Mapping[date, Sequence[str]],
) -> Programme:
    """The programme on `day` from each day's pain, the warning-sign days and the routines
    completed each day, by the rules of the module's docstring."""
    one = min([*pains, *completed, day])
    walk = ProgrammeWalk(one, pains, warning_days)
    while one <= day:
        walk.plan_for(one)
        walk.record(one, completed.get(one, ()))
        one += timedelta(days=1)
    return walk.programme(day)


def _step(level: Level, by: int) -> Level:
    """The level `by` levels up (or down), within gentle to strong."""
    return LEVELS[min(max(LEVELS.index(level) + by, 0), len(LEVELS) - 1)]


def _plan_of(one: date, pains: Mapping[date, int], warning_days: set[date]) -> TodaysPlan | None:
    """The kind of plan `one` had: a warning sign's stop, or its check-in's; None without."""
    if one in warning_days:
        return TodaysPlan("stop", "", "", "", ())
    pain = pains.get(one)
    if pain is None:
        return None
    recent = [
        pains[earlier]
        for offset in range(MEDIAN_DAYS, 0, -1)
        if (earlier := one - timedelta(days=offset)) in pains
    ]
    return todays_plan(pain, recent)


def _pain_steady(pains: Mapping[date, int], day: date) -> bool:
    """The last fortnight's average pain no worse than the fortnight before (no noticeable
    rise); True when either fortnight has no check-in to compare."""
    span = rule("level_steady_days")
    recent = [pains[d] for d in _days(day - timedelta(days=span), day) if d in pains]
    before = [
        pains[d] for d in _days(day - timedelta(days=2 * span), day - timedelta(days=span))
        if d in pains
    ]  # fmt: skip
    if not recent or not before:
        return True
    now, then = sum(recent) / len(recent), sum(before) / len(before)
    return now <= then or not is_noticeable_change(then, now, averaged=True)


def _days(start: date, end: date) -> list[date]:
    """The days from `start` up to, not including, `end`."""
    return [start + timedelta(days=n) for n in range((end - start).days)]


def programme_on(store: Store, day: date) -> Programme:
    """The programme on `day` from what is on disk, worked out once while nothing is written
    (home, the progress screen and `coach status` may each ask)."""
    return store.remembered(("programme", day), lambda: _programme_from_records(store, day))


def _programme_from_records(store: Store, day: date) -> Programme:
    rows = store.query(
        f"SELECT day, pain FROM ({COUNTED_CHECKINS})", counted_between(date.min, day)
    )
    pains = {date.fromisoformat(row["day"]): row["pain"] for row in rows}
    warning_days = set(worst_by_day(store, date.min, day))
    completed: dict[date, list[str]] = {}
    for row in store.query(
        "SELECT day, routine FROM sessions WHERE status = 'completed' AND day <= ? "
        "ORDER BY started_at",
        [day.isoformat()],
    ):
        completed.setdefault(date.fromisoformat(row["day"]), []).append(row["routine"])
    return work_out(day, pains, warning_days, completed)


#: How long home says a change of level, after the day it happened.
LEVEL_NEWS_DAYS = 7


def in_programme(store: Store, day: date, plan: TodaysPlan) -> TodaysPlan:
    """The day's plan with the programme in it: routines for the level and the week's
    strength, the week so far, and a recent change of level in plain words."""
    programme = programme_on(store, day)
    shaped = programme_plan(plan, programme.level, programme.strength_due())
    change = programme.last_change
    news = change.words if change and day - change.day < timedelta(LEVEL_NEWS_DAYS) else ""
    return replace(
        shaped,
        week=programme.week_words(),
        fortnight=programme.fortnight_words(),
        level_news=news,
    )
