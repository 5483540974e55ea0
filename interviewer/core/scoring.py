"""Scoring the way GB/T 27922-2011 §6 scores (facts file §3):

    score = earned ÷ applicable × 100 − special deductions + bonus (at most 1), clamped to 0..100

An item not met, or met only informally, earns nothing; a sampled item earns n/m; an excluded item
leaves the denominator. Tiers are inclusive lower bounds; 5 or more special deductions fail.
All arithmetic is exact (fractions): a score of exactly 80 is 三星, never 79.99999.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any, Literal

from interviewer.core.bank import EFFORT_COST, Bank, Item, Question
from interviewer.core.conditions import decided
from interviewer.core.engine import active_ids, values
from interviewer.core.robustness import Robustness
from interviewer.core.robustness import weight_robustness as exact_weight_robustness
from interviewer.core.session import Answer, Sampled, Session

Tier = Literal["fail", "compliant", "three_star", "four_star", "five_star"]
TIERS: tuple[tuple[Tier, int], ...] = (
    ("five_star", 95),
    ("four_star", 90),
    ("three_star", 80),
    ("compliant", 70),
)
TIER_ORDER: tuple[Tier, ...] = ("fail", "compliant", "three_star", "four_star", "five_star")
FAIL_DEDUCTIONS = 5
ZERO, ONE = Fraction(0), Fraction(1)


def tier_of(score: Fraction, deductions: int) -> Tier:
    if deductions >= FAIL_DEDUCTIONS:
        return "fail"
    for name, floor in TIERS:
        if score >= floor:
            return name
    return "fail"


def threshold(tier: Tier) -> int:
    return dict(TIERS).get(tier, 0)


@dataclass(frozen=True)
class ItemResult:
    item: Item
    status: Literal["met", "partial", "not_met", "open", "excluded"]
    credit: Fraction | None
    """Provisional credit from the answers given (None: nothing answered yet)."""
    lo: Fraction
    hi: Fraction
    """Lowest and highest credit any completion can still give."""
    excluded: bool
    maybe_excluded: bool
    exclusion_reason: str
    pending: bool
    """Some of its questions are still unanswered (or skipped)."""
    unsure: bool
    quick_win: bool
    """Answered "we do it but nothing is written down": cheap to fix."""

    @property
    def points_lost(self) -> Fraction:
        if self.excluded or self.credit is None:
            return ZERO
        return (ONE - self.credit) * self.item.points


@dataclass(frozen=True)
class Breakdown:
    id: str
    earned: Fraction
    applicable: Fraction
    max: Fraction
    excluded: Fraction
    open: Fraction


@dataclass(frozen=True)
class Fix:
    tier: Tier
    reachable: bool
    items: tuple[str, ...]
    effort: int
    score_after: Fraction | None
    reason: str = ""


@dataclass(frozen=True)
class Report:
    score: Fraction
    tier: Tier
    complete: bool
    earned: Fraction
    applicable: Fraction
    ratio: Fraction
    deductions: int
    deductions_open: tuple[str, ...]
    bonus: int
    range_min: Fraction
    range_max: Fraction
    range_tiers: tuple[Tier, ...]
    items: tuple[ItemResult, ...]
    groups: tuple[Breakdown, ...]
    indicators: tuple[Breakdown, ...]
    eligible: bool | None
    eligibility_failed: tuple[str, ...]
    eligibility_open: tuple[str, ...]
    answered: int
    unanswered: int
    unsure: tuple[str, ...]
    weakest: tuple[ItemResult, ...]
    unknown: tuple[ItemResult, ...]
    upgrade: tuple[Fix, ...]
    robustness: Robustness | None


def credit_of(question: Question, answer: Answer) -> Fraction | None:
    if answer.status != "answered":
        return None
    if isinstance(answer.value, Sampled):
        return Fraction(answer.value.n, answer.value.m)
    if question.type == "choice":
        opt = question.option(answer.value)
        return opt.credit if opt is not None else None
    return None


def _items(bank: Bank, session: Session, active: frozenset[str]) -> list[ItemResult]:
    known = values(session)
    known_active = {k: v for k, v in known.items() if k in active}
    results = []
    for item in bank.items:
        qs = [bank.question(q) for q in item.question_ids]
        excluded_by = decided(item.exclude_when, known_active) if item.exclude_when else False
        na = [
            session.answers[q.id]
            for q in qs
            if q.id in active and q.id in session.answers and session.answers[q.id].status == "na"
        ]
        if excluded_by is True or na:
            reason = na[0].note if na else (item.exclude_reason.zh if item.exclude_reason else "")
            if excluded_by is True and item.exclude_reason is not None:
                reason = item.exclude_reason.zh
            results.append(
                ItemResult(
                    item, "excluded", None, ZERO, ZERO, True, False, reason, False, False, False
                )
            )
            continue
        credits: list[Fraction] = []
        firm: list[Fraction] = []
        pending = unsure = quick = False
        lo_extra: list[Fraction] = []
        for q in qs:
            a = session.answers.get(q.id)
            if q.id in active:
                c = credit_of(q, a) if a is not None else None
                if c is None:
                    pending = True
                    continue
                credits.append(c)
                if a is not None and a.unsure:
                    unsure = True
                else:
                    firm.append(c)
                opt = q.option(a.value) if a is not None and q.type == "choice" else None
                quick = quick or bool(opt and opt.quick_win)
            elif q.when is not None and decided(q.when, known_active) is None:
                # might still be asked: if so, its stored answer (or any answer) would count
                stored = credit_of(q, a) if a is not None else None
                lo_extra.append(stored if stored is not None and not (a and a.unsure) else ZERO)
        credit = min(credits) if credits else None
        hi = min(firm) if firm else ONE
        lo = min([hi, *lo_extra, *([ZERO] if pending or unsure else [])])
        maybe = excluded_by is None or (item.excludable and pending)
        status: Literal["met", "partial", "not_met", "open", "excluded"]
        if credit is None:
            status = "open"
        else:
            status = "met" if credit == ONE else "not_met" if credit == ZERO else "partial"
        results.append(
            ItemResult(
                item,
                status,
                credit,
                lo,
                hi,
                False,
                maybe,
                "",
                pending,
                unsure,
                quick and credit == ZERO,
            )
        )
    return results


def _ratio_extreme(
    fixed: Iterable[tuple[Fraction, Fraction]],
    optional: Iterable[tuple[Fraction, Fraction]],
    maximise: bool,
) -> Fraction:
    """Min or max of Σe/Σa when each optional (e, a) may be left out (Dinkelbach's method, exact)."""
    fixed = list(fixed)
    optional = [o for o in optional if o[1] > 0]
    e0 = sum((e for e, _ in fixed), ZERO)
    a0 = sum((a for _, a in fixed), ZERO)
    lam = (e0 / a0) if a0 else (ZERO if maximise else ONE)
    for _ in range(len(optional) + 2):
        chosen = [(e, a) for e, a in optional if (e - lam * a > 0 if maximise else e - lam * a < 0)]
        e = e0 + sum((x for x, _ in chosen), ZERO)
        a = a0 + sum((y for _, y in chosen), ZERO)
        new = e / a if a else ZERO
        if new == lam:
            break
        lam = new
    if not maximise and a0 == 0:
        return ZERO  # every item could still drop out: nothing applicable scores 0
    return lam


def _clamp(x: Fraction) -> Fraction:
    return max(ZERO, min(Fraction(100), x))


_last: list[tuple[Bank, Session, Report]] = []
"""The last plain evaluation. Each answer is scored twice, for the summary stored at the save and
for the side panel, on the same (immutable) bank and session objects: the second is free."""


def evaluate(bank: Bank, session: Session, *, robustness: bool = False) -> Report:
    """The whole picture for a session: score, tier, range, breakdowns, gaps and fixes."""
    if not robustness:
        if _last and _last[0][0] is bank and _last[0][1] is session:
            return _last[0][2]
        report = _evaluate(bank, session)
        _last[:] = [(bank, session, report)]
        return report
    return _evaluate(bank, session, robustness=True)


def _evaluate(bank: Bank, session: Session, *, robustness: bool = False) -> Report:
    active = active_ids(bank, session)
    items = _items(bank, session, active)
    answers = session.answers

    scored = [r for r in items if not r.excluded and r.credit is not None]
    earned = sum((r.credit * r.item.points for r in scored if r.credit is not None), ZERO)
    applicable = sum((r.item.points for r in scored), ZERO)
    ratio = earned / applicable if applicable else ZERO

    deductions = 0
    ded_lo = ded_hi = 0
    ded_open: list[str] = []
    bonus_known = 0
    bonus_possible = 0
    elig_failed: list[str] = []
    elig_open: list[str] = []
    for q in bank.questions:
        if q.section not in ("special", "eligibility") or q.id not in active:
            continue
        a = answers.get(q.id)
        firm = a is not None and a.status == "answered"
        if q.effect == "deduction":
            n = int(a.value) if firm and a is not None and isinstance(a.value, int) else 0
            deductions += n
            ded_lo += n if firm and a is not None and not a.unsure else 0
            ded_hi += n if firm and a is not None and not a.unsure else (q.max or 0)
            if not firm or (a is not None and a.unsure):
                ded_open.append(q.id)
        elif q.effect == "bonus":
            c = credit_of(q, a) if a is not None else None
            if c == ONE:
                bonus_known = 1
            if c is None or (a is not None and a.unsure) or c == ONE:
                bonus_possible = 1
        elif q.section == "eligibility":
            c = credit_of(q, a) if a is not None else None
            if c is None:
                elig_open.append(q.id)
            elif c < 1:
                elig_failed.append(q.id)
    bonus_firm = (
        bonus_known
        if bonus_known
        and not any(
            answers.get(q.id) is not None and answers[q.id].unsure
            for q in bank.questions
            if q.effect == "bonus"
        )
        else 0
    )

    score = _clamp(ratio * 100 - deductions + bonus_known)
    tier = tier_of(score, deductions)

    fixed = [
        (r.lo * r.item.points, r.item.points)
        for r in items
        if not r.excluded and not r.maybe_excluded
    ]
    optional_lo = [
        (r.lo * r.item.points, r.item.points) for r in items if not r.excluded and r.maybe_excluded
    ]
    fixed_hi = [
        (r.hi * r.item.points, r.item.points)
        for r in items
        if not r.excluded and not r.maybe_excluded
    ]
    optional_hi = [
        (r.hi * r.item.points, r.item.points) for r in items if not r.excluded and r.maybe_excluded
    ]
    rmin = _clamp(_ratio_extreme(fixed, optional_lo, False) * 100 - ded_hi + bonus_firm)
    rmax = _clamp(_ratio_extreme(fixed_hi, optional_hi, True) * 100 - ded_lo + bonus_possible)
    rmin, rmax = min(rmin, score), max(rmax, score)
    span = _tiers_between(rmin, rmax, ded_lo, ded_hi)

    shown = [q for q in bank.questions if q.id in active]
    answered = sum(1 for q in shown if q.id in answers and answers[q.id].status != "skipped")
    unanswered = len(shown) - answered
    unsure = tuple(q.id for q in shown if q.id in answers and answers[q.id].unsure)

    weakest = tuple(
        sorted(
            (r for r in items if not r.excluded and r.credit is not None and r.credit < 1),
            key=lambda r: -r.points_lost,  # stable: ties keep the bank's order
        )
    )
    unknown = tuple(r for r in items if not r.excluded and r.credit is None)
    complete = unanswered == 0 and not unknown

    report = Report(
        score=score,
        tier=tier,
        complete=complete,
        earned=earned,
        applicable=applicable,
        ratio=ratio,
        deductions=deductions,
        deductions_open=tuple(ded_open),
        bonus=bonus_known,
        range_min=rmin,
        range_max=rmax,
        range_tiers=span,
        items=tuple(items),
        groups=tuple(
            _breakdown(g.id, g.points, [r for r in items if r.item.group == g.id])
            for g in bank.groups
        ),
        indicators=tuple(
            _breakdown(
                i.id,
                sum((bank.item(x).points for x in i.item_ids), ZERO),
                [r for r in items if r.item.indicator == i.id],
            )
            for i in bank.indicators
        ),
        eligible=False if elig_failed else (None if elig_open else True),
        eligibility_failed=tuple(elig_failed),
        eligibility_open=tuple(elig_open),
        answered=answered,
        unanswered=unanswered,
        unsure=unsure,
        weakest=weakest,
        unknown=unknown,
        upgrade=upgrade_path(items, deductions, bonus_known, tier),
        robustness=None,
    )
    if robustness:
        report = replace(
            report,
            robustness=weight_robustness(
                bank, items, deductions, bonus_known, seed=f"{bank.sha256}:{session.id}"
            ),
        )
    return report


def _tiers_between(lo: Fraction, hi: Fraction, ded_lo: int, ded_hi: int) -> tuple[Tier, ...]:
    seen = {tier_of(lo, ded_lo), tier_of(hi, ded_lo)}
    low_i, high_i = TIER_ORDER.index(tier_of(lo, ded_lo)), TIER_ORDER.index(tier_of(hi, ded_lo))
    seen |= set(TIER_ORDER[low_i : high_i + 1])
    if ded_hi >= FAIL_DEDUCTIONS:
        seen.add("fail")
    return tuple(t for t in TIER_ORDER if t in seen)


def _breakdown(gid: str, maximum: Fraction, rows: list[ItemResult]) -> Breakdown:
    scored = [r for r in rows if not r.excluded and r.credit is not None]
    return Breakdown(
        id=gid,
        earned=sum((r.credit * r.item.points for r in scored if r.credit is not None), ZERO),
        applicable=sum((r.item.points for r in scored), ZERO),
        max=maximum,
        excluded=sum((r.item.points for r in rows if r.excluded), ZERO),
        open=sum((r.item.points for r in rows if not r.excluded and r.credit is None), ZERO),
    )


def upgrade_path(
    items: Iterable[ItemResult], deductions: int, bonus: int, current: Tier
) -> tuple[Fix, ...]:
    """For each tier above the current one: the fixes with the least total effort that reach it.

    Exact 0/1 knapsack over effort (low=1, medium=2, high=3): for every total effort, the largest
    gain in earned points; the smallest effort whose gain is enough wins. Computed on the answered
    items (the provisional score); open items are listed apart as unknown.
    """
    items = list(items)
    scored = [r for r in items if not r.excluded and r.credit is not None]
    earned = sum((r.credit * r.item.points for r in scored if r.credit is not None), ZERO)
    applicable = sum((r.item.points for r in scored), ZERO)
    gaps = [r for r in scored if r.credit is not None and r.credit < 1]
    gains = [(ONE - (r.credit or ZERO)) * r.item.points for r in gaps]
    # the table runs on integers (gains over their common denominator): exact, and ten times
    # faster than Fractions, which matters because every answer is scored
    unit = math.lcm(*(g.denominator for g in gains)) if gains else 1
    best: dict[int, tuple[int, tuple[int, ...]]] = {0: (0, ())}
    for n, r in enumerate(gaps):
        cost = EFFORT_COST[r.item.effort]
        gain = int(gains[n] * unit)
        for spent, (got, chosen) in sorted(best.items(), reverse=True):
            key = spent + cost
            if key not in best or got + gain > best[key][0]:
                best[key] = (got + gain, (*chosen, n))
    out: list[Fix] = []
    start = TIER_ORDER.index(current) + 1
    for tier in TIER_ORDER[start:]:
        floor = threshold(tier)
        if deductions >= FAIL_DEDUCTIONS:
            out.append(Fix(tier, False, (), 0, None, "deductions"))
            continue
        if not applicable:
            out.append(Fix(tier, False, (), 0, None, "nothing_answered"))
            continue
        need = (Fraction(floor + deductions - bonus, 100) * applicable - earned) * unit
        found = None
        for spent in sorted(best):
            if best[spent][0] >= need:
                found = spent
                break
        if found is None:
            out.append(
                Fix(
                    tier,
                    False,
                    (),
                    0,
                    _clamp((earned + sum(gains, ZERO)) / applicable * 100 - deductions + bonus),
                    "out_of_reach",
                )
            )
            continue
        got, chosen = best[found]
        after = _clamp((earned + Fraction(got, unit)) / applicable * 100 - deductions + bonus)
        out.append(Fix(tier, True, tuple(gaps[i].item.id for i in chosen), found, after))
    return tuple(out)


def weight_robustness(
    bank: Bank, items: list[ItemResult], deductions: int, bonus: int, seed: str, samples: int = 300
) -> Robustness:
    """Does the tier survive moving every item's weight by ±30%? Exact (see core.robustness);
    `bank`, `seed` and `samples` are no longer used and stay only for the callers."""
    scored = [(r.credit, r.item.points) for r in items if not r.excluded and r.credit is not None]
    return exact_weight_robustness(scored, deductions, bonus)


def summary(bank: Bank, session: Session) -> dict[str, Any]:
    """The few numbers a session list shows, stored in the session file so listing stays fast."""
    from interviewer.core.engine import progress
    from interviewer.core.figures import exact_text

    r = evaluate(bank, session)
    p = progress(bank, session)
    return {
        "answered": p.answered,
        "skipped": p.skipped,
        "total": p.total,
        # unrounded: rounding is for display (core.figures), where 69.98 must not become 70.0;
        # the exact values as well, since a float can itself land on a tier line
        "score": float(r.score),
        "min": float(r.range_min),
        "max": float(r.range_max),
        "exact": {
            "score": exact_text(r.score),
            "min": exact_text(r.range_min),
            "max": exact_text(r.range_max),
        },
        "tier": r.tier,
        "complete": r.complete,
        "range_tiers": list(r.range_tiers),
        "deductions": r.deductions,
        "scored_answers": r.answered,
        "bank_sha256": bank.sha256,
        # per clause: credit (0..1), None while unknown, "x" when excluded — lets a class report of
        # many sessions skip re-scoring each one while the bank is unchanged
        "items": {
            x.item.id: "x"
            if x.excluded
            else None
            if x.credit is None
            else round(float(x.credit), 4)
            for x in r.items
        },
    }


def as_float(x: Fraction, digits: int = 1) -> float:
    return round(float(x), digits)


def group_map(report: Report) -> Mapping[str, Breakdown]:
    return {g.id: g for g in report.groups}
