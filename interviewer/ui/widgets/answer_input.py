"""The answer box: the one widget that has the keyboard during the interview.

Every key goes here, so keys that arrive in one burst (a Chinese input method committing a phrase,
a paste in a terminal without bracketed paste, a lagging SSH link) stay in order: nothing is moved
between widgets while keys are still queued (that lost the digits of "有2个人负责").

The box decides what a key means, and posts a message for the screen to act on:
- on a choice question with an empty box, a digit (ASCII or full-width, as a Chinese input method in
  full-width mode gives) is handed to the screen with the time it was pressed (`Digit`): it picks
  that option, or is refused with a reason when it has no option or was pressed before the question
  was on screen (a fast "22" must not answer the next, unseen question);
- ↑/↓ move the highlight on the option list (`Moved`): Enter on an empty box then picks the option the
  user moved to; a bare Enter picks nothing (the screen decides);
- anything else is typed into the box, digits included once the box holds text.
A paste with line breaks (CR, LF or both) is kept whole on one line, with a warning that points to
the multi-line note editor (Textual's Input keeps only the first line, silently)."""

from __future__ import annotations

import unicodedata

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input


def digit_of(character: str | None) -> int | None:
    """The value of a one-character digit, ASCII or full-width (`１` → 1); None for anything else."""
    if character is None or len(character) != 1:
        return None
    return unicodedata.decimal(character, None)


def paste_lines(text: str) -> list[str]:
    """The non-empty lines of a paste, whatever its line endings (terminals mostly send CR)."""
    return [line for line in text.splitlines() if line.strip()]


class AnswerInput(Input):
    BINDINGS = [
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
    ]

    lang = "zh"

    options = 0
    """How many options a digit may pick on the question on screen (0: digits are just typed)."""

    class Digit(Message):
        """A digit pressed on an empty box while a choice question was set up: the screen decides
        (its queue is in order) whether it picks an option, is out of range, or came too early."""

        def __init__(self, value: int, key: str, at: float) -> None:
            super().__init__()
            self.value = value
            self.key = key
            self.at = at

    class Moved(Message):
        def __init__(self, delta: int) -> None:
            super().__init__()
            self.delta = delta

    def ask(self, options: int) -> None:
        """A new question is on screen: `options` one-key answers (0 for none)."""
        self.options = options

    async def _on_key(self, event: events.Key) -> None:
        digit = digit_of(event.character)
        if digit is not None and self.options and not self.value:
            event.stop()
            event.prevent_default()
            self.post_message(self.Digit(digit, event.character or "", event.time))
            return
        # The box's own keys (Enter, Backspace, arrows, Ctrl+U …) act here and now: left to
        # Textual, a binding runs only after the key has bubbled up to the app, by which time
        # the keys behind it in a burst have already been typed ("否⏎是⏎" became "否是").
        for binding in self._bindings.key_to_bindings.get(event.key, ())[:1]:
            event.stop()
            event.prevent_default()
            await self.run_action(binding.action)
            return
        # otherwise Input's own handler (called next by Textual) types the key

    async def action_submit(self) -> None:
        """Hand the line over and empty the box at once, so keys already queued behind the Enter
        start a new line instead of being cleared with the old one."""
        value = self.value
        self.value = ""
        self.post_message(self.Submitted(self, value, None))

    def action_copy(self) -> None:
        """Ctrl+C copies a selection; with nothing selected it is most likely a wish to quit, so
        say how, in the interface language (Textual's own hint is English only)."""
        if self.selected_text:
            super().action_copy()
            return
        zh = "按 Ctrl+Q 退出（回答都已保存，下次接着答）。"
        en = "Press Ctrl+Q to quit (every answer is saved; carry on next time)."
        self.app.notify(en if self.lang == "en" else zh, markup=False)

    def action_move(self, delta: int) -> None:
        if self.options:
            self.post_message(self.Moved(delta))

    def _on_paste(self, event: events.Paste) -> None:
        lines = paste_lines(event.text)
        if len(lines) <= 1:
            return  # Input's own handler (called next by Textual) inserts it
        event.stop()
        event.prevent_default()
        joined = " ".join(line.strip() for line in lines)
        selection = self.selection
        if selection.is_empty:
            self.insert_text_at_cursor(joined)
        else:
            self.replace(joined, *selection)
        zh = f"粘贴的 {len(lines)} 行已合成一行放进输入框。要写多行备注，请按 F5。"
        en = f"The {len(lines)} pasted lines were joined into one line in the box. Press F5 for a multi-line note."
        self.app.notify(en if self.lang == "en" else zh, severity="warning", markup=False)
