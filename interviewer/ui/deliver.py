"""Exports in the browser: the file goes to the trainee's browser as a download (Textual's
`deliver_binary`), not into the server's folder where nobody at that browser could reach it."""

from __future__ import annotations

import io

from textual.app import App

MIME = {
    "html": "text/html",
    "md": "text/markdown",
    "csv": "text/csv",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "plan": "text/markdown",
}
NAME = {"plan": "gbt27922-plan.md"}
"""Formats whose file is not `gbt27922-report.<format>` (the action plan is Markdown)."""


def to_browser(app: App[object], content: bytes, fmt: str) -> bool:
    """Deliver `content` as a download when the app runs in a browser; False in a terminal. The
    file name is fixed ASCII: it must not carry the session id (the resume code) or a path."""
    if not app.is_web:
        return False
    app.deliver_binary(
        io.BytesIO(content),
        save_filename=NAME.get(fmt, f"gbt27922-report.{fmt}"),
        mime_type=MIME.get(fmt, "application/octet-stream"),
    )
    return True
