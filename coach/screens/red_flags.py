"""The safety screens: the warning signs as one checklist, "about you", the follow-up of a
warning sign, and the screen that says where to get care.

The checklists answer the usual case with one key, `n` ("none of these"); a sign is ticked
with space or a click. Enter never answers for the person: with nothing ticked it only says
which key does. Ticking an urgent sign ends the list at once: the urgent screen follows,
nothing more is asked. The rules (which signs, which tier, when) are `coach.red_flags`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Header, OptionList, Static
from textual.widgets.option_list import Option

from coach.red_flags import (
    NOT_A_DIAGNOSIS,
    SCREEN_REASONS,
    Gate,
    Hold,
    care_advice,
    current_hold,
    red_flag_entry,
    sign_questions,
)
from coach.rules import BACKGROUND, sign_label
from coach.screens.dialog import ConfirmDialog
from coach.store import StoreError
from coach.store.red_flags import (
    RedFlagEntry,
    record_follow_up,
    save_background,
    save_screen,
)
from coach.store.red_flags import background as stored_background
from coach.user_text import shown
from coach.vocabulary import FOLLOW_UP
from coach.widgets.footer import Footer

if TYPE_CHECKING:
    from coach.app import CoachApp

NOTHING_TICKED = "Nothing is ticked: press n if none of these applies, or tick each that does."


class ChecklistScreen(Screen[dict[str, bool] | None]):
    """A list to tick. Dismissed with every item's answer, or None when left with escape.

    Each line carries its own mark, `[x]` or `[ ]`, so what is ticked reads the same without
    colour (NO_COLOR) as with it.
    """

    CSS_PATH = "red_flags.tcss"
    BINDINGS = [
        Binding("n", "none", "None of these", id="checklist.none"),
        Binding("space", "tick", "Tick", id="checklist.tick"),
        Binding("enter", "done", "Done", priority=True, id="checklist.done"),
        Binding("escape", "cancel", "Back", id="checklist.cancel"),
    ]
    #: The panel's border title and the header's subtitle.
    TITLE_TEXT = ""

    app: CoachApp

    class Ticked(Message):
        """An item was ticked (not unticked)."""

        def __init__(self, value: str) -> None:
            super().__init__()
            self.value = value

    def __init__(self, items: Mapping[str, str], intro: str, ticked: frozenset[str]) -> None:
        super().__init__()
        self._items = dict(items)
        self._intro = intro
        self.ticked: set[str] = set(ticked)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="panel"):
            yield Static(self._intro, id="intro", markup=False)
            yield OptionList(
                *(Option(self._line(value), id=value) for value in self._items), id="items"
            )
            yield Static("", id="problem", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.TITLE_TEXT
        self.query_one("#panel").border_title = self.TITLE_TEXT

    def _line(self, value: str) -> Text:
        mark = Text("[x] ", style="bold") if value in self.ticked else Text("[ ] ")
        return mark + Text(self._items[value])

    def answers(self) -> dict[str, bool]:
        return {value: value in self.ticked for value in self._items}

    def action_tick(self) -> None:
        option = self.query_one("#items", OptionList).highlighted_option
        if option is not None and option.id is not None:
            self._toggle(option.id)

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self._toggle(event.option.id)

    def _toggle(self, value: str) -> None:
        self.ticked ^= {value}
        self.query_one("#items", OptionList).replace_option_prompt(value, self._line(value))
        self._problem("")
        if value in self.ticked:
            self.post_message(self.Ticked(value))

    def action_none(self) -> None:
        if self.ticked:
            self._problem("Some are ticked: untick them first, or press enter to go on.")
            return
        self.dismiss(self.answers())

    def action_done(self) -> None:
        if not self.ticked:
            self._problem(NOTHING_TICKED)
            return
        self.dismiss(self.answers())

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _problem(self, text: str) -> None:
        self.query_one("#problem", Static).update(text)


class RedFlagsScreen(ChecklistScreen):
    """The warning signs for this background, urgent ones first, as one checklist."""

    TITLE_TEXT = "Safety check"

    def __init__(self, background: frozenset[str], reason: str) -> None:
        signs = sign_questions(background)
        self.background = background
        self._urgent = {sign.column for sign in signs if sign.tier_for(background) == "urgent"}
        intro = (
            f"{SCREEN_REASONS[reason]}\nIs any of these new, or different from your usual "
            "back pain?"
        )
        super().__init__({sign.column: sign.question for sign in signs}, intro, frozenset())

    def entry(self, answers: Mapping[str, bool]) -> RedFlagEntry:
        return red_flag_entry(answers, self.background)

    def on_checklist_screen_ticked(self, event: ChecklistScreen.Ticked) -> None:
        """An urgent yes ends the list: nothing more is asked before the urgent screen."""
        if event.value in self._urgent:
            self.dismiss(dict.fromkeys(self.ticked, True))


class AboutYouScreen(ChecklistScreen):
    """Background that does not change week to week, asked once (and from Settings)."""

    TITLE_TEXT = "About you"

    def __init__(self, current: frozenset[str] | None = None) -> None:
        intro = (
            "Asked once, and changed in Settings: it tells coach which warning signs matter "
            "more for you, and it goes in the report for your clinician. Do any of these apply?"
        )
        items = {item.column: item.question for item in BACKGROUND}
        super().__init__(items, intro, current or frozenset())


class FollowUpScreen(Screen[str | None]):
    """After a warning sign, the next check-in starts here: seen, gone, or not yet."""

    CSS_PATH = "red_flags.tcss"
    AUTO_FOCUS = ""  # Enter must not answer: the keys are s, g and n
    BINDINGS = [
        Binding("s", "answer('seen')", "Seen", id="follow_up.seen"),
        Binding("g", "answer('gone')", "Gone", id="follow_up.gone"),
        Binding("n", "answer('not_yet')", "Not yet", id="follow_up.not_yet"),
        Binding("escape", "answer(None)", "Back", id="follow_up.cancel"),
    ]

    def __init__(self, hold: Hold) -> None:
        super().__init__()
        self._hold = hold

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="panel"):
            yield Static(self._hold.reported(), id="reported", markup=False)
            yield Static(FOLLOW_UP.label, id="question")
            with Vertical(id="choices"):
                for key, choice in zip("sgn", FOLLOW_UP.choices, strict=True):
                    yield Button(f"{key}  {choice.button}", id=choice.value, compact=True)
            yield Static(
                "Only the first two lift the hold; until then coach guides no exercise.",
                id="note",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Follow-up"
        self.query_one("#panel").border_title = "Your warning sign"

    def action_answer(self, answer: str | None) -> None:
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)


class RedFlagResultScreen(Screen[None]):
    """Where to get care, and which signs led here. No exercise advice follows it."""

    CSS_PATH = "red_flags.tcss"
    AUTO_FOCUS = ""  # keep Enter on the screen's binding, shown in the footer
    BINDINGS = [
        Binding("enter", "close", "Back to home", id="red_flags.close"),
        Binding("escape", "close", "Back to home", show=False, id="red_flags.close_escape"),
        Binding("u", "undo", "I answered by mistake", id="red_flags.undo"),
    ]

    app: CoachApp

    def __init__(self, hold: Hold) -> None:
        super().__init__(classes=hold.tier.replace("_", "-"))
        self._hold = hold

    def compose(self) -> ComposeResult:
        advice = care_advice(self._hold.tier, self.app.settings.emergency_number)
        signs = "\n".join(f"• {sign_label(column)}" for column in self._hold.signs)
        yield Header()
        with Vertical(id="panel"):
            yield Static(advice.title, id="title")
            yield Static(advice.action, id="action", markup=False)
            yield Static(f"You reported:\n{signs}", id="signs", markup=False)
            yield Static(advice.why, id="why", markup=False)
            yield Static(NOT_A_DIAGNOSIS, id="disclaimer")
            with Horizontal(id="buttons"):
                yield Button("Back to home", id="close", compact=True, action="screen.close")
                if self._can_undo:
                    yield Button(
                        "I answered by mistake", id="undo", compact=True, action="screen.undo"
                    )
        yield Footer()

    @property
    def _can_undo(self) -> bool:
        return self._hold.can_undo(self.app.clock.today())

    def on_mount(self) -> None:
        self.sub_title = "Warning sign"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self._can_undo if action == "undo" else True

    def action_close(self) -> None:
        back_to_home(self.app)

    def action_undo(self) -> None:
        answer_again(self.app, self._hold)


class MistakeQuestion(ConfirmDialog):
    """Before the warning-sign answers of today are set aside as a mistake."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes, ask again", id="red_flags.mistake.yes"),
        Binding("n", "answer(False)", "No", id="red_flags.mistake.no"),
    ]
    YES_VARIANT = "warning"


