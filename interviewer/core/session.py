"""A session: who answered, with which bank, and every answer ever given (kept when a branch closes).

Serialised as JSON (never YAML: YAML would turn an answer "no" into false). The file carries
`schema_version`; older formats migrate through pure functions, newer ones are refused untouched.
"""

from __future__ import annotations

import copy
import json
import re
import unicodedata
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from interviewer.core import validation
from interviewer.core.errors import SessionError
from interviewer.core.text import Lang

CURRENT_VERSION = 2
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


@dataclass(frozen=True)
class Answer:
    value: Value
    status: Status = "answered"
    note: str = ""
    unsure: bool = False
    at: str = ""


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
    weights: Mapping[str, str] | None = None
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


# -- to and from the file ------------------------------------------------------------------------


def value_to_json(v: Value) -> Any:
    return {"n": v.n, "m": v.m} if isinstance(v, Sampled) else v


def _value_in(v: Any) -> Value:
    if isinstance(v, dict):
        return Sampled(int(v["n"]), int(v["m"]))
    return v  # type: ignore[no-any-return]


def to_dict(
    session: Session, active: Callable[[str], bool], summary: Mapping[str, Any]
) -> dict[str, Any]:
    return {
        "schema_version": CURRENT_VERSION,
        "id": session.id,
        "bank": {
            "id": session.bank_id,
            "version": session.bank_version,
            "sha256": session.bank_sha256,
        },
        "weights": dict(session.weights) if session.weights else None,
        "display_name": session.display_name,
        "company": session.company,
        "respondent": session.respondent,
        "mode": session.mode,
        "triage_limit": session.triage_limit,
        "language": session.language,
        "created_at": session.created_at,
        "updated_at": session.updated_at,
        "revision": session.revision,
        "profile": {
            k: value_to_json(a.value)
            for k, a in session.answers.items()
            if k.startswith("p.") and a.status == "answered"
        },
        "answers": {
            qid: {
                "value": value_to_json(a.value),
                "status": a.status,
                "note": a.note,
                "unsure": a.unsure,
                "at": a.at,
                "active": active(qid),
            }
            for qid, a in session.answers.items()
        },
        "orphaned_answers": {k: dict(v) for k, v in session.orphaned.items()},
        "summary": dict(summary),
    }


