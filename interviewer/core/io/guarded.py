"""An open session file: locked for its whole life, saved atomically with a backup, and guarded
against writes made behind its back."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from interviewer.core.errors import (
    SaveFailed,
    SessionChanged,
    SessionError,
)
from interviewer.core.io.atomic import NotDurable, atomic_write, remove_orphan_temps
from interviewer.core.io.files import SESSION_LIMIT, ensure_private_dir, read_regular
from interviewer.core.io.lock import SessionLock


@dataclass(frozen=True)
class Signature:
    """What the file looked like after our last read or write: a change means someone else wrote."""

    size: int
    mtime_ns: int
    inode: int


def signature(path: Path) -> Signature | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return Signature(st.st_size, st.st_mtime_ns, st.st_ino)


class SessionFile:
    """One open session file: locked for its whole life, saved atomically, guarded against
    writes made behind its back."""

    def __init__(self, path: Path, display: str | Callable[[], str] = "") -> None:
        self.path = path
        self.display = display or path.stem
        self.lock = SessionLock(path)
        self.known: Signature | None = None

    def claim(self) -> None:
        """Take the lock and note what is on disk now, so later writes can tell if someone else wrote."""
        ensure_private_dir(self.path.parent)
        self.lock.acquire(self.display)
        remove_orphan_temps(self.path.parent)
        self.known = signature(self.path)

    def read(self) -> bytes:
        data = read_regular(self.path, SESSION_LIMIT, SessionError)
        self.known = signature(self.path)
        return data

    def check_unchanged(self) -> None:
        """Raise SessionChanged if someone else wrote the file since our last read or write."""
        if not self.path.parent.is_dir():
            raise SaveFailed(
                f"{self.path}: not saved — the folder {self.path.parent} no longer exists (moved or deleted?). "
                "Your answers are kept in memory: restore the folder, or type /saveas to save a copy."
            )
        if signature(self.path) != self.known:
            raise SessionChanged(
                f"{self.path}: the file was changed by another program since it was opened. "
                "Your answers are still here and were not written over it; type /saveas to save them as a copy."
            )

    def write(self, data: bytes) -> None:
        self.check_unchanged()
        try:
            atomic_write(self.path, data, backup=True)
        except NotDurable as exc:
            self.known = signature(self.path)
            raise SaveFailed(
                f"{self.path}: written, but the disk reported {_reason(exc)} when confirming it, so it may "
                "not survive a power cut. Your answers are kept in memory and will be written again at "
                "the next answer."
            ) from None
        except OSError as exc:
            raise SaveFailed(
                f"{self.path}: not saved — {_reason(exc)}. The previous version is intact and your answers "
                "are kept in memory; they will be saved at the next answer or when you retry."
            ) from None
        self.known = signature(self.path)

    def close(self) -> None:
        self.lock.release()


def _reason(exc: OSError) -> str:
    known = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up",
        errno.EROFS: "the disk is read-only",
        errno.EACCES: "permission denied",
        errno.EIO: "an input/output error",
        errno.ENOENT: "the folder no longer exists",
    }
    return known.get(exc.errno or 0, exc.strerror or str(exc))
