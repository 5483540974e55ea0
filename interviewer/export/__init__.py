"""Renderers: the report data (`interviewer.core.report.build`) as Markdown, HTML, CSV or JSON."""

from __future__ import annotations

import json
from typing import Any


def render(fmt: str, data: dict[str, Any]) -> str:
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        from interviewer.export import markdown

        return markdown.render(data)
    if fmt == "csv":
        from interviewer.export import csv_export

        return csv_export.render(data)
    from interviewer.export import html_report

    text: str = html_report.render(data)
    return text
