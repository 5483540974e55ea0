"""What the interview can still turn into: every completion the bank allows, folded into choices.

A completion answers every question that would still be shown (unanswered, skipped, or answered
with a value the question cannot take) and keeps every answer given, including answers kept under a
branch that is hidden now: they count again if the branch comes back. Enumerating completions
outright is exponential, so the bank is cut into blocks (an item's questions, or one other
question) and the blocks into independent components:

* a block is a *leaf* when no other block reads its answers: given the answers it reads, its
  possible outcomes depend on nothing else, so it is walked once per distinct reading;
* the blocks whose answers other blocks read (mostly profile questions) are walked together, per
  component, into *scenarios*; each scenario fixes those answers, and each leaf then contributes its
  own set of outcomes.

The result is a list of `Case`s (usually one): the deductions and bonus it allows, and `Unit`s to
choose from. A unit is a choice among alternatives (a component's distinct scenarios); an
alternative is independent items, each with its set of outcomes. Outcomes are integers over one
common scale, so that the ratio search in `outlook` runs on integers.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from interviewer.core import conditions
from interviewer.core.bank import Bank, Question
from interviewer.core.session import Answer, Sampled, Session

SCENARIO_LIMIT = 20_000
"""Scenarios walked per component before giving up on exactness (only hostile banks get there)."""


@dataclass(frozen=True)
class Layout:
    """The blocks of a bank and which answers each reads. Depends on the bank only."""

    blocks: tuple[tuple[str, ...], ...]
    """Question ids per block, in asking order."""
    reads: tuple[frozenset[str], ...]
    """Per block: the questions of other blocks that its conditions read."""
    components: tuple[tuple[int, ...], ...]
    """Blocks linked by what they read, in asking order; only components that can score."""
    read_anywhere: frozenset[str]
    """Questions some condition reads: their open answers are enumerated value by value."""
    literals: Mapping[str, tuple[float, ...]]
    """Numbers each question is compared with (number questions branch on those classes)."""


def layout(bank: Bank) -> Layout:
    blocks: list[list[str]] = []
    block_of: dict[str, int] = {}
    for q in bank.questions:
        if q.item_id is None or not blocks or bank.question(blocks[-1][0]).item_id != q.item_id:
            blocks.append([])
        blocks[-1].append(q.id)
        block_of[q.id] = len(blocks) - 1
    reads: list[set[str]] = [set() for _ in blocks]
    literals: dict[str, set[float]] = {}
    for q in bank.questions:
        item = bank.item_of(q)
        for cond in (q.when, item.exclude_when if item else None):
            for ref, lit in conditions.references(cond) if cond is not None else ():
                if not bank.has_question(ref):
                    continue
                literals.setdefault(ref, set())
                if isinstance(lit, int | float) and not isinstance(lit, bool):
                    literals[ref].add(lit)
                if block_of[ref] != block_of[q.id]:
                    reads[block_of[q.id]].add(ref)
    return Layout(
        tuple(tuple(b) for b in blocks),
        tuple(frozenset(r) for r in reads),
        _components(bank, blocks, reads, block_of),
        frozenset(literals),
        {k: tuple(sorted(v)) for k, v in literals.items()},
    )


def _components(
    bank: Bank, blocks: list[list[str]], reads: list[set[str]], block_of: dict[str, int]
) -> tuple[tuple[int, ...], ...]:
    parent = list(range(len(blocks)))

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for n, refs in enumerate(reads):
        for ref in refs:
            parent[root(block_of[ref])] = root(n)
    members: dict[int, list[int]] = {}
    for n in range(len(blocks)):
        members.setdefault(root(n), []).append(n)

    def scores(n: int) -> bool:
        q = bank.question(blocks[n][0])
        return q.item_id is not None or q.effect is not None

    return tuple(sorted(tuple(g) for g in members.values() if any(scores(n) for n in g)))


# -- one walk through some questions, branching at every open one ----------------------------------

NA = object()
"""The answer "not applicable"."""
SOME_COUNT = object()
"""An open deduction count nobody reads: any of 0..max, kept as a range instead of a branch each."""
ANY_SAMPLE = Sampled(0, 1)
"""An open record check: some n/m. Conditions cannot tell one Sampled from another."""
Credit = tuple[Fraction, Fraction]
"""The lowest and highest credit an item can get in one branch (they differ by open samples)."""


@dataclass
class _State:
    known: dict[str, Any]
    na_items: set[str] = field(default_factory=set)
    credit: dict[str, Credit] = field(default_factory=dict)
    d_lo: int = 0
    d_hi: int = 0
    bonus: int = 0

    def copy(self) -> _State:
        return _State(
            dict(self.known),
            set(self.na_items),
            dict(self.credit),
            self.d_lo,
            self.d_hi,
            self.bonus,
        )


def given(q: Question, a: Answer | None) -> Any:
    """The answer every completion keeps (a value, or NA), or None when the question is open."""
    if a is None or a.status == "skipped":
        return None
    if a.status == "na":
        return NA
    v = a.value
    if q.type == "choice":
        return v if q.option(v) is not None else None
    if q.type == "sampled":
        return v if isinstance(v, Sampled) and 0 <= v.n <= v.m and v.m >= 1 else None
    return v if isinstance(v, int) and not isinstance(v, bool) else None


def _answers_for(q: Question, lay: Layout) -> list[Any]:
    """Every answer a completion may give an open question (numbers by the classes conditions see)."""
    out: list[Any]
    if q.type == "choice":
        if q.id in lay.read_anywhere or q.effect is not None:
            out = [o.value for o in q.options]
        else:  # nobody reads the value: one branch per distinct credit is enough
            out = list({o.credit: o.value for o in q.options}.values())
    elif q.type == "sampled":
        out = [ANY_SAMPLE]
    elif q.id not in lay.read_anywhere:  # nobody reads it: only a deduction count matters
        out = [SOME_COUNT] if q.effect == "deduction" else [q.min]
    else:
        top = q.max if q.max is not None else q.min
        picks = {q.min, top}
        for lit in lay.literals.get(q.id, ()):
            picks |= {math.floor(lit) - 1, math.floor(lit), math.ceil(lit), math.ceil(lit) + 1}
        out = sorted(v for v in picks if q.min <= v <= top)
    if q.can_be_na:
        out.append(NA)
    return out


def _record(q: Question, value: Any, st: _State) -> None:
    """One shown question's answer, as the engine and the scorer take it."""
    if value is NA:
        if q.item_id is not None:  # the whole item drops out, whatever its earlier answers said
            st.na_items.add(q.item_id)
            st.credit.pop(q.item_id, None)
        return
    if value is SOME_COUNT:
        st.d_hi += q.max or 0
        return
    st.known[q.id] = value
    if q.effect == "deduction":
        st.d_lo += int(value)
        st.d_hi += int(value)
    elif q.effect == "bonus":
        opt = q.option(value)
        st.bonus = max(st.bonus, int(opt is not None and opt.credit == 1))
    if q.item_id is None:
        return
    if value is ANY_SAMPLE:
        lo, hi = Fraction(0), Fraction(1)
    elif isinstance(value, Sampled):
        lo = hi = Fraction(value.n, value.m)
    else:
        opt = q.option(value)
        lo = hi = opt.credit if opt is not None and opt.credit is not None else Fraction(0)
    old = st.credit.get(q.item_id)
    st.credit[q.item_id] = (lo, hi) if old is None else (min(old[0], lo), min(old[1], hi))


