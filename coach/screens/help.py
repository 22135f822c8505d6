"""Help: every key that works on the screen beneath, read from its live bindings.

Nothing here is a hand-kept list: the keys come from the screen's `active_bindings` at the
moment `?` is pressed (the screen's own, the focused widget's, and the app's), so the help can
never fall out of step with the footer or with a remapped key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Static

from coach.screens.keymap import shown_keys
from coach.user_text import text

#: Group titles, in the order they are shown.
SCREEN_GROUP = "This screen"
APP_GROUP = "Everywhere"

#: Textual's own palette binding has the description "palette"; say what it opens.
DESCRIPTIONS = {"command_palette": "Command palette: every action by name"}


@dataclass(frozen=True)
class KeyRow:
    keys: str
    description: str


@dataclass(frozen=True)
class KeyGroup:
    title: str
    rows: tuple[KeyRow, ...]


def key_groups(screen: Screen, app: App) -> list[KeyGroup]:
    """The keys active on `screen`, grouped by where they are bound: screen, widgets, app.

    Only coach's own keys are listed (they all have an id): Textual's plumbing (tab between
    widgets, copying, a text field's editing keys, the hidden system keys) is what any
    terminal app does and would bury them. Keys that do the same thing are one row ("escape
    k"; the check-in's "0 1 … 9 y n Answer").
    """
    by_namespace: dict[DOMNode, dict[str, list[Binding]]] = {}
    for namespace, binding, _enabled, _tooltip in screen.active_bindings.values():
        if binding.system or binding.id is None:
            continue
        description = DESCRIPTIONS.get(binding.action, binding.description)
        words = description or _words(binding.action)
        by_namespace.setdefault(namespace, {}).setdefault(words, []).append(binding)

    def order(namespace: DOMNode) -> int:
        if namespace is screen:
            return 0
        return 2 if namespace is app else 1

    groups = []
    for namespace in sorted(by_namespace, key=order):
        rows = tuple(
            KeyRow(_key_list([app.get_key_display(b) for b in bindings]), words)
            for words, bindings in by_namespace[namespace].items()
        )
        groups.append(KeyGroup(_group_title(namespace, screen, app), rows))
    return groups


def _key_list(keys: list[str]) -> str:
    """The keys of one row, each once, a run of three digits or more as a range: "0–9 y n"."""
    unique = list(dict.fromkeys(keys))
    digits = sorted(int(key) for key in unique if len(key) == 1 and key.isdigit())
    if len(digits) >= 3 and digits == list(range(digits[0], digits[-1] + 1)):
        rest = [key for key in unique if not (len(key) == 1 and key.isdigit())]
        unique = [f"{digits[0]}–{digits[-1]}", *rest]
    return " ".join(unique)


def _group_title(namespace: DOMNode, screen: Screen, app: App) -> str:
    if namespace is screen:
        return SCREEN_GROUP
    if namespace is app:
        return APP_GROUP
    return namespace.BINDING_GROUP_TITLE or f"In the {_words(type(namespace).__name__)}"


def _words(name: str) -> str:
    """`DataTable` → "data table", `toggle_pause` → "toggle pause"."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).replace("_", " ").lower()


class HelpScreen(ModalScreen[None]):
    """The keys of the screen it was opened over; escape or ? closes it."""

    CSS_PATH = "help.tcss"
    BINDINGS = [
        Binding("escape", "close", "Close", id="help.close"),
        Binding("question_mark", "close", "Close", show=False, id="help.close_question"),
        Binding("f1", "close", "Close", show=False, id="help.close_f1"),
        Binding("ctrl+c", "app.help_quit", show=False, id="help.help_quit"),
    ]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self._groups = key_groups(under, under.app)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="keys"):
            for group in self._groups:
                yield Static(group.title, classes="group", markup=False)
                with Grid(classes="rows"):
                    for row in group.rows:
                        yield Static(row.keys, classes="key", markup=False)
                        yield Static(row.description, classes="description", markup=False)
            yield Button("Close", id="close", variant="primary", compact=True)

    def on_mount(self) -> None:
        keys = self.query_one("#keys")
        keys.border_title = "Keys"
        closing = (shown_keys(self, "help.close"), shown_keys(self, "help.close_question"))
        keys.border_subtitle = text(f"{' or '.join(filter(None, closing))} closes")  # keys as set
        keys.focus()

    def on_button_pressed(self) -> None:
        self.action_close()

    def action_close(self) -> None:
        self.dismiss()
