"""Nothing acknowledged is lost (review A1-A3): after a failed save, quitting asks first (TUI) or
never claims "saved" (plain mode); the last resort is a recovery file the next opening offers back;
a session that could never be saved again is refused when opened."""

from __future__ import annotations

import errno
import io
import json
import os
from pathlib import Path

import pytest
from textual.widgets import Button

from interviewer import plain
from interviewer.core import engine, sessionfile, store
from interviewer.core.errors import SessionError
from interviewer.ui.screens.interview import InterviewScreen
from interviewer.ui.screens.unsaved import RestoreRecovery, UnsavedQuit
from tests.reliability.test_faults import Faulty
from tests.ui.conftest import tiny
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


def _session_file_unwritable(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every write of the session file fails (ENOSPC); other new files (the recovery) still fit."""
    real = os.replace

    def replace(src: object, dst: object) -> None:
        if str(dst).endswith(".json"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", replace)


def _plain(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, everything_fails: bool = False
) -> tuple[int, str, Path]:
    bank = tiny()
    opened = store.start(bank, tmp_path, session_id=SID, clock=lambda: "t")
    if everything_fails:
        Faulty(monkeypatch, "replace", 1, errno.ENOSPC, keep_failing=True)
    else:
        _session_file_unwritable(monkeypatch)
    out = io.StringIO()
    try:
        code = plain.run(opened, io.StringIO(text), out, new_id=lambda: "f" * 32)
    finally:
        opened.close()
    return code, out.getvalue(), opened.path


@pytest.mark.parametrize("ending", ["", "/quit\n"])
def test_plain_mode_never_says_saved_when_nothing_was_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ending: str
) -> None:
    code, out, path = _plain(tmp_path, monkeypatch, "1\n" + ending)
    assert "已保存" not in out and "Saved." not in out, out
    assert "未保存" in out
    assert code == 1
    recovery = path.with_name(path.name + ".recovery")
    assert json.loads(recovery.read_text("utf-8"))["answers"]["p.delivery"]["value"] == "yes"


def test_plain_mode_says_plainly_when_not_even_a_recovery_file_could_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = _plain(tmp_path, monkeypatch, "1\n/quit\n", everything_fails=True)
    assert "已保存" not in out and "未保存" in out and "disk is full" in out
    assert code == 1


def test_plain_mode_offers_the_recovery_file_and_restore_saves_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as m:
        _plain(tmp_path, m, "1\n")
    opened = store.open_for_writing(tiny(), tmp_path / f"{SID}.json", lambda: "t")
    out = io.StringIO()
    try:
        code = plain.run(opened, io.StringIO("/restore\n/quit\n"), out, new_id=lambda: "f" * 32)
    finally:
        opened.close()
    assert "/restore" in out.getvalue().split("> ")[0]  # offered before the first prompt
    assert code == 0 and "已保存" in out.getvalue()
    assert _answers(tmp_path / f"{SID}.json")["p.delivery"]["value"] == "yes"  # type: ignore[index]


def test_a_session_pushed_over_the_orphan_limit_is_refused_at_open_not_after_answers(
    tmp_path: Path,
) -> None:
    """A3: 2,600 unknown answers plus 2,600 orphans load but could never be saved again."""
    bank = tiny()
    s = engine.new_session(bank, session_id=SID, now="t")
    doc = sessionfile.to_dict(s)
    entry = {"value": None, "status": "skipped", "note": "", "unsure": False, "at": "t"}
    doc["answers"] = {f"zz.{i}": dict(entry) for i in range(2600)}
    doc["orphaned_answers"] = {f"yy.{i}": {"value": None, "status": "skipped"} for i in range(2600)}
    path = tmp_path / f"{SID}.json"
    path.write_text(json.dumps(doc), "utf-8")
    before = path.read_bytes()
    store.read(path)  # reading (reports, validate) still works
    with pytest.raises(SessionError, match="not opened for answering.*too many entries"):
        store.open_for_writing(bank, path, lambda: "t")
    assert path.read_bytes() == before
