"""Sessions on disk: create, open (lock, migrate, validate, re-pin to the bank), save, list.

Everything here goes through `storage` for the actual reads and writes; time and ids come in as
arguments so tests can pin them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from interviewer.core import engine, scoring, storage
from interviewer.core import session as sessions
from interviewer.core.bank import Bank
from interviewer.core.errors import SessionError
from interviewer.core.session import Session

Clock = Callable[[], str]


@dataclass
class OpenSession:
    """A session held open for writing: the lock is kept until `close()`."""

    bank: Bank
    session: Session
    file: storage.SessionFile
    clock: Clock
    warnings: list[str] = field(default_factory=list)
    migrated_from: int | None = None
    pending: Session | None = None
    """An answer recorded in memory whose save failed; saved again at the next save."""

    @property
    def path(self) -> Path:
        return self.file.path

    def save(self, new: Session) -> Session:
        """Write `new` (revision + 1) before the caller moves on. On failure the error is raised,
        the previous file stays intact, and `new` is kept in `pending` for the next attempt."""
        stamped = replace(new, revision=self.session.revision + 1, updated_at=self.clock())
        self.pending = stamped
        if self.migrated_from is not None:
            old = self.path.with_name(f"{self.path.name}.v{self.migrated_from}.bak")
            if not old.exists():
                # check first: reading through self.file would hide a write made behind our back
                self.file.check_unchanged()
                storage.write_new(
                    old, storage.read_regular(self.path, storage.SESSION_LIMIT, SessionError)
                )
            self.migrated_from = None
        self.file.write(encode(self.bank, stamped, self.session))
        self.session = stamped
        self.pending = None
        return stamped

    def close(self) -> None:
        self.file.close()

    def save_copy(self, folder: Path, session_id: str) -> OpenSession:
        """Write what is in memory (including an unsaved answer) to a new session file and hold that
        one instead: the way out when the original cannot be written or was changed elsewhere."""
        current = self.pending or self.session
        copy = replace(
            current,
            id=session_id,
            revision=0,
            display_name=(current.display_name + " (copy)").strip()[:200],
        )
        path = folder / f"{session_id}.json"
        file = storage.SessionFile(path, copy.display_name or session_id)
        storage.ensure_private_dir(folder)
        file.open()
        try:
            file.write(encode(self.bank, copy))
        except BaseException:
            file.close()
            raise
        self.close()
        return OpenSession(self.bank, copy, file, self.clock)


def encode(bank: Bank, s: Session, previous: Session | None = None) -> bytes:
    """The session file's bytes. Given the session as last written, only the answers that changed
    since then are schema-checked again (see `session.dumps`)."""
    active = engine.active_ids(bank, s)
    changed = None
    if previous is not None:
        before = previous.answers
        changed = [k for k, a in s.answers.items() if before.get(k) is not a]
    return sessions.dumps(
        sessions.to_dict(s, active.__contains__, scoring.summary(bank, s)), changed
    )


def create(bank: Bank, folder: Path, *, session_id: str, clock: Clock, **meta: Any) -> OpenSession:
    if not sessions.valid_id(session_id):
        raise SessionError(f"bad session id {session_id!r}")
    path = folder / f"{session_id}.json"
    s = engine.new_session(bank, session_id=session_id, now=clock(), **meta)
    file = storage.SessionFile(path, s.display_name or session_id)
    file.open()
    opened = OpenSession(bank, s, file, clock)
    try:
        opened.file.write(encode(bank, s))
    except BaseException:
        file.close()
        raise
    return opened


def read(path: Path) -> tuple[Session, int]:
    """Read and migrate a session without locking it (reports, validation): the session and the
    format it was written in."""
    data = storage.read_regular(path, storage.SESSION_LIMIT, SessionError)
    doc, original = sessions.parse(data, str(path))
    return sessions.from_dict(doc), original


def read_doc(path: Path) -> dict[str, Any]:
    """The validated (and migrated) session document, without building a Session from it: enough
    for listings and class reports, which read the summary stored at the last save."""
    data = storage.read_regular(path, storage.SESSION_LIMIT, SessionError)
    return sessions.parse(data, str(path))[0]


def _display_name(path: Path) -> str:
    """The session's own name, for messages before it is locked and read (else its file name)."""
    try:
        doc = json.loads(storage.read_regular(path, storage.SESSION_LIMIT, SessionError))
        name = doc.get("display_name") if isinstance(doc, dict) else None
        return sessions.clean_text(name) if isinstance(name, str) and name.strip() else path.stem
    except (SessionError, ValueError, RecursionError):
        return path.stem


def open_for_writing(bank: Bank, path: Path, clock: Clock) -> OpenSession:
    """Lock, read, migrate, check against the bank. The original file is untouched until the first save."""
    file = storage.SessionFile(
        path, lambda: _display_name(path)
    )  # read only if the lock is refused
    file.open()
    try:
        doc, original = sessions.parse(file.read(), str(path))
        s = sessions.from_dict(doc)
        s, warnings = repin(bank, s)
    except BaseException:
        file.close()
        raise
    opened = OpenSession(
        bank,
        s,
        file,
        clock,
        warnings,
        migrated_from=original if original != sessions.CURRENT_VERSION else None,
    )
    if storage.is_open_to_others(path):
        opened.warnings.append(f"{path} is readable by other users; run: chmod 600 '{path}'")
    return opened


def repin(bank: Bank, s: Session) -> tuple[Session, list[str]]:
    """Attach a session to the loaded bank; answers to questions the bank no longer has are kept
    under `orphaned` and reported (S8)."""
    warnings: list[str] = []
    if s.bank_id != bank.id:
        raise SessionError(
            f"this session was answered with bank '{s.bank_id}', but the loaded bank is "
            f"'{bank.id}'. Open it with --bank pointing at that bank; the file has not been modified."
        )
    adopted = engine.adopt_orphans(bank, s)
    moved = len(adopted.orphaned) - len(s.orphaned)
    if s.bank_sha256 != bank.sha256:
        note = (
            f'This session was answered with bank "{s.bank_id}" v{s.bank_version}; '
            f"v{bank.version} ({bank.sha256[:12]}) is loaded."
        )
        if moved:
            note += f' {moved} answer(s) no longer match a question and were kept under "orphaned answers".'
        warnings.append(note)
        adopted = replace(adopted, bank_version=bank.version, bank_sha256=bank.sha256)
    elif moved:
        warnings.append(
            f'{moved} answer(s) no longer match a question and were kept under "orphaned answers".'
        )
    return adopted, warnings


@dataclass(frozen=True)
class Listing:
    path: Path
    id: str
    display_name: str
    company: str
    mode: str
    updated_at: str
    summary: dict[str, Any]
    problem: str = ""


def list_sessions(folder: Path) -> list[Listing]:
    """Every session in a folder, newest first; a damaged file is listed with its problem, not hidden."""
    out: list[Listing] = []
    for path in storage.list_files(folder):
        try:
            doc = read_doc(path)
            out.append(
                Listing(
                    path,
                    doc["id"],
                    doc["display_name"],
                    doc["company"],
                    doc["mode"],
                    doc["updated_at"],
                    dict(doc["summary"]),
                )
            )
        except SessionError as exc:
            out.append(Listing(path, path.stem, "", "", "", "", {}, str(exc).splitlines()[0]))
    out.sort(key=lambda item: item.updated_at, reverse=True)
    return out
