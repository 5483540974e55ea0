"""The standard's result rules: tier floors (inclusive), the fail rule, and the 0..100 clamp."""

from __future__ import annotations

from fractions import Fraction
from typing import Literal

Tier = Literal["fail", "compliant", "three_star", "four_star", "five_star"]
TIERS: tuple[tuple[Tier, int], ...] = (
    ("five_star", 95),
    ("four_star", 90),
    ("three_star", 80),
    ("compliant", 70),
)
"""Highest first. A score at or above the floor reaches the tier (以上(含))."""
TIER_ORDER: tuple[Tier, ...] = ("fail", "compliant", "three_star", "four_star", "five_star")
FAIL_DEDUCTIONS = 5
"""This many special deductions fail the evaluation whatever the score."""


def tier_of(score: Fraction, deductions: int) -> Tier:
    if deductions >= FAIL_DEDUCTIONS:
        return "fail"
    for name, floor in TIERS:
        if score >= floor:
            return name
    return "fail"


def threshold(tier: Tier) -> int:
    return dict(TIERS).get(tier, 0)


def clamp(x: Fraction) -> Fraction:
    return max(Fraction(0), min(Fraction(100), x))
