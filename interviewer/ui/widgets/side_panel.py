"""Progress per group, the live score range and tier range, the current clause, deductions, time left."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from interviewer.core import engine, labels
from interviewer.core.bank import Bank, Question
from interviewer.core.figures import score_text
from interviewer.core.labels import t
from interviewer.core.scoring import Report
from interviewer.core.session import Session
from interviewer.core.text import bar, printable


class SidePanel(Static):
    def show(
        self,
        bank: Bank,
        session: Session,
        report: Report,
        current: Question | None,
        seconds_per_answer: float | None,
        unsaved: str = "",
    ) -> None:
        lang = session.language
        shown = engine.visible(bank, session)
        lines: list[str] = []
        if unsaved:
            lines += [t(lang, "⚠ 未保存！", "⚠ NOT SAVED"), printable(unsaved)[:200], ""]
        p = engine.progress(bank, session)
        lines.append(
            t(
                lang,
                f"进度 {p.answered + p.skipped}/{p.total}",
                f"Progress {p.answered + p.skipped}/{p.total}",
            )
        )
        lines.append(bar(p.answered + p.skipped, p.total, 20))
        for g in bank.groups:
            qs = [q for q in shown if q.item_id and bank.item(q.item_id).group == g.id]
            done = sum(1 for q in qs if q.id in session.answers)
            lines.append(f"{g.id} {bar(done, len(qs), 8)} {done}/{len(qs)}")
        lines.append("")
        if report.complete:
            lines.append(
                t(lang, f"得分 {score_text(report.score)}", f"Score {score_text(report.score)}")
            )
            lines.append(labels.tier(report.tier, lang))
        else:
            lines.append(t(lang, "可能得分", "Possible score"))
            lines.append(f"{score_text(report.range_min)} – {score_text(report.range_max)}")
            lines.append(" / ".join(labels.tier(x, lang) for x in report.range_tiers))
        ded = t(lang, f"特别扣分 {report.deductions}", f"Deductions {report.deductions}")
        lines.append(
            ded
            + (t(lang, "（再1项即不合格）", " (one more fails)") if report.deductions == 4 else "")
        )
        lines.append("")
        if current is not None:
            item = bank.item_of(current)
            where = (
                f"{item.id} {item.title.get(lang)}"
                if item
                else labels.SECTION[current.section].get(lang)
            )
            lines.append(t(lang, "当前：", "Now: ") + printable(where))
        if seconds_per_answer and p.remaining:
            minutes = max(1, round(seconds_per_answer * p.remaining / 60))
            lines.append(t(lang, f"预计还需约 {minutes} 分钟", f"About {minutes} min left"))
        lines.append("")
        self.update(Content("\n".join(lines)))
