"""A session: who answered, with which bank and weights, and every answer ever given (kept when a
branch closes). Only facts: every figure is derived from them (`scoring`). The file format is in
`sessionfile`, older formats in `migrate`."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any, Literal, NamedTuple

from interviewer.core.text import Lang

Mode = Literal["full", "training", "triage"]
MODES: tuple[Mode, ...] = ("full", "training", "triage")
Status = Literal["answered", "skipped", "na"]
DEFAULT_TRIAGE_LIMIT = 25
_ID = re.compile(r"[a-f0-9]{32}")


@dataclass(frozen=True)
class Sampled:
    """n of the last m records checked were in order."""

    n: int
    m: int


Value = str | int | Sampled | None


class Answer(NamedTuple):
    """One answer as given. An immutable value like the dataclasses here, but a tuple: a class
    report builds one per answer of every session, and tuples are several times cheaper."""

    value: Value
    status: Status = "answered"
    note: str = ""
    unsure: bool = False
    at: str = ""


@dataclass(frozen=True)
class WeightsUsed:
    """The weight profile a session was answered with, points included: every later command scores
    the session with these, without the flag, even when the profile file is gone or changed."""

    name: str
    sha256: str
    path: str
    source: str = ""
    points: Mapping[str, Fraction] | None = None
    """Item points as applied; None in files from before points were kept."""


@dataclass(frozen=True)
class Session:
    id: str
    bank_id: str
    bank_version: str
    bank_sha256: str
    created_at: str
    updated_at: str = ""
    display_name: str = ""
    company: str = ""
    respondent: str = ""
    mode: Mode = "full"
    triage_limit: int = DEFAULT_TRIAGE_LIMIT
    language: Lang = "zh"
    revision: int = 0
    weights: WeightsUsed | None = None
    code_sha256: str = ""
    """SHA-256 of the resume code that opens this session in a browser ("" until one is issued).
    The code itself is never stored: see `resumecode`."""
    answers: Mapping[str, Answer] = field(default_factory=dict)
    orphaned: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """Answers whose question is not in the loaded bank: kept verbatim and reported, never dropped."""

    def with_answer(self, qid: str, answer: Answer) -> Session:
        answers = dict(self.answers)
        answers[qid] = answer
        return replace(self, answers=answers)

    def without_answer(self, qid: str) -> Session:
        answers = {k: v for k, v in self.answers.items() if k != qid}
        return replace(self, answers=answers)


def clean_text(text: str, limit: int = 200) -> str:
    """Names typed by users: NFC, no control or bidi-override characters, bounded length."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in "\n\t")
    return text.replace("\n", " ").replace("\t", " ").strip()[:limit]


def clean_note(text: str, limit: int = 20_000) -> str:
    """Notes keep line breaks but lose terminal escapes and invisible overrides."""
    text = unicodedata.normalize("NFC", text)
    return "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in "\n\t")[:limit]


def valid_id(session_id: str) -> bool:
    return bool(_ID.fullmatch(session_id))


def value_to_json(v: Value) -> Any:
    return {"n": v.n, "m": v.m} if isinstance(v, Sampled) else v
