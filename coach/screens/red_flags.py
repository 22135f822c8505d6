"""The warning-sign questions, one at a time, and the screens that say where to get care.

Nothing is focused on the question screen, so Enter cannot answer a safety question by
accident: it takes `y`, `n` or a click. A "yes" ends in the urgent or same-day screen, which
gives no exercise advice at all.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Static

from coach.clinical import (
    CARE_ADVICE,
    NOT_A_DIAGNOSIS,
    RED_FLAGS,
    flags_answered_yes,
    red_flag_entry,
)
from coach.store.checkins import RedFlagEntry

INTRO = (
    "Before any exercise advice: a few questions about warning signs. They come at your "
    "first check-in, once a week, and whenever something is new."
)


class RedFlagsScreen(Screen[RedFlagEntry | None]):
    """Asks every warning sign in turn; dismisses with the answers, or None if cancelled."""

    CSS_PATH = "red_flags.tcss"
    AUTO_FOCUS = ""  # nothing focused: Enter must not answer a safety question
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="red_flags.yes"),
        Binding("n", "answer(False)", "No", id="red_flags.no"),
        Binding("left,backspace", "back", "Back", id="red_flags.back"),
        Binding("escape", "cancel", "Cancel", id="red_flags.cancel"),
    ]

    index: reactive[int] = reactive(0)

    def __init__(self) -> None:
        super().__init__()
        self._answers: dict[str, bool] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="panel"):
            yield Static(INTRO, id="intro")
            yield Static(id="progress")
            yield Static(id="question", markup=False)
            with Horizontal(id="answer"):
                yield Static("y/n", classes="keys")
                yield Button("Yes", id="yes", variant="warning", compact=True)
                yield Button("No", id="no", variant="primary", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Warning signs"
        self.query_one("#panel").border_title = "Safety check"

    def watch_index(self, index: int) -> None:
        self.query_one("#progress", Static).update(f"Question {index + 1} of {len(RED_FLAGS)}")
        self.query_one("#question", Static).update(RED_FLAGS[index].question)

    def action_answer(self, yes: bool) -> None:
        self._answers[RED_FLAGS[self.index].column] = yes
        if len(self._answers) == len(RED_FLAGS):
            self.dismiss(red_flag_entry(self._answers))
        else:
            self.index += 1

    def action_back(self) -> None:
        if self.index > 0:
            self.index -= 1
            del self._answers[RED_FLAGS[self.index].column]

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.action_answer(event.button.id == "yes")


class RedFlagResultScreen(Screen[None]):
    """Where to get care, and which answers led here. No exercise advice follows it today."""

    CSS_PATH = "red_flags.tcss"
    AUTO_FOCUS = ""  # keep Enter on the screen's binding, shown in the footer
    BINDINGS = [
        Binding("enter", "close", "Back to home", id="red_flags.close"),
        Binding("escape", "close", "Back to home", show=False, id="red_flags.close_escape"),
    ]

    def __init__(self, entry: RedFlagEntry) -> None:
        super().__init__(classes=entry.result.replace("_", "-"))
        self._entry = entry

    def compose(self) -> ComposeResult:
        advice = CARE_ADVICE[self._entry.result]
        signs = "\n".join(
            f"• {flag.question.rstrip('?')}" for flag in flags_answered_yes(self._entry)
        )
        yield Header()
        with Vertical(id="panel"):
            yield Static(advice.title, id="title")
            yield Static(advice.action, id="action")
            yield Static(f"You answered yes to:\n{signs}", id="signs", markup=False)
            yield Static(advice.why, id="why")
            yield Static(NOT_A_DIAGNOSIS, id="disclaimer")
            yield Button("Back to home", id="close", compact=True, action="screen.close")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Warning sign"

    def action_close(self) -> None:
        self.dismiss()
