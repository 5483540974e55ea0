"""A trainer's view of a whole class: tiers, score spread, pass rate per clause, common gaps, and
one line per participant. Built from the session files' answers (each scored once)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from statistics import median
from typing import Any

from interviewer.core.bank import Bank
from interviewer.core.scoring import TIER_ORDER, evaluate
from interviewer.core.session import Session


@dataclass(frozen=True)
class Participant:
    id: str
    name: str
    company: str
    score: float
    tier: str
    complete: bool
    range_min: float
    range_max: float
    answered: int


def build(bank: Bank, sessions: list[Session], problems: list[str]) -> dict[str, Any]:
    people: list[Participant] = []
    met: Counter[str] = Counter()
    applicable: Counter[str] = Counter()
    lost: Counter[str] = Counter()
    for s in sessions:
        r = evaluate(bank, s)
        people.append(
            Participant(
                s.id,
                s.display_name,
                s.company,
                round(float(r.score), 1),
                r.tier,
                r.complete,
                round(float(r.range_min), 1),
                round(float(r.range_max), 1),
                r.answered,
            )
        )
        for x in r.items:
            if x.excluded or x.credit is None:
                continue
            applicable[x.item.id] += 1
            if x.credit == 1:
                met[x.item.id] += 1
            else:
                lost[x.item.id] += 1
    scores = sorted(p.score for p in people)
    tiers = Counter(p.tier for p in people)

    def quart(q: float) -> float:
        if not scores:
            return 0.0
        pos = q * (len(scores) - 1)
        lo = int(pos)
        hi = min(lo + 1, len(scores) - 1)
        return round(scores[lo] + (scores[hi] - scores[lo]) * (pos - lo), 1)

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
            "median": round(median(scores), 1) if scores else 0.0,
            "q3": quart(0.75),
            "max": scores[-1] if scores else 0.0,
        },
        "clauses": clauses,
        "common_gaps": gaps,
        "problems": problems,
    }
