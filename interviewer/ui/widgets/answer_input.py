"""The one-line answer box. A paste with line breaks keeps only its first line (Textual's Input does
that silently), so say so and point to the multi-line note editor."""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class AnswerInput(Input):
    lang = "zh"

    def on_paste(self, event: events.Paste) -> None:
        if "\n" in event.text.strip("\r\n"):
            zh = "只保留了第一行。多行内容请按 F5 写成备注。"
            en = "Only the first line was kept. Press F5 to write a multi-line note."
            self.app.notify(en if self.lang == "en" else zh, severity="warning", markup=False)
