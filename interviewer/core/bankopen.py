"""Opening a bank the way every command does: its files read safely, the checked result cached,
and a weight profile applied when one is given."""

from __future__ import annotations

import hashlib
from pathlib import Path

from interviewer.core import bankload, storage
from interviewer.core.bank import Bank
from interviewer.core.errors import BankError


def open_bank(path: Path, weights: Path | None = None, cache_dir: Path | None = None) -> Bank:
    """`cache_dir` None: no cache (every start checks the bank from source)."""
    files = storage.read_bank_files(path)
    cache = storage.BankCache(cache_dir) if cache_dir is not None else None
    bank = bankload.load_bank_cached(files, str(path), cache, storage.code_fingerprint())
    if weights is None:
        return bank
    from interviewer.core.weights import apply_profile

    data = storage.read_regular(weights, storage.BANK_FILE_LIMIT, BankError)
    return apply_profile(bank, data, str(weights), hashlib.sha256(data).hexdigest())
