"""Where things live. Resolved on demand (never at import time) and created only when first written."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
CHECKOUT = PACKAGE.parent


def bundled_bank() -> Path:
    """The bank shipped with the tool: inside the package when installed, at the top level in a checkout."""
    installed = PACKAGE / "question_bank" / "gbt27922"
    if installed.is_dir():
        return installed
    return CHECKOUT / "question_bank" / "gbt27922"


def in_checkout() -> bool:
    return (
        (CHECKOUT / "pyproject.toml").is_file()
        and (CHECKOUT / "sessions").is_dir()
        and not (PACKAGE / "question_bank").is_dir()
    )


def sessions_dir(override: str | None = None) -> Path:
    """--sessions-dir, then $INTERVIEWER_SESSIONS_DIR, then `sessions/` in a checkout, else the user
    data folder."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get("INTERVIEWER_SESSIONS_DIR")
    if env:
        return Path(env).expanduser()
    if in_checkout():
        return CHECKOUT / "sessions"
    from platformdirs import user_data_path

    return user_data_path("interviewer", appauthor=False) / "sessions"


def cache_dir() -> Path:
    """Derived data only (the checked bank); safe to delete at any time."""
    env = os.environ.get("INTERVIEWER_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path("interviewer", appauthor=False)


def state_dir() -> Path:
    """The user's own state folder (crash logs): $INTERVIEWER_STATE_DIR, else the platform's
    user state folder; never the shared temp folder."""
    env = os.environ.get("INTERVIEWER_STATE_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_state_path

    return user_state_path("interviewer", appauthor=False)
