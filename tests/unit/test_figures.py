"""How a score is written: one decimal, rounded half up, but never over a tier line it is below."""

from __future__ import annotations

import re
from fractions import Fraction as F

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interviewer.core.figures import delta_text, exact_text, score_text
from interviewer.core.scoring import TIERS, tier_of


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (F(6998, 100), "69.9"),
        (F(7996, 100), "79.9"),
        (F(94999, 1000), "94.9"),
        (F(8995, 100) - F(1, 10**12), "89.9"),
        (F(70) - F(1, 10**15), "69.9"),
        (F(6995, 100), "69.9"),  # would round half up to 70.0
        (F(6994, 100), "69.9"),
        (F(6985, 100), "69.9"),  # half up, and nowhere near the line after rounding
        (F(8596, 100), "86.0"),
        (F(7125, 100), "71.3"),  # half up, not to even
        (F(80), "80.0"),
        (F(70), "70.0"),
        (F(7004, 100), "70.0"),
        (F(7005, 100), "70.1"),
        (F(95), "95.0"),
        (F(9999, 100), "100.0"),  # 100 is no tier line
        (F(100), "100.0"),
        (F(0), "0.0"),
        (F(4, 100), "0.0"),
        (F(5, 100), "0.1"),
    ],
)
def test_score_text_cases(value: F, shown: str) -> None:
    assert score_text(value) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (69.98, "69.9"),
        (79.96, "79.9"),
        (94.999, "94.9"),
        (85.96, "86.0"),
        (80.0, "80.0"),
        (100.0, "100.0"),
        (0.0, "0.0"),
        (0, "0.0"),
        (71.25, "71.3"),
        (69.85, "69.9"),  # the decimal the float stands for, rounded half up
        (57.0, "57.0"),
    ],
)
def test_score_text_of_floats(value: float, shown: str) -> None:
    assert score_text(value) == shown


def test_the_tier_lines_are_the_scorings() -> None:
    from interviewer.core import figures

    assert sorted(figures.THRESHOLDS) == sorted(floor for _, floor in TIERS)


def _tier_read(text: str) -> str:
    return tier_of(F(text), 0)


@given(st.fractions(min_value=0, max_value=100))
def test_the_shown_figure_reads_as_the_right_tier(x: F) -> None:
    shown = score_text(x)
    assert _tier_read(shown) == tier_of(x, 0)
    assert abs(F(shown) - x) < F(1, 10)
    assert re.fullmatch(r"\d{1,3}\.\d", shown)


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=10**6))
def test_scores_near_the_lines_read_right(n: int, m: int) -> None:
    for line in (70, 80, 90, 95):
        for x in (line - F(n, m) / 10**4, line + F(n, m) / 10**4):
            if 0 <= x <= 100:
                assert _tier_read(score_text(x)) == tier_of(x, 0)


@given(st.floats(min_value=0, max_value=100, allow_nan=False))
def test_floats_read_as_the_right_tier_too(x: float) -> None:
    assert _tier_read(score_text(x)) == tier_of(F(x), 0)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (F(32, 10), "+3.2"),
        (F(-1), "−1.0"),
        (F(1001, 100), "+10.0"),
        (F(-105, 100), "−1.1"),  # half away from zero
        (F(25, 100), "+0.3"),
        (F(0), "0.0"),
        (F(-4, 100), "0.0"),
        (11.0, "+11.0"),
    ],
)
def test_delta_text(value: F, shown: str) -> None:
    assert delta_text(value) == shown


def test_exact_text() -> None:
    assert exact_text(F(3499, 50)) == "3499/50"
    assert exact_text(F(70)) == "70"
    assert exact_text(F(0)) == "0"
    assert F(exact_text(F(7, 3))) == F(7, 3)
