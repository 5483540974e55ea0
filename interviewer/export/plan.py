"""The action plan (`core.report.plan_data`) as Markdown, CSV or HTML: one row per fix, in order,
with steps, evidence and effort, and empty owner / due / status columns to fill in."""

from __future__ import annotations

from html import escape
from typing import Any

from interviewer.core.figures import score_text
from interviewer.core.labels import t
from interviewer.core.text import Lang
from interviewer.export import html_report
from interviewer.export.csv_export import write_rows
from interviewer.export.markdown import esc


def columns(lang: Lang) -> list[str]:
    return [
        t(lang, "顺序", "Order"),
        t(lang, "条款", "Clause"),
        t(lang, "标题", "Title"),
        t(lang, "怎么改", "Steps"),
        t(lang, "要准备的证据", "Evidence to produce"),
        t(lang, "工作量", "Effort"),
        t(lang, "可多得分", "Points gained"),
        t(lang, "负责人", "Owner"),
        t(lang, "完成日期", "Due"),
        t(lang, "状态", "Status"),
        t(lang, "备注", "Notes"),
    ]


def row_cells(row: dict[str, Any], lang: Lang) -> list[Any]:
    sep = t(lang, "；", "; ")
    return [
        row["order"],
        row["clause"],
        row["title"],
        sep.join(row["steps"]),
        sep.join(row["evidence"]),
        row["effort"],
        row["points_gained"],
        row["owner"],
        row["due"],
        row["status"],
        sep.join(row["notes"]),
    ]


def headline(p: dict[str, Any], lang: Lang) -> str:
    if p["reason"]:
        return str(p["reason_label"])
    text = t(
        lang,
        f"从{p['current_label']}（{score_text(p['score'])}）到{p['target_label']}：按顺序做这 {len(p['rows'])} 条，"
        f"工作量合计 {p['effort']}，做完约 {score_text(p['score_after'])} 分。",
        f"From {p['current_label']} ({score_text(p['score'])}) to {p['target_label']}: these "
        f"{len(p['rows'])} fixes in order, total effort {p['effort']}, about "
        f"{score_text(p['score_after'])} after.",
    )
    if p["provisional"]:
        text += t(
            lang,
            f"（暂定：还有 {p['unanswered']} 个问题未答）",
            f" (provisional: {p['unanswered']} questions still open)",
        )
    return text


def markdown(p: dict[str, Any], name: str, lang: Lang) -> str:
    out = [f"# {t(lang, '行动计划', 'Action plan')}: {esc(name)} → {p['target_label']}", ""]
    out += [esc(headline(p, lang)), ""]
    if p["rows"]:
        out += [esc(p["effort_meaning"]), ""]
    for row in p["rows"]:
        quick = t(lang, "（快速见效）", " (quick win)") if row["quick_win"] else ""
        clause = t(lang, f"（{esc(row['clause'])}）", f" ({esc(row['clause'])})")
        out.append(f"## {row['order']}. {esc(row['title'])}{clause}{quick}")
        out.append("")
        out.append(
            t(
                lang,
                f"工作量：{row['effort_label']}（{row['effort']}）· 可多得 {row['points_gained']:.2f} 分",
                f"Effort: {row['effort_label']} ({row['effort']}) · gains {row['points_gained']:.2f} points",
            )
        )
        out += ["", f"{t(lang, '怎么改', 'Steps')}:", ""]
        out += [f"{n}. {esc(s)}" for n, s in enumerate(row["steps"], 1)]
        out += ["", f"{t(lang, '要准备的证据', 'Evidence to produce')}:", ""]
        out += [f"- [ ] {esc(e)}" for e in row["evidence"]]
        out += [""] + [f"> {t(lang, '备注', 'Note')}: {esc(n)}" for n in row["notes"]]
        out += [
            "",
            f"{t(lang, '负责人', 'Owner')}: ____  {t(lang, '完成日期', 'Due')}: ____  "
            f"{t(lang, '状态', 'Status')}: ____",
            "",
        ]
    return "\n".join(out).rstrip() + "\n"


def csv_text(p: dict[str, Any], lang: Lang) -> str:
    return write_rows([columns(lang), *(row_cells(r, lang) for r in p["rows"])])


def html(p: dict[str, Any], name: str, lang: Lang) -> str:
    e = html_report._e
    title = f"{t(lang, '行动计划', 'Action plan')}: {name} → {p['target_label']}"
    body = html_report.plan_intro(p, lang) + (html_report.plan_table(p, lang) if p["rows"] else "")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(title)}</title><style>{html_report.STYLE}</style></head><body>"
        f"<header><h1>{escape(title)}</h1></header><main>{body}</main></body></html>\n"
    )
