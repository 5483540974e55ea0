"""The class report (see core.classreport) as Markdown, CSV or a self-contained HTML page made
to be projected: no external assets, clause names on the tiles, a tier chart, a sortable table.

No format shows a session id: it is the trainee's resume code."""

from __future__ import annotations

from html import escape
from typing import Any

from interviewer.core.figures import score_text
from interviewer.core.labels import TIER, t
from interviewer.core.text import Lang


def _title(row: dict[str, Any], lang: Lang) -> str:
    return str(row["title_en"] if lang == "en" else row["title_zh"])


def _name(p: dict[str, Any], data: dict[str, Any], lang: Lang) -> str:
    if data["anonymised"]:
        return t(lang, f"学员 {p['number']}", f"Participant {p['number']}")
    return str(p["name"]) or f"#{p['number']}"


def file_name(p: dict[str, Any], data: dict[str, Any], lang: Lang) -> str:
    """The name as CSV and Excel keep it: numbered when anonymised, else exactly as given."""
    return _name(p, data, lang) if data["anonymised"] else str(p["name"])


def status_text(p: dict[str, Any], lang: Lang) -> str:
    return t(lang, "完成", "finished") if p["complete"] else t(lang, "未完成", "started")


def _score(x: float | None) -> str:
    return "—" if x is None else score_text(x)


def _points(x: float) -> str:
    return f"{x:.1f}"


def _credit(c: float | None) -> str:
    return "" if c is None else f"{c:.3f}".rstrip("0").rstrip(".")


def deductions_text(p: dict[str, Any], data: dict[str, Any], lang: Lang) -> str:
    """Why a high score can still be 不合格: the special deductions, and the rule they hit."""
    d = p["deductions"]
    if not d:
        return "—"
    text = t(lang, f"扣 {d} 分", f"−{d} points")
    if p["fails_by_deductions"]:
        n = data["fail_deductions"]
        text += t(lang, f"（满 {n} 分即不合格）", f" ({n} or more fails)")
    return text


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


def counts_text(data: dict[str, Any], lang: Lang) -> str:
    """What was counted and what was left out, and why: one line under the title."""
    c = data["counts"]
    parts = [
        t(lang, f"完成 {c['finished']} 人", f"{c['finished']} finished"),
        t(
            lang,
            f"未完成 {c['started']} 人（单独列出，不计入星级和分数分布）",
            f"{c['started']} started, not finished (listed apart, not in the tiers or the spread)",
        ),
    ]
    if c["empty"]:
        parts.append(
            t(
                lang,
                f"{c['empty']} 份没有任何回答（未列出）",
                f"{c['empty']} with no answer (not listed)",
            )
        )
    if c["duplicates"]:
        parts.append(
            t(
                lang,
                f"{c['duplicates']} 份是同一会话的副本（只计一次，取最后修改的）",
                f"{c['duplicates']} {'copy' if c['duplicates'] == 1 else 'copies'} of a session "
                "already counted (counted once, the last changed)",
            )
        )
    if c["older"]:
        parts.append(
            t(
                lang,
                f"{c['older']} 份早于所选日期（未计入）",
                f"{c['older']} older than the date chosen (left out)",
            )
        )
    if c["unreadable"]:
        parts.append(
            t(lang, f"{c['unreadable']} 份无法读取", f"{c['unreadable']} could not be read")
        )
    return " · ".join(parts)


def _spread(data: dict[str, Any], lang: Lang) -> str:
    sc = data["scores"]
    if sc["min"] is None:
        return t(lang, "还没有人完成。", "Nobody has finished yet.")
    return (
        f"min {_score(sc['min'])} · Q1 {_score(sc['q1'])} · {t(lang, '中位数', 'median')} "
        f"{_score(sc['median'])} · Q3 {_score(sc['q3'])} · max {_score(sc['max'])}"
    )


def _gap_text(g: dict[str, Any], lang: Lang) -> str:
    return t(
        lang,
        f"全班失 {_points(g['points_lost'])} 分（计分者人均 {_points(g['lost_each'])}）；"
        f"{g['applicable']} 人中 {g['count']} 人未满分",
        f"{_points(g['points_lost'])} points lost by the class ({_points(g['lost_each'])} each "
        f"scored); {g['count']} of {g['applicable']} below full credit",
    )


