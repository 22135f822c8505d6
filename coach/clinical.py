"""The clinical content: the scales and the day's plan (the warning signs: coach.red_flags).

Everything here is pure (values in, values out) except `plan_for_day`, which reads what it
needs through the store. The check-in screen and `coach checkin` validate through the same
parsers, so a value the CLI refuses the screen cannot save either, with the same words.

Sources: the 0–10 numeric rating scale (0 no pain, 10 worst imaginable); the PEG scale (Krebs
et al., J Gen Intern Med 2009: Pain average, interference with Enjoyment of life, with General
activity; score = their mean). The plan follows the usual advice for a lumbar sprain in
runners: light activity over rest, ease back into light running once the initial pain has
subsided, strength and stretching; a change of about 2 points is one patients notice. Every
threshold is a row of `coach.rules.THRESHOLDS`, with its source.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

from coach.rules import WORST_PAIN, threshold, whole
from coach.store.checkins import CheckinEntry, PegEntry, recent_pains
from coach.store.days import DayStatus
from coach.store.db import Store
from coach.user_text import is_utf8
from coach.vocabulary import ACTIVITY, REST, SLEEP, STIFFNESS, Question

if TYPE_CHECKING:
    from coach.escalation import Notice

PAIN_MIN = 0
PAIN_MAX = 10
PAIN_ANCHORS = ("no pain", "worst imaginable")
MAX_ACTIVITY_MIN = 1440
MAX_NOTE_CHARS = 2000

PEG_INTERVAL_DAYS = whole("peg_interval_days")
#: Today's plan: pain at or above this is a gentle day…
GENTLE_PAIN_FROM = whole("gentle_pain_from")
#: …and at or above this an easy day.
EASY_PAIN_FROM = whole("easy_pain_from")
#: Pain this many points above the median of recent days is rising (a change patients notice).
RISE_POINTS = whole("rise_points")
#: How many days before today the median is taken over.
MEDIAN_DAYS = whole("median_days")

#: A routine counts as completed only when at least this share of its planned reps was held
#: (the rule table says why 80%).
COMPLETED_REPS_SHARE = threshold("completed_reps_share")

NEW_SYMPTOMS_QUESTION = "Anything new or different about your back or legs?"

PlanKind = Literal["severe", "gentle", "easy", "normal", "stop"]


class CheckinError(ValueError):
    """A check-in value outside what the scale allows, worded for the user."""


@dataclass(frozen=True)
class PegItem:
    column: str
    name: str
    question: str
    anchors: tuple[str, str]


PEG_ITEMS: tuple[PegItem, ...] = (
    PegItem("pain_avg", "average pain", "Average pain in the past week", PAIN_ANCHORS),
    PegItem(
        "enjoyment",
        "enjoyment",
        "In the past week, how much pain interfered with your enjoyment of life",
        ("does not interfere", "completely interferes"),
    ),
    PegItem(
        "general_activity",
        "general activity",
        "In the past week, how much pain interfered with your general activity",
        ("does not interfere", "completely interferes"),
    ),
)


# --- validation ------------------------------------------------------------------------------

_WHOLE = re.compile(r"[0-9]+")


def check_scale(value: int, name: str = "pain") -> int:
    """`value` if it is on the 0–10 scale, else CheckinError naming `name`."""
    if isinstance(value, bool) or not isinstance(value, int) or not PAIN_MIN <= value <= PAIN_MAX:
        raise CheckinError(f"{name} must be a whole number from {PAIN_MIN} to {PAIN_MAX}")
    return value


def parse_scale(text: str, name: str = "pain") -> int:
    """A 0–10 answer typed as text: "7" → 7; "4.5", "-1", "11", "abc" and "" are refused."""
    text = text.strip()
    value = int(text) if _WHOLE.fullmatch(text) else -1
    return check_scale(value, name)


def check_activity(activity: str | None, minutes: int) -> tuple[str | None, int]:
    """Yesterday's activity and its minutes; None: not said (and so no minutes)."""
    if activity is None:
        if minutes:
            raise CheckinError("activity minutes need the activity they were spent on")
        return None, 0
    if activity not in ACTIVITY.values:
        raise CheckinError(
            f"activity must be one of {', '.join(ACTIVITY.values)}, with minutes after a colon "
            "(e.g. run:25)"
        )
    if isinstance(minutes, bool) or not 0 <= minutes <= MAX_ACTIVITY_MIN:
        raise CheckinError(f"activity minutes must be a whole number from 0 to {MAX_ACTIVITY_MIN}")
    if activity == REST and minutes:
        raise CheckinError(f"activity minutes must be 0 for {REST}")
    return activity, minutes


