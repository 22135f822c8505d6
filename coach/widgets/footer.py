"""The footer every screen shows: Textual's, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

#: What one shown key is drawn from: key, its display, label, action, group, enabled, tooltip.
ShownKey = tuple[str, str, str, str, object, bool, str]


class Footer(TextualFooter):
    """Textual's footer rebuilds every key it shows whenever the screen's bindings may have
    changed, which is at every change of focus: six times while the check-in opens, and a
    third of the work of opening it. This one rebuilds only when the keys it shows change.
    When only a label, an action or whether a key is enabled changed (the player's `s` says
    "Start now" or "Skip rep" by phase), it relabels the keys in place: remounting them at
    every phase held the event loop long enough to end short holds up to 400 ms late."""

    _shown: tuple[object, ...] | None = None

    async def recompose(self) -> None:
        if self.is_attached:
            shown = self._shown_keys()
            if shown == self._shown:
                return
            relabelled = self._shown is not None and self._relabel(self._shown, shown)
            self._shown = shown
            if relabelled:
                return
        await super().recompose()

    def _shown_keys(self) -> tuple[object, ...]:
        """Everything `compose` draws from: the bindings shown, and the footer's own options."""
        keys: tuple[ShownKey, ...] = tuple(
            (binding.key, self.app.get_key_display(binding), binding.description,
             binding.action, binding.group, enabled, tooltip)
            for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show
        )  # fmt: skip
        return (self.compact, self.show_command_palette, self.combine_groups, keys)

    def _relabel(self, before: tuple[object, ...], shown: tuple[object, ...]) -> bool:
        """Update the drawn keys in place if the same keys stand in the same places, none of
        them in a group; False if the footer must be rebuilt."""
        if before[:3] != shown[:3]:
            return False
        drawn: dict[str, ShownKey] = {}
        for key in shown[3]:  # type: ignore[attr-defined]
            drawn.setdefault(key[3], key)  # as compose: one key per action, its first binding
        keys = list(drawn.values())
        widgets = [key for key in self.query(FooterKey) if not key.has_class("-command-palette")]
        if len(widgets) != len(keys) or any(key[4] is not None for key in keys):
            return False
        if any(widget.key != key[0] for widget, key in zip(widgets, keys, strict=True)):
            return False
        for widget, (_key, display, label, action, _group, enabled, tooltip) in zip(
            widgets, keys, strict=True
        ):
            widget.key_display = display
            widget.description = label
            widget.action = action
            widget.disabled = not enabled
            widget.tooltip = tooltip
            widget.refresh(layout=True)
        return True
