"""Offered at start-up when a routine was left unfinished (a crash, a closed terminal):
resume it at the first rep after the last one done, or close it as stopped. Either way every
rep already done is kept, and none is counted twice."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from coach.flows import UnfinishedSession, describe_unfinished
from coach.screens.player import resume_session
from coach.screens.user_text import markup
from coach.store import StoreError
from coach.store.sessions import Session, close_unfinished
from coach.user_text import shown
from coach.words import count, counter_line

if TYPE_CHECKING:
    from coach.app import CoachApp


class ResumeModal(ModalScreen[bool]):
    """True to resume, False to close the session as stopped."""

    CSS_PATH = "resume.tcss"
    BINDINGS = [
        Binding("r", "resume", "Resume", id="resume.resume"),
        Binding("c", "close", "Close as stopped", id="resume.close"),
    ]

    def __init__(self, text: Content, *, can_resume: bool) -> None:
        super().__init__()
        self._text = text
        self._can_resume = can_resume

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self._text, id="text")
            with Horizontal(id="buttons"):
                yield Button("Close as stopped", id="close")
                yield Button(
                    "Resume", id="resume", variant="primary", disabled=not self._can_resume
                )

    def on_mount(self) -> None:
        self.query_one("#dialog").border_title = "Unfinished routine"
        self.query_one("#resume" if self._can_resume else "#close", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "resume")

    def action_resume(self) -> None:
        if self._can_resume:
            self.dismiss(True)

    def action_close(self) -> None:
        self.dismiss(False)


def offer_resume(
    app: CoachApp, session: Session | None, then: Callable[[], None] | None = None
) -> None:
    """Ask about the unfinished session, if there is one; `then` runs when there is none or
    once it has been closed (not when it is resumed)."""
    if session is None:
        if then is not None:
            then()
        return

    def answered(resume: bool | None) -> None:
        if resume:
            resume_session(app, session)
            return
        try:
            close_unfinished(app.store, session.id)
        except StoreError as error:
            app.notify(
                shown(str(error)), title="Not saved", severity="error", timeout=15, markup=False
            )
            return
        app.notify("Closed as stopped; every rep done is kept.", title="Unfinished routine")
        if then is not None:
            then()

    unfinished = describe_unfinished(app.store, app.library, app.settings, session)
    modal = ResumeModal(unfinished_text(unfinished), can_resume=unfinished.can_resume)
    app.push_screen(modal, callback=answered)


def unfinished_text(unfinished: UnfinishedSession) -> Content:
    """The offer's words; the routine's and the exercise's names as text."""
    when = f"started {unfinished.started:%a %-d %b at %H:%M}"
    resume = unfinished.resume
    if resume is None:
        gone = "This routine is no longer in your library, so it cannot be resumed."
        template = f"[b]$name[/b], {when}: {count(unfinished.reps_done, 'rep')} done.\n\n{gone}"
        return markup(template, name=unfinished.name)
    planned = count(unfinished.reps_planned or 0, "rep")
    head = f"[b]$name[/b], {when}: {unfinished.reps_done} of {planned} done."
    phase = resume.phase
    if phase is None:
        where, exercise = "Every rep is done: resume to finish it (pain now, and the summary).", ""
    else:
        where, exercise = f"Resume at $exercise, {counter_line(phase)}?", phase.exercise_name
    template = f"{head}\n\n{where}\nEvery rep already done is kept either way."
    return markup(template, name=unfinished.name, exercise=exercise)
