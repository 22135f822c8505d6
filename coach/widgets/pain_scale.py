"""One-row answers for fast forms: the 0–10 pain scale, and a row of named choices.

Both are a row of cells with one picked, answered by keys (digits, letters), arrows or a
click, and both say so upward with a `Changed` message. They do not bind Enter: the screen
decides what Enter means (next question, save), so the same widget serves the check-in and
the player's pain before and after.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from coach.clinical import PAIN_ANCHORS, PAIN_MAX, PAIN_MIN

#: Eleven cells of four columns: the width the anchors are spread across.
_SCALE_WIDTH = 44


class _Cell(Static):
    """One answer in a row; remembers its position so a click can pick it."""

    def __init__(self, label: str, index: int) -> None:
        super().__init__(label, classes="cell", markup=False)
        self.index = index


class _CellRow(Widget, can_focus=True):
    """A focusable row of cells, at most one selected. Subclasses name the values."""

    BINDINGS = [
        Binding("left", "move(-1)", "Previous answer", show=False, id="answer.previous"),
        Binding("right", "move(1)", "Next answer", show=False, id="answer.next"),
    ]

    def __init__(
        self,
        labels: Sequence[str],
        selected: int | None,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._labels = tuple(labels)
        self._selected = selected

    def compose(self) -> ComposeResult:
        with Horizontal(classes="cells"):
            for index, label in enumerate(self._labels):
                cell = _Cell(label, index)
                cell.set_class(index == self._selected, "-selected")
                yield cell

    @property
    def selected(self) -> int | None:
        return self._selected

    def select(self, index: int) -> None:
        """Pick the cell at `index` and, if that changes the answer, report it."""
        if index == self._selected:
            return
        self._selected = index
        for cell in self.query(_Cell):
            cell.set_class(cell.index == index, "-selected")
        self._changed(index)

    def _changed(self, index: int) -> None:
        raise NotImplementedError

    def answer(self, character: str) -> bool:
        """Take a typed answer and say whether it was one; subclasses name their keys."""
        return False

    def on_key(self, event: events.Key) -> None:
        if event.character is not None and self.answer(event.character):
            event.stop()

    def action_move(self, step: int) -> None:
        start = self._selected if self._selected is not None else (-1 if step > 0 else 0)
        self.select(min(max(start + step, 0), len(self._labels) - 1))

    def on_click(self, event: events.Click) -> None:
        # A bubbled click names the row, not the cell: find the cell under the pointer.
        cell, _ = self.screen.get_widget_at(event.screen_x, event.screen_y)
        self.focus()
        if isinstance(cell, _Cell):
            self.select(cell.index)


class PainScale(_CellRow):
    """Pain on the 0–10 numeric rating scale, with its anchors shown beneath.

    A digit answers it; 1 then 0 gives 10. `value` is None until answered.
    """

    DEFAULT_CSS = """
    PainScale {
        width: auto;
        height: 2;

        .cells { width: auto; height: 1; }
        .cell { width: 4; content-align: center middle; color: $text-muted; }
        .cell.-selected { background: $primary-muted; color: $text; text-style: bold; }
        &:focus .cell.-selected { background: $primary; color: $text; }
        .anchors { width: 44; height: 1; color: $text-muted; }
        &.-missing .anchors { color: $text-warning; }
    }
    """

    class Changed(Message):
        """The user picked a number."""

        def __init__(self, pain_scale: PainScale, value: int) -> None:
            super().__init__()
            self.pain_scale = pain_scale
            self.value = value

        @property
        def control(self) -> PainScale:
            return self.pain_scale

    def __init__(
        self,
        value: int | None = None,
        *,
        anchors: tuple[str, str] = PAIN_ANCHORS,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        labels = [str(n) for n in range(PAIN_MIN, PAIN_MAX + 1)]
        super().__init__(labels, value, id=id, classes=classes)
        self._anchors = anchors
        self._after_one = False

    def compose(self) -> ComposeResult:
        yield from super().compose()
        yield Static(self._anchor_line(), classes="anchors", markup=False)

    def _anchor_line(self) -> str:
        """`0 no pain` under the 0 and `worst imaginable 10` ending under the 10."""
        low, high = f"{PAIN_MIN} {self._anchors[0]}", f"{self._anchors[1]} {PAIN_MAX}"
        return low + " " * max(1, _SCALE_WIDTH - len(low) - len(high)) + high

    @property
    def value(self) -> int | None:
        return self.selected

    def show_missing(self) -> None:
        """Draw attention to a scale that must be answered before going on."""
        self.add_class("-missing")
        self.query_one(".anchors", Static).update(f"Type a number from {PAIN_MIN} to {PAIN_MAX}")

    def _changed(self, index: int) -> None:
        if self.has_class("-missing"):
            self.remove_class("-missing")
            self.query_one(".anchors", Static).update(self._anchor_line())
        self.post_message(self.Changed(self, index))

    def answer(self, character: str) -> bool:
        """Take a typed digit (1 then 0 gives 10); False when the key is not an answer."""
        if not character.isdigit() or not character.isascii():
            self._after_one = False
            return False
        value = 10 if character == "0" and self._after_one else int(character)
        self._after_one = character == "1"
        self.select(value)
        return True

    def on_blur(self) -> None:
        self._after_one = False


class ChoiceRow(_CellRow):
    """One of a few named answers: `options` are (value, label, key) with a one-key shortcut."""

    DEFAULT_CSS = """
    ChoiceRow {
        width: auto;
        height: 1;

        .cells { width: auto; height: 1; }
        .cell { width: auto; padding: 0 1; color: $text-muted; }
        .cell.-selected { background: $primary-muted; color: $text; text-style: bold; }
        &:focus .cell.-selected { background: $primary; color: $text; }
    }
    """

    class Changed(Message):
        """The user picked another answer."""

        def __init__(self, choice_row: ChoiceRow, value: str) -> None:
            super().__init__()
            self.choice_row = choice_row
            self.value = value

        @property
        def control(self) -> ChoiceRow:
            return self.choice_row

    def __init__(
        self,
        options: Sequence[tuple[str, str, str]],
        value: str,
        *,
        show_keys: bool = True,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        self._values = [option[0] for option in options]
        self._keys = [option[2].lower() for option in options]
        labels = [f"{key} {label}" if show_keys else label for _, label, key in options]
        super().__init__(labels, self._values.index(value), id=id, classes=classes)

    @property
    def value(self) -> str:
        assert self.selected is not None
        return self._values[self.selected]

    def _changed(self, index: int) -> None:
        self.post_message(self.Changed(self, self._values[index]))

    def answer(self, character: str) -> bool:
        """Take an answer's one-key shortcut; False when the key is not one of them."""
        key = character.lower()
        if key not in self._keys:
            return False
        self.select(self._keys.index(key))
        return True
