"""What a window too small for the layout shows instead of it (a layout squeezed to nothing made
Textual divide by a zero width and stop)."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from interviewer.core.labels import t
from interviewer.core.text import Lang

MIN_WIDTH = 40
MIN_HEIGHT = 12


def too_small(width: int, height: int) -> bool:
    return width < MIN_WIDTH or height < MIN_HEIGHT


class TooSmall(Static):
    def show(self, lang: Lang, width: int, height: int) -> None:
        self.update(
            Content(
                t(
                    lang,
                    f"窗口太小（{width}×{height}）。请把窗口放大到至少 {MIN_WIDTH}×{MIN_HEIGHT}，"
                    "回答都已保存。Ctrl+Q 退出。",
                    f"The window is too small ({width}×{height}). Please enlarge it to at least "
                    f"{MIN_WIDTH}×{MIN_HEIGHT}; every answer is saved. Ctrl+Q quits.",
                )
            )
        )
