"""Fuzzing (reliability.md §4.5): the typed-answer parser and the session loader never raise anything
but the project's own clear errors, whatever they are given."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from interviewer.core import answers as typed
from interviewer.core import sessionfile
from interviewer.core.errors import InvalidAnswer, SessionError
from interviewer.core.session import Sampled
from tests.ui.conftest import tiny

BANK = tiny()
QUESTIONS = list(BANK.questions)
WORDS = [
    "是",
    "否",
    "部分",
    "不知道",
    "不适用",
    "yes",
    "n",
    "skip",
    "na",
    "1",
    "２",
    "3/10",
    "３／１０",
    "8 of 10",
    "10张中有8",
    "٣",
    "1e309",
    "NaN",
    "0x10",
    "1_000",
    "-1",
    "",
    " ",
    "\x1b[2J",
    "[/bold]",
    "\u202e",
]


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    q=st.sampled_from(QUESTIONS),
    text=st.one_of(st.text(max_size=40), st.sampled_from(WORDS)),
    lang=st.sampled_from(["zh", "en"]),
)
@example(q=BANK.question("5.1.1.2-b"), text="10/0", lang="zh")
@example(q=BANK.question("s.law"), text="99999999999", lang="en")
def test_parser_returns_an_answer_or_a_clear_error(q, text, lang) -> None:  # type: ignore[no-untyped-def]
    try:
        parsed = typed.parse(q, text, lang)
    except InvalidAnswer as exc:
        assert str(exc).strip()
        return
    assert parsed.kind in ("answer", "skip", "na")
    if parsed.kind == "answer":
        if q.type == "choice":
            assert q.option(parsed.value) is not None
        elif q.type == "sampled":
            assert isinstance(parsed.value, Sampled) and 0 <= parsed.value.n <= parsed.value.m
        else:
            assert isinstance(parsed.value, int) and q.min <= parsed.value <= (q.max or 10**6)


@settings(max_examples=200, deadline=None)
@given(q=st.sampled_from([q for q in QUESTIONS if q.type == "choice"]), data=st.data())
def test_describe_then_parse_round_trips(q, data) -> None:  # type: ignore[no-untyped-def]
    option = data.draw(st.sampled_from(q.options))
    for lang in ("zh", "en"):
        assert typed.parse(q, typed.describe(q, option.value, lang), lang).value == option.value


VALID = json.dumps(
    {
        "schema_version": 2,
        "id": "a" * 32,
        "bank": {"id": "tiny", "version": "1", "sha256": "b" * 64},
        "weights": None,
        "display_name": "x",
        "company": "",
        "respondent": "",
        "mode": "full",
        "triage_limit": 25,
        "language": "zh",
        "created_at": "t",
        "updated_at": "t",
        "revision": 1,
        "profile": {},
        "answers": {
            "p.delivery": {
                "value": "yes",
                "status": "answered",
                "note": "",
                "unsure": False,
                "at": "t",
                "active": True,
            }
        },
        "orphaned_answers": {},
        "summary": {},
    }
).encode()


@settings(max_examples=500, deadline=None)
@given(
    data=st.one_of(
        st.binary(max_size=300),
        st.builds(lambda cut: VALID[:cut], st.integers(0, len(VALID))),
        st.builds(
            lambda pos, byte: VALID[:pos] + bytes([byte]) + VALID[pos + 1 :],
            st.integers(0, len(VALID) - 1),
            st.integers(0, 255),
        ),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=5),
            lambda inner: (
                st.lists(inner, max_size=3)
                | st.dictionaries(st.text(max_size=5), inner, max_size=3)
            ),
            max_leaves=20,
        ).map(lambda v: json.dumps(v).encode()),
    )
)
def test_session_loader_gives_a_session_or_a_clear_error(data: bytes) -> None:
    try:
        doc, _ = sessionfile.parse(data, "fuzz.json")
    except SessionError as exc:
        assert "fuzz.json" in str(exc)
        return
    s = sessionfile.from_dict(doc)
    assert s.id and s.revision >= 0


@settings(max_examples=300, deadline=None)
@given(
    key=st.sampled_from(
        ["schema_version", "id", "bank", "answers", "revision", "language", "mode"]
    ),
    value=st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-5, 10**12),
        st.text(max_size=8),
        st.just([]),
        st.just({}),
    ),
)
def test_mutated_fields_are_refused_with_their_path(key: str, value: object) -> None:
    doc = json.loads(VALID)
    doc[key] = value
    try:
        sessionfile.parse(json.dumps(doc).encode(), "m.json")
    except SessionError as exc:
        assert "m.json" in str(exc)
