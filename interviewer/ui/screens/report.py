"""The report: score and tier (or the range while incomplete), a bar per group, the weakest clauses
with their fixes, the upgrade path, eligibility and the formula; exports; and a what-if list that
flips an item hypothetically without touching what was recorded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from interviewer.core import engine, report, storage
from interviewer.core.bank import Bank
from interviewer.core.errors import InterviewerError
from interviewer.core.figures import score_text
from interviewer.core.labels import t
from interviewer.core.scoring import Evaluation
from interviewer.core.session import Session
from interviewer.core.text import Lang, bar, printable
from interviewer.export import render
from interviewer.export.common import step_line, unreachable, written_down_line
from interviewer.export.markdown import share
from interviewer.ui.keys import speak
from interviewer.ui.widgets.key_bar import KeyBar


def _triage_lines(tri: dict[str, Any], lang: Lang) -> list[str]:
    """The triage band (when it can be estimated), its basis and the next steps."""
    lines = []
    band = tri["band"]
    if tri["estimable"]:
        lines.append(
            t(lang, "初筛：可能落在 ", "Triage: likely band ")
            + f"{score_text(band['min'])} – {score_text(band['max'])}  ("
            + " / ".join(band["tiers"])
            + ")"
        )
    lines.append("  " + band["basis"])
    lines += [f"  → {x}" for x in tri["next_steps"]]
    return [*lines, ""]


def _score_lines(data: dict[str, Any], lang: Lang) -> list[str]:
    """The score and tier (or the provisional score and the range), the written-down line and the
    special deductions and bonus."""
    score = score_text(data["score"])
    if data["complete"]:
        lines = [
            t(
                lang,
                f"得分 {score}　星级：{data['tier_label']}",
                f"Score {score}   Tier: {data['tier_label']}",
            )
        ]
    else:
        lines = [
            t(
                lang,
                f"暂定得分 {score}（{data['tier_label']}），还有 {data['unanswered']} 题未答",
                f"Provisional score {score} ({data['tier_label']}), {data['unanswered']} questions open",
            ),
            t(lang, "理论范围：", "Theoretical range: ")
            + f"{score_text(data['range']['min'])} – {score_text(data['range']['max'])}  ("
            + " / ".join(data["range"]["tier_labels"])
            + ")",
        ]
    if written_down_line(data):
        lines.append(written_down_line(data))
    lines.append(
        t(
            lang,
            f"特别扣分 {data['special_deductions']} 项 · 特别加分 {data['bonus']}",
            f"Special deductions {data['special_deductions']} · bonus {data['bonus']}",
        )
    )
    if data["deduction_warning"]:
        lines.append("⚠ " + data["deduction_warning"])
    return lines


def _group_lines(data: dict[str, Any], lang: Lang) -> list[str]:
    """A bar per group with its share, points and title."""
    lines = []
    for g in data["groups"]:
        pct = share(g)
        lines.append(
            f"{g['id']} {bar(pct, 1, 24)} {pct * 100:5.1f}%  {g['earned']:.1f}/{g['applicable']:.1f}"
            + t(lang, f"（满分 {g['max']:.0f}）", f" (of {g['max']:.0f})")
            + f"  {g['title']}"
        )
    return lines


def _eligibility_lines(data: dict[str, Any], lang: Lang) -> list[str]:
    if data["eligible"] is False:
        return [
            t(lang, "暂不具备申请资格：", "Not yet eligible to apply:"),
            *(f"  • {x}" for x in data["eligibility_issues"]),
        ]
    if data["eligible"] is None:
        return [
            t(
                lang,
                f"申请资格：还有 {len(data['eligibility_open'])} 个问题未答",
                f"Eligibility: {len(data['eligibility_open'])} questions open",
            )
        ]
    return [t(lang, "申请资格：符合", "Eligibility: meets the conditions")]


def _basis_lines(data: dict[str, Any], lang: Lang) -> list[str]:
    """How the score was reached: the formula, the weights and their robustness, the star note."""
    lines = [data["formula"], data["weights"]["note"]]
    rob = data["weight_robustness"]
    if rob:
        lines.append(t(lang, "权重敏感性：", "Weight sensitivity: ") + rob["label"])
    lines.append(data["star_note"])
    return lines


def summary_text(data: dict[str, Any]) -> str:
    lang = data["session"]["language"]
    tri = data.get("triage")
    lines = _triage_lines(tri, lang) if tri else []
    lines += [*_score_lines(data, lang), ""]
    lines += [*_group_lines(data, lang), ""]
    lines += [*_eligibility_lines(data, lang), ""]
    lines += _basis_lines(data, lang)
    return "\n".join(lines)


def _weak_lines(data: dict[str, Any], lang: Lang) -> list[str]:
    """The eight weakest clauses with their first fixes, evidence and the user's notes."""
    lines = [t(lang, "最薄弱的条款", "Weakest clauses")]
    if not data["weakest"]:
        lines.append(t(lang, "  没有失分的条款", "  no clause has lost points"))
    for w in data["weakest"][:8]:
        quick = t(lang, "  【快速见效】", "  [quick win]") if w["quick_win"] else ""
        lines.append(
            f"• {w['clause']} {w['title']} — {t(lang, '失分', 'lost')} {w['points_lost']:.2f} "
            f"({t(lang, '工作量', 'effort')} {w['effort_label']}){quick}"
        )
        lines += [f"    - {step}" for step in w["fix"][:3]]
        lines.append(
            "    " + t(lang, "准备：", "Prepare: ") + t(lang, "；", "; ").join(w["evidence"][:3])
        )
        lines += ["    " + t(lang, "备注：", "Note: ") + n["note"] for n in w["notes"]]
    return lines


