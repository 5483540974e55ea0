"""A trainer's view of a whole class: tiers, score spread, points lost per clause, the gaps that
cost the class most, and one line per participant. Every figure is scored from the sessions'
answers, never read from a file.

Only finished sessions make the tier distribution and the score spread: an abandoned start is not
a 不合格 0.0. Started sessions are listed apart with their provisional score; sessions with no
answer and second copies of a session (the same id twice) are counted, said, and left out."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median
from typing import Any

from interviewer.core import storage
from interviewer.core.bank import Bank, Item
from interviewer.core.engine import repin
from interviewer.core.errors import InterviewerError
from interviewer.core.scoring import TIER_ORDER, tally
from interviewer.core.session import Session
from interviewer.core.tiers import FAIL_DEDUCTIONS


@dataclass(frozen=True)
class Participant:
    key: str
    """The session id: only to tell copies apart. It is the trainee's resume code (whoever holds
    it can open and change the session), so no report ever shows it."""
    updated_at: str
    revision: int
    name: str
    company: str
    score: float
    tier: str
    complete: bool
    open_count: int
    """Questions of the full interview still open: the score is provisional while this is not 0."""
    answered: int
    deductions: int
    """Special deductions answered (the standard fails a company at FAIL_DEDUCTIONS, whatever
    its score)."""
    weights: tuple[str, str]
    """The weight profile scored with ((zh, en) name; ("", "") = the tool's estimate)."""
    credits: tuple[float | None, ...]
    """Credit per bank item, in the bank's order (None: not scored: open or not applicable)."""
    lost: tuple[float, ...]
    """Points lost per bank item under the session's own weights (0 where not scored)."""


def results(bank: Bank, session: Session) -> Participant:
    """One participant's line and per-clause credits, scored from the answers (floats: they
    travel between processes and are only shown rounded; the score is read with score_text,
    whose float input is exact enough for one decimal that never crosses a tier line)."""
    t = tally(bank, session)
    credits: list[float | None] = []
    lost: list[float] = []
    for r in t.items:  # integer arithmetic: Fraction operators cost more than the tally itself
        c = r.credit  # None where open or excluded
        if c is None:
            credits.append(None)
            lost.append(0.0)
            continue
        n, d = c.numerator, c.denominator
        if n == d:
            credits.append(1.0)
            lost.append(0.0)
        else:
            p = r.item.points
            credits.append(n / d)
            lost.append((d - n) * p.numerator / (d * p.denominator))
    w = bank.weights
    return Participant(
        session.id,
        session.updated_at or session.created_at,
        session.revision,
        session.display_name,
        session.company,
        float(t.score),
        t.tier,
        t.complete,
        t.open_count,
        t.answered,
        t.deductions,
        (w.name.zh, w.name.en) if w else ("", ""),
        tuple(credits),
        tuple(lost),
    )


@dataclass
class Roll:
    """What some session files add up to; rolls of several batches merge into one."""

    people: list[Participant] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    older: int = 0
    """Sessions left out because they were last changed before `since`."""
    sums: Sums | None = None
    """Per-clause sums over `people` (made where they were scored: the parent only adds the
    workers' sums, unless copies of a session make it count again without them)."""

    def add(self, person: Participant) -> None:
        self.people.append(person)
        if self.sums is None:
            self.sums = Sums.empty(len(person.credits))
        self.sums.add(person)

    def merge(self, other: Roll) -> None:
        self.people += other.people
        self.problems += other.problems
        self.older += other.older
        if other.sums is not None:
            self.sums = other.sums if self.sums is None else self.sums.plus(other.sums)


@dataclass
class Sums:
    """Per bank item: participants scored, at full credit, below it, and points lost."""

    applicable: list[int]
    met: list[int]
    below: list[int]
    lost: list[float]

    @classmethod
    def empty(cls, n: int) -> Sums:
        return cls([0] * n, [0] * n, [0] * n, [0.0] * n)

    def add(self, p: Participant) -> None:
        for i, c in enumerate(p.credits):
            if c is None:
                continue
            self.applicable[i] += 1
            if c >= 1:
                self.met[i] += 1
            else:
                self.below[i] += 1
                self.lost[i] += p.lost[i]

    def plus(self, o: Sums) -> Sums:
        return Sums(
            [a + b for a, b in zip(self.applicable, o.applicable, strict=True)],
            [a + b for a, b in zip(self.met, o.met, strict=True)],
            [a + b for a, b in zip(self.below, o.below, strict=True)],
            [a + b for a, b in zip(self.lost, o.lost, strict=True)],
        )


def score_files(
    bank: Bank, paths: list[Path], explicit_weights: bool = False, since: str = ""
) -> Roll:
    """Read, check and score each file from its answers (with its own weight profile); a file
    that cannot be read or was answered with another bank is listed, never fatal. `since` (an ISO
    date): sessions last changed before it are counted and left out."""
    from interviewer.core import store

    roll = Roll()
    for path in paths:
        try:
            s = store.read(path)[0]
            if since and (s.updated_at or s.created_at)[:10] < since:
                roll.older += 1
                continue
            s = repin(bank, s)[0]
            scored = store.scoring_bank(bank, s, explicit_weights)[0]
            roll.add(results(scored, s))
        except InterviewerError as exc:
            roll.problems.append(f"{path}: {str(exc).splitlines()[0]}")
    return roll


PARALLEL_FROM = 400
"""Files from which the scoring is shared with a forked child (below it, forking costs more
than it saves)."""


def score_all(
    bank: Bank, paths: list[Path], explicit_weights: bool = False, since: str = ""
) -> Roll:
    """`score_files` over every file; for a large class on two cores or more, a forked child
    scores half of them (it inherits the bank: nothing is sent to it, only its participants and
    per-clause sums come back). If the child fails, this process scores its half too."""
    if len(paths) < PARALLEL_FROM or not storage.can_fork():
        return score_files(bank, paths, explicit_weights, since)

    def score(share: list[Path]) -> Roll:
        return score_files(bank, share, explicit_weights, since)

    roll, theirs = storage.in_halves(score, paths)
    roll.merge(theirs if theirs is not None else score(paths[1::2]))
    return roll


def _newest(people: list[Participant]) -> tuple[list[Participant], int]:
    """One participant per session id (the copy changed last wins), and how many copies were
    dropped."""
    by_key: dict[str, Participant] = {}
    for p in people:
        seen = by_key.get(p.key)
        if seen is None or (p.updated_at, p.revision) > (seen.updated_at, seen.revision):
            by_key[p.key] = p
    return list(by_key.values()), len(people) - len(by_key)


def _quartiles(scores: list[float]) -> dict[str, float | None]:
    if not scores:
        return {"min": None, "q1": None, "median": None, "q3": None, "max": None}

    def quart(q: float) -> float:
        pos = q * (len(scores) - 1)
        lo = int(pos)
        hi = min(lo + 1, len(scores) - 1)
        return scores[lo] + (scores[hi] - scores[lo]) * (pos - lo)

    return {
        "min": scores[0],
        "q1": quart(0.25),
        "median": float(median(scores)),
        "q3": quart(0.75),
        "max": scores[-1],
    }


def _row(n: int, p: Participant, anonymise: bool) -> dict[str, Any]:
    return {
        "number": n,
        "name": "" if anonymise else p.name,
        "company": "" if anonymise else p.company,
        "score": p.score,
        "tier": p.tier,
        "complete": p.complete,
        "open_count": p.open_count,
        "answered": p.answered,
        "deductions": p.deductions,
        "fails_by_deductions": p.deductions >= FAIL_DEDUCTIONS,
        "credits": list(p.credits),
    }


def _dates(people: list[Participant]) -> dict[str, str]:
    """The first and last day the listed sessions were changed: which course a report is of."""
    days = sorted(p.updated_at[:10] for p in people if p.updated_at)
    return {"first": days[0], "last": days[-1]} if days else {"first": "", "last": ""}


def build(bank: Bank, roll: Roll, anonymise: bool = False, since: str = "") -> dict[str, Any]:
    """The report's figures. `anonymise`: names and companies are left out (the renderers
    number the participants instead). `since`: the date filter the sessions were read with,
    said in the report."""
    unique, duplicates = _newest(roll.people)
    empty = sum(1 for p in unique if p.answered == 0)
    present = [p for p in unique if p.answered > 0]
    finished = sorted((p for p in present if p.complete), key=lambda p: (-p.score, p.name))
    started = sorted((p for p in present if not p.complete), key=lambda p: (-p.score, p.name))
    tiers = Counter(p.tier for p in finished)
    items = bank.items
    sums = roll.sums
    if duplicates or sums is None:  # copies are in the workers' sums: count the kept ones again
        sums = Sums.empty(len(items))
        for p in present:
            sums.add(p)
    rows = [_row(n, p, anonymise) for n, p in enumerate(finished + started, 1)]
    return {
        "anonymised": anonymise,
        "since": since,
        "dates": _dates(present),
        "finished": rows[: len(finished)],
        "started": rows[len(finished) :],
        "count": len(finished),
        "counts": {
            "finished": len(finished),
            "started": len(started),
            "empty": empty,
            "duplicates": duplicates,
            "older": roll.older,
            "unreadable": len(roll.problems),
        },
        "fail_deductions": FAIL_DEDUCTIONS,
        "tiers": {t: tiers.get(t, 0) for t in TIER_ORDER},
        "scores": _quartiles(sorted(p.score for p in finished)),
        "groups": [
            {"id": g.id, "title_zh": g.title.zh, "title_en": g.title.en} for g in bank.groups
        ],
        "clauses": _clauses(items, sums),
        "common_gaps": _gaps(items, sums),
        "problems": roll.problems,
        "weights": _weights(bank, present),
    }


def _clauses(items: tuple[Item, ...], sums: Sums) -> list[dict[str, Any]]:
    """Each clause across the class: how many it applied to, how many met it, points lost."""
    applicable, met, lost = sums.applicable, sums.met, sums.lost
    return [
        {
            "clause": item.id,
            "title_zh": item.title.zh,
            "title_en": item.title.en,
            "group": item.group,
            "applicable": applicable[i],
            "met": met[i],
            "pass_rate": round(met[i] / applicable[i], 3) if applicable[i] else None,
            "points_lost": round(lost[i], 2),
        }
        for i, item in enumerate(items)
    ]


def _gaps(items: tuple[Item, ...], sums: Sums) -> list[dict[str, Any]]:
    """The ten clauses that cost the class most points (a sampled 9/10 costs little; a missing
    system costs its whole weight)."""
    applicable, below, lost = sums.applicable, sums.below, sums.lost
    ranked = sorted(
        (i for i in range(len(items)) if lost[i] > 0), key=lambda i: (-lost[i], items[i].id)
    )
    return [
        {
            "clause": items[i].id,
            "title_zh": items[i].title.zh,
            "title_en": items[i].title.en,
            "points_lost": round(lost[i], 2),
            "lost_each": round(lost[i] / applicable[i], 2),
            "count": below[i],
            "applicable": applicable[i],
            "share": round(below[i] / applicable[i], 3),
        }
        for i in ranked[:10]
    ]


def _weights(bank: Bank, present: list[Participant]) -> dict[str, Any]:
    """Which weights the figures rest on: how many sessions on the estimates, which profiles."""
    weights = Counter(p.weights for p in present)
    return {
        "estimated": weights.get(("", ""), 0),
        "note": {"zh": bank.weighting_note.zh, "en": bank.weighting_note.en},
        "profiles": [
            {"zh": zh, "en": en, "sessions": n}
            for (zh, en), n in sorted(weights.items())
            if (zh, en) != ("", "")
        ],
    }
