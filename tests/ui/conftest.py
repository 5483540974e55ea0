"""Fixtures for driving the real app: a fixed clock and ids, the tiny bank, a private sessions folder."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import pytest

from interviewer.core import bankload, storage
from interviewer.core.bank import Bank
from interviewer.ui.app import InterviewerApp, make_app
from interviewer.ui.services import Services

DATA = Path(__file__).resolve().parent.parent / "data"


def tiny() -> Bank:
    return bankload.load_bank(storage.read_bank_files(DATA / "banks" / "tiny.yaml"), "tiny.yaml")


def services(folder: Path, bank: Bank | None = None, **extra: object) -> Services:
    ids = (f"{n:032x}" for n in itertools.count(0xA11CE))
    ticks = (f"2026-11-23T10:{n // 60:02d}:{n % 60:02d}+08:00" for n in itertools.count())
    seconds = itertools.count(0, 20)  # every answer takes 20 s: a repeatable pace estimate
    return Services(
        bank=bank or tiny(),
        sessions_dir=folder,
        clock=lambda: next(ticks),
        new_id=lambda: next(ids),
        monotonic=lambda: float(next(seconds)),
        **extra,
    )  # type: ignore[arg-type]


def heard(app: InterviewerApp) -> list[str]:
    """Every toast the app shows from now on, as text (instead of on screen)."""
    shown: list[str] = []
    app.notify = lambda text, **kw: shown.append(text)  # type: ignore[method-assign]
    return shown


@pytest.fixture
def make(tmp_path: Path) -> Callable[..., InterviewerApp]:
    def build(**extra: object) -> InterviewerApp:
        return make_app(services(tmp_path / "sessions", **extra))  # type: ignore[arg-type]

    return build
