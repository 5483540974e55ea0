"""kill -9 at random moments while a session is being saved (reliability.md §4.1).

After every kill the file must load and validate, and no acknowledged save may be missing.
A control with a plain truncate-and-write shows the same harness does catch corruption."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from interviewer.core import store
from interviewer.core.errors import SessionError

SAVER = Path(__file__).resolve().parent / "saver.py"
ROOT = Path(__file__).resolve().parent.parent.parent
SESSION_ID = "c" * 32


def _spawn(
    path: Path, mode: str, payload: int, env: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(SAVER), str(path), mode, str(payload)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )


def _classify(path: Path, last_ack: int) -> str:
    try:
        s, _ = store.read(path)
    except SessionError:
        return "corrupt"
    if s.revision < last_ack:
        return "lost_ack"
    return "ok"


def crash_loop(folder: Path, mode: str, runs: int, payload: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    path = folder / f"{SESSION_ID}.json"
    outcome = {"ok": 0, "corrupt": 0, "lost_ack": 0, "missing": 0}
    last_ack = 0
    for _ in range(runs):
        child = _spawn(path, mode, payload)
        # wait until it is saving, then kill it at a random moment
        deadline = time.monotonic() + 20
        first = child.stdout.readline() if child.stdout else ""
        assert first.strip().isdigit() or time.monotonic() < deadline, (
            child.stderr.read() if child.stderr else ""
        )
        time.sleep(rng.uniform(0.02, 0.15))
        child.send_signal(signal.SIGKILL)
        rest, _err = child.communicate(timeout=20)
        acks = [int(x) for x in (first + rest).split() if x.isdigit()]
        if acks:
            last_ack = max(last_ack, max(acks))
        if not path.exists():
            outcome["missing"] += 1
            continue
        result = _classify(path, last_ack)
        outcome[result] += 1
        if result == "corrupt":
            path.unlink()  # let the next child start afresh
            last_ack = 0
    return outcome


def test_atomic_saves_survive_200_random_kills(tmp_path: Path) -> None:
    outcome = crash_loop(tmp_path, "atomic", runs=200, payload=20_000, seed=27922)
    assert outcome == {"ok": 200, "corrupt": 0, "lost_ack": 0, "missing": 0}
    # the kills leave temp files behind; the next open removes old ones under the lock
    leftovers = list(tmp_path.glob(".tmp-*"))
    for p in leftovers:
        os.utime(p, (time.time() - 60, time.time() - 60))
    opened = store.open_for_writing(
        __import__("tests.ui.conftest", fromlist=["tiny"]).tiny(),
        tmp_path / f"{SESSION_ID}.json",
        lambda: "t",
    )
    opened.close()
    assert not list(tmp_path.glob(".tmp-*"))


def test_control_plain_writes_are_caught_corrupt(tmp_path: Path) -> None:
    outcome = crash_loop(tmp_path, "naive", runs=30, payload=400_000, seed=1)
    assert outcome["corrupt"] > 0, outcome  # the harness can fail


@pytest.mark.parametrize(
    "point", ["fsync:1", "fsync:2", "fsync:3", "replace:1", "replace:2", "link:1"]
)
def test_kill_at_each_step_of_a_save_keeps_the_old_or_the_new_file(
    tmp_path: Path, point: str
) -> None:
    path = tmp_path / f"{SESSION_ID}.json"
    first = _spawn(path, "atomic", 1000)
    assert first.stdout is not None
    first.stdout.readline()  # one save done
    first.send_signal(signal.SIGKILL)
    first.communicate(timeout=20)
    before, _ = store.read(path)
    child = _spawn(path, "atomic", 1000, {"CRASH_AT": point})
    out, err = child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL, err
    after, _ = store.read(path)  # loads and validates: never a mix
    acked = [int(x) for x in out.split()]
    assert after.revision >= (max(acked) if acked else before.revision)


@pytest.mark.soak
def test_soak_5000_kills(tmp_path: Path) -> None:
    outcome = crash_loop(tmp_path, "atomic", runs=5000, payload=50_000, seed=2)
    assert outcome["corrupt"] == outcome["lost_ack"] == outcome["missing"] == 0
