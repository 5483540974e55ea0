"""The environment a real user has (review G): output encodings without Chinese, a closed stdin
in --plain, no terminal for the full-screen UI: a clear message and exit code, never a traceback,
never a session file left behind."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "data" / "banks" / "tiny.yaml"


def run(
    tmp_path: Path, *argv: str, env: dict[str, str] | None = None, **kw: object
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "interviewer", "--bank", str(TINY), *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=30,
        cwd=tmp_path,
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "INTERVIEWER_SESSIONS_DIR": str(tmp_path / "sessions"),
            **(env or {}),
        },
        check=False,
        **kw,  # type: ignore[arg-type]
    )


@pytest.fixture
def session(tmp_path: Path) -> Path:
    answers = tmp_path / "a.yaml"
    answers.write_text("p.delivery: yes\n", "utf-8")
    done = run(tmp_path, "run", "--answers", str(answers), "--name", "宏达家电")
    assert done.returncode == 0, done.stderr
    return Path(done.stdout.strip())


@pytest.mark.parametrize("encoding", ["latin-1", "ascii", "cp1252"])
@pytest.mark.parametrize(
    "argv",
    [
        ["sessions"],
        ["report", "{s}"],
        ["validate", "{s}"],
        ["--plain", "--lang", "en"],
        ["--plain"],
    ],
)
def test_an_encoding_without_chinese_gives_replacements_and_a_hint_not_a_traceback(
    tmp_path: Path, session: Path, encoding: str, argv: list[str]
) -> None:
    done = run(
        tmp_path,
        *(a.format(s=session) for a in argv),
        env={"PYTHONIOENCODING": encoding},
        input="1\n/quit\n",
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 0, done.stderr
    assert "cannot show Chinese" in done.stderr and "--lang en" in done.stderr


def test_plain_mode_with_stdin_closed_is_a_clear_error_and_creates_nothing(tmp_path: Path) -> None:
    done = run(tmp_path, "--plain", stdin=subprocess.DEVNULL, preexec_fn=lambda: os.close(0))
    assert done.returncode == 2
    assert "standard input is closed" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "sessions").exists() or not list((tmp_path / "sessions").iterdir())


def test_the_full_screen_ui_without_a_terminal_says_so_and_creates_nothing(tmp_path: Path) -> None:
    done = run(tmp_path, stdin=subprocess.DEVNULL)  # stdout is a pipe too; the timeout is 30 s
    assert done.returncode == 2
    assert "needs a terminal" in done.stderr and "--plain" in done.stderr
    assert "\x1b" not in done.stdout
    assert not (tmp_path / "sessions").exists() or not list((tmp_path / "sessions").iterdir())


def test_no_terminal_with_a_new_session_named_creates_nothing_either(tmp_path: Path) -> None:
    done = run(tmp_path, "--name", "x", stdin=subprocess.DEVNULL)
    assert done.returncode == 2
    assert not (tmp_path / "sessions").exists() or not list((tmp_path / "sessions").iterdir())


def test_report_json_survives_an_ascii_terminal(tmp_path: Path, session: Path) -> None:
    done = run(
        tmp_path, "report", str(session), "--format", "json", env={"PYTHONIOENCODING": "ascii"}
    )
    assert done.returncode == 0, done.stderr
    assert isinstance(json.loads(done.stdout), dict)
