"""The baseline: a bare Textual app with a header, a footer and one line of text.

`t` toggles the line, the smallest key-to-paint round trip Textual can make: the baseline for
coach's key-to-screen figures (bench_keys).
"""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

TEXT = "Check-in"
TOGGLED = "Checked in"


class BareApp(App[None]):
    BINDINGS = [("q", "quit", "Quit"), ("t", "toggle", "Toggle")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(TEXT)
        yield Footer()

    def action_toggle(self) -> None:
        line = self.query_one(Static)
        line.update(TOGGLED if line.content == TEXT else TEXT)


if __name__ == "__main__":
    BareApp().run()
