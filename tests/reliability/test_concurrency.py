"""Two writers on one session (reliability.md §4.4): with the lock no update is lost; without it,
updates are lost while every file still looks valid — which is why the lock exists."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from interviewer.core import engine, store
from tests.ui.conftest import tiny

WRITER = Path(__file__).resolve().parent / "writer.py"
ROOT = Path(__file__).resolve().parent.parent.parent


def _session(tmp_path: Path) -> Path:
    bank = tiny()
    opened = store.start(bank, tmp_path, session_id="f" * 32, clock=lambda: "t")
    opened.save(engine.set_value(bank, opened.session, "p.delivery", "yes", "t"))
    opened.close()
    return opened.path


def _race(path: Path, mode: str, cycles: int) -> tuple[int, dict[str, int]]:
    procs = [
        subprocess.Popen(
            [sys.executable, str(WRITER), str(path), mode, tag, str(cycles)],
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in ("A", "B")
    ]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    s, _ = store.read(path)
    lines = s.answers["p.delivery"].note.split()
    return s.revision, {"A": lines.count("A"), "B": lines.count("B")}


def test_two_locked_writers_lose_nothing(tmp_path: Path) -> None:
    path = _session(tmp_path)
    start = store.read(path)[0].revision
    revision, counts = _race(path, "locked", 300)
    assert counts == {"A": 300, "B": 300}
    assert revision == start + 600


def test_control_unlocked_writers_lose_updates(tmp_path: Path) -> None:
    path = _session(tmp_path)
    _, counts = _race(path, "unlocked", 300)
    assert counts["A"] + counts["B"] < 600, counts  # the test above can fail
