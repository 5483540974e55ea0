"""Every answer as CSV (one row per question answered), for spreadsheets; and the one cell guard
every CSV writer and the workbook use."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
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

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""A cell starting with one of these is run as a formula by spreadsheets (CSV injection)."""


def safe_cell(value: Any) -> str:
    """Text for a spreadsheet cell that no spreadsheet runs as a formula: a leading = + - @, tab or
    CR gets a quote mark in front (shown as text, and the text is kept)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


_cell = safe_cell


def write_rows(rows: Iterable[Sequence[Any]]) -> str:
    """CSV text (with the BOM Excel needs to read UTF-8 Chinese) for these rows, every cell guarded.
    CRLF line ends, so a line break inside a field, a bare CR included, is always quoted."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(c) for c in row])
    return "\ufeff" + buf.getvalue()


def render(data: dict[str, Any]) -> str:
    return write_rows([COLUMNS, *([row[c] for c in COLUMNS] for row in data["answers"])])
