"""Dialogs: one frame for every dialog over a screen, and the one yes-or-no question.

A `Dialog` is a box in the middle of the screen, its title in the border, its buttons at the
bottom right, and its own footer: the keys shown are the dialog's, never those of the screen
behind it, which do nothing while it is up. The frame's rules are written once, here; they
apply to every subclass (a CSS type selector matches subclasses), and a dialog's own sheet
adds only what is its own (a width, a colour).

`ConfirmDialog` is every question with two answers (leave the routine? replace today's
check-in? resume the unfinished routine?), after Posting's `widgets/confirmation.py`: each
answer has a key, escape always says no, and a yes that is not possible now (a routine no
longer in the library) is shown greyed out, its key dimmed in the footer and refused. A
question only declares its keys and words; the behaviour and the look are this one class.
"""

from __future__ import annotations

from typing import ClassVar, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static
from textual.widgets.button import ButtonVariant

from coach.widgets.footer import Footer

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """The frame every dialog shares; a subclass composes inside `dialog_frame()`."""

    # The app's own ctrl+c is hidden under a dialog: it still says which key quits.
    BINDINGS = [Binding("ctrl+c", "app.help_quit", show=False, id="dialog.help_quit")]

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


class ConfirmDialog(Dialog[bool]):
    """A question answered True (yes) or False (no, or escape).

    Each question is a subclass that declares its two keys in BINDINGS, bound to
    `answer(True)` and `answer(False)` with ids, so `[keys]` can remap them like any other;
    the buttons are labelled with those bindings' descriptions. `can_say_yes=False` greys out
    the yes answer: its button is disabled and its key refused.
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
    BINDINGS = [Binding("escape", "answer(False)", "No", show=False, id="confirm.escape")]
    #: How each answer's button looks.
    YES_VARIANT: ClassVar[ButtonVariant] = "primary"
    NO_VARIANT: ClassVar[ButtonVariant] = "default"

    def __init__(
        self,
        title: str,
        question: str | Text,
        detail: str | Text = "",
        *,
        focus_yes: bool = True,
        can_say_yes: bool = True,
    ) -> None:
        super().__init__(title)
        self._question = question
        self._detail = detail
        self._focus_yes = focus_yes and can_say_yes
        self.can_say_yes = can_say_yes

    @classmethod
    def answer_label(cls, yes: bool) -> str:
        """The description of the question's own binding for that answer."""
        action = f"answer({yes})"
        return next(
            binding.description
            for binding in Binding.make_bindings(vars(cls).get("BINDINGS", ()))
            if binding.action == action
        )

    def compose_body(self) -> ComposeResult:
        yield Static(self._question, id="question", markup=False)
        if self._detail:
            yield Static(self._detail, id="detail", markup=False)
        with Horizontal(id="buttons"):
            yield Button(self.answer_label(False), id="no", variant=self.NO_VARIANT)
            yield Button(
                self.answer_label(True),
                id="yes",
                variant=self.YES_VARIANT,
                disabled=not self.can_say_yes,
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
