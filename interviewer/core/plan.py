"""The action plan for one target tier: the least-effort set of fixes (the upgrade path's), in the
order to do them, each with its steps and the evidence to produce, and room for who does it by
when. Pure: the report and the `plan` command render it."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from interviewer.core.scoring import ItemResult, Tally
from interviewer.core.tiers import TIER_ORDER, Tier
from interviewer.core.upgrade import upgrade_path

Reason = Literal["", "already", "deductions", "nothing_answered"]


@dataclass(frozen=True)
class Plan:
    current: Tier
    target: Tier
    steps: tuple[ItemResult, ...]
    """The clauses to fix, in the order to fix them (quick wins first, then points per effort)."""
    effort: int
    score_after: Fraction | None
    reason: Reason = ""
    """Why there are no steps: the target is already reached, or cannot be reached for now."""


def next_tier(current: Tier) -> Tier:
    """The tier above `current` (the top tier stays itself)."""
    return TIER_ORDER[min(TIER_ORDER.index(current) + 1, len(TIER_ORDER) - 1)]


def build(t: Tally, target: Tier | None = None) -> Plan:
    """The plan to reach `target` (default: the next tier up) from this tally's provisional score."""
    goal = target or next_tier(t.tier)
    if TIER_ORDER.index(goal) <= TIER_ORDER.index(t.tier):
        return Plan(t.tier, goal, (), 0, t.score, "already")
    fix = next(f for f in upgrade_path(t) if f.tier == goal)
    if not fix.reachable:
        return Plan(t.tier, goal, (), 0, None, fix.reason)
    return Plan(t.tier, goal, fix.items, fix.effort, fix.score_after)
