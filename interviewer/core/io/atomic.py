"""Writes that a crash cannot half-do: temp file in the same folder, fsync, the previous version kept
as `.bak` (a hard link, so it costs no copy), `os.replace`, fsync of the folder."""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from pathlib import Path

TEMP_PREFIX = ".tmp-"


def fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes, *, backup: bool = False, durable: bool = True) -> None:
    """Replace `path` with `data` so that a crash leaves the old or the new file, never a mix.

    With `backup`, the current file is first hard-linked to `<name>.bak`, so the previous good
    version survives a bad save or a bad answer. Any OSError means the save did not happen.
    Without `durable` there is no fsync: for files whose loss in a power cut costs nothing.
    """
    folder = path.parent
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".json", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            if durable:
                os.fsync(f.fileno())
        if backup and path.exists():
            _link_backup(path)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if not durable:
        return
    try:
        fsync_dir(folder)
    except OSError as exc:
        raise NotDurable(exc.errno or 0, exc.strerror or str(exc)) from None


class NotDurable(OSError):
    """The new file is in place, but the folder fsync failed: the rename may not survive a power cut."""


def _link_backup(path: Path) -> None:
    bak = path.with_name(path.name + ".bak")
    tmp = path.with_name(f"{TEMP_PREFIX}{os.getpid()}-{time.monotonic_ns()}.bak")
    try:
        os.link(path, tmp)
    except OSError:  # no hard links here (some network filesystems): fall back to a copy
        tmp.write_bytes(path.read_bytes())
        os.chmod(tmp, 0o600)
    try:
        os.replace(tmp, bak)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def remove_orphan_temps(folder: Path, older_than: float = 5.0) -> int:
    """Remove temp files left by a killed save. Call only while holding a session lock."""
    removed = 0
    now = time.time()
    with contextlib.suppress(OSError):
        for p in folder.iterdir():
            if p.name.startswith(TEMP_PREFIX):
                with contextlib.suppress(OSError):
                    if now - p.lstat().st_mtime > older_than:
                        p.unlink()
                        removed += 1
    return removed
