"""Nothing acknowledged is lost (review A1-A3): after a failed save, quitting asks first (TUI) or
never claims "saved" (plain mode); the last resort is a recovery file the next opening offers back;
a session that could never be saved again is refused when opened."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest
from textual.widgets import Button

from interviewer.ui.screens.interview import InterviewScreen
from interviewer.ui.screens.unsaved import RestoreRecovery, UnsavedQuit
from tests.reliability.test_faults import Faulty
from tests.ui.test_interview_flow import start, type_line

SID = "e" * 32


def _answers(path: Path) -> dict[str, object]:
    return json.loads(path.read_text("utf-8"))["answers"]


async def test_ctrl_q_after_a_failed_save_asks_and_quit_anyway_writes_a_recovery_file(
    make, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "sessions"
    app = make()
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot)
        await pilot.press("1")  # p.delivery: saved
        await pilot.pause()
        path = next(folder.glob("*.json"))
        fault = Faulty(monkeypatch, "replace", 1, errno.ENOSPC, keep_failing=True)
        await type_line(pilot, "是")  # e.legal: the save fails, the answer is kept in memory
        assert "e.legal" not in _answers(path)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedQuit), "Ctrl+Q quit at once with an unsaved answer"
        app.screen.query_one("#again", Button).press()  # still full: the dialog comes back
        await pilot.pause()
        assert isinstance(app.screen, UnsavedQuit)
        assert "disk is full" in str(app.screen.problem)
        fault.active = False  # the recovery file is a plain new file: it may still fit
        app.screen.query_one("#quit", Button).press()
        await pilot.pause()
    assert app.return_code == 0
    recovery = path.with_name(path.name + ".recovery")
    assert json.loads(recovery.read_text("utf-8"))["answers"]["e.legal"]["value"] == "yes"
    assert "e.legal" not in _answers(path)

    resumed = make(resume=path)
    async with resumed.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(resumed.screen, RestoreRecovery)
        resumed.screen.query_one("#restore", Button).press()
        await pilot.pause()
        assert isinstance(resumed.screen, InterviewScreen)
        assert "e.legal" in resumed.screen.talk.session.answers
    assert _answers(path)["e.legal"]["value"] == "yes"  # type: ignore[index]
    assert not recovery.exists() and recovery.with_name(recovery.name + ".bak").exists()


async def test_save_again_in_the_quit_dialog_saves_once_the_disk_has_room(
    make, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "sessions"
    app = make()
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot)
        await pilot.press("1")
        await pilot.pause()
        fault = Faulty(monkeypatch, "replace", 1, errno.ENOSPC, keep_failing=True)
        await type_line(pilot, "是")  # the save fails
        await type_line(pilot, "/quit")  # typed /quit asks too
        assert isinstance(app.screen, UnsavedQuit)
        fault.active = False
        app.screen.query_one("#again", Button).press()
        await pilot.pause()
    path = next(folder.glob("*.json"))
    assert _answers(path)["e.legal"]["value"] == "yes"  # type: ignore[index]


async def test_ctrl_q_with_everything_saved_quits_at_once(make, tmp_path: Path) -> None:
    app = make()
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot)
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not isinstance(app.screen, UnsavedQuit)
    assert app.return_code == 0
