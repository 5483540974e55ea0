"""The file system is left as found (review B1-B4): existing folders keep their mode, new ones are
private, an unwritable cache is skipped, the crash log is private and unpredictable, and a FIFO or
a huge file as `.owner` never hangs the refusal."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from interviewer import cli
from interviewer.core import bankopen, storage, store
from interviewer.core.errors import SessionInUse
from tests.ui.conftest import tiny

DATA = Path(__file__).resolve().parents[1] / "data"
TINY = DATA / "banks" / "tiny.yaml"
ANSWERS = DATA / "answers"
SID = "9" * 32


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def answers_file(tmp_path: Path) -> Path:
    path = tmp_path / "a.yaml"
    path.write_text("p.delivery: yes\n", "utf-8")
    return path


def test_run_out_into_a_shared_sticky_folder_keeps_its_mode(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    code = cli.main(
        [
            "run",
            "--bank",
            str(TINY),
            "--answers",
            str(answers_file(tmp_path)),
            "--out",
            str(shared / "x.json"),
        ]
    )
    assert code == 0, capsys.readouterr().err
    assert mode(shared) == 0o1777
    assert mode(shared / "x.json") == 0o600


def test_sessions_dir_and_resume_leave_an_existing_folder_as_found_and_warn(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "open"
    folder.mkdir()
    os.chmod(folder, 0o755)
    opened = store.start(tiny(), folder, session_id=SID, clock=lambda: "t")
    opened.close()
    assert mode(folder) == 0o755
    assert any("chmod 700" in w for w in opened.warnings)
    again = store.open_for_writing(tiny(), folder / f"{SID}.json", lambda: "t")
    again.close()
    assert mode(folder) == 0o755
    assert any("can be read by other users" in w for w in again.warnings)


def test_new_folders_are_created_private_and_through_no_symlink_chmod(tmp_path: Path) -> None:
    target = tmp_path / "target"
    target.mkdir()
    os.chmod(target, 0o755)
    (tmp_path / "link").symlink_to(target)
    storage.ensure_private_dir(tmp_path / "link")
    assert mode(target) == 0o755
    old = os.umask(0)
    try:
        storage.ensure_private_dir(tmp_path / "a" / "b")
    finally:
        os.umask(old)
    assert mode(tmp_path / "a") == 0o700 and mode(tmp_path / "a" / "b") == 0o700


def test_an_unwritable_cache_folder_falls_back_to_no_cache(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    bank = bankopen.open_bank(TINY, None, blocker / "cache")  # cannot be created under a file
    assert bank.id == "tiny"
    ro = tmp_path / "ro"
    ro.mkdir()
    os.chmod(ro, 0o500)
    try:
        assert bankopen.open_bank(TINY, None, ro / "cache").id == "tiny"
    finally:
        os.chmod(ro, 0o700)


def test_the_crash_log_is_private_unpredictable_and_never_follows_a_planted_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from interviewer.ui.app import InterviewerApp

    state = tmp_path / "state"
    monkeypatch.setenv("INTERVIEWER_STATE_DIR", str(state))
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    victim = tmp_path / "victim.txt"
    victim.write_text("IMPORTANT USER DATA")
    first = InterviewerApp.write_crash_log("trace 1")
    second = InterviewerApp.write_crash_log("trace 2")
    assert first.parent == state and second.parent == state and first != second
    assert first.read_text() == "trace 1" and mode(first) == 0o600
    assert not str(first).startswith(str(tmp_path / "tmp"))
    assert str(int(time.time())) not in first.name  # not guessable from the clock
    assert victim.read_text() == "IMPORTANT USER DATA"


def _held_elsewhere(path: Path) -> subprocess.Popen[bytes]:
    """Another process holding the session's lock (as another window would)."""
    code = (
        "import fcntl, os, sys, time\n"
        f"fd = os.open({str(path) + '.lock'!r}, os.O_RDWR | os.O_CREAT, 0o600)\n"
        "fcntl.flock(fd, fcntl.LOCK_EX)\n"
        "print('held', flush=True)\n"
        "time.sleep(60)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
    assert proc.stdout is not None and proc.stdout.readline() == b"held\n"
    return proc


@pytest.mark.parametrize("kind", ["fifo", "huge", "symlink", "hostile"])
def test_an_odd_owner_file_never_hangs_the_refusal(tmp_path: Path, kind: str) -> None:
    opened = store.start(tiny(), tmp_path, session_id=SID, clock=lambda: "t")
    opened.close()
    path = tmp_path / f"{SID}.json"
    owner = tmp_path / f"{SID}.json.owner"
    if kind == "fifo":
        os.mkfifo(owner)
    elif kind == "huge":
        with open(owner, "wb") as f:
            f.truncate(2_000_000_000)  # sparse: 2 GB that must not be read
    elif kind == "symlink":
        os.mkfifo(tmp_path / "fifo")
        owner.symlink_to(tmp_path / "fifo")
    else:
        owner.write_text('{"pid": "\\u001b]0;OWNER\\u0007", "host": ["x"], "since": 1e308}')
    proc = _held_elsewhere(path)
    try:
        code = (
            "import sys; from pathlib import Path\n"
            "from interviewer.core import store\n"
            "from tests.ui.conftest import tiny\n"
            "try:\n"
            f"    store.open_for_writing(tiny(), Path({str(path)!r}), lambda: 't')\n"
            "except Exception as exc:\n"
            "    print(type(exc).__name__, exc)\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            timeout=20,
            cwd=Path(__file__).resolve().parents[2],
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
            check=False,
        )
    finally:
        proc.kill()
        proc.wait()
    assert done.stdout.startswith(SessionInUse.__name__), done.stdout + done.stderr
    assert "\x1b" not in done.stdout


def test_the_chmod_advice_for_a_hostile_file_name_is_safe_to_paste(tmp_path: Path) -> None:
    import shlex

    opened = store.start(tiny(), tmp_path, session_id=SID, clock=lambda: "t")
    opened.close()
    hostile = tmp_path / "x'; touch PWNED; echo '.json"
    os.replace(tmp_path / f"{SID}.json", hostile)
    os.chmod(hostile, 0o644)
    again = store.open_for_writing(tiny(), hostile, lambda: "t")
    again.close()
    (advice,) = [w.split("run: ", 1)[1] for w in again.warnings if "chmod 600" in w]
    assert shlex.split(advice) == ["chmod", "600", str(hostile)]


def test_run_out_existing_is_refused_unless_force_respects_the_lock_and_keeps_a_bak(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Review A2: `run --out EXISTING.json` replaced a session silently, even one open elsewhere."""
    answers = answers_file(tmp_path)
    out = tmp_path / f"{SID}.json"
    base = ["run", "--bank", str(TINY), "--answers", str(answers), "--out", str(out)]
    assert cli.main(base) == 0
    first = out.read_bytes()
    assert cli.main(base) == 2
    assert "already exists" in capsys.readouterr().err and out.read_bytes() == first
    proc = _held_elsewhere(out)
    try:
        assert cli.main([*base, "--force"]) == 2
        assert "open in another window" in capsys.readouterr().err
    finally:
        proc.kill()
        proc.wait()
    assert out.read_bytes() == first
    assert cli.main([*base, "--force"]) == 0
    assert out.with_name(out.name + ".bak").read_bytes() == first