def dumps(doc: Mapping[str, Any], changed: Collection[str] | None = None) -> bytes:
    """Check against the schema, then serialise, before anything touches the disk.

    With `changed`, only those answers are checked along with everything outside `answers`: the
    others are the very objects that were checked when the session was loaded or last saved (the
    schema checks each answer on its own, so this is the same verdict at a fraction of the cost).
    """
    answers = doc["answers"]
    entries = answers if changed is None else {k: answers[k] for k in changed if k in answers}
    if not validation.session_ok(doc, entries):  # explain with the readable validator
        lines = validation.problems("session.schema.json", doc, lambda p: validation.json_path(p))
        raise SessionError(
            "the session would not be valid, so it was not saved:\n"
            + "\n".join(lines or ["schema check failed"])
        )
    return json.dumps(doc, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()


def parse(data: bytes, source: str) -> tuple[dict[str, Any], int]:
    """Bytes → migrated, validated document and the format it was written in (S1–S11)."""
    if not data.strip():
        raise SessionError(
            f"{source} is empty — it was probably cut off during a crash. "
            "If a .bak file sits beside it, open that instead."
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SessionError(
            f"{source} is not UTF-8 text (it is UTF-16). The file has not been modified."
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SessionError(
            f"{source} is not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at offset "
            f"{exc.start}). The file has not been modified."
        ) from None
    if "\x00" in text:
        raise SessionError(
            f"{source} contains a NUL byte at offset {text.index(chr(0))}: it is damaged. "
            "The file has not been modified."
        )
    try:
        doc = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants)
    except _DuplicateKey as exc:
        raise SessionError(
            f'{source} contains "{exc.args[0]}" twice: it was edited by hand or '
            "damaged. The file has not been modified."
        ) from None
    except _BadConstant as exc:
        raise SessionError(
            f"{source} contains a non-standard number ({exc.args[0]}). "
            "The file has not been modified."
        ) from None
    except json.JSONDecodeError as exc:
        at_end = exc.pos >= len(text.rstrip())
        what = "JSON ends unexpectedly" if at_end else f"not valid JSON ({exc.msg})"
        raise SessionError(
            f"{source} is damaged: {what} at line {exc.lineno}, column {exc.colno}. "
            "If a .bak file sits beside it, open that instead. "
            "The file has not been modified."
        ) from None
    except RecursionError:
        raise SessionError(f"{source} is nested too deeply to be a session file.") from None
    if not isinstance(doc, dict):
        raise SessionError(f"{source} is not a session file (expected an object at the top level).")
    doc, original = migrate(doc, source)
    if validation.session_ok(doc):  # fast verdict; the readable validator explains a failure
        return doc, original
    lines = validation.problems(
        "session.schema.json", doc, lambda p: f"{source}: at {validation.json_path(p)}", limit=5
    )
    if lines:
        raise SessionError("\n".join(lines) + "\nThe file has not been modified.")
    return doc, original


class _DuplicateKey(ValueError):
    pass


class _BadConstant(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):  # rare: find the first repeated key for the message
        seen: set[str] = set()
        for k, _ in pairs:
            if k in seen:
                raise _DuplicateKey(k)
            seen.add(k)
    return out


def _no_constants(name: str) -> float:
    raise _BadConstant(name)


def from_dict(doc: Mapping[str, Any]) -> Session:
    answers = {
        qid: Answer(
            _value_in(a["value"]),
            a["status"],
            a.get("note", ""),
            bool(a.get("unsure", False)),
            a.get("at", ""),
        )
        for qid, a in doc["answers"].items()
    }
    lang: Lang = "en" if doc["language"] == "en" else "zh"
    return Session(
        id=doc["id"],
        bank_id=doc["bank"]["id"],
        bank_version=doc["bank"]["version"],
        bank_sha256=doc["bank"]["sha256"],
        created_at=doc["created_at"],
        updated_at=doc["updated_at"],
        display_name=doc["display_name"],
        company=doc["company"],
        respondent=doc["respondent"],
        mode=doc["mode"],
        triage_limit=doc["triage_limit"],
        language=lang,
        revision=doc["revision"],
        weights=doc.get("weights"),
        answers=answers,
        orphaned=copy.deepcopy(doc.get("orphaned_answers", {})),
    )


# -- migration -----------------------------------------------------------------------------------


def _v1_to_v2(doc: dict[str, Any]) -> dict[str, Any]:
    """Format 1 (the first prototype) stored bare values, a single `name`, and no revision counter."""
    out = copy.deepcopy(doc)
    answers = out.pop("answers", {})
    out["answers"] = {
        qid: {
            "value": v,
            "status": "skipped" if v is None else "answered",
            "note": "",
            "unsure": False,
            "at": out.get("updated_at", out.get("created_at", "")),
            "active": True,
        }
        for qid, v in answers.items()
    }
    out["display_name"] = out.pop("name", "")
    out.setdefault("company", "")
    out.setdefault("respondent", "")
    out.setdefault("mode", "full")
    out.setdefault("triage_limit", DEFAULT_TRIAGE_LIMIT)
    out.setdefault("language", "zh")
    out.setdefault("updated_at", out.get("created_at", ""))
    out["revision"] = 0
    out.setdefault("weights", None)
    out["profile"] = {k: v for k, v in answers.items() if k.startswith("p.") and v is not None}
    out["orphaned_answers"] = {}
    out["summary"] = {}
    out["schema_version"] = 2
    return out


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2}


def migrate(doc: dict[str, Any], source: str = "session") -> tuple[dict[str, Any], int]:
    version = doc.get("schema_version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SessionError(
            f"{source}: schema_version must be a positive integer, got {version!r}. "
            "The file has not been modified."
        )
    if version > CURRENT_VERSION:
        raise SessionError(
            f"{source} was written by a newer version of the app (format {version}; "
            f"this app reads up to {CURRENT_VERSION}). Update the app; "
            "the file has not been modified."
        )
    original = version
    while version < CURRENT_VERSION:
        doc = MIGRATIONS[version](doc)
        if doc.get("schema_version") != version + 1:
            raise SessionError(
                f"internal error: migration {version}→{version + 1} did not bump the format"
            )
        version += 1
    return doc, original
