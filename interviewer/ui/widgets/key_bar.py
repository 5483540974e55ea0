"""The clickable key bar: Textual's Footer, rebuilt only when the keys it shows change.

Textual recomposes its Footer on every focus change, and each rebuild mounts and restyles every
key (a tenth of a served tab's CPU from opening the link to the first question: Tab through the
start form, the app gaining focus, the interview screen arriving). Moving between fields changes
none of the keys shown, so the bar keeps what it has."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


def shown_keys(screen: Screen[Any]) -> tuple[tuple[str, str, str, bool, str], ...]:
    """What the bar would draw for the screen's bindings now."""
    palette = screen.app.COMMAND_PALETTE_BINDING if screen.app.ENABLE_COMMAND_PALETTE else None
    return tuple(
        (binding.key, binding.action, binding.description, enabled, tooltip)
        for (_, binding, enabled, tooltip) in screen.active_bindings.values()
        if binding.show or binding.key == palette
    )


class KeyBar(Footer):
    _drawn: tuple[tuple[str, str, str, bool, str], ...] | None = None

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if not (screen.app.app_focus and self.is_attached and screen is self.screen):
            super().bindings_changed(screen)  # nothing is rebuilt; Textual notes the bindings
            return
        keys = shown_keys(screen)
        if keys == self._drawn:
            return
        self._drawn = keys
        super().bindings_changed(screen)
