"""The training card: what training mode shows after an answer to a scored clause.

A course on the standard needs more than the F2 explanation repeated after every question: the
clause is explained once (requirement, why, evidence that applies to this business, the figure the
user's own numbers give), every answer is told what it earns and why, an answer that loses points
gets the clause's fix steps, and each indicator's first card carries a discussion prompt and a
common mistake for the class. Every part says where it comes from: the standard (as the bank's
provenance records it) or the tool's inference. Pure: the conversation keeps which clauses were
explained and hands them in.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from interviewer.core import conditions, labels
from interviewer.core.bank import Bank, Item, Question
from interviewer.core.labels import t
from interviewer.core.scoring import credit_of
from interviewer.core.session import Answer, Sampled, Session
from interviewer.core.text import Lang


@dataclass(frozen=True)
class TrainingCard:
    """One card, in one language. `explained` is False on a later question of a clause already
    explained: the card then holds only what this answer earns (and the fix steps)."""

    item_id: str
    title: str
    verdict: str
    """What this answer earns and why."""
    fix: tuple[str, ...]
    """The clause's fix steps, when this answer loses points (empty otherwise)."""
    explained: bool
    requirement: str = ""
    why: str = ""
    evidence: tuple[str, ...] = ()
    figure: str = ""
    """A number worked out from the user's earlier answers (5.1.2.2: 10 % of the headcount)."""
    points: str = ""
    source: str = ""
    """Where the requirement comes from (the bank's provenance)."""
    discussion: str = ""
    mistake: str = ""
    lang: Lang = "zh"

    @property
    def heading(self) -> str:
        return self.title

    def lines(self) -> tuple[str, ...]:
        """The card as lines of plain text (never markup), in the card's language."""
        lang = self.lang
        sep = t(lang, "；", "; ")
        out = [t(lang, "您的回答：", "Your answer: ") + self.verdict]
        if self.fix:
            out.append(t(lang, "怎么补上：", "How to fix it:"))
            out += [f"  {n}. {step}" for n, step in enumerate(self.fix, 1)]
        if not self.explained:
            return tuple(out)
        out.append(t(lang, "要求：", "Requirement: ") + self.requirement)
        out.append(t(lang, "为什么重要：", "Why it matters: ") + (self.why or "—"))
        if self.evidence:
            out.append(
                t(lang, "审核员会看：", "Evidence an auditor asks for: ") + sep.join(self.evidence)
            )
        if self.figure:
            out.append(t(lang, "按您填的数字：", "From your numbers: ") + self.figure)
        out.append(
            t(lang, "分值：", "Points: ")
            + self.points
            + t(lang, "  ·  要求的来源：", "  ·  source of the requirement: ")
            + self.source
        )
        if self.discussion or self.mistake:
            out.append(
                t(
                    lang,
                    "以下课堂材料是本工具推断的，不是标准原文：",
                    "The class material below is inferred by this tool, not the standard's text:",
                )
            )
            if self.discussion:
                out.append(t(lang, "讨论：", "Discuss: ") + self.discussion)
            if self.mistake:
                out.append(t(lang, "常见错误：", "Common mistake: ") + self.mistake)
        return tuple(out)

    @property
    def text(self) -> str:
        return "\n".join(self.lines())


def card(
    bank: Bank,
    session: Session,
    question: Question,
    answer: Answer | None,
    lang: Lang,
    explained: frozenset[str],
) -> TrainingCard | None:
    """The card after `answer` to `question`; None for a question outside the scored clauses.
    `explained` holds the clauses (and indicators) already explained in this session: the
    explanation and the class material are not repeated."""
    item = bank.item_of(question)
    if item is None:
        return None
    known = {k: a.value for k, a in session.answers.items() if a.status == "answered"}
    verdict, loses = _verdict(bank, item, question, answer, lang)
    first = item.id not in explained
    title = f"{item.id} {item.title.get(lang)}"
    fix = item.fix.get(lang) if loses else ()
    if not first:
        return TrainingCard(item.id, title, verdict, fix, False, lang=lang)
    indicator = bank.indicator(item.indicator)
    new_indicator = indicator.id not in explained
    return TrainingCard(
        item.id,
        title,
        verdict,
        fix,
        True,
        requirement=item.requirement.get(lang),
        why=item.why.get(lang) if item.why else "",
        evidence=evidence(item, known, lang),
        figure=figure(bank, item, known, lang),
        points=_points(bank, item, lang),
        source=labels.PROVENANCE[item.provenance].get(lang),
        discussion=indicator.discussion.get(lang) if new_indicator and indicator.discussion else "",
        mistake=indicator.mistake.get(lang) if new_indicator and indicator.mistake else "",
        lang=lang,
    )


def explains(card: TrainingCard, bank: Bank) -> frozenset[str]:
    """What a shown card has explained: its clause and, on a first card, its indicator."""
    if not card.explained:
        return frozenset({card.item_id})
    return frozenset({card.item_id, bank.item(card.item_id).indicator})


def before_asking(bank: Bank, session: Session, question: Question, lang: Lang) -> str:
    """What to show just before the first question of a clause that sets a quota: the figure
    worked out from the user's own number, so nobody computes it by hand while answering."""
    item = bank.item_of(question)
    if item is None or item.quota is None or item.question_ids[0] != question.id:
        return ""
    known = {k: a.value for k, a in session.answers.items() if a.status == "answered"}
    shown = figure(bank, item, known, lang)
    return t(lang, "按您填的数字：", "From your numbers: ") + shown if shown else ""


