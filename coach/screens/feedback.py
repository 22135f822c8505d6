"""The questions after a routine: how the last exercise felt, and pain into a leg.

Each is one key: a rating 1–4 (Enter: about right), `y` or `n`, a digit for the exercise. Escape
leaves a question unanswered, which is never taken for an answer: an unrated exercise keeps its
dose, and an unanswered leg question is stored as not asked.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from coach.progression import ABOUT_RIGHT, HARD, HURT, RATING_WORDS, TOO_EASY
from coach.screens.dialog import Dialog
from coach.user_text import shown

#: After "yes, an exercise sent pain into a leg": which one (None: not sure).
NOT_SURE = "0"


class RateQuestion(Dialog[int | None]):
    """How was this exercise? One key; Enter says about right; Escape skips."""

    CSS_PATH = "feedback.tcss"
    FITS_PHONE = True
    BINDINGS = [
        Binding("1", f"rate({TOO_EASY})", "Too easy", id="rate.too_easy"),
        Binding("2,enter", f"rate({ABOUT_RIGHT})", "About right", id="rate.about_right"),
        Binding("3", f"rate({HARD})", "Hard", id="rate.hard"),
        Binding("4", f"rate({HURT})", "It hurt", id="rate.hurt"),
        Binding("escape", "skip", "Skip", id="rate.skip"),
    ]

    def __init__(self, exercise_name: str) -> None:
        super().__init__("How was it?")
        self._exercise_name = exercise_name

    def compose_body(self) -> ComposeResult:
        yield Static(f"How was {shown(self._exercise_name)}?", id="question", markup=False)
        with Horizontal(id="buttons"):
            for rating, words in RATING_WORDS.items():
                yield Button(f"{rating} {words}", id=f"rating-{rating}")

    def on_mount(self) -> None:
        self.query_one(f"#rating-{ABOUT_RIGHT}", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.action_rate(int(str(event.button.id).removeprefix("rating-")))

    def action_rate(self, rating: int) -> None:
        self.dismiss(rating)

    def action_skip(self) -> None:
        self.dismiss(None)


class LegPainQuestion(Dialog[bool | None]):
    """Did any exercise send pain into a leg? `y` or `n`; Escape leaves it unanswered."""

    CSS_PATH = "feedback.tcss"
    FITS_PHONE = True
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="legpain.yes"),
        Binding("n", "answer(False)", "No", id="legpain.no"),
        Binding("escape", "skip", "Skip", id="legpain.skip"),
    ]

    def __init__(self) -> None:
        super().__init__("Into a leg?")

    def compose_body(self) -> ComposeResult:
        yield Static("Did any exercise send pain into a leg?", id="question", markup=False)
        yield Static(
            "Pain spreading into a buttock or leg is a sign to ease off: that exercise is "
            "made easier next time.",
            id="detail",
        )
        with Horizontal(id="buttons"):
            yield Button("n No", id="no", variant="primary")
            yield Button("y Yes", id="yes")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.action_answer(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    def action_skip(self) -> None:
        self.dismiss(None)


class WhichExercise(Dialog[str | None]):
    """Which exercise sent pain into a leg: a digit each, 0 (or Escape) for not sure, which
    steps down every exercise done."""

    CSS_PATH = "feedback.tcss"
    FITS_PHONE = True
    BINDINGS = [
        *(Binding(str(n), f"pick({n})", f"Exercise {n}", show=False, id=f"which.{n}")
          for n in range(1, 10)),
        Binding("0,escape", "not_sure", "Not sure", id="which.not_sure"),
    ]  # fmt: skip

    def __init__(self, exercises: Sequence[tuple[str, str]]) -> None:
        """`exercises`: (id, name) of each exercise done, in the routine's order (at most 9
        get a key; the rest are reached with the mouse or Tab)."""
        super().__init__("Which one?")
        self._exercises = tuple(exercises)

    def compose_body(self) -> ComposeResult:
        yield Static("Which exercise sent pain into a leg?", id="question", markup=False)
        with Vertical(id="choices"):
            for number, (exercise_id, name) in enumerate(self._exercises, start=1):
                key = f"{number} " if number <= 9 else ""
                label = Content(f"{key}{shown(name)}")  # a name from a file is text, not markup
                yield Button(label, id=f"exercise-{number}", name=exercise_id)
            yield Button(f"{NOT_SURE} Not sure", id="not-sure", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#not-sure", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.name)

    def action_pick(self, number: int) -> None:
        if number <= len(self._exercises):
            self.dismiss(self._exercises[number - 1][0])

    def action_not_sure(self) -> None:
        self.dismiss(None)
