"""A brute-force oracle for the exact score range of a partial session (not a test module).

It is written from the specification alone and never calls the range code in
`interviewer.core.scoring`; it only borrows the plain pieces both sides agree on by definition:
`conditions.evaluate` (how a branch condition reads answers), `scoring.tier_of` and `TIER_ORDER`
(the tier of one exact score).

A *completion* of a session is what the interview could still end as. It walks `bank.questions`
in order with `known = {}` (question id → answer value) and `na_items = set()`:

1. an item question is skipped when its item is in `na_items`, or when the item's `exclude_when`
   holds over `known` (the item is then excluded);
2. any question is skipped when its `when` does not hold over `known`;
3. otherwise it is shown. A stored answer with status "answered" whose value the question can
   take (an option value; a `Sampled`; an int for number/count) is that answer, fixed — `unsure`
   is ignored. A stored "na" is a fixed "not applicable". Anything else (no answer, "skipped", a
   value the question cannot take) is *open*: the completion may give any answer, and also "not
   applicable" when `q.can_be_na`. Stored answers of questions not shown are ignored; when a
   branch comes back in a completion its stored answer counts again (it is not asked again).
   Answered → `known[q.id] = value`; "not applicable" on an item question → the item joins
   `na_items`;
4. score: an item with a "not applicable" question or whose `exclude_when` held is excluded;
   otherwise, if some question of it was shown, its credit is the min over its shown questions
   (choice: the option's credit; sampled: n/m); items with nothing shown contribute nothing.
   `ratio = Σ credit·points / Σ points` (0 when nothing is credited), `D` = the sum of the shown
   deduction answers, `B` = 1 when a shown bonus question got an option of credit 1.
   `score = clamp(100·ratio − D + B, 0, 100)`, `tier = tier_of(score, D)`.

The exact range is the min and max score over all completions and the set of tiers some
completion reaches (in `TIER_ORDER` order). The mode (full / triage / training) does not matter.

How the infinite parts are enumerated exactly
---------------------------------------------
*Choice* and *count* questions are enumerated value by value ("not applicable" included where it
is allowed).

*Number* questions (profile only, `min..max`, possibly huge) have no effect on the score: only the
truth values of the conditions that read them matter. Every condition compares the answer `x` (an
int) with literals `l`; the ints of `min..max` on which every comparison has the same truth value
form runs whose ends are `min`, `max`, or next to a literal (`floor(l)`, `ceil(l)`, ±1). So the
values `min`, `max` and `floor(l) − 1, floor(l), ceil(l), ceil(l) + 1` for every literal compared
with the question (clipped to `min..max`) meet every run: enumerating them is exact.

*Sampled* questions take `Sampled(n, m)` with `0 ≤ n ≤ m`, `1 ≤ m ≤ 100000`: far too many to list.
Only the discrete choice is enumerated: "not applicable" (when allowed) or "answered with some
credit". No condition can tell two `Sampled` values apart (the loader only lets a condition compare
a sampled answer with a number, and a `Sampled` never equals a number; ordering it raises
TypeError, which a condition reads as false; `answered` is true for all of them), so one
representative value serves for `known`. Within one discrete configuration — every choice, count,
number and "na" fixed — the set of credited items and `D`, `B` are fixed; each open sampled
question that is shown in a credited item takes a credit `s ∈ [0, 1]`, and that item's credit is
`min(s, credits of its other shown questions)`. The score is then a continuous function of these
`s`, non-decreasing in each, so the configuration's scores fill the closed interval
[score with every `s = 0`, score with every `s = 1`] (both ends are reached exactly, by 0/1 and
1/1). The true values are on the grid n/m, m ≤ 100000; moving one `s` by one grid step moves the
score by at most 100/100000 = 0.001, far less than the narrowest tier band (5 points), so every
tier band that the interval meets is reached: where the band holds an end of the interval, by that
end; otherwise the band lies inside the interval and the grid walk from one end to the other lands
in it. With `D` fixed, `tier_of` is non-decreasing in the score, so the tiers reached are those from
`tier_of(low end, D)` to `tier_of(high end, D)` (just "fail" when `D ≥ 5`). A configuration thus
contributes its interval's ends to the range's low/high and those tiers to the range's tiers.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from interviewer.core import conditions
from interviewer.core.bank import Bank, Item, Question
from interviewer.core.scoring import TIER_ORDER, tier_of
from interviewer.core.session import Answer, Sampled, Session

ZERO, ONE, HUNDRED = Fraction(0), Fraction(1), Fraction(100)
SAMPLED_MAX_M = 100_000
ANY_SAMPLED = Sampled(1, 1)
"""The value an open sampled question stands for in `known` (conditions cannot tell them apart)."""

NA = ("na", None)
"""A branch or fixed answer meaning "not applicable"."""


def takes(q: Question, value: Any) -> bool:
    """Can `q` take `value` as an answer (rule 3)? Choice: one of its option values; sampled: a
    `Sampled`; number and count: an int (a bool is not a number here)."""
    if q.type == "choice":
        return isinstance(value, str) and any(o.value == value for o in q.options)
    if q.type == "sampled":
        return isinstance(value, Sampled)
    return isinstance(value, int) and not isinstance(value, bool)


def fixed_answer(q: Question, answer: Answer | None) -> tuple[str, Any] | None:
    """("answered", value) or NA when the stored answer is fixed; None when the question is open."""
    if answer is None:
        return None
    if answer.status == "na":
        return NA
    if answer.status == "answered" and takes(q, answer.value):
        return ("answered", answer.value)
    return None


def compared_literals(bank: Bank, qid: str) -> list[int | float]:
    """Every numeric literal that some condition of the bank compares question `qid` with."""
    conds = [q.when for q in bank.questions if q.when is not None]
    conds += [i.exclude_when for i in bank.items if i.exclude_when is not None]
    out: list[int | float] = []
    for cond in conds:
        for ref, literal in conditions.references(cond):
            if (
                ref == qid
                and isinstance(literal, int | float)
                and not isinstance(literal, bool)
                and math.isfinite(literal)
            ):
                out.append(literal)
    return out


def number_representatives(q: Question, literals: list[int | float]) -> list[int]:
    """`min`, `max` and floor(l)−1, floor(l), ceil(l), ceil(l)+1 for each literal, within min..max."""
    lo, hi = q.min, q.max if q.max is not None else q.min
    reps = {lo, hi}
    for lit in literals:
        f, c = math.floor(lit), math.ceil(lit)
        for v in (f - 1, f, c, c + 1):
            reps.add(min(hi, max(lo, v)))
    return sorted(reps)


def branches(bank: Bank, q: Question) -> list[tuple[str, Any]]:
    """The discrete answers an open question can get: ("answered", value), ("free", Sampled) for
    "a sampled answer with any credit", and NA where allowed."""
    out: list[tuple[str, Any]]
    if q.type == "choice":
        out = [("answered", o.value) for o in q.options]
    elif q.type == "sampled":
        out = [("free", ANY_SAMPLED)]
    elif q.type == "count":
        out = [("answered", v) for v in range(q.min, (q.max if q.max is not None else q.min) + 1)]
    else:
        out = [("answered", v) for v in number_representatives(q, compared_literals(bank, q.id))]
    if q.can_be_na:
        out.append(NA)
    return out


@dataclass(frozen=True)
class Configuration:
    """One discrete completion: its score interval (both ends reached) and its deductions."""

    low: Fraction
    high: Fraction
    deductions: int
    bonus: int
    shown: tuple[str, ...]
    """The questions shown, in order (for reading a counterexample)."""

    @property
    def tiers(self) -> tuple[str, ...]:
        return interval_tiers(self.low, self.high, self.deductions)


def interval_tiers(low: Fraction, high: Fraction, deductions: int) -> tuple[str, ...]:
    """The tiers that scores in [low, high] reach with `deductions` (tier_of is monotone)."""
    a = TIER_ORDER.index(tier_of(low, deductions))
    b = TIER_ORDER.index(tier_of(high, deductions))
    return TIER_ORDER[a : b + 1]


class _State:
    __slots__ = (
        "bonus",
        "credit",
        "deductions",
        "excluded",
        "free",
        "items",
        "known",
        "na",
        "shown",
    )

    def __init__(self) -> None:
        self.known: dict[str, Any] = {}
        self.na: set[str] = set()
        self.excluded: set[str] = set()
        self.credit: dict[str, Fraction] = {}
        """Item → min of the fixed credits of its shown questions."""
        self.free: set[str] = set()
        """Items with a shown open sampled question (credit anywhere in [0, 1])."""
        self.shown: list[str] = []
        self.items: set[str] = set()
        """Items with a shown question."""
        self.deductions = 0
        self.bonus = 0

    def copy(self) -> _State:
        s = _State.__new__(_State)
        s.known = dict(self.known)
        s.na = set(self.na)
        s.excluded = set(self.excluded)
        s.credit = dict(self.credit)
        s.free = set(self.free)
        s.shown = list(self.shown)
        s.items = set(self.items)
        s.deductions = self.deductions
        s.bonus = self.bonus
        return s


def _clamp(x: Fraction) -> Fraction:
    return max(ZERO, min(HUNDRED, x))


class _Walker:
    def __init__(self, bank: Bank, answers: Mapping[str, Answer]) -> None:
        self.bank = bank
        self.questions = bank.questions
        self.item: list[Item | None] = [
            bank.item(q.item_id) if q.item_id is not None else None for q in bank.questions
        ]
        self.fixed = [fixed_answer(q, answers.get(q.id)) for q in bank.questions]
        self.branches = [branches(bank, q) for q in bank.questions]
        self._scores: dict[Any, tuple[Fraction, Fraction]] = {}
        """Score interval by (credited items with their credit bounds, D, B): many
        configurations differ only in answers that do not change these."""

    def run(self) -> Iterator[Configuration]:
        yield from self._walk(0, _State())

    def _walk(self, i: int, st: _State) -> Iterator[Configuration]:
        n = len(self.questions)
        while i < n:
            q, item = self.questions[i], self.item[i]
            i += 1
            if item is not None:
                if item.id in st.na:
                    continue
                if item.exclude_when is not None and conditions.evaluate(
                    item.exclude_when, st.known
                ):
                    st.excluded.add(item.id)
                    continue
            if q.when is not None and not conditions.evaluate(q.when, st.known):
                continue
            st.shown.append(q.id)
            if item is not None:
                st.items.add(item.id)
            fixed = self.fixed[i - 1]
            if fixed is not None:
                self._apply(q, item, fixed, st)
                continue
            options = self.branches[i - 1]
            for k, branch in enumerate(options):
                child = st if k == len(options) - 1 else st.copy()
                self._apply(q, item, branch, child)
                yield from self._walk(i, child)
            return
        yield self._score(st)

    @staticmethod
    def _apply(q: Question, item: Item | None, answer: tuple[str, Any], st: _State) -> None:
        kind, value = answer
        if kind == "na":
            if item is not None:
                st.na.add(item.id)
                st.excluded.add(item.id)
            return
        st.known[q.id] = value
        if q.effect == "deduction":
            st.deductions += value
        elif q.effect == "bonus":
            opt = q.option(value)
            if opt is not None and opt.credit == ONE:
                st.bonus = 1
        if item is None:
            return
        if kind == "free":
            st.free.add(item.id)
            return
        if isinstance(value, Sampled):
            c = Fraction(value.n, value.m)
        else:
            opt = q.option(value)
            assert opt is not None and opt.credit is not None, (q.id, value)
            c = opt.credit
        st.credit[item.id] = min(c, st.credit.get(item.id, ONE))

    def _score(self, st: _State) -> Configuration:
        credited = []
        for item in self.bank.items:
            if item.id not in st.items or item.id in st.excluded:
                continue
            fixed = st.credit.get(item.id)
            if item.id in st.free:
                lo, hi = ZERO, (ONE if fixed is None else fixed)
            else:
                assert fixed is not None, item.id
                lo = hi = fixed
            credited.append((item, lo, hi))
        d, b = st.deductions, st.bonus
        key = (tuple((i.id, lo, hi) for i, lo, hi in credited), d, b)
        if key not in self._scores:
            applicable = sum((i.points for i, _, _ in credited), ZERO)
            earned_lo = sum((lo * i.points for i, lo, _ in credited), ZERO)
            earned_hi = sum((hi * i.points for i, _, hi in credited), ZERO)
            ratio_lo = earned_lo / applicable if applicable else ZERO
            ratio_hi = earned_hi / applicable if applicable else ZERO
            self._scores[key] = (
                _clamp(ratio_lo * 100 - d + b),
                _clamp(ratio_hi * 100 - d + b),
            )
        low, high = self._scores[key]
        return Configuration(low, high, d, b, tuple(st.shown))


def configurations(bank: Bank, session: Session) -> Iterator[Configuration]:
    """Every discrete completion of the session (sampled credits left as intervals)."""
    return _Walker(bank, session.answers).run()


def brute_force_range(bank: Bank, session: Session) -> tuple[Fraction, Fraction, tuple[str, ...]]:
    """The exact (low, high, tiers) over every completion of the session."""
    low: Fraction | None = None
    high: Fraction | None = None
    tiers: set[str] = set()
    for c in configurations(bank, session):
        low = c.low if low is None else min(low, c.low)
        high = c.high if high is None else max(high, c.high)
        tiers.update(c.tiers)
    assert low is not None and high is not None  # there is always at least one completion
    return low, high, tuple(t for t in TIER_ORDER if t in tiers)


def count_configurations(bank: Bank, session: Session) -> int:
    return sum(1 for _ in configurations(bank, session))


def open_questions(bank: Bank, session: Session) -> list[Question]:
    """Questions without a fixed answer (whether shown or not)."""
    return [q for q in bank.questions if fixed_answer(q, session.answers.get(q.id)) is None]


def branch_bound(bank: Bank, session: Session) -> int:
    """An upper bound on the number of configurations: the product of the branch counts of the
    open questions (a fixed question has one)."""
    return math.prod(len(branches(bank, q)) for q in open_questions(bank, session))


def provisional(bank: Bank, session: Session) -> tuple[Fraction, str]:
    """The exact score and tier of a session with nothing open (every shown question has a fixed
    answer); ValueError otherwise."""
    found = list(configurations(bank, session))
    if len(found) != 1 or found[0].low != found[0].high:
        raise ValueError("the session still has open questions")
    c = found[0]
    return c.low, tier_of(c.low, c.deductions)


def shown_open(bank: Bank, session: Session) -> list[str]:
    """The questions shown under the current answers that are open (the oracle's own walk with
    open questions treated as unanswered)."""
    known: dict[str, Any] = {}
    na_items: set[str] = set()
    out = []
    for q in bank.questions:
        if q.item_id is not None:
            item = bank.item(q.item_id)
            if item.id in na_items:
                continue
            if item.exclude_when is not None and conditions.evaluate(item.exclude_when, known):
                continue
        if q.when is not None and not conditions.evaluate(q.when, known):
            continue
        fixed = fixed_answer(q, session.answers.get(q.id))
        if fixed is None:
            out.append(q.id)
        elif fixed == NA:
            if q.item_id is not None:
                na_items.add(q.item_id)
        else:
            known[q.id] = fixed[1]
    return out
