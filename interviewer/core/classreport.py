"""A trainer's view of a whole class: tiers, score spread, pass rate per clause, common gaps, and
one line per participant. Every figure is scored from the sessions' answers, never read from a file."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from statistics import median
from typing import Any

from interviewer.core.bank import Bank
from interviewer.core.engine import repin
from interviewer.core.errors import InterviewerError
from interviewer.core.scoring import TIER_ORDER, tally
from interviewer.core.session import Session


@dataclass(frozen=True)
class Participant:
    id: str
    name: str
    company: str
    score: float
    tier: str
    complete: bool
    open_count: int
    """Questions of the full interview still open: the score is provisional while this is not 0."""
    answered: int


def results(bank: Bank, session: Session) -> tuple[Participant, dict[str, Fraction | None]]:
    """One participant's line and per-clause credits (None: open), scored from the answers."""
    t = tally(bank, session)
    person = Participant(
        session.id,
        session.display_name,
        session.company,
        float(t.score),
        t.tier,
        t.complete,
        t.open_count,
        t.answered,
    )
    return person, {r.item.id: r.credit for r in t.items if not r.excluded}


def build(
    bank_for: Callable[[Session], Bank], sessions: list[Session], problems: list[str], bank: Bank
) -> dict[str, Any]:
    """`bank_for` gives the bank each session is scored with (its own weight profile)."""
    people: list[Participant] = []
    met: Counter[str] = Counter()
    applicable: Counter[str] = Counter()
    lost: Counter[str] = Counter()
    for session in sessions:
        try:
            s, _ = repin(bank, session)
            person, credits = results(bank_for(s), s)
        except InterviewerError as exc:  # e.g. answered with another bank: listed, not fatal
            problems.append(f"{session.id}: {str(exc).splitlines()[0]}")
            continue
        people.append(person)
        counted = [(i, c == 1) for i, c in credits.items() if c is not None]
        applicable.update(i for i, _ in counted)
        met.update(i for i, full in counted if full)
        lost.update(i for i, full in counted if not full)
    scores = sorted(p.score for p in people)
    tiers = Counter(p.tier for p in people)

    def quart(q: float) -> float:
        if not scores:
            return 0.0
        pos = q * (len(scores) - 1)
        lo = int(pos)
        hi = min(lo + 1, len(scores) - 1)
        return scores[lo] + (scores[hi] - scores[lo]) * (pos - lo)

    clauses = [
        {
            "clause": i.id,
            "title_zh": i.title.zh,
            "title_en": i.title.en,
            "group": i.group,
            "applicable": applicable[i.id],
            "met": met[i.id],
            "pass_rate": round(met[i.id] / applicable[i.id], 3) if applicable[i.id] else None,
        }
        for i in bank.items
    ]
    gaps = [
        {
            "clause": c,
            "title_zh": bank.item(c).title.zh,
            "title_en": bank.item(c).title.en,
            "count": n,
            "share": round(n / len(people), 3) if people else 0.0,
        }
        for c, n in lost.most_common(10)
    ]
    return {
        "participants": [p.__dict__ for p in sorted(people, key=lambda p: (-p.score, p.name))],
        "count": len(people),
        "tiers": {t: tiers.get(t, 0) for t in TIER_ORDER},
        "scores": {
            "min": scores[0] if scores else 0.0,
            "q1": quart(0.25),
            "median": float(median(scores)) if scores else 0.0,
            "q3": quart(0.75),
            "max": scores[-1] if scores else 0.0,
        },
        "clauses": clauses,
        "common_gaps": gaps,
        "problems": problems,
    }
