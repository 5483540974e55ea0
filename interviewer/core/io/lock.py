"""One writer per session: a kernel lock on a sidecar `.lock` file, held while the session is open
(the kernel drops it if the process is killed, so a stale lock never blocks); who holds it is
written beside it for the refusal message."""

from __future__ import annotations

import contextlib
import errno
import getpass
import json
import os
import socket
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from interviewer.core.errors import (
    SessionError,
    SessionInUse,
)
from interviewer.core.io.atomic import atomic_write


class SessionLock:
    """Kernel lock on `<session>.lock`; owner details in `<session>.owner` for the refusal message."""

    def __init__(self, session_file: Path) -> None:
        self.lock_path = session_file.with_name(session_file.name + ".lock")
        self.owner_path = session_file.with_name(session_file.name + ".owner")
        self._fd: int | None = None
        """The open lock file while we hold its kernel lock."""

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, display: str | Callable[[], str]) -> None:
        """`display` names the session in the refusal; a callable is asked only then."""
        try:
            self._fd = _lock_fd(self.lock_path)
        except BlockingIOError:
            owner = _read_owner(self.owner_path)
            since = owner.get("since")
            when = (
                time.strftime("%Y-%m-%d %H:%M", time.localtime(since))
                if isinstance(since, int | float)
                else "?"
            )
            name = display() if callable(display) else display
            raise SessionInUse(
                f"Session '{name}' ({self.lock_path.with_suffix('')}) is open in another window "
                f"(PID {owner.get('pid', '?')} on host {owner.get('host', '?')}, "
                f"user {owner.get('user', '?')}, since {when}). Close it there first; "
                "nothing has been changed."
            ) from None
        except OSError as exc:
            raise SessionError(
                f"{self.lock_path}: cannot lock the session ({exc.strerror})"
            ) from None
        with contextlib.suppress(OSError):
            user = "?"
            with contextlib.suppress(Exception):
                user = getpass.getuser()
            # it only informs a refusal message and the kernel lock dies with us: no fsync
            atomic_write(
                self.owner_path,
                json.dumps(
                    {
                        "pid": os.getpid(),
                        "host": socket.gethostname(),
                        "user": user,
                        "since": time.time(),
                    }
                ).encode(),
                durable=False,
            )

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                self.owner_path.unlink()
            os.close(self._fd)  # closing drops the kernel lock
            self._fd = None


OWNER_LIMIT = 4096


def _read_owner(path: Path) -> dict[str, Any]:
    """The holder's details, or {} for anything odd: opened non-blocking and never through a
    symlink (a FIFO put there must not hang us), a regular file only, at most OWNER_LIMIT bytes,
    and each field shortened to a printable word (it is shown in a message)."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return {}
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return {}
        data = os.read(fd, OWNER_LIMIT + 1)
    except OSError:
        return {}
    finally:
        os.close(fd)
    if len(data) > OWNER_LIMIT:
        return {}
    try:
        raw = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):
        return {}
    if not isinstance(raw, dict):
        return {}
    out: dict[str, Any] = {}
    for key in ("pid", "host", "user"):
        value = raw.get(key)
        if isinstance(value, int | str) and not isinstance(value, bool):
            out[key] = "".join(ch if ch.isprintable() else "?" for ch in str(value))[:64]
    since = raw.get("since")
    if isinstance(since, int | float) and not isinstance(since, bool) and 0 <= since < 1e11:
        out["since"] = since
    return out


def _lock_fd(path: Path) -> int:
    """Open `path` and take a non-blocking exclusive kernel lock on it; BlockingIOError if another
    process holds it. The kernel releases the lock when the holder dies, however it dies."""
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags, 0o600)
    try:
        if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
            import msvcrt

            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            except OSError as exc:
                raise BlockingIOError(errno.EAGAIN, "locked") from exc
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BaseException:
        os.close(fd)
        raise
    return fd
