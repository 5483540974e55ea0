"""Two sessions of the same company side by side: what changed between visits."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from interviewer.core.bank import Bank
from interviewer.core.scoring import Evaluation, evaluate
from interviewer.core.session import Session
from interviewer.core.text import Lang


@dataclass(frozen=True)
class Comparison:
    old: Evaluation
    new: Evaluation
    improved: tuple[str, ...]
    fell_back: tuple[str, ...]
    still_open: tuple[str, ...]
    newly_excluded: tuple[str, ...]
    newly_answered: tuple[str, ...] = ()

    @property
    def delta(self) -> Fraction:
        return self.new.score - self.old.score


def compare(bank_old: Bank, bank_new: Bank, old: Session, new: Session) -> Comparison:
    """Improved / fell back compare each clause's credit (so 8/10 → 5/10 is a fall back even
    though both are "partly met"); clauses first answered this time are listed as newly answered.
    Each session is scored with its own bank (its own weight profile)."""
    a, b = evaluate(bank_old, old), evaluate(bank_new, new)
    before = {r.item.id: r for r in a.items}
    improved, fell, still, excl, fresh = [], [], [], [], []
    for r in b.items:
        o = before[r.item.id]
        if r.excluded:
            if not o.excluded:
                excl.append(r.item.id)
            continue
        if r.credit is None:
            still.append(r.item.id)
        elif o.credit is None:
            fresh.append(r.item.id)
        elif r.credit > o.credit:
            improved.append(r.item.id)
        elif r.credit < o.credit:
            fell.append(r.item.id)
    return Comparison(a, b, tuple(improved), tuple(fell), tuple(still), tuple(excl), tuple(fresh))


def render(bank: Bank, bank_new: Bank, old: Session, new: Session, lang: str) -> str:
    from interviewer.core.figures import delta_text, score_text
    from interviewer.core.labels import t, tier

    c = compare(bank, bank_new, old, new)
    L: Lang = "en" if lang == "en" else "zh"
    title = {i.id: i.title.get(L) for i in bank.items}
    out = [f"# {t(L, '两次评估对比', 'Progress between visits')}", ""]
    out.append(
        f"- {t(L, '上次', 'Before')}: {old.display_name or old.id[:8]} ({old.updated_at[:10]}) — "
        f"{score_text(c.old.score)} {tier(c.old.tier, L)}"
    )
    out.append(
        f"- {t(L, '这次', 'Now')}: {new.display_name or new.id[:8]} ({new.updated_at[:10]}) — "
        f"{score_text(c.new.score)} {tier(c.new.tier, L)}"
    )
    out.append(
        f"- {t(L, '变化', 'Change')}: {delta_text(c.delta)}"
        + (f" ({tier(c.old.tier, L)} → {tier(c.new.tier, L)})" if c.old.tier != c.new.tier else "")
    )
    for head, ids in (
        (t(L, "改进的条款", "Improved"), c.improved),
        (t(L, "退步的条款", "Fell back"), c.fell_back),
        (t(L, "仍未知的条款", "Still open"), c.still_open),
        (t(L, "新增不适用", "Newly excluded"), c.newly_excluded),
    ):
        out += ["", f"## {head} ({len(ids)})", ""]
        out += [f"- {i} {title[i]}" for i in ids] or ["- —"]
    return "\n".join(out) + "\n"
