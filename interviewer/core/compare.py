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


def _side(s: Session, ev: Evaluation, lang: Lang) -> str:
    from interviewer.core.figures import score_text
    from interviewer.core.labels import t, tier

    name = s.display_name or s.company or s.id[:8]
    head = f"{name} ({s.updated_at[:10]})"
    if ev.complete:
        return f"{head} — {score_text(ev.score)} {tier(ev.tier, lang)}"
    o = ev.outlook
    tiers = " / ".join(tier(x, lang) for x in o.tiers)
    kind = t(lang, "初筛", "triage") if s.mode == "triage" else t(lang, "未完成", "unfinished")
    return head + t(
        lang,
        f" — 暂定 {score_text(ev.score)}（{kind}，还有 {ev.open_count} 个问题未答；"
        f"理论范围 {score_text(o.low)} – {score_text(o.high)}：{tiers}）",
        f" — provisional {score_text(ev.score)} ({kind}, {ev.open_count} questions open; "
        f"theoretical range {score_text(o.low)} – {score_text(o.high)}: {tiers})",
    )


def differences(bank: Bank, bank_new: Bank, old: Session, new: Session, lang: Lang) -> list[str]:
    """What makes the two sessions not like for like: another company, bank or weights."""
    from interviewer.core.labels import t

    out = []
    if (old.company or "").strip() != (new.company or "").strip():
        out.append(
            t(
                lang,
                f"两次的企业不同（“{old.company or '未填'}”与“{new.company or '未填'}”）。",
                f"The two sessions are of different companies ('{old.company or 'none given'}' and "
                f"'{new.company or 'none given'}').",
            )
        )
    if bank.sha256 != bank_new.sha256 or bank.version != bank_new.version:
        out.append(
            t(
                lang,
                f"两次用的题库不同（{bank.id} v{bank.version} 与 {bank_new.id} v{bank_new.version}），分数不完全可比。",
                f"The two sessions use different banks ({bank.id} v{bank.version} and "
                f"{bank_new.id} v{bank_new.version}); the scores are not fully comparable.",
            )
        )
    w_old = bank.weights.sha256 if bank.weights else None
    w_new = bank_new.weights.sha256 if bank_new.weights else None
    if w_old != w_new:
        out.append(
            t(
                lang,
                "两次用的权重不同，分数不完全可比。",
                "The two sessions are scored with different weights; the scores are not fully comparable.",
            )
        )
    return out


def render(bank: Bank, bank_new: Bank, old: Session, new: Session, lang: str) -> str:
    """Side by side; while either side is provisional (triage or unfinished) both ranges are shown
    and no change of tier is stated as settled."""
    from interviewer.core.figures import delta_text
    from interviewer.core.labels import t, tier

    c = compare(bank, bank_new, old, new)
    L: Lang = "en" if lang == "en" else "zh"
    title = {i.id: i.title.get(L) for i in bank.items}
    out = [f"# {t(L, '两次评估对比', 'Progress between visits')}", ""]
    out.append(f"- {t(L, '上次', 'Before')}: {_side(old, c.old, L)}")
    out.append(f"- {t(L, '这次', 'Now')}: {_side(new, c.new, L)}")
    provisional = not (c.old.complete and c.new.complete)
    if provisional:
        out.append(
            f"- {t(L, '变化（暂定）', 'Change (provisional)')}: {delta_text(c.delta)}"
            + t(
                L,
                "。还有问题未答，星级尚未确定，请勿当作最终结果转告。",
                ". Questions are still open, so neither tier is settled: do not pass this on as a result.",
            )
        )
    else:
        out.append(
            f"- {t(L, '变化', 'Change')}: {delta_text(c.delta)}"
            + (
                f" ({tier(c.old.tier, L)} → {tier(c.new.tier, L)})"
                if c.old.tier != c.new.tier
                else ""
            )
        )
    notes = differences(bank, bank_new, old, new, L)
    if notes:
        out += [""] + [f"> ⚠ {x}" for x in notes]
    for head, ids in (
        (t(L, "改进的条款", "Improved"), c.improved),
        (t(L, "退步的条款", "Fell back"), c.fell_back),
        (t(L, "新回答的条款", "Newly answered"), c.newly_answered),
        (t(L, "新增不适用", "Newly excluded"), c.newly_excluded),
        (t(L, "仍未知的条款", "Still open"), c.still_open),
    ):
        out += ["", f"## {head} ({len(ids)})", ""]
        out += [f"- {i} {title[i]}" for i in ids] or ["- —"]
    return "\n".join(out) + "\n"
