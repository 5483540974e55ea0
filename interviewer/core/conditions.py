"""Branching conditions as data: a small allow-listed operator tree, checked at load, never `eval`ed.

A condition is a one-key mapping: `{all: [...]}`, `{any: [...]}`, `{not: c}`, `{answered: qid}`,
or a comparison `{eq|ne|lt|le|gt|ge: [qid, literal]}` / `{in: [qid, [literal, ...]]}`.
Comparing with an unanswered question is false; a type mismatch is false, not a crash.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Mapping
from typing import Any

MAX_DEPTH = 16

Condition = Mapping[str, Any]

_CMP: dict[str, Callable[[Any, Any], Any]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
    "in": lambda a, b: a in b,
}
OPERATORS = ("all", "any", "not", "answered", *_CMP)
_LITERAL = (str, int, float, bool)


def check(cond: Any, path: str = "when", depth: int = 0) -> list[tuple[str, str]]:
    """Return every structural problem as (path, message). Question ids are checked by the caller."""
    if depth > MAX_DEPTH:
        return [(path, f"condition nested deeper than {MAX_DEPTH} levels")]
    if not isinstance(cond, Mapping) or len(cond) != 1:
        return [
            (path, 'expected a mapping with exactly one operator, e.g. {eq: [p.delivery, "yes"]}')
        ]
    ((op, arg),) = cond.items()
    here = f"{path}.{op}"
    if op in ("all", "any"):
        if not isinstance(arg, list) or not arg:
            return [(here, "expected a non-empty list of conditions")]
        problems: list[tuple[str, str]] = []
        for i, sub in enumerate(arg):
            problems += check(sub, f"{here}[{i}]", depth + 1)
        return problems
    if op == "not":
        return check(arg, here, depth + 1)
    if op == "answered":
        return [] if isinstance(arg, str) else [(here, "expected a question id")]
    if op in _CMP:
        if not (isinstance(arg, list) and len(arg) == 2 and isinstance(arg[0], str)):
            return [(here, "expected [question_id, value]")]
        literal = arg[1]
        if op == "in":
            # an empty list could never match, and would hide the question id from the checks
            ok = (
                isinstance(literal, list)
                and bool(literal)
                and all(isinstance(v, _LITERAL) for v in literal)
            )
            return [] if ok else [(here, "expected [question_id, [value, ...]]")]
        if not isinstance(literal, _LITERAL):
            return [(here, "the value must be text, a number or true/false")]
        return []
    allowed = ", ".join(OPERATORS)
    return [(path, f"unknown operator {str(op)[:40]!r} (allowed: {allowed})")]


def references(cond: Condition) -> Iterator[tuple[str, Any]]:
    """Yield (question_id, compared literal or None) for every question the condition reads."""
    ((op, arg),) = cond.items()
    if op in ("all", "any"):
        for sub in arg:
            yield from references(sub)
    elif op == "not":
        yield from references(arg)
    elif op == "answered":
        yield arg, None
    elif op == "in":
        for literal in arg[1]:
            yield arg[0], literal
    else:
        yield arg[0], arg[1]


def evaluate(cond: Condition, answers: Mapping[str, Any]) -> bool:
    """Evaluate a checked condition against answer values (question id → value; absent = unanswered)."""
    ((op, arg),) = cond.items()
    if op == "all":
        return all(evaluate(sub, answers) for sub in arg)
    if op == "any":
        return any(evaluate(sub, answers) for sub in arg)
    if op == "not":
        return not evaluate(arg, answers)
    if op == "answered":
        return answers.get(arg) is not None
    qid, literal = arg
    value = answers.get(qid)
    if value is None:
        return False
    try:
        return bool(_CMP[op](value, literal))
    except TypeError:
        return False


def decided(cond: Condition, answers: Mapping[str, Any]) -> bool | None:
    """Three-valued evaluation: True/False when the answers settle it, None while it can still go
    either way. The score range uses this to know which items might still drop out."""
    ((op, arg),) = cond.items()
    if op in ("all", "any"):
        results = [decided(sub, answers) for sub in arg]
        stop = op == "any"  # any: one True settles it; all: one False settles it
        if stop in results:
            return stop
        return None if None in results else not stop
    if op == "not":
        inner = decided(arg, answers)
        return None if inner is None else not inner
    qid = arg if op == "answered" else arg[0]
    if answers.get(qid) is None:
        return None
    return evaluate(cond, answers)


Compiled = Callable[[Mapping[str, Any]], bool]


def compiled(cond: Condition) -> Compiled:
    """The same verdicts as `evaluate`, as a closure built once per bank: visibility is worked
    out after every answer and for every session of a class, so the tree is not re-read each time."""
    ((op, arg),) = cond.items()
    if op in ("all", "any"):
        parts = tuple(compiled(sub) for sub in arg)
        if op == "all":
            return lambda answers: all(p(answers) for p in parts)
        return lambda answers: any(p(answers) for p in parts)
    if op == "not":
        inner = compiled(arg)
        return lambda answers: not inner(answers)
    if op == "answered":
        return lambda answers: answers.get(arg) is not None
    qid, literal = arg
    compare = _CMP[op]

    def test(answers: Mapping[str, Any]) -> bool:
        value = answers.get(qid)
        if value is None:
            return False
        try:
            return bool(compare(value, literal))
        except TypeError:
            return False

    return test
