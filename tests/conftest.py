"""Shared fixtures. Every test runs with INTERVIEWER_SESSIONS_DIR and XDG_DATA_HOME pointing at a
fresh temporary folder, so nothing ever lands in the checkout's sessions/ folder or the user's data
folder; a session-wide guard fails the run if the checkout's sessions/ folder changes anyway."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from interviewer import paths
from interviewer.core import bankload, engine, storage
from interviewer.core.bank import Bank
from interviewer.core.session import Session

DATA = Path(__file__).resolve().parent / "data"
BANKS = DATA / "banks"
SESSIONS = DATA / "sessions"
ANSWERS = DATA / "answers"
NOW = "2024-05-01T09:00:00+08:00"
SID = "0f" * 16


def load_bank_file(path: Path) -> Bank:
    return bankload.load_bank(storage.read_bank_files(path), str(path))


@pytest.fixture(scope="session", autouse=True)
def _checkout_sessions_untouched() -> Iterator[None]:
    real = paths.CHECKOUT / "sessions"
    before = sorted(os.listdir(real)) if real.is_dir() else None
    yield
    after = sorted(os.listdir(real)) if real.is_dir() else None
    assert after == before, f"tests wrote into the real sessions folder {real}: {after}"


@pytest.fixture(autouse=True)
def _isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    base = tmp_path_factory.mktemp("isolated")
    monkeypatch.setenv("INTERVIEWER_SESSIONS_DIR", str(base / "sessions"))
    monkeypatch.setenv("XDG_DATA_HOME", str(base / "xdg"))
    monkeypatch.setenv("INTERVIEWER_CACHE_DIR", str(base / "cache"))
    return base


@pytest.fixture
def tmp_sessions(_isolated_dirs: Path) -> Path:
    """The sessions folder of this test (also what the CLI uses by default). Not created yet."""
    return _isolated_dirs / "sessions"


@pytest.fixture(scope="session")
def tiny_bank() -> Bank:
    return load_bank_file(BANKS / "tiny.yaml")


@pytest.fixture(scope="session")
def score_bank() -> Bank:
    return load_bank_file(BANKS / "score.yaml")


@pytest.fixture(scope="session")
def one_sampled_bank() -> Bank:
    return load_bank_file(BANKS / "one_sampled.yaml")


@pytest.fixture(scope="session")
def bundled_bank() -> Bank:
    """The shipped GB/T 27922 bank, loaded once for the whole run."""
    return load_bank_file(paths.bundled_bank())


@pytest.fixture(scope="session")
def clock() -> Callable[[], str]:
    """A fixed clock: every timestamp the code asks for is NOW."""
    return lambda: NOW


@pytest.fixture(scope="session")
def interview() -> Callable[..., Session]:
    """Build a session by typing `replies` (question id → text) in asking order, like `run`."""

    def build(bank: Bank, replies: Mapping[str, str], **meta: Any) -> Session:
        s = engine.new_session(bank, session_id=SID, now=NOW, **meta)
        unknown = set(replies) - {q.id for q in bank.questions}
        assert not unknown, f"test bug: unknown question ids {unknown}"
        for q in bank.questions:
            if q.id in replies:
                s = engine.record(bank, s, q.id, replies[q.id], NOW)
        return s

    return build
