"""The chat transcript: a Line API widget that renders each message once into strips, so appending
stays flat at 1,000 messages (performance.md §2) and scrolling only crops stored lines.

It does what RichLog did for us, less what we never used (markup, highlighting, pretty-printing
objects: importing that alone cost a twentieth of the start-up time).

Every text is wrapped in a literal `rich.text.Text` after `printable()`: bank and user text is never
parsed as markup, and control characters cannot reach the terminal."""

from __future__ import annotations

from collections.abc import Sequence

from rich.align import Align
from rich.box import ROUNDED
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from interviewer.core.text import printable

MIN_WIDTH = 20


def lit(text: str, style: str = "") -> Text:
    return Text(printable(text), style=style)


class Transcript(ScrollView, can_focus=True):
    """Assistant on the left, the user on the right, cards in between."""

    DEFAULT_CSS = """
    Transcript {
        background: $surface;
        color: $foreground;
        overflow-y: scroll;
        &:focus { background-tint: $foreground 5%; }
    }
    """

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[Strip] = []
        self._waiting: list[RenderableType] = []
        """Messages written before the widget knows its width; rendered on the first resize."""

    def _put(self, renderable: RenderableType) -> None:
        if not self.size.width:
            self._waiting.append(renderable)
            return
        self.lines.extend(self._strips(renderable))
        self._resized()
        self.scroll_end(animate=False, immediate=False, x_axis=False)

    def _strips(self, renderable: RenderableType) -> list[Strip]:
        width = max(self.scrollable_content_region.width, MIN_WIDTH)
        console = self.app.console
        segments = console.render(renderable, console.options.update_width(width))
        strips = Strip.from_lines(list(Segment.split_lines(segments))) or [Strip.blank(width)]
        for strip in strips:
            strip.adjust_cell_length(width)
        return strips

    def _resized(self) -> None:
        self.virtual_size = Size(
            max(self.scrollable_content_region.width, MIN_WIDTH), len(self.lines)
        )

    def on_resize(self, event: events.Resize) -> None:
        """Render what was written before the width was known. A resumed session replays dozens of
        messages: the newest ones that fill the view are rendered now, the scroll-back above them
        a frame later, so the question appears without waiting for the history."""
        if not (event.size.width and self._waiting):
            return
        waiting, self._waiting = self._waiting, []
        shown: list[Strip] = []
        while waiting and len(shown) < self.scrollable_content_region.height:
            shown[:0] = self._strips(waiting.pop())
        self.lines.extend(shown)
        self._resized()
        self.scroll_end(animate=False, immediate=False, x_axis=False)
        if waiting:
            self.call_after_refresh(self._prepend, waiting)

    def _prepend(self, older: list[RenderableType]) -> None:
        at_end = self.scroll_y >= self.max_scroll_y
        strips = [strip for renderable in older for strip in self._strips(renderable)]
        self.lines[:0] = strips
        self._resized()
        if at_end:
            self.scroll_end(animate=False, immediate=True, x_axis=False)
        else:
            self.scroll_to(y=self.scroll_y + len(strips), animate=False, immediate=True)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        index = scroll_y + y
        if index >= len(self.lines):
            return Strip.blank(width, self.rich_style)
        line = self.lines[index].crop_extend(scroll_x, scroll_x + width, self.rich_style)
        return line.apply_style(self.rich_style)

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
