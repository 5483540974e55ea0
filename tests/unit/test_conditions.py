"""conditions: branching as data, never eval (reliability.md §3.5, §4.3 B8, §4.5).

check() returns every structural problem as (path, message); evaluate() and decided() work on any
tree check() accepts and never raise.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from interviewer.core import conditions
from interviewer.core.conditions import check, compiled, decided, evaluate, references

ALLOWED = "all, any, not, answered, eq, ne, lt, le, gt, ge, in"


# -- check: structure --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cond",
    [
        {"eq": ["p.delivery", "yes"]},
        {"ne": ["q1", 3]},
        {"lt": ["q1", 2.5]},
        {"le": ["q1", 2]},
        {"gt": ["q1", 0]},
        {"ge": ["q1", True]},
        {"in": ["q1", ["a", "b", 3]]},
        {"answered": "q1"},
        {"not": {"answered": "q1"}},
        {"all": [{"eq": ["q1", "a"]}, {"any": [{"ge": ["q3", 10]}, {"not": {"answered": "q4"}}]}]},
    ],
)
def test_valid_conditions_have_no_problems(cond: Any) -> None:
    assert check(cond) == []


def test_b8_unknown_operator_import_names_the_path_and_the_allowed_operators() -> None:
    cond = {"any": [{"eq": ["q1", "a"]}, {"__import__": "os"}]}
    assert check(cond) == [
        ("when.any[1]", f"unknown operator '__import__' (allowed: {ALLOWED})"),
    ]


def test_unknown_operator_name_is_clipped() -> None:
    assert check({"x" * 100: 1}) == [
        ("when", f"unknown operator '{'x' * 40}' (allowed: {ALLOWED})"),
    ]


@pytest.mark.parametrize(
    ("cond", "expected"),
    [
        ({"eq": ["q1"]}, [("when.eq", "expected [question_id, value]")]),
        ({"eq": ["q1", "a", "b"]}, [("when.eq", "expected [question_id, value]")]),
        ({"eq": "q1"}, [("when.eq", "expected [question_id, value]")]),
        ({"eq": [3, "a"]}, [("when.eq", "expected [question_id, value]")]),
        ({"eq": ["q1", None]}, [("when.eq", "the value must be text, a number or true/false")]),
        ({"eq": ["q1", ["a"]]}, [("when.eq", "the value must be text, a number or true/false")]),
        ({"eq": ["q1", {"a": 1}]}, [("when.eq", "the value must be text, a number or true/false")]),
        ({"in": ["q1", "a"]}, [("when.in", "expected [question_id, [value, ...]]")]),
        # an empty list never matches and hid the id from the unknown-id and loop checks
        ({"in": ["q1", []]}, [("when.in", "expected [question_id, [value, ...]]")]),
        ({"in": ["q1", [None]]}, [("when.in", "expected [question_id, [value, ...]]")]),
        ({"in": ["q1", [["a"]]]}, [("when.in", "expected [question_id, [value, ...]]")]),
        ({"answered": ["q1"]}, [("when.answered", "expected a question id")]),
        ({"answered": 3}, [("when.answered", "expected a question id")]),
        ({"all": []}, [("when.all", "expected a non-empty list of conditions")]),
        ({"any": {"eq": ["q", 1]}}, [("when.any", "expected a non-empty list of conditions")]),
        (
            {"not": []},
            [
                (
                    "when.not",
                    'expected a mapping with exactly one operator, e.g. {eq: [p.delivery, "yes"]}',
                )
            ],
        ),
        (
            {},
            [
                (
                    "when",
                    'expected a mapping with exactly one operator, e.g. {eq: [p.delivery, "yes"]}',
                )
            ],
        ),
        (
            {"eq": ["q1", 1], "ne": ["q1", 2]},
            [
                (
                    "when",
                    'expected a mapping with exactly one operator, e.g. {eq: [p.delivery, "yes"]}',
                )
            ],
        ),
        (
            "q1 == 'a'",
            [
                (
                    "when",
                    'expected a mapping with exactly one operator, e.g. {eq: [p.delivery, "yes"]}',
                )
            ],
        ),
    ],
)
def test_b8_bad_arity_and_shapes(cond: Any, expected: list[tuple[str, str]]) -> None:
    assert check(cond) == expected


def test_every_problem_is_reported_with_its_own_path() -> None:
    cond = {"all": [{"eq": ["q1"]}, {"bogus": 1}, {"any": [{"answered": 1}, {"eq": ["q2", "x"]}]}]}
    assert check(cond, "exclude_when") == [
        ("exclude_when.all[0].eq", "expected [question_id, value]"),
        ("exclude_when.all[1]", f"unknown operator 'bogus' (allowed: {ALLOWED})"),
        ("exclude_when.all[2].any[0].answered", "expected a question id"),
    ]


def nested_not(levels: int) -> dict[str, Any]:
    cond: dict[str, Any] = {"answered": "q1"}
    for _ in range(levels):
        cond = {"not": cond}
    return cond


def test_b8_depth_limit_boundary() -> None:
    assert conditions.MAX_DEPTH == 16
    assert check(nested_not(conditions.MAX_DEPTH)) == []
    over = check(nested_not(conditions.MAX_DEPTH + 1))
    assert over == [("when" + ".not" * 17, "condition nested deeper than 16 levels")]


def test_very_deep_junk_does_not_recurse_without_bound() -> None:
    # 100 000 levels would blow the stack if check() did not stop at the limit
    assert check(nested_not(100_000)) == [
        ("when" + ".not" * 17, "condition nested deeper than 16 levels")
    ]
    deep_all: Any = {"answered": "q"}
    for _ in range(50_000):
        deep_all = {"all": [deep_all]}
    ((_, message),) = check(deep_all)
    assert message == "condition nested deeper than 16 levels"


# -- evaluate ----------------------------------------------------------------------------------------


def test_comparisons() -> None:
    answers = {"t": "yes", "n": 5}
    assert evaluate({"eq": ["t", "yes"]}, answers) is True
    assert evaluate({"eq": ["t", "no"]}, answers) is False
    assert evaluate({"ne": ["t", "no"]}, answers) is True
    assert evaluate({"lt": ["n", 6]}, answers) is True
    assert evaluate({"lt": ["n", 5]}, answers) is False
    assert evaluate({"le": ["n", 5]}, answers) is True
    assert evaluate({"gt": ["n", 5]}, answers) is False
    assert evaluate({"ge": ["n", 5]}, answers) is True
    assert evaluate({"in": ["t", ["no", "yes"]]}, answers) is True
    assert evaluate({"in": ["t", ["no"]]}, answers) is False


def test_comparing_with_an_unanswered_question_is_false_even_for_ne() -> None:
    for op in ("eq", "ne", "lt", "le", "gt", "ge"):
        assert evaluate({op: ["missing", 1]}, {}) is False
        assert evaluate({op: ["skipped", 1]}, {"skipped": None}) is False
    assert evaluate({"in": ["missing", [None, 1]]}, {}) is False
    assert evaluate({"not": {"eq": ["missing", 1]}}, {}) is True


def test_type_mismatch_is_false_not_a_crash() -> None:
    assert evaluate({"lt": ["t", 5]}, {"t": "abc"}) is False
    assert evaluate({"ge": ["n", "abc"]}, {"n": 3}) is False
    assert evaluate({"eq": ["n", "3"]}, {"n": 3}) is False


def test_answered_all_any_not() -> None:
    answers = {"a": "x", "b": None}
    assert evaluate({"answered": "a"}, answers) is True
    assert evaluate({"answered": "b"}, answers) is False
    assert evaluate({"answered": "c"}, answers) is False
    yes, no = {"answered": "a"}, {"answered": "c"}
    assert evaluate({"all": [yes, yes]}, answers) is True
    assert evaluate({"all": [yes, no]}, answers) is False
    assert evaluate({"any": [no, yes]}, answers) is True
    assert evaluate({"any": [no, no]}, answers) is False
    assert evaluate({"not": no}, answers) is True


def test_references_lists_every_read_with_its_literal() -> None:
    cond = {
        "all": [
            {"eq": ["q1", "a"]},
            {"not": {"answered": "q2"}},
            {"any": [{"in": ["q3", ["x", "y"]]}, {"ge": ["q4", 10]}]},
        ]
    }
    assert list(references(cond)) == [
        ("q1", "a"),
        ("q2", None),
        ("q3", "x"),
        ("q3", "y"),
        ("q4", 10),
    ]


def test_decided_is_three_valued() -> None:
    cond = {"all": [{"eq": ["a", "yes"]}, {"eq": ["b", "yes"]}]}
    assert decided(cond, {}) is None
    assert decided(cond, {"a": "no"}) is False  # one False settles an `all`
    assert decided(cond, {"a": "yes"}) is None
    assert decided(cond, {"a": "yes", "b": "yes"}) is True
    either = {"any": [{"eq": ["a", "yes"]}, {"eq": ["b", "yes"]}]}
    assert decided(either, {"b": "yes"}) is True  # one True settles an `any`
    assert decided(either, {"a": "no"}) is None
    assert decided(either, {"a": "no", "b": "no"}) is False
    assert decided({"not": {"answered": "a"}}, {}) is None
    assert decided({"not": {"answered": "a"}}, {"a": 1}) is False


# -- fuzzing (reliability.md §4.5) ------------------------------------------------------------------

QIDS = st.sampled_from(["q1", "q2", "q3", "p.x", "5.1.1.1-a"])
LITERALS = st.one_of(
    st.text(max_size=5),
    st.integers(-5, 5),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
)
ANSWER_VALUES = st.one_of(
    st.none(),
    st.text(max_size=5),
    st.integers(-5, 5),
    st.floats(allow_nan=True),
    st.booleans(),
    st.sampled_from(["a", "b", "yes", "no"]),
)


def valid_trees() -> st.SearchStrategy[dict[str, Any]]:
    leaf = st.one_of(
        st.builds(
            lambda op, q, v: {op: [q, v]},
            st.sampled_from(["eq", "ne", "lt", "le", "gt", "ge"]),
            QIDS,
            LITERALS,
        ),
        st.builds(lambda q, vs: {"in": [q, vs]}, QIDS, st.lists(LITERALS, min_size=1, max_size=3)),
        st.builds(lambda q: {"answered": q}, QIDS),
    )
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.builds(lambda c: {"not": c}, inner),
            st.builds(lambda cs: {"all": cs}, st.lists(inner, min_size=1, max_size=3)),
            st.builds(lambda cs: {"any": cs}, st.lists(inner, min_size=1, max_size=3)),
        ),
        max_leaves=12,
    )


JUNK = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(),
        st.text(max_size=8),
        st.sampled_from(list(conditions.OPERATORS) + ["__import__", "eval", "q1"]),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.one_of(
                st.sampled_from(list(conditions.OPERATORS) + ["__import__"]),
                st.text(max_size=5),
            ),
            inner,
            max_size=3,
        ),
    ),
    max_leaves=25,
)


class RecordingAnswers(Mapping[str, Any]):
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.read: set[str] = set()

    def __getitem__(self, key: str) -> Any:
        self.read.add(key)
        return self.data[key]

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        self.read.add(key)
        return self.data.get(key, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)


FUZZ = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(JUNK)
@example({"__import__": "os"})
@example({"eq": ["q1", {"__class__": 1}]})
@example({"in": ["q1", [[1]]]})
@example({"all": [None]})
@example({1: 2})
def test_check_never_raises_on_junk(junk: Any) -> None:
    result = check(junk)
    assert isinstance(result, list)
    for path, message in result:
        assert isinstance(path, str) and path.startswith("when")
        assert isinstance(message, str) and message


@FUZZ
@given(JUNK, st.dictionaries(QIDS, ANSWER_VALUES, max_size=5))
def test_whatever_check_accepts_evaluates_to_a_bool(junk: Any, answers: dict[str, Any]) -> None:
    if check(junk) == []:
        assert isinstance(evaluate(junk, answers), bool)
        assert decided(junk, answers) in (True, False, None)


@FUZZ
@given(valid_trees(), st.dictionaries(QIDS, ANSWER_VALUES, max_size=5))
def test_valid_trees_are_accepted_and_evaluate_to_a_bool(
    cond: dict[str, Any], answers: dict[str, Any]
) -> None:
    assert check(cond) == []
    recorder = RecordingAnswers(answers)
    result = evaluate(cond, recorder)
    assert isinstance(result, bool)
    # the checker's view of what a condition reads agrees with what evaluation reads
    assert recorder.read <= {qid for qid, _ in references(cond)}
    # three-valued evaluation never contradicts the two-valued one once it has decided
    verdict = decided(cond, answers)
    assert verdict in (True, False, None)
    if verdict is not None:
        assert verdict == result
    assert compiled(cond)(answers) is result  # the closure the engine uses says the same
