"""The warning-sign rules at work: what a screen adds up to, where to get care, and the gate
every way into exercise passes through.

The gate (`gate`) says what must happen before any routine may start:
- a warning sign not yet followed up holds: nothing starts. From the next day on the
  follow-up is asked ("have you been seen, or has it gone?"); only *seen* or *gone* lift it;
- "about you" is asked once, before the first screen;
- the warning-sign screen is current for a week, and is asked again whenever something is new,
  after a warning sign was lifted, and when the list of questions has changed.
The tiers and the questions are `coach.rules.SIGNS`; nothing here imports Textual.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from coach.rules import (
    BACKGROUND_COLUMNS,
    QUESTION_SET,
    Sign,
    Tier,
    classify,
    sign_label,
    signs_asked,
    whole,
)
from coach.store.db import Store
from coach.store.red_flags import (
    RedFlagEntry,
    StoredScreen,
    background,
    last_follow_up_day,
    latest_screen,
    unlifted_warnings,
)

SCREEN_INTERVAL_DAYS = whole("screen_interval_days")


#: "I answered by mistake" from a shell: today's answers given again (the care screen's `u`).
MISTAKE_COMMAND = "coach checkin --mistake --red-flags none|LIST"

NOT_A_DIAGNOSIS = (
    "coach is not a diagnosis: it cannot tell what is causing your symptoms. "
    "It will not guide any exercise until this has been followed up."
)


class RedFlagError(ValueError):
    """Warning-sign answers coach cannot take, worded for the user."""


# --- a screen's answers --------------------------------------------------------------------------


def red_flag_entry(answers: Mapping[str, bool], background: frozenset[str]) -> RedFlagEntry:
    """The answers given (only signs asked of this background) and what they add up to.

    A sign left out was not asked: the rest of the list after an urgent yes, for one.
    """
    asked = {sign.column for sign in signs_asked(background)}
    unknown = set(answers) - asked
    if unknown:
        raise RedFlagError(
            f"not a warning sign coach asks about here: {', '.join(sorted(unknown))}"
        )
    return RedFlagEntry(
        answers=dict(answers),
        result=classify(answers, background),
        question_set=QUESTION_SET,
    )


def parse_red_flags(text: str, background: frozenset[str]) -> RedFlagEntry:
    """`none` (every sign answered no) or the signs answered yes: `fever,night_pain`."""
    names = {part.strip().lower() for part in text.split(",")}
    asked = [sign.column for sign in signs_asked(background)]
    if names != {"none"} and (not names or not names <= set(asked)):
        raise RedFlagError(
            "red flags must be none or a comma-separated list of: " + ", ".join(asked)
        )
    return red_flag_entry({column: column in names for column in asked}, background)


def parse_background(text: str) -> dict[str, bool]:
    """`none` or the "about you" items that apply: `cancer_history,over_50_at_onset`."""
    names = {part.strip().lower() for part in text.split(",")}
    if names != {"none"} and (not names or not names <= set(BACKGROUND_COLUMNS)):
        raise RedFlagError(
            "about you must be none or a comma-separated list of: " + ", ".join(BACKGROUND_COLUMNS)
        )
    return {column: column in names for column in BACKGROUND_COLUMNS}


def labels(columns: Iterable[str]) -> str:
    """ "chest pain and fever or feeling unwell": the signs in a sentence."""
    words = [sign_label(column) for column in columns]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


# --- where to get care --------------------------------------------------------------------------


@dataclass(frozen=True)
class CareAdvice:
    """Where to get care after a warning sign: what to do now, and why it matters."""

    title: str
    action: str
    why: str


#: What each tier asks of the person, in one place (the care screens, the CLI, the report).
TIER_TITLES: dict[str, str] = {
    "urgent": "Get emergency care now",
    "same_day": "See a doctor today",
}


def care_advice(tier: str, number: str) -> CareAdvice:
    """The words for a tier, with the person's emergency number in them; the UK's names for
    the emergency department (A&E) and urgent care (NHS 111) only with the UK's number."""
    in_the_uk = number == "999"
    if tier == "urgent":
        department = "the emergency department (A&E)" if in_the_uk else "the emergency department"
        return CareAdvice(
            title=TIER_TITLES["urgent"],
            action=f"Call {number} or go to {department} now. Do not wait to see if it passes.",
            why="These can be signs of a serious problem, such as pressure on the nerves at the "
            "base of the spine (cauda equina syndrome), that needs treatment within hours.",
        )
    urgent_care = "NHS 111" if in_the_uk else "an urgent care service"
    return CareAdvice(
        title=TIER_TITLES["same_day"],
        action=f"Contact your GP or doctor today. If you cannot get an appointment, call "
        f"{urgent_care}.",
        why="A doctor should check this before you exercise. If you get numbness around your "
        f"genitals or bottom, trouble peeing or weakness in both legs, call {number} at once.",
    )


# --- the hold and the gate ----------------------------------------------------------------------


