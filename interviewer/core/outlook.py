"""The exact range while questions are open: the lowest and highest final score over every
completion the bank allows, and the tiers some completion actually reaches.

`completions` folds the completions into independent choices; this module searches them. The score
of a completion is 100 × E/A − deductions + bonus, so the extremes of E/A are a 0/1 fractional
program: Dinkelbach's method solves it exactly (for a trial ratio λ every choice is made on its own,
maximising E − λA). Whether some completion lands in a tier's band is a harder question (a
subset-sum in disguise); it is answered by search: the two extreme completions are witnesses, the
completions on the way from one to the other usually are, and only when a large item jumps over the
band is the choice split, each half bounded again by the extremes.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from interviewer.core.bank import Bank
from interviewer.core.completions import Case, Outcome, Unit, choices_of
from interviewer.core.session import Session
from interviewer.core.tiers import FAIL_DEDUCTIONS, TIER_ORDER, TIERS, Tier, clamp

SEARCH_LIMIT = 5_000
"""Search nodes per tier before a tier is counted as reachable without proof (never seen in
practice; it keeps a hostile bank from freezing the screen)."""


@dataclass(frozen=True)
class Outlook:
    low: Fraction
    """The lowest final score any completion gives."""
    high: Fraction
    """The highest final score any completion gives."""
    tiers: tuple[Tier, ...]
    """The tiers some completion reaches, lowest first."""
    exact: bool = True
    """False only for banks too tangled to search in full: then low/high/tiers are outer bounds."""

    @property
    def settled(self) -> bool:
        return self.low == self.high


def outlook(bank: Bank, session: Session) -> Outlook:
    found = choices_of(bank, session)
    exact = found.exact
    low: Fraction | None = None
    high: Fraction | None = None
    tiers: set[Tier] = set()
    for case in found.cases:
        search = _Search(case.units)
        b_lo = 0 if case.without_bonus else 1
        b_hi = 1 if case.with_bonus else 0
        r_lo, r_hi = search.extremes()
        case_low = 100 * r_lo - case.d_hi + b_lo
        case_high = 100 * r_hi - case.d_lo + b_hi
        low = case_low if low is None else min(low, case_low)
        high = case_high if high is None else max(high, case_high)
        tiers |= _tiers(search, case, case_low, b_lo, b_hi)
        exact &= search.exact
    assert low is not None and high is not None
    return Outlook(clamp(low), clamp(high), tuple(t for t in TIER_ORDER if t in tiers), exact)


def _tiers(search: _Search, case: Case, low: Fraction, b_lo: int, b_hi: int) -> set[Tier]:
    """Tiers a completion of this case reaches. Deductions are free in d_lo..d_hi and each tier's
    band is wider than one deduction, so "some deduction count and bonus put the score in the band"
    is one interval of E/A."""
    out: set[Tier] = set()
    if case.d_hi >= FAIL_DEDUCTIONS or low < TIERS[-1][1]:
        out.add("fail")
    d0, d1 = case.d_lo, min(case.d_hi, FAIL_DEDUCTIONS - 1)
    if d0 > d1:
        return out
    upper: int | None = None
    for tier, floor in TIERS:
        x = Fraction(floor + d0 - b_hi, 100)
        y = None if upper is None else Fraction(upper + d1 - b_lo, 100)
        if search.hits(x, y):
            out.add(tier)
        upper = floor
    return out


# -- the search ---------------------------------------------------------------------------------

Pick = tuple[int, tuple[int, ...]]
"""A unit's choice: which alternative, and which outcome for each of its items."""


@dataclass(frozen=True)
class _Node:
    units: tuple[Unit, ...]
    fixed: Outcome
    """What the units decided higher up the search contribute."""


class _Search:
    """Exact extremes of E/A over independent choices, and whether some choice lands in a band."""

    def __init__(self, units: tuple[Unit, ...]) -> None:
        free: list[Unit] = []
        lo = hi = a = 0
        for unit in units:
            if len(unit.alternatives) > 1:
                free.append(unit)
                continue
            for outcomes in unit.alternatives[0] if unit.alternatives else ():
                if len(outcomes) == 1:
                    lo, hi, a = lo + outcomes[0][0], hi + outcomes[0][1], a + outcomes[0][2]
                else:
                    free.append(Unit(((outcomes,),)))
        self.root = _Node(tuple(free), (lo, hi, a))
        self.exact = True

    def extremes(self) -> tuple[Fraction, Fraction]:
        return _lowest(self.root)[0], _highest(self.root)[0]

    def hits(self, x: Fraction, y: Fraction | None) -> bool:
        """Does some choice put E/A (anywhere between its low and high ends) in [x, y)?"""
        budget = [SEARCH_LIMIT]
        found = _hits(self.root, x, y, budget)
        if found is None:
            self.exact = False
            return True
        return found


def _value(outcome: Outcome, p: int, q: int, high: bool) -> int:
    return q * outcome[1 if high else 0] - p * outcome[2]


