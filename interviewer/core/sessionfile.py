"""The session file: JSON (never YAML, which would read an answer "no" as false), holding facts only.

Files are untrusted input: `parse` decodes, refuses duplicate keys and non-standard numbers,
migrates older formats and checks the result against `schemas/session.schema.json` with one
validator, before anything reads a field. Writing needs no check: `to_dict` is proven to produce
valid documents by a property test over generated sessions.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Mapping
from fractions import Fraction
from functools import cache
from typing import Any

from interviewer.core.errors import SessionError
from interviewer.core.figures import exact_text
from interviewer.core.migrate import CURRENT_VERSION, migrate
from interviewer.core.session import Answer, Sampled, Session, WeightsUsed, value_to_json
from interviewer.core.text import Lang, decode_utf8

UNTOUCHED = " The file has not been modified."
SCHEMA = "session.schema.json"
_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
"""A JSON escape of a UTF-16 surrogate: valid only in pairs, and a lone one could never be saved."""
ENTRY_LIMIT = 20_000
"""Occurrences of `"status"` a file may hold before it is parsed: the schema allows 5,000 answers
and 5,000 orphaned answers, each with one status key (and perhaps a note that reads "status")."""


def to_dict(session: Session) -> dict[str, Any]:
    return {
        "schema_version": CURRENT_VERSION,
        "id": session.id,
        "bank": {
            "id": session.bank_id,
            "version": session.bank_version,
            "sha256": session.bank_sha256,
        },
        "weights": _weights_out(session.weights),
        "resume_code_sha256": session.code_sha256,
        "display_name": session.display_name,
        "company": session.company,
        "respondent": session.respondent,
        "mode": session.mode,
        "triage_limit": session.triage_limit,
        "language": session.language,
        "created_at": session.created_at,
        "updated_at": session.updated_at,
        "revision": session.revision,
        "answers": {
            qid: {
                "value": value_to_json(a.value),
                "status": a.status,
                "note": a.note,
                "unsure": a.unsure,
                "at": a.at,
            }
            for qid, a in session.answers.items()
        },
        "orphaned_answers": {k: dict(v) for k, v in session.orphaned.items()},
    }


def _weights_out(w: WeightsUsed | None) -> dict[str, Any] | None:
    if w is None:
        return None
    out: dict[str, Any] = {"name": w.name, "source": w.source, "sha256": w.sha256, "path": w.path}
    if w.points is not None:
        out["points"] = {k: exact_text(v) for k, v in w.points.items()}
    return out


def dumps(session: Session) -> bytes:
    return json.dumps(
        to_dict(session), ensure_ascii=False, allow_nan=False, separators=(",", ":")
    ).encode()


def from_dict(doc: Mapping[str, Any]) -> Session:
    """A Session from a document that `parse` checked."""
    make = Answer._make  # a tuple from a tuple: a fifth cheaper than the keyword constructor
    answers = {
        qid: make(
            (
                Sampled(v["n"], v["m"]) if type(v) is dict else v,
                a["status"],
                a["note"],
                a["unsure"],
                a["at"],
            )
        )
        for qid, a in doc["answers"].items()
        for v in (a["value"],)
    }
    lang: Lang = "en" if doc["language"] == "en" else "zh"
    w = doc["weights"]
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
        code_sha256=doc["resume_code_sha256"],
        weights=None
        if w is None
        else WeightsUsed(
            w["name"],
            w["sha256"],
            w["path"],
            w.get("source", ""),
            None if "points" in w and w["points"] is None else _points(w.get("points")),
        ),
        answers=answers,
        orphaned={k: dict(v) for k, v in doc["orphaned_answers"].items()},
    )


def _points(raw: Mapping[str, str] | None) -> dict[str, Fraction] | None:
    return None if raw is None else {k: Fraction(v) for k, v in raw.items()}


def parse(data: bytes, source: str) -> tuple[dict[str, Any], int]:
    """Bytes → migrated, checked document and the format it was written in."""
    if not data.strip():
        raise SessionError(
            f"{source} is empty — it was probably cut off during a crash. "
            "If a .bak file sits beside it, open that instead."
        )
    entries = data.count(b'"status"') if len(data) > ENTRY_LIMIT * len(b'"status"') else 0
    if entries > ENTRY_LIMIT:  # before any parsing work: a listing must stay fast
        raise SessionError(
            f"{source} holds far too many answers to be a session file (about {entries:,}; a session "
            f"holds at most {ENTRY_LIMIT // 2:,}).{UNTOUCHED}"
        )
    text = decode_utf8(data, source, SessionError, UNTOUCHED)
    doc = _json(text, source)
    if "\\u" in text and _SURROGATE.search(text):  # rare: only then pay for the check
        try:
            json.dumps(doc, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise SessionError(
                f"{source} contains text that is not valid Unicode (an unpaired surrogate escape "
                f"such as \\ud800): it was edited by hand or damaged.{UNTOUCHED}"
            ) from None
    if not isinstance(doc, dict):
        raise SessionError(f"{source} is not a session file (expected an object at the top level).")
    doc, original = migrate(doc, source)
    check(doc, source)
    return doc, original


def _json(text: str, source: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants)
    except _DuplicateKey as exc:
        raise SessionError(
            f"{source} contains the key {str(exc.args[0])[:60]!r} twice: it was edited by hand or "
            f"damaged.{UNTOUCHED}"
        ) from None
    except _BadConstant as exc:
        raise SessionError(
            f"{source} contains a non-standard number ({exc.args[0]}).{UNTOUCHED}"
        ) from None
    except json.JSONDecodeError as exc:
        at_end = exc.pos >= len(text.rstrip())
        what = "JSON ends unexpectedly" if at_end else f"not valid JSON ({exc.msg})"
        raise SessionError(
            f"{source} is damaged: {what} at line {exc.lineno}, column {exc.colno}. "
            f"If a .bak file sits beside it, open that instead.{UNTOUCHED}"
        ) from None
    except RecursionError:
        raise SessionError(
            f"{source} is nested too deeply to be a session file.{UNTOUCHED}"
        ) from None
    except (ValueError, OverflowError) as exc:  # e.g. an integer with too many digits
        raise SessionError(f"{source} is not valid JSON ({str(exc)[:80]}).{UNTOUCHED}") from None


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


def _plain(error: Any) -> str:
    """The validator's message in plain words for the common cases."""
    kind = error.kind
    name = type(kind).__name__
    if name == "Required":
        return f"'{kind.property}' is missing"
    if name == "AdditionalProperties":
        return "unknown field(s): " + ", ".join(repr(str(x)[:40]) for x in kind.unexpected)
    if name == "Enum":
        allowed = ", ".join(str(x) for x in kind.options)
        return f"{_short(error.instance)} is not allowed here (use one of: {allowed})"
    if name in ("MaxProperties", "MaxItems"):
        return f"too many entries: {len(error.instance):,} (at most {kind.limit:,})"
    if name == "MaxLength":
        return f"too long: {len(error.instance):,} characters (at most {kind.limit:,})"
    if name == "Type":
        return f"should be {' or '.join(str(t) for t in kind.types)}, got {_short(error.instance)}"
    return _short(str(error.message))


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


@cache
def _validator() -> Any:
    import jsonschema_rs

    from interviewer.core.storage import read_schema

    return jsonschema_rs.validator_for(read_schema(SCHEMA))


def check(doc: Any, source: str, limit: int = 5) -> None:
    """Raise SessionError listing where `doc` breaks the session schema (the first few places)."""
    validator = _validator()
    try:
        if validator.is_valid(doc):
            return
        errors = list(itertools.islice(validator.iter_errors(doc), limit + 1))
    except (ValueError, RecursionError):  # the validator's own recursion limit (a ValueError)
        raise SessionError(
            f"{source} is nested too deeply to be a session file.{UNTOUCHED}"
        ) from None
    lines = []
    for n, error in enumerate(errors):
        if n == limit:
            lines.append("… and more problems")
            break
        where = ".".join(str(p) for p in error.instance_path) or "(top level)"
        lines.append(f"{source}: at {where[:120]}: {_plain(error)[:200]}")
    raise SessionError("\n".join(lines) + UNTOUCHED)
