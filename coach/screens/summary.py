"""The end of a routine: "pain now?" (skippable), then what was done, read back from disk."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Header, Static

from coach.plan import Plan
from coach.progression import (
    LEG_PAIN_ADVICE,
    RoutineDoses,
    changes_since,
    offer_line,
    routine_doses,
)
from coach.report import change_verdict
from coach.rules import CHANGE_RULES
from coach.screens.dialog import Dialog
from coach.screens.user_text import markup
from coach.store.feedback import session_leg_pain
from coach.store.sessions import get_session, reps_done
from coach.user_text import shown
from coach.widgets.footer import Footer
from coach.widgets.pain_scale import PainScale
from coach.words import SESSION_STATUS, duration

if TYPE_CHECKING:
    from coach.app import CoachApp


class PainModal(Dialog[int | None]):
    """A 0–10 pain question; Enter answers it, Escape (or Skip) leaves it unanswered."""

    CSS_PATH = "summary.tcss"
    FITS_PHONE = True  # before and after a routine on a phone: the scale narrows to fit
    app: CoachApp

    #: Focused by Textual on activation: no query that could miss if the app is closing.
    AUTO_FOCUS = "#pain"
    BINDINGS = [
        Binding("enter", "save", "Save", id="pain.save"),
        Binding("escape", "skip", "Skip", id="pain.skip"),
    ]

    def __init__(self, title: str, question: str, value: int | None = None) -> None:
        """`value` is the answer Enter keeps unless another is typed."""
        super().__init__(title)
        self._question = question
        self._value = value

    def compose_body(self) -> ComposeResult:
        yield Static(self._question, id="question", markup=False)
        yield PainScale(self._value, clock=self.app.clock, id="pain")
        with Horizontal(id="buttons"):
            yield Button("Save", id="save", variant="primary")
            yield Button("Skip", id="skip")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_skip()

    def action_save(self) -> None:
        scale = self.query_one(PainScale)
        if scale.value is None:
            scale.show_missing()
            scale.focus()
            return
        self.dismiss(scale.value)

    def action_skip(self) -> None:
        self.dismiss(None)


class SummaryScreen(Screen[None]):
    """What the session did: reps, guided time, pain before → after."""

    CSS_PATH = "summary.tcss"
    FITS_PHONE = True
    BINDINGS = [
        Binding("enter", "close", "Done", id="summary.done"),
        Binding("escape", "close", "Done", show=False, id="summary.escape"),
    ]

    app: CoachApp

    def __init__(
        self,
        session_id: int,
        plan: Plan,
        planned: int | None = None,
        doses: RoutineDoses | None = None,
    ) -> None:
        """`planned`: the reps the session was to do (by default, all of the plan's); `doses`:
        the person's doses the session began with, to say what it changed."""
        super().__init__()
        self.session_id = session_id
        self.plan = plan
        self.planned = len(plan.holds) if planned is None else planned
        self.doses = doses
        self.sub_title = shown(plan.routine.name)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="summary"):
            yield Static(id="headline")
            yield Static(id="reps", classes="row")
            yield Static(id="time", classes="row")
            yield Static(id="pain", classes="row")
            yield Static(id="doses", markup=False)
            yield Button("Done", id="done", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        store = self.app.store
        session = get_session(store, self.session_id)
        assert session is not None
        done = len(reps_done(store, self.session_id))
        planned = self.planned
        finished = session.status == "completed"
        title = "Well done" if finished else SESSION_STATUS["stopped"].capitalize()
        self.query_one("#summary").border_title = title
        headline = (
            f"$name: {SESSION_STATUS['completed']}."
            if finished
            else f"$name: {SESSION_STATUS['stopped']}; every rep is kept."
        )
        self.query_one("#headline", Static).update(
            markup(f"[b]{headline}[/b]", name=self.plan.routine.name)
        )
        self.query_one("#reps", Static).update(f"[b]Reps[/b]   {done} of {planned}")
        self.query_one("#time", Static).update(
            f"[b]Time[/b]   {duration(session.active_s)} [dim](pauses not counted)[/dim]"
        )
        self.query_one("#pain", Static).update(
            f"[b]Pain[/b]   {pain_line(session.pain_before, session.pain_after)}"
        )
        if self.doses is not None:
            routine = self.doses.routine.id
            now = routine_doses(store, self.app.library, routine, day=self.app.clock.today())
            changed = changes_since(self.doses, now)
            for dose in now.doses.values():
                offered = self.app.library.exercises.get(dose.offer or "")
                if offered is not None:
                    changed.append(offer_line(dose, offered.name))
            if session_leg_pain(store, self.session_id):
                changed.append(LEG_PAIN_ADVICE)
            if changed:
                doses = self.query_one("#doses", Static)
                doses.update("Next time:\n" + "\n".join(changed))
                doses.add_class("-changed")

    def on_button_pressed(self) -> None:
        self.action_close()

    def action_close(self) -> None:
        self.dismiss()


def pain_line(before: int | None, after: int | None) -> str:
    """Pain before → after, named a change only past the rule for one reading
    (`CHANGE_RULES["single"]`, whose number the words give)."""
    shown = f"{'–' if before is None else before} → {'–' if after is None else after}"
    if before is None or after is None:
        return f"{shown} [dim](not answered)[/dim]"
    if after == before:
        return f"{shown}: the same"
    verdict = change_verdict(before, after, averaged=False)
    if verdict == "no clear change":
        needed = CHANGE_RULES["single"].points
        return f"{shown}: no clear change [dim](under {needed:g} points)[/dim]"
    return f"{shown}: {verdict}, a change people notice"
