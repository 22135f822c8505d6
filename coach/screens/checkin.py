"""The morning check-in: one short form, Enter from question to question, then save.

Only pain has no default, so `c`, a digit and Enter repeated saves it. The red-flag questions
follow when they are due, and the check-in, its PEG and its red-flag answers are written
together only once everything has been answered: Escape anywhere saves nothing.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual import events, on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Footer, Header, Input, Label, Static

from coach.clinical import (
    MAX_NOTE_CHARS,
    NEW_SYMPTOMS_QUESTION,
    PEG_ITEMS,
    CheckinError,
    checkin_entry,
    needs_peg,
    needs_red_flag_screen,
    parse_minutes,
    peg_entry,
)
from coach.screens.dialog import ConfirmDialog
from coach.screens.red_flags import RedFlagResultScreen, RedFlagsScreen
from coach.store import StoreError
from coach.store.checkins import (
    CheckinEntry,
    PegEntry,
    RedFlagEntry,
    current_checkin,
    last_peg_day,
    last_red_flag_day,
    save_checkin,
)
from coach.user_text import shown
from coach.vocabulary import ACTIVITY, REST, SLEEP, STIFFNESS, Question
from coach.widgets.pain_scale import ChoiceRow, PainScale

if TYPE_CHECKING:
    from coach.app import CoachApp

YES_NO = (("no", "No", "n"), ("yes", "Yes", "y"))
#: Keys that answer the focused question (digits for scales and choices, y/n).
ANSWER_KEYS = "0123456789yn"


def _answers(question: Question) -> ChoiceRow:
    """The question's buttons, keyed by their position (1, 2, 3…), its default chosen."""
    options = [
        (choice.value, choice.button, str(n)) for n, choice in enumerate(question.choices, 1)
    ]
    return ChoiceRow(options, question.default, id=question.column)


def start_checkin(app: CoachApp) -> None:
    """Open today's check-in; when there is one already, ask before replacing it."""
    existing = current_checkin(app.store, app.clock.today())
    if existing is None:
        app.push_screen(CheckinScreen())
        return

    def confirmed(replace: bool | None) -> None:
        if replace:
            app.push_screen(CheckinScreen(replace=True))

    at = existing.local_time
    when = "this morning's" if at.hour < 12 else "today's"
    question = ReplaceQuestion(
        "Checked in already",
        f"Replace {when} check-in (pain {existing.pain} at {at:%H:%M})?",
        "The earlier one is kept in your history of edits.",
    )
    app.push_screen(question, confirmed)


class ReplaceQuestion(ConfirmDialog):
    """Replace today's check-in? The earlier one is kept, marked as replaced."""

    BINDINGS = [
        Binding("y", "answer(True)", "Replace", id="checkin.replace.yes"),
        Binding("n", "answer(False)", "Keep it", id="checkin.replace.no"),
    ]
    YES_VARIANT = "warning"


