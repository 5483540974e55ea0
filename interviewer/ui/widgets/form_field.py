"""A field of the start form: Enter moves on to the next field at once.

Left to Textual, Enter posts `Submitted` and focus moves only when the screen handles it; the keys
that arrived in the same read (an input method committing the next phrase right after Enter) are
already queued for this field by then, and "张三⏎深圳市好家电" became one name. So the field moves
focus the moment Enter arrives, and hands on whatever keys still reach it after that, in order."""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class FormField(Input):
    async def _on_key(self, event: events.Key) -> None:
        focused = self.screen.focused
        if focused is not self and focused is not None:
            # queued before the focus moved: the key belongs to the field that has it now
            event.stop()
            event.prevent_default()
            focused.post_message(events.Key(event.key, event.character))
            return
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.screen.focus_next()
            return
        await super()._on_key(event)
