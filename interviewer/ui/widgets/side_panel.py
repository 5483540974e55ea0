"""Progress per group, the live score range and the tiers it can still reach, the current clause,
deductions, time left. Renders a `SideView`; it reads nothing else."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from interviewer.core import labels
from interviewer.core.figures import score_text
from interviewer.core.labels import t
from interviewer.core.text import bar, printable
from interviewer.ui.views import SideView


class SidePanel(Static):
    def show(self, view: SideView) -> None:
        lang = view.lang
        lines: list[str] = []
        if view.unsaved:
            lines += [t(lang, "⚠ 未保存！", "⚠ NOT SAVED"), printable(view.unsaved)[:200], ""]
        lines.append(
            t(lang, f"进度 {view.done}/{view.total}", f"Progress {view.done}/{view.total}")
        )
        lines.append(bar(view.done, view.total, 20))
        lines += [f"{g.id} {bar(g.done, g.total, 8)} {g.done}/{g.total}" for g in view.groups]
        lines.append("")
        if view.complete:
            lines.append(
                t(lang, f"得分 {score_text(view.score)}", f"Score {score_text(view.score)}")
            )
            lines.append(labels.tier(view.tier, lang))
        else:
            lines.append(t(lang, "最终可能得分", "Final score can be"))
            lines.append(f"{score_text(view.low)} – {score_text(view.high)}")
            lines.append(" / ".join(labels.tier(x, lang) for x in view.tiers))
        ded = t(lang, f"特别扣分 {view.deductions}", f"Deductions {view.deductions}")
        warn = t(lang, "（再1项即不合格）", " (one more fails)") if view.deductions == 4 else ""
        lines.append(ded + warn)
        lines.append("")
        if view.current:
            lines.append(t(lang, "当前：", "Now: ") + printable(view.current))
        if view.minutes_left:
            lines.append(
                t(
                    lang,
                    f"预计还需约 {view.minutes_left} 分钟",
                    f"About {view.minutes_left} min left",
                )
            )
        lines.append("")
        self.update(Content("\n".join(lines)))
