"""The bundled bank is found after a plain (non-editable) `pip install .` into a fresh venv."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_install_finds_the_bundled_bank(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    wheel = next(wheels.glob("interviewer-*.whl"))
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    subprocess.run(
        [str(py), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
        timeout=900,
    )
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("INTERVIEWER_")}
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    check = subprocess.run(
        [str(env_dir / "bin" / "interviewer"), "bank", "check"],
        cwd=outside,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stderr
    assert "bank gbt27922-2011 v1.0.0: OK" in check.stdout
    assert "site-packages/interviewer/question_bank/gbt27922" in check.stdout
    assert "items 71" in check.stdout
    where = subprocess.run(
        [str(env_dir / "bin" / "interviewer"), "locate"],
        cwd=outside,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    # installed: sessions go to the user data folder, never into the package
    assert str(tmp_path / "data" / "interviewer" / "sessions") in where.stdout
    # the installed package carries its schemas and styles
    run = subprocess.run(
        [
            str(py),
            "-c",
            "import importlib.resources as r; "
            "print(r.files('interviewer.core').joinpath('schemas/session.schema.json').is_file(), "
            "r.files('interviewer.ui').joinpath('styles/app.tcss').is_file())",
        ],
        cwd=outside,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.stdout.split() == ["True", "True"]
