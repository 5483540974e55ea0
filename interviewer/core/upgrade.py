"""The cheapest way up: for each tier above the current one, the set of fixes with the least total
effort whose points reach it. Computed for the report only (not after every answer)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from interviewer.core.bank import EFFORT_COST
from interviewer.core.scoring import ItemResult, Tally
from interviewer.core.tiers import FAIL_DEDUCTIONS, TIER_ORDER, Tier, clamp, threshold

ONE = Fraction(1)


@dataclass(frozen=True)
class Fix:
    tier: Tier
    reachable: bool
    items: tuple[ItemResult, ...] = ()
    """The clauses to fix, quick wins first, then by points gained per unit of effort."""
    effort: int = 0
    """Total effort of those fixes: low 1, medium 2, high 3 per clause."""
    score_after: Fraction | None = None
    reason: Literal["", "deductions", "nothing_answered"] = ""


def upgrade_path(t: Tally) -> tuple[Fix, ...]:
    """Exact 0/1 knapsack over effort: for every total effort, the largest gain in earned points;
    the smallest effort whose gain is enough wins. Computed on the answered items (the provisional
    score); open items are listed apart as unknown.

    Fixing every gap brings the ratio to 1, which is at least 96 points with fewer than 5
    deductions: every tier is reachable unless deductions alone fail the evaluation."""
    gaps = list(t.weakest)
    best: dict[int, tuple[Fraction, tuple[int, ...]]] = {0: (Fraction(0), ())}
    for n, r in enumerate(gaps):
        cost = EFFORT_COST[r.item.effort]
        for spent, (got, chosen) in sorted(best.items(), reverse=True):
            key, gain = spent + cost, got + r.points_lost
            if key not in best or gain > best[key][0]:
                best[key] = (gain, (*chosen, n))
    out: list[Fix] = []
    for tier in TIER_ORDER[TIER_ORDER.index(t.tier) + 1 :]:
        if t.deductions >= FAIL_DEDUCTIONS:
            out.append(Fix(tier, False, reason="deductions"))
            continue
        if not t.applicable:
            out.append(Fix(tier, False, reason="nothing_answered"))
            continue
        need = Fraction(threshold(tier) + t.deductions - t.bonus, 100) * t.applicable - t.earned
        spent = min(s for s, (got, _) in best.items() if got >= need)
        got, chosen = best[spent]
        after = clamp((t.earned + got) / t.applicable * 100 - t.deductions + t.bonus)
        picked = sorted((gaps[i] for i in chosen), key=_order)
        out.append(Fix(tier, True, tuple(picked), spent, after))
    return tuple(out)


def _order(r: ItemResult) -> tuple[bool, Fraction]:
    """Quick wins first, then the most points gained per unit of effort."""
    return (not r.quick_win, -r.points_lost / EFFORT_COST[r.item.effort])


EFFORT_MEANING = (
    "每条要改的条款按工作量计：小 = 1、中 = 2、大 = 3，合计即总工作量（相对大小，不是天数或金额）。",
    "Each clause to fix counts by its effort: low 1, medium 2, high 3; the total is their sum "
    "(a relative size, not days or money).",
)
"""What the effort figure means, in (zh, en): readers asked what "工作量 57" is."""


def written_down(t: Tally) -> Fraction | None:
    """The score if every quick win were written down (each quick-win clause then earns its full
    points), or None when there is no quick win. Only clauses whose every failing part is done but
    undocumented count: a plain "no" anywhere in a clause is real work, not paperwork."""
    quick = [r for r in t.weakest if r.quick_win]
    if not quick or not t.applicable:
        return None
    gained = sum((r.points_lost for r in quick), Fraction(0))
    return clamp((t.earned + gained) / t.applicable * 100 - t.deductions + t.bonus)