def parse_minutes(text: str) -> int:
    """Minutes typed as text; empty means none."""
    text = text.strip()
    if not text:
        return 0
    value = int(text) if _WHOLE.fullmatch(text) and len(text) <= 5 else -1
    if not 0 <= value <= MAX_ACTIVITY_MIN:
        raise CheckinError(f"activity minutes must be a whole number from 0 to {MAX_ACTIVITY_MIN}")
    return value


def parse_activity(text: str) -> tuple[str, int]:
    """`run:25` → ("run", 25); `rest` → ("rest", 0)."""
    name, _, minutes = text.strip().partition(":")
    activity, spent = check_activity(name.strip().lower(), parse_minutes(minutes))
    assert activity is not None, "a name was given"
    return activity, spent


def check_choice(value: str | None, question: Question) -> str:
    if value is None or value not in question.values:
        raise CheckinError(f"{question.column} must be one of {', '.join(question.values)}")
    return value


def check_note(note: str) -> str:
    note = note.strip()
    if not is_utf8(note):  # undecodable bytes from the command line: SQLite cannot store them
        raise CheckinError("note must be UTF-8 text (it holds bytes in another encoding)")
    if len(note) > MAX_NOTE_CHARS:
        raise CheckinError(f"note must be at most {MAX_NOTE_CHARS} characters")
    return note


def checkin_entry(
    *,
    pain: int,
    activity: str | None = ACTIVITY.default,
    activity_min: int = 0,
    sleep: str | None = SLEEP.default,
    stiffness: str | None = STIFFNESS.default,
    new_symptoms: bool = False,
    note: str = "",
) -> CheckinEntry:
    """A check-in whose every value has been checked, or CheckinError for the first bad one."""
    activity, activity_min = check_activity(activity, activity_min)
    return CheckinEntry(
        pain=check_scale(pain),
        activity=activity,
        activity_min=activity_min,
        sleep=check_choice(sleep, SLEEP),
        stiffness=check_choice(stiffness, STIFFNESS),
        new_symptoms=new_symptoms,
        note=check_note(note),
    )


def peg_entry(pain_avg: int, enjoyment: int, general_activity: int) -> PegEntry:
    """The PEG items, checked, with their score: the mean of the three (Krebs 2009)."""
    items = {
        item.column: check_scale(value, f"PEG {item.name}")
        for item, value in zip(PEG_ITEMS, (pain_avg, enjoyment, general_activity), strict=True)
    }
    return PegEntry(**items, score=round(sum(items.values()) / len(items), 2))


def parse_peg(text: str) -> PegEntry:
    """`5,4,6` → the PEG items in their order: average pain, enjoyment, general activity."""
    parts = text.split(",")
    if len(parts) != len(PEG_ITEMS):
        raise CheckinError(
            "PEG must be three whole numbers from 0 to 10, comma-separated: average pain, "
            "enjoyment, general activity (e.g. 5,4,6)"
        )
    values = [
        parse_scale(part, f"PEG {item.name}") for item, part in zip(PEG_ITEMS, parts, strict=True)
    ]
    return peg_entry(*values)


# --- when to ask -----------------------------------------------------------------------------


def needs_peg(*, last_peg: date | None, today: date) -> bool:
    """Weekly: when none was recorded in the last seven days."""
    return last_peg is None or today - last_peg >= timedelta(days=PEG_INTERVAL_DAYS)


# --- today's plan ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TodaysPlan:
    kind: PlanKind
    title: str
    #: What to do, in plain words.
    advice: str
    #: Why: today's numbers and the advice it rests on.
    reason: str
    #: Suggested routine ids, in the order to do them (none on a red-flag day).
    routines: tuple[str, ...]
    #: (suggested, instead): a routine the advice offers in place of a suggested one, which
    #: counts for it once done ("core (or strength)").
    alternatives: tuple[tuple[str, str], ...] = ()
    #: "See your GP or physiotherapist", from the person's own records (not dismissed).
    notices: tuple[Notice, ...] = ()
    #: The week so far, as home says it ("core 3 of 5 · strength 1 of 2", and the planned
    #: routines done in the last two weeks, "2 weeks: 8 of 10"); empty outside the programme
    #: (a warning sign's stop).
    week: str = ""
    fortnight: str = ""
    #: A change of level in the last week, in plain words ("Level up: standard → strong…").
    level_news: str = ""

    def routines_left(self, completed: Iterable[str]) -> tuple[str, ...]:
        """The suggested routines not yet done today, nor replaced by their alternative, in
        the order to do them."""
        done = set(completed)
        done |= {suggested for suggested, instead in self.alternatives if instead in done}
        return tuple(routine for routine in self.routines if routine not in done)

    def next_routine(self, completed: Iterable[str]) -> str | None:
        """The first suggested routine not yet done today, nor replaced by its alternative."""
        return next(iter(self.routines_left(completed)), None)


