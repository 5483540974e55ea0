"""The chat transcript: a Line API widget that renders each message once into strips, so appending
stays flat at 1,000 messages (performance.md §2) and scrolling only crops stored lines. A new width
re-flows every message (RichLog cropped them).

It does what RichLog did for us, less what we never used (markup, highlighting, pretty-printing
objects: importing that alone cost a twentieth of the start-up time).

Every text is wrapped in a literal `rich.text.Text` after `printable()`: bank and user text is never
parsed as markup, and control characters cannot reach the terminal."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.align import Align
from rich.box import ROUNDED
from rich.cells import cell_len, chop_cells
from rich.console import Console, Group, JustifyMethod, OverflowMethod, RenderableType
from rich.containers import Lines
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
    return Prose(printable(text), style=style)


_CJK = "\u2e80-\u2fff\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_OPENING = "“‘（《「『【〈［｛"
_CLOSING = "，。、；：？！”’）》」』】〉…—］｝"
_WORD = re.compile(
    rf"\s*(?:[{_OPENING}]*[^\s{_CJK}{_OPENING}{_CLOSING}]+[{_CLOSING}]*"
    rf"|[{_OPENING}]*[{_CJK}{_OPENING}{_CLOSING}][{_CLOSING}]*)\s*"
)
"""A unit a line may not break inside: a run of Latin letters/digits, or one CJK character with
the opening punctuation before it and the closing punctuation after it (so no line starts with
"，" or ends with "《")."""


def break_offsets(text: str, width: int) -> list[int]:
    """Where to break `text` so each line fits `width` cells: between any two Chinese characters,
    as Chinese is set, and at spaces elsewhere. Rich breaks only at spaces, so a Chinese sentence
    after a space (`按 GB/T 27922《…》…`) jumped whole to the next line and left a stub behind."""
    breaks: list[int] = []
    used = 0
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group()
        need = cell_len(word.rstrip())
        if need <= width - used:
            used += cell_len(word)
            continue
        if need > width:  # longer than a line: fold it
            parts = chop_cells(word, width)
            for part in parts[:-1]:
                if start:
                    breaks.append(start)
                start += len(part)
            if start:
                breaks.append(start)
            used = cell_len(parts[-1])
        elif used and start:
            breaks.append(start)
            used = cell_len(word)
    return breaks


class Prose(Text):
    """Rich text wrapped with `break_offsets` instead of at spaces only."""

    def wrap(
        self,
        console: Console,
        width: int,
        *,
        justify: JustifyMethod | None = None,
        overflow: OverflowMethod | None = None,
        tab_size: int = 8,
        no_wrap: bool | None = None,
    ) -> Lines:
        if no_wrap or self.no_wrap or overflow == "ignore":
            return super().wrap(
                console,
                width,
                justify=justify,
                overflow=overflow,
                tab_size=tab_size,
                no_wrap=no_wrap,
            )
        justify = justify or self.justify or "default"
        overflow = overflow or self.overflow or "fold"
        lines = Lines()
        for line in self.split(allow_blank=True):
            if "\t" in line:
                line.expand_tabs(tab_size)
            pieces = line.divide(break_offsets(str(line), width))
            for piece in pieces:
                piece.rstrip_end(width)
            pieces.justify(console, width, justify=justify, overflow=overflow)
            for piece in pieces:
                piece.truncate(width, overflow=overflow)
            lines.extend(pieces)
        return lines


class Transcript(ScrollView, can_focus=False):
    """Assistant on the left, the user on the right, cards in between. It never takes the keyboard
    (typing there was swallowed): the screen scrolls it with PgUp/PgDn, the mouse wheel works."""

    DEFAULT_CSS = """
    Transcript {
        background: $surface;
        color: $foreground;
        overflow-y: scroll;
    }
    """

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[Strip] = []
        self._messages: list[RenderableType] = []
        """Every message, kept so that a new width re-flows them instead of cropping."""
        self._width = 0
        """The width `lines` were rendered at (0: not yet known)."""
        self._flow = 0
        """Bumped by each re-flow, so a late batch of older lines from an earlier one is dropped."""

    def _put(self, renderable: RenderableType) -> None:
        self._messages.append(renderable)
        if not self._width:
            return  # rendered when the width is known (on_resize)
        self.lines.extend(self._strips(renderable))
        self._sized()
        self.scroll_end(animate=False, immediate=False, x_axis=False)

    def _content_width(self) -> int:
        return max(self.scrollable_content_region.width, MIN_WIDTH)

    def _strips(self, renderable: RenderableType) -> list[Strip]:
        width = self._width
        console = self.app.console
        segments = console.render(renderable, console.options.update_width(width))
        strips = Strip.from_lines(list(Segment.split_lines(segments))) or [Strip.blank(width)]
        for strip in strips:
            strip.adjust_cell_length(width)
        return strips

    def _sized(self) -> None:
        self.virtual_size = Size(self._width, len(self.lines))

    def on_resize(self, event: events.Resize) -> None:
        if not event.size.width:
            return
        if self._content_width() != self._width:
            self._reflow()
        else:  # like any chat: after a resize, the latest message is in view
            self.scroll_end(animate=False, immediate=False, x_axis=False)

    def _reflow(self) -> None:
        """Render every message at the current width. The newest ones that fill the view are
        rendered now and the scroll-back above them a frame later: a resumed session replays
        dozens of messages, and its question should not wait for them."""
        self._width = self._content_width()
        self._flow += 1
        older = list(self._messages)
        shown: list[Strip] = []
        while older and len(shown) < self.scrollable_content_region.height:
            shown[:0] = self._strips(older.pop())
        self.lines = shown
        self._sized()
        self.scroll_end(animate=False, immediate=False, x_axis=False)
        if older:
            self.call_after_refresh(self._prepend, older, self._flow)

    def _prepend(self, older: list[RenderableType], flow: int) -> None:
        if flow != self._flow:
            return  # the width changed again: that re-flow renders them
        at_end = self.scroll_y >= self.max_scroll_y
        strips = [strip for renderable in older for strip in self._strips(renderable)]
        self.lines[:0] = strips
        self._sized()
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
