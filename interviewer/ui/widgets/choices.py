"""The options of the current question; number keys answer at once."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from interviewer.core.text import printable


class ChoiceList(OptionList):
    BINDINGS = [Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, 10)]

    def show_options(self, labels: list[tuple[str, str]]) -> None:
        """(value, label) pairs, shown as '1. label'."""
        self.clear_options()
        self.add_options(
            [
                Option(Content(f"{n}. {printable(label)}"), id=value)
                for n, (value, label) in enumerate(labels, start=1)
            ]
        )
        self.highlighted = 0 if labels else None

    def action_pick(self, index: int) -> None:
        if 0 <= index < self.option_count:
            self.highlighted = index
            self.action_select()
