"""The morning check-in: one short form, Enter from question to question, then save.

Pain must be answered; every other answer has a default, but for yesterday's activity, which
is saved as not said when none is chosen (it is not a rest day): so `c`, a digit and Enter
repeated saves it. After a warning sign,
the follow-up comes first ("have you been seen, or has it gone?"). "About you" (once) and the
warning signs follow the form when they are due, and the check-in, its PEG and those answers
are written together only once everything has been answered: Escape saves nothing (from the
form it asks first when something was answered; from "about you" or the warning signs it goes
back to the form). A
replacement opens with the answers it replaces, PEG included, so changing one answer does
not mean giving all of them again.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from textual import events, on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Header, Input, Label, Static

from coach.clinical import (
    MAX_NOTE_CHARS,
    NEW_SYMPTOMS_QUESTION,
    PEG_ITEMS,
    CheckinError,
    checkin_entry,
    needs_peg,
    parse_minutes,
    peg_entry,
)
from coach.red_flags import current_hold, screen_due
from coach.screens.dialog import ConfirmDialog
from coach.screens.red_flags import AboutYouScreen, RedFlagsScreen, follow_up, show_hold
from coach.store import StoreError
from coach.store.checkins import (
    CheckinEntry,
    CheckinExistsError,
    PegEntry,
    StoredCheckin,
    checkin_peg,
    current_checkin,
    last_peg_day,
    save_checkin,
)
from coach.store.red_flags import RedFlagEntry
from coach.store.red_flags import background as stored_background
from coach.store.runs import minutes_run_on
from coach.user_text import shown
from coach.vocabulary import ACTIVITY, REST, RUN, SLEEP, STIFFNESS, Question
from coach.widgets.footer import Footer
from coach.widgets.pain_scale import ChoiceRow, PainScale

if TYPE_CHECKING:
    from coach.app import CoachApp
    from coach.clock import Clock
    from coach.store import Store

#: The widgets that hold an answer, each with a `value`.
_Answer = PainScale | ChoiceRow | Input

YES_NO = (("no", "No", "n"), ("yes", "Yes", "y"))
#: Keys that answer the focused question (digits for scales and choices, y/n).
ANSWER_KEYS = "0123456789yn"


def _answers(question: Question, answer: str | None) -> ChoiceRow:
    """The question's buttons, keyed by their position (1, 2, 3…), `answer` (or else the
    default, for a question that has one) chosen."""
    options = [
        (choice.value, choice.button, str(n)) for n, choice in enumerate(question.choices, 1)
    ]
    return ChoiceRow(options, answer or question.default, id=question.column)


def start_checkin(app: CoachApp) -> None:
    """Open today's check-in: after a warning sign from an earlier day, its follow-up first;
    when there is a check-in today already, ask before replacing it."""
    hold = current_hold(app.store)
    if hold is not None and hold.follow_up_due(app.clock.today()):
        follow_up(app, hold, lambda: _open_form(app))
    else:
        _open_form(app)


def _open_form(app: CoachApp) -> None:
    existing = current_checkin(app.store, app.clock.today())
    if existing is None:
        app.push_screen(CheckinScreen())
        return

    def confirmed(replace: bool | None) -> None:
        if replace:
            app.push_screen(CheckinScreen(replacing=existing))

    app.push_screen(ReplaceQuestion.about(existing), confirmed)


class ReplaceQuestion(ConfirmDialog):
    """Replace today's check-in? The earlier one is kept, marked as replaced."""

    BINDINGS = [
        Binding("y", "answer(True)", "Replace", id="checkin.replace.yes"),
        Binding("n", "answer(False)", "Keep it", id="checkin.replace.no"),
    ]
    YES_VARIANT = "warning"

    @classmethod
    def about(cls, existing: StoredCheckin) -> ReplaceQuestion:
        at = existing.local_time
        when = "this morning's" if at.hour < 12 else "today's"
        return cls(
            "Checked in already",
            f"Replace {when} check-in (pain {existing.pain} at {at:%H:%M})?",
            "The earlier one is kept in your history of edits.",
        )


class DiscardQuestion(ConfirmDialog):
    """Escape on a form with answers in it: throw them away, or go back to it?"""

    BINDINGS = [
        Binding("y", "answer(True)", "Discard", id="checkin.discard.yes"),
        Binding("n", "answer(False)", "Keep answering", id="checkin.discard.no"),
    ]
    YES_VARIANT = "warning"


