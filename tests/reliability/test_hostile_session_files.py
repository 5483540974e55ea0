"""Session files that are hostile but reach the loader (review C1, C3 and the held-out set): every
one is refused with a clear SessionError, listed as damaged, and never slows a listing down."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interviewer import cli
from interviewer.core import engine, sessionfile, store
from interviewer.core.errors import SessionError
from tests.ui.conftest import tiny

DATA = Path(__file__).resolve().parents[1] / "data"
TINY = str(DATA / "banks" / "tiny.yaml")
SID = "b" * 32


def valid_doc() -> dict[str, object]:
    bank = tiny()
    s = engine.set_value(
        bank, engine.new_session(bank, session_id=SID, now="t"), "p.delivery", "yes", "t"
    )
    return sessionfile.to_dict(s)


def nested(depth: int) -> object:
    x: object = 1
    for _ in range(depth):
        x = {"a": x}
    return x


@pytest.mark.parametrize("depth", [500, 600, 800])
def test_deeply_nested_orphans_are_a_clear_error_in_validate_report_sessions_and_resume(
    depth: int, tmp_sessions: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = valid_doc()
    doc["orphaned_answers"] = {"x": {"a": nested(depth)}}
    tmp_sessions.mkdir(parents=True)
    path = tmp_sessions / f"{SID}.json"
    path.write_text(json.dumps(doc))
    for argv in (["validate", str(path)], ["report", str(path)]):
        assert cli.main(["--bank", TINY, *argv]) == 2
        assert "nested too deeply" in capsys.readouterr().err
    assert cli.main(["--bank", TINY, "sessions"]) == 0
    assert "nested too deeply" in capsys.readouterr().out
    with pytest.raises(SessionError, match="nested too deeply"):
        store.open_for_writing(tiny(), path, lambda: "t")


def test_a_100000_answer_file_is_refused_before_parsing_and_the_listing_stays_fast(
    tmp_sessions: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = valid_doc()
    entry = {"value": None, "status": "skipped", "note": "", "unsure": False, "at": ""}
    doc["answers"] = {f"z{i}": entry for i in range(100_000)}
    tmp_sessions.mkdir(parents=True)
    big = tmp_sessions / f"{'a' * 32}.json"
    big.write_text(json.dumps(doc, separators=(",", ":")))
    assert big.stat().st_size < 10_000_000  # under the size limit: the count limit must catch it
    (tmp_sessions / f"{SID}.json").write_text(json.dumps(valid_doc()))

    def no_parse(*args: object, **kwargs: object) -> object:
        raise AssertionError("the file was parsed before its answers were counted")

    with monkeypatch.context() as m, pytest.raises(SessionError, match="far too many answers"):
        m.setattr(sessionfile, "_json", no_parse)
        store.read(big)
    began = time.perf_counter()
    assert cli.main(["--bank", TINY, "sessions"]) == 0
    took = time.perf_counter() - began
    out = capsys.readouterr().out
    assert "far too many answers" in out and out.count("\n") == 2
    assert took < 2.0


def test_a_too_many_entries_message_names_the_count_not_the_whole_object(tmp_path: Path) -> None:
    doc = valid_doc()
    doc["orphaned_answers"] = {f"o{i}": {"value": None, "status": "skipped"} for i in range(5001)}
    path = tmp_path / "x.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(SessionError) as err:
        store.read(path)
    assert "too many entries: 5,001 (at most 5,000)" in str(err.value)
    assert len(str(err.value)) < 400


def test_odd_but_schema_shaped_files_are_listed_as_damaged_and_the_rest_still_shows(
    tmp_sessions: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tmp_sessions.mkdir(parents=True)
    (tmp_sessions / "x.json").write_text('{"answers": []}')
    wrong = valid_doc()
    wrong["revision"] = "abc"
    (tmp_sessions / f"{'1' * 32}.json").write_text(json.dumps(wrong))
    (tmp_sessions / f"{SID}.json").write_text(json.dumps(valid_doc()))
    assert cli.main(["--bank", TINY, "sessions"]) == 0
    out = capsys.readouterr().out
    assert out.count("DAMAGED") + out.count("无法读取") == 2
    assert SID in out
    assert cli.main(["--bank", TINY, "class-report", str(tmp_sessions)]) == 0
    err = capsys.readouterr().err
    assert err.count("skipped:") == 2


# -- the loader fuzzed: whatever the bytes, a SessionError or a session -------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda kids: (
        st.lists(kids, max_size=5) | st.dictionaries(st.text(max_size=8), kids, max_size=5)
    ),
    max_leaves=30,
)


def _encodings(text: str) -> list[bytes]:
    return [
        text.encode("utf-8"),
        b"\xef\xbb\xbf" + text.encode("utf-8"),
        text.encode("utf-16"),
        text.encode("utf-16-le"),
        text.encode("utf-32"),
        text.encode("utf-8")[:-1] + b"\xff",
        text.encode("utf-8").replace(b":", b"\xc0\xba", 1),
    ]


def _loads_or_refuses(data: bytes) -> None:
    try:
        doc, _ = sessionfile.parse(data, "f.json")
    except SessionError as exc:
        assert str(exc).strip()
        return
    sessionfile.from_dict(doc)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=json_values)
def test_any_json_value_loads_or_is_refused_clearly(value: object) -> None:
    for data in _encodings(json.dumps(value)):
        _loads_or_refuses(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    field=st.sampled_from(
        [
            "answers",
            "orphaned_answers",
            "weights",
            "bank",
            "revision",
            "triage_limit",
            "schema_version",
            "display_name",
            "created_at",
            "mode",
            "language",
        ]
    ),
    value=json_values,
)
def test_a_valid_session_with_one_field_replaced_loads_or_is_refused_clearly(
    field: str, value: object
) -> None:
    doc = valid_doc()
    doc[field] = value
    for data in _encodings(json.dumps(doc)):
        _loads_or_refuses(data)


@pytest.mark.parametrize(
    "text",
    [
        '{"schema_version": 3, "revision": ' + "9" * 5000 + "}",
        '{"schema_version": 3, "revision": 1e999999}',
        '{"schema_version": NaN}',
        '{"schema_version": -Infinity}',
        '{"revision": 1' + "0" * 400 + "}",
        "[" * 100_000,
        '{"a":' * 50_000,
        '{"a": "\\ud800"}',
        '{"a": "\\u0000"}',
        "\ufeff\ufeff{}",
        '{"schema_version": 2, "answers": {"x": []}}',
        '{"schema_version": 2, "answers": []}',
        '{"schema_version": 1, "answers": {"x": {"y": 1}}, "name": 5}',
        '{"schema_version": true}',
        '{"schema_version": 3.0}',
        "\x00{}",
        '{"a":1}garbage',
        "",
        " \n\t ",
    ],
)
def test_hostile_json_text_is_a_clear_error(text: str) -> None:
    for data in _encodings(text) if text else [b""]:
        with pytest.raises(SessionError):
            sessionfile.parse(data, "f.json")


def test_an_unpaired_surrogate_in_a_note_is_refused_clearly_not_a_traceback_or_an_unsavable_load(
    tmp_path: Path,
) -> None:
    doc = valid_doc()
    text = json.dumps(doc).replace('"note": ""', '"note": "x\\ud800y"', 1)
    assert "\\ud800" in text
    with pytest.raises(SessionError, match="not valid Unicode"):
        sessionfile.parse(text.encode(), "f.json")
    paired = json.dumps(doc).replace('"note": ""', '"note": "\\ud83d\\ude00"', 1)
    parsed, _ = sessionfile.parse(paired.encode(), "f.json")
    assert sessionfile.dumps(sessionfile.from_dict(parsed))  # a real emoji loads and saves
