"""The report as one self-contained HTML file: no network, no external assets, prints to A4.

Every text is HTML-escaped. The page has landmarks (header, main, footer) and every section a
heading, colours meet WCAG AA contrast, and labels wrap instead of being cut; print styles start
the long sections on a new page and keep a clause, a table row or a bar from splitting."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from interviewer.core.figures import score_text
from interviewer.core.labels import t
from interviewer.core.text import Lang
from interviewer.export.common import quick_flag, step_line, unreachable, when, written_down_line
from interviewer.export.markdown import (
    LIST_TITLES,
    Part,
    full_interview_adds,
    report_name,
    section_lines,
    share,
)

STYLE = """
body{font-family:"Noto Sans CJK SC","Noto Sans SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;
margin:2rem auto;max-width:60rem;color:#1b2430;line-height:1.5;padding:0 1rem}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;border-bottom:2px solid #dde3ea;
padding-bottom:.2rem;margin-top:2rem}h3{font-size:1rem;margin:1.2rem 0 .3rem}
.meta{color:#4d5967;font-size:.9rem}.score{font-size:2.4rem;font-weight:700}
.tier{display:inline-block;padding:.2rem .7rem;border-radius:1rem;background:#1859c4;color:#fff;font-weight:600;
margin-left:.5rem;vertical-align:middle}.tier.fail{background:#b71c1c}
.note{background:#f5f7fa;border-left:4px solid #6b8299;padding:.5rem .8rem;font-size:.9rem;color:#2f3a47}
.warn{border-left-color:#b07d00;background:#fff8e1}.lead{font-size:1.05rem}
.usernote{background:#fffbea;border-left:4px solid #b07d00;padding:.3rem .7rem;margin:.4rem 0;font-size:.9rem;
white-space:pre-wrap;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%;font-size:.92rem}td,th{border-bottom:1px solid #d5dbe3;padding:.35rem .4rem;
text-align:left;vertical-align:top;overflow-wrap:anywhere}th{background:#eef1f5}.num{text-align:right;white-space:nowrap}
.bars td{vertical-align:middle}.bars .label{width:30%}.track{position:relative;height:1.1rem;background:#e3e8ee;
border-radius:3px;min-width:8rem}.fill{height:100%;border-radius:3px}.fill.good{background:#2e7d32}
.fill.near{background:#f9a825}.fill.low{background:#c62828}.tick{position:absolute;top:-2px;bottom:-2px;width:0;
border-left:1px dashed #35414f}
.heat{display:grid;grid-template-columns:repeat(auto-fill,minmax(7.5rem,1fr));gap:.3rem;list-style:none;padding:0;
margin:0}.cell{padding:.3rem;border-radius:.3rem;font-size:.78rem;color:#10202f;overflow-wrap:anywhere}
.cell .st{display:block;font-size:.72rem}.met{background:#b7e4c7}.partial{background:#ffe08a}
.not_met{background:#f4a6a6}.open{background:#e3e8ee}.excluded{background:#fff;border:1px dashed #8a96a3;color:#3d4854}
.plan th{white-space:nowrap}.plan .blank{width:4.5rem}.plan .what{width:17%}.plan .steps{width:30%}.plan .ev{width:22%}.plan ul,.plan ol{padding-left:1.1rem;margin:0}
.fix li{margin:.1rem 0}.quick{color:#0a6932;font-weight:600}.clause{margin-bottom:1rem}
.fill,.cell,.tier,.track,th{-webkit-print-color-adjust:exact;print-color-adjust:exact}
@page{size:A4;margin:14mm 12mm}
@media print{body{margin:0;max-width:none;padding:0;font-size:10pt}h2{break-after:avoid}h3{break-after:avoid}
.newpage{break-before:page}.clause,tr,.cell,.bars tr,.usernote{break-inside:avoid}
a{color:inherit;text-decoration:none}}
"""


def _e(text: Any) -> str:
    return escape(str(text), quote=True)


def _band_class(share: float) -> str:
    return "good" if share >= 0.8 else "near" if share >= 0.7 else "low"


def group_bars(groups: list[dict[str, Any]], lang: Lang) -> str:
    """One bar per group (the share of applicable points earned) with the tier lines, as a table:
    the full title wraps in its own cell instead of being cut."""
    rows = [
        f"<table class='bars'><caption class='meta'>{_e(t(lang, '虚线为 70/80/90/95 分的星级线', 'dashed lines: the 70/80/90/95 tier lines'))}</caption>",
        f"<tr><th scope='col'>{_e(t(lang, '组', 'Group'))}</th><th scope='col'>{_e(t(lang, '得分率', 'Share earned'))}</th>"
        f"<th scope='col' class='num'>%</th></tr>",
    ]
    for g in groups:
        pct = share(g)
        ticks = "".join(f"<span class='tick' style='left:{m}%'></span>" for m in (70, 80, 90, 95))
        rows.append(
            f"<tr><td class='label'>{_e(g['id'])} {_e(g['title'])}</td>"
            f"<td><div class='track' role='img' aria-label='{pct * 100:.0f}%'>"
            f"<div class='fill {_band_class(pct)}' style='width:{pct * 100:.2f}%'></div>{ticks}</div></td>"
            f"<td class='num'>{pct * 100:.0f}%</td></tr>"
        )
    rows.append("</table>")
    return "".join(rows)


def _notes(notes: list[dict[str, str]], lang: Lang) -> str:
    return "".join(
        f"<p class='usernote'><b>{_e(t(lang, '备注', 'Note'))}:</b> {_e(n['note'])}</p>"
        for n in notes
    )


def _triage(tri: dict[str, Any], lang: Lang) -> list[str]:
    out = [_section("triage", _e(t(lang, "初筛一页摘要", "Triage: one-page summary")), "")]
    band = tri["band"]
    if tri["estimable"]:
        out.append(
            f"<p class='lead'><b>{_e(t(lang, '可能落在', 'Likely band'))}: {score_text(band['min'])} – "
            f"{score_text(band['max'])}</b> ({_e(' / '.join(band['tiers']))}) · "
            f"{_e(t(lang, '暂定得分', 'provisional score'))} {score_text(tri['score'])}</p>"
        )
    out.append(f"<p class='meta'>{_e(band['basis'])}</p>")
    out.append(f"<h3>{_e(t(lang, '五个最大的差距', 'Five largest gaps'))}</h3><ol>")
    out += [
        f"<li>{_e(g['title'])} ({_e(g['clause'])}) — {_e(t(lang, '失分', 'lost'))} {g['points_lost']:.2f}, "
        f"{_e(t(lang, '工作量', 'effort'))} {_e(g['effort_label'])}</li>"
        for g in tri["top_gaps"]
    ] or ["<li>—</li>"]
    out.append(f"</ol><h3>{_e(t(lang, '建议的下一步', 'Recommended next steps'))}</h3><ul>")
    out += [f"<li>{_e(x)}</li>" for x in tri["next_steps"]]
    out.append(
        f"</ul><p class='note'>{_e(t(lang, '理论范围（所有未答问题取最差或最好时）', 'Theoretical range (every open question at its worst or best)'))}: "
        f"{score_text(tri['range']['min'])} – {score_text(tri['range']['max'])} "
        f"({_e(' / '.join(tri['range']['tiers']))})<br>"
        + _e(full_interview_adds(tri["full_interview_adds"], lang))
        + "</p></section>"
    )
    return out


def plan_table(p: dict[str, Any], lang: Lang) -> str:
    """The action plan's rows as a table with empty owner / due / status cells to fill in."""
    heads = [
        t(lang, "顺序", "Order"),
        t(lang, "条款", "Clause"),
        t(lang, "怎么改", "Steps"),
        t(lang, "要准备的证据", "Evidence to produce"),
        t(lang, "工作量", "Effort"),
        t(lang, "负责人", "Owner"),
        t(lang, "完成日期", "Due"),
        t(lang, "状态", "Status"),
    ]
    out = [
        "<table class='plan'><tr>"
        + "".join(f"<th scope='col'>{_e(h)}</th>" for h in heads)
        + "</tr>"
    ]
    for row in p["rows"]:
        quick = f"<br><span class='quick'>{_e(quick_flag(lang))}</span>" if row["quick_win"] else ""
        notes = "".join(
            f"<br><span class='meta'>{_e(t(lang, '备注', 'Note'))}: {_e(n)}</span>"
            for n in row["notes"]
        )
        out.append(
            f"<tr><td class='num'>{row['order']}</td><td class='what'>{_e(row['title'])} ({_e(row['clause'])}){quick}{notes}</td>"
            f"<td class='steps'><ol class='fix'>{''.join(f'<li>{_e(x)}</li>' for x in row['steps'])}</ol></td>"
            f"<td class='ev'><ul>{''.join(f'<li>{_e(x)}</li>' for x in row['evidence'])}</ul></td>"
            f"<td class='num'>{_e(row['effort_label'])} ({row['effort']})</td><td class='blank'></td><td class='blank'></td><td class='blank'></td></tr>"
        )
    out.append("</table>")
    return "".join(out)


def plan_intro(p: dict[str, Any], lang: Lang) -> str:
    if p["reason"]:
        return f"<p>{_e(p['reason_label'])}</p>"
    text = t(
        lang,
        f"从{p['current_label']}（{score_text(p['score'])}）到{p['target_label']}：按顺序做这 {len(p['rows'])} 条，"
        f"工作量合计 {p['effort']}，做完约 {score_text(p['score_after'])} 分。",
        f"From {p['current_label']} ({score_text(p['score'])}) to {p['target_label']}: these "
        f"{len(p['rows'])} fixes in order, total effort {p['effort']}, about {score_text(p['score_after'])} after.",
    )
    extra = (
        t(
            lang,
            f"（暂定：还有 {p['unanswered']} 个问题未答）",
            f" (provisional: {p['unanswered']} questions still open)",
        )
        if p["provisional"]
        else ""
    )
    return f"<p>{_e(text + extra)}</p><p class='meta'>{_e(p['effort_meaning'])}</p>"


def _result(r: dict[str, Any], lang: Lang) -> list[str]:
    out = [_section("result", _e(t(lang, "结果", "Result")), "")]
    tier_cls = "tier fail" if r["tier"] == "fail" else "tier"
    label = t(lang, "得分", "Score") if r["complete"] else t(lang, "暂定得分", "Provisional score")
    out.append(
        f'<p><span class="meta">{_e(label)}</span><br><span class="score">{score_text(r["score"])}</span>'
        f'<span class="{tier_cls}">{_e(r["tier_label"])}</span></p>'
    )
    if not r["complete"]:
        out.append(
            "<p class='note'>"
            + _e(
                t(
                    lang,
                    f"还有 {r['unanswered']} 个问题未回答。",
                    f"{r['unanswered']} questions are still open. ",
                )
            )
            + _e(t(lang, "理论范围：", "Theoretical range: "))
            + f"<b>{score_text(r['range']['min'])} – {score_text(r['range']['max'])}</b> "
            f"({_e(' / '.join(r['range']['tier_labels']))})</p>"
        )
    line = written_down_line(r)
    if line:
        out.append(f"<p class='lead'><b>{_e(line)}</b></p>")
    out.append(f"<p><b>{_e(t(lang, '计算公式', 'Formula'))}:</b> {_e(r['formula'])}</p>")
    out.append(
        f"<p>{_e(t(lang, '特别扣分', 'Special deductions'))}: <b>{r['special_deductions']}</b> · "
        f"{_e(t(lang, '特别加分', 'Bonus'))}: <b>{r['bonus']}</b></p>"
    )
    if r["deduction_warning"]:
        out.append(f'<p class="note warn">⚠ {_e(r["deduction_warning"])}</p>')
    rob = r["weight_robustness"]
    out.append(
        f'<p class="note">{_e(r["weights"]["note"])}'
        + (
            f"<br>{_e(t(lang, '权重敏感性', 'Weight sensitivity'))}: {_e(rob['label'])}"
            if rob
            else ""
        )
        + f"<br>{_e(r['star_note'])}</p></section>"
    )
    return out


def _section(key: str, heading: str, body: str, newpage: bool = False) -> str:
    """The opening of a section labelled by its heading, and what follows the heading."""
    cls = " class='newpage'" if newpage else ""
    return f"<section{cls} aria-labelledby='s-{key}'><h2 id='s-{key}'>{heading}</h2>{body}"


def _head(r: dict[str, Any], lang: Lang) -> list[str]:
    """The document head and the page header: name, company, respondent, bank and time."""
    s = r["session"]
    name = report_name(s)
    return [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(t(lang, 'GB/T 27922 售后服务预评估报告', 'GB/T 27922 pre-assessment report'))} — {_e(name)}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<header><h1>{_e(t(lang, 'GB/T 27922-2011 售后服务预评估报告', 'GB/T 27922-2011 after-sales pre-assessment'))}</h1>",
        f'<p class="meta">{_e(name)}'
        + (f" · {_e(s['company'])}" if s["company"] and s["company"] != name else "")
        + (
            f" · {_e(t(lang, '受访人', 'respondent'))}: {_e(s['respondent'])}"
            if s["respondent"]
            else ""
        )
        + f" · {_e(r['bank']['id'])} v{_e(r['bank']['version'])} · {_e(when(s['updated_at']))}</p></header>",
        "<main>",
    ]


def _eligibility(r: dict[str, Any], lang: Lang) -> list[str]:
    out = [_section("elig", _e(t(lang, "申请资格", "Eligibility")), "")]
    if r["eligible"] is True:
        out.append(f"<p>{_e(t(lang, '符合申请条件。', 'Meets the conditions to apply.'))}</p>")
    else:
        head = (
            t(lang, "暂不具备申请资格：", "Not yet eligible to apply:")
            if r["eligible"] is False
            else t(lang, "还有资格问题没有回答：", "Eligibility questions still open:")
        )
        out.append(f"<p><b>{_e(head)}</b></p><ul>")
        out += [f"<li>{_e(x)}</li>" for x in r["eligibility_issues"] + r["eligibility_open"]]
        out.append("</ul>")
    out.append("</section>")
    return out


def _groups(r: dict[str, Any], lang: Lang) -> list[str]:
    out = [_section("groups", _e(t(lang, "分组得分", "Groups")), ""), group_bars(r["groups"], lang)]
    out.append(
        f"<table><tr><th scope='col'>{_e(t(lang, '组', 'Group'))}</th><th scope='col' class='num'>{_e(t(lang, '得分', 'Earned'))}</th>"
        f"<th scope='col' class='num'>{_e(t(lang, '涉及项', 'Applicable'))}</th><th scope='col' class='num'>{_e(t(lang, '满分', 'Max'))}</th></tr>"
    )
    for g in r["groups"]:
        out.append(
            f"<tr><td>{_e(g['id'])} {_e(g['title'])}</td><td class='num'>{g['earned']:.2f}</td>"
            f"<td class='num'>{g['applicable']:.2f}</td><td class='num'>{g['max']:.0f}</td></tr>"
        )
    out.append("</table></section>")
    return out


def _heat_map(r: dict[str, Any], lang: Lang) -> list[str]:
    legend = t(
        lang,
        "绿=符合 黄=部分符合 红=不符合 灰=未知 虚线=不适用",
        "green met · yellow partly met · red not met · grey unknown · dashed excluded",
    )
    out = [
        _section(
            "heat",
            _e(t(lang, "条款热力图", "Clause heat map")),
            f"<p class='meta'>{_e(legend)}</p><ul class='heat'>",
        )
    ]
    for i in r["items"]:
        out.append(
            f"<li class='cell {_e(i['status'])}'><b>{_e(i['clause'])}</b> {_e(i['title'])}"
            f"<span class='st'>{_e(i['status_label'])}</span></li>"
        )
    out.append("</ul></section>")
    return out


def _weak_clause(w: dict[str, Any], lang: Lang) -> list[str]:
    """One weak clause: what it asks, the steps to fix it, the evidence and the user's notes."""
    quick = f" <span class='quick'>{_e(quick_flag(lang))}</span>" if w["quick_win"] else ""
    return [
        f"<div class='clause'><h3>{_e(w['clause'])} {_e(w['title'])} — {_e(t(lang, '失分', 'lost'))} {w['points_lost']:.2f}{quick}</h3>",
        f"<p>{_e(w['requirement'])}</p>",
        f"<p><b>{_e(t(lang, '怎么改', 'What to do'))}</b> ({_e(t(lang, '工作量', 'effort'))}: {_e(w['effort_label'])})</p>"
        "<ol class='fix'>" + "".join(f"<li>{_e(x)}</li>" for x in w["fix"]) + "</ol>",
        f"<p><b>{_e(t(lang, '审核员会看', 'Evidence to prepare'))}:</b> {_e(t(lang, '；', '; ').join(w['evidence']))}</p>",
        _notes(w["notes"], lang) + "</div>",
    ]


def _weakest(r: dict[str, Any], lang: Lang) -> list[str]:
    out = [_section("weak", _e(t(lang, "最薄弱的条款", "Weakest clauses")), "", newpage=True)]
    if not r["weakest"]:
        out.append(f"<p>{_e(t(lang, '没有失分的条款。', 'No clause has lost points.'))}</p>")
    for w in r["weakest"]:
        out += _weak_clause(w, lang)
    out.append("</section>")
    return out


def _interview_notes(r: dict[str, Any], lang: Lang) -> list[str]:
    if not r["notes"]:
        return []
    out = [_section("notes", _e(t(lang, "访谈备注", "Notes from the interview")), "")]
    for group in r["notes"]:
        out.append(f"<h3>{_e(group['title'])} ({_e(group['clause'])})</h3><ul>")
        out += [
            f"<li>{_e(n['text'])}<p class='usernote'>{_e(n['note'])}</p></li>"
            for n in group["notes"]
        ]
        out.append("</ul>")
    out.append("</section>")
    return out


def _bullets(key: str, heading: str, lines: list[str]) -> list[str]:
    """A section with a bulleted list of already escaped lines; nothing when there are none."""
    if not lines:
        return []
    return [
        _section(key, _e(heading), "<ul>"),
        *(f"<li>{x}</li>" for x in lines),
        "</ul></section>",
    ]


def _listed(key: str, anchor: str, line: Callable[[Any], str]) -> Part:
    """A section that lists the report's `key` entries, one item each (none when empty)."""
    return lambda r, lang: _bullets(anchor, t(lang, *LIST_TITLES[key]), [line(x) for x in r[key]])


def _upgrade_row(u: dict[str, Any], lang: Lang) -> str:
    if not u["reachable"]:
        return f"<tr><td>{_e(u['tier_label'])}</td><td colspan='3'>{_e(unreachable(u['reason'], lang))}</td></tr>"
    steps = "".join(f"<li>{_e(step_line(x, lang))}</li>" for x in u["steps"])
    return (
        f"<tr><td>{_e(u['tier_label'])}</td><td><ol class='fix'>{steps}</ol></td>"
        f"<td class='num'>{u['effort']}</td><td class='num'>{score_text(u['score_after'])}</td></tr>"
    )


def _upgrade(r: dict[str, Any], lang: Lang) -> list[str]:
    out = [_section("upgrade", _e(t(lang, "升级路线", "Upgrade path")), "", newpage=True)]
    if not r["upgrade_path"]:
        out.append(f"<p>{_e(t(lang, '已经是最高星级。', 'Already at the top tier.'))}</p>")
    else:
        out.append(f"<p class='meta'>{_e(r['effort_meaning'])}</p>")
        out.append(
            f"<table><tr><th scope='col'>{_e(t(lang, '目标', 'Target'))}</th><th scope='col'>{_e(t(lang, '要改的条款（按顺序）', 'Clauses to fix, in order'))}</th>"
            f"<th scope='col' class='num'>{_e(t(lang, '工作量', 'Effort'))}</th><th scope='col' class='num'>{_e(t(lang, '改后', 'After'))}</th></tr>"
        )
        out += [_upgrade_row(u, lang) for u in r["upgrade_path"]]
        out.append("</table>")
    out.append("</section>")
    return out


def _plan(r: dict[str, Any], lang: Lang) -> list[str]:
    p = r["plan"]
    heading = f"{_e(t(lang, '行动计划', 'Action plan'))}: {_e(p['target_label'])}"
    body = plan_intro(p, lang) + (plan_table(p, lang) if p["rows"] else "")
    return [_section("plan", heading, body, newpage=True) + "</section>"]


def _triage_part(r: dict[str, Any], lang: Lang) -> list[str]:
    return _triage(r["triage"], lang) if r.get("triage") else []


def _foot(r: dict[str, Any], lang: Lang) -> list[str]:
    return [
        "</main>",
        f"<footer><p class='meta'>{_e(t(lang, '本报告为预评估，不代表认证机构的结论。', 'A pre-assessment, not a certification body’s decision.'))}</p></footer>",
        "</body></html>",
    ]


PARTS: tuple[Part, ...] = (
    _head,
    _triage_part,
    _result,
    _eligibility,
    _groups,
    _heat_map,
    _weakest,
    _interview_notes,
    _listed("unknown", "unknown", lambda u: f"{_e(u['clause'])} {_e(u['title'])}"),
    _listed(
        "verify_before_applying",
        "verify",
        lambda v: f"{_e(v['title'])} {_e(v['clause'])}: {_e(v['text'])}",
    ),
    _upgrade,
    _plan,
    _listed(
        "excluded",
        "excl",
        lambda x: f"{_e(x['clause'])} {_e(x['title'])}: {_e(x['excluded_reason'])}",
    ),
    _foot,
)
"""The page's parts in the order they are printed."""


def render(r: dict[str, Any]) -> str:
    return "\n".join(section_lines(r, PARTS)) + "\n"
