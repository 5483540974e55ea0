#!/usr/bin/env python3
"""The two commands a newcomer types. Needs only Python 3.11+ and pip.

    python3 dev.py run     set up .venv (once) and start the interview on the bundled bank
    python3 dev.py test    set up .venv (once) and run format check, lint, type check and all tests
    python3 dev.py bench   set up .venv (once) and run the benchmark (not part of the tests)

Arguments after the command are passed on (`python3 dev.py run --plain`, `python3 dev.py test -k bank`).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".installed"


def _python() -> Path:
    return BIN / ("python.exe" if os.name == "nt" else "python")


def setup() -> None:
    """Create .venv and install the project with its test tools; redo it when pyproject.toml changes."""
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be started by an older python3
        sys.exit(f"Python 3.11 or newer is needed (this is {sys.version.split()[0]}).")
    _private_sessions_folder()
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == want and _python().exists():
        return
    if not _python().exists():
        print("Creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    print("Installing the project and its test tools into .venv (first run only) ...", flush=True)
    subprocess.run(
        [str(_python()), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True
    )
    subprocess.run(
        [str(_python()), "-m", "pip", "install", "--quiet", "-e", ".[test,serve]"],
        check=True,
        cwd=ROOT,
    )
    STAMP.write_text(want)


def _private_sessions_folder() -> None:
    """The checkout's own sessions/ comes out of git readable by everyone (git keeps no folder
    modes); the app never chmods a folder it did not create, so the project tightens its own."""
    folder = ROOT / "sessions"
    if os.name != "nt" and folder.is_dir() and not folder.is_symlink():
        os.chmod(folder, 0o700)


def run(argv: list[str]) -> int:
    return subprocess.call([str(BIN / "interviewer"), *argv], cwd=ROOT)


def test(argv: list[str]) -> int:
    steps = [
        [str(BIN / "ruff"), "format", "--check", "interviewer", "tests", "bench", "dev.py"],
        [str(BIN / "ruff"), "check", "interviewer", "tests", "bench", "dev.py"],
        [str(BIN / "mypy")],
        [str(_python()), "-m", "pytest", "-q", *argv],
    ]
    for step in steps:
        print(
            "$ " + " ".join(Path(step[0]).name if i == 0 else a for i, a in enumerate(step)),
            flush=True,
        )
        code = subprocess.call(step, cwd=ROOT)
        if code == 5:
            print("pytest collected no tests: that is a failure here.", file=sys.stderr)
            return 1
        if code != 0:
            return code
    return 0


def bench(argv: list[str]) -> int:
    return subprocess.call([str(_python()), str(ROOT / "bench" / "run.py"), *argv], cwd=ROOT)


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in ("run", "test", "bench"):
        print(__doc__)
        return 2
    setup()
    command, rest = sys.argv[1], sys.argv[2:]
    return {"run": run, "test": test, "bench": bench}[command](rest)


if __name__ == "__main__":
    sys.exit(main())
