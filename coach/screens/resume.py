"""Offered at start-up when a routine was left unfinished (a crash, a closed terminal):
resume it at the first rep after the last one done, or close it as stopped. Either way every
rep already done is kept, and none is counted twice."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.binding import Binding

from coach.flows import (
    SessionUnavailable,
    UnfinishedSession,
    close_left_session,
    describe_unfinished,
)
from coach.screens.dialog import ConfirmDialog
from coach.screens.player import resume_session
from coach.store import StoreError
from coach.store.sessions import Session
from coach.user_text import shown
from coach.words import count, counter_line

if TYPE_CHECKING:
    from coach.app import CoachApp


def offer_resume(
    app: CoachApp, session: Session | None, then: Callable[[], None] | None = None
) -> None:
    """Ask about the unfinished session, if there is one; `then` runs when there is none or
    once it has been closed (not when it is resumed)."""
    if session is None:
        if then is not None:
            then()
        return

    unfinished = describe_unfinished(
        app.store, app.library, app.settings, session, app.clock.today()
    )

    def answered(resume: bool | None) -> None:
        if resume:
            resume_session(app, session)
            return
        try:
            close_left_session(app.store, session, unfinished.name)
        except SessionUnavailable as error:
            app.notify(shown(str(error)), title="Not closed", timeout=15, markup=False)
        except StoreError as error:
            app.notify(
                shown(str(error)), title="Not saved", severity="error", timeout=15, markup=False
            )
            return
        else:
            app.notify("Closed as stopped; every rep done is kept.", title="Unfinished routine")
        if then is not None:
            then()

    app.push_screen(resume_question(unfinished), callback=answered)


class ResumeQuestion(ConfirmDialog):
    """Resume the unfinished routine (True), or close it as stopped (False)?"""

    FITS_PHONE = True
    BINDINGS = [
        Binding("r", "answer(True)", "Resume", id="resume.resume"),
        Binding("c", "answer(False)", "Close as stopped", id="resume.close"),
    ]


def resume_question(unfinished: UnfinishedSession) -> ResumeQuestion:
    """Resume (True) or close as stopped (False); resuming is greyed out when the routine
    is no longer in the library."""
    when = f"started {unfinished.started:%a %-d %b at %H:%M}"
    resume = unfinished.resume
    if resume is None:
        question = f"{shown(unfinished.name)}, {when}: {count(unfinished.reps_done, 'rep')} done."
        detail = "This routine is no longer in your library, so it cannot be resumed."
    else:
        planned = count(len(resume.plan.holds), "rep")
        question = f"{shown(unfinished.name)}, {when}: {unfinished.reps_done} of {planned} done."
        phase = resume.phase
        if phase is None and unfinished.earlier_day:
            where = "Every rep is done, on an earlier day: close it."
        elif phase is None:
            where = "Every rep is done: resume to finish it (pain now, and the summary)."
        elif unfinished.earlier_day:
            where = (
                f"Resume at {shown(phase.exercise_name)}, {counter_line(phase)}, as today's "
                f"routine? The one of {unfinished.started:%a %-d %b} is closed as stopped."
            )
        else:
            where = f"Resume at {shown(phase.exercise_name)}, {counter_line(phase)}?"
        detail = f"{where}\nEvery rep already done is kept either way."
    return ResumeQuestion("Unfinished routine", question, detail, can_say_yes=unfinished.can_resume)
