"""The report as plain data (JSON-ready), in the user's language. Every export renders this."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from interviewer.core import answers as typed
from interviewer.core import labels
from interviewer.core.bank import Bank
from interviewer.core.engine import active_ids
from interviewer.core.figures import exact_text, score_text
from interviewer.core.labels import t
from interviewer.core.scoring import ItemResult, Report, as_float, credit_of, evaluate
from interviewer.core.session import Sampled, Session
from interviewer.core.text import Lang


def _f(x: Fraction, digits: int = 2) -> float:
    return as_float(x, digits)


def formula(report: Report, lang: Lang) -> str:
    """The standard's formula with this session's numbers in it."""
    earned, applicable = _f(report.earned), _f(report.applicable)
    base = score_text(report.ratio * 100)
    text = t(
        lang,
        "得分 = 实得分 ÷ 涉及项分值 × 100 − 特别扣分 + 特别加分",
        "score = earned ÷ applicable × 100 − special deductions + bonus",
    )
    nums = f"= {earned} ÷ {applicable} × 100 − {report.deductions} + {report.bonus}"
    if report.applicable == 0:
        nums = t(lang, "（还没有可计分的条款）", "(nothing scored yet)")
        return f"{text} {nums}"
    return f"{text} {nums} = {base} − {report.deductions} + {report.bonus} = {score_text(report.score)}"


def _item(bank: Bank, r: ItemResult, lang: Lang) -> dict[str, Any]:
    i = r.item
    return {
        "clause": i.id,
        "indicator": i.indicator,
        "group": i.group,
        "title": i.title.get(lang),
        "requirement": i.requirement.get(lang),
        "status": r.status,
        "status_label": labels.STATUS[r.status].get(lang),
        "credit": None if r.credit is None else _f(r.credit, 3),
        "points": _f(i.points, 3),
        "points_lost": _f(r.points_lost, 3),
        "effort": i.effort,
        "effort_label": labels.EFFORT[i.effort].get(lang),
        "fix": list(i.fix.get(lang)),
        "evidence": list(i.evidence.get(lang)),
        "why": i.why.get(lang) if i.why else "",
        "provenance": i.provenance,
        "quick_win": r.quick_win,
        "unsure": r.unsure,
        "pending": r.pending,
        "excluded_reason": _exclusion_reason(r, lang),
    }


def _exclusion_reason(r: ItemResult, lang: Lang) -> str:
    """The bank's own reason in the report's language; a reason the user typed, as typed."""
    if not r.excluded:
        return ""
    reason = r.item.exclude_reason
    if reason is not None and r.exclusion_reason == reason.zh:
        return reason.get(lang)
    return r.exclusion_reason


def build(bank: Bank, session: Session, lang: Lang | None = None) -> dict[str, Any]:
    lang = lang or session.language
    r = evaluate(bank, session, robustness=True)
    title = {g.id: g.title.get(lang) for g in bank.groups}
    ind_title = {i.id: i.title.get(lang) for i in bank.indicators}
    weights_note = (
        t(
            lang,
            f"权重来自权重文件：{bank.weights.name.get(lang)}",
            f"Weights from profile: {bank.weights.name.get(lang)}",
        )
        if bank.weights
        else bank.weighting_note.get(lang)
    )
    rob = r.robustness
    ded_questions = {q.id: q for q in bank.questions if q.effect == "deduction"}
    return {
        "bank": {
            "id": bank.id,
            "version": bank.version,
            "sha256": bank.sha256,
            "title": bank.title.get(lang),
        },
        "session": {
            "id": session.id,
            "display_name": session.display_name,
            "company": session.company,
            "respondent": session.respondent,
            "mode": session.mode,
            "language": lang,
            "created_at": session.created_at,
            "updated_at": session.updated_at,
            "revision": session.revision,
        },
        "score": float(r.score),
        "tier": r.tier,
        "tier_label": labels.tier(r.tier, lang),
        "complete": r.complete,
        "range": {
            "min": float(r.range_min),
            "max": float(r.range_max),
            "tiers": list(r.range_tiers),
            "tier_labels": [labels.tier(x, lang) for x in r.range_tiers],
        },
        "earned": _f(r.earned, 3),
        "applicable": _f(r.applicable, 3),
        "exact": {
            "score": exact_text(r.score),
            "range_min": exact_text(r.range_min),
            "range_max": exact_text(r.range_max),
            "earned": exact_text(r.earned),
            "applicable": exact_text(r.applicable),
        },
        "special_deductions": r.deductions,
        "special_deductions_open": [
            ded_questions[q].kind for q in r.deductions_open if q in ded_questions
        ],
        "deduction_warning": labels.DEDUCTION_WARNING.get(lang) if r.deductions == 4 else "",
        "bonus": r.bonus,
        "eligible": r.eligible,
        "eligibility_issues": [
            issue.get(lang)
            for q in r.eligibility_failed
            if (issue := bank.question(q).issue) is not None
        ],
        "eligibility_open": [bank.question(q).text.get(lang) for q in r.eligibility_open],
        "groups": [
            {
                "id": g.id,
                "title": title[g.id],
                "earned": _f(g.earned, 3),
                "applicable": _f(g.applicable, 3),
                "max": _f(g.max, 3),
                "excluded": _f(g.excluded, 3),
                "open": _f(g.open, 3),
            }
            for g in r.groups
        ],
        "indicators": [
            {
                "id": i.id,
                "title": ind_title[i.id],
                "earned": _f(i.earned, 3),
                "applicable": _f(i.applicable, 3),
                "max": _f(i.max, 3),
                "excluded": _f(i.excluded, 3),
                "open": _f(i.open, 3),
            }
            for i in r.indicators
        ],
        "weakest": [_item(bank, x, lang) for x in r.weakest],
        "unknown": [_item(bank, x, lang) for x in r.unknown],
        "excluded": [_item(bank, x, lang) for x in r.items if x.excluded],
        "items": [_item(bank, x, lang) for x in r.items],
        "verify_before_applying": [
            {"question": q, "text": bank.question(q).text.get(lang)} for q in r.unsure
        ],
        "upgrade_path": [
            {
                "tier": f.tier,
                "tier_label": labels.tier(f.tier, lang),
                "clauses": list(f.items),
                "effort": f.effort,
                "reachable": f.reachable,
                "score_after": None if f.score_after is None else float(f.score_after),
                "reason": f.reason,
            }
            for f in r.upgrade
        ],
        "answered": r.answered,
        "unanswered": r.unanswered,
        "formula": formula(r, lang),
        "weights": {
            "estimated": bank.weights is None,
            "note": weights_note,
            "profile": bank.weights.path if bank.weights else None,
        },
        "weight_robustness": None
        if rob is None
        else {
            "verdict": rob.verdict,
            "label": labels.ROBUSTNESS[rob.verdict].get(lang),
            "tiers_seen": list(rob.tiers_seen),
            "method": rob.method,
            "score_low": float(rob.low),
            "score_high": float(rob.high),
        },
        "star_note": labels.STAR_NOTE.get(lang),
        "orphaned_answers": sorted(session.orphaned),
        "answers": answer_rows(bank, session, lang),
        "triage": triage_summary(bank, session, r, lang) if session.mode == "triage" else None,
    }


def triage_summary(bank: Bank, session: Session, r: Report, lang: Lang) -> dict[str, Any]:
    """The consultant's one page after a first call: likely range, five largest gaps, next steps,
    and what the full interview would add."""
    from interviewer.core.engine import visible

    asked = {q.id for q in visible(bank, session, "triage")}
    full = visible(bank, session, "full")
    not_asked = [q for q in full if q.id not in asked and q.id not in session.answers]
    open_points = sum((x.item.points for x in r.unknown), Fraction(0))
    quick = [x.item.id for x in r.weakest if x.quick_win]
    steps = []
    if r.eligibility_failed:
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
    if r.weakest:
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
            f"做一次完整访谈（至少还有 {len(not_asked)} 个问题），把范围收窄成一个分数。",
            f"Run the full interview (at least {len(not_asked)} more questions) to narrow the range to one score.",
        )
    )
    if r.unsure:
        steps.append(t(lang, "核实标记为“不确定”的回答。", "Verify the answers flagged as unsure."))
    return {
        "range": {
            "min": float(r.range_min),
            "max": float(r.range_max),
            "tiers": [labels.tier(x, lang) for x in r.range_tiers],
        },
        "top_gaps": [_item(bank, x, lang) for x in r.weakest[:5]],
        "next_steps": steps,
        "full_interview_adds": {
            "questions": len(not_asked),
            "clauses": len(r.unknown),
            "points": _f(open_points),
        },
    }


def answer_rows(bank: Bank, session: Session, lang: Lang) -> list[dict[str, Any]]:
    """Every answer in asking order, with the credit and points it carries."""
    active = active_ids(bank, session)
    rows = []
    for q in bank.questions:
        a = session.answers.get(q.id)
        if a is None:
            continue
        item = bank.item_of(q)
        credit = (
            credit_of(q, a) if q.section in ("item", "eligibility") or q.effect == "bonus" else None
        )
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
                "active": q.id in active,
                "credit": None if credit is None else _f(credit, 3),
                "points": _f(item.points, 3) if item else None,
                "at": a.at,
            }
        )
    return rows
