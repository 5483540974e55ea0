"""The browser's clickable key bar: rebuilt when the keys it shows change (another screen, the
other language), never on a mere focus change. Textual's own Footer rebuilt itself on every Tab,
a tenth of a served tab's CPU when a class opens the link together."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input
from textual.widgets._footer import FooterKey

from interviewer.ui.app import InterviewerApp
from tests.ui.conftest import services


def _keys(app: InterviewerApp) -> list[FooterKey]:
    return list(app.screen.query(FooterKey))


def _words(app: InterviewerApp) -> str:
    return " ".join(f"{key.key_display} {key.description}" for key in _keys(app))


async def _settle(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(4):
        await pilot.pause()


async def test_tabbing_through_the_start_form_keeps_the_key_bar(tmp_path: Path) -> None:
    app = InterviewerApp(services(tmp_path / "sessions", served=True))
    async with app.run_test(size=(110, 40)) as pilot:
        await _settle(pilot)
        before = _keys(app)
        assert before and "退出" in _words(app)
        for _ in range(6):
            await pilot.press("tab")
            await _settle(pilot)
        assert app.focused is not None and app.focused.id != "name"  # focus did move
        after = _keys(app)
        assert [id(k) for k in after] == [id(k) for k in before]  # the very same widgets


async def test_the_key_bar_follows_the_screen_and_the_language(tmp_path: Path) -> None:
    app = InterviewerApp(services(tmp_path / "sessions", served=True))
    async with app.run_test(size=(110, 40)) as pilot:
        await _settle(pilot)
        app.screen.query_one("#name", Input).value = "第三组"
        app.screen.query_one("#new").press()
        await _settle(pilot)
        words = _words(app)
        assert "报告" in words and "中英切换" in words and "Report" not in words
        await pilot.press("f8")
        await _settle(pilot)
        words = _words(app)
        assert "Report" in words and "Language" in words and "报告" not in words
        await pilot.press("f8")
        await _settle(pilot)
        assert "报告" in _words(app)