@dataclass(frozen=True)
class Hold:
    """Warning signs reported and not yet followed up as seen or gone (oldest first)."""

    screens: tuple[StoredScreen, ...]
    #: The day "not yet" was last answered about the latest of them (asked once a day).
    last_follow_up: date | None = None

    @property
    def tier(self) -> Tier:
        return "urgent" if any(s.result == "urgent" for s in self.screens) else "same_day"

    @property
    def first_day(self) -> date:
        return self.screens[0].day

    @property
    def last_day(self) -> date:
        """The day the latest warning was recorded (as recorded: never recomputed)."""
        return self.screens[-1].day

    @property
    def latest_id(self) -> int:
        return self.screens[-1].id

    @property
    def taken_back_by_mistake(self) -> list[int]:
        """The screens "I answered by mistake" replaces: the warnings of the latest day, by id.
        Only these: an all-clear answered earlier that day stands, and is not shown replaced."""
        return [screen.id for screen in self.screens if screen.day == self.last_day]

    @property
    def signs(self) -> list[str]:
        seen: dict[str, None] = {}
        for screen in self.screens:
            seen.update(dict.fromkeys(screen.yes))
        return list(seen)

    def follow_up_due(self, today: date) -> bool:
        """From the day after the latest warning, once a day: the same day, only a mistake can
        be undone."""
        asked_today = self.last_follow_up is not None and self.last_follow_up >= today
        return today > self.last_day and not asked_today

    def can_undo(self, today: date) -> bool:
        """ "I answered by mistake" is for the day the answers were given (as recorded)."""
        return today <= self.last_day

    def reported(self) -> str:
        """ "On 12 March you reported chest pain": the follow-up's question starts with this."""
        when = _day(self.first_day)
        if self.last_day != self.first_day:
            when = f"Between {_day(self.first_day)} and {_day(self.last_day)}"
        else:
            when = f"On {when}"
        return f"{when} you reported {labels(self.signs)}."

    def refusal(self, today: date, number: str) -> str:
        """Why no exercise now, and what to do."""
        advice = care_advice(self.tier, number)
        if self.can_undo(today):
            return (
                f"A warning sign was reported today ({labels(self.signs)}): "
                f"{advice.title.lower()}. {advice.action}"
            )
        return (
            f"{self.reported()} No exercise until it is followed up: have you been seen "
            f"by a clinician, or has it gone? Your next check-in asks. {advice.action}"
        )


class HoldWatch:
    """Whether a warning sign has been recorded since the last look, from this copy of coach,
    another, or `coach checkin`: the players ask on every repaint tick. Cheap when nothing was
    committed (the store's change marker: one PRAGMA); only then is the hold queried."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._changes: tuple[int, int] | None = None

    def new_hold(self) -> Hold | None:
        changes = self._store.changes()
        if changes == self._changes:
            return None
        self._changes = changes
        return current_hold(self._store)


def current_hold(store: Store) -> Hold | None:
    warnings = unlifted_warnings(store)
    if not warnings:
        return None
    return Hold(tuple(warnings), last_follow_up_day(store, warnings[-1].id))


SCREEN_REASONS: dict[str, str] = {
    "first": "Before your first routine, the warning signs: they are asked weekly, and "
    "whenever something is new.",
    "weekly": "A week has passed since the warning signs were last checked.",
    "new": "You said something is new or different.",
    "after_warning": "The warning sign you reported has been followed up: the list once more.",
    "new_questions": "coach now asks about more warning signs: the list once more.",
    "again": "Answered by mistake: the list once more. Tick only what is new for you.",
}


def screen_due(store: Store, today: date, *, new_symptoms: bool = False) -> str | None:
    """Why the warning signs must be asked now (a SCREEN_REASONS key), or None when current."""
    if new_symptoms:
        return "new"
    latest = latest_screen(store)
    if latest is None:
        return "first"
    if latest.result != "none":
        return "after_warning"  # a warning still held is the gate's `hold`, asked before this
    if latest.question_set != QUESTION_SET:
        return "new_questions"
    if (today - latest.day).days >= SCREEN_INTERVAL_DAYS:
        return "weekly"
    return None


@dataclass(frozen=True)
class Gate:
    """What stands between the person and a routine right now."""

    hold: Hold | None
    #: The "about you" answers (None: never asked, so they come first).
    background: frozenset[str] | None
    #: Why the warning signs are to be asked (a SCREEN_REASONS key), or None.
    screen: str | None

    @property
    def clear(self) -> bool:
        return self.hold is None and self.background is not None and self.screen is None

    def cli_refusal(self, today: date, number: str) -> str | None:
        """Why `coach start` cannot go on, with the command that clears it; None when clear
        or when the app can ask the questions itself."""
        if self.hold is None:
            return None
        words = self.hold.refusal(today, number)
        if not self.hold.can_undo(today):
            return (
                f"{words} Run: coach checkin --pain N --follow-up seen|gone|not-yet "
                "(or open coach and press c)."
            )
        return f"{words} Answered by mistake? Run: {MISTAKE_COMMAND} (or press u on home)."


def gate(store: Store, today: date) -> Gate:
    hold = current_hold(store)
    return Gate(
        hold=hold,
        background=background(store),
        screen=None if hold is not None else screen_due(store, today),
    )


def sign_questions(background: frozenset[str] | None) -> tuple[Sign, ...]:
    """The checklist for this background (no background yet: everyone's list)."""
    return signs_asked(background or frozenset())


def _day(day: date) -> str:
    return f"{day:%-d %B}"
