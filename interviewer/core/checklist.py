"""What to prepare before applying: the evidence each applicable clause needs, marked ready or
missing from the answers, plus the application materials (bank data, some only for some profiles)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from interviewer.core.bank import Bank
from interviewer.core.conditions import evaluate as holds
from interviewer.core.engine import values
from interviewer.core.scoring import tally
from interviewer.core.session import Session
from interviewer.core.text import Lang

State = Literal["ready", "missing", "unknown"]


@dataclass(frozen=True)
class Line:
    clause: str
    title: str
    document: str
    state: State


def build(bank: Bank, session: Session, lang: Lang) -> tuple[list[Line], list[str]]:
    """(clause evidence lines, application materials) for this session."""
    report = tally(bank, session)
    lines: list[Line] = []
    for r in report.items:
        if r.excluded:
            continue
        state: State = "unknown" if r.credit is None else "ready" if r.credit == 1 else "missing"
        for doc in r.item.evidence.get(lang):
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
            "“已备”表示回答为“有书面制度或记录”；申请前仍请逐项核对原件。",
            "'ready' means the answer said it is written down or recorded; still check each original before applying.",
        )
    )
    return "\n".join(out) + "\n"
