"""Shared helpers for the bank, YAML and weight-profile tests (not a test module itself).

Positions in expected messages refer to `tests/data/banks/tiny.yaml` (which must not change) or to the
small fixture files next to it. Variants of tiny.yaml are made with `tiny_with(old, new)`, which
replaces text in place so that the line numbers of everything else stay the same.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

import pytest

from interviewer import paths
from interviewer.core import bankload, storage
from interviewer.core.bank import Bank
from interviewer.core.errors import BankError

TESTS = Path(__file__).resolve().parents[1]
DATA = TESTS / "data"
BANKS = DATA / "banks"
WEIGHTS = DATA / "weights"
TINY = BANKS / "tiny.yaml"
TINY_TEXT = TINY.read_text("utf-8")
NOW = "2024-05-01T10:00:00+08:00"
SESSION_ID = "0123456789abcdef0123456789abcdef"

# The follow-up question of item 5.1.1.1 in tiny.yaml: line 49 `- id: "5.1.1.1-b"`, line 50 its `when`.
TINY_WHEN = 'when: {eq: ["5.1.1.1-a", documented]}'


def tiny_with(old: str, new: str) -> str:
    """tiny.yaml with the first occurrence of `old` replaced (which must occur)."""
    assert old in TINY_TEXT, f"fixture text not found in tiny.yaml: {old!r}"
    return TINY_TEXT.replace(old, new, 1)


def load_text(text: str | bytes, name: str = "bank.yaml") -> Bank:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return bankload.load_bank([(name, data)], name)


def problems(text: str | bytes, name: str = "bank.yaml") -> tuple[str, ...]:
    """The problems a single-file bank is rejected with (fails the test if it loads)."""
    with pytest.raises(BankError) as info:
        load_text(text, name)
    assert str(info.value) == "\n".join(info.value.problems)
    return info.value.problems


def file_problems(files: Sequence[tuple[str, bytes]], source: str = "bank") -> tuple[str, ...]:
    with pytest.raises(BankError) as info:
        bankload.load_bank(files, source)
    return info.value.problems


def read_folder(path: Path) -> list[tuple[str, bytes]]:
    """A bank folder's files named by file name only (positions then read `items-a.yaml:3:5`)."""
    return [(Path(name).name, data) for name, data in storage.read_bank_files(path)]


@functools.cache
def bundled() -> Bank:
    path = paths.bundled_bank()
    return bankload.load_bank(storage.read_bank_files(path), str(path))


@functools.cache
def tiny() -> Bank:
    return load_text(TINY_TEXT, "tiny.yaml")
