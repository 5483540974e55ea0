"""The class report (see core.classreport) as an Excel workbook: a trainer sorts, filters and
charts the class in Excel. Sheets: participants, clauses (the heat map's and the gaps' figures),
the participants × clauses credit matrix, and notes (counts, weights, filter).

Figures are number cells; every text that came from a session file goes through `safe_cell` and
is typed as a string (the session workbook's `table` and `put`), so a name such as "=1+1" is
never a formula. No sheet shows a session id: it is the trainee's resume code (so unreadable
files, listed by path in the other formats, are only counted here: their file names are codes)."""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from interviewer.core.figures import score_text
from interviewer.core.labels import TIER, t
from interviewer.core.text import Lang
from interviewer.export.classreport import (
    _spread,
    _title,
    counts_text,
    file_name,
    status_text,
    weights_note,
)
from interviewer.export.xlsx import HEAD, _bytes, table, widths

SCORE_FORMAT = "0.0"
"""The score cell holds the figure score_text shows (one decimal, never rounded up over a tier
line), so this format shows it as it is: Excel never rounds 69.98 to "70.0"."""
POINTS_FORMAT = "0.0"
RATE_FORMAT = "0%"
CREDIT_FORMAT = "0.000"


def _people(data: dict[str, Any]) -> list[dict[str, Any]]:
    return list(data["finished"]) + list(data["started"])


def _finish(ws: Worksheet, last_row: int, last_col: int, freeze: str = "A2") -> None:
    """Frozen header and an autofilter over the table, so the class can be sorted in place."""
    ws.freeze_panes = freeze
    ws.auto_filter.ref = f"A1:{get_column_letter(last_col)}{max(last_row, 1)}"


def _formats(ws: Worksheet, col: int, first: int, last: int, fmt: str) -> None:
    for row in range(first, last + 1):
        ws.cell(row=row, column=col).number_format = fmt


def _heat(ws: Worksheet, ref: str) -> None:
    """Red to green, as the HTML heat map: low credit stands out when the sheet is projected."""
    rule = ColorScaleRule(
        start_type="num",
        start_value=0,
        start_color="F4A3A3",
        mid_type="num",
        mid_value=0.5,
        mid_color="F6E3A1",
        end_type="num",
        end_value=1,
        end_color="A8DDB0",
    )
    ws.conditional_formatting.add(ref, rule)


def _participants(ws: Worksheet, data: dict[str, Any], lang: Lang) -> None:
    heads = [
        "#",
        t(lang, "名称", "Name"),
        t(lang, "企业", "Company"),
        t(lang, "状态", "Status"),
        t(lang, "得分", "Score"),
        t(lang, "星级", "Tier"),
        t(lang, "特别扣分", "Deductions"),
        t(lang, "未答问题", "Questions open"),
        t(lang, "已答问题", "Answered"),
    ]
    rows = [
        [
            p["number"],
            file_name(p, data, lang),
            p["company"],
            status_text(p, lang),
            float(score_text(p["score"])),
            TIER[p["tier"]].get(lang),
            p["deductions"],
            p["open_count"],
            p["answered"],
        ]
        for p in _people(data)
    ]
    last = table(ws, 1, heads, rows)
    _formats(ws, 5, 2, last, SCORE_FORMAT)
    widths(ws, [6, 22, 28, 10, 9, 14, 12, 12, 10])
    _finish(ws, last, len(heads))


def _clause_rows(data: dict[str, Any], lang: Lang) -> list[list[Any]]:
    """The heat map's figures per clause and the gaps' (points lost each, and the rank among
    the clauses where the class lost most)."""
    gaps = {g["clause"]: (n, g) for n, g in enumerate(data["common_gaps"], 1)}
    rows = []
    for cl in data["clauses"]:
        rank, gap = gaps.get(cl["clause"], (None, None))
        if gap is not None:
            each = gap["lost_each"]
        else:
            each = round(cl["points_lost"] / cl["applicable"], 2) if cl["applicable"] else None
        rows.append(
            [
                cl["clause"],
                _title(cl, lang),
                cl["group"],
                cl["pass_rate"],
                cl["applicable"],
                cl["met"],
                cl["applicable"] - cl["met"],
                cl["points_lost"],
                each,
                rank,
            ]
        )
    return rows


