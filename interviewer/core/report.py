"""The report as plain data (JSON-ready), in the user's language. Every export renders this.

Every figure comes from one evaluation of the session's answers (plus the upgrade path and the
weight check, which only a report needs); nothing is read back from a file's stored figures.
Scores are carried unrounded (renderers apply `figures.score_text`) and, under `exact`, as fractions.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from interviewer.core import answers as typed
from interviewer.core import labels
from interviewer.core.bank import Bank, WeightInfo
from interviewer.core.figures import exact_text, score_text
from interviewer.core.labels import t
from interviewer.core.robustness import Robustness, for_tally
from interviewer.core.scoring import Evaluation, ItemResult, breakdowns, credit_of, evaluate
from interviewer.core.session import Sampled, Session
from interviewer.core.text import I18n, Lang
from interviewer.core.upgrade import Fix, upgrade_path


def _f(x: Fraction, digits: int = 3) -> float:
    """Points (not scores) for display tables: a few decimals are plenty."""
    return round(float(x), digits)


def build(
    bank: Bank, session: Session, lang: Lang | None = None, ev: Evaluation | None = None
) -> dict[str, Any]:
    """The whole report. `ev` is the session's evaluation when the caller already has it."""
    lang = lang or session.language
    ev = ev or evaluate(bank, session)
    rob = for_tally(ev)
    groups, indicators = breakdowns(bank, ev)
    return {
        "bank": _bank(bank, lang),
        "session": _session(session, lang),
        **_result(ev, lang),
        **_eligibility(bank, ev, lang),
        "groups": [_part(bank.group(g.id).title.get(lang), g) for g in groups],
        "indicators": [_part(bank.indicator(i.id).title.get(lang), i) for i in indicators],
        "weakest": [_item(x, lang) for x in ev.weakest],
        "unknown": [_item(x, lang) for x in ev.unknown],
        "excluded": [_item(x, lang) for x in ev.items if x.excluded],
        "items": [_item(x, lang) for x in ev.items],
        "verify_before_applying": [
            {"question": q, "text": bank.question(q).text.get(lang)} for q in ev.unsure
        ],
        "upgrade_path": [_fix(f, lang) for f in upgrade_path(ev)],
        "formula": formula(ev, lang),
        "weights": _weights(bank.weights, bank.weighting_note, lang),
        "weight_robustness": _robustness(rob, lang),
        "star_note": labels.STAR_NOTE.get(lang),
        "orphaned_answers": sorted(session.orphaned),
        "answers": answer_rows(bank, session, ev, lang),
        "triage": triage_summary(bank, session, ev, lang) if session.mode == "triage" else None,
    }


def formula(ev: Evaluation, lang: Lang) -> str:
    """The standard's formula with this session's numbers in it."""
    text = t(
        lang,
        "得分 = 实得分 ÷ 涉及项分值 × 100 − 特别扣分 + 特别加分",
        "score = earned ÷ applicable × 100 − special deductions + bonus",
    )
    if ev.applicable == 0:
        return f"{text} " + t(lang, "（还没有可计分的条款）", "(nothing scored yet)")
    nums = f"= {_f(ev.earned, 2)} ÷ {_f(ev.applicable, 2)} × 100 − {ev.deductions} + {ev.bonus}"
    base = score_text(ev.ratio * 100)
    return f"{text} {nums} = {base} − {ev.deductions} + {ev.bonus} = {score_text(ev.score)}"


def _bank(bank: Bank, lang: Lang) -> dict[str, Any]:
    return {
        "id": bank.id,
        "version": bank.version,
        "sha256": bank.sha256,
        "title": bank.title.get(lang),
    }


def _session(s: Session, lang: Lang) -> dict[str, Any]:
    return {
        "id": s.id,
        "display_name": s.display_name,
        "company": s.company,
        "respondent": s.respondent,
        "mode": s.mode,
        "language": lang,
        "created_at": s.created_at,
        "updated_at": s.updated_at,
        "revision": s.revision,
    }


def _result(ev: Evaluation, lang: Lang) -> dict[str, Any]:
    o = ev.outlook
    return {
        "score": float(ev.score),
        "tier": ev.tier,
        "tier_label": labels.tier(ev.tier, lang),
        "complete": ev.complete,
        "range": {
            "min": float(o.low),
            "max": float(o.high),
            "tiers": list(o.tiers),
            "tier_labels": [labels.tier(x, lang) for x in o.tiers],
        },
        "range_is_exact": o.exact,
        "earned": _f(ev.earned),
        "applicable": _f(ev.applicable),
        "exact": {
            "score": exact_text(ev.score),
            "range_min": exact_text(o.low),
            "range_max": exact_text(o.high),
            "earned": exact_text(ev.earned),
            "applicable": exact_text(ev.applicable),
        },
        "special_deductions": ev.deductions,
        "deduction_warning": labels.DEDUCTION_WARNING.get(lang) if ev.deductions == 4 else "",
        "bonus": ev.bonus,
        "answered": ev.answered,
        "unanswered": ev.open_count,
    }


def _eligibility(bank: Bank, ev: Evaluation, lang: Lang) -> dict[str, Any]:
    return {
        "special_deductions_open": [bank.question(q).kind for q in ev.deductions_open],
        "eligible": ev.eligible,
        "eligibility_issues": [
            issue.get(lang)
            for q in ev.eligibility_failed
            if (issue := bank.question(q).issue) is not None
        ],
        "eligibility_open": [bank.question(q).text.get(lang) for q in ev.eligibility_open],
    }


