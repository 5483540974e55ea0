"""The checked bank, pickled, keyed by the bank files and the loader's code: derived data, safe to
delete, ignored when unreadable."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from typing import Any

from interviewer.core.errors import SaveFailed
from interviewer.core.io.atomic import atomic_write
from interviewer.core.io.files import CORE, ensure_private_dir


def code_fingerprint() -> bytes:
    """Bytes of the code and schema that turn YAML into a Bank: any change invalidates the cache."""
    import hashlib

    digest = hashlib.sha256()
    base = CORE
    for name in (
        "bank.py",
        "bankload.py",
        "conditions.py",
        "yamlsafe.py",
        "text.py",
        "schemas/bank.schema.json",
    ):
        with contextlib.suppress(OSError):
            digest.update(base.joinpath(name).read_bytes())
    return digest.digest()


class BankCache:
    """The checked bank, pickled, in a private folder of the user's cache directory.

    Parsing the bundled bank safely (pure-Python YAML, schema, reachability) takes most of a second;
    the cache makes later starts take milliseconds. Entries are keyed by the sha256 of the bank files
    *and* of the loader's code, written atomically with 0600 permissions, and any unreadable entry is
    ignored (the bank is then loaded and checked from source again)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get(self, key: str) -> Any:
        import pickle

        path = self.folder / f"bank-{key}.pickle"
        try:
            info = os.lstat(path)
            if not stat.S_ISREG(info.st_mode) or (
                os.name == "posix" and info.st_uid != os.getuid()
            ):
                return None
            with open(path, "rb") as f:
                return pickle.load(f)
        except Exception:  # missing, truncated or from an incompatible version: rebuild
            return None

    def put(self, key: str, value: Any) -> None:
        import pickle

        with contextlib.suppress(OSError, pickle.PicklingError, SaveFailed):
            ensure_private_dir(self.folder)
            atomic_write(
                self.folder / f"bank-{key}.pickle",
                pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL),
            )
