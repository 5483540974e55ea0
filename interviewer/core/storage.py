"""The only module in the core that touches the filesystem.

Saving follows reliability.md §3.1: serialise first, write a temp file in the same folder, fsync,
keep the previous version as `.bak` (hard link, so it costs no copy), `os.replace`, fsync the folder.
One writer per session: a kernel lock on a sidecar `.lock` file, held while the session is open
(the kernel drops it if the process is killed, so a stale lock never blocks).
"""

from __future__ import annotations

import contextlib
import errno
import getpass
import json
import os
import socket
import stat
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interviewer.core.errors import (
    BankError,
    SaveFailed,
    SessionChanged,
    SessionError,
    SessionInUse,
)

CORE = Path(__file__).parent
"""The core package's folder (schemas, and the code the bank cache is keyed on): always real
files, as the bundled bank must be too."""
SESSION_LIMIT = 10_000_000
BANK_FILE_LIMIT = 1_000_000
TEMP_PREFIX = ".tmp-"


def read_schema(name: str) -> dict[str, Any]:
    text = (CORE / "schemas" / name).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


# -- banks ----------------------------------------------------------------------------------------


def read_bank_files(path: Path) -> list[tuple[str, bytes]]:
    """A bank folder (bank.yaml first, then *.yaml by name) or one YAML file, as (name, bytes)."""
    if not path.exists():
        raise BankError(f"{path}: no such file or folder")
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
        files.sort(key=lambda p: (p.name != "bank.yaml", p.name))
        if not files:
            raise BankError(f"{path}: the folder holds no .yaml files")
    else:
        files = [path]
    return [(_display(p), read_regular(p, BANK_FILE_LIMIT, BankError)) for p in files]


def _display(p: Path) -> str:
    with contextlib.suppress(ValueError):
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    return str(p)


def read_regular(path: Path, limit: int, error: Callable[[str], Exception]) -> bytes:
    """Read a regular file (not a symlink, FIFO or folder), refusing it before parsing if too large."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        raise error(f"{path}: no such file") from None
    except OSError as exc:
        raise error(f"{path}: cannot be read ({exc.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        raise error(f"{path}: is not a regular file; refusing to open it")
    if info.st_size > limit:
        raise error(
            f"{path}: is too large ({info.st_size:,} bytes; the limit is {limit:,} bytes)"
            if limit >= 1e6
            else f"{path}: file larger than {limit} bytes"
        )
    try:
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(path, flags)
        with os.fdopen(fd, "rb") as f:
            # ask for the size seen (a 10 MB buffer per read made listing 1,000 sessions slow),
            # then for anything written since, up to the limit
            data = f.read(info.st_size + 1)
            if len(data) > info.st_size:
                data += f.read(limit + 1 - len(data))
    except OSError as exc:
        raise error(f"{path}: cannot be read ({exc.strerror})") from None
    if len(data) > limit:
        raise error(f"{path}: file larger than {limit} bytes")
    return data


# -- atomic writes ----------------------------------------------------------------------------------


def ensure_private_dir(path: Path) -> None:
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        if os.name == "posix" and stat.S_IMODE(path.stat().st_mode) != 0o700:
            os.chmod(path, 0o700)
    except OSError as exc:
        raise SaveFailed(f"{path}: cannot create the folder ({exc.strerror})") from None


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


# -- locking ------------------------------------------------------------------------------------


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
            owner: dict[str, Any] = {}
            with contextlib.suppress(OSError, ValueError):
                owner = json.loads(self.owner_path.read_text(encoding="utf-8"))
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


# -- session files --------------------------------------------------------------------------------


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

    def open(self) -> None:
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


def write_new(path: Path, data: bytes) -> None:
    """Write a brand-new file (export, copy) atomically with private permissions."""
    if not path.parent.exists():
        ensure_private_dir(path.parent)
    try:
        atomic_write(path, data)
    except OSError as exc:
        raise SaveFailed(f"{path}: not written ({exc.strerror})") from None


def exists(path: Path) -> bool:
    return os.path.lexists(path)


def list_files(folder: Path, suffix: str = ".json") -> list[Path]:
    if not folder.is_dir():
        return []
    with os.scandir(folder) as entries:  # file types come with the listing: no stat per file
        names = sorted(
            e.name
            for e in entries
            if e.name.endswith(suffix)
            and not e.name.startswith(".")
            and e.is_file(follow_symlinks=False)
        )
    return [folder / name for name in names]


def is_open_to_others(path: Path) -> bool:
    try:
        return os.name == "posix" and bool(stat.S_IMODE(os.stat(path).st_mode) & 0o077)
    except OSError:
        return False


# -- bank cache -----------------------------------------------------------------------------------


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

        with contextlib.suppress(OSError, pickle.PicklingError):
            ensure_private_dir(self.folder)
            atomic_write(
                self.folder / f"bank-{key}.pickle",
                pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL),
            )
