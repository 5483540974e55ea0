"""What a running program takes from the world: the clock, fresh session ids, and the bank its
configuration names. The terminal, the plain mode and every served trainee share these, so they
live here rather than in the command line (which `serve` would otherwise import back)."""

from __future__ import annotations

import datetime as dt
import secrets

from interviewer.config import Config
from interviewer.core.bank import Bank


def open_bank(config: Config) -> Bank:
    from interviewer.core.bankopen import open_bank as open_it

    return open_it(config.bank, config.weights, config.cache_dir)


def now() -> str:
    """Local time with its offset, to the second: what a person reads in a session list."""
    return dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds")


def new_id() -> str:
    """128 random bits: session files of a whole class can share one folder without clashing."""
    return secrets.token_hex(16)


def new_code() -> str:
    """A fresh resume code (140 bits from the operating system's secure source)."""
    from interviewer.core import resumecode

    return resumecode.make(secrets.token_bytes(resumecode.RANDOM_BYTES))