# --- the flows the screens make up --------------------------------------------------------------


def back_to_home(app: CoachApp) -> None:
    """Close everything down to home: a routine a warning sign stopped is never returned to."""
    while len(app.screen_stack) > 1:
        app.pop_screen()


def show_hold(app: CoachApp, hold: Hold) -> None:
    """The care screen for `hold`, in place of the screen on top; over home, which is the
    bottom of the stack (its `u` asks again from there), never in its place."""
    if len(app.screen_stack) > 1:
        app.switch_screen(RedFlagResultScreen(hold))
    else:
        app.push_screen(RedFlagResultScreen(hold))


def ask_first(app: CoachApp, gate: Gate, then: Callable[[], None]) -> None:
    """The questions a routine waits for ("about you" once, then the warning signs); `then`
    runs when every answer is clear. A warning sign ends at the care screen instead."""
    if gate.background is None:

        def background_given(answers: dict[str, bool] | None) -> None:
            if answers is None:
                app.notify("No routine starts before these questions.", title="Not started")
                return
            try:
                save_background(app.store, app.clock, answers)
            except StoreError as error:
                not_saved(app, error)
                return
            given = frozenset(column for column, yes in answers.items() if yes)
            ask_first(app, Gate(gate.hold, given, gate.screen), then)

        app.push_screen(AboutYouScreen(), background_given)
        return
    if gate.screen is None:
        then()
        return
    background = gate.background
    screen = RedFlagsScreen(background, gate.screen)

    def answered(answers: dict[str, bool] | None) -> None:
        if answers is None:
            app.notify("No routine starts before these questions.", title="Not started")
            return
        entry = screen.entry(answers)
        if not _saved(app, entry):
            return
        hold = current_hold(app.store)
        if hold is not None:
            app.push_screen(RedFlagResultScreen(hold))
        else:
            then()

    app.push_screen(screen, answered)


