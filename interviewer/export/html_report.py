"""The report as one self-contained HTML file: no network, no external assets, prints to PDF.

Every text is HTML-escaped; the charts are inline SVG drawn from the numbers."""

from __future__ import annotations

from html import escape
from typing import Any

from interviewer.core.figures import score_text
from interviewer.core.labels import t
from interviewer.core.text import Lang

STYLE = """
body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;margin:2rem auto;
max-width:60rem;color:#1b2430;line-height:1.5;padding:0 1rem}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;border-bottom:2px solid #dde3ea;padding-bottom:.2rem;
margin-top:2rem}.meta{color:#5b6775;font-size:.9rem}.score{font-size:2.4rem;font-weight:700}
.tier{display:inline-block;padding:.2rem .7rem;border-radius:1rem;background:#1f6feb;color:#fff;font-weight:600;
margin-left:.5rem;vertical-align:middle}.tier.fail{background:#c62828}.note{background:#f5f7fa;border-left:4px solid
#8aa1b8;padding:.5rem .8rem;font-size:.9rem;color:#3b4654}.warn{border-left-color:#e6a700;background:#fff8e1}
table{border-collapse:collapse;width:100%;font-size:.92rem}td,th{border-bottom:1px solid #e4e8ee;padding:.35rem .4rem;
text-align:left;vertical-align:top}th{background:#f0f3f7}.num{text-align:right;white-space:nowrap}
.heat{display:grid;grid-template-columns:repeat(auto-fill,minmax(6.2rem,1fr));gap:.3rem}.cell{padding:.3rem;
border-radius:.3rem;font-size:.78rem;color:#10202f}.met{background:#b7e4c7}.partial{background:#ffe08a}
.not_met{background:#f4a6a6}.open{background:#e3e8ee}.excluded{background:#fff;border:1px dashed #b5bfca;color:#7a8694}
.fix li{margin:.1rem 0}.quick{color:#0b7a3b;font-weight:600}@media print{body{margin:0}h2{break-after:avoid}}
"""


def _e(text: Any) -> str:
    return escape(str(text), quote=True)


