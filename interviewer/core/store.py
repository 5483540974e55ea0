"""Sessions on disk: create, open (lock, migrate, check, re-pin to the bank), save, list.

Everything here goes through `storage` for the actual reads and writes; time and ids come in as
arguments so tests can pin them. Files hold facts only: a listing scores each file from its
answers, so a figure edited into a file by hand can never show.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import Any

from interviewer.core import engine, resumecode, sessionfile, storage
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
    recovery: Session | None = None
    """What a recovery file beside the session holds (answers that could not be saved last time),
    offered to the user on opening: `restore()` saves it, `discard_recovery()` sets it aside."""

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

    @property
    def unsaved(self) -> bool:
        """An answer is held in memory only: its save failed and no later save succeeded."""
        return self.pending is not None

    def save_again(self) -> Session:
        """Retry the failed save (raises as `save` does)."""
        assert self.pending is not None
        return self.save(self.pending)

    def write_recovery(self) -> Path:
        """The last resort when quitting with unsaved answers: everything in memory goes to a
        recovery file beside the session (a plain new file, not the guarded one), which the next
        opening offers to restore. Raises SaveFailed if even that cannot be written."""
        target = recovery_path(self.path)
        storage.write_new(target, sessionfile.dumps(self.pending or self.session))
        return target

    def restore(self) -> Session:
        """Save the recovered answers as the session's next version (the current one is kept as
        .bak), then set the recovery file aside."""
        assert self.recovery is not None
        saved = self.save(replace(self.recovery, revision=self.session.revision))
        self.discard_recovery()
        return saved

    def discard_recovery(self) -> None:
        """Not restored: the recovery file is renamed to `.recovery.bak`, never deleted."""
        self.recovery = None
        storage.set_aside(recovery_path(self.path))

    def save_copy(self, folder: Path, session_id: str, code_sha256: str = "") -> OpenSession:
        """Write what is in memory (including an unsaved answer) to a new session file and hold that
        one instead: the way out when the original cannot be written or was changed elsewhere.
        The copy never shares the original's resume code: it gets `code_sha256` (or none)."""
        current = self.pending or self.session
        copy = replace(
            current,
            id=session_id,
            revision=0,
            code_sha256=code_sha256,
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


def recovery_path(path: Path) -> Path:
    return path.with_name(path.name + RECOVERY_SUFFIX)


RECOVERY_SUFFIX = ".recovery"


def _recovered(bank: Bank, path: Path, session: Session) -> tuple[Session | None, str]:
    """The recovery file beside `path`, if it holds a later state of the same session."""
    rec = recovery_path(path)
    if not storage.exists(rec):
        return None, ""
    try:
        doc, _ = sessionfile.parse(
            storage.read_regular(rec, storage.SESSION_LIMIT, SessionError), str(rec)
        )
        found, _ = engine.repin(bank, sessionfile.from_dict(doc))
    except InterviewerError as exc:
        return (
            None,
            f"{rec}: a recovery file sits beside the session but cannot be read ({str(exc).splitlines()[0]}); it was left as it is.",
        )
    if found.id != session.id:
        return (
            None,
            f"{rec}: a recovery file sits beside the session but belongs to another session; it was left as it is.",
        )
    return found, ""


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


def start(
    bank: Bank,
    folder: Path,
    *,
    session_id: str,
    clock: Clock,
    code_sha256: str = "",
    **meta: Any,
) -> OpenSession:
    """A brand-new session in `folder`, named by its id, opened by the code `code_sha256` hashes."""
    s = engine.new_session(bank, session_id=session_id, now=clock(), **meta)
    s = replace(s, code_sha256=code_sha256)
    opened = create(bank, folder / f"{session_id}.json", s, clock)
    opened.warnings += folder_warnings(folder)
    return opened


def find_by_code(folder: Path, typed: str) -> Path | None:
    """The session in `folder` that the resume code `typed` opens, if any. The code's hash is
    looked for in each file's bytes first (cheap), and a file that holds it is parsed and its
    field compared in constant time: a hash quoted in a note opens nothing."""
    plain = resumecode.normalise(typed)
    if plain is None:
        return None
    wanted = resumecode.digest(plain)
    for path in storage.list_files(folder):
        try:
            data = storage.read_regular(path, storage.SESSION_LIMIT, SessionError)
            if wanted.encode("ascii") not in data:
                continue
            doc, _ = sessionfile.parse(data, str(path))
        except InterviewerError:
            continue
        if resumecode.matches(plain, doc["resume_code_sha256"]):
            return path
    return None


def folder_warnings(folder: Path) -> list[str]:
    """A folder that already existed is never chmod-ed; say so when others can read it."""
    if not storage.is_open_to_others(folder):
        return []
    return [
        f"{folder} can be read by other users, so they may see the session files' names; if that "
        f"is not intended, run: chmod 700 {shlex.quote(str(folder))}"
    ]


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
        _savable(s, path)
        bank, notes = scoring_bank(bank, s, explicit_weights)
        warnings += notes
        recovery, problem = _recovered(bank, path, s)
        if problem:
            warnings.append(problem)
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
        recovery=recovery,
    )
    opened.warnings += folder_warnings(path.parent)
    if storage.is_open_to_others(path):
        opened.warnings.append(
            f"{path} is readable by other users; run: chmod 600 {shlex.quote(str(path))}"
        )
    return opened


def _savable(s: Session, path: Path) -> None:
    """Refuse a session that could be read but never saved again (e.g. re-pinning moved so many
    unknown answers into orphaned_answers that the file would break its own limits)."""
    try:
        sessionfile.check(sessionfile.to_dict(s), str(path))
    except SessionError as exc:
        raise SessionError(
            f"{path} can be read but not opened for answering: once its answers that match no "
            f"question of the loaded bank are kept aside, it would no longer be a valid session "
            f"file ({str(exc).splitlines()[0].replace(str(path) + ': ', '')}). "
            "The file has not been modified; open it with the bank it was answered with (--bank), "
            "or report on it with `interviewer report`."
        ) from None


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
