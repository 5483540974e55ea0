"""Scoring the way GB/T 27922-2011 scores:

    score = earned ÷ applicable × 100 − special deductions + bonus (at most 1), clamped to 0..100

An item not met, or met only informally, earns nothing; a sampled item earns n/m; an excluded item
leaves the denominator. Tiers are inclusive lower bounds; 5 or more special deductions fail. All
arithmetic is exact (fractions): a score of exactly 80 is 三星, never 79.99999.

What every answer needs is computed here, once per answer: the `Tally` (item credits, provisional
score, tier, progress) and, in an `Evaluation`, the exact range the final score can still move in.
What only a report needs (upgrade path, weight robustness) lives in `upgrade` and `robustness`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from fractions import Fraction
from typing import Literal, NamedTuple

from interviewer.core import engine
from interviewer.core.bank import Bank, Item, Question
from interviewer.core.completions import given
from interviewer.core.conditions import evaluate as holds
from interviewer.core.engine import Progress
from interviewer.core.outlook import Outlook, outlook
from interviewer.core.session import Answer, Sampled, Session
from interviewer.core.text import I18n, Lang
from interviewer.core.tiers import (
    FAIL_DEDUCTIONS,
    TIER_ORDER,
    TIERS,
    Tier,
    clamp,
    threshold,
    tier_of,
)

__all__ = [
    "FAIL_DEDUCTIONS",
    "TIERS",
    "TIER_ORDER",
    "Breakdown",
    "Evaluation",
    "ItemResult",
    "Tally",
    "Tier",
    "credit_of",
    "evaluate",
    "tally",
    "threshold",
    "tier_of",
]

ZERO, ONE = Fraction(0), Fraction(1)
Status = Literal["met", "partial", "not_met", "open", "excluded"]
NOT_ASKED = I18n("在这些回答下不问这一条", "not asked under these answers")


class ItemResult(NamedTuple):
    """One clause's result. A tuple rather than a dataclass: one is made per clause per session,
    and a class report makes them for every session of a class."""

    item: Item
    status: Status
    credit: Fraction | None = None
    """Credit from the answers given: the lowest of its questions' credits (None: none yet)."""
    exclusion: I18n | str | None = None
    """Why it is excluded: the bank's reason, or the reason the user typed with "not applicable"."""
    pending: bool = False
    """Some of its questions that are asked are still open (unanswered or skipped)."""
    unsure: bool = False
    """One of its answers is flagged "unsure": verify it before applying."""
    quick_win: bool = False
    """Every part it fails is done in practice but not written down: cheap to fix."""

    @property
    def excluded(self) -> bool:
        return self.status == "excluded"

    def why_excluded(self, lang: Lang) -> str:
        """The bank's own reason in the reader's language; a reason the user typed, as typed."""
        if self.exclusion is None:
            return ""
        return self.exclusion.get(lang) if isinstance(self.exclusion, I18n) else self.exclusion

    @property
    def points_lost(self) -> Fraction:
        if self.credit is None:
            return ZERO
        return (ONE - self.credit) * self.item.points


@dataclass(frozen=True)
class Breakdown:
    id: str
    earned: Fraction
    applicable: Fraction
    max: Fraction
    excluded: Fraction
    open: Fraction


@dataclass(frozen=True)
class Tally:
    """The provisional result from the answers given, and where the interview stands."""

    score: Fraction
    tier: Tier
    earned: Fraction
    applicable: Fraction
    deductions: int
    """Special deductions answered so far."""
    deductions_open: tuple[str, ...]
    """Deduction questions still open."""
    bonus: int
    items: tuple[ItemResult, ...]
    eligible: bool | None
    eligibility_failed: tuple[str, ...]
    eligibility_open: tuple[str, ...]
    progress: Progress
    """Questions of the session's own mode (a triage session counts its triage questions)."""
    asked: tuple[Question, ...]
    """The questions of the session's mode under the current answers, in asking order."""
    waiting: tuple[Question, ...]
    """Questions of the session's mode not answered or skipped yet, in asking order."""
    active: frozenset[str]
    """Questions whose answers count: the full interview's branches, whatever the mode."""
    open_count: int
    """Questions of the full interview still open (unanswered, skipped, or with an answer the
    question cannot take)."""
    unsure: tuple[str, ...]

    @property
    def ratio(self) -> Fraction:
        return self.earned / self.applicable if self.applicable else ZERO

    @property
    def complete(self) -> bool:
        """Nothing is left to ask in the full interview: the score is final."""
        return self.open_count == 0

    @property
    def answered(self) -> int:
        return len(self.active) - self.open_count

    @property
    def next_question(self) -> Question | None:
        return self.waiting[0] if self.waiting else None

    @property
    def weakest(self) -> tuple[ItemResult, ...]:
        """Items losing points, most points lost first (ties keep the bank's order)."""
        losing = [r for r in self.items if r.credit is not None and r.credit < 1]
        return tuple(sorted(losing, key=lambda r: -r.points_lost))

    @property
    def unknown(self) -> tuple[ItemResult, ...]:
        return tuple(r for r in self.items if r.status == "open")


