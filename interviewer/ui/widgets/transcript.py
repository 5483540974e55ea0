"""The chat transcript: one RichLog, so appending stays flat at 1,000 messages (performance.md §2).

Every text is wrapped in a literal `rich.text.Text` after `printable()`: bank and user text is never
parsed as markup, and control characters cannot reach the terminal."""

from __future__ import annotations

from collections.abc import Sequence

from rich.align import Align
from rich.box import ROUNDED
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.text import Text
from textual.widgets import RichLog

from interviewer.core.text import printable


def lit(text: str, style: str = "") -> Text:
    return Text(printable(text), style=style)


class Transcript(RichLog):
    """Assistant on the left, the user on the right, cards in between."""

    def __init__(self, id: str | None = None) -> None:
        super().__init__(
            wrap=True, markup=False, highlight=False, min_width=20, auto_scroll=True, id=id
        )
        self.count = 0

    def _put(self, renderable: RenderableType) -> None:
        self.count += 1
        self.write(renderable, expand=True)

    def ask(self, title: str, text: str, detail: Sequence[str] = ()) -> None:
        body: list[RenderableType] = [lit(text, "bold")]
        body += [lit(line, "dim") for line in detail if line]
        self._put(
            Padding(
                Panel(
                    Group(*body),
                    title=lit(title, "cyan"),
                    title_align="left",
                    box=ROUNDED,
                    border_style="cyan",
                    expand=False,
                ),
                (0, 6, 0, 0),
            )
        )

    def user(self, text: str) -> None:
        self._put(Align.right(Panel(lit(text), box=ROUNDED, border_style="green", expand=False)))

    def info(self, text: str) -> None:
        self._put(Padding(lit(text, "italic"), (0, 6, 0, 1)))

    def error(self, text: str) -> None:
        self._put(Padding(lit("⚠ " + text, "bold red"), (0, 6, 0, 1)))

    def card(self, title: str, text: str, style: str = "yellow") -> None:
        self._put(
            Panel(
                lit(text),
                title=lit(title, style),
                title_align="left",
                border_style=style,
                box=ROUNDED,
            )
        )