def _best(node: _Node, p: int, q: int, high: bool) -> tuple[int, list[Pick]]:
    """The choice maximising (high) or minimising Σ q·E − p·A, and that sum (fixed part included)."""

    def better(u: int, v: int) -> bool:
        return u > v if high else u < v

    total = _value(node.fixed, p, q, high)
    picks: list[Pick] = []
    for unit in node.units:
        best_sum: int | None = None
        best_pick: Pick = (0, ())
        for n, alternative in enumerate(unit.alternatives):
            s = 0
            chosen = []
            for outcomes in alternative:
                values = [_value(o, p, q, high) for o in outcomes]
                k = values.index(max(values) if high else min(values))
                s += values[k]
                chosen.append(k)
            if best_sum is None or better(s, best_sum):
                best_sum, best_pick = s, (n, tuple(chosen))
        total += best_sum or 0
        picks.append(best_pick)
    return total, picks


def _sums(node: _Node, picks: list[Pick]) -> Outcome:
    lo, hi, a = node.fixed
    for unit, (n, chosen) in zip(node.units, picks, strict=True):
        for outcomes, k in zip(unit.alternatives[n], chosen, strict=True):
            lo, hi, a = lo + outcomes[k][0], hi + outcomes[k][1], a + outcomes[k][2]
    return lo, hi, a


def _highest(node: _Node) -> tuple[Fraction, list[Pick]]:
    """Dinkelbach: the largest E_high/A over all choices (0 when nothing can be applicable)."""
    p, q = 0, 1
    while True:
        total, picks = _best(node, p, q, True)
        if total <= 0:
            return Fraction(p, q), picks
        _, e, a = _sums(node, picks)
        p, q = e, a


def _lowest(node: _Node) -> tuple[Fraction, list[Pick]]:
    """Dinkelbach from above: the smallest E_low/A; 0 when everything can drop out at once."""
    zero = _all_out(node)
    if zero is not None:
        return Fraction(0), zero
    p, q = 1, 1
    while True:
        total, picks = _best(node, p, q, False)
        if total >= 0:
            return Fraction(p, q), picks
        e, _, a = _sums(node, picks)
        p, q = e, a


def _all_out(node: _Node) -> list[Pick] | None:
    """A choice with nothing applicable (every item excluded), if the fixed part allows one."""
    if node.fixed[2]:
        return None
    picks: list[Pick] = []
    for unit in node.units:
        for n, alternative in enumerate(unit.alternatives):
            ks = [next((k for k, o in enumerate(outs) if o[2] == 0), -1) for outs in alternative]
            if -1 not in ks:
                picks.append((n, tuple(ks)))
                break
        else:
            return None
    return picks


def _meets(sums: Outcome, x: Fraction, y: Fraction | None) -> bool:
    lo, hi, a = sums
    if a == 0:
        lo = hi = 0
        a = 1
    top_ok = hi * x.denominator >= x.numerator * a
    return top_ok and (y is None or lo * y.denominator < y.numerator * a)


def _hits(node: _Node, x: Fraction, y: Fraction | None, budget: list[int]) -> bool | None:
    """Branch and bound; None when the budget ran out before an answer."""
    budget[0] -= 1
    if budget[0] < 0:
        return None
    r_lo, lo_picks = _lowest(node)
    r_hi, hi_picks = _highest(node)
    if r_hi < x or (y is not None and r_lo >= y):
        return False
    path = list(lo_picks)
    if _meets(_sums(node, path), x, y):
        return True
    for n, pick in enumerate(hi_picks):  # walk from the lowest choice to the highest
        if path[n] != pick:
            path[n] = pick
            if _meets(_sums(node, path), x, y):
                return True
    split = _split_point(node, lo_picks, hi_picks)
    undecided = False
    for child in _children(node, split):
        found = _hits(child, x, y, budget)
        if found:
            return True
        undecided |= found is None
    return None if undecided else False


def _split_point(node: _Node, lo_picks: list[Pick], hi_picks: list[Pick]) -> int:
    """The unit to split: one with several alternatives, else the largest item that differs."""

    def weight(n: int) -> tuple[int, int, int]:
        unit = node.units[n]
        biggest = max((o[2] for alt in unit.alternatives for outs in alt for o in outs), default=0)
        return (len(unit.alternatives) > 1, lo_picks[n] != hi_picks[n], biggest)

    return max(range(len(node.units)), key=weight)


def _children(node: _Node, n: int) -> list[_Node]:
    unit = node.units[n]
    rest = node.units[:n] + node.units[n + 1 :]
    if len(unit.alternatives) > 1:
        return [
            _Node(rest + tuple(Unit(((o,),)) for o in alt), node.fixed) for alt in unit.alternatives
        ]
    (outcomes,) = unit.alternatives[0]
    lo, hi, a = node.fixed
    return [_Node(rest, (lo + o[0], hi + o[1], a + o[2])) for o in outcomes]
