"""Nothing acknowledged is lost in plain mode (review A1) and no session loads that could never
be saved again (A3)."""

from __future__ import annotations

import errno
import io
import json
import os
from pathlib import Path

import pytest

from interviewer import plain
from interviewer.core import engine, sessionfile, store
from interviewer.core.errors import SessionError
from tests.reliability.test_faults import Faulty
from tests.ui.conftest import tiny

SID = "e" * 32


def _answers(path: Path) -> dict[str, object]:
    return json.loads(path.read_text("utf-8"))["answers"]


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
    with pytest.raises(SessionError, match=r"not opened for answering.*too many entries"):
        store.open_for_writing(bank, path, lambda: "t")
    assert path.read_bytes() == before