def _part(title: str, b: Any) -> dict[str, Any]:
    return {
        "id": b.id,
        "title": title,
        "earned": _f(b.earned),
        "applicable": _f(b.applicable),
        "max": _f(b.max),
        "excluded": _f(b.excluded),
        "open": _f(b.open),
    }


def _item(r: ItemResult, lang: Lang) -> dict[str, Any]:
    i = r.item
    return {
        "clause": i.id,
        "indicator": i.indicator,
        "group": i.group,
        "title": i.title.get(lang),
        "requirement": i.requirement.get(lang),
        "status": r.status,
        "status_label": labels.STATUS[r.status].get(lang),
        "credit": None if r.credit is None else _f(r.credit),
        "points": _f(i.points),
        "points_lost": _f(r.points_lost),
        "effort": i.effort,
        "effort_label": labels.EFFORT[i.effort].get(lang),
        "fix": list(i.fix.get(lang)),
        "evidence": list(i.evidence.get(lang)),
        "why": i.why.get(lang) if i.why else "",
        "provenance": i.provenance,
        "quick_win": r.quick_win,
        "unsure": r.unsure,
        "pending": r.pending,
        "excluded_reason": r.why_excluded(lang),
    }


def _fix(f: Fix, lang: Lang) -> dict[str, Any]:
    return {
        "tier": f.tier,
        "tier_label": labels.tier(f.tier, lang),
        "clauses": [r.item.id for r in f.items],
        "steps": [_item(r, lang) for r in f.items],
        "effort": f.effort,
        "reachable": f.reachable,
        "score_after": None if f.score_after is None else float(f.score_after),
        "reason": f.reason,
    }


def _weights(weights: WeightInfo | None, note: I18n, lang: Lang) -> dict[str, Any]:
    if weights is None:
        return {"estimated": True, "note": note.get(lang), "profile": None}
    return {
        "estimated": False,
        "note": t(
            lang,
            f"权重来自权重文件：{weights.name.get(lang)}",
            f"Weights from profile: {weights.name.get(lang)}",
        ),
        "profile": weights.path,
    }


def _robustness(rob: Robustness, lang: Lang) -> dict[str, Any]:
    return {
        "verdict": rob.verdict,
        "label": labels.ROBUSTNESS[rob.verdict].get(lang),
        "tiers_seen": list(rob.tiers_seen),
        "tier_labels": [labels.tier(x, lang) for x in rob.tiers_seen],
        "method": rob.method,
        "score_low": float(rob.low),
        "score_high": float(rob.high),
    }


def triage_summary(bank: Bank, session: Session, ev: Evaluation, lang: Lang) -> dict[str, Any]:
    """The consultant's one page after a first call: likely range, five largest gaps, next steps,
    and what the full interview would add."""
    open_points = sum((x.item.points for x in ev.unknown), Fraction(0))
    return {
        "range": {
            "min": float(ev.outlook.low),
            "max": float(ev.outlook.high),
            "tiers": [labels.tier(x, lang) for x in ev.outlook.tiers],
        },
        "top_gaps": [_item(x, lang) for x in ev.weakest[:5]],
        "next_steps": _next_steps(ev, ev.open_count, lang),
        "full_interview_adds": {
            "questions": ev.open_count,
            "clauses": len(ev.unknown),
            "points": _f(open_points),
        },
    }


def _next_steps(ev: Evaluation, not_asked: int, lang: Lang) -> list[str]:
    quick = [x.item.id for x in ev.weakest if x.quick_win]
    steps = []
    if ev.eligibility_failed:
        steps.append(
            t(
                lang,
                "先解决申请资格问题（见“申请资格”），否则认证机构不会受理。",
                "Fix the eligibility problems first; a certifier will not accept the application otherwise.",
            )
        )
    if quick:
        steps.append(
            t(
                lang,
                f"快速见效：{', '.join(quick[:5])} 已经在做，只差书面制度或记录。",
                f"Quick wins: {', '.join(quick[:5])} are already practised and only need writing down.",
            )
        )
    if ev.weakest:
        steps.append(
            t(
                lang,
                "按下面的差距清单整改，优先做失分最多、工作量最小的条款。",
                "Work through the gaps below, most points lost and least effort first.",
            )
        )
    steps.append(
        t(
            lang,
            f"做一次完整访谈（至少还有 {not_asked} 个问题），把范围收窄成一个分数。",
            f"Run the full interview (at least {not_asked} more questions) to narrow the range to one score.",
        )
    )
    if ev.unsure:
        steps.append(t(lang, "核实标记为“不确定”的回答。", "Verify the answers flagged as unsure."))
    return steps


def answer_rows(bank: Bank, session: Session, ev: Evaluation, lang: Lang) -> list[dict[str, Any]]:
    """Every answer in asking order, with the credit and points it carries."""
    rows = []
    for q in bank.questions:
        a = session.answers.get(q.id)
        if a is None:
            continue
        item = bank.item_of(q)
        scored = q.section in ("item", "eligibility") or q.effect == "bonus"
        credit = credit_of(q, a) if scored else None
        shown = {
            "answered": typed.describe(q, a.value, lang),
            "skipped": t(lang, "不知道（跳过）", "don't know (skipped)"),
            "na": t(lang, "不适用", "not applicable"),
        }[a.status]
        rows.append(
            {
                "question": q.id,
                "section": q.section,
                "clause": item.id if item else "",
                "text": q.text.get(lang),
                "answer": shown,
                "value": f"{a.value.n}/{a.value.m}" if isinstance(a.value, Sampled) else a.value,
                "status": a.status,
                "note": a.note,
                "unsure": a.unsure,
                "active": q.id in ev.active,
                "credit": None if credit is None else _f(credit),
                "points": _f(item.points) if item else None,
                "at": a.at,
            }
        )
    return rows
