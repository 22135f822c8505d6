"""The footer every screen shows: Textual's, drawn with the screen's first frame and rebuilt
only when the keys it shows change."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

#: What one shown key is drawn from: key, its display, label, action, group, enabled, tooltip.
ShownKey = tuple[str, str, str, str, object, bool, str]


class Footer(TextualFooter):
    """Textual's footer composes no key until the screen's bindings are first updated and then
    mounts them a frame after the screen's first paint, so every screen's first frame is
    followed by a layout of the whole screen, which a key pressed at once waits for. This one
    composes its keys with the screen and brings them up to date as soon as the bindings
    change, so they are laid out with the screen's first frame.

    Textual's footer also rebuilds every key whenever the bindings may have changed, which is
    at every change of focus: six times while the check-in opens, and a third of the work of
    opening it. This one changes only what changed. When a label, an action or whether a key
    is enabled changed (the player's `s` says "Start now" or "Skip rep" by phase), or a key
    came or went, it updates the keys in place: remounting them at every phase held the
    event loop long enough to end short holds up to 400 ms late."""

    _shown: tuple[object, ...] | None = None

    def compose(self) -> ComposeResult:
        """The keys of the screen's bindings as they stand, as Textual's footer draws them
        once told the bindings are ready."""
        self._shown = self._shown_keys()
        self.set_reactive(TextualFooter._bindings_ready, True)
        return super().compose()

    def on_mount(self) -> None:
        """Told of a change of the bindings as it is published (Textual's footer, subscribed
        too, hears of it once the footer's queued messages are handled, often frames later),
        and brought up to date with any change since compose."""
        self.screen.bindings_updated_signal.subscribe(self, self._published, immediate=True)
        self._update()

    def _published(self, screen: Screen[object]) -> None:
        if self._current(screen):
            self._update()

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Textual's subscription: checked again after the refresh, for state a handler
        changed after asking."""
        if self._current(screen):
            self.call_after_refresh(self._update)

    def _current(self, screen: Screen[object]) -> bool:
        """The bindings published are this footer's screen's, and shown (as Textual's footer,
        not while the app is out of focus)."""
        return screen.app.app_focus and self.is_attached and screen is self.screen

    def _update(self) -> None:
        if not self.is_attached:
            return
        shown = self._shown_keys()
        if shown == self._shown:
            return
        updated = self._shown is not None and self._update_in_place(self._shown, shown)
        self._shown = shown
        if not updated:
            self.call_next(self.recompose)

    def _shown_keys(self) -> tuple[object, ...]:
        """Everything `compose` draws from: the bindings shown, and the footer's own options."""
        keys: tuple[ShownKey, ...] = tuple(
            (binding.key, self.app.get_key_display(binding), binding.description,
             binding.action, binding.group, enabled, tooltip)
            for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show
        )  # fmt: skip
        return (self.compact, self.show_command_palette, self.combine_groups, keys)

    def _update_in_place(self, before: tuple[object, ...], shown: tuple[object, ...]) -> bool:
        """Relabel the drawn keys, mount the keys added after them and remove those gone,
        when neither the footer's options nor any group is involved; False if the footer must
        be rebuilt."""
        if before[:3] != shown[:3]:
            return False
        drawn: dict[str, ShownKey] = {}
        for key in shown[3]:  # type: ignore[attr-defined]
            drawn.setdefault(key[3], key)  # as compose: one key per action, its first binding
        keys = list(drawn.values())
        widgets = [
            widget
            for widget in self.query_children(FooterKey)
            if not widget.has_class("-command-palette") and not widget._pruning
        ]
        if any(key[4] is not None for key in keys):
            return False
        for widget, key in zip(widgets, keys, strict=False):
            _relabel(widget, key)
        for gone in widgets[len(keys) :]:
            gone.display = False  # out of the next frame, before the removal completes
            gone.remove()
        added = [self._new_key(key) for key in keys[len(widgets) :]]
        if added:
            self.mount_all(added, after=widgets[-1] if widgets else None)
        return True

    def _new_key(self, key: ShownKey) -> FooterKey:
        """A key as compose draws it, its compact style set here: it is not composed."""
        widget = FooterKey(key[0], key[1], key[2], key[3], disabled=not key[5], tooltip=key[6])
        widget.set_reactive(FooterKey.compact, self.compact)
        widget.set_class(self.compact, "-compact")
        return widget


def _relabel(widget: FooterKey, key: ShownKey) -> None:
    """What compose gives a key, given to a key already drawn."""
    widget.key, widget.key_display, widget.description, widget.action = key[:4]
    widget._disabled = not key[5]
    widget.set_class(not key[5], "-disabled")
    widget.tooltip = key[6] or None
    widget.refresh(layout=True)