def session_end(planned_reps: int, reps_held: int) -> Literal["completed", "stopped"]:
    """How a routine played to its end is filed: completed only when enough of its reps were
    held (COMPLETED_REPS_SHARE), else stopped, however it ended."""
    if planned_reps <= 0 or reps_held >= COMPLETED_REPS_SHARE * planned_reps:
        return "completed"
    return "stopped"


def stop_plan(refusal: str) -> TodaysPlan:
    """A warning sign holds: no advice past it, only where to get care (`Hold.refusal`)."""
    return TodaysPlan(
        kind="stop",
        title="No exercise today",
        advice=refusal,
        reason="A warning sign needs a clinician's assessment; coach is not a diagnosis.",
        routines=(),
    )


def todays_plan(pain: int, recent_pains: Sequence[int]) -> TodaysPlan:
    """The day's plan from pain now and the pains of the days before (no warning sign held)."""
    pain = check_scale(pain)
    if pain >= WORST_PAIN:
        return TodaysPlan(
            kind="severe",
            title="Very high pain",
            advice="Rest in whatever position eases it, and move only as the pain allows: no "
            "routine, walk or run is suggested at 10/10.",
            reason=f"Pain {pain}/10 is the worst imaginable: get it checked.",
            routines=(),
        )
    median = statistics.median(recent_pains) if recent_pains else None
    rise = pain - median if median is not None else 0
    if pain >= GENTLE_PAIN_FROM or rise >= RISE_POINTS:
        why = (
            f"Pain {pain}/10 is high"
            if pain >= GENTLE_PAIN_FROM
            else f"Pain {pain}/10 is {rise:g} points above your {MEDIAN_DAYS}-day median "
            f"of {median:g}"
        )
        return TodaysPlan(
            kind="gentle",
            title="Gentle day",
            advice="The gentle routine and a short, easy walk; no running today.",
            reason=f"{why}. Light activity that keeps you moving helps more than rest.",
            routines=("gentle",),
        )
    if pain >= EASY_PAIN_FROM:
        return TodaysPlan(
            kind="easy",
            title="Easy day",
            advice="Pelvic tilts and core; stop whatever makes your pain rise.",
            reason=f"Pain {pain}/10 is moderate. Keep moving lightly and listen to your body.",
            routines=("pelvic-tilts", "core"),
        )
    return TodaysPlan(
        kind="normal",
        title="Normal day",
        advice="Core (or strength), with the pre-run routine before a run.",
        reason=f"Pain {pain}/10 is low and not rising. Strength and core work help keep it "
        "away; stretch stiff back muscles before a run.",
        routines=("core", "pre-run"),
        alternatives=(("core", "strength"),),
    )


def plan_for_day(store: Store, status: DayStatus, *, emergency_number: str) -> TodaysPlan | None:
    """The plan for `status.day` from what is on disk; None before the check-in. Home, the
    routine list and `coach status` all read it, so they cannot disagree on what is due.

    A warning sign not yet followed up gives the stop plan, even without a check-in: nothing
    is advised past it. Otherwise the plan is the weekly programme's (coach.programme: the
    level, strength on its days, the week so far) and carries the "see your GP" notices not
    dismissed.
    """
    if status.red_flag is not None:
        from coach.red_flags import current_hold  # a held sign's own module: rare, not at start

        hold = current_hold(store)
        assert hold is not None, "day_status saw it"
        return stop_plan(hold.refusal(status.day, emergency_number))
    if status.checkin_pain is None:
        return None
    recent = recent_pains(store, status.day, MEDIAN_DAYS)
    # Imported here: the programme builds on this module's plans, and a day before its
    # check-in (home at start-up) needs neither the programme nor the notices' history.
    from coach.escalation import shown_notices
    from coach.programme import in_programme

    plan = in_programme(store, status.day, todays_plan(status.checkin_pain, recent))
    return replace(plan, notices=tuple(shown_notices(store, status.day)))
