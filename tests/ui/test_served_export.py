"""Export in the browser: the report goes to the browser as a download, not to the server's disk,
and neither the file name nor the message shows a server path or the resume code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Static

from interviewer.ui.app import InterviewerApp
from interviewer.ui.screens.report import ReportScreen
from tests.ui.conftest import heard, services


async def test_export_in_the_browser_is_delivered_as_a_download(
    tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    delivered: list[dict[str, Any]] = []

    def deliver(self: InterviewerApp, file: Any, **kwargs: Any) -> str:
        delivered.append({"content": file.read(), **kwargs})
        return "key"

    monkeypatch.setattr(InterviewerApp, "is_web", property(lambda self: True))
    monkeypatch.setattr(InterviewerApp, "deliver_binary", deliver)
    folder = tmp_path / "sessions"
    app = InterviewerApp(services(folder, served=True))
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        app.screen.query_one("#name", Input).value = "张三"
        app.screen.query_one("#new").press()
        await pilot.pause()
        assert app.opened is not None
        code = app.code
        assert code is not None and len(code) == 34
        screen = ReportScreen(app.services.bank, app.opened.session, app.opened.path)
        await app.push_screen(screen)
        await pilot.pause()
        screen.query_one("#export-html").press()
        await pilot.pause()
        shown = str(screen.query_one("#export-result", Static).render())
    assert len(delivered) == 1
    assert delivered[0]["save_filename"] == "gbt27922-report.html"
    assert delivered[0]["mime_type"] == "text/html"
    assert b"<html" in delivered[0]["content"].lower()
    assert not (folder / "reports").exists()  # nothing written on the server
    assert "浏览器" in shown and str(folder) not in shown and code not in shown


async def test_a_session_open_elsewhere_is_refused_without_server_details(tmp_path: Path) -> None:
    import getpass
    import os
    import socket

    folder = tmp_path / "sessions"
    app = InterviewerApp(services(folder, served=True))
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        app.screen.query_one("#new").press()
        await pilot.pause()
        assert app.opened is not None
        code = app.code
        assert code is not None and len(code) == 34
        other = InterviewerApp(services(folder, served=True))
        shown = heard(other)
        async with other.run_test(size=(110, 40)) as pilot2:
            await pilot2.pause()
            other.resume_code(code)
            await pilot2.pause()
    assert shown, "the second tab was not refused"
    text = shown[-1]
    assert "另一个窗口" in text
    for secret in (str(folder), str(os.getpid()), socket.gethostname(), getpass.getuser()):
        assert secret not in text


@pytest.mark.parametrize("ask", ["f10", "/code"])
async def test_the_resume_code_is_shown_again_on_request(tmp_path: Path, ask: str) -> None:
    app = InterviewerApp(services(tmp_path / "sessions", served=True))
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        app.screen.query_one("#new").press()
        await pilot.pause()
        assert app.opened is not None
        shown = heard(app)  # only what the request shows, not the start's toast
        await pilot.press(*(list(ask) + ["enter"] if ask.startswith("/") else [ask]))
        await pilot.pause()
        code = app.code
        assert code is not None and len(code) == 34
        answers = dict(app.opened.session.answers)
    assert any(code in text and "续答码" in text for text in shown)
    assert answers == {}  # asking for the code answers nothing
