"""One-row answers for fast forms: the 0–10 pain scale, and a row of named choices.

Both are a row of cells with one picked, answered by keys (digits, letters), arrows or a
click, and both say so upward with a `Changed` message. They do not bind Enter: the screen
decides what Enter means (next question, save), so the same widget serves the check-in and
the player's pain before and after. The picked cell is bracketed, `[4]`, as well as shaded,
so it reads the same without colour (NO_COLOR).

Each row is one widget that draws its own cells (the Line API) rather than a child widget per
cell: the check-in has eight rows, and a widget per cell made opening it slow, since Textual
styles and lays out every widget, and restyles them all whenever focus moves.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Sequence

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from coach.clinical import PAIN_ANCHORS, PAIN_MAX, PAIN_MIN
from coach.clock import Clock

#: Eleven cells of four columns, or of three where 44 columns do not fit (a 60-column
#: check-in, a phone held upright): the width the anchors are spread across.
_PAIN_CELL_WIDTH = 4
_COMPACT_CELL_WIDTH = 3
_CELLS = 11
#: A 0 typed within this many seconds of a 1 makes 10; later, it is a 0 (a person correcting
#: 1 to 0 pauses longer than one typing "10" does between keys).
TEN_WINDOW_S = 0.6


class _CellRow(Widget, can_focus=True):
    """A focusable row of cells, at most one selected. Subclasses name the values."""

    DEFAULT_CSS = """
    _CellRow {
        width: auto;
        height: 1;

        & > .cell-row--cell { color: $text-muted; }
        & > .cell-row--selected { background: $primary-muted; color: $text; text-style: bold; }
        & > .cell-row--selected-focus { background: $primary; color: $text; text-style: bold; }
    }
    """

    COMPONENT_CLASSES = {"cell-row--cell", "cell-row--selected", "cell-row--selected-focus"}

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
        self._lay_out()

    def _lay_out(self) -> None:
        """Each cell as drawn (padding, label, padding: three segments, as a Static draws) and
        its [start, end) columns, to find the cell under a click."""
        self._cells = [self._pad(label) for label in self._labels]
        self._spans: list[tuple[int, int]] = []
        start = 0
        for cell in self._cells:
            end = start + sum(map(len, cell))
            self._spans.append((start, end))
            start = end

    def _pad(self, label: str) -> tuple[str, str, str]:
        """The padding either side of a label that makes the cell an easy target."""
        return " ", label, " "

    def _padding_style(self, style: Style) -> Style:
        """Padding carries only the cell's background, as CSS padding does."""
        return Style(bgcolor=style.bgcolor)

    @property
    def selected(self) -> int | None:
        return self._selected

    def select(self, index: int) -> None:
        """Pick the cell at `index` and, if that changes the answer, report it."""
        if index == self._selected:
            return
        self._selected = index
        self.refresh()
        self._changed(index)

    @abstractmethod
    def _changed(self, index: int) -> None:
        """Post the subclass's own Changed message for the answer now at `index`."""

    def answer(self, character: str) -> bool:
        """Take a typed answer and say whether it was one; subclasses name their keys."""
        return False

    def cell_at(self, x: int) -> int | None:
        """The index of the cell drawn at content column `x`, or None past the last."""
        return next((i for i, (start, end) in enumerate(self._spans) if start <= x < end), None)

    def on_key(self, event: events.Key) -> None:
        if event.character is not None and self.answer(event.character):
            event.stop()

    def action_move(self, step: int) -> None:
        start = self._selected if self._selected is not None else (-1 if step > 0 else 0)
        self.select(min(max(start + step, 0), len(self._cells) - 1))

    def on_click(self, event: events.Click) -> None:
        self.focus()
        offset = event.get_content_offset(self)
        if offset is not None and offset.y == 0 and (index := self.cell_at(offset.x)) is not None:
            self.select(index)

    def on_focus(self) -> None:
        self.refresh()  # the picked cell is brighter while the row has focus

    def on_blur(self) -> None:
        self.refresh()

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return self._spans[-1][1] if self._spans else 0

    def render_line(self, y: int) -> Strip:
        """The cells on the first line; subclasses may draw more lines beneath."""
        if y != 0:
            return Strip.blank(self.size.width, self.rich_style)
        plain = self.get_component_rich_style("cell-row--cell")
        picked = self.get_component_rich_style(
            "cell-row--selected-focus" if self.has_focus else "cell-row--selected"
        )
        segments: list[Segment] = []
        for index, (left, label, right) in enumerate(self._cells):
            style = picked if index == self._selected else plain
            padding = self._padding_style(style)
            if index == self._selected:
                left, right = left[:-1] + "[", "]" + right[1:]
            segments += [Segment(left, padding), Segment(label, style), Segment(right, padding)]
        return Strip([segment for segment in segments if segment.text])


