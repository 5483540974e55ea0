"""The report as plain data (JSON-ready), in the user's language. Every export renders this.

Every figure comes from one evaluation of the session's answers (plus the upgrade path and the
weight check, which only a report needs); nothing is read back from a file's stored figures.
Scores are carried unrounded (renderers apply `figures.score_text`) and, under `exact`, as fractions.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from interviewer.core import answers as typed
from interviewer.core import crosscheck, labels
from interviewer.core import plan as plans
from interviewer.core.bank import EFFORT_COST, Bank, WeightInfo
from interviewer.core.figures import exact_text, score_text
from interviewer.core.labels import t
from interviewer.core.robustness import Robustness, for_tally
from interviewer.core.scoring import Evaluation, ItemResult, breakdowns, credit_of, evaluate
from interviewer.core.session import Sampled, Session
from interviewer.core.text import I18n, Lang
from interviewer.core.tiers import TIER_ORDER, Tier, clamp, tier_of
from interviewer.core.upgrade import EFFORT_MEANING, Fix, upgrade_path, written_down

Notes = dict[str, list[dict[str, str]]]
PLAN_REASON = {
    "already": I18n("已经达到这个星级。", "This tier is already reached."),
    "deductions": I18n(
        "特别扣分已达5项，先整改扣分项，否则任何星级都达不到。",
        "5 or more special deductions: rectify them first; no tier can be reached otherwise.",
    ),
    "nothing_answered": I18n(
        "还没有可计分的回答，先回答条款问题。",
        "Nothing is scored yet: answer the clause questions first.",
    ),
}


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
    notes = notes_by_clause(bank, session, lang)
    after = written_down(ev)
    return {
        "bank": _bank(bank, lang),
        "session": _session(session, lang),
        **_result(ev, lang),
        **_eligibility(bank, ev, lang),
        "groups": [_part(bank.group(g.id).title.get(lang), g) for g in groups],
        "indicators": [_part(bank.indicator(i.id).title.get(lang), i) for i in indicators],
        "weakest": [_item(x, lang, notes) for x in ev.weakest],
        "unknown": [_item(x, lang, notes) for x in ev.unknown],
        "excluded": [_item(x, lang, notes) for x in ev.items if x.excluded],
        "items": [_item(x, lang, notes) for x in ev.items],
        "notes": [
            {"clause": k, "title": _clause_title(bank, k, lang), "notes": v}
            for k, v in notes.items()
        ],
        "verify_before_applying": [
            _verify(bank, q, lang)
            for q in [
                *ev.unsure,
                *(x for x in crosscheck.to_verify(bank, session) if x not in ev.unsure),
            ]
        ],
        "upgrade_path": [_fix(f, lang, notes) for f in upgrade_path(ev)],
        "effort_meaning": t(lang, *EFFORT_MEANING),
        "written_down": None if after is None else float(after),
        "plan": plan_data(bank, ev, None, lang, notes),
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


def notes_by_clause(bank: Bank, session: Session, lang: Lang) -> Notes:
    """Every note the user took, keyed by the clause its question belongs to (or by the section
    for profile, eligibility and special questions), in asking order. A "not applicable" answer's
    text is its reason, shown with the excluded clause, not here."""
    out: Notes = {}
    for q in bank.questions:
        a = session.answers.get(q.id)
        if a is None or not a.note or a.status == "na":
            continue
        item = bank.item_of(q)
        key = item.id if item else q.section
        out.setdefault(key, []).append({"question": q.id, "text": q.text.get(lang), "note": a.note})
    return out


def _clause_title(bank: Bank, key: str, lang: Lang) -> str:
    if key in labels.SECTION:
        return labels.SECTION[key].get(lang)
    return bank.item(key).title.get(lang)


def _verify(bank: Bank, qid: str, lang: Lang) -> dict[str, Any]:
    q = bank.question(qid)
    item = bank.item_of(q)
    return {
        "question": qid,
        "text": q.text.get(lang),
        "clause": item.id if item else "",
        "title": item.title.get(lang) if item else labels.SECTION[q.section].get(lang),
    }


def _item(r: ItemResult, lang: Lang, notes: Notes | None = None) -> dict[str, Any]:
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
        "notes": list((notes or {}).get(i.id, [])),
    }


def _fix(f: Fix, lang: Lang, notes: Notes) -> dict[str, Any]:
    return {
        "tier": f.tier,
        "tier_label": labels.tier(f.tier, lang),
        "clauses": [r.item.id for r in f.items],
        "steps": [_item(r, lang, notes) for r in f.items],
        "effort": f.effort,
        "reachable": f.reachable,
        "score_after": None if f.score_after is None else float(f.score_after),
        "reason": f.reason,
    }


def plan_data(
    bank: Bank, ev: Evaluation, target: Tier | None, lang: Lang, notes: Notes | None = None
) -> dict[str, Any]:
    """The action plan for `target` (default: the next tier) as rows to fill in."""
    p = plans.build(ev, target)
    rows = []
    for n, r in enumerate(p.steps, 1):
        i = r.item
        rows.append(
            {
                "order": n,
                "clause": i.id,
                "title": i.title.get(lang),
                "requirement": i.requirement.get(lang),
                "steps": list(i.fix.get(lang)),
                "evidence": list(i.evidence.get(lang)),
                "effort": EFFORT_COST[i.effort],
                "effort_label": labels.EFFORT[i.effort].get(lang),
                "points_gained": _f(r.points_lost),
                "quick_win": r.quick_win,
                "notes": [x["note"] for x in (notes or {}).get(i.id, [])],
                "owner": "",
                "due": "",
                "status": "",
            }
        )
    return {
        "current": p.current,
        "current_label": labels.tier(p.current, lang),
        "target": p.target,
        "target_label": labels.tier(p.target, lang),
        "score": float(ev.score),
        "score_after": None if p.score_after is None else float(p.score_after),
        "effort": p.effort,
        "effort_meaning": t(lang, *EFFORT_MEANING),
        "reason": p.reason,
        "reason_label": PLAN_REASON[p.reason].get(lang) if p.reason else "",
        "provisional": not ev.complete,
        "unanswered": ev.open_count,
        "rows": rows,
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


BAND_SPREAD = Fraction(1, 4)
"""How far the open clauses are assumed to stray from the answered ones' rate for the likely band:
a quarter of their points either way (a judgement, stated in the report)."""


def likely_band(ev: Evaluation) -> tuple[Fraction, Fraction, Fraction]:
    """(low, high, share of points still open): the final score if the open clauses earn what
    the answered ones earn, give or take `BAND_SPREAD`, kept inside the theoretical range. With
    nothing scored yet the band is the theoretical range itself."""
    o = ev.outlook
    open_points = sum((x.item.points for x in ev.unknown), Fraction(0))
    total = ev.applicable + open_points
    share = open_points / total if total else Fraction(1)
    if not ev.applicable:
        return o.low, o.high, share

    def final(rate: Fraction) -> Fraction:
        rate = max(Fraction(0), min(Fraction(1), rate))
        s = clamp((ev.earned + rate * open_points) / total * 100 - ev.deductions + ev.bonus)
        return max(o.low, min(o.high, s))

    return final(ev.ratio - BAND_SPREAD), final(ev.ratio + BAND_SPREAD), share


def triage_summary(bank: Bank, session: Session, ev: Evaluation, lang: Lang) -> dict[str, Any]:
    """The consultant's one page after a first call: the provisional score and the likely band
    (with what it rests on), the five largest gaps, next steps, the theoretical range apart, and
    what the full interview would add."""
    open_points = sum((x.item.points for x in ev.unknown), Fraction(0))
    low, high, share = likely_band(ev)
    scored = sum(1 for x in ev.items if x.credit is not None)
    pct = round(float(share) * 100)
    spread = round(float(BAND_SPREAD) * 100)
    if ev.applicable:
        basis = t(
            lang,
            f"依据：已回答的 {scored} 个条款（暂定得分 {score_text(ev.score)}）；还有约 {pct}% 的分值未知，"
            f"假设未知条款的得分率与已答条款相差不超过 {spread} 个百分点。",
            f"Rests on: the {scored} clauses answered (provisional score {score_text(ev.score)}); "
            f"about {pct}% of the points are still unknown, assumed to score within {spread} "
            "percentage points of the answered ones.",
        )
    else:
        basis = t(
            lang,
            "还没有可计分的回答，还不能估计；下面只有理论范围。",
            "Nothing is scored yet, so no estimate is possible; only the theoretical range is shown.",
        )
    # the band is an interval of scores: every tier between its ends is in it (84 – 100 spans 四星)
    first, last = (TIER_ORDER.index(tier_of(x, ev.deductions)) for x in (low, high))
    band_tiers = TIER_ORDER[first : last + 1]
    return {
        "score": float(ev.score),
        "estimable": bool(ev.applicable),
        "band": {
            "min": float(low),
            "max": float(high),
            "tiers": [labels.tier(x, lang) for x in band_tiers],
            "basis": basis,
            "open_share": float(share),
        },
        "range": {
            "min": float(ev.outlook.low),
            "max": float(ev.outlook.high),
            "tiers": [labels.tier(x, lang) for x in ev.outlook.tiers],
        },
        "top_gaps": [_item(x, lang) for x in ev.weakest[:5]],
        "next_steps": _next_steps(bank, ev, ev.open_count, lang),
        "full_interview_adds": {
            "questions": ev.open_count,
            "clauses": len(ev.unknown),
            "points": _f(open_points),
        },
    }


def _next_steps(bank: Bank, ev: Evaluation, not_asked: int, lang: Lang) -> list[str]:
    quick = [f"{x.item.id} {x.item.title.get(lang)}" for x in ev.weakest if x.quick_win]
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
                f"快速见效：{'、'.join(quick[:5])} 已经在做，只差书面制度或记录。",
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
            f"做一次完整访谈（还有 {not_asked} 个问题未答），把范围收窄成一个分数。",
            f"Run the full interview ({not_asked} questions still open) to narrow the range to one score.",
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
