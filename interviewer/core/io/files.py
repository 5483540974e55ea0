"""Reading untrusted files safely (regular files only, never through a symlink, refused by size
before parsing), listing a folder, and creating private folders and files."""

from __future__ import annotations

import contextlib
import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from interviewer.core.errors import (
    BankError,
    SaveFailed,
)
from interviewer.core.io.atomic import atomic_write

CORE = Path(__file__).resolve().parent.parent
"""The core package's folder (schemas, and the code the bank cache is keyed on): always real
files, as the bundled bank must be too."""
SESSION_LIMIT = 10_000_000
BANK_FILE_LIMIT = 1_000_000


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


def ensure_private_dir(path: Path) -> None:
    """Create a missing folder (and its missing parents) readable by the user only. A folder that
    already exists is used as it is, never chmod-ed: it may be shared on purpose (a sticky temp
    folder, a class folder); callers warn when it is open to others (`is_open_to_others`)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise SaveFailed(f"{path}: cannot use the folder ({exc.strerror})") from None
    if info is not None:
        if not stat.S_ISDIR(info.st_mode):
            raise SaveFailed(f"{path}: exists but is not a folder")
        return
    missing = []
    p = path
    while not os.path.lexists(p) and p != p.parent:
        missing.append(p)
        p = p.parent
    try:
        for folder in reversed(missing):
            with contextlib.suppress(FileExistsError):  # made meanwhile by another process
                os.mkdir(folder, 0o700)
    except OSError as exc:
        raise SaveFailed(f"{path}: cannot create the folder ({exc.strerror})") from None


def write_private_new(folder: Path, prefix: str, suffix: str, text: str) -> Path:
    """A new file only the user can read, under a name nobody can guess, created with O_EXCL and
    O_NOFOLLOW (so nothing planted in the folder is followed or overwritten). For crash logs."""
    import secrets

    ensure_private_dir(folder)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    flags |= getattr(os, "O_CLOEXEC", 0)
    path = folder / f"{prefix}{secrets.token_hex(8)}{suffix}"
    try:
        fd = os.open(path, flags, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", errors="replace") as f:
            f.write(text)
    except OSError as exc:
        raise SaveFailed(f"{path}: not written ({exc.strerror})") from None
    return path


def set_aside(path: Path) -> None:
    """Rename `path` to `<name>.bak` (replacing an older one): kept, but no longer in the way."""
    with contextlib.suppress(FileNotFoundError):
        os.replace(path, path.with_name(path.name + ".bak"))


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
