"""Today in one short line, for a shell prompt or a tmux status bar (`coach status`).

No Textual, and nothing heavier than the store and the plan rules: it runs on every prompt.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from coach.clinical import CARE_ADVICE, TodaysPlan, plan_for_day
from coach.library import RunStage
from coach.running import answer_for_day
from coach.settings import Runner
from coach.store.days import DayStatus, day_status
from coach.store.db import Store

CHECKIN_DUE = "coach: check-in due"


def routine_due(plan: TodaysPlan, status: DayStatus) -> str | None:
    """The routine the day's plan asks for next, or None when every one it suggests is done:
    the status line and home's hint both say this, so they cannot disagree."""
    return plan.next_routine(status.sessions_completed)


def status_line(
    store: Store, day: date, runner: Runner = "ask", stages: Sequence[RunStage] = ()
) -> str:
    """Today in a few words: the check-in, the kind of day, the next routine, and running
    (`stages`: the return-to-running programme; without them, running is as usual)."""
    status = day_status(store, day)
    if status.red_flag is not None:  # before the plan: it would only say the same
        return f"coach: warning sign · {CARE_ADVICE[status.red_flag].title.lower()}"
    plan = plan_for_day(store, status)
    if plan is None:
        return CHECKIN_DUE
    routine = routine_due(plan, status)
    todo = f"{routine} due" if routine else "done for today"
    running = answer_for_day(store, plan, runner, stages, day).short
    return f"coach: pain {status.checkin_pain} · {plan.title.lower()} · {todo} · {running}"
