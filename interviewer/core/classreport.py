"""A trainer's view of a whole class: tiers, score spread, pass rate per clause, common gaps, and
one line per participant. Every figure is scored from the sessions' answers, never read from a file."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
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


@dataclass
class Roll:
    """What some session files add up to; rolls of several batches merge into one."""

    people: list[Participant] = field(default_factory=list)
    met: Counter[str] = field(default_factory=Counter)
    applicable: Counter[str] = field(default_factory=Counter)
    lost: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    weights: Counter[tuple[str, str]] = field(default_factory=Counter)
    """Sessions per weight profile they were scored with ((zh, en) name; ("", "") = estimate)."""

    def add(self, person: Participant, credits: dict[str, Fraction | None]) -> None:
        self.people.append(person)
        for item, c in credits.items():
            if c is None:
                continue
            self.applicable[item] += 1
            if c == 1:
                self.met[item] += 1
            else:
                self.lost[item] += 1

    def merge(self, other: Roll) -> None:
        self.weights.update(other.weights)
        self.people += other.people
        self.met.update(other.met)
        self.applicable.update(other.applicable)
        self.lost.update(other.lost)
        self.problems += other.problems


def score_files(bank: Bank, paths: list[Path], explicit_weights: bool = False) -> Roll:
    """Read, check and score each file from its answers (with its own weight profile); a file
    that cannot be read or was answered with another bank is listed, never fatal."""
    from interviewer.core import store

    roll = Roll()
    for path in paths:
        try:
            s, _ = repin(bank, store.read(path)[0])
            scored = store.scoring_bank(bank, s, explicit_weights)[0]
            roll.add(*results(scored, s))
            w = scored.weights
            roll.weights[(w.name.zh, w.name.en) if w else ("", "")] += 1
        except InterviewerError as exc:
            roll.problems.append(f"{path}: {str(exc).splitlines()[0]}")
    return roll


PARALLEL_FROM = 400
"""Files from which the scoring is shared among the processor's cores."""


def score_all(bank: Bank, paths: list[Path], explicit_weights: bool = False) -> Roll:
    """`score_files` over every file, split over the cores for a large class (forked workers
    inherit the bank; where processes cannot fork, one process does it all)."""
    import multiprocessing

    cores = multiprocessing.cpu_count()
    if (
        cores < 2
        or len(paths) < PARALLEL_FROM
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return score_files(bank, paths, explicit_weights)
    from concurrent.futures import ProcessPoolExecutor

    chunks = [paths[n::cores] for n in range(cores)]
    roll = Roll()
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(cores, mp_context=context) as pool:
        for part in pool.map(score_files, [bank] * cores, chunks, [explicit_weights] * cores):
            roll.merge(part)
    return roll


def build(bank: Bank, roll: Roll) -> dict[str, Any]:
    people, met, applicable, lost = roll.people, roll.met, roll.applicable, roll.lost
    problems = roll.problems
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
        # The session id is the trainee's resume code: whoever holds it can open and change the
        # session, so a class report (shared, projected, uploaded) carries a row number instead.
        "participants": [
            {"number": n, **{k: v for k, v in p.__dict__.items() if k != "id"}}
            for n, p in enumerate(sorted(people, key=lambda p: (-p.score, p.name)), 1)
        ],
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
        "weights": {
            "estimated": roll.weights.get(("", ""), 0),
            "note": {"zh": bank.weighting_note.zh, "en": bank.weighting_note.en},
            "profiles": [
                {"zh": zh, "en": en, "sessions": n}
                for (zh, en), n in sorted(roll.weights.items())
                if (zh, en) != ("", "")
            ],
        },
    }