class CheckinScreen(Screen[None]):
    """The form. Saves (and pops itself) or hands over to the red-flag questions."""

    CSS_PATH = "checkin.tcss"
    BINDINGS = [
        Binding("enter", "next", "Next", priority=True, id="checkin.next"),
        Binding("ctrl+s", "save", "Save", id="checkin.save"),
        Binding("escape", "cancel", "Cancel", id="checkin.cancel"),
        Binding("down", "focus_next", "Next question", show=False, id="checkin.down"),
        Binding("up", "focus_previous", "Previous question", show=False, id="checkin.up"),
        # Answers are priority bindings too, so that a burst of keys ("3", Enter, "2" …) is
        # taken in the order typed, each by the question focused at that moment.
        *(
            Binding(
                key,
                f"answer('{key}')",
                "Answer",
                show=False,
                priority=True,
                id=f"checkin.answer_{key}",
            )
            for key in ANSWER_KEYS
        ),
    ]

    app: CoachApp

    def __init__(self, *, replace: bool = False) -> None:
        super().__init__()
        self._replace = replace

    def compose(self) -> ComposeResult:
        today = self.app.clock.today()
        self._ask_peg = needs_peg(last_peg=last_peg_day(self.app.store), today=today)
        yield Header()
        with VerticalScroll(id="form"):
            with Horizontal(classes="field tall"):
                yield Label("Pain now", classes="label")
                yield PainScale(clock=self.app.clock, id="pain")
            with Horizontal(classes="field"):
                yield Label(ACTIVITY.label, classes="label")
                yield _answers(ACTIVITY)
                yield Input(
                    placeholder="0",
                    id="minutes",
                    type="integer",
                    max_length=4,
                    compact=True,
                    disabled=ACTIVITY.default == REST,
                )
                yield Static("min", classes="unit")
            for question in (SLEEP, STIFFNESS):
                with Horizontal(classes="field"):
                    yield Label(question.label, classes="label")
                    yield _answers(question)
            with Horizontal(classes="field"):
                yield Label(NEW_SYMPTOMS_QUESTION, classes="question")
                yield Static("y/n", classes="unit")
                yield ChoiceRow(YES_NO, "no", show_keys=False, id="new-symptoms")
            with Horizontal(classes="field"):
                yield Label("Note", classes="label")
                yield Input(
                    placeholder="optional", id="note", max_length=MAX_NOTE_CHARS, compact=True
                )
            if self._ask_peg:
                yield Static("This week (PEG, asked once a week)", classes="section")
                for item in PEG_ITEMS:
                    with Vertical(classes="field peg"):
                        yield Label(item.question, classes="question")
                        yield PainScale(
                            clock=self.app.clock, anchors=item.anchors, id=f"peg-{item.column}"
                        )
            yield Static(id="error", markup=False)
            with Horizontal(id="buttons"):
                yield Button(
                    "Save", id="save", variant="primary", compact=True, action="screen.save"
                )
                yield Button("Cancel", id="cancel", compact=True, action="screen.cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Morning check-in" + (" (replacing today's)" if self._replace else "")
        self.query_one("#pain", PainScale).focus()

    def _fields(self) -> list[Widget]:
        """The answers, in the order Enter walks through them (disabled ones skipped)."""
        return [field for field in self.query("PainScale, ChoiceRow, Input") if not field.disabled]

    def action_next(self) -> None:
        focused = self.focused
        if isinstance(focused, Button):
            focused.press()
            return
        if isinstance(focused, PainScale) and focused.value is None:
            focused.show_missing()
            return
        fields = self._fields()
        if focused in fields and focused is not fields[-1]:
            # At once, not via focus(): the next key must already find the next question.
            self.set_focus(fields[fields.index(focused) + 1])
        else:
            self.action_save()

    def action_answer(self, key: str) -> None:
        """Give a typed answer to the focused question; anything else types as usual."""
        focused = self.focused
        if not (isinstance(focused, PainScale | ChoiceRow) and focused.answer(key)):
            raise SkipAction()

    def action_save(self) -> None:
        unanswered = next((scale for scale in self.query(PainScale) if scale.value is None), None)
        if unanswered is not None:
            unanswered.show_missing()
            unanswered.focus()
            return
        try:
            entry = checkin_entry(
                pain=self._scale("#pain"),
                activity=self.query_one("#activity", ChoiceRow).value,
                activity_min=parse_minutes(self.query_one("#minutes", Input).value),
                sleep=self.query_one("#sleep", ChoiceRow).value,
                stiffness=self.query_one("#stiffness", ChoiceRow).value,
                new_symptoms=self.query_one("#new-symptoms", ChoiceRow).value == "yes",
                note=self.query_one("#note", Input).value,
            )
            peg = (
                peg_entry(*(self._scale(f"#peg-{item.column}") for item in PEG_ITEMS))
                if self._ask_peg
                else None
            )
        except CheckinError as error:
            self._show_error(str(error))
            return
        store, clock = self.app.store, self.app.clock
        if needs_red_flag_screen(
            last_screen=last_red_flag_day(store),
            today=clock.today(),
            new_symptoms=entry.new_symptoms,
        ):
            self.app.push_screen(RedFlagsScreen(), partial(self._red_flags_answered, entry, peg))
        else:
            self._save(entry, peg, None)

    def _scale(self, selector: str) -> int:
        value = self.query_one(selector, PainScale).value
        assert value is not None, "checked by action_save"
        return value

    def _red_flags_answered(
        self, entry: CheckinEntry, peg: PegEntry | None, red_flags: RedFlagEntry | None
    ) -> None:
        if red_flags is None:
            self.action_cancel()
        else:
            self._save(entry, peg, red_flags)

    def _save(
        self, entry: CheckinEntry, peg: PegEntry | None, red_flags: RedFlagEntry | None
    ) -> None:
        try:
            save_checkin(
                self.app.store,
                self.app.clock,
                entry,
                peg=peg,
                red_flags=red_flags,
                replace=self._replace,
            )
        except StoreError as error:
            self._show_error(f"Not saved: {error}")
            return
        if red_flags is not None and red_flags.result != "none":
            self.app.switch_screen(RedFlagResultScreen(red_flags))
        else:
            self.dismiss()
            self.app.notify(f"Pain {entry.pain}/10 recorded.", title="Check-in saved")

    def _show_error(self, message: str) -> None:
        self.query_one("#error", Static).update(shown(message[:1].upper() + message[1:]))

    def action_cancel(self) -> None:
        self.dismiss()
        self.app.notify("Nothing was saved.", title="Check-in cancelled")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Mark the question being answered (`:focus-within` does not restyle its label)."""
        for field in self.query(".field"):
            field.set_class(event.widget in field.children, "-current")

    @on(ChoiceRow.Changed, "#activity")
    def _activity_changed(self, event: ChoiceRow.Changed) -> None:
        """Rest has no minutes; anything else may."""
        minutes = self.query_one("#minutes", Input)
        minutes.disabled = event.value == REST
        if minutes.disabled:
            minutes.value = ""
