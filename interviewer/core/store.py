"""Sessions on disk: create, open (lock, migrate, check, re-pin to the bank), save, list.

Everything here goes through `storage` for the actual reads and writes; time and ids come in as
arguments so tests can pin them. Files hold facts only: a listing scores each file from its
answers, so a figure edited into a file by hand can never show.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import Any

from interviewer.core import engine, sessionfile, storage
from interviewer.core.bank import Bank
from interviewer.core.errors import InterviewerError, SessionError
from interviewer.core.migrate import CURRENT_VERSION
from interviewer.core.session import Session, clean_text, valid_id
from interviewer.core.text import Lang

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
            self._keep_original()
        self.file.write(sessionfile.dumps(stamped))
        self.session = stamped
        self.pending = None
        return stamped

    def _keep_original(self) -> None:
        """Before the first save in the new format, keep the file as it was (`.v<N>.bak`)."""
        assert self.migrated_from is not None
        old = self.path.with_name(f"{self.path.name}.v{self.migrated_from}.bak")
        if not storage.exists(old):
            # check first: reading through self.file would hide a write made behind our back
            self.file.check_unchanged()
            storage.write_new(
                old, storage.read_regular(self.path, storage.SESSION_LIMIT, SessionError)
            )
        self.migrated_from = None

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
        file.claim()
        try:
            file.write(sessionfile.dumps(copy))
        except BaseException:
            file.close()
            raise
        self.close()
        return OpenSession(self.bank, copy, file, self.clock)


def create(
    bank: Bank, path: Path, session: Session, clock: Clock, *, replace_existing: bool = False
) -> OpenSession:
    """Write a new session file and hold it. An existing file is refused unless `replace_existing`,
    and then only while no window holds it; its last version is kept as `.bak`."""
    if not valid_id(session.id):
        raise SessionError(f"bad session id {session.id!r}")
    file = storage.SessionFile(path, session.display_name or session.id)
    file.claim()
    try:
        if storage.exists(path) and not replace_existing:
            raise SessionError(
                f"{path} already exists; nothing was written. Choose another file, or add --force "
                "to replace it (its current version is kept as .bak)."
            )
        file.write(sessionfile.dumps(session))
    except BaseException:
        file.close()
        raise
    return OpenSession(bank, session, file, clock)


def start(bank: Bank, folder: Path, *, session_id: str, clock: Clock, **meta: Any) -> OpenSession:
    """A brand-new session in `folder`, named by its id."""
    s = engine.new_session(bank, session_id=session_id, now=clock(), **meta)
    return create(bank, folder / f"{session_id}.json", s, clock)


def read(path: Path) -> tuple[Session, int]:
    """Read and migrate a session without locking it (reports, validation): the session and the
    format it was written in."""
    data = storage.read_regular(path, storage.SESSION_LIMIT, SessionError)
    doc, original = sessionfile.parse(data, str(path))
    return sessionfile.from_dict(doc), original


def _display_name(path: Path) -> str:
    """The session's own name, for messages before it is locked and read (else its file name)."""
    try:
        doc = json.loads(storage.read_regular(path, storage.SESSION_LIMIT, SessionError))
        name = doc.get("display_name") if isinstance(doc, dict) else None
        return clean_text(name) if isinstance(name, str) and name.strip() else path.stem
    except (SessionError, ValueError, RecursionError):
        return path.stem


def open_for_writing(
    bank: Bank, path: Path, clock: Clock, explicit_weights: bool = False
) -> OpenSession:
    """Lock, read, migrate, check against the bank, and score with the session's own weights.
    The file is untouched until the first save."""
    file = storage.SessionFile(path, lambda: _display_name(path))  # read only if refused
    file.claim()
    try:
        doc, original = sessionfile.parse(file.read(), str(path))
        s, warnings = engine.repin(bank, sessionfile.from_dict(doc))
        bank, notes = scoring_bank(bank, s, explicit_weights)
        warnings += notes
    except BaseException:
        file.close()
        raise
    opened = OpenSession(
        bank,
        s,
        file,
        clock,
        warnings,
        migrated_from=original if original != CURRENT_VERSION else None,
    )
    if storage.is_open_to_others(path):
        opened.warnings.append(f"{path} is readable by other users; run: chmod 600 '{path}'")
    return opened


@dataclass(frozen=True)
class Listing:
    """One line of a session list, scored from the file's answers (provisional while open)."""

    path: Path
    id: str
    display_name: str = ""
    company: str = ""
    mode: str = ""
    updated_at: str = ""
    answered: int = 0
    """Questions of the session's mode answered or set aside."""
    total: int = 0
    open_count: int = 0
    """Questions of the full interview still open: 0 means the score is final."""
    score: Fraction = Fraction(0)
    tier: str = "fail"
    problem: str = ""
    """Why the file could not be read (damaged, not a session): listed, never hidden."""
    other_bank: str = ""
    """The bank the session was answered with, when it is not the loaded one (not scored)."""

    @property
    def complete(self) -> bool:
        return not self.problem and self.open_count == 0


def scoring_bank(
    bank: Bank, s: Session, explicit: bool = False, lang: Lang | None = None
) -> tuple[Bank, list[str]]:
    """The bank with the weights `s` is scored with (see `weights.for_session`), and notes."""
    import hashlib

    from interviewer.core import weights

    def read_profile(path: str) -> bytes | None:
        try:
            return storage.read_regular(Path(path), storage.BANK_FILE_LIMIT, SessionError)
        except SessionError:
            return None

    return weights.for_session(
        bank, s, explicit, read_profile, lambda data: hashlib.sha256(data).hexdigest(), lang
    )


def list_sessions(bank: Bank, folder: Path, explicit_weights: bool = False) -> list[Listing]:
    """Every session in a folder, newest first; a damaged or foreign file is listed with its
    problem, never hidden and never fatal."""
    from interviewer.core.scoring import tally

    out: list[Listing] = []
    for path in storage.list_files(folder):
        try:
            s, _ = read(path)
            if s.bank_id != bank.id:
                out.append(_foreign(path, s))
                continue
            s, _ = engine.repin(bank, s)
            t = tally(scoring_bank(bank, s, explicit_weights)[0], s)
        except InterviewerError as exc:
            problem = str(exc).splitlines()[0].replace(str(path), path.name)
            out.append(Listing(path, path.stem, problem=problem))
            continue
        out.append(
            Listing(
                path,
                s.id,
                s.display_name,
                s.company,
                s.mode,
                s.updated_at,
                t.progress.answered + t.progress.skipped,
                t.progress.total,
                t.open_count,
                t.score,
                t.tier,
            )
        )
    out.sort(key=lambda item: item.updated_at, reverse=True)
    return out


def _foreign(path: Path, s: Session) -> Listing:
    return Listing(
        path, s.id, s.display_name, s.company, s.mode, s.updated_at, other_bank=s.bank_id
    )
