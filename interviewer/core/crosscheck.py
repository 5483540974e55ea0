"""Eligibility and clause questions that ask the same thing, and the answer pairs that contradict.

The eligibility gate asks "do you have a trained 售后服务管理师?" and "dedicated staff and budget?";
clauses 5.1.2.2, 5.1.3.1 and 5.1.1.1 ask it again in detail. An owner who says yes at the gate and
"none" at the clause has told us two things, and a certifier will believe the worse one: the
conversation points it out at the answer that contradicts, and the report lists both questions
to verify. (The bank format has no place for such pairs, so they live here, by question id; a
test checks every id and value against the bundled bank.)"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from interviewer.core.bank import Bank
from interviewer.core.session import Session
from interviewer.core.text import Lang


@dataclass(frozen=True)
class SameQuestion:
    """Two questions that say the same thing; `clashes` holds the (first, second) answer values
    that cannot both be true."""

    first: str
    second: str
    clashes: frozenset[tuple[Any, Any]]


PAIRS: tuple[SameQuestion, ...] = (
    SameQuestion(
        "e.trained_manager",
        "5.1.2.2-a",
        frozenset({("yes", "none"), ("no", "reaches_10pct"), ("no", "below_10pct")}),
    ),
    SameQuestion("e.staff_funding", "5.1.3.1-a", frozenset({("yes", "no"), ("no", "documented")})),
    SameQuestion("e.staff_funding", "5.1.1.1-a", frozenset({("yes", "no"), ("no", "documented")})),
)


def contradicted(answered: Mapping[str, Any], qid: str | None = None) -> list[tuple[str, str]]:
    """(earlier, later) question ids whose answers contradict, among `answered` (question id ->
    value of the active answers); only the pairs `qid` is part of when given."""
    out = []
    for pair in PAIRS:
        if qid is not None and qid not in (pair.first, pair.second):
            continue
        both = pair.first in answered and pair.second in answered
        if both and (answered[pair.first], answered[pair.second]) in pair.clashes:
            out.append((pair.first, pair.second))
    return out


def warning(bank: Bank, qid: str, other: str, answered: Mapping[str, Any], lang: Lang) -> str:
    """What the conversation says at the answer to `qid` that contradicts the one to `other`."""
    from interviewer.core.answers import describe

    q = bank.question(other)
    item = bank.item_of(q)
    where = f"{item.id} {item.title.get(lang)}" if item else q.text.get(lang)
    said = describe(q, answered[other], lang)
    if lang == "en":
        return (
            f"⚠ This does not agree with your answer to “{where}”: “{said}”. A certifier will "
            f"believe the worse of the two. Check which is right; /jump {item.id if item else other} "
            "goes back to change the other one."
        )
    return (
        f"⚠ 这个回答和前面“{where}”的回答（“{said}”）对不上，审核员会按差的那个算。"
        f"请核对哪个对；要改另一个，用 /jump {item.id if item else other} 回去修改。"
    )


def active_values(bank: Bank, session: Session) -> dict[str, Any]:
    """The values of the answered questions whose answers count (hidden branches do not)."""
    from interviewer.core import engine

    active = engine.active_ids(bank, session)
    return {k: v for k, v in engine.values(session).items() if k in active}


def warnings(bank: Bank, session: Session, qid: str) -> list[str]:
    """The contradictions the answer to `qid` makes, in the session's language."""
    answered = active_values(bank, session)
    return [
        warning(bank, qid, b if a == qid else a, answered, session.language)
        for a, b in contradicted(answered, qid)
    ]


def to_verify(bank: Bank, session: Session) -> list[str]:
    """Every question in a contradicting pair, in asking order (for the report's verify list)."""
    ids = {qid for pair in contradicted(active_values(bank, session)) for qid in pair}
    return [q.id for q in bank.questions if q.id in ids]
