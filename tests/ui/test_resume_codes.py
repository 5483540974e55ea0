"""In a browser a session reopens only with its resume code, which is not its id: the file keeps a
hash, the code is shown at the start and on request, a lost code is replaced, and a copy made with
/saveas gets its own code (said without any server path)."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Input

from interviewer.core import resumecode, store
from interviewer.ui.app import InterviewerApp
from interviewer.ui.widgets.transcript import Transcript
from tests.ui.conftest import heard, services


def _transcript(app: InterviewerApp) -> str:
    return "\n".join(strip.text for strip in app.screen.query_one(Transcript).lines)


async def _start(app: InterviewerApp, pilot) -> str:  # type: ignore[no-untyped-def]
    await pilot.pause()
    app.screen.query_one("#name", Input).value = "李四"
    app.screen.query_one("#new").press()
    await pilot.pause()
    assert app.opened is not None and app.code is not None
    return app.code


async def test_the_code_opens_the_session_and_the_id_does_not(tmp_path: Path) -> None:
    folder = tmp_path / "sessions"
    app = InterviewerApp(services(folder, served=True))
    shown = heard(app)
    async with app.run_test(size=(110, 40)) as pilot:
        code = await _start(app, pilot)
        assert app.opened is not None
        path, sid = app.opened.path, app.opened.session.id
        card = _transcript(app)
        await pilot.press("1")
        await pilot.pause()
    assert code in card and sid not in card
    assert any(code in text for text in shown) and not any(sid in text for text in shown)
    data = path.read_bytes()
    assert code.encode() not in data and code.replace("-", "").encode() not in data
    assert json.loads(data)["resume_code_sha256"] == resumecode.digest(code)

    again = InterviewerApp(services(folder, served=True))
    said = heard(again)
    async with again.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        again.resume_code(sid)
        await pilot.pause()
        assert again.opened is None
        assert "interviewer code" in said[-1]  # what to do with an id from before codes
        assert again.services.throttle._update(add=False) == 1
        again.resume_code(" " + code.lower().replace("-", " ") + " ")
        await pilot.pause()
        assert again.opened is not None and again.opened.path == path
        assert again.code == code
        assert set(again.opened.session.answers) == {"p.delivery"}  # the answer given before


async def test_f10_replaces_a_code_this_process_does_not_hold(tmp_path: Path) -> None:
    folder = tmp_path / "sessions"
    first = InterviewerApp(services(folder, served=True))
    async with first.run_test(size=(110, 40)) as pilot:
        old = await _start(first, pilot)
        assert first.opened is not None
        path = first.opened.path
    terminal = InterviewerApp(services(folder))
    shown = heard(terminal)
    async with terminal.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        terminal.open_path(path)
        await pilot.pause()
        assert terminal.code is None  # opened from a file: the code is not known here
        await pilot.press("f10")
        await pilot.pause()
        new = terminal.code
        assert new is not None and new != old
        assert any(new in text and "作废" in text for text in shown)
        assert new in _transcript(terminal)
        await pilot.press("f10")  # asked again: the same code, not yet another one
        await pilot.pause()
        assert terminal.code == new
    assert store.find_by_code(folder, new) == path
    assert store.find_by_code(folder, old) is None


async def test_saveas_in_a_browser_gives_the_copy_its_own_code_and_no_path(tmp_path: Path) -> None:
    folder = tmp_path / "sessions"
    app = InterviewerApp(services(folder, served=True))
    async with app.run_test(size=(110, 40)) as pilot:
        original = await _start(app, pilot)
        assert app.opened is not None
        first_path = app.opened.path
        await pilot.press(*"/saveas", "enter")
        await pilot.pause()
        copy = app.code
        assert app.opened is not None
        copy_path = app.opened.path
        text = _transcript(app)
    assert copy is not None and copy != original and copy_path != first_path
    assert f"您的新续答码：{copy}" in text
    assert str(folder) not in text and copy_path.name not in text
    assert store.find_by_code(folder, copy) == copy_path
    assert store.find_by_code(folder, original) == first_path


async def test_a_browser_never_shows_the_servers_folder_warnings(tmp_path: Path) -> None:
    folder = tmp_path / "sessions"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)  # readable by others: the terminal warns, with the path
    app = InterviewerApp(services(folder, served=True))
    async with app.run_test(size=(110, 40)) as pilot:
        await _start(app, pilot)
        text = _transcript(app)
    assert "续答码" in text and str(folder) not in text and "chmod" not in text
    other = tmp_path / "other"
    other.mkdir()
    other.chmod(0o755)
    terminal = InterviewerApp(services(other))  # the same ids again: another folder
    async with terminal.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        terminal.start_new(display_name="终端", company="", mode="full", language="zh")
        await pilot.pause()
        assert terminal.opened is not None
        assert "chmod" in _transcript(terminal)  # the folder's owner is told
