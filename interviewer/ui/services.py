"""What the app is given instead of looking it up: the bank, where sessions live, time and ids."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from interviewer.core.bank import Bank
from interviewer.core.session import Mode
from interviewer.core.text import Lang
from interviewer.runtime import new_code
from interviewer.ui.throttle import CodeThrottle


@dataclass(frozen=True)
class Services:
    bank: Bank
    sessions_dir: Path
    clock: Callable[[], str]
    new_id: Callable[[], str]
    new_code: Callable[[], str] = new_code
    """A fresh resume code (see `core.resumecode`): injected so tests can know it."""
    language: Lang = "zh"
    mode: Mode = "full"
    triage_limit: int = 25
    served: bool = False
    """Browser mode: no session list and no file paths; a session is resumed only with its code."""
    resume: Path | None = None
    start: dict[str, str] | None = None
    """Start a new session with these details straight away (no start form)."""
    weights_given: bool = False
    """The bank carries a weight profile given on this command line: it overrides the profile a
    resumed session was answered with."""
    monotonic: Callable[[], float] = time.monotonic
    """Seconds for the pace estimate (injected so snapshots are repeatable)."""
    throttle: CodeThrottle = field(default_factory=CodeThrottle)
    """Counts wrong resume codes; `serve` gives each tab one shared by its client address."""