def markdown(data: dict[str, Any], lang: Lang) -> str:
    c = data["counts"]
    done = c["finished"]
    out = [
        f"# {t(lang, f'班级评估汇总（完成 {done} 人）', f'Class report ({done} finished)')}",
        "",
        counts_text(data, lang),
        "",
        f"## {t(lang, '星级分布（完成者）', 'Tiers (finished)')}",
        "",
    ]
    for tier, n in data["tiers"].items():
        out.append(f"- {TIER[tier].get(lang)}: {n} {'█' * n if n <= 60 else '█' * 60 + '…'}")
    out += ["", f"> {weights_note(data, lang)}"]
    out += [
        "",
        f"## {t(lang, '分数分布（完成者）', 'Score spread (finished)')}",
        "",
        _spread(data, lang),
        "",
        f"## {t(lang, '全班失分最多的条款', 'Where the class lost most points')}",
        "",
    ]
    out += [
        f"- {g['clause']} {_title(g, lang)}: {_gap_text(g, lang)}" for g in data["common_gaps"]
    ] or ["- —"]
    out += _md_clauses(data, lang) + _md_people(data, lang)
    if data["problems"]:
        out += ["", f"## {t(lang, '无法读取的文件', 'Files that could not be read')}", ""]
        out += [f"- {x}" for x in data["problems"]]
    return "\n".join(out) + "\n"


def _md_clauses(data: dict[str, Any], lang: Lang) -> list[str]:
    """The pass-rate table, one row per clause."""
    cell = _md_cell
    out: list[str] = []
    out += [
        "",
        f"## {t(lang, '各条款通过率', 'Pass rate per clause')}",
        "",
        f"| {t(lang, '条款', 'Clause')} | {t(lang, '满分率', 'Pass rate')} | "
        f"{t(lang, '计分人数', 'Scored')} | {t(lang, '全班失分', 'Points lost')} |",
        "|---|---:|---:|---:|",
    ]
    for cl in data["clauses"]:
        rate = "—" if cl["pass_rate"] is None else f"{cl['pass_rate'] * 100:.0f}%"
        out.append(
            f"| {cl['clause']} {cell(_title(cl, lang))} | {rate} | {cl['applicable']} | "
            f"{_points(cl['points_lost'])} |"
        )
    return out


def _md_people(data: dict[str, Any], lang: Lang) -> list[str]:
    """Finished participants, then the started ones apart (their scores are provisional)."""
    cell = _md_cell
    out: list[str] = []
    out += [
        "",
        f"## {t(lang, '完成的学员', 'Finished')}",
        "",
        f"| # | {t(lang, '名称', 'Name')} | {t(lang, '企业', 'Company')} | {t(lang, '得分', 'Score')} "
        f"| {t(lang, '星级', 'Tier')} | {t(lang, '特殊扣分', 'Deductions')} |",
        "|---:|---|---|---:|---|---|",
    ]
    for p in data["finished"]:
        out.append(
            f"| {p['number']} | {cell(_name(p, data, lang))} | {cell(p['company'])} | "
            f"{score_text(p['score'])} | {TIER[p['tier']].get(lang)} | {deductions_text(p, data, lang)} |"
        )
    if not data["finished"]:
        out.append("| — | — | — | — | — | — |")
    out += [
        "",
        f"## {t(lang, '未完成（暂定得分，不计入上面的统计）', 'Started, not finished (provisional scores, not in the figures above)')}",
        "",
        f"| # | {t(lang, '名称', 'Name')} | {t(lang, '企业', 'Company')} | "
        f"{t(lang, '暂定得分', 'Provisional score')} | {t(lang, '还有几题', 'Questions open')} |",
        "|---:|---|---|---:|---:|",
    ]
    for p in data["started"]:
        out.append(
            f"| {p['number']} | {cell(_name(p, data, lang))} | {cell(p['company'])} | "
            f"{score_text(p['score'])}{t(lang, '（暂定）', ' (provisional)')} | {p['open_count']} |"
        )
    if not data["started"]:
        out.append("| — | — | — | — | — |")
    return out


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def csv_text(data: dict[str, Any], lang: Lang) -> str:
    """One row per participant (finished first), one column per clause credit (0–1; blank: not
    scored). Header names stay English (stable keys for a spreadsheet or an LMS import)."""
    from interviewer.export.csv_export import write_rows

    clauses = [c["clause"] for c in data["clauses"]]
    head = ["number", "name", "company", "status", "score", "tier", "deductions"]
    head += ["open_questions", "answered", "weights", *clauses]
    note = weights_note(data, lang)
    rows: list[list[Any]] = [head]
    for p in data["finished"] + data["started"]:
        rows.append(
            [
                p["number"],
                file_name(p, data, lang),
                p["company"],
                status_text(p, lang),
                score_text(p["score"]),
                TIER[p["tier"]].get(lang),
                p["deductions"],
                p["open_count"],
                p["answered"],
                note,
                *map(_credit, p["credits"]),
            ]
        )
    return write_rows(rows)


