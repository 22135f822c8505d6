"""The baseline: a bare Textual app with a header, a footer and one line of text."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class BareApp(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Check-in")
        yield Footer()


if __name__ == "__main__":
    BareApp().run()