def _open_lines(data: dict[str, Any], lang: Lang) -> list[str]:
    """The clauses still unknown and the answers to verify before applying."""
    lines = []
    if data["unknown"]:
        lines.append("")
        lines.append(
            t(lang, f"未知（{len(data['unknown'])} 条）：", f"Unknown ({len(data['unknown'])}):")
            + " "
            + t(lang, "、", ", ").join(
                f"{u['title']}（{u['clause']}）"
                if lang == "zh"
                else f"{u['title']} ({u['clause']})"
                for u in data["unknown"][:20]
            )
        )
    if data["verify_before_applying"]:
        lines.append(
            t(lang, "申请前请核实：", "Verify before you apply: ")
            + t(lang, "、", ", ").join(v["title"] for v in data["verify_before_applying"])
        )
    return lines


def _other_notes_lines(data: dict[str, Any], lang: Lang) -> list[str]:
    """The interview notes on clauses not already shown among the weakest."""
    shown = {w["clause"] for w in data["weakest"][:8]}
    others = [g for g in data["notes"] if g["clause"] not in shown]
    if not others:
        return []
    lines = ["", t(lang, "访谈备注", "Notes from the interview")]
    for g in others:
        lines += [f"• {g['title']}: {n['note']}" for n in g["notes"]]
    return lines


def _upgrade_target_lines(u: dict[str, Any], lang: Lang) -> list[str]:
    """One target tier: its fixes (the first twelve) or why it is out of reach."""
    if not u["reachable"]:
        return [f"• {u['tier_label']}: " + unreachable(u["reason"], lang)]
    lines = [
        f"• {u['tier_label']}"
        + t(
            lang,
            f"：改 {len(u['steps'])} 条，工作量合计 {u['effort']}，改后约 {score_text(u['score_after'])}",
            f": fix {len(u['steps'])}, total effort {u['effort']}, about {score_text(u['score_after'])} after",
        )
    ]
    lines += [f"    {n}. {step_line(x, lang)}" for n, x in enumerate(u["steps"][:12], 1)]
    if len(u["steps"]) > 12:
        lines.append(
            "    "
            + t(
                lang,
                f"……另有 {len(u['steps']) - 12} 条，见导出的报告",
                f"… {len(u['steps']) - 12} more in the exported report",
            )
        )
    return lines


def _upgrade_lines(data: dict[str, Any], lang: Lang) -> list[str]:
    lines = ["", t(lang, "升级路线", "Upgrade path")]
    if data["upgrade_path"]:
        lines.append("  " + data["effort_meaning"])
    for u in data["upgrade_path"]:
        lines += _upgrade_target_lines(u, lang)
    return lines


def gaps_text(data: dict[str, Any]) -> str:
    lang = data["session"]["language"]
    lines = _weak_lines(data, lang)
    lines += _open_lines(data, lang)
    lines += _other_notes_lines(data, lang)
    lines += _upgrade_lines(data, lang)
    return "\n".join(lines)


def export_bytes(fmt: str, data: dict[str, Any], session: Session) -> bytes:
    """The file a report-screen export button writes."""
    if fmt == "xlsx":
        from interviewer.export import xlsx

        return xlsx.report_workbook(data)
    if fmt == "plan":
        from interviewer.export import plan

        name = session.display_name or session.company or session.id[:8]
        return plan.markdown(data["plan"], name, data["session"]["language"]).encode()
    return render(fmt, data).encode()


class ReportScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        Binding("r", "reset", "重置假设"),
    ]

    def __init__(
        self,
        bank: Bank,
        session: Session,
        session_path: Path | None,
        evaluation: Evaluation | None = None,
    ) -> None:
        super().__init__()
        self.bank, self.session, self.session_path = bank, session, session_path
        speak(self, session.language)
        self.evaluation = evaluation
        """The recorded session's evaluation, as the interview computed it."""
        self.flips: dict[str, bool] = {}
        self.data: dict[str, Any] = {}
        """The report on screen (with the what-if flips applied)."""

    def compose(self) -> ComposeResult:
        lang = self.session.language
        with VerticalScroll(id="report-body"):
            yield Static(id="summary")
            yield Static(
                Content(
                    t(
                        lang,
                        "假设分析：选一条（回车）切换“符合/不符合”，看得分怎么变；不会改动已记录的回答。",
                        "What if: pick a clause (Enter) to flip it met / not met and see the score change. "
                        "Your recorded answers are not touched.",
                    )
                ),
                id="whatif-label",
            )
            yield OptionList(id="whatif", markup=False)
            yield Static(id="gaps")
            with Horizontal(classes="buttons"):
                for fmt, label in (
                    ("md", "Markdown"),
                    ("html", "HTML"),
                    ("csv", "CSV"),
                    ("xlsx", "Excel"),
                    ("json", "JSON"),
                    ("plan", t(lang, "行动计划", "action plan")),
                ):
                    yield Button(t(lang, f"导出 {label}", f"Export {label}"), id=f"export-{fmt}")
            yield Static(id="export-result")
        yield KeyBar()

    def on_mount(self) -> None:
        self.refresh_report()

    def current(self) -> Session:
        s = self.session
        for item_id, met in self.flips.items():
            s = engine.hypothetical(self.bank, s, item_id, met)
        return s

    def refresh_report(self) -> None:
        ev = None if self.flips else self.evaluation
        data = self.data = report.build(self.bank, self.current(), ev=ev)
        prefix = ""
        if self.flips:
            lang = self.session.language
            prefix = (
                t(lang, "【假设】", "[WHAT-IF] ")
                + ", ".join(
                    f"{self.bank.item(k).title.get(lang)} {k}→"
                    f"{t(lang, '符合' if v else '不符合', 'met' if v else 'not met')}"
                    for k, v in self.flips.items()
                )
                + "\n"
            )
        self.query_one("#summary", Static).update(Content(printable(prefix + summary_text(data))))
        self.query_one("#gaps", Static).update(Content(printable(gaps_text(data))))
        lst = self.query_one("#whatif", OptionList)
        keep = lst.highlighted
        lst.clear_options()
        marks = {"met": "✓", "partial": "◐", "not_met": "✗", "open": "·", "excluded": "∅"}
        lst.add_options(
            [
                Option(
                    Content(printable(f"{marks[i['status']]} {i['clause']:<10} {i['title']}")),
                    id=i["clause"],
                )
                for i in data["items"]
                if i["status"] != "excluded"
            ]
        )
        if keep is not None and keep < lst.option_count:
            lst.highlighted = keep

    @on(OptionList.OptionSelected, "#whatif")
    def flip(self, event: OptionList.OptionSelected) -> None:
        item_id = event.option.id
        if item_id is None:
            return
        status = next(i["status"] for i in self.data["items"] if i["clause"] == item_id)
        self.flips[item_id] = status != "met"
        self.refresh_report()

    def action_reset(self) -> None:
        self.flips.clear()
        self.refresh_report()

    @on(Button.Pressed)
    def export(self, event: Button.Pressed) -> None:
        if not event.button.id or not event.button.id.startswith("export-"):
            return
        fmt = event.button.id.removeprefix("export-")
        data = report.build(self.bank, self.session, ev=self.evaluation)
        from interviewer.ui.deliver import to_browser

        content = export_bytes(fmt, data, self.session)
        if to_browser(self.app, content, fmt):  # served: a browser download
            lang = self.session.language
            sent = t(lang, "已发送到浏览器下载。", "Sent to your browser as a download.")
            self.query_one("#export-result", Static).update(Content(sent))
            return
        folder = (self.session_path.parent if self.session_path else Path.cwd()) / "reports"
        target = folder / (
            f"{self.session.id}-plan.md" if fmt == "plan" else f"{self.session.id}.{fmt}"
        )
        try:
            storage.ensure_private_dir(folder)
            storage.write_new(target, content)
        except InterviewerError as exc:
            self.query_one("#export-result", Static).update(Content(f"{exc.title}: {exc}"))
            return
        lang = self.session.language
        self.query_one("#export-result", Static).update(
            Content(t(lang, f"已导出：{target}", f"Exported: {target}"))
        )
        self.notify(str(target), title=t(lang, "已导出", "Exported"), markup=False)
