"""Today in one short line, for a shell prompt or a tmux status bar (`coach status`).

No Textual, and nothing heavier than the store and the plan rules: it runs on every prompt.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from coach.clinical import TodaysPlan, plan_for_day
from coach.escalation import SEE_CLINICIAN
from coach.library import Library, RunStage
from coach.red_flags import care_advice, current_hold
from coach.running import answer_for_day
from coach.settings import Runner
from coach.store.days import DayStatus, day_status
from coach.store.db import Store
from coach.words import PLAYING_ELSEWHERE

CHECKIN_DUE = "coach: check-in due"


def routines_ahead(plan: TodaysPlan, status: DayStatus) -> tuple[str, ...]:
    """The routines the day's plan still asks for, in order: neither done nor playing in
    another window (that one is not to be started twice)."""
    return plan.routines_left(status.sessions_completed + status.sessions_elsewhere)


def routine_due(plan: TodaysPlan, status: DayStatus) -> str | None:
    """The routine the day's plan asks for next, or None when every one it suggests is done
    or playing: the status line and home's hint both say this, so they cannot disagree."""
    return next(iter(routines_ahead(plan, status)), None)


def status_line(
    store: Store,
    day: date,
    *,
    emergency_number: str,
    runner: Runner = "ask",
    stages: Sequence[RunStage] = (),
    library: Library | None = None,
) -> str:
    """Today in a few words: a warning sign held, or the check-in, the kind of day, the next
    routine (by its name in `library`), running (`stages`: the return-to-running programme;
    without them, running is as usual), and "see your GP or physiotherapist" when the records
    say so."""
    hold = current_hold(store)
    if hold is not None:  # before the plan: it would only say the same
        if hold.follow_up_due(day):
            return (
                f"coach: warning sign of {hold.last_day:%-d %b} · follow-up due: "
                "coach checkin --follow-up seen|gone|not-yet"
            )
        advice = care_advice(hold.tier, emergency_number)
        call = f" (call {emergency_number})" if hold.tier == "urgent" else ""
        return f"coach: warning sign · {advice.title.lower()}{call}"
    status = day_status(store, day)

    def named(routine: str) -> str:
        return library.routine_name(routine) if library else routine

    playing = [f"{named(routine)} {PLAYING_ELSEWHERE}" for routine in status.sessions_elsewhere]
    plan = plan_for_day(store, status, emergency_number=emergency_number)
    if plan is None:
        return " · ".join([CHECKIN_DUE, *playing])
    parts = [f"coach: pain {status.checkin_pain}", plan.title.lower(), *playing]
    if plan.routines:
        routine = routine_due(plan, status)
        if routine is not None:
            parts.append(f"{named(routine)} due")
        elif not playing:
            parts.append("done for today")
    parts.append(answer_for_day(store, plan, runner, stages, day).short)
    if plan.notices:
        parts.append(SEE_CLINICIAN[:1].lower() + SEE_CLINICIAN[1:])  # "GP" stays a GP
    return " · ".join(parts)