@dataclass(frozen=True)
class Evaluation(Tally):
    """A tally with the exact range: what the interview shows after every answer."""

    outlook: Outlook

    @property
    def range_tiers(self) -> tuple[Tier, ...]:
        return self.outlook.tiers


def credit_of(question: Question, answer: Answer) -> Fraction | None:
    if answer.status != "answered":
        return None
    if isinstance(answer.value, Sampled):
        return Fraction(answer.value.n, answer.value.m) if answer.value.m else None
    if question.type == "choice":
        opt = question.option(answer.value)
        return opt.credit if opt is not None else None
    return None


def evaluate(bank: Bank, session: Session) -> Evaluation:
    t = tally(bank, session)
    parts = {f.name: getattr(t, f.name) for f in fields(Tally)}
    return Evaluation(**parts, outlook=outlook(bank, session))


def tally(bank: Bank, session: Session) -> Tally:
    """One pass over the shown questions, then one over the items; point sums in integers (the
    class report tallies every session of a class, so this is kept lean)."""
    full, known = engine.walk(bank, session, "full")
    asked = full if session.mode != "triage" else engine.visible(bank, session, "triage")
    answers = session.answers
    by_item: dict[str, list[Question]] = {}
    open_count = 0
    for q in full:
        a = answers.get(q.id)
        if a is None or a.status == "skipped":
            open_count += 1
        elif a.status == "answered" and given(q, a) is None:
            open_count += 1  # a value the question cannot take: to be answered again
        if q.item_id is not None:
            by_item.setdefault(q.item_id, []).append(q)
    items = [_item(item, by_item.get(item.id, []), answers, known) for item in bank.items]
    earned, applicable = _sums(bank, items)
    ratio = earned / applicable if applicable else ZERO
    extras = _specials(full, answers)
    score = clamp(ratio * 100 - extras.deductions + extras.bonus)
    return Tally(
        score=score,
        tier=tier_of(score, extras.deductions),
        earned=earned,
        applicable=applicable,
        deductions=extras.deductions,
        deductions_open=extras.deductions_open,
        bonus=extras.bonus,
        items=tuple(items),
        eligible=False if extras.failed else (None if extras.eligibility_open else True),
        eligibility_failed=extras.failed,
        eligibility_open=extras.eligibility_open,
        progress=_progress(asked, answers),
        asked=tuple(asked),
        waiting=tuple(q for q in asked if q.id not in answers),
        active=frozenset(q.id for q in full),
        open_count=open_count,
        unsure=tuple(q.id for q in full if q.id in answers and answers[q.id].unsure),
    )


def _sums(bank: Bank, items: Sequence[ItemResult]) -> tuple[Fraction, Fraction]:
    """Earned and applicable points, summed as integers (points × the bank's scale; partial
    credits grouped by their denominator): Fraction operators cost more than the whole tally."""
    scale, points = bank.scaled_points()
    whole = applicable = 0
    by_denominator: dict[int, int] = {}
    for r, p in zip(items, points, strict=True):  # one result per bank item, in its order
        c = r.credit
        if c is None:
            continue
        applicable += p
        n, d = c.numerator, c.denominator
        if n == d:
            whole += p
        elif n:
            by_denominator[d] = by_denominator.get(d, 0) + n * p
    earned = Fraction(whole) + sum((Fraction(n, d) for d, n in by_denominator.items()), ZERO)
    return earned / scale, Fraction(applicable, scale)