def _clauses(ws: Worksheet, data: dict[str, Any], lang: Lang) -> None:
    heads = [
        t(lang, "条款", "Clause"),
        t(lang, "标题", "Title"),
        t(lang, "组", "Group"),
        t(lang, "满分率", "Full credit rate"),
        t(lang, "计分人数", "Scored"),
        t(lang, "满分人数", "Full credit"),
        t(lang, "未满分人数", "Below full"),
        t(lang, "全班失分", "Points lost"),
        t(lang, "计分者人均失分", "Lost each scored"),
        t(lang, "失分排名", "Gap rank"),
    ]
    last = table(ws, 1, heads, _clause_rows(data, lang))
    _formats(ws, 4, 2, last, RATE_FORMAT)
    _formats(ws, 8, 2, last, POINTS_FORMAT)
    _formats(ws, 9, 2, last, POINTS_FORMAT)
    if last > 1:
        _heat(ws, f"D2:D{last}")
    widths(ws, [11, 28, 8, 12, 10, 10, 11, 11, 14, 10])
    _finish(ws, last, len(heads))


def _credits(ws: Worksheet, data: dict[str, Any], lang: Lang) -> None:
    """One column per clause, as the CSV: credit 0–1, blank where the clause was not scored."""
    clauses = [c["clause"] for c in data["clauses"]]
    heads = ["#", t(lang, "名称", "Name"), t(lang, "状态", "Status"), *clauses]
    rows = [
        [p["number"], file_name(p, data, lang), status_text(p, lang), *p["credits"]]
        for p in _people(data)
    ]
    last = table(ws, 1, heads, rows)
    for col in range(4, len(heads) + 1):
        _formats(ws, col, 2, last, CREDIT_FORMAT)
    if last > 1 and clauses:
        _heat(ws, f"D2:{get_column_letter(len(heads))}{last}")
    widths(ws, [6, 22, 10, *[10] * len(clauses)])
    _finish(ws, last, len(heads), "D2")


def _note_rows(data: dict[str, Any], lang: Lang) -> list[list[Any]]:
    done = data["counts"]["finished"]
    rows: list[list[Any]] = [
        [
            t(lang, "报告", "Report"),
            t(lang, f"班级评估汇总（完成 {done} 人）", f"Class report ({done} finished)"),
        ],
        [t(lang, "统计", "Counted"), counts_text(data, lang)],
        [t(lang, "权重说明", "Weights"), weights_note(data, lang) or "—"],
    ]
    if data.get("since"):
        rows.append(
            [
                t(lang, "日期筛选", "Date filter"),
                t(
                    lang,
                    f"只含 {data['since']} 或之后改过的会话",
                    f"only sessions last changed on or after {data['since']}",
                ),
            ]
        )
    dates = data.get("dates") or {}
    if dates.get("first"):
        rows.append(
            [t(lang, "会话修改日期", "Sessions changed"), f"{dates['first']} – {dates['last']}"]
        )
    tier = t(lang, "星级（完成者）：", "Tier (finished): ")
    rows += [[tier + TIER[k].get(lang), n] for k, n in data["tiers"].items()]
    rows += [
        [t(lang, "分数分布（完成者）", "Score spread (finished)"), _spread(data, lang)],
        [t(lang, "得分", "Scores"), _score_rule(data, lang)],
    ]
    if data["anonymised"]:
        rows.append(
            [
                t(lang, "匿名", "Anonymised"),
                t(lang, "姓名和企业已用编号代替", "names and companies replaced by numbers"),
            ]
        )
    return rows


def _score_rule(data: dict[str, Any], lang: Lang) -> str:
    n = data["fail_deductions"]
    return t(
        lang,
        f"保留一位小数，不会进位越过星级线（69.98 写作 69.9）；未完成者的得分是暂定的；"
        f"特别扣分满 {n} 分即不合格，无论得分多少。",
        f"one decimal, never rounded up over a tier line (69.98 reads 69.9); a started "
        f"participant's score is provisional; {n} or more points of special deductions fail, "
        "whatever the score.",
    )


def _notes(ws: Worksheet, data: dict[str, Any], lang: Lang) -> None:
    last = table(ws, 1, [t(lang, "项目", "Item"), t(lang, "内容", "Value")], _note_rows(data, lang))
    for row in range(2, last + 1):
        ws.cell(row=row, column=1).font = HEAD
    widths(ws, [22, 100])
    ws.freeze_panes = "A2"


def workbook(data: dict[str, Any], lang: Lang) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = t(lang, "学员", "Participants")
    _participants(ws, data, lang)
    _clauses(wb.create_sheet(t(lang, "条款", "Clauses")), data, lang)
    _credits(wb.create_sheet(t(lang, "得分率", "Credits")), data, lang)
    _notes(wb.create_sheet(t(lang, "说明", "Notes")), data, lang)
    return _bytes(wb)
