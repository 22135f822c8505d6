"""Times, counts and plurals as a person reads them, each worded once for every screen, the
CLI and the reports, so one session never shows two lengths and nothing says "1 reps".

No Textual and no markup here: plain strings, which the screens lay out.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # home words a line from here at start-up, before any routine is planned
    from coach.plan import Phase

#: How a session's status is worded wherever a person reads it (the day, the summary, the
#: week table's legend, the reports): "completed" only past the share of reps the rule table
#: sets, otherwise "stopped part-way".
SESSION_STATUS = {
    "completed": "completed",
    "stopped": "stopped part-way",
    "in_progress": "not finished",
}

#: What is said of a routine another copy of coach is playing now (its session is in
#: progress, and claimed), after its name: on home, in the day's detail and `coach status`.
PLAYING_ELSEWHERE = "playing in another window"

#: Below this, a float is taken as the whole second it is meant to be (9.000000001 is 9).
_EPSILON = 1e-9


def count(number: int, noun: str, plural: str | None = None) -> str:
    """'1 rep', '2 reps', '0 reps'; `plural` for nouns that take more than an s."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def count_pair(first: int, second: int, noun: str) -> str:
    """Two counts of one thing: '4 and 5 days', '1 and 1 day', but '0 days and 1 day'."""
    if (first == 1) == (second == 1):
        return f"{first} and {count(second, noun)}"
    return f"{count(first, noun)} and {count(second, noun)}"


def _seconds_left(seconds: float) -> int:
    """Whole seconds left, rounded up: "1" shows for the last second, "0" only at the end."""
    return max(0, math.ceil(seconds - _EPSILON))


def countdown(seconds: float) -> str:
    """The big hold countdown: `7`, `45`, then `1:05` from a minute up."""
    whole = _seconds_left(seconds)
    if whole < 60:
        return str(whole)
    return clock_time(whole)


def clock_time(seconds: float) -> str:
    """Time left as a clock shows it, rounded up like the countdown: `0:31`, `12:05`."""
    minutes, rest = divmod(_seconds_left(seconds), 60)
    return f"{minutes}:{rest:02d}"


def duration(seconds: float) -> str:
    """A length of time spent, to the nearest second: `45 s`, `3 min`, `2 min 39 s`."""
    whole = max(0, int(seconds + 0.5))
    minutes, rest = divmod(whole, 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


def time_recorded(day: date, at: str) -> str:
    """'07:30': the local time of a record kept under `day` (its own calendar day, as recorded,
    never recomputed) at the instant `at`. When this machine's zone puts the instant on another
    date (the person has since changed zone), the instant in UTC, '(2026-11-26 00:00 UTC)':
    never a local time the recorded day did not have."""
    instant = datetime.fromisoformat(at)
    local = instant.astimezone()
    if local.date() == day:
        return f"{local:%H:%M}"
    return f"({instant.astimezone(UTC):%Y-%m-%d %H:%M} UTC)"


def when_recorded(day: date, at: str) -> str:
    """'2026-11-23 07:30': a record's own day and its time (see `time_recorded`); after a
    change of zone, '2026-11-26 (2026-11-26 00:00 UTC)'."""
    return f"{day.isoformat()} {time_recorded(day, at)}"


def counter_line(phase: Phase) -> str:
    """Where the user is, like "rep 3 of 10 · left side · set 1 of 2"; sides and sets only
    when the exercise has them."""
    parts = [f"rep {phase.rep_no} of {phase.reps}"]
    if phase.side != "both":
        parts.append(f"{phase.side} side")
    if phase.sets > 1:
        parts.append(f"set {phase.set_no} of {phase.sets}")
    return " · ".join(parts)


def where_line(phase: Phase, upcoming: tuple[Phase, ...]) -> str:
    """The line under the countdown: the counter, or during a rest what the rest is before,
    like "REST · next: set 2 of 2, left side", since the rep it follows is already done."""
    if phase.kind != "rest":
        return counter_line(phase)
    return f"REST · next: {_what_follows(phase, upcoming[0] if upcoming else None)}"


def _what_follows(rest: Phase, following: Phase | None) -> str:
    """What a rest leads to: the next exercise by name, the other side, or the next set."""
    if following is None:
        return "the end"
    if following.step_no != rest.step_no:
        return following.exercise_name
    parts = [f"set {following.set_no} of {following.sets}"] if following.sets > 1 else []
    if following.side != "both":
        parts.append(f"{following.side} side")
    if following.kind == "swap":
        parts.append("legs swapped")
    return ", ".join(parts) or following.exercise_name


def describe(phase: Phase) -> str:
    """A phase in a few words, for the "next" line: 'hold 8 s, rep 2 of 10', 'rest 20 s'."""
    seconds = f"{phase.seconds:g} s"
    if phase.kind == "position":
        return phase.exercise_name
    if phase.kind == "switch":
        return f"switch to the {phase.side} side"
    if phase.kind == "swap":
        return "swap legs"
    if phase.kind == "hold":
        return f"hold {seconds}, rep {phase.rep_no} of {phase.reps}"
    return f"{phase.kind} {seconds}"


def stop_if_line(stop_if: str | None) -> str:
    """An exercise's stop sign, shown beside the timer: "Stop if pain spreads into a leg."."""
    return f"Stop if {stop_if.rstrip('.')}." if stop_if else ""


def next_line(upcoming: tuple[Phase, ...]) -> str:
    """What comes next; after a short break, what comes after it too."""
    if not upcoming:
        return "Next: the end. Last one!"
    text = f"Next: {describe(upcoming[0])}"
    if upcoming[0].kind in ("release", "rest") and len(upcoming) > 1:
        text += f", then {describe(upcoming[1])}"
    return text
