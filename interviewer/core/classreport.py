"""A trainer's view of a whole class: tiers, score spread, pass rate per clause, common gaps, and
one line per participant. Built from the session files' answers (each scored once)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from statistics import median
from typing import Any

from interviewer.core.bank import Bank
from interviewer.core.errors import InterviewerError
from interviewer.core.scoring import TIER_ORDER, evaluate


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


def results(bank: Bank, doc: dict[str, Any]) -> tuple[Participant, dict[str, Any]]:
    """One participant's line and per-clause credits, from a validated session document: taken from
    the summary stored at its last save when that was computed with this very bank (same sha256),
    otherwise scored afresh (the session is only built then, which keeps 1,000 files fast). A
    summary without exact values is from before scores were stored unrounded (69.98 as 70.0), so
    it is scored afresh too."""
    stored = doc.get("summary") or {}
    if (
        stored.get("bank_sha256") == bank.sha256 == doc["bank"]["sha256"]
        and isinstance(stored.get("items"), dict)
        and "scored_answers" in stored
        and "exact" in stored
    ):
        person = Participant(
            doc["id"],
            doc["display_name"],
            doc["company"],
            float(stored["score"]),
            str(stored["tier"]),
            bool(stored["complete"]),
            float(stored["min"]),
            float(stored["max"]),
            int(stored["scored_answers"]),
        )
        return person, dict(stored["items"])
    from interviewer.core.session import from_dict
    from interviewer.core.workspace import repin

    s, _ = repin(bank, from_dict(doc))
    r = evaluate(bank, s)
    items: dict[str, Any] = {
        x.item.id: "x" if x.excluded else None if x.credit is None else float(x.credit)
        for x in r.items
    }
    person = Participant(
        s.id,
        s.display_name,
        s.company,
        float(r.score),
        r.tier,
        r.complete,
        float(r.range_min),
        float(r.range_max),
        r.answered,
    )
    return person, items


def build(bank: Bank, docs: list[dict[str, Any]], problems: list[str]) -> dict[str, Any]:
    people: list[Participant] = []
    met: Counter[str] = Counter()
    applicable: Counter[str] = Counter()
    lost: Counter[str] = Counter()
    for doc in docs:
        try:
            person, credits = results(bank, doc)
        except InterviewerError as exc:  # e.g. answered with another bank: listed, not fatal
            problems.append(f"{doc['id']}: {str(exc).splitlines()[0]}")
            continue
        people.append(person)
        counted = [
            (item_id, credit == 1)
            for item_id, credit in credits.items()
            if credit is not None and credit != "x" and bank.has_item(item_id)
        ]
        applicable.update(item_id for item_id, _ in counted)
        met.update(item_id for item_id, full in counted if full)
        lost.update(item_id for item_id, full in counted if not full)
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
