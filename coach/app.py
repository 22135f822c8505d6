"""The Textual app: holds the services every screen uses and routes between screens."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.binding import Binding

from coach.clock import Clock, SystemClock
from coach.paths import config_dir as default_config_dir
from coach.screens.home import HomeScreen
from coach.store import Store


class CoachApp(App[None]):
    """coach. Build it with `make_app`, never at import time: the store and clock are injected."""

    TITLE = "coach"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, id="app.quit"),
    ]

    def __init__(self, *, store: Store, clock: Clock, config_dir: Path) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.config_dir = config_dir

    def on_mount(self) -> None:
        self.push_screen(HomeScreen())


def make_app(
    *,
    store: Store,
    clock: Clock | None = None,
    config_dir: Path | None = None,
) -> CoachApp:
    """The one factory for the CLI, the tests and the screenshots."""
    return CoachApp(
        store=store,
        clock=clock or SystemClock(),
        config_dir=config_dir or default_config_dir(),
    )
