"""SIGTERM and SIGHUP (terminal closed) during an interview: the app leaves cleanly, every answer
given is on disk, and the session is not left locked. Runs the real app in a pseudo-terminal."""

from __future__ import annotations

import json
import os
import pty
import select
import signal
import sys
import time
from pathlib import Path

import pytest

from interviewer.core import store
from tests.ui.conftest import tiny

ROOT = Path(__file__).resolve().parent.parent.parent
TINY = ROOT / "tests" / "data" / "banks" / "tiny.yaml"


def _drain(fd: int, seconds: float) -> bytes:
    out = b""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
    return out


def _wait_for(predicate, fd: int, seconds: float = 20) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        _drain(fd, 0.1)
        if predicate():
            return
    raise AssertionError("timed out")


def _answers(folder: Path) -> dict:  # type: ignore[type-arg]
    files = list(folder.glob("*.json"))
    if not files:
        return {}
    try:
        return json.loads(files[0].read_text("utf-8"))["answers"]  # type: ignore[no-any-return]
    except (ValueError, OSError):
        return {}


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_signal_during_the_interview_leaves_the_session_saved(tmp_path: Path, sig: int) -> None:
    folder = tmp_path / "sessions"
    pid, fd = pty.fork()
    if pid == 0:  # child: the real app in a terminal
        os.environ["TERM"] = "xterm-256color"
        os.environ["INTERVIEWER_CACHE_DIR"] = str(tmp_path / "cache")
        os.chdir(ROOT)
        os.execv(
            sys.executable,
            [
                sys.executable,
                "-m",
                "interviewer",
                "--bank",
                str(TINY),
                "--sessions-dir",
                str(folder),
                "--name",
                "signal test",
            ],
        )
    try:
        _wait_for(lambda: list(folder.glob("*.json")), fd)
        _drain(fd, 1.0)  # let the first question paint
        os.write(fd, b"1")  # p.delivery: yes (number key on the option list)
        _wait_for(lambda: "p.delivery" in _answers(folder), fd)
        os.write(fd, "是\r".encode())  # e.legal typed
        _wait_for(lambda: "e.legal" in _answers(folder), fd)
        os.kill(pid, sig)
        end = time.monotonic() + 20
        status = None
        while time.monotonic() < end:
            _drain(fd, 0.1)
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
        assert status is not None and os.WIFEXITED(status), f"did not exit cleanly: {status}"
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(fd)
    answers = _answers(folder)
    assert answers["p.delivery"]["value"] == "yes" and answers["e.legal"]["value"] == "yes"
    path = next(folder.glob("*.json"))
    again = store.open_for_writing(tiny(), path, lambda: "t")  # not left locked
    again.close()
    assert not path.with_name(path.name + ".owner").exists()