def answer_again(app: CoachApp, hold: Hold) -> None:
    """ "I answered by mistake": confirmed, the questions again; today's answers with the sign
    are kept as replaced (an all-clear before them stands), and the day follows the new ones."""

    def confirmed(yes: bool | None) -> None:
        if not yes:
            return
        background = stored_background(app.store) or frozenset()
        screen = RedFlagsScreen(background, "again")

        def answered(answers: dict[str, bool] | None) -> None:
            if answers is None:
                return  # the warning stands as it was
            # Answered after midnight: the new answers count, but take nothing back.
            in_time = hold.can_undo(app.clock.today())
            if not _saved(app, screen.entry(answers), replacing=hold if in_time else None):
                return
            still = current_hold(app.store)
            if still is not None:
                show_hold(app, still)
                if not in_time:
                    app.notify(
                        f"It is past midnight: the answers of {hold.last_day:%-d %B} can no "
                        "longer be taken back as a mistake. Your next check-in asks whether "
                        "you have been seen or it has gone.",
                        title="Not taken back",
                        severity="warning",
                        timeout=20,
                    )
                return
            back_to_home(app)
            app.notify(
                "Your earlier answers are kept in your history, marked as a mistake.",
                title="Answers replaced",
            )

        app.push_screen(screen, answered)

    question = MistakeQuestion(
        "Answered by mistake?",
        "Ask the warning-sign questions again?",
        "Today's answers stay in your history, marked as a mistake. Only do this if you did not "
        "mean to tick that sign.",
        focus_yes=False,
    )
    app.push_screen(question, confirmed)


def follow_up(app: CoachApp, hold: Hold, then: Callable[[], None]) -> None:
    """Ask how the warning sign went; record the answer; `then` runs once it is recorded."""

    def answered(answer: str | None) -> None:
        if answer is None:
            return
        try:
            record_follow_up(app.store, app.clock, hold.latest_id, answer)
        except StoreError as error:
            not_saved(app, error)
            return
        if answer != "not_yet":
            app.notify(
                "Thank you. The warning signs once more, then your check-in.",
                title="Follow-up recorded",
            )
        then()

    app.push_screen(FollowUpScreen(hold), answered)


def _saved(app: CoachApp, entry: RedFlagEntry, *, replacing: Hold | None = None) -> bool:
    try:
        save_screen(
            app.store,
            app.clock,
            entry,
            replacing=replacing.taken_back_by_mistake if replacing is not None else (),
        )
    except StoreError as error:
        not_saved(app, error)
        return False
    return True


def not_saved(app: CoachApp, error: StoreError) -> None:
    """The answer could not be stored: the database's error, as text (it names the file, and
    repeats SQLite's own words)."""
    app.notify(shown(str(error)), title="Not saved", severity="error", timeout=15, markup=False)
