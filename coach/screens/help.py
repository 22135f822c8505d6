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

    Keys for the same action are shown together ("escape k"), coach's own (they all have an
    id) before Textual's generic ones (tab, copy); Textual's hidden system keys (ctrl+c's
    "press ctrl+q to quit" hint) are left out, as Textual's own key panel does.
    """
    by_namespace: dict[DOMNode, dict[str, list[Binding]]] = {}
    for namespace, binding, _enabled, _tooltip in screen.active_bindings.values():
        if binding.system:
            continue
        by_namespace.setdefault(namespace, {}).setdefault(binding.action, []).append(binding)

    def order(namespace: DOMNode) -> int:
        if namespace is screen:
            return 0
        return 2 if namespace is app else 1

    groups = []
    for namespace in sorted(by_namespace, key=order):
        actions = sorted(by_namespace[namespace].values(), key=lambda b: b[0].id is None)
        rows = tuple(
            KeyRow(
                " ".join(dict.fromkeys(app.get_key_display(binding) for binding in bindings)),
                DESCRIPTIONS.get(bindings[0].action, bindings[0].description)
                or _words(bindings[0].action),
            )
            for bindings in actions
        )
        groups.append(KeyGroup(_group_title(namespace, screen, app), rows))
    return groups


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
            yield Button("Close", id="close", variant="primary")

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
