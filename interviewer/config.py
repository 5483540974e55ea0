"""One frozen configuration, built once from the command line and the environment; every command
and both front ends read it instead of the parsed arguments."""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interviewer import paths
from interviewer.core.session import DEFAULT_TRIAGE_LIMIT, Mode
from interviewer.core.text import Lang, as_lang


@dataclass(frozen=True)
class Config:
    bank: Path
    """The question bank folder or file (the bundled bank unless --bank)."""
    weights: Path | None
    """A weight profile given on this command line (--weights), replacing the estimated split."""
    sessions_dir: Path
    cache_dir: Path | None
    """Where the checked bank is cached; None when INTERVIEWER_NO_CACHE=1."""
    lang: Lang = "zh"
    mode: Mode = "full"
    triage_limit: int = DEFAULT_TRIAGE_LIMIT
    name: str = ""
    company: str = ""


def from_args(args: argparse.Namespace) -> Config:
    def get(key: str) -> Any:
        return getattr(args, key, None)  # subcommands do not all define every option

    return Config(
        bank=Path(get("bank")) if get("bank") else paths.bundled_bank(),
        weights=Path(get("weights")) if get("weights") else None,
        sessions_dir=paths.sessions_dir(get("sessions_dir")),
        cache_dir=None if os.environ.get("INTERVIEWER_NO_CACHE") == "1" else paths.cache_dir(),
        lang=as_lang(get("lang")),
        mode=get("mode") or "full",
        triage_limit=get("triage_limit") or DEFAULT_TRIAGE_LIMIT,
        name=get("name") or "",
        company=get("company") or "",
    )
