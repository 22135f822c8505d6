"""The big countdown: seconds left in a phase, in solid block numerals sized to fit.

Textual's Digits draws numbers three rows high in thin lines, too faint to read from the floor
a metre away. These numerals are drawn in full blocks from a 3×5 pixel font and scaled up to
whatever space the widget has (ten rows high in the player at 80×24).
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from coach.words import countdown

#: 3×5 pixel glyphs ("#" is ink); the colon is one pixel wide.
FONT: dict[str, tuple[str, ...]] = {
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", "###", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", "..#", "..#", "..#"),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    ":": (".", "#", ".", "#", "."),
}
GLYPH_ROWS = 5
#: The largest scale used: past it the numerals stop getting easier to read.
MAX_SCALE = 3


def pixel_width(text: str) -> int:
    """Width of `text` in font pixels, with one pixel between characters."""
    return sum(len(FONT[char][0]) for char in text) + max(0, len(text) - 1)


def big_lines(text: str, scale: int) -> list[str]:
    """`text` as rows of block characters; a pixel is `2 * scale` cells wide, `scale` tall
    (terminal cells are about twice as tall as they are wide)."""
    rows = []
    for row in range(GLYPH_ROWS):
        pixels = ".".join(FONT[char][row] for char in text)
        line = "".join(("█" if pixel == "#" else " ") * 2 * scale for pixel in pixels)
        rows.extend([line] * scale)
    return rows


def fitting_scale(text: str, width: int, height: int) -> int:
    """The largest scale (at least 1) at which `text` fits in `width` × `height` cells."""
    by_width = width // max(1, 2 * pixel_width(text))
    by_height = height // GLYPH_ROWS
    return max(1, min(MAX_SCALE, by_width, by_height))


class HoldTimer(Widget):
    """A countdown that redraws only when the number it shows changes."""

    DEFAULT_CSS = """
    HoldTimer {
        width: 1fr;
        height: 1fr;
        min-height: 5;
        content-align: center middle;
    }
    """

    value: reactive[str] = reactive("", layout=False)

    def show_seconds(self, seconds: float) -> None:
        self.value = countdown(seconds)

    def render(self) -> Text:
        if not self.value:
            return Text("")
        size = self.content_size
        scale = fitting_scale(self.value, size.width, size.height)
        return Text("\n".join(big_lines(self.value, scale)), justify="left", no_wrap=True)
