"""Older session formats, brought up to the current one by pure functions. The original file is
kept as `<name>.v<N>.bak` at the first save (see `store`); a newer format is refused untouched."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from interviewer.core.errors import SessionError
from interviewer.core.session import DEFAULT_TRIAGE_LIMIT

CURRENT_VERSION = 4


def _v1_to_v2(doc: dict[str, Any]) -> dict[str, Any]:
    """Format 1 (the first prototype) stored bare values, a single `name`, and no revision counter."""
    out = dict(doc)
    answers = out.pop("answers", {})
    if not isinstance(answers, dict):
        raise SessionError("answers: expected a mapping of question id → answer")
    at = out.get("updated_at", out.get("created_at", ""))
    out["answers"] = {
        qid: {
            "value": v,
            "status": "skipped" if v is None else "answered",
            "note": "",
            "unsure": False,
            "at": at,
            "active": True,
        }
        for qid, v in answers.items()
    }
    out["display_name"] = out.pop("name", "")
    for key, default in (
        ("company", ""),
        ("respondent", ""),
        ("mode", "full"),
        ("triage_limit", DEFAULT_TRIAGE_LIMIT),
        ("language", "zh"),
        ("updated_at", out.get("created_at", "")),
        ("weights", None),
    ):
        out.setdefault(key, default)
    out["revision"] = 0
    out["profile"] = {}
    out["orphaned_answers"] = {}
    out["summary"] = {}
    out["schema_version"] = 2
    return out


def _v2_to_v3(doc: dict[str, Any]) -> dict[str, Any]:
    """Format 2 kept derived figures (a summary, a profile copy, an "active" flag per answer) that
    readers had to trust; format 3 keeps only facts."""
    out = {k: v for k, v in doc.items() if k not in ("profile", "summary")}
    answers = out.get("answers")
    if isinstance(answers, dict):
        out["answers"] = {
            k: {f: x for f, x in a.items() if f != "active"} if isinstance(a, dict) else a
            for k, a in answers.items()
        }
    out["schema_version"] = 3
    return out


def _v3_to_v4(doc: dict[str, Any]) -> dict[str, Any]:
    """Format 3 used the session's id as its resume code, and the id is in the file's name and in
    listings. Format 4 keeps a separate code's SHA-256; an older session has none until one is
    issued (F10 or /code in the interview, or `interviewer code SESSION`): its id opens nothing."""
    out = dict(doc)
    out["resume_code_sha256"] = ""
    out["schema_version"] = 4
    return out


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    1: _v1_to_v2,
    2: _v2_to_v3,
    3: _v3_to_v4,
}


def migrate(doc: dict[str, Any], source: str = "session") -> tuple[dict[str, Any], int]:
    """The document in the current format, and the format it was written in."""
    version = doc.get("schema_version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SessionError(
            f"{source}: schema_version must be a positive integer, got {repr(version)[:40]}. "
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
        try:
            doc = MIGRATIONS[version](doc)
        except SessionError as exc:
            raise SessionError(f"{source}: {exc} The file has not been modified.") from None
        version += 1
    return doc, original
