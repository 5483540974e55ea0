"""The options of the current question, shown once (the question card leaves them out).

It never takes the keyboard: the answer box does (see `answer_input`), and moves the highlight
here with ↑/↓. Nothing is highlighted when a question appears, so a stray Enter picks nothing; a
click picks the option clicked."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from interviewer.core.text import printable


class ChoiceList(OptionList, can_focus=False):
    def show_options(self, labels: list[tuple[str, str]]) -> None:
        """(value, label) pairs, shown as '1. label', none highlighted."""
        self.clear_options()
        self.add_options(
            [
                Option(Content(f"{n}. {printable(label)}"), id=value)
                for n, (value, label) in enumerate(labels, start=1)
            ]
        )
        self.highlighted = None

    def move(self, delta: int) -> None:
        """↑/↓ from the answer box: the first move lands on the first (or last) option."""
        if not self.option_count:
            return
        if self.highlighted is None:
            self.highlighted = 0 if delta > 0 else self.option_count - 1
        else:
            self.highlighted = max(0, min(self.option_count - 1, self.highlighted + delta))
