"""Resume codes are their own secret, apart from the session id (which names the file and is in
listings): the file keeps only a hash, typing is forgiving, and the id opens nothing."""

from __future__ import annotations

import json
import re
import secrets
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from interviewer import cli
from interviewer.core import resumecode, sessionfile, store
from interviewer.core.bankopen import open_bank

TINY = Path(__file__).resolve().parents[1] / "data" / "banks" / "tiny.yaml"

SHAPE = re.compile(r"([0-9A-HJKMNP-TV-Z]{4}-){6}[0-9A-HJKMNP-TV-Z]{4}")


def test_a_code_is_seven_groups_of_four_without_misreadable_letters() -> None:
    codes = {resumecode.make(secrets.token_bytes(resumecode.RANDOM_BYTES)) for _ in range(2000)}
    assert len(codes) == 2000
    assert all(SHAPE.fullmatch(c) for c in codes)
    assert not any(ch in "ILOU" for c in codes for ch in c)


def test_the_code_uses_all_140_bits() -> None:
    assert resumecode.make(b"\xff" * 18) == "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ"
    assert resumecode.make(b"\x00" * 18) == "0000-0000-0000-0000-0000-0000-0000"
    one = resumecode.make(b"\x00" * 17 + b"\x10")  # the 140th bit of 144
    assert one == "0000-0000-0000-0000-0000-0000-0001"


@given(st.binary(min_size=18, max_size=18))
def test_forgiving_typing_reads_the_same_code(random: bytes) -> None:
    code = resumecode.make(random)
    plain = code.replace("-", "")
    full_width = "".join(chr(ord(ch) + 0xFEE0) for ch in plain)  # a Chinese input method
    variants = [
        code,
        plain,
        plain.lower(),
        " ".join(code.split("-")),
        full_width,
        f"  {code}\n",
        plain.replace("0", "O").replace("1", "l"),
    ]
    digest = resumecode.digest(code)
    for typed in variants:
        assert resumecode.normalise(typed) == plain, typed
        assert resumecode.matches(typed, digest), typed


def test_what_cannot_be_a_code_is_refused() -> None:
    code = resumecode.make(secrets.token_bytes(18))
    for typed in ("", code[:-1], code + "7", "U" + code[1:], "0" * 32, "a" * 32):
        assert resumecode.normalise(typed) is None or not resumecode.matches(
            typed, resumecode.digest(code)
        )
    assert not resumecode.matches(code, "")  # a session without a code opens with nothing
    other = resumecode.make(secrets.token_bytes(18))
    assert not resumecode.matches(other, resumecode.digest(code))


def _started(folder: Path, code: str) -> Path:
    opened = store.start(
        open_bank(TINY),
        folder,
        session_id=secrets.token_hex(16),
        clock=lambda: "2026-12-03T08:00:00+08:00",
        code_sha256=resumecode.digest(code),
    )
    opened.close()
    return opened.path


def test_the_file_keeps_only_the_hash_and_the_code_finds_it(tmp_path: Path) -> None:
    code = resumecode.make(secrets.token_bytes(18))
    other = _started(tmp_path, resumecode.make(secrets.token_bytes(18)))
    path = _started(tmp_path, code)
    data = path.read_bytes()
    assert code.encode() not in data and code.replace("-", "").encode() not in data
    assert json.loads(data)["resume_code_sha256"] == resumecode.digest(code)
    assert store.find_by_code(tmp_path, code.lower()) == path
    assert store.find_by_code(tmp_path, path.stem) is None  # the id opens nothing
    assert store.find_by_code(tmp_path, other.stem) is None
    assert store.find_by_code(tmp_path, "") is None


def test_a_hash_quoted_in_a_note_opens_nothing(tmp_path: Path) -> None:
    code = resumecode.make(secrets.token_bytes(18))
    opened = store.start(
        open_bank(TINY),
        tmp_path,
        session_id=secrets.token_hex(16),
        clock=lambda: "2026-12-03T08:00:00+08:00",
        display_name=resumecode.digest(code),  # the hash is in the file, not as the code's hash
    )
    opened.close()
    assert store.find_by_code(tmp_path, code) is None


def test_an_older_session_has_no_code_and_its_id_opens_nothing(tmp_path: Path) -> None:
    v3 = {
        "schema_version": 3,
        "id": "0123456789abcdef0123456789abcdef",
        "bank": {"id": "x", "version": "1", "sha256": "0" * 64},
        "weights": None,
        "display_name": "旧会话",
        "company": "",
        "respondent": "",
        "mode": "full",
        "triage_limit": 25,
        "language": "zh",
        "created_at": "2026-11-01T08:00:00+08:00",
        "updated_at": "2026-11-01T08:00:00+08:00",
        "revision": 2,
        "answers": {},
        "orphaned_answers": {},
    }
    doc, fmt = sessionfile.parse(json.dumps(v3).encode(), "old.json")
    assert fmt == 3 and doc["resume_code_sha256"] == ""
    assert sessionfile.from_dict(doc).code_sha256 == ""
    (tmp_path / f"{v3['id']}.json").write_text(json.dumps(v3), encoding="utf-8")
    assert store.find_by_code(tmp_path, v3["id"]) is None


def test_the_trainer_issues_a_new_code_and_the_old_one_stops_working(
    tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"5.1.1.1-a": "1"}), encoding="utf-8")
    folder = tmp_path / "class"
    assert cli.main(["--sessions-dir", str(folder), "run", "--answers", str(answers)]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert store.find_by_code(folder, path.stem) is None
    issued = []
    for _ in range(2):
        assert cli.main(["--sessions-dir", str(folder), "code", path.stem]) == 0
        out = capsys.readouterr()
        issued.append(out.out.strip())
        assert SHAPE.fullmatch(issued[-1]) and "作废" in out.err
    assert store.find_by_code(folder, issued[1]) == path
    assert store.find_by_code(folder, issued[0]) is None
    s, _ = store.read(path)
    assert dict(s.answers).keys() == {"5.1.1.1-a"}  # answers untouched by a new code