class PainScale(_CellRow):
    """Pain on the 0–10 numeric rating scale, with its anchors shown beneath.

    A digit answers it; 1 then 0 within `TEN_WINDOW_S` on the clock's monotonic time gives
    10, otherwise the last digit wins. `value` is None until answered.
    """

    DEFAULT_CSS = """
    PainScale {
        height: 2;

        & > .pain-scale--anchors { color: $text-muted; }
        &.-missing > .pain-scale--anchors { color: $text-warning; }
    }
    """

    COMPONENT_CLASSES = {"pain-scale--anchors"}

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
        clock: Clock,
        anchors: tuple[str, str] = PAIN_ANCHORS,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        labels = [str(n) for n in range(PAIN_MIN, PAIN_MAX + 1)]
        self._cell_width = _PAIN_CELL_WIDTH
        super().__init__(labels, value, id=id, classes=classes)
        self._anchors = anchors
        self._clock = clock
        #: When a 1 was typed last (monotonic seconds), or None when the last key was not a 1.
        self._one_at: float | None = None

    @property
    def compact(self) -> bool:
        """Drawn in cells of three columns, as the space given is narrower than four a cell."""
        return self._cell_width == _COMPACT_CELL_WIDTH

    def _pad(self, label: str) -> tuple[str, str, str]:
        """Centred in the cell, the odd column on the right (as Textual centres)."""
        left = (self._cell_width - len(label)) // 2
        return " " * left, label, " " * (self._cell_width - left - len(label))

    def on_resize(self) -> None:
        """Cells of four columns when the row has room for them, else of three."""
        fits = self.size.width >= _CELLS * _PAIN_CELL_WIDTH
        cell_width = _PAIN_CELL_WIDTH if fits else _COMPACT_CELL_WIDTH
        if cell_width != self._cell_width:
            self._cell_width = cell_width
            self._lay_out()
            self.refresh()

    def _padding_style(self, style: Style) -> Style:
        """The cell's own style, as Textual pads centred text, so the scale is drawn exactly
        as it was when each cell was a centred Static."""
        return style + Style(reverse=False)

    def _anchor_line(self) -> str:
        """`0 no pain` under the 0 and `worst imaginable 10` ending under the 10 (or a column
        past it when the anchors are too long to fit under the cells with a space between)."""
        low, high = f"{PAIN_MIN} {self._anchors[0]}", f"{self._anchors[1]} {PAIN_MAX}"
        width = _CELLS * self._cell_width
        return low + " " * max(1, width - len(low) - len(high)) + high

    @property
    def anchor_text(self) -> str:
        """The line under the cells: the anchors, or what to type when an answer is missing."""
        if self.has_class("-missing"):
            return f"Type a number from {PAIN_MIN} to {PAIN_MAX}"
        return self._anchor_line()

    @property
    def value(self) -> int | None:
        return self.selected

    def show_missing(self) -> None:
        """Draw attention to a scale that must be answered before going on."""
        self.add_class("-missing")
        self.refresh()

    def _changed(self, index: int) -> None:
        self.remove_class("-missing")
        self.post_message(self.Changed(self, index))

    def answer(self, character: str) -> bool:
        """Take a typed digit (1 then 0 soon after gives 10); False when it is not an answer."""
        if not character.isdigit() or not character.isascii():
            self._one_at = None
            return False
        now = self._clock.monotonic()
        ten = character == "0" and self._one_at is not None and now - self._one_at <= TEN_WINDOW_S
        self._one_at = now if character == "1" else None
        self.select(10 if ten else int(character))
        return True

    def on_blur(self) -> None:
        self._one_at = None

    def get_content_width(self, container: Size, viewport: Size) -> int:
        """Four columns a cell where they fit in `container`, else three."""
        full = _CELLS * _PAIN_CELL_WIDTH
        cells = full if container.width >= full else _CELLS * _COMPACT_CELL_WIDTH
        anchors = len(f"{PAIN_MIN} {self._anchors[0]} {self._anchors[1]} {PAIN_MAX}")
        return max(cells, anchors)

    def render_line(self, y: int) -> Strip:
        if y != 1:
            return super().render_line(y)
        style = self.get_component_rich_style("pain-scale--anchors")
        return Strip([Segment(self.anchor_text, style)])


class ChoiceRow(_CellRow):
    """One of a few named answers: `options` are (value, label, key) with a one-key shortcut.
    Started with no value, nothing is chosen until the person chooses (`chosen` is None)."""

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
        value: str | None,
        *,
        show_keys: bool = True,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        self._values = [option[0] for option in options]
        self._keys = [option[2].lower() for option in options]
        labels = [f"{key} {label}" if show_keys else label for _, label, key in options]
        selected = self._values.index(value) if value is not None else None
        super().__init__(labels, selected, id=id, classes=classes)

    @property
    def value(self) -> str:
        """The answer of a row that always has one (it was started with a value)."""
        assert self.selected is not None
        return self._values[self.selected]

    @property
    def chosen(self) -> str | None:
        """The answer, or None while nothing is chosen."""
        return self._values[self.selected] if self.selected is not None else None

    def _changed(self, index: int) -> None:
        self.post_message(self.Changed(self, self._values[index]))

    def answer(self, character: str) -> bool:
        """Take an answer's one-key shortcut; False when the key is not one of them."""
        key = character.lower()
        if key not in self._keys:
            return False
        self.select(self._keys.index(key))
        return True
