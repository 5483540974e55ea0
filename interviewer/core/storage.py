"""The core's only door to the disk: reading untrusted files, atomic writes, the session lock, the
guarded session file and the bank cache (each in its own module under `core/io/`). Nothing else in
the core touches the filesystem; a test keeps it so."""

from __future__ import annotations

from interviewer.core.io.atomic import (
    TEMP_PREFIX,
    NotDurable,
    atomic_write,
    fsync_dir,
    remove_orphan_temps,
)
from interviewer.core.io.bankcache import BankCache, code_fingerprint
from interviewer.core.io.files import (
    BANK_FILE_LIMIT,
    CORE,
    SESSION_LIMIT,
    ensure_private_dir,
    exists,
    is_open_to_others,
    list_files,
    read_bank_files,
    read_regular,
    read_schema,
    set_aside,
    write_new,
    write_private_new,
)
from interviewer.core.io.guarded import SessionFile, Signature, signature
from interviewer.core.io.halves import can_fork, in_halves
from interviewer.core.io.lock import SessionLock

__all__ = [
    "BANK_FILE_LIMIT",
    "CORE",
    "SESSION_LIMIT",
    "TEMP_PREFIX",
    "BankCache",
    "NotDurable",
    "SessionFile",
    "SessionLock",
    "Signature",
    "atomic_write",
    "can_fork",
    "code_fingerprint",
    "ensure_private_dir",
    "exists",
    "fsync_dir",
    "in_halves",
    "is_open_to_others",
    "list_files",
    "read_bank_files",
    "read_regular",
    "read_schema",
    "remove_orphan_temps",
    "set_aside",
    "signature",
    "write_new",
    "write_private_new",
]