def _shown(bank: Bank, q: Question, st: _State) -> bool:
    """The engine's visibility rule, over the answers of this branch."""
    item = bank.item_of(q)
    if item is not None:
        if item.id in st.na_items:
            return False
        if item.exclude_when is not None and conditions.evaluate(item.exclude_when, st.known):
            return False
    return q.when is None or conditions.evaluate(q.when, st.known)


def walk(
    bank: Bank, lay: Layout, qids: Sequence[str], answers: Mapping[str, Answer], start: _State
) -> Iterator[_State]:
    """Every way the questions `qids` can still go from `start`: one state per leaf."""
    stack: list[tuple[int, _State]] = [(0, start)]
    while stack:
        n, st = stack.pop()
        while n < len(qids):
            q = bank.question(qids[n])
            n += 1
            if not _shown(bank, q, st):
                continue
            fixed = given(q, answers.get(q.id))
            if fixed is not None:
                _record(q, fixed, st)
                continue
            first, *others = _answers_for(q, lay)
            for value in others:
                branch = st.copy()
                _record(q, value, branch)
                stack.append((n, branch))
            _record(q, first, st)
        yield st


# -- folding the walks into choices --------------------------------------------------------------

Special = tuple[int, int, bool, bool]
"""(fewest deductions, most deductions, can end without the bonus, can end with it)."""
Signature = tuple[frozenset[Credit | None], ...]
"""One scenario of a component: per item, the credits it can end with (None: no credit)."""
Outcome = tuple[int, int, int]
"""(earned if open record checks score 0, earned if they score 1, applicable points), scaled."""
Alternative = tuple[tuple[Outcome, ...], ...]
"""Independent items, each with the outcomes it can end with."""


@dataclass(frozen=True)
class Unit:
    """A choice among alternatives: a component's distinct scenarios (often just one)."""

    alternatives: tuple[Alternative, ...]


@dataclass(frozen=True)
class Case:
    units: tuple[Unit, ...]
    d_lo: int
    d_hi: int
    without_bonus: bool
    with_bonus: bool


@dataclass(frozen=True)
class Choices:
    cases: tuple[Case, ...]
    scale: int
    """Outcomes are credit × points × scale."""
    exact: bool = True
    """False when a component had too many scenarios: then the figures are only outer bounds."""


