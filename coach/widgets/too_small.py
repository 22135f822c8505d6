"""The "make the window larger" cover, shown while the terminal is below what coach can lay out.

It covers the active screen instead of replacing it: nothing is pushed or popped, so a routine
underneath keeps its place and its deadlines (the player's timer runs on the clock, not on
repaints), and the screens' own pushes, pops and dismissals work as usual. While the cover is
up the app lets only ctrl+q and ctrl+c through (see `CoachApp.on_event`), so no key acts
blind on a screen the user cannot see.
"""

from __future__ import annotations

from textual.app import App
from textual.geometry import Size
from textual.widgets import Static

#: Below this, layouts built for 80×24 stop being readable.
MIN_WIDTH = 60
MIN_HEIGHT = 18
#: The keys that still work under the cover.
PASS_KEYS = frozenset({"ctrl+q", "ctrl+c"})
#: The class a covered screen carries (it hides the screen's scrollbars under the cover).
COVERED = "-too-small"


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

    def show_size(self, size: Size) -> None:
        self.update(message(size))


def message(size: Size) -> str:
    return (
        f"This window is {size.width} × {size.height}.\n"
        f"coach needs at least {MIN_WIDTH} × {MIN_HEIGHT}:\n"
        "make the window larger (or the font smaller).\n\n"
        "Anything under way carries on underneath; ctrl+q quits."
    )


def is_too_small(size: Size) -> bool:
    return size.width < MIN_WIDTH or size.height < MIN_HEIGHT


def is_covered(app: App) -> bool:
    return app.screen.has_class(COVERED)


def guard(app: App, size: Size | None = None) -> None:
    """Cover the active screen while the window is too small; uncover every screen otherwise.

    Called on every resize (with the event's size: the app's own is updated after its
    subclass handlers run) and every screen change, so a screen pushed while the window is
    small (the summary at the end of a routine, say) is covered too.
    """
    size = size or app.size
    small = is_too_small(size)
    for screen in app.screen_stack:
        covers = screen.query_children(TooSmall)
        if small and screen is app.screen:
            if covers:
                covers.first().show_size(size)
            else:
                screen.add_class(COVERED)
                screen.mount(TooSmall(message(size), markup=False))
        elif covers or screen.has_class(COVERED):
            covers.remove()
            screen.remove_class(COVERED)