def group_svg(groups: list[dict[str, Any]], lang: Lang) -> str:
    """One horizontal bar per group: the share of applicable points earned."""
    row, width, left = 34, 560, 150
    height = row * len(groups) + 10
    parts = [
        f'<svg width="100%" viewBox="0 0 {left + width + 80} {height}" '
        f'role="img" aria-label="{_e(t(lang, "分组得分", "Group scores"))}">'
    ]
    for n, g in enumerate(groups):
        y = 5 + n * row
        share = g["earned"] / g["applicable"] if g["applicable"] else 0.0
        colour = "#2e7d32" if share >= 0.8 else "#f9a825" if share >= 0.7 else "#c62828"
        parts.append(
            f'<text x="0" y="{y + 19}" font-size="13">{_e(g["id"])} {_e(g["title"][:10])}</text>'
        )
        parts.append(
            f'<rect x="{left}" y="{y + 4}" width="{width}" height="20" fill="#e8edf2" rx="3"/>'
        )
        parts.append(
            f'<rect x="{left}" y="{y + 4}" width="{width * share:.1f}" height="20" fill="{colour}" rx="3"/>'
        )
        for mark in (0.7, 0.8, 0.9, 0.95):
            parts.append(
                f'<line x1="{left + width * mark:.1f}" x2="{left + width * mark:.1f}" y1="{y + 2}" '
                f'y2="{y + 26}" stroke="#4a5868" stroke-dasharray="2,2"/>'
            )
        parts.append(
            f'<text x="{left + width + 8}" y="{y + 19}" font-size="13">{share * 100:.0f}%</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def render(r: dict[str, Any]) -> str:
    lang = r["session"]["language"]
    s = r["session"]
    name = s["display_name"] or s["company"] or s["id"][:8]
    out: list[str] = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(t(lang, 'GB/T 27922 售后服务预评估报告', 'GB/T 27922 pre-assessment report'))} — {_e(name)}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>{_e(t(lang, 'GB/T 27922-2011 售后服务预评估报告', 'GB/T 27922-2011 after-sales pre-assessment'))}</h1>",
        f'<p class="meta">{_e(name)}'
        + (f" · {_e(s['company'])}" if s["company"] and s["company"] != name else "")
        + (
            f" · {_e(t(lang, '受访人', 'respondent'))}: {_e(s['respondent'])}"
            if s["respondent"]
            else ""
        )
        + f" · {_e(r['bank']['id'])} v{_e(r['bank']['version'])} · {_e(s['updated_at'])}</p>",
    ]
    tri = r.get("triage")
    if tri:
        out.append(f"<h2>{_e(t(lang, '初筛一页摘要', 'Triage: one-page summary'))}</h2>")
        out.append(
            f"<p><b>{_e(t(lang, '可能的星级范围', 'Likely tier range'))}:</b> {_e(' / '.join(tri['range']['tiers']))} "
            f"({score_text(tri['range']['min'])} – {score_text(tri['range']['max'])})</p>"
        )
        out.append(f"<p><b>{_e(t(lang, '五个最大的差距', 'Five largest gaps'))}</b></p><ol>")
        out += [
            f"<li>{_e(g['clause'])} {_e(g['title'])} — {g['points_lost']:.2f}</li>"
            for g in tri["top_gaps"]
        ]
        out.append(
            f"</ol><p><b>{_e(t(lang, '建议的下一步', 'Recommended next steps'))}</b></p><ul>"
        )
        out += [f"<li>{_e(x)}</li>" for x in tri["next_steps"]]
        add = tri["full_interview_adds"]
        out.append(
            "</ul><p class='note'>"
            + _e(
                t(
                    lang,
                    f"完整访谈还会覆盖：至少 {add['questions']} 个问题、{add['clauses']} 个未知条款（{add['points']:.1f} 分）。",
                    f"The full interview would add at least {add['questions']} questions covering {add['clauses']} unknown clauses ({add['points']:.1f} points).",
                )
            )
            + "</p>"
        )
    tier_cls = "tier fail" if r["tier"] == "fail" else "tier"
    label = t(lang, "得分", "Score") if r["complete"] else t(lang, "暂定得分", "Provisional score")
    out.append(
        f'<p><span class="meta">{_e(label)}</span><br><span class="score">{score_text(r["score"])}</span>'
        f'<span class="{tier_cls}">{_e(r["tier_label"])}</span></p>'
    )
    if not r["complete"]:
        out.append(
            f'<p class="note">{_e(t(lang, "还有", ""))} {r["unanswered"]} '
            f"{_e(t(lang, '个问题未回答。最终得分可能在', 'questions are still open. The final score can be'))} "
            f"<b>{score_text(r['range']['min'])} – {score_text(r['range']['max'])}</b> "
            f"({_e(' / '.join(r['range']['tier_labels']))})</p>"
        )
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
        + f"<br>{_e(r['star_note'])}</p>"
    )

    out.append(f"<h2>{_e(t(lang, '申请资格', 'Eligibility'))}</h2>")
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

    out.append(f"<h2>{_e(t(lang, '分组得分', 'Groups'))}</h2>")
    out.append(group_svg(r["groups"], lang))
    out.append(
        f"<table><tr><th>{_e(t(lang, '组', 'Group'))}</th><th class='num'>{_e(t(lang, '得分', 'Earned'))}</th>"
        f"<th class='num'>{_e(t(lang, '涉及项', 'Applicable'))}</th><th class='num'>{_e(t(lang, '满分', 'Max'))}</th></tr>"
    )
    for g in r["groups"]:
        out.append(
            f"<tr><td>{_e(g['id'])} {_e(g['title'])}</td><td class='num'>{g['earned']:.2f}</td>"
            f"<td class='num'>{g['applicable']:.2f}</td><td class='num'>{g['max']:.0f}</td></tr>"
        )
    out.append("</table>")

    out.append(f"<h2>{_e(t(lang, '条款热力图', 'Clause heat map'))}</h2><div class='heat'>")
    for i in r["items"]:
        out.append(
            f"<div class='cell {_e(i['status'])}' title='{_e(i['title'])}: {_e(i['status_label'])}'>"
            f"<b>{_e(i['clause'])}</b><br>{_e(i['title'][:14])}</div>"
        )
    out.append("</div>")
    out.append(
        f"<p class='meta'>{_e(t(lang, '绿=符合 黄=部分 红=不符合 灰=未知 虚线=不适用', 'green met · yellow partly · red not met · grey unknown · dashed excluded'))}</p>"
    )

    out.append(f"<h2>{_e(t(lang, '最薄弱的条款', 'Weakest clauses'))}</h2>")
    if not r["weakest"]:
        out.append(f"<p>{_e(t(lang, '没有失分的条款。', 'No clause has lost points.'))}</p>")
    for w in r["weakest"]:
        quick = (
            f" <span class='quick'>{_e(t(lang, '快速见效：已在做，补文件或记录即可', 'quick win: already done, write it down'))}</span>"
            if w["quick_win"]
            else ""
        )
        out.append(
            f"<h3>{_e(w['clause'])} {_e(w['title'])} — {_e(t(lang, '失分', 'lost'))} {w['points_lost']:.2f}{quick}</h3>"
        )
        out.append(f"<p>{_e(w['requirement'])}</p>")
        out.append(
            f"<p><b>{_e(t(lang, '怎么改', 'What to do'))}</b> ({_e(t(lang, '工作量', 'effort'))}: {_e(w['effort_label'])})</p>"
            "<ol class='fix'>" + "".join(f"<li>{_e(x)}</li>" for x in w["fix"]) + "</ol>"
        )
        out.append(
            f"<p><b>{_e(t(lang, '审核员会看', 'Evidence to prepare'))}:</b> {_e('；'.join(w['evidence']))}</p>"
        )
    if r["unknown"]:
        out.append(f"<h2>{_e(t(lang, '尚未知道的条款', 'Still unknown'))}</h2><ul>")
        out += [f"<li>{_e(u['clause'])} {_e(u['title'])}</li>" for u in r["unknown"]]
        out.append("</ul>")
    if r["verify_before_applying"]:
        out.append(f"<h2>{_e(t(lang, '申请前请核实', 'Verify before you apply'))}</h2><ul>")
        out += [
            f"<li>{_e(v['question'])}: {_e(v['text'])}</li>" for v in r["verify_before_applying"]
        ]
        out.append("</ul>")

    out.append(f"<h2>{_e(t(lang, '升级路线', 'Upgrade path'))}</h2><table>")
    out.append(
        f"<tr><th>{_e(t(lang, '目标', 'Target'))}</th><th>{_e(t(lang, '要改的条款', 'Clauses to fix'))}</th>"
        f"<th class='num'>{_e(t(lang, '工作量', 'Effort'))}</th><th class='num'>{_e(t(lang, '改后', 'After'))}</th></tr>"
    )
    for u in r["upgrade_path"]:
        if u["reachable"]:
            out.append(
                f"<tr><td>{_e(u['tier_label'])}</td><td>{_e(', '.join(u['clauses']))}</td>"
                f"<td class='num'>{u['effort']}</td><td class='num'>{score_text(u['score_after'])}</td></tr>"
            )
        else:
            out.append(
                f"<tr><td>{_e(u['tier_label'])}</td><td colspan='3'>{_e(t(lang, '目前无法达到', 'out of reach for now'))}</td></tr>"
            )
    out.append("</table>")
    if r["excluded"]:
        out.append(f"<h2>{_e(t(lang, '不适用的条款', 'Excluded clauses'))}</h2><ul>")
        out += [
            f"<li>{_e(x['clause'])} {_e(x['title'])}: {_e(x['excluded_reason'])}</li>"
            for x in r["excluded"]
        ]
        out.append("</ul>")
    out.append(
        f"<p class='meta'>{_e(t(lang, '本报告为预评估，不代表认证机构的结论。', 'A pre-assessment, not a certification body’s decision.'))}</p>"
    )
    out.append("</body></html>")
    return "\n".join(out) + "\n"
