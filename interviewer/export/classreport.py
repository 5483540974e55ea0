"""The class report (see core.classreport) as Markdown, CSV or a self-contained HTML page."""

from __future__ import annotations

import csv
import io
from html import escape
from typing import Any

from interviewer.core.figures import score_text
from interviewer.core.labels import TIER, t
from interviewer.core.text import Lang


def _title(row: dict[str, Any], lang: Lang) -> str:
    return str(row["title_en"] if lang == "en" else row["title_zh"])


def weights_note(data: dict[str, Any], lang: Lang) -> str:
    """Which weights the scores rest on: the tool's estimate, a profile, or both in one class."""
    w = data["weights"]
    parts = []
    if w["estimated"]:
        parts.append(
            t(
                lang,
                f"{w['estimated']} 份按估计分值计分：",
                f"{w['estimated']} scored with estimated points: ",
            )
            + w["note"][lang]
        )
    for p in w["profiles"]:
        parts.append(
            t(
                lang,
                f"{p['sessions']} 份按权重文件“{p['zh']}”计分。",
                f'{p["sessions"]} scored with the weight profile "{p["en"]}".',
            )
        )
    return " ".join(parts)


def markdown(data: dict[str, Any], lang: Lang) -> str:
    out = [
        f"# {t(lang, '班级评估汇总', 'Class report')} ({data['count']} {t(lang, '人', 'sessions')})",
        "",
    ]
    out.append(f"## {t(lang, '星级分布', 'Tiers')}")
    out.append("")
    for tier, n in data["tiers"].items():
        out.append(f"- {TIER[tier].get(lang)}: {n} {'█' * n if n <= 60 else '█' * 60 + '…'}")
    sc = data["scores"]
    out += ["", f"> {weights_note(data, lang)}"]
    out += [
        "",
        f"## {t(lang, '分数分布', 'Score spread')}",
        "",
        f"min {score_text(sc['min'])} · Q1 {score_text(sc['q1'])} · {t(lang, '中位数', 'median')} "
        f"{score_text(sc['median'])} · Q3 {score_text(sc['q3'])} · max {score_text(sc['max'])}",
        "",
        f"## {t(lang, '最常见的差距', 'Most common gaps')}",
        "",
    ]
    out += [
        f"- {g['clause']} {_title(g, lang)}: {g['count']} ({g['share'] * 100:.0f}%)"
        for g in data["common_gaps"]
    ] or ["- —"]
    out += [
        "",
        f"## {t(lang, '各条款通过率', 'Pass rate per clause')}",
        "",
        f"| {t(lang, '条款', 'Clause')} | {t(lang, '通过率', 'Pass rate')} | {t(lang, '计分人数', 'Scored')} |",
        "|---|---:|---:|",
    ]
    for c in data["clauses"]:
        rate = "—" if c["pass_rate"] is None else f"{c['pass_rate'] * 100:.0f}%"
        out.append(f"| {c['clause']} {_title(c, lang)} | {rate} | {c['applicable']} |")
    out += [
        "",
        f"## {t(lang, '每位学员', 'Participants')}",
        "",
        f"| {t(lang, '名称', 'Name')} | {t(lang, '企业', 'Company')} | {t(lang, '得分', 'Score')} | {t(lang, '星级', 'Tier')} | {t(lang, '完成', 'Complete')} |",
        "|---|---|---:|---|---|",
    ]
    for p in data["participants"]:
        name = (p["name"] or f"#{p['number']}").replace("|", "\\|")
        score = (
            score_text(p["score"])
            if p["complete"]
            else score_text(p["score"])
            + t(
                lang,
                f"（暂定，还有 {p['open_count']} 题）",
                f" (provisional, {p['open_count']} open)",
            )
        )
        company = p["company"].replace("|", "\\|")
        out.append(
            f"| {name} | {company} | {score} | {TIER[p['tier']].get(lang)} | "
            f"{'✓' if p['complete'] else '…'} |"
        )
    if data["problems"]:
        out += ["", f"## {t(lang, '无法读取的文件', 'Files that could not be read')}", ""]
        out += [f"- {x}" for x in data["problems"]]
    return "\n".join(out) + "\n"


