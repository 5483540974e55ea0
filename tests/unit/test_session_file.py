"""Session files on disk: round trip, revisions, backups, permissions, names, locking, writes made
behind our back, migration from format 1, refusal of newer formats, orphaned answers, and the
hostile files S1–S12 of reliability.md §4.3."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path

import pytest

from interviewer import runtime
from interviewer.core import engine, migrate, report, scoring, storage, store
from interviewer.core.errors import SessionChanged, SessionError, SessionInUse
from interviewer.core.session import Answer, Sampled

DATA = Path(__file__).resolve().parents[1] / "data"
TINY = DATA / "banks" / "tiny.yaml"
V1 = DATA / "sessions" / "v1" / "tiny-v1.json"
ORPHANS = DATA / "sessions" / "v2" / "tiny-orphans.json"
SID = "0123456789abcdef0123456789abcdef"
NOW = "2024-05-01T09:00:00+08:00"


@pytest.fixture
def ticking():
    """A clock that moves one minute per call, so every save has its own timestamp."""
    minutes = iter(range(10_000))
    return lambda: f"2024-05-01T09:{next(minutes) % 60:02d}:00+08:00"


@pytest.fixture
def opened(tiny_bank, tmp_sessions, clock):
    o = store.start(tiny_bank, tmp_sessions, session_id=SID, clock=clock, display_name="Acme Q3")
    yield o
    o.close()


def snapshot(path: Path):
    st = os.lstat(path)
    return path.read_bytes() if stat.S_ISREG(st.st_mode) else None, st.st_mtime_ns, st.st_mode


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def lock_is_free(path: Path) -> bool:
    lock = storage.SessionLock(path)
    try:
        lock.acquire("probe")
    except SessionInUse:
        return False
    lock.release()
    return True


# -- round trip, revision, backup, permissions, names ----------------------------------------------


def test_create_answer_save_read_round_trip(tiny_bank, tmp_sessions, ticking):
    o = store.start(tiny_bank, tmp_sessions, session_id=SID, clock=ticking, display_name="Acme Q3")
    try:
        assert o.path == tmp_sessions / f"{SID}.json"
        assert o.session.revision == 0
        on_disk, fmt = store.read(o.path)
        assert (on_disk, fmt) == (o.session, 4)

        s = o.session
        for qid, text in [("p.delivery", "是"), ("5.1.1.2-a", "1"), ("5.1.1.2-b", "7/10")]:
            s = engine.record(tiny_bank, s, qid, text, NOW)
        s = engine.set_note(s, "5.1.1.2-b", "抽查了去年的10份\n第二行", NOW)
        s = engine.set_unsure(s, "5.1.1.2-b", True, NOW)
        s = engine.record(tiny_bank, s, "5.2.1-i2-a", "不适用：只在门店交货", NOW)
        s = engine.record(tiny_bank, s, "e.legal", "skip", NOW)
        saved = o.save(s)
        assert saved.revision == 1
        assert saved.updated_at == "2024-05-01T09:01:00+08:00"
        back, _ = store.read(o.path)
        assert back == saved
        assert back.answers["5.1.1.2-b"] == Answer(
            Sampled(7, 10), "answered", "抽查了去年的10份\n第二行", True, NOW
        )
        assert back.answers["5.2.1-i2-a"].status == "na"
        assert back.answers["e.legal"].status == "skipped"
        assert o.save(saved).revision == 2
        assert o.save(o.session).revision == 3
        assert store.read(o.path)[0].revision == 3
        doc = json.loads(o.path.read_bytes())
        assert doc["schema_version"] == 4 and doc["revision"] == 3
        # facts only: no stored figures, no copy of the profile, no derived flags
        assert "summary" not in doc and "profile" not in doc
        assert all(
            set(a) == {"value", "status", "note", "unsure", "at"} for a in doc["answers"].values()
        )
    finally:
        o.close()


def test_bak_holds_the_previous_version(opened, tiny_bank):
    assert not opened.path.with_name(f"{SID}.json.bak").exists()  # nothing before the first save
    first = opened.path.read_bytes()
    opened.save(engine.record(tiny_bank, opened.session, "p.delivery", "否", NOW))
    bak = opened.path.with_name(f"{SID}.json.bak")
    assert bak.read_bytes() == first
    second = opened.path.read_bytes()
    opened.save(engine.record(tiny_bank, opened.session, "e.legal", "是", NOW))
    assert bak.read_bytes() == second
    assert json.loads(bak.read_bytes())["revision"] == 1
    assert json.loads(opened.path.read_bytes())["revision"] == 2
    assert not [p for p in opened.path.parent.iterdir() if p.name.startswith(storage.TEMP_PREFIX)]


def test_private_permissions_whatever_the_umask(tiny_bank, tmp_sessions, clock):
    tmp_sessions.mkdir(mode=0o755)
    os.chmod(tmp_sessions, 0o755)
    old = os.umask(0)
    try:
        o = store.start(tiny_bank, tmp_sessions, session_id=SID, clock=clock)
        o.save(engine.record(tiny_bank, o.session, "p.delivery", "1", NOW))
        o.close()
    finally:
        os.umask(old)
    assert mode(tmp_sessions) == 0o755  # an existing folder is left as found (see hardening tests)
    assert mode(tmp_sessions / f"{SID}.json") == 0o600
    assert mode(tmp_sessions / f"{SID}.json.bak") == 0o600
    assert mode(tmp_sessions / f"{SID}.json.lock") == 0o600


def test_nested_folder_is_created_private(tiny_bank, tmp_path, clock):
    folder = tmp_path / "a" / "b"
    store.start(tiny_bank, folder, session_id=SID, clock=clock).close()
    assert mode(folder) == 0o700


@pytest.mark.parametrize(
    "bad", ["Acme Q3", "../../etc/passwd", "ABCDEF0123456789ABCDEF0123456789", "0" * 31, ""]
)
def test_file_name_is_never_the_display_name(tiny_bank, tmp_sessions, clock, bad):
    with pytest.raises(SessionError, match="bad session id"):
        store.start(tiny_bank, tmp_sessions, session_id=bad, clock=clock)
    assert not tmp_sessions.exists() or not list(tmp_sessions.iterdir())


def test_display_name_lives_inside_the_file(tiny_bank, tmp_sessions, clock):
    ids = {runtime.new_id() for _ in range(50)}
    assert len(ids) == 50 and all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids)
    sid = runtime.new_id()
    o = store.start(
        tiny_bank, tmp_sessions, session_id=sid, clock=clock, display_name="../客户/Acme"
    )
    o.close()
    assert sorted(p.name for p in tmp_sessions.iterdir()) == [f"{sid}.json", f"{sid}.json.lock"]
    assert store.read(tmp_sessions / f"{sid}.json")[0].display_name == "../客户/Acme"


# -- locking ----------------------------------------------------------------------------------------

HOLDER = """
import sys, time
from pathlib import Path
from interviewer.core import bankload, storage, sessionfile, store
bank = bankload.load_bank(storage.read_bank_files(Path(sys.argv[1])), sys.argv[1])
held = store.open_for_writing(bank, Path(sys.argv[2]), lambda: "t")
print("locked", flush=True)
time.sleep(120)
"""


def test_second_writer_is_refused_until_the_holder_dies(opened, tiny_bank, clock):
    path = opened.path
    opened.close()
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(TINY), str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout.readline().strip() == "locked", proc.stderr.read()
        before = path.read_bytes()
        with pytest.raises(SessionInUse) as exc:
            store.open_for_writing(tiny_bank, path, clock)
        message = str(exc.value)
        assert f"PID {proc.pid}" in message
        assert "is open in another window" in message and "nothing has been changed" in message
        assert path.read_bytes() == before
        proc.kill()  # SIGKILL: no cleanup runs in the holder
        proc.wait(timeout=10)
        assert path.with_name(path.name + ".owner").exists()  # stale owner note left behind
        again = store.open_for_writing(tiny_bank, path, clock)  # kernel lock is gone
        again.save(engine.record(tiny_bank, again.session, "p.delivery", "是", NOW))
        again.close()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()


def test_second_open_in_the_same_process_is_refused(opened, tiny_bank, clock):
    with pytest.raises(SessionInUse, match=f"PID {os.getpid()} "):
        store.open_for_writing(tiny_bank, opened.path, clock)
    opened.close()
    store.open_for_writing(tiny_bank, opened.path, clock).close()


# -- writes behind our back -------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["append", "replace"])
def test_write_behind_our_back_is_not_overwritten(opened, tiny_bank, how):
    s = opened.save(engine.record(tiny_bank, opened.session, "p.delivery", "是", NOW))
    theirs = json.loads(opened.path.read_bytes())
    theirs["display_name"] = "changed by a sync client"
    data = json.dumps(theirs).encode()
    if how == "append":
        opened.path.write_bytes(data)
    else:  # a different file put in its place (new inode), as editors and sync tools do
        tmp = opened.path.with_name("other.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, opened.path)
    mine = engine.record(tiny_bank, s, "e.legal", "是", NOW)
    with pytest.raises(SessionChanged, match="changed by another program"):
        opened.save(mine)
    assert opened.path.read_bytes() == data
    assert opened.pending is not None and opened.pending.answers["e.legal"].value == "yes"
    assert opened.session.revision == 1  # still what we last wrote


# -- migration --------------------------------------------------------------------------------------


@pytest.fixture
def v1_file(tmp_sessions):
    tmp_sessions.mkdir(mode=0o700)
    path = tmp_sessions / "0123456789abcdef0123456789abcdef.json"
    shutil.copyfile(V1, path)
    os.chmod(path, 0o600)
    return path


def test_migration_chain_is_complete():
    assert set(migrate.MIGRATIONS) == set(range(1, migrate.CURRENT_VERSION))


def test_v1_fixture_reads_and_migrates(tiny_bank, v1_file):
    s, fmt = store.read(v1_file)
    assert fmt == 1
    assert (s.display_name, s.revision, s.language, s.mode) == ("Acme 旧版", 0, "zh", "full")
    assert s.answers["5.1.1.2-b"] == Answer(
        Sampled(8, 10), "answered", "", False, "2023-03-02T11:30:00+08:00"
    )
    assert s.answers["5.2.1-i1-a"].status == "skipped"
    assert s.answers["s.law"].value == 0
    # 5.1.1.1: min(documented, informal) = 0; 5.1.1.2: 0.8 × 30 = 24; 5.2.1-i1 open; 5.2.1-i2: 20
    r = scoring.evaluate(tiny_bank, s)
    assert (r.earned, r.applicable, r.score, r.tier) == (44, 80, Fraction(55), "fail")
    assert [x.item.id for x in r.unknown] == ["5.2.1-i1"]


def test_migrating_twice_is_a_no_op():
    doc = json.loads(V1.read_bytes())
    once, fmt = migrate.migrate(doc)
    twice, fmt2 = migrate.migrate(once)
    assert (fmt, fmt2) == (1, 4)
    assert twice == once
    assert doc["schema_version"] == 1 and "name" in doc  # the input was not changed in place


def test_missing_schema_version_is_format_1():
    doc = json.loads(V1.read_bytes())
    del doc["schema_version"]
    migrated, fmt = migrate.migrate(doc)
    assert fmt == 1 and migrated["schema_version"] == 4


def test_v1_open_leaves_file_alone_until_first_save(tiny_bank, v1_file, ticking):
    original = V1.read_bytes()
    o = store.open_for_writing(tiny_bank, v1_file, ticking)
    try:
        assert o.migrated_from == 1
        assert v1_file.read_bytes() == original
        assert not v1_file.with_name(v1_file.name + ".v1.bak").exists()
        assert any('answered with bank "tiny" v0.9' in w for w in o.warnings)
        s = o.save(engine.record(tiny_bank, o.session, "5.2.1-i1-a", "是", NOW))
        v1bak = v1_file.with_name(v1_file.name + ".v1.bak")
        assert v1bak.read_bytes() == original
        assert mode(v1bak) == 0o600
        doc = json.loads(v1_file.read_bytes())
        assert (doc["schema_version"], doc["revision"], doc["display_name"]) == (4, 1, "Acme 旧版")
        assert doc["bank"]["sha256"] == tiny_bank.sha256  # re-pinned to the loaded bank
        o.save(s)
        assert v1bak.read_bytes() == original  # written once, never replaced
    finally:
        o.close()
    assert store.read(v1_file)[1] == 4


def test_v1_write_behind_our_back_before_first_save(tiny_bank, v1_file, clock):
    o = store.open_for_writing(tiny_bank, v1_file, clock)
    try:
        theirs = V1.read_bytes() + b"\n\n"
        v1_file.write_bytes(theirs)
        with pytest.raises(SessionChanged):
            o.save(o.session)
        assert v1_file.read_bytes() == theirs
        assert not v1_file.with_name(v1_file.name + ".v1.bak").exists()
    finally:
        o.close()


def _with_version(value):
    doc = json.loads(V1.read_bytes())
    doc["schema_version"] = value
    return json.dumps(doc).encode()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            99,
            "was written by a newer version of the app (format 99; this app reads up to 4). Update the app; the file has not been modified.",
        ),
        (5, "newer version of the app (format 5;"),
        (
            "2",
            "schema_version must be a positive integer, got '2'. The file has not been modified.",
        ),
        (True, "schema_version must be a positive integer, got True."),
        (-1, "schema_version must be a positive integer, got -1."),
        (0, "schema_version must be a positive integer, got 0."),
        (1.5, "schema_version must be a positive integer, got 1.5."),
        (None, "schema_version must be a positive integer, got None."),
    ],
)
def test_bad_or_newer_format_is_refused_untouched(tiny_bank, tmp_sessions, clock, value, message):
    tmp_sessions.mkdir(mode=0o700)
    path = tmp_sessions / f"{SID}.json"
    path.write_bytes(_with_version(value))
    before = snapshot(path)
    with pytest.raises(SessionError) as exc:
        store.read(path)
    assert message in str(exc.value)
    with pytest.raises(SessionError) as exc:
        store.open_for_writing(tiny_bank, path, clock)
    assert message in str(exc.value)
    assert snapshot(path) == before
    assert sorted(p.name for p in tmp_sessions.iterdir()) == [f"{SID}.json", f"{SID}.json.lock"]
    assert lock_is_free(path)


# -- orphaned answers --------------------------------------------------------------------------------


def test_orphaned_answers_are_kept_reported_and_saved(tiny_bank, tmp_sessions, clock):
    tmp_sessions.mkdir(mode=0o700)
    path = tmp_sessions / "fedcba9876543210fedcba9876543210.json"
    shutil.copyfile(ORPHANS, path)
    os.chmod(path, 0o600)
    o = store.open_for_writing(tiny_bank, path, clock)
    try:
        s = o.session
        assert sorted(s.orphaned) == ["5.1.1.9-a", "5.3.1-i1-a"]
        assert s.orphaned["5.1.1.9-a"]["value"] == "documented"
        assert s.orphaned["5.1.1.9-a"]["note"] == "removed from the bank in v1"
        assert s.orphaned["5.3.1-i1-a"]["value"] == {"n": 4, "m": 5}
        assert "5.1.1.9-a" not in s.answers
        assert any(
            'answered with bank "tiny" v0.5' in w
            and '2 answer(s) no longer match a question and were kept under "orphaned answers"' in w
            for w in o.warnings
        ), o.warnings
        assert report.build(tiny_bank, s)["orphaned_answers"] == ["5.1.1.9-a", "5.3.1-i1-a"]
        # the orphans do not score: 5.1.1.1 met (30) + 5.1.1.2 not met (0) of 60
        assert scoring.evaluate(tiny_bank, s).score == 50
        o.save(engine.record(tiny_bank, s, "5.2.1-i1-a", "1", NOW))
    finally:
        o.close()
    doc = json.loads(path.read_bytes())
    assert sorted(doc["orphaned_answers"]) == ["5.1.1.9-a", "5.3.1-i1-a"]
    assert "5.1.1.9-a" not in doc["answers"]
    again = store.open_for_writing(tiny_bank, path, clock)
    try:
        assert again.session.orphaned == s.orphaned
        assert again.warnings == []  # nothing new to report: pinned to this bank, nothing moved
        again.save(again.session)
    finally:
        again.close()
    assert sorted(json.loads(path.read_bytes())["orphaned_answers"]) == ["5.1.1.9-a", "5.3.1-i1-a"]


def test_session_for_another_bank_is_refused(score_bank, tmp_sessions, clock):
    tmp_sessions.mkdir(mode=0o700)
    path = tmp_sessions / "fedcba9876543210fedcba9876543210.json"
    shutil.copyfile(ORPHANS, path)
    before = snapshot(path)
    with pytest.raises(
        SessionError, match="answered with bank 'tiny', but the loaded bank is 'score'"
    ):
        store.open_for_writing(score_bank, path, clock)
    assert snapshot(path) == before


# -- hostile files (reliability.md §4.3) -------------------------------------------------------------


def _good() -> bytes:
    return ORPHANS.read_bytes()


HOSTILE = {
    "S1 empty": (lambda: b"", "is empty — it was probably cut off during a crash"),
    "S1 whitespace": (lambda: b"  \n\t", "is empty"),
    "S2 truncated half": (lambda: _good()[: len(_good()) // 2], "is damaged: "),
    "S2 truncated last byte": (
        lambda: _good().rstrip()[:-1],
        "is damaged: JSON ends unexpectedly at line",
    ),
    "S2 truncated mid UTF-8": (
        lambda: '{"display_name": "中文'.encode()[:-1],
        "is not UTF-8 text (invalid byte 0xe6 at offset 21)",
    ),
    "S3 list": (lambda: b"[]", "is not a session file (expected an object at the top level)"),
    "S3 string": (lambda: b'"x"', "is not a session file (expected an object at the top level)"),
    "S3 null": (lambda: b"null", "is not a session file (expected an object at the top level)"),
    "S3 number": (lambda: b"42", "is not a session file"),
    "S4 UTF-16": (lambda: _good().decode().encode("utf-16"), "is not UTF-8 text (it is UTF-16)"),
    "S4 UTF-16 BE": (lambda: b"\xfe\xff" + _good().decode().encode("utf-16-be"), "(it is UTF-16)"),
    "S4 invalid UTF-8": (
        lambda: b'{"a": "\xff"}',
        "is not UTF-8 text (invalid byte 0xff at offset 7)",
    ),
    "S4 NUL": (lambda: _good()[:10] + b"\x00" + _good()[10:], "contains a NUL byte at offset 10"),
    "S5 missing answers": (
        lambda: json.dumps(
            {k: v for k, v in json.loads(_good()).items() if k != "answers"}
        ).encode(),
        "'answers' is missing",
    ),
    "S5 wrong type": (lambda: _good().replace(b'"revision": 3', b'"revision": "3"'), "revision"),
    "S10 duplicate keys": (
        lambda: b'{"schema_version": 3, "answers": {"q7": 1, "q7": 2}}',
        "contains the key 'q7' twice",
    ),
    "S11 NaN": (
        lambda: _good().replace(b'"revision": 3', b'"revision": NaN'),
        "contains a non-standard number (NaN)",
    ),
    "S11 Infinity": (
        lambda: _good().replace(b'"revision": 3', b'"revision": -Infinity'),
        "non-standard number (-Infinity)",
    ),
    "deep nesting": (lambda: b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_file_refused_and_untouched(tiny_bank, tmp_sessions, clock, name):
    make, message = HOSTILE[name]
    tmp_sessions.mkdir(mode=0o700)
    path = tmp_sessions / f"{SID}.json"
    path.write_bytes(make())
    before = snapshot(path)
    for attempt in (
        lambda: store.read(path),
        lambda: store.open_for_writing(tiny_bank, path, clock),
    ):
        with pytest.raises(SessionError) as exc:
            attempt()
        assert message in str(exc.value)
        assert str(path) in str(exc.value)  # says which file
        assert "Traceback" not in str(exc.value)
    assert snapshot(path) == before
    assert sorted(p.name for p in tmp_sessions.iterdir()) == [f"{SID}.json", f"{SID}.json.lock"]
    assert lock_is_free(path)


def _huge(path: Path) -> None:
    with open(path, "wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: 50 MB without writing it


def _symlink(path: Path) -> None:
    target = path.with_name("real.json")
    shutil.copyfile(ORPHANS, target)
    path.symlink_to(target)


SPECIAL = {
    "S9 50 MB": (_huge, "is too large (52,428,800 bytes; the limit is 10,000,000 bytes)"),
    "S12 symlink": (_symlink, "is not a regular file; refusing to open it"),
    "S12 FIFO": (lambda p: os.mkfifo(p), "is not a regular file; refusing to open it"),
    "S12 directory": (lambda p: p.mkdir(), "is not a regular file; refusing to open it"),
}


@pytest.mark.parametrize("name", list(SPECIAL))
def test_special_files_refused_without_reading(tiny_bank, tmp_sessions, clock, name):
    make, message = SPECIAL[name]
    tmp_sessions.mkdir(mode=0o700)
    path = tmp_sessions / f"{SID}.json"
    make(path)
    before = snapshot(path)
    started = time.monotonic()
    for attempt in (
        lambda: store.read(path),
        lambda: store.open_for_writing(tiny_bank, path, clock),
    ):
        with pytest.raises(SessionError) as exc:
            attempt()
        assert message in str(exc.value)
    assert time.monotonic() - started < 5  # a FIFO must not block
    assert snapshot(path) == before
    assert lock_is_free(path)


def test_s13_readable_by_others_opens_with_a_warning(tiny_bank, tmp_sessions, clock):
    tmp_sessions.mkdir(mode=0o700)
    path = tmp_sessions / "fedcba9876543210fedcba9876543210.json"
    shutil.copyfile(ORPHANS, path)
    os.chmod(path, 0o644)
    o = store.open_for_writing(tiny_bank, path, clock)
    o.close()
    assert (
        f"{path} is readable by other users; run: chmod 600 {shlex.quote(str(path))}" in o.warnings
    )


def test_s15_orphan_temp_files_are_cleaned_under_the_lock(opened, tiny_bank, clock):
    path = opened.path
    opened.close()
    old = path.with_name(f"{storage.TEMP_PREFIX}dead.json")
    fresh = path.with_name(f"{storage.TEMP_PREFIX}busy.json")
    old.write_bytes(b"{")
    fresh.write_bytes(b"{")
    os.utime(old, (time.time() - 60, time.time() - 60))
    o = store.open_for_writing(tiny_bank, path, clock)
    o.close()
    assert not old.exists()
    assert fresh.exists()  # too recent: might belong to a save in progress


def test_listing_shows_damaged_files_instead_of_hiding_them(tiny_bank, tmp_sessions, ticking):
    good = store.start(tiny_bank, tmp_sessions, session_id=SID, clock=ticking, display_name="Good")
    good.save(engine.record(tiny_bank, good.session, "p.delivery", "1", NOW))
    good.close()
    (tmp_sessions / ("e" * 32 + ".json")).write_bytes(b"")
    rows = store.list_sessions(tiny_bank, tmp_sessions)
    assert [(r.id, r.display_name, bool(r.problem)) for r in rows] == [
        (SID, "Good", False),
        ("e" * 32, "", True),
    ]
    assert "is empty" in rows[1].problem
    assert (rows[0].answered, rows[0].total) == (1, 8)  # p.delivery=yes: 8 questions to ask