_STYLE = """
body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;max-width:72rem;margin:1.5rem auto;
padding:0 1rem;color:#111;font-size:1.05rem;line-height:1.4}
h1{margin:.2rem 0}h2{margin-top:1.6rem;border-bottom:2px solid #ccd}h3{margin:.8rem 0 .3rem}
.counts{color:#333}.note{color:#333;font-size:.9rem}
.bars{display:grid;grid-template-columns:max-content 1fr max-content;gap:.3rem .6rem;align-items:center}
.bar{height:1.3rem;background:#3b6ea5;border-radius:.2rem;min-width:2px}
.heat{display:grid;grid-template-columns:repeat(auto-fill,minmax(9.5rem,1fr));gap:.35rem;
list-style:none;padding:0;margin:0}
.cell{padding:.35rem .45rem;border-radius:.3rem;font-size:.85rem;color:#111}
.cell span{display:block}.cell .t{font-weight:600}.cell .f{display:block;font-size:1.1rem;font-weight:700}
.legend{font-size:.9rem}.legend span{display:inline-block;padding:0 .4rem;border-radius:.2rem;color:#111}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ccc;padding:.3rem .4rem;text-align:left}
th button{font:inherit;font-weight:700;background:none;border:0;padding:0;cursor:pointer;color:#0b3d91}
th button:focus-visible{outline:2px solid #0b3d91}
.n{text-align:right}footer{margin-top:2rem;border-top:1px solid #ccc;padding-top:.5rem}
"""

_SORT_JS = """
document.querySelectorAll('table.sortable').forEach(function(table){
  table.querySelectorAll('th button').forEach(function(button, col){
    button.addEventListener('click', function(){
      var th = button.parentNode, asc = th.getAttribute('aria-sort') !== 'ascending';
      table.querySelectorAll('th').forEach(function(h){ h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
      var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
      rows.sort(function(a, b){
        var x = a.cells[col].getAttribute('data-v'), y = b.cells[col].getAttribute('data-v');
        var d = (x !== null && y !== null) ? parseFloat(x) - parseFloat(y)
          : a.cells[col].textContent.localeCompare(b.cells[col].textContent);
        return asc ? d : -d;
      });
      rows.forEach(function(r){ body.appendChild(r); });
    });
  });
});
"""


NUM = " class='n'"


def _colour(rate: float | None) -> str:
    return "#e3e8ee" if rate is None else f"hsl({int(rate * 120)}, 65%, 72%)"


def _html_tiles(data: dict[str, Any], lang: Lang) -> list[str]:
    """The heat map: a tile per clause, grouped, with its name and counts on it (readable on a
    projector, not only on hover)."""
    e = escape
    tiles = []
    for g in data["groups"]:
        cells = []
        for cl in data["clauses"]:
            if cl["group"] != g["id"]:
                continue
            rate = cl["pass_rate"]
            figure = "—" if rate is None else f"{rate * 100:.0f}%"
            counts = (
                t(lang, "无人计分", "nobody scored")
                if not cl["applicable"]
                else t(
                    lang,
                    f"{cl['met']}/{cl['applicable']} 人满分</span><span>失 {_points(cl['points_lost'])} 分",
                    f"{cl['met']} of {cl['applicable']} full</span><span>{_points(cl['points_lost'])} points lost",
                )
            )
            cells.append(
                f"<li class='cell' style='background:{_colour(rate)}'><b>{e(cl['clause'])}</b>"
                f"<span class='t'>{e(_title(cl, lang))}</span><span class='f'>{e(figure)}</span>"
                f"<span>{counts}</span></li>"
            )
        if cells:
            tiles.append(
                f"<h3>{e(g['id'])} {e(_title(g, lang))}</h3><ul class='heat'>{''.join(cells)}</ul>"
            )
    return tiles


def _html_gaps(data: dict[str, Any], lang: Lang) -> str:
    """Clauses by points lost across the class."""
    e = escape
    gaps = "".join(
        f"<tr><td>{e(g['clause'])} {e(_title(g, lang))}</td><td class='n'>{_points(g['points_lost'])}</td>"
        f"<td class='n'>{_points(g['lost_each'])}</td><td class='n'>{g['count']} / {g['applicable']}</td></tr>"
        for g in data["common_gaps"]
    )

    return (
        f"<table><thead><tr><th scope='col'>{e(t(lang, '条款', 'Clause'))}</th>"
        f"<th scope='col' class='n'>{e(t(lang, '全班失分', 'Points lost'))}</th>"
        f"<th scope='col' class='n'>{e(t(lang, '计分者人均', 'Each scored'))}</th>"
        f"<th scope='col' class='n'>{e(t(lang, '未满分 / 计分人数', 'Below full / scored'))}</th>"
        f"</tr></thead><tbody>{gaps}</tbody></table>"
        if gaps
        else "<p>—</p>"
    )


