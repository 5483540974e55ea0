"""Snapshots of key screens at 80×24 (the smallest supported size) and larger, in both languages.

Regenerate after an intended change with: pytest tests/ui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from interviewer.ui.app import make_app
from tests.ui.conftest import services


async def _start(pilot: Pilot, lang: str = "zh") -> None:  # type: ignore[type-arg]
    screen = pilot.app.screen
    screen.query_one("#name", Input).value = "宏达自查"
    screen.query_one("#company", Input).value = "宏达家电有限公司"
    if lang == "en":
        screen.query_one("#lang-en").value = True
    screen.query_one("#new").press()
    await pilot.pause()


def test_start_screen_80x24(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(services(tmp_path)), terminal_size=(80, 24))


def test_first_question_80x24_chinese(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(services(tmp_path)), terminal_size=(80, 24), run_before=_start)


def test_mid_interview_english_with_why_card(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:  # type: ignore[type-arg]
        await _start(pilot, "en")
        await pilot.press("1")
        for line in ("yes", "0", "no", "partial"):
            box = pilot.app.screen.query_one("#answer", Input)
            box.value = line
            box.focus()
            await pilot.press("enter")
        await pilot.press("f2")
        await pilot.pause()

    assert snap_compare(
        make_app(services(tmp_path)), terminal_size=(110, 36), run_before=run_before
    )