def explained_by(bank: Bank, session: Session) -> frozenset[str]:
    """The clauses and indicators a resumed session has already seen cards for: every clause with
    an answer, and its indicator."""
    out: set[str] = set()
    for qid in session.answers:
        if bank.has_question(qid):
            item = bank.item_of(bank.question(qid))
            if item is not None:
                out |= {item.id, item.indicator}
    return frozenset(out)


def evidence(item: Item, known: Mapping[str, Any], lang: Lang) -> tuple[str, ...]:
    """The evidence lines that apply to this business: a line with a condition is left out once the
    answers say the condition does not hold (kept while it is still open)."""
    lines = item.evidence.get(lang)
    out = []
    for n, line in enumerate(lines):
        cond = item.evidence_when[n] if n < len(item.evidence_when) else None
        if cond is not None and conditions.decided(cond, known) is False:
            continue
        out.append(line)
    return tuple(out)


def figure(bank: Bank, item: Item, known: Mapping[str, Any], lang: Lang) -> str:
    """The quota the clause sets, worked out from the number the user gave earlier."""
    quota = item.quota
    if quota is None:
        return ""
    n = known.get(quota.of)
    if isinstance(n, bool) or not isinstance(n, int):
        return ""
    need = max(quota.least, math.ceil(Fraction(n * quota.percent, 100)))
    exact = Fraction(n * quota.percent, 100)
    shown = str(exact.numerator) if exact.denominator == 1 else f"{float(exact):.1f}"
    return t(
        lang,
        f"您前面填的是 {n}；{n} × {quota.percent}% = {shown}，向上取整，"
        f"至少需要 {need} {quota.needed.zh}。",
        f"You gave {n} earlier; {n} × {quota.percent}% = {shown}, rounded up: at least {need} "
        f"({quota.needed.get('en')}).",
    )


def _points(bank: Bank, item: Item, lang: Lang) -> str:
    value = f"{float(item.points):.2f}"
    if bank.weights is not None:
        return value + t(lang, "（权重文件）", " (weight profile)")
    return value + t(
        lang, "（估计，标准未公布到条款）", " (estimate: the standard gives no clause points)"
    )


def _unscored(answer: Answer | None, lang: Lang) -> str:
    """Set aside or 不适用: nothing earned, nothing lost yet."""
    if answer is None or answer.status == "skipped":
        return t(
            lang,
            "先跳过了（不知道），这一条暂不计分，报告里算作待查。查清楚后回来补答。",
            "Set aside as 'don't know': the clause is not scored yet and the report lists it as "
            "open. Find out and come back to it.",
        )
    return t(
        lang,
        "不适用：这一条不计入总分，审核时要能说明理由。",
        "Not applicable: the clause is left out of the total; be ready to explain why at the audit.",
    )


def _sampled_verdict(sample: Sampled, got: str, pts: str, lang: Lang) -> str:
    """Points by the share of records in order, the way the auditor samples them."""
    return t(
        lang,
        f"抽查 {sample.m} 份，{sample.n} 份合格：按合格比例给分，"
        f"这一条得 {got} 分（满分 {pts}）。审核员也是这样抽查记录的。",
        f"{sample.n} of {sample.m} records checked were in order: points go by "
        f"that share, {got} of {pts} for the clause. The auditor samples records the same way.",
    )


def _verdict(
    bank: Bank, item: Item, q: Question, answer: Answer | None, lang: Lang
) -> tuple[str, bool]:
    """(what this answer earns and why, whether it loses points)."""
    if answer is None or answer.status in ("skipped", "na"):
        return _unscored(answer, lang), False
    pts = f"{float(item.points):.2f}"
    credit = credit_of(q, answer)
    option = q.option(answer.value) if q.type == "choice" else None
    label = option.label.get(lang) if option is not None else ""
    more = len(item.question_ids) > 1 and item.question_ids[0] == q.id
    if credit is None:
        return (t(lang, "这个回答不计分。", "This answer earns no points."), False)
    if isinstance(answer.value, Sampled):
        return _sampled_verdict(answer.value, f"{float(credit * item.points):.2f}", pts, lang), (
            credit < 1
        )
    if credit >= 1:
        return (
            t(
                lang,
                f"“{label}”：符合要求，这一条可得 {pts} 分"
                + ("（同一条款的其他问题也要符合）。" if more else "。"),
                f"'{label}' meets the requirement, so the clause can earn {pts}"
                + (" (if its other questions are met too)." if more else "."),
            ),
            False,
        )
    if option is not None and option.quick_win:
        return (
            t(
                lang,
                f"“{label}”：这一条得 0 分，审核员只认书面文件和记录，做了但没写下来，审核时等于没有。"
                "快速补救：把现在的做法写成制度，并从今天起留记录。",
                f"'{label}' earns 0 for the clause: the auditor accepts only documents and records, "
                "so a practice that is not written down counts as missing. Quick win: write down "
                "what you already do and start keeping records today.",
            ),
            True,
        )
    if credit > 0:
        got = f"{float(credit * item.points):.2f}"
        return (
            t(
                lang,
                f"“{label}”只得部分分：{got} 分（满分 {pts}）。",
                f"'{label}' earns part of the points: {got} of {pts}.",
            ),
            True,
        )
    return (
        t(
            lang,
            f"“{label}”没有达到这一条的要求，得 0 分（满分 {pts}）。按下面的步骤补上。",
            f"'{label}' does not meet the requirement: 0 of {pts}. The steps below close the gap.",
        ),
        True,
    )