def _ran(store: Store, clock: Clock) -> tuple[str | None, int]:
    """Yesterday's activity as a run played in coach the day before left it (a run, its guided
    minutes), so the next morning's check-in starts from it; nothing chosen otherwise."""
    minutes = minutes_run_on(store, clock.today() - timedelta(days=1))
    return (ACTIVITY.default, 0) if minutes is None else (RUN, minutes)


class CheckinScreen(Screen[None]):
    """The form. Saves (and pops itself) or hands over to the red-flag questions."""

    CSS_PATH = "checkin.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-wide")]
    BINDINGS = [
        Binding("enter", "next", "Next", priority=True, id="checkin.next"),
        Binding("ctrl+s", "save", "Save", id="checkin.save"),
        Binding("escape", "cancel", "Cancel", id="checkin.cancel"),
        # Priority, or the form's scroll bindings take them and only the view moves.
        Binding("down", "move(1)", "Next question", show=False, priority=True, id="checkin.down"),
        Binding("up", "move(-1)", "Previous question", show=False, priority=True, id="checkin.up"),
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

    def __init__(self, *, replacing: StoredCheckin | None = None) -> None:
        super().__init__()
        self._replacing = replacing

    def compose(self) -> ComposeResult:
        store, clock, before = self.app.store, self.app.clock, self._replacing
        peg_before = checkin_peg(store, before.id) if before is not None else None
        self._ask_peg = peg_before is not None or needs_peg(
            last_peg=last_peg_day(store), today=clock.today()
        )
        activity, minutes = (
            (before.activity, before.activity_min) if before is not None else _ran(store, clock)
        )
        yield Header()
        # Each field is its label and its answers: side by side from 80 columns, the answers
        # under the label below that (`-narrow` in checkin.tcss), so none is cut off at 60.
        with VerticalScroll(id="form"):
            with Horizontal(classes="field tall"):
                yield Label("Pain now", classes="label")
                yield PainScale(before.pain if before else None, clock=clock, id="pain")
            with Horizontal(classes="field"):
                yield Label(ACTIVITY.label, classes="label")
                with Horizontal(classes="answers"):
                    yield _answers(ACTIVITY, activity)
                    yield Input(
                        str(minutes) if minutes else "",
                        placeholder="0",
                        id="minutes",
                        type="integer",
                        max_length=4,
                        compact=True,
                        disabled=activity in (None, REST),  # minutes follow a chosen activity
                    )
                    yield Static("min", classes="unit")
            for question in (SLEEP, STIFFNESS):
                with Horizontal(classes="field"):
                    yield Label(question.label, classes="label")
                    yield _answers(question, getattr(before, question.column, None))
            with Horizontal(classes="field"):
                yield Label(NEW_SYMPTOMS_QUESTION, classes="question")
                with Horizontal(classes="answers"):
                    yield Static("y/n", classes="unit")
                    new = "yes" if before and before.new_symptoms else "no"
                    yield ChoiceRow(YES_NO, new, show_keys=False, id="new-symptoms")
            with Horizontal(classes="field"):
                yield Label("Note", classes="label")
                yield Input(
                    before.note if before else "",
                    placeholder="optional",
                    id="note",
                    max_length=MAX_NOTE_CHARS,
                    compact=True,
                )
            if self._ask_peg:
                yield Static("This week (PEG, asked once a week)", classes="section")
                for item in PEG_ITEMS:
                    with Vertical(classes="field peg"):
                        yield Label(item.question, classes="question")
                        yield PainScale(
                            getattr(peg_before, item.column, None),
                            clock=clock,
                            anchors=item.anchors,
                            id=f"peg-{item.column}",
                        )
            yield Static(id="error", markup=False)
            with Horizontal(id="buttons"):
                yield Button(
                    "Save", id="save", variant="primary", compact=True, action="screen.save"
                )
                yield Button("Cancel", id="cancel", compact=True, action="screen.cancel")
        yield Footer()

    def on_mount(self) -> None:
        self._show_title()
        self.query_one("#pain", PainScale).focus()
        self._opened_with = self._given()

    def _show_title(self) -> None:
        replacing = self._replacing is not None
        self.sub_title = "Morning check-in" + (" (replacing today's)" if replacing else "")

    def _given(self) -> tuple[object, ...]:
        """Every answer as it stands, to tell whether Escape would throw any away."""
        answers = self.query("PainScale, ChoiceRow, Input")
        return tuple(
            field.chosen if isinstance(field, ChoiceRow) else field.value
            for field in answers
            if isinstance(field, _Answer)
        )

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

    def action_move(self, step: int) -> None:
        """Up and Down: to the question before or after the focused one (from the buttons, the
        last one)."""
        fields = self._fields()
        focused = self.focused
        index = fields.index(focused) + step if focused in fields else len(fields) - 1
        self.set_focus(fields[min(max(index, 0), len(fields) - 1)])

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
        minutes = self.query_one("#minutes", Input)
        try:
            activity_min = parse_minutes(minutes.value)
        except CheckinError as error:
            minutes.add_class("-invalid")
            minutes.focus()
            self._show_error(str(error))
            return
        try:
            entry = checkin_entry(
                pain=self._scale("#pain"),
                activity=self.query_one("#activity", ChoiceRow).chosen,
                activity_min=activity_min,
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
        store = self.app.store
        if entry.new_symptoms:
            due: str | None = "new"
        elif current_hold(store) is not None:
            due = None  # a warning sign still held: asked again only when something is new
        else:
            due = screen_due(store, self.app.clock.today())
        if due is None:
            self._save(entry, peg)
            return
        background = stored_background(store)
        if background is not None:
            self._ask_signs(entry, peg, due, background, None)
            return

        def background_given(answers: dict[str, bool] | None) -> None:
            if answers is None:
                return  # back to the form, its answers kept, nothing saved
            given = frozenset(column for column, yes in answers.items() if yes)
            self._ask_signs(entry, peg, due, given, answers)

        self.app.push_screen(AboutYouScreen(), background_given)

    def _ask_signs(
        self,
        entry: CheckinEntry,
        peg: PegEntry | None,
        due: str,
        background: frozenset[str],
        background_answers: dict[str, bool] | None,
    ) -> None:
        """The warning signs; then everything is saved together. Escape goes back to the form,
        its answers kept, nothing saved."""
        screen = RedFlagsScreen(background, due)

        def answered(answers: dict[str, bool] | None) -> None:
            if answers is not None:
                self._save(entry, peg, screen.entry(answers), background_answers)

        self.app.push_screen(screen, answered)

    def _scale(self, selector: str) -> int:
        value = self.query_one(selector, PainScale).value
        assert value is not None, "checked by action_save"
        return value

    def _save(
        self,
        entry: CheckinEntry,
        peg: PegEntry | None,
        red_flags: RedFlagEntry | None = None,
        background: dict[str, bool] | None = None,
    ) -> None:
        try:
            save_checkin(
                self.app.store,
                self.app.clock,
                entry,
                peg=peg,
                red_flags=red_flags,
                background=background,
                replace=self._replacing is not None,
            )
        except CheckinExistsError as exists:
            # Another window (or `coach checkin`) saved one since this form opened: replace it
            # only when asked; else back to the form, its answers kept, nothing saved.
            existing = exists.existing

            def confirmed(replace: bool | None) -> None:
                if replace:
                    self._replacing = existing
                    self._show_title()
                    self._save(entry, peg, red_flags, background)

            self.app.push_screen(ReplaceQuestion.about(existing), confirmed)
            return
        except StoreError as error:
            self._show_error(f"Not saved: {error}")
            return
        hold = current_hold(self.app.store)
        if hold is not None:  # a new warning sign, or one not yet followed up: the advice
            show_hold(self.app, hold)
        else:
            self.dismiss()
            self.app.notify(f"Pain {entry.pain}/10 recorded.", title="Check-in saved")

    def _show_error(self, message: str) -> None:
        self.query_one("#error", Static).update(shown(message[:1].upper() + message[1:]))

    def action_cancel(self) -> None:
        """Leave without saving, and without a word: an untouched form loses nothing, and
        answers typed since the form opened are not lost to a stray Escape, as a question
        asks first and says they will not be saved."""
        if self._given() == self._opened_with:
            self.dismiss()
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss()

        self.app.push_screen(
            DiscardQuestion("Discard this check-in?", "Your answers will not be saved."),
            answered,
        )

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Mark the question being answered (`:focus-within` does not restyle its label) and
        bring all of it, label and answers, into view."""
        for field in self.query(".field"):
            current = field in event.widget.ancestors
            field.set_class(current, "-current")
            if current:
                field.scroll_visible(animate=False)

    @on(Input.Changed, "#minutes")
    def _minutes_changed(self) -> None:
        self.query_one("#minutes", Input).remove_class("-invalid")

    @on(ChoiceRow.Changed, "#activity")
    def _activity_changed(self, event: ChoiceRow.Changed) -> None:
        """Rest has no minutes; anything else may."""
        minutes = self.query_one("#minutes", Input)
        minutes.disabled = event.value == REST
        if minutes.disabled:
            minutes.value = ""
