"""Does the tier survive the item weights being off by up to 30 %?

The points per item inside a group are partly this tool's estimate, so a tier is only worth
reporting as firm if no plausible weighting changes it. Every item's weight may lie anywhere in
[0.7 p, 1.3 p], independently (no renormalisation), and the score is

    clamp(Σ wᵢcᵢ ÷ Σ wᵢ × 100 − deductions + bonus, 0, 100)

A ratio of two linear functions over a box takes its extremes at corners, and at the highest one
the items with credit above the optimal ratio sit at 1.3 p and the others at 0.7 p (the lowest:
the other way round). Sorting by credit leaves n + 1 such corners to try, all in exact fractions,
so the lowest and highest scores are exact, not sampled: a tier change hiding in one far corner of
the box is found. The score moves continuously with the weights, so every tier between the
lowest and the highest score is reached by some weighting.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from interviewer.core.tiers import FAIL_DEDUCTIONS, TIER_ORDER, Tier, tier_of

if TYPE_CHECKING:
    from interviewer.core.scoring import Tally

LOW, HIGH = Fraction(7, 10), Fraction(13, 10)
ZERO, HUNDRED = Fraction(0), Fraction(100)


@dataclass(frozen=True)
class Robustness:
    verdict: Literal["robust", "depends_on_weighting", "not_applicable"]
    tiers_seen: tuple[Tier, ...]
    low: Fraction
    high: Fraction
    method: Literal["exact", "none"]


def _best_ratio(results: Sequence[tuple[Fraction, Fraction]], highest: bool) -> Fraction:
    """Max (or min) of Σwc ÷ Σw: the first k items in credit order heavy, the rest light."""
    order = sorted(results, key=lambda r: r[0], reverse=highest)
    # start with every item light, then make them heavy one by one in credit order
    earned = sum((LOW * p * c for c, p in order), ZERO)
    weight = sum((LOW * p for _, p in order), ZERO)
    best = earned / weight
    for c, p in order:
        earned += (HIGH - LOW) * p * c
        weight += (HIGH - LOW) * p
        ratio = earned / weight
        best = max(best, ratio) if highest else min(best, ratio)
    return best


def weight_robustness(
    results: Sequence[tuple[Fraction, Fraction]], deductions: int, bonus: int
) -> Robustness:
    """The exact lowest and highest score, and the tiers between, over every weighting within
    ±30 % of each item's points. `results` holds (credit 0..1, points) of each answered item that
    counts (not excluded)."""
    counted = [(c, p) for c, p in results if p > 0]
    if not counted:
        return Robustness("not_applicable", (), ZERO, ZERO, "none")

    def score(ratio: Fraction) -> Fraction:
        return max(ZERO, min(HUNDRED, ratio * 100 - deductions + bonus))

    low, high = score(_best_ratio(counted, False)), score(_best_ratio(counted, True))
    if deductions >= FAIL_DEDUCTIONS:
        tiers: tuple[Tier, ...] = ("fail",)
    else:
        a, b = TIER_ORDER.index(tier_of(low, 0)), TIER_ORDER.index(tier_of(high, 0))
        tiers = TIER_ORDER[a : b + 1]
    verdict: Literal["robust", "depends_on_weighting"] = (
        "robust" if len(tiers) == 1 else "depends_on_weighting"
    )
    return Robustness(verdict, tiers, low, high, "exact")


def for_tally(t: Tally) -> Robustness:
    """The weight check of a session's answered items."""
    scored = [(r.credit, r.item.points) for r in t.items if r.credit is not None]
    return weight_robustness(scored, t.deductions, t.bonus)