def _progress(asked: Sequence[Question], answers: Mapping[str, Answer]) -> Progress:
    answered = skipped = 0
    for q in asked:
        a = answers.get(q.id)
        if a is None:
            continue
        if a.status == "skipped":
            skipped += 1
        else:
            answered += 1
    return Progress(answered, skipped, len(asked))


def _item(
    item: Item, asked: list[Question], answers: Mapping[str, Answer], known: dict[str, object]
) -> ItemResult:
    """One item's result from its asked questions' answers (an item whose questions are all
    hidden was excluded by the profile, or is not asked under these answers)."""
    if not asked:
        if item.exclude_when is not None and holds(item.exclude_when, known):
            return ItemResult(item, "excluded", exclusion=item.exclude_reason or NOT_ASKED)
        return ItemResult(item, "excluded", exclusion=NOT_ASKED)
    credit: Fraction | None = None
    pending = unsure = failing = False
    quick = True
    for q in asked:
        a = answers.get(q.id)
        if a is None or a.status == "skipped":
            pending = True
            continue
        if a.status == "na":
            return ItemResult(item, "excluded", exclusion=a.note)
        v = a.value
        opt = None
        if isinstance(v, Sampled):
            c = Fraction(v.n, v.m) if v.m else None
        else:
            opt = q.option(v)
            c = opt.credit if opt is not None else None
        if c is None:
            pending = True
            continue
        unsure |= a.unsure
        if c.numerator < c.denominator:  # a failing part: quick only if done but unwritten
            failing = True
            quick = quick and opt is not None and opt.quick_win
        if credit is None or c.numerator * credit.denominator < credit.numerator * c.denominator:
            credit = c
    if credit is None:
        return ItemResult(item, "open", pending=True)
    status: Status = (
        "met"
        if credit.numerator == credit.denominator
        else "not_met"
        if credit.numerator == 0
        else "partial"
    )
    return ItemResult(
        item, status, credit, pending=pending, unsure=unsure, quick_win=failing and quick
    )


@dataclass(frozen=True)
class _Specials:
    deductions: int
    deductions_open: tuple[str, ...]
    bonus: int
    failed: tuple[str, ...]
    eligibility_open: tuple[str, ...]


def _specials(full: Sequence[Question], answers: Mapping[str, Answer]) -> _Specials:
    deductions, bonus = 0, 0
    ded_open: list[str] = []
    failed: list[str] = []
    elig_open: list[str] = []
    for q in full:
        if q.section not in ("special", "eligibility"):
            continue
        a = answers.get(q.id)
        value = given(q, a)
        if q.effect == "deduction":
            if value is None:
                ded_open.append(q.id)
            elif isinstance(value, int):
                deductions += value
        elif q.effect == "bonus":
            c = credit_of(q, a) if a is not None else None
            bonus = max(bonus, int(c == ONE))
        elif q.section == "eligibility":
            c = credit_of(q, a) if a is not None else None
            if c is None:
                elig_open.append(q.id)
            elif c < 1:
                failed.append(q.id)
    return _Specials(deductions, tuple(ded_open), bonus, tuple(failed), tuple(elig_open))


def breakdowns(bank: Bank, t: Tally) -> tuple[tuple[Breakdown, ...], tuple[Breakdown, ...]]:
    """Points per group and per indicator (for reports and the report screen)."""
    groups = tuple(
        _breakdown(g.id, g.points, [r for r in t.items if r.item.group == g.id])
        for g in bank.groups
    )
    indicators = tuple(
        _breakdown(
            i.id,
            sum((bank.item(x).points for x in i.item_ids), ZERO),
            [r for r in t.items if r.item.indicator == i.id],
        )
        for i in bank.indicators
    )
    return groups, indicators


def _breakdown(gid: str, maximum: Fraction, rows: list[ItemResult]) -> Breakdown:
    scored = [r for r in rows if r.credit is not None]
    return Breakdown(
        id=gid,
        earned=sum((r.credit * r.item.points for r in scored if r.credit is not None), ZERO),
        applicable=sum((r.item.points for r in scored), ZERO),
        max=maximum,
        excluded=sum((r.item.points for r in rows if r.excluded), ZERO),
        open=sum((r.item.points for r in rows if r.status == "open"), ZERO),
    )
