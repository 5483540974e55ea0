"""What to prepare before applying: the evidence each applicable clause needs, marked ready or
missing from the answers, plus the application materials (bank data, some only for some profiles)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import pairwise
from typing import Literal

from interviewer.core.bank import Bank
from interviewer.core.conditions import evaluate as holds
from interviewer.core.engine import values
from interviewer.core.scoring import ItemResult, credit_of, tally
from interviewer.core.session import Session
from interviewer.core.text import Lang

State = Literal["ready", "missing", "unknown"]


@dataclass(frozen=True)
class Line:
    clause: str
    title: str
    document: str
    state: State


MATCH_MIN = 3
"""Shared character pairs a document and a sub-question need before the document is judged by
that sub-question's answer."""


def _pairs(text: str) -> set[str]:
    chars = [c for c in text if c.isalnum()]
    return {a + b for a, b in pairwise(chars)}


def _state(credit: Fraction | None) -> State:
    return "unknown" if credit is None else "ready" if credit == 1 else "missing"


def evidence_states(
    bank: Bank, session: Session, r: ItemResult, asked: frozenset[str]
) -> list[State]:
    """One state per evidence document of the clause. A document that a sub-question asks about
    (matched on the Chinese texts, so both languages agree) takes that sub-question's answer: what
    the user said exists is ready even when the clause as a whole is not met. Any other document
    takes the clause's state."""
    questions = [bank.question(q) for q in r.item.question_ids if q in asked]
    states: list[State] = []
    for doc in r.item.evidence.zh:
        want = _pairs(doc)
        best, hits = None, 0
        for q in questions:
            n = len(want & _pairs(q.text.zh))
            if n > hits:
                best, hits = q, n
        if best is None or hits < MATCH_MIN:
            states.append(_state(r.credit))
            continue
        a = session.answers.get(best.id)
        states.append(_state(credit_of(best, a) if a is not None else None))
    return states


def build(bank: Bank, session: Session, lang: Lang) -> tuple[list[Line], list[str]]:
    """(clause evidence lines, application materials) for this session."""
    report = tally(bank, session)
    asked = frozenset(q.id for q in report.asked) | report.active
    lines: list[Line] = []
    for r in report.items:
        if r.excluded:
            continue
        states = evidence_states(bank, session, r, asked)
        for doc, state in zip(r.item.evidence.get(lang), states, strict=False):
            lines.append(Line(r.item.id, r.item.title.get(lang), doc, state))
    active = report.active
    known = {k: v for k, v in values(session).items() if k in active}
    materials = [m.text.get(lang) for m in bank.materials if m.when is None or holds(m.when, known)]
    return lines, materials


def render(bank: Bank, session: Session, lang: Lang) -> str:
    from interviewer.core.labels import t

    lines, materials = build(bank, session, lang)
    mark = {
        "ready": t(lang, "[已备]", "[ready]  "),
        "missing": t(lang, "[缺少]", "[missing]"),
        "unknown": t(lang, "[待查]", "[check]  "),
    }
    name = session.display_name or session.company or session.id[:8]
    out = [f"# {t(lang, '认证申请准备清单', 'Audit preparation checklist')}: {name}", ""]
    counts = {s: sum(1 for x in lines if x.state == s) for s in ("ready", "missing", "unknown")}
    out.append(
        t(
            lang,
            f"已备 {counts['ready']} 项，缺少 {counts['missing']} 项，待查 {counts['unknown']} 项。",
            f"{counts['ready']} ready, {counts['missing']} missing, {counts['unknown']} to check.",
        )
    )
    out += ["", f"## {t(lang, '申请材料', 'Application materials')}", ""]
    out += [f"- [ ] {m}" for m in materials]
    out += ["", f"## {t(lang, '各条款的证据', 'Evidence per clause')}", ""]
    current = None
    for line in sorted(
        lines, key=lambda x: ({"missing": 0, "unknown": 1, "ready": 2}[x.state], x.clause)
    ):
        if line.clause != current:
            current = line.clause
            out.append(f"### {line.clause} {line.title}")
        box = "x" if line.state == "ready" else " "
        out.append(f"- [{box}] {mark[line.state]} {line.document}")
    out.append("")
    out.append(
        t(
            lang,
            "“已备”表示对应的小问题回答为“有书面制度或记录”；申请前仍请逐项核对原件。",
            "'ready' means the answer to its sub-question said it is written down or recorded; still check each original before applying.",
        )
    )
    return "\n".join(out) + "\n"
