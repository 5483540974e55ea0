"""Disk full and I/O errors, injected at every step of a save (reliability.md §4.2): the save reports a
clear error, the previous file is intact, nothing is left behind, the answer stays in memory and is
saved at the next try."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from interviewer.core import engine, store
from interviewer.core.conversation import Conversation
from interviewer.core.errors import SaveFailed
from tests.ui.conftest import tiny

CODES = {
    errno.ENOSPC: "the disk is full",
    errno.EIO: "an input/output error",
    errno.EROFS: "the disk is read-only",
    errno.EACCES: "permission denied",
    errno.EDQUOT: "the disk quota is used up",
}


class Faulty:
    """Make the k-th call of an os function fail (once, or from then on)."""

    def __init__(
        self, monkeypatch: pytest.MonkeyPatch, name: str, k: int, code: int, keep_failing: bool
    ) -> None:
        self.real = getattr(os, name)
        self.calls = 0
        self.k, self.code, self.keep = k, code, keep_failing
        self.active = True
        monkeypatch.setattr(os, name, self)  # the os module the io package uses

    def __call__(self, *args: object, **kwargs: object) -> object:
        self.calls += 1
        if self.active and (self.calls == self.k or (self.keep and self.calls > self.k)):
            raise OSError(self.code, os.strerror(self.code))
        return self.real(*args, **kwargs)


def _opened(tmp_path: Path) -> store.OpenSession:
    bank = tiny()
    opened = store.start(bank, tmp_path, session_id="d" * 32, clock=lambda: "t")
    opened.save(engine.set_value(bank, opened.session, "p.delivery", "yes", "t"))
    return opened


@pytest.mark.parametrize("code", sorted(CODES))
@pytest.mark.parametrize("step", ["fsync:1", "fsync:2", "replace:1", "replace:2", "link:1"])
@pytest.mark.parametrize("keep_failing", [False, True])
def test_failed_save_keeps_the_old_file_and_the_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, step: str, keep_failing: bool
) -> None:
    opened = _opened(tmp_path)
    before = opened.path.read_bytes()
    name, _, k = step.partition(":")
    fault = Faulty(monkeypatch, name, int(k), code, keep_failing)
    changed = engine.set_value(opened.bank, opened.session, "e.legal", "yes", "t")
    try:
        opened.save(changed)
    except SaveFailed as exc:
        assert opened.pending is not None and opened.pending.answers["e.legal"].value == "yes"
        if (
            step == "fsync:2"
        ):  # the folder fsync, after the rename: new file in place, not confirmed durable
            assert CODES[code] in str(exc) and "written, but" in str(exc)
            assert opened.path.read_bytes() != before
        else:
            assert CODES[code] in str(exc) and "previous version is intact" in str(exc)
            assert opened.path.read_bytes() == before  # byte-identical
    else:
        # no hard links here: the backup falls back to a copy, and the save goes through
        assert name == "link", "the injected fault did not surface"
        assert store.read(opened.path)[0].answers["e.legal"].value == "yes"
        assert opened.path.with_name(opened.path.name + ".bak").read_bytes() == before
    assert not list(tmp_path.glob(".tmp-*")), "a failed save left a temp file behind"
    fault.active = False
    saved = opened.save(opened.pending or changed)
    assert store.read(opened.path)[0].answers["e.legal"].value == "yes"
    assert saved.revision == store.read(opened.path)[0].revision
    opened.close()


def test_conversation_keeps_going_and_retries_after_disk_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = _opened(tmp_path)
    talk = Conversation(opened.bank, opened.session, save=opened.save, clock=lambda: "t")
    talk.start()
    fault = Faulty(monkeypatch, "replace", 1, errno.ENOSPC, keep_failing=True)
    events = talk.submit("是")  # e.legal
    assert [e.kind for e in events][:2] == ["user", "unsaved"]
    assert "the disk is full" in events[1].text
    assert talk.unsaved and talk.session.answers["e.legal"].value == "yes"  # kept in memory
    assert "e.legal" not in store.read(opened.path)[0].answers
    fault.active = False
    events = talk.submit("0")  # s.law: this save carries both answers
    assert "saved" in [e.kind for e in events] and not talk.unsaved
    on_disk = store.read(opened.path)[0].answers
    assert on_disk["e.legal"].value == "yes" and on_disk["s.law"].value == 0
    opened.close()


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_folder_gives_a_clear_error(tmp_path: Path) -> None:
    opened = _opened(tmp_path)
    os.chmod(tmp_path, 0o500)
    try:
        with pytest.raises(SaveFailed, match="not saved"):
            opened.save(engine.set_value(opened.bank, opened.session, "e.legal", "yes", "t"))
    finally:
        os.chmod(tmp_path, 0o700)
        opened.close()


def test_folder_removed_mid_session_gives_a_clear_error(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "s"
    opened = _opened(folder)
    shutil.rmtree(folder)
    with pytest.raises(SaveFailed) as info:
        opened.save(engine.set_value(opened.bank, opened.session, "e.legal", "yes", "t"))
    assert "no longer exists" in str(info.value) and "/saveas" in str(info.value)
    assert opened.pending is not None
    # the way out: a copy in another folder, holding the unsaved answer
    copy = opened.save_copy(tmp_path / "rescue", "e" * 32)
    assert store.read(copy.path)[0].answers["e.legal"].value == "yes"
    copy.close()
