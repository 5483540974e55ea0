"""The ±30 % weight check: exact extremes over the whole box of weightings, checked against every
corner by brute force, and a case that random sampling of weightings gets wrong."""

from __future__ import annotations

import itertools
from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interviewer.core import engine, scoring
from interviewer.core.robustness import Robustness, for_tally, weight_robustness
from interviewer.core.scoring import TIER_ORDER, tier_of
from tests.unit.bank_helpers import load_text

LOW, HIGH = F(7, 10), F(13, 10)


def _clamp(x: F) -> F:
    return max(F(0), min(F(100), x))


def brute_force(
    results: list[tuple[F, F]], deductions: int, bonus: int
) -> tuple[F, F, tuple[str, ...]]:
    """Every corner of the box: the extremes of a linear-fractional function over a box are at
    corners, so these are the true lowest and highest scores."""
    scores = []
    for corner in itertools.product((LOW, HIGH), repeat=len(results)):
        w = [f * p for f, (_, p) in zip(corner, results, strict=True)]
        ratio = sum((wi * c for wi, (c, _) in zip(w, results, strict=True)), F(0)) / sum(w, F(0))
        scores.append(_clamp(ratio * 100 - deductions + bonus))
    low, high = min(scores), max(scores)
    if deductions >= scoring.FAIL_DEDUCTIONS:
        return low, high, ("fail",)
    a, b = TIER_ORDER.index(tier_of(low, 0)), TIER_ORDER.index(tier_of(high, 0))
    assert {tier_of(s, 0) for s in scores} <= set(TIER_ORDER[a : b + 1])
    return low, high, TIER_ORDER[a : b + 1]


credits = st.one_of(
    st.sampled_from([F(0), F(1, 2), F(1)]),
    st.builds(
        lambda n, m: F(min(n, m), m),
        st.integers(min_value=0, max_value=20),
        st.integers(min_value=1, max_value=20),
    ),
)
points = st.fractions(min_value=F(1, 10), max_value=50, max_denominator=40)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(credits, points), min_size=1, max_size=10),
    st.integers(min_value=0, max_value=6),
    st.integers(min_value=0, max_value=1),
)
def test_exact_extremes_equal_brute_force_over_every_corner(
    results: list[tuple[F, F]], deductions: int, bonus: int
) -> None:
    rob = weight_robustness(results, deductions, bonus)
    low, high, tiers = brute_force(results, deductions, bonus)
    assert (rob.low, rob.high) == (low, high)
    assert isinstance(rob.low, F) and isinstance(rob.high, F)
    assert rob.tiers_seen == tiers
    assert rob.verdict == ("robust" if len(tiers) == 1 else "depends_on_weighting")
    assert rob.method == "exact"
    # the score at the bank's own weights lies between the extremes
    base = sum((c * p for c, p in results), F(0)) / sum((p for _, p in results), F(0))
    assert low <= _clamp(base * 100 - deductions + bonus) <= high


@pytest.mark.parametrize(
    ("results", "deductions", "bonus", "low", "high", "tiers"),
    [
        # 30 points not met, 70 met: 49 / 88 at one corner, 91 / 112 at the other
        ([(F(0), F(30)), (F(1), F(70))], 0, 0, F(4900, 88), F(8125, 100), TIER_ORDER[:3]),
        ([(F(1), F(60)), (F(1), F(40))], 0, 0, F(100), F(100), ("five_star",)),
        ([(F(1), F(60)), (F(1), F(40))], 0, 1, F(100), F(100), ("five_star",)),
        ([(F(0), F(60)), (F(0), F(40))], 2, 0, F(0), F(0), ("fail",)),
    ],
)
def test_known_extremes(results, deductions, bonus, low, high, tiers) -> None:  # type: ignore[no-untyped-def]
    rob = weight_robustness(results, deductions, bonus)
    assert (rob.low, rob.high, rob.tiers_seen) == (low, high, tiers)


def test_nothing_scored_is_not_applicable() -> None:
    assert weight_robustness([], 0, 0) == Robustness("not_applicable", (), F(0), F(0), "none")


def test_equal_credits_give_one_score() -> None:
    rob = weight_robustness([(F(3, 4), F(10)), (F(3, 4), F(25)), (F(3, 4), F(65))], 1, 1)
    assert rob.low == rob.high == F(75)
    assert (rob.verdict, rob.tiers_seen) == ("robust", ("compliant",))


def test_five_deductions_fail_at_every_weighting() -> None:
    rob = weight_robustness([(F(1), F(50)), (F(0), F(50))], 5, 1)
    assert (rob.verdict, rob.tiers_seen) == ("robust", ("fail",))
    assert (rob.low, rob.high) == (F(35) - 5 + 1, F(65) - 5 + 1)


# -- a tier change that only a far corner of the box shows ----------------------------------------


def many_items_bank(n: int) -> str:
    """One 100-point group of n equal items, each asked with one documented/no question."""
    points = F(100, n)
    items = "".join(
        f"""  - id: "5.1.1.{i}"
    indicator: "5.1.1"
    title: {{zh: 条款{i}, en: Clause {i}}}
    requirement: {{zh: 要求, en: Requirement}}
    points: "{points.numerator}/{points.denominator}"
    provenance: verified
    evidence: {{zh: [记录], en: [Records]}}
    fix: {{zh: [补上], en: [Do it]}}
    effort: low
    questions:
      - {{id: "5.1.1.{i}-a", text: {{zh: 有吗, en: "Done?"}}, options: yesno}}
"""
        for i in range(1, n + 1)
    )
    return f"""id: many
version: "1"
title: {{zh: 多条款, en: Many clauses}}
groups:
  - {{id: "5.1", title: {{zh: 体系, en: System}}, points: 100}}
indicators:
  - {{id: "5.1.1", group: "5.1", title: {{zh: 组织, en: Organisation}}, provenance: verified}}
option_sets:
  yesno:
    - {{value: "yes", label: {{zh: 是, en: "Yes"}}, credit: 1, means: "yes"}}
    - {{value: "no", label: {{zh: 否, en: "No"}}, credit: 0, means: "no"}}
items:
{items}"""


def test_a_tier_change_only_at_a_far_corner_is_found() -> None:
    """40 equal items, 23 met: 57.5 at the bank's weights. Every met item at +30 % and every other
    at −30 % gives 29.9 / 41.8 = 71.5 (达标); random weightings stay within a few points of 57.5,
    so sampling calls this robust."""
    bank = load_text(many_items_bank(40))
    s = engine.new_session(bank, session_id="ab" * 16, now="2024-05-01T09:00:00+08:00")
    for i in range(1, 41):
        s = engine.record(bank, s, f"5.1.1.{i}-a", "yes" if i <= 23 else "no", "2024-05-01")
    r = scoring.evaluate(bank, s)
    assert (r.score, r.tier) == (F(115, 2), "fail")
    rob = for_tally(r)
    assert rob.tiers_seen == ("fail", "compliant")
    assert rob.verdict == "depends_on_weighting"
    assert (rob.low, rob.high) == (F(161, 382) * 100, F(299, 418) * 100)
