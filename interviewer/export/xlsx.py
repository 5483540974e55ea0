"""The report, or an action plan, as an Excel workbook (openpyxl): certifiers and consultants
work in Excel. Sheets: summary, answers, gaps, action plan; frozen header rows, column widths,
and cell formulas for the totals so every figure can be checked in Excel.

Text is always stored as text: every text cell goes through the same guard as the CSV files
(`safe_cell`) and is typed as a string, so a note such as "=cmd" can never become a formula."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from interviewer.core.figures import score_text
from interviewer.core.labels import SECTION, t
from interviewer.core.text import Lang
from interviewer.export import plan as plan_export
from interviewer.export.csv_export import safe_cell
from interviewer.export.markdown import report_name

HEAD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="EEF1F5")
WRAP = Alignment(wrap_text=True, vertical="top")


def put(ws: Worksheet, row: int, col: int, value: Any) -> None:
    """One cell: numbers and booleans as they are, everything else as guarded text."""
    cell = ws.cell(row=row, column=col)
    if value is None or isinstance(value, bool | int | float):
        cell.value = value
    else:
        cell.value = safe_cell(value)
        cell.data_type = "s"
    cell.alignment = WRAP


def formula(ws: Worksheet, row: int, col: int, text: str) -> None:
    """A formula we wrote (never user text)."""
    cell = ws.cell(row=row, column=col)
    cell.value = text
    cell.font = HEAD


def table(ws: Worksheet, top: int, heads: Sequence[str], rows: Sequence[Sequence[Any]]) -> int:
    """A header row and rows from `top`; returns the last row used."""
    for c, h in enumerate(heads, 1):
        put(ws, top, c, h)
        ws.cell(row=top, column=c).font = HEAD
        ws.cell(row=top, column=c).fill = HEAD_FILL
    for r, values in enumerate(rows, top + 1):
        for c, v in enumerate(values, 1):
            put(ws, r, c, v)
    return top + len(rows)


def widths(ws: Worksheet, sizes: Sequence[int]) -> None:
    for n, w in enumerate(sizes, 1):
        ws.column_dimensions[get_column_letter(n)].width = w


def _eligibility(r: dict[str, Any], lang: Lang) -> str:
    """The eligibility verdict in one cell: met, the issues, or how many questions are open."""
    return {
        True: t(lang, "符合申请条件", "Meets the conditions to apply"),
        False: t(lang, "暂不具备申请资格：", "Not yet eligible: ")
        + t(lang, "；", "; ").join(r["eligibility_issues"]),
        None: t(
            lang,
            f"还有 {len(r['eligibility_open'])} 个资格问题未答",
            f"{len(r['eligibility_open'])} eligibility questions open",
        ),
    }[r["eligible"]]


def _facts(r: dict[str, Any], lang: Lang) -> list[tuple[str, Any]]:
    """The summary's item/value rows; special deductions and bonus come last (the score formula
    reads them from the last two rows)."""
    s = r["session"]
    rng = r["range"]
    return [
        (t(lang, "名称", "Name"), report_name(s)),
        (t(lang, "企业", "Company"), s["company"]),
        (
            t(
                lang,
                "得分" if r["complete"] else "暂定得分",
                "Score" if r["complete"] else "Provisional score",
            ),
            score_text(r["score"]),
        ),
        (t(lang, "星级", "Tier"), r["tier_label"]),
        (t(lang, "未答问题", "Questions open"), r["unanswered"]),
        (
            t(lang, "理论范围", "Theoretical range"),
            f"{score_text(rng['min'])} – {score_text(rng['max'])}（{' / '.join(rng['tier_labels'])}）",
        ),
        (t(lang, "申请资格", "Eligibility"), _eligibility(r, lang)),
        (t(lang, "权重说明", "Weights"), r["weights"]["note"]),
        (t(lang, "计算公式", "Formula"), r["formula"]),
        (t(lang, "特别扣分", "Special deductions"), r["special_deductions"]),
        (t(lang, "特别加分", "Bonus"), r["bonus"]),
    ]


def _group_totals(
    ws: Worksheet, r: dict[str, Any], lang: Lang, top: int, ded_row: int, bonus_row: int
) -> None:
    """The groups from row `top`, a total row of SUM formulas and the score recomputed from them
    and the deduction and bonus cells."""
    end = table(
        ws,
        top,
        [
            t(lang, "组", "Group"),
            t(lang, "得分", "Earned"),
            t(lang, "涉及项", "Applicable"),
            t(lang, "满分", "Max"),
        ],
        [[f"{g['id']} {g['title']}", g["earned"], g["applicable"], g["max"]] for g in r["groups"]],
    )
    total = end + 1
    put(ws, total, 1, t(lang, "合计", "Total"))
    for col in ("B", "C", "D"):
        formula(ws, total, "ABCD".index(col) + 1, f"=SUM({col}{top + 1}:{col}{end})")
    put(ws, total + 1, 1, t(lang, "按公式复算的得分", "Score recomputed by the formula"))
    formula(
        ws,
        total + 1,
        2,
        f"=IF(C{total}=0,0,MAX(0,MIN(100,B{total}/C{total}*100-B{ded_row}+B{bonus_row})))",
    )


def _summary(ws: Worksheet, r: dict[str, Any], lang: Lang) -> None:
    last = table(ws, 1, [t(lang, "项目", "Item"), t(lang, "内容", "Value")], _facts(r, lang))
    _group_totals(ws, r, lang, last + 2, last - 1, last)
    widths(ws, [26, 70, 14, 12])
    ws.freeze_panes = "A2"


def _answers(ws: Worksheet, r: dict[str, Any], lang: Lang) -> None:
    titles = {i["clause"]: i["title"] for i in r["items"]}
    heads = [
        t(lang, "条款", "Clause"),
        t(lang, "标题", "Title"),
        t(lang, "问题", "Question"),
        t(lang, "回答", "Answer"),
        t(lang, "备注", "Note"),
        t(lang, "得分率", "Credit"),
        t(lang, "条款分值", "Clause points"),
    ]
    rows = [
        [
            a["clause"],
            titles.get(a["clause"]) or SECTION[a["section"]].get(lang),
            a["text"],
            a["answer"],
            a["note"],
            a["credit"],
            a["points"],
        ]
        for a in r["answers"]
    ]
    table(ws, 1, heads, rows)
    widths(ws, [11, 22, 60, 30, 36, 9, 11])
    ws.freeze_panes = "A2"


def _gaps(ws: Worksheet, r: dict[str, Any], lang: Lang) -> None:
    sep = t(lang, "；", "; ")
    heads = [
        t(lang, "条款", "Clause"),
        t(lang, "标题", "Title"),
        t(lang, "结果", "Result"),
        t(lang, "失分", "Points lost"),
        t(lang, "工作量", "Effort"),
        t(lang, "快速见效", "Quick win"),
        t(lang, "怎么改", "What to do"),
        t(lang, "审核员会看", "Evidence"),
        t(lang, "备注", "Notes"),
    ]
    rows = [
        [
            w["clause"],
            w["title"],
            w["status_label"],
            w["points_lost"],
            w["effort_label"],
            t(lang, "是", "yes") if w["quick_win"] else "",
            sep.join(w["fix"]),
            sep.join(w["evidence"]),
            sep.join(n["note"] for n in w["notes"]),
        ]
        for w in r["weakest"]
    ]
    end = table(ws, 1, heads, rows)
    put(ws, end + 1, 1, t(lang, "合计", "Total"))
    formula(ws, end + 1, 4, f"=SUM(D2:D{max(end, 2)})")
    widths(ws, [11, 22, 10, 10, 8, 9, 60, 50, 30])
    ws.freeze_panes = "A2"


def _plan(ws: Worksheet, p: dict[str, Any], lang: Lang) -> None:
    put(ws, 1, 1, plan_export.headline(p, lang))
    ws.cell(row=1, column=1).font = HEAD
    put(ws, 2, 1, p["effort_meaning"])
    end = table(
        ws, 3, plan_export.columns(lang), [plan_export.row_cells(x, lang) for x in p["rows"]]
    )
    put(ws, end + 1, 1, t(lang, "合计", "Total"))
    formula(ws, end + 1, 6, f"=SUM(F4:F{max(end, 4)})")
    formula(ws, end + 1, 7, f"=SUM(G4:G{max(end, 4)})")
    widths(ws, [7, 11, 22, 60, 50, 8, 10, 12, 12, 10, 30])
    ws.freeze_panes = "A4"


def _bytes(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def report_workbook(r: dict[str, Any]) -> bytes:
    lang: Lang = r["session"]["language"]
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = t(lang, "摘要", "Summary")
    _summary(ws, r, lang)
    _answers(wb.create_sheet(t(lang, "回答", "Answers")), r, lang)
    _gaps(wb.create_sheet(t(lang, "差距", "Gaps")), r, lang)
    _plan(wb.create_sheet(t(lang, "行动计划", "Action plan")), r["plan"], lang)
    return _bytes(wb)


def plan_workbook(p: dict[str, Any], lang: Lang) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = t(lang, "行动计划", "Action plan")
    _plan(ws, p, lang)
    return _bytes(wb)