def csv_text(data: dict[str, Any], lang: Lang) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(
        ["number", "name", "company", "score", "tier", "complete", "open_questions", "answered"]
    )
    note = weights_note(data, lang)
    for p in data["participants"]:
        w.writerow(
            [
                p["number"],
                _safe(p["name"]),
                _safe(p["company"]),
                score_text(p["score"]),
                p["tier"],
                p["complete"],
                p["open_count"],
                p["answered"],
                _safe(note),
            ]
        )
    return "\ufeff" + buf.getvalue()


def _safe(text: str) -> str:
    from interviewer.export.csv_export import safe_cell

    return safe_cell(text)


def html(data: dict[str, Any], lang: Lang) -> str:
    e = escape
    rows = []
    for c in data["clauses"]:
        rate = c["pass_rate"]
        colour = "#e3e8ee" if rate is None else f"hsl({int(rate * 120)}, 65%, 72%)"
        label = "—" if rate is None else f"{rate * 100:.0f}%"
        rows.append(
            f"<div class='cell' style='background:{colour}' title='{e(_title(c, lang))}'>"
            f"<b>{e(c['clause'])}</b><br>{e(label)}</div>"
        )
    people = "".join(
        f"<tr><td>{e(p['name'] or '#' + str(p['number']))}</td><td>{e(p['company'])}</td><td class='n'>{score_text(p['score'])}</td>"
        f"<td>{e(TIER[p['tier']].get(lang))}</td><td>{'✓' if p['complete'] else '…'}</td></tr>"
        for p in data["participants"]
    )
    tiers = "".join(f"<li>{e(TIER[k].get(lang))}: {v}</li>" for k, v in data["tiers"].items())
    gaps = "".join(
        f"<li>{e(g['clause'])} {e(_title(g, lang))}: {g['count']}</li>" for g in data["common_gaps"]
    )
    sc = data["scores"]
    return f"""<!DOCTYPE html><html lang="{"en" if lang == "en" else "zh-CN"}"><head><meta charset="utf-8">
<title>{e(t(lang, "班级评估汇总", "Class report"))}</title><style>
body{{font-family:system-ui,"Noto Sans CJK SC",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}}
.heat{{display:grid;grid-template-columns:repeat(auto-fill,minmax(5.5rem,1fr));gap:.3rem}}
.cell{{padding:.3rem;border-radius:.3rem;font-size:.8rem}}table{{border-collapse:collapse;width:100%}}
td,th{{border-bottom:1px solid #ddd;padding:.3rem;text-align:left}}.n{{text-align:right}}</style></head><body>
<h1>{e(t(lang, "班级评估汇总", "Class report"))} ({data["count"]})</h1>
<p class="note">{e(weights_note(data, lang))}</p>
<h2>{e(t(lang, "星级分布", "Tiers"))}</h2><ul>{tiers}</ul>
<p>min {score_text(sc["min"])} · Q1 {score_text(sc["q1"])} · {e(t(lang, "中位数", "median"))} {score_text(sc["median"])} · Q3 {score_text(sc["q3"])} · max {score_text(sc["max"])}</p>
<h2>{e(t(lang, "各条款通过率", "Pass rate per clause"))}</h2><div class="heat">{"".join(rows)}</div>
<h2>{e(t(lang, "最常见的差距", "Most common gaps"))}</h2><ol>{gaps}</ol>
<h2>{e(t(lang, "每位学员", "Participants"))}</h2><table><tr><th>{e(t(lang, "名称", "Name"))}</th>
<th>{e(t(lang, "企业", "Company"))}</th><th class='n'>{e(t(lang, "得分", "Score"))}</th><th>{e(t(lang, "星级", "Tier"))}</th>
<th></th></tr>{people}</table></body></html>
"""
