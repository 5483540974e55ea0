"""What `bank check` reports about a bank that loaded: counts, points per group, provenance."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from fractions import Fraction

from interviewer.core.bank import SECTIONS, Bank


@dataclass(frozen=True)
class GroupLine:
    id: str
    title_zh: str
    title_en: str
    points: Fraction
    indicators: int
    items: int


@dataclass(frozen=True)
class BankSummary:
    id: str
    version: str
    source: str
    sha256: str
    groups: tuple[GroupLine, ...]
    indicators: int
    items: int
    questions: tuple[tuple[str, int], ...]
    """Questions per section, in asking order."""
    provenance: tuple[tuple[str, int], ...]
    excludable: int
    excluded_by_profile: int
    sampled: int
    weights: str | None
    """The weight profile's name and path, or None for the estimated split."""


PROVENANCES = ("verified", "paraphrased", "certifier_list", "inferred")


def summary(bank: Bank) -> BankSummary:
    sections = Counter(q.section for q in bank.questions)
    provenance = Counter(i.provenance for i in bank.items)
    excludable = [i for i in bank.items if i.excludable]
    return BankSummary(
        id=bank.id,
        version=bank.version,
        source=bank.source,
        sha256=bank.sha256,
        groups=tuple(
            GroupLine(
                g.id,
                g.title.zh,
                g.title.en,
                g.points,
                len(g.indicator_ids),
                sum(1 for i in bank.items if i.group == g.id),
            )
            for g in bank.groups
        ),
        indicators=len(bank.indicators),
        items=len(bank.items),
        questions=tuple((s, sections[s]) for s in SECTIONS),
        provenance=tuple((p, provenance[p]) for p in PROVENANCES),
        excludable=len(excludable),
        excluded_by_profile=sum(1 for i in excludable if i.exclude_when is not None),
        sampled=sum(1 for i in bank.items if i.sampled),
        weights=f"{bank.weights.name.en} ({bank.weights.path})" if bank.weights else None,
    )
