"""The hand-written answer check used on every session load and save must give exactly the JSON
Schema's verdict. jsonschema (the readable validator) is the oracle."""

from __future__ import annotations

import json

import jsonschema
from hypothesis import example, given, settings
from hypothesis import strategies as st

from interviewer.core import validation

SCHEMA = validation.schema("session.schema.json")
ANSWER = {**SCHEMA["$defs"]["answer"], "$defs": SCHEMA["$defs"]}
ORACLE = jsonschema.Draft202012Validator(
    {
        "type": "object",
        "propertyNames": SCHEMA["properties"]["answers"]["propertyNames"],
        "additionalProperties": {"$ref": "#/$defs/answer"},
        "$defs": SCHEMA["$defs"],
    }
)

edge_ints = st.sampled_from([0, 1, -1, 100_000, 100_001, 1_000_000, 1_000_001, True, False])
numbers = st.one_of(
    edge_ints, st.integers(-10, 2_000_000), st.sampled_from([3.0, 3.5, -0.0, 1e6, 1e6 + 0.5])
)
texts = st.one_of(
    st.text(max_size=5), st.sampled_from(["x" * 200, "x" * 201, "长" * 40, "长" * 41, "x" * 20_001])
)
values = st.one_of(
    st.none(),
    texts,
    numbers,
    st.fixed_dictionaries({"n": numbers, "m": numbers}),
    st.fixed_dictionaries({"n": numbers}),
    st.fixed_dictionaries({"n": numbers, "m": numbers, "x": st.just(1)}),
    st.lists(st.integers(), max_size=2),
)
answers = st.fixed_dictionaries(
    {
        "value": values,
        "status": st.sampled_from(["answered", "skipped", "na", "ANSWERED", "", 1]),
        "note": st.one_of(texts, st.none(), st.integers()),
        "unsure": st.one_of(st.booleans(), st.sampled_from([0, 1, "true", None])),
        "at": st.one_of(st.text(max_size=3), st.sampled_from(["x" * 40, "x" * 41, 5])),
        "active": st.one_of(st.booleans(), st.sampled_from([0, 1, None])),
    },
    optional={"extra": st.just(1)},
)
valid_answer = st.fixed_dictionaries(
    {
        "value": st.one_of(
            st.none(),
            st.text(max_size=200),
            st.integers(0, 1_000_000),
            st.fixed_dictionaries({"n": st.integers(0, 100_000), "m": st.integers(1, 100_000)}),
        ),
        "status": st.sampled_from(["answered", "skipped", "na"]),
        "note": st.text(max_size=30),
        "unsure": st.booleans(),
        "at": st.text(max_size=40),
        "active": st.booleans(),
    }
)
qids = st.one_of(
    st.sampled_from(
        ["p.type", "5.1.1.1-a", "a", "0", "A", "-x", ".x", "x" * 64, "x" * 65, "x y", "é"]
    ),
    st.from_regex(r"[a-z0-9][a-z0-9._-]{0,10}", fullmatch=True),
    st.text(max_size=4),
)


@settings(max_examples=1500, deadline=None)
@given(
    qid=qids,
    answer=st.one_of(answers, valid_answer, st.none(), st.lists(st.integers(), max_size=1)),
)
@example(
    qid="p.type",
    answer={
        "value": 3.0,
        "status": "answered",
        "note": "",
        "unsure": False,
        "at": "",
        "active": True,
    },
)
@example(
    qid="p.type",
    answer={
        "value": True,
        "status": "answered",
        "note": "",
        "unsure": False,
        "at": "",
        "active": True,
    },
)
def test_answer_check_agrees_with_the_schema(qid: str, answer: object) -> None:
    expected = ORACLE.is_valid({qid: answer})
    assert validation.answer_ok(qid, answer) == expected, json.dumps({qid: answer}, default=str)[
        :300
    ]


def test_valid_answers_are_actually_generated() -> None:
    # guards the test above against only ever comparing invalid answers
    good = {
        "value": {"n": 3, "m": 10},
        "status": "answered",
        "note": "",
        "unsure": False,
        "at": "t",
        "active": True,
    }
    assert validation.answer_ok("5.1.1.2-b", good) and ORACLE.is_valid({"5.1.1.2-b": good})


VALUE = jsonschema.Draft202012Validator({**SCHEMA["$defs"]["value"], "$defs": SCHEMA["$defs"]})


@settings(max_examples=800, deadline=None)
@given(v=values)
def test_value_check_agrees_with_the_schema(v: object) -> None:
    assert validation.value_ok(v) == VALUE.is_valid(v), repr(v)[:200]


NA = {"value": None, "status": "na", "note": "", "unsure": False, "at": "", "active": True}


@settings(max_examples=600, deadline=None)
@given(entries=st.dictionaries(qids, st.one_of(valid_answer, answers), max_size=6))
@example(entries={"a\nb": NA})
@example(entries={"a": NA, "b\nc": NA})
def test_a_whole_answers_map_gets_the_schemas_verdict(entries: dict[str, object]) -> None:
    # many ids are checked with one regex over the joined ids: a newline inside an id must not
    # pass for a boundary between two
    assert validation._answers_ok(entries.items()) == ORACLE.is_valid(entries)


FULL = jsonschema.Draft202012Validator(SCHEMA)


def _doc() -> dict[str, object]:
    # a real, valid session document to mutate
    from interviewer.core import engine
    from interviewer.core import session as session_file
    from tests.unit.bank_helpers import tiny

    bank = tiny()
    s = engine.new_session(bank, session_id="a" * 32, now="2026-11-23T10:00:00+08:00")
    return json.loads(session_file.dumps(session_file.to_dict(s, lambda _q: True, {})))


@settings(max_examples=300, deadline=None)
@given(profile=st.one_of(st.dictionaries(st.text(max_size=3), values, max_size=4), values))
def test_the_profile_gets_the_schemas_verdict(profile: object) -> None:
    doc = {**_doc(), "profile": profile}
    assert validation.session_ok(doc) == FULL.is_valid(doc)


def test_a_missing_or_oversized_profile_is_refused_like_the_schema_does() -> None:
    doc = _doc()
    without = {k: v for k, v in doc.items() if k != "profile"}
    big = {**doc, "profile": {f"k{i}": 1 for i in range(201)}}
    assert FULL.is_valid(doc) and validation.session_ok(doc)
    for bad in (without, big):
        assert not FULL.is_valid(bad) and not validation.session_ok(bad)
