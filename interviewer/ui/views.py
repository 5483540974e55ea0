"""Plain values the widgets render, built from the one evaluation of the session (no Textual here:
the screen builds them, the widgets only draw them)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from interviewer.core import labels
from interviewer.core.bank import Bank, Question
from interviewer.core.scoring import Evaluation
from interviewer.core.text import Lang


@dataclass(frozen=True)
class GroupProgress:
    id: str
    done: int
    total: int


@dataclass(frozen=True)
class SideView:
    lang: Lang
    done: int
    total: int
    groups: tuple[GroupProgress, ...]
    complete: bool
    score: Fraction
    tier: str
    low: Fraction
    high: Fraction
    tiers: tuple[str, ...]
    deductions: int
    current: str
    """Where the interview is: the clause (id and title) or the section of the question on screen."""
    minutes_left: int | None
    unsaved: str


def side_view(
    bank: Bank,
    ev: Evaluation,
    current: Question | None,
    seconds_per_answer: float | None,
    unsaved: str,
    lang: Lang,
) -> SideView:
    answered = {q.id for q in ev.asked} - {q.id for q in ev.waiting}
    groups = []
    for g in bank.groups:
        qs = [q for q in ev.asked if q.item_id and bank.item(q.item_id).group == g.id]
        groups.append(GroupProgress(g.id, sum(1 for q in qs if q.id in answered), len(qs)))
    where = ""
    if current is not None:
        item = bank.item_of(current)
        where = (
            f"{item.id} {item.title.get(lang)}"
            if item
            else labels.SECTION[current.section].get(lang)
        )
    p = ev.progress
    remaining = p.total - p.answered - p.skipped
    minutes = None
    if seconds_per_answer and remaining:
        minutes = max(1, round(seconds_per_answer * remaining / 60))
    return SideView(
        lang=lang,
        done=p.answered + p.skipped,
        total=p.total,
        groups=tuple(groups),
        complete=ev.complete,
        score=ev.score,
        tier=ev.tier,
        low=ev.outlook.low,
        high=ev.outlook.high,
        tiers=ev.outlook.tiers,
        deductions=ev.deductions,
        current=where,
        minutes_left=minutes,
        unsaved=unsaved,
    )