def _html_people(data: dict[str, Any], lang: Lang) -> tuple[str, str]:
    """The sortable tables: finished participants, and the started ones apart."""
    e = escape

    def name_cells(p: dict[str, Any]) -> str:
        return (
            f"<td class='n' data-v='{p['number']}'>{p['number']}</td><td>{e(_name(p, data, lang))}</td>"
            f"<td>{e(p['company']) or '—'}</td>"
        )

    finished = "".join(
        f"<tr>{name_cells(p)}<td class='n' data-v='{p['score']:.4f}'>{score_text(p['score'])}</td>"
        f"<td>{e(TIER[p['tier']].get(lang))}</td>"
        f"<td data-v='{p['deductions']}'>{e(deductions_text(p, data, lang))}</td></tr>"
        for p in data["finished"]
    )
    started = "".join(
        f"<tr>{name_cells(p)}<td class='n' data-v='{p['score']:.4f}'>{score_text(p['score'])}</td>"
        f"<td class='n' data-v='{p['open_count']}'>{p['open_count']}</td></tr>"
        for p in data["started"]
    )

    def head(*cols: tuple[str, bool]) -> str:
        return "".join(
            f"<th scope='col'{NUM if num else ''}><button type='button'>{e(label)}</button></th>"
            for label, num in cols
        )

    who = (
        (t(lang, "#", "#"), True),
        (t(lang, "名称", "Name"), False),
        (t(lang, "企业", "Company"), False),
    )
    finished_table = (
        f"<table class='sortable'><thead><tr>"
        f"{head(*who, (t(lang, '得分', 'Score'), True), (t(lang, '星级', 'Tier'), False), (t(lang, '特殊扣分', 'Deductions'), False))}"
        f"</tr></thead><tbody>{finished}</tbody></table>"
        if finished
        else f"<p>{e(t(lang, '还没有人完成。', 'Nobody has finished yet.'))}</p>"
    )
    started_table = (
        f"<table class='sortable'><thead><tr>"
        f"{head(*who, (t(lang, '暂定得分', 'Provisional score'), True), (t(lang, '还有几题', 'Questions open'), True))}"
        f"</tr></thead><tbody>{started}</tbody></table>"
        if started
        else f"<p>{e(t(lang, '没有未完成的。', 'None.'))}</p>"
    )
    return finished_table, started_table


def html(data: dict[str, Any], lang: Lang) -> str:
    e = escape
    c = data["counts"]
    done = c["finished"]
    title = t(lang, "班级评估汇总", "Class report")
    top = max([1, *data["tiers"].values()])
    bars = "".join(
        f"<span>{e(TIER[k].get(lang))}</span>"
        f"<span class='bar' style='width:{v / top * 100:.1f}%'></span><span class='n'>{v}</span>"
        for k, v in data["tiers"].items()
    )
    legend = t(
        lang,
        "颜色：满分的人越多越绿，越少越红；灰色：无人计分。",
        "Colour: greener = more full credit, redder = fewer; grey: nobody scored.",
    )
    tiles = _html_tiles(data, lang)
    gaps_table = _html_gaps(data, lang)
    finished_table, started_table = _html_people(data, lang)
    problems = (
        f"<h2>{e(t(lang, '无法读取的文件', 'Files that could not be read'))}</h2><ul>"
        + "".join(f"<li>{e(x)}</li>" for x in data["problems"])
        + "</ul>"
        if data["problems"]
        else ""
    )
    sort_hint = t(lang, "点列标题排序。", "Click a column heading to sort.")
    return f"""<!DOCTYPE html><html lang="{"en" if lang == "en" else "zh-CN"}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)}</title><style>{_STYLE}</style></head><body>
<header><h1>{e(t(lang, f"{title}（完成 {done} 人）", f"{title} ({done} finished)"))}</h1>
<p class="counts">{e(counts_text(data, lang))}</p></header>
<main>
<h2>{e(t(lang, "星级分布（完成者）", "Tiers (finished)"))}</h2><div class="bars">{bars}</div>
<h2>{e(t(lang, "分数分布（完成者）", "Score spread (finished)"))}</h2><p>{e(_spread(data, lang))}</p>
<h2>{e(t(lang, "各条款满分率", "Full credit per clause"))}</h2><p class="legend">{e(legend)}</p>{"".join(tiles)}
<h2>{e(t(lang, "全班失分最多的条款", "Where the class lost most points"))}</h2>{gaps_table}
<h2>{e(t(lang, "完成的学员", "Finished"))}</h2><p class="note">{e(sort_hint)}</p>{finished_table}
<h2>{e(t(lang, "未完成（暂定得分，不计入上面的统计）", "Started, not finished (provisional scores, not in the figures above)"))}</h2>{started_table}
{problems}
</main>
<footer><p class="note">{e(weights_note(data, lang))}</p></footer>
<script>{_SORT_JS}</script></body></html>
"""
