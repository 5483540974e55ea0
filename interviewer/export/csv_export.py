"""Every answer as CSV (one row per question answered), for spreadsheets."""

from __future__ import annotations

import csv
import io
from typing import Any

COLUMNS = [
    "clause",
    "question",
    "section",
    "text",
    "answer",
    "status",
    "note",
    "unsure",
    "active",
    "credit",
    "points",
    "at",
]


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    # a leading = + - @ makes spreadsheets run the cell as a formula (CSV injection)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def render(data: dict[str, Any]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in data["answers"]:
        writer.writerow([_cell(row[c]) for c in COLUMNS])
    return "\ufeff" + buf.getvalue()  # BOM: Excel opens UTF-8 Chinese correctly only with it
