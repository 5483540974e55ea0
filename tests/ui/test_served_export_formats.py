"""Every export button in the browser delivers the file it names: an Excel workbook (a zip), an
action plan in Markdown, not the HTML report under another extension."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from interviewer.ui.app import InterviewerApp
from interviewer.ui.screens.report import ReportScreen
from tests.ui.conftest import services


@pytest.mark.parametrize(
    ("fmt", "name", "starts"),
    [
        ("xlsx", "gbt27922-report.xlsx", b"PK\x03\x04"),
        ("plan", "gbt27922-plan.md", b"# "),
        ("md", "gbt27922-report.md", b"# "),
        ("csv", "gbt27922-report.csv", b""),
        ("json", "gbt27922-report.json", b"{"),
    ],
)
async def test_each_format_arrives_as_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, name: str, starts: bytes
) -> None:
    delivered: list[dict[str, Any]] = []

    def deliver(self: InterviewerApp, file: Any, **kwargs: Any) -> str:
        delivered.append({"content": file.read(), **kwargs})
        return "key"

    monkeypatch.setattr(InterviewerApp, "is_web", property(lambda self: True))
    monkeypatch.setattr(InterviewerApp, "deliver_binary", deliver)
    app = InterviewerApp(services(tmp_path / "sessions", served=True))
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        app.screen.query_one("#name", Input).value = "张三"
        app.screen.query_one("#new").press()
        await pilot.pause()
        assert app.opened is not None
        screen = ReportScreen(app.services.bank, app.opened.session, app.opened.path)
        await app.push_screen(screen)
        await pilot.pause()
        screen.query_one(f"#export-{fmt}").press()
        await pilot.pause()
    assert [d["save_filename"] for d in delivered] == [name]
    content = delivered[0]["content"]
    assert content.startswith(starts)
    assert b"<html" not in content.lower()
    if fmt == "plan":
        assert "张三".encode() in content
