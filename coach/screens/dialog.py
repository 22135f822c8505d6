"""Dialogs: one frame for every dialog over a screen, and the one yes-or-no question.

A `Dialog` is a box in the middle of the screen, its title in the border, its buttons at the
bottom right, and its own footer: the keys shown are the dialog's, never those of the screen
behind it, which do nothing while it is up. The frame's rules are written once, here; they
apply to every subclass (a CSS type selector matches subclasses), and a dialog's own sheet
adds only what is its own (a width, a colour).

`ConfirmDialog` is every question with two answers (leave the routine? replace today's
check-in? resume the unfinished routine?), after Posting's `widgets/confirmation.py`: each
answer has a key, escape always says no, and a yes that is not possible now (a routine no
longer in the library) is shown greyed out, its key dimmed in the footer and refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static
from textual.widgets.button import ButtonVariant

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """The frame every dialog shares; a subclass composes inside `dialog_frame()`."""

    DEFAULT_CSS = """
    Dialog {
        align: center middle;

        #dialog {
            width: 72;
            max-width: 100%;
            height: auto;
            max-height: 100%;
            border: thick $primary;
            border-title-color: $primary;
            border-title-style: bold;
            background: $surface;
            padding: 1 2;
        }

        #buttons {
            height: auto;
            margin-top: 1;
            align-horizontal: right;

            Button {
                margin-left: 2;
            }
        }
    }
    """

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as frame:
            frame.border_title = self.title_text
            yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        """The dialog's own widgets, inside the frame."""
        yield from ()


@dataclass(frozen=True)
class Answer:
    """One of a question's two answers: its button, and the key that gives it."""

    label: str
    key: str
    variant: ButtonVariant = "default"


class ConfirmDialog(Dialog[bool]):
    """A question answered True (yes) or False (no, or escape).

    `name` makes the key bindings' ids (`name.yes`, `name.no`), so they can be remapped.
    `can_say_yes=False` greys out the yes answer: its button is disabled and its key refused.
    """

    DEFAULT_CSS = """
    ConfirmDialog {
        #dialog {
            border: thick $warning;
            border-title-color: $warning;
        }

        #question {
            text-style: bold;
        }

        #detail {
            margin-top: 1;
        }
    }
    """

    def __init__(
        self,
        name: str,
        title: str,
        question: str | Text,
        detail: str | Text = "",
        *,
        yes: Answer,
        no: Answer,
        focus_yes: bool = True,
        can_say_yes: bool = True,
    ) -> None:
        super().__init__(title)
        self._question = question
        self._detail = detail
        self._yes = yes
        self._no = no
        self._focus_yes = focus_yes and can_say_yes
        self.can_say_yes = can_say_yes
        # The keys are the caller's, so they are bound per dialog rather than in BINDINGS.
        self._bindings = BindingsMap.merge(
            [
                self._bindings,
                BindingsMap(
                    [
                        Binding(yes.key, "answer(True)", yes.label, id=f"{name}.yes"),
                        Binding(no.key, "answer(False)", no.label, id=f"{name}.no"),
                        Binding("escape", "answer(False)", no.label, show=False,
                                id=f"{name}.escape"),
                    ]
                ),
            ]
        )  # fmt: skip

    def compose_body(self) -> ComposeResult:
        yield Static(self._question, id="question", markup=False)
        if self._detail:
            yield Static(self._detail, id="detail", markup=False)
        with Horizontal(id="buttons"):
            yield Button(self._no.label, id="no", variant=self._no.variant)
            yield Button(
                self._yes.label, id="yes", variant=self._yes.variant, disabled=not self.can_say_yes
            )

    def on_mount(self) -> None:
        self.query_one("#yes" if self._focus_yes else "#no", Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A yes that is not possible is shown dimmed in the footer, and does nothing."""
        if action == "answer" and parameters == (True,) and not self.can_say_yes:
            return None
        return True

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes and self.can_say_yes)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.action_answer(event.button.id == "yes")