def choices_of(bank: Bank, session: Session) -> Choices:
    lay = bank.memo("layout", layout)
    parts: list[dict[Special, list[Signature]]] = []
    exact = True
    for comp in lay.components:
        found, complete = _component(bank, lay, comp, session.answers)
        exact &= complete
        parts.append(found)
    items = [
        [
            bank.question(lay.blocks[n][0]).item_id
            for n in comp
            if bank.question(lay.blocks[n][0]).item_id
        ]
        for comp in lay.components
    ]
    return _fold(bank, items, parts, exact)


def _component(
    bank: Bank, lay: Layout, comp: tuple[int, ...], answers: Mapping[str, Answer]
) -> tuple[dict[Special, list[Signature]], bool]:
    """A component's distinct scenarios, grouped by the deductions and bonus they allow."""
    read = {r for n in comp for r in lay.reads[n]}
    couplers = [n for n in comp if any(q in read for q in lay.blocks[n])]
    leaves = [n for n in comp if n not in couplers]
    item_of = {n: bank.question(lay.blocks[n][0]).item_id for n in comp}
    item_ids = [i for i in item_of.values() if i is not None]
    memo: dict[tuple[int, tuple[Any, ...]], list[_State]] = {}
    found: dict[Special, dict[Signature, None]] = {}
    qids = [q for n in couplers for q in lay.blocks[n]]
    for count, scenario in enumerate(walk(bank, lay, qids, answers, _State({}))):
        if count >= SCENARIO_LIMIT:
            return {k: list(v) for k, v in found.items()}, False
        credits: dict[str, set[Credit | None]] = {
            i: {scenario.credit.get(i)} for n, i in item_of.items() if i and n in couplers
        }
        d_lo = d_hi = scenario.d_lo
        without, with_ = scenario.bonus == 0, scenario.bonus == 1
        for n in leaves:
            reads = sorted(lay.reads[n])
            key = (n, tuple((r, scenario.known[r]) for r in reads if r in scenario.known))
            ends = memo.get(key)
            if ends is None:
                start = _State({r: scenario.known[r] for r in reads if r in scenario.known})
                ends = memo[key] = list(walk(bank, lay, lay.blocks[n], answers, start))
            item = item_of[n]
            if item is not None:
                credits[item] = {e.credit.get(item) for e in ends}
                continue
            d_lo += min(e.d_lo for e in ends)
            d_hi += max(e.d_hi for e in ends)
            without &= any(e.bonus == 0 for e in ends)
            with_ |= any(e.bonus == 1 for e in ends)
        signature = tuple(frozenset(credits[i]) for i in item_ids)
        found.setdefault((d_lo, d_hi, without, with_), {})[signature] = None
    return {k: _undominated(list(v)) for k, v in found.items()}, True


def _undominated(signatures: list[Signature]) -> list[Signature]:
    """Drop scenarios whose every item can do no more than in another scenario: they add nothing
    to any extreme or to any tier a completion can reach."""
    signatures.sort(key=lambda s: -sum(len(x) for x in s))
    kept: list[Signature] = []
    for s in signatures:
        if not any(all(a <= b for a, b in zip(s, k, strict=True)) for k in kept):
            kept.append(s)
    return kept


def _fold(
    bank: Bank,
    items: list[list[str | None]],
    parts: list[dict[Special, list[Signature]]],
    exact: bool,
) -> Choices:
    scale = _scale(bank, parts)
    keys = [list(p) for p in parts]
    cases = []
    for combo in itertools.product(*keys):
        units = []
        for n, key in enumerate(combo):
            points = [bank.item(i).points for i in items[n] if i is not None]
            units.append(Unit(tuple(_scaled(sig, points, scale) for sig in parts[n][key])))
        cases.append(
            Case(
                tuple(units),
                sum(k[0] for k in combo),
                sum(k[1] for k in combo),
                all(k[2] for k in combo),
                any(k[3] for k in combo),
            )
        )
    return Choices(tuple(cases), scale, exact)


def _scale(bank: Bank, parts: list[dict[Special, list[Signature]]]) -> int:
    """A common denominator of every credit × points, so the search works on integers."""
    dens = {1}
    for part in parts:
        for signatures in part.values():
            for sig in signatures:
                for credits in sig:
                    for c in credits:
                        if c is not None:
                            dens |= {c[0].denominator, c[1].denominator}
    return math.lcm(1, *(i.points.denominator for i in bank.items)) * math.lcm(*dens)


def _scaled(sig: Signature, points: list[Fraction], scale: int) -> Alternative:
    out = []
    for credits, p in zip(sig, points, strict=True):
        outs = set()
        for c in credits:
            if c is None:
                outs.add((0, 0, 0))
            else:
                outs.add((int(c[0] * p * scale), int(c[1] * p * scale), int(p * scale)))
        out.append(tuple(sorted(outs)))
    return tuple(out)
