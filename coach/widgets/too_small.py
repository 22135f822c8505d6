"""The "make the window larger" cover, shown while the terminal is below what coach can lay out.

It covers the active screen instead of replacing it: nothing is pushed or popped, so a routine
underneath keeps its place and its deadlines (the player's timer runs on the clock, not on
repaints), and the screens' own pushes, pops and dismissals work as usual. While the cover is
up the app lets only ctrl+q and ctrl+c through (see `CoachApp.on_event`), so no key acts
blind on a screen the user cannot see.

A screen whose class sets `FITS_PHONE = True` is laid out for a phone held upright too (about
40 columns, under `coach serve`): home, the routine list, the player and what opens over it.
Those are covered only below PHONE_WIDTH; the check-in and history still need MIN_WIDTH (a
phone turned sideways has it).
"""

from __future__ import annotations

from textual.app import App
from textual.geometry import Size
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

#: Below this, layouts built for 80×24 stop being readable.
MIN_WIDTH = 60
MIN_HEIGHT = 18
#: The narrowest width a screen that fits a phone is laid out for.
PHONE_WIDTH = 40
#: The keys that still work under the cover.
PASS_KEYS = frozenset({"ctrl+q", "ctrl+c"})
#: The class a covered screen carries (it hides the screen's scrollbars under the cover).
COVERED = "-too-small"


class CoverChanged(Message):
    """Sent to a screen as the cover goes over it or comes off, so a screen that runs on
    (the player) can wait while it cannot be seen."""

    def __init__(self, covered: bool) -> None:
        super().__init__()
        self.covered = covered


class TooSmall(Static):
    """The message itself, docked over the whole screen on a layer above everything."""

    # Not scoped: the rule for the covered screen is part of the cover, not of any one screen.
    SCOPED_CSS = False
    DEFAULT_CSS = """
    Screen.-too-small {
        layers: default too-small;
        overflow: hidden hidden;
    }
    TooSmall {
        layer: too-small;
        dock: top;
        width: 100%;
        height: 100%;
        padding: 1 2;
        background: $background;
        color: $text-warning;
        content-align: center middle;
        text-align: center;
    }
    """

    def show_size(self, size: Size, width: int) -> None:
        self.update(message(size, width))


def min_width(screen: Screen | None) -> int:
    """The narrowest window `screen` can be read in."""
    return PHONE_WIDTH if getattr(screen, "FITS_PHONE", False) else MIN_WIDTH


def message(size: Size, width: int = MIN_WIDTH) -> str:
    return (
        f"This window is {size.width} × {size.height}.\n"
        f"This screen needs at least {width} × {MIN_HEIGHT}:\n"
        "make the window larger (or the font smaller).\n\n"
        "A routine waits, paused, until it can be seen; ctrl+q quits."
    )


def is_too_small(size: Size, screen: Screen | None = None) -> bool:
    return size.width < min_width(screen) or size.height < MIN_HEIGHT


def is_covered(app: App) -> bool:
    return app.screen.has_class(COVERED)


def guard(app: App, size: Size | None = None) -> None:
    """Cover the active screen while the window is too small; uncover every screen otherwise.

    Called on every resize (with the event's size: the app's own is updated after its
    subclass handlers run) and every screen change, so a screen pushed while the window is
    small (the summary at the end of a routine, say) is covered too.
    """
    size = size or app.size
    small = is_too_small(size, app.screen)
    width = min_width(app.screen)
    for screen in app.screen_stack:
        covers = screen.query_children(TooSmall)
        if small and screen is app.screen:
            if covers:
                covers.first().show_size(size, width)
            else:
                screen.add_class(COVERED)
                screen.mount(TooSmall(message(size, width), markup=False))
                screen.post_message(CoverChanged(covered=True))
        elif covers or screen.has_class(COVERED):
            covers.remove()
            screen.remove_class(COVERED)
            screen.post_message(CoverChanged(covered=False))
