"""The footer every screen shows: Textual's, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """Textual's footer rebuilds every key it shows whenever the screen's bindings may have
    changed, which is at every change of focus: six times while the check-in opens, and a
    third of the work of opening it. This one rebuilds only when what it would show changed:
    a key, its label or whether it is enabled."""

    _shown: tuple[object, ...] | None = None

    async def recompose(self) -> None:
        if self.is_attached:
            shown = self._shown_keys()
            if shown == self._shown:
                return
            self._shown = shown
        await super().recompose()

    def _shown_keys(self) -> tuple[object, ...]:
        """Everything `compose` draws from: the bindings shown, and the footer's own options."""
        keys = tuple(
            (binding.key, self.app.get_key_display(binding), binding.description,
             binding.action, binding.group, enabled, tooltip)
            for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show
        )  # fmt: skip
        return (self.compact, self.show_command_palette, self.combine_groups, keys)
