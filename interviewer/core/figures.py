"""How figures are written for people: one rule for every screen and export.

A score is shown with one decimal, rounded half up, because that is how a reader rounds in their
head. Rounding must never move a score over a tier line, though: 69.98 is 不合格, and "70.0 —
不合格" reads as a contradiction (or, without the label next to it, as a pass). So a score just
below a line is cut down instead (69.98 → "69.9"): the figure always reads as the tier it has.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

from interviewer.core.tiers import TIERS

THRESHOLDS: tuple[int, ...] = tuple(sorted(floor for _, floor in TIERS))
_HALF = Fraction(1, 2)


def _exact(x: Fraction | float) -> Fraction:
    return Fraction(*_ratio(x))


def _ratio(x: Fraction | float) -> tuple[int, int]:
    """The value as numerator and denominator (denominator > 0), without building a Fraction: a
    class report writes a thousand scores."""
    if isinstance(x, Fraction):
        return x.numerator, x.denominator
    # a float stands for the shortest decimal that prints as it (69.85, not 69.8499999…), which is
    # what a person would round; it is below a line exactly when the float is
    return Decimal(repr(float(x))).as_integer_ratio()


def _tenths(n: int) -> str:
    whole, tenth = divmod(abs(n), 10)
    return f"{'-' if n < 0 else ''}{whole}.{tenth}"


def score_text(x: Fraction | float) -> str:
    """A score out of 100 as people read it: "69.9", "86.0", "100.0"."""
    n, d = _ratio(x)
    tenths = (20 * n + d) // (2 * d)  # floor(10 x + 1/2): half up
    if any(n < line * d and 10 * line <= tenths for line in THRESHOLDS):
        tenths = 10 * n // d  # just below a line: cut down, never shown on it
    return _tenths(tenths)


def delta_text(x: Fraction | float) -> str:
    """A change of score, signed: "+3.2", "−1.0" (a true minus sign), "0.0" when it rounds away.

    No tier is read from a difference, so it is plainly rounded (half away from zero)."""
    v = _exact(x)
    tenths = math.floor(abs(v) * 10 + _HALF)
    if tenths == 0:
        return "0.0"
    return ("+" if v > 0 else "−") + _tenths(tenths)


def exact_text(x: Fraction) -> str:
    """A fraction as text that loses nothing: "3499/50", or "70" when whole."""
    return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"
