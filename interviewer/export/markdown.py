"""The report as Markdown: readable as plain text, pastes into e-mail and wikis.

Every text that is not ours (names, notes, reasons, bank text) goes through `esc`: Markdown and
HTML in it stay inert, and a line break cannot start a heading or a list of its own."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from interviewer.core.figures import score_text
from interviewer.core.labels import t, tier
from interviewer.core.text import Lang, bar
from interviewer.export.common import quick_flag, step_line, unreachable, when, written_down_line

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!~&])")
_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")


def esc(text: Any) -> str:
    """User or bank text inside Markdown: one line, every Markdown/HTML character escaped."""
    one_line = _BREAKS.sub(" ", str(text))
    return _SPECIAL.sub(r"\\\1", one_line)


_esc = esc


def _gap_line(g: dict[str, Any], lang: Lang) -> str:
    return (
        f"{esc(g['title'])}（{g['clause']}）— {t(lang, '失分', 'lost')} {g['points_lost']:.2f}, "
        f"{t(lang, '工作量', 'effort')} {g['effort_label']}"
        if lang == "zh"
        else f"{esc(g['title'])} ({g['clause']}) — lost {g['points_lost']:.2f}, effort {g['effort_label']}"
    )


def _notes(notes: list[dict[str, str]], lang: Lang) -> list[str]:
    return [f"> {t(lang, '备注', 'Note')}: {esc(n['note'])}" for n in notes]


def full_interview_adds(add: dict[str, Any], lang: Lang) -> str:
    """What the full interview would cover that a triage left open."""
    return t(
        lang,
        f"完整访谈还会覆盖：{add['questions']} 个未答问题、{add['clauses']} 个未知条款（{add['points']:.1f} 分）。",
        f"The full interview would add {add['questions']} open questions covering {add['clauses']} unknown "
        f"clauses ({add['points']:.1f} points).",
    )


def _triage(tri: dict[str, Any], lang: Lang) -> list[str]:
    out = [f"## {t(lang, '初筛一页摘要', 'Triage: one-page summary')}", ""]
    band = tri["band"]
    if tri["estimable"]:
        out.append(
            f"**{t(lang, '可能落在', 'Likely band')}: {score_text(band['min'])} – {score_text(band['max'])} "
            f"({esc(' / '.join(band['tiers']))})** · {t(lang, '暂定得分', 'provisional score')} "
            f"{score_text(tri['score'])}"
        )
    out += ["", esc(band["basis"]), ""]
    out.append(f"{t(lang, '五个最大的差距', 'Five largest gaps')}:")
    out.append("")
    out += [f"{n}. {_gap_line(g, lang)}" for n, g in enumerate(tri["top_gaps"], 1)] or ["- —"]
    out.append("")
    out.append(f"{t(lang, '建议的下一步', 'Recommended next steps')}:")
    out.append("")
    out += [f"- {esc(x)}" for x in tri["next_steps"]]
    out.append("")
    out.append(
        f"{t(lang, '理论范围（所有未答问题取最差或最好时）', 'Theoretical range (every open question at its worst or best)')}: "
        f"{score_text(tri['range']['min'])} – {score_text(tri['range']['max'])} "
        f"({esc(' / '.join(tri['range']['tiers']))})"
    )
    out += ["", full_interview_adds(tri["full_interview_adds"], lang), ""]
    return out


def _result(r: dict[str, Any], lang: Lang) -> list[str]:
    out = [f"## {t(lang, '结果', 'Result')}", ""]
    if r["complete"]:
        out.append(f"**{t(lang, '得分', 'Score')}: {score_text(r['score'])} — {r['tier_label']}**")
    else:
        out.append(
            f"**{t(lang, '暂定得分', 'Provisional score')}: {score_text(r['score'])} — {r['tier_label']}** "
            + t(
                lang,
                f"（还有 {r['unanswered']} 个问题未回答）",
                f"({r['unanswered']} questions still open)",
            )
        )
        out.append("")
        out.append(
            f"{t(lang, '理论范围', 'Theoretical range')}: {score_text(r['range']['min'])} – "
            f"{score_text(r['range']['max'])} "
            f"({' / '.join(r['range']['tier_labels'])})"
        )
    line = written_down_line(r)
    if line:
        out += ["", f"**{line}**"]
    out.append("")
    out.append(f"{t(lang, '计算公式', 'Formula')}: {r['formula']}")
    out.append("")
    out.append(
        f"{t(lang, '特别扣分', 'Special deductions')}: {r['special_deductions']}"
        f"  ·  {t(lang, '特别加分', 'Bonus')}: {r['bonus']}"
    )
    if r["deduction_warning"]:
        out += ["", f"> ⚠ {r['deduction_warning']}"]
    out += ["", f"> {esc(r['weights']['note'])}", *_weight_sensitivity(r, lang)]
    out += [f">\n> {r['star_note']}", ""]
    return out


def _weight_sensitivity(r: dict[str, Any], lang: Lang) -> list[str]:
    """The weight-robustness verdict, with the tiers seen and the exact score range when it applies."""
    rob = r["weight_robustness"]
    if not rob:
        return []
    head = f">\n> {t(lang, '权重敏感性', 'Weight sensitivity')}: {rob['label']}"
    if rob["verdict"] == "not_applicable":
        return [head]
    seen = t(lang, "、", ", ").join(tier(x, lang) for x in rob["tiers_seen"])
    low, high = score_text(rob["score_low"]), score_text(rob["score_high"])
    return [
        head
        + t(
            lang,
            f"（出现的星级：{seen}；各条款权重在 ±30% 内任意取值时，得分最低 {low}、最高 {high}，"
            "是精确算出的最低与最高值）",
            f" (tiers seen: {seen}; with every item weight anywhere within ±30%, the score "
            f"ranges from {low} to {high}: the exact lowest and highest values)",
        )
    ]


def _upgrade(r: dict[str, Any], lang: Lang) -> list[str]:
    out = [f"## {t(lang, '升级路线', 'Upgrade path')}", ""]
    if not r["upgrade_path"]:
        return [*out, t(lang, "已经是最高星级。", "Already at the top tier."), ""]
    out += [
        t(
            lang,
            "每个目标列出工作量最小的一组整改，按先做快速见效、再按每单位工作量多得分排序。",
            "For each target, the set of fixes with the least effort, quick wins first, then the "
            "most points per unit of effort.",
        ),
        "",
        esc(r["effort_meaning"]),
        "",
    ]
    for u in r["upgrade_path"]:
        if not u["reachable"]:
            out += [f"### {u['tier_label']}", "", unreachable(u["reason"], lang), ""]
            continue
        out.append(
            f"### {u['tier_label']}"
            + t(
                lang,
                f"：改 {len(u['steps'])} 条，工作量合计 {u['effort']}，改后约 {score_text(u['score_after'])} 分",
                f": fix {len(u['steps'])} clauses, total effort {u['effort']}, about "
                f"{score_text(u['score_after'])} after",
            )
        )
        out.append("")
        out += [f"{n}. {esc(step_line(s, lang))}" for n, s in enumerate(u["steps"], 1)]
        out.append("")
    return out


def report_name(s: dict[str, Any]) -> str:
    """What the report is called: the display name, else the company, else the session id's start."""
    name: str = s["display_name"] or s["company"] or s["id"][:8]
    return name


def share(g: dict[str, Any]) -> float:
    """The share of a group's applicable points that it earned (0 when nothing applies)."""
    return float(g["earned"] / g["applicable"]) if g["applicable"] else 0.0


def _header(r: dict[str, Any], lang: Lang) -> list[str]:
    s = r["session"]
    out = [
        f"# {t(lang, 'GB/T 27922 售后服务预评估报告', 'GB/T 27922 after-sales pre-assessment')}: "
        f"{esc(report_name(s))}",
        "",
    ]
    if s["company"]:
        out.append(f"- {t(lang, '企业', 'Company')}: {esc(s['company'])}")
    if s["respondent"]:
        out.append(f"- {t(lang, '受访人', 'Respondent')}: {esc(s['respondent'])}")
    out.append(f"- {t(lang, '题库', 'Bank')}: {esc(r['bank']['id'])} v{esc(r['bank']['version'])}")
    out.append(f"- {t(lang, '更新时间', 'Updated')}: {when(s['updated_at'])}")
    return [*out, ""]


def _eligibility(r: dict[str, Any], lang: Lang) -> list[str]:
    out = [f"## {t(lang, '申请资格', 'Eligibility')}", ""]
    if r["eligible"] is True:
        out.append(t(lang, "符合申请条件。", "Meets the conditions to apply."))
    elif r["eligible"] is False:
        out.append(t(lang, "**暂不具备申请资格：**", "**Not yet eligible to apply:**"))
        out.append("")
        out += [f"- {esc(x)}" for x in r["eligibility_issues"]]
    else:
        out.append(t(lang, "还有资格问题没有回答：", "Eligibility questions still open:"))
        out.append("")
    out += [f"- {esc(x)}" for x in r["eligibility_open"]]
    return [*out, ""]


def _groups(r: dict[str, Any], lang: Lang) -> list[str]:
    out = [
        f"## {t(lang, '分组得分', 'Groups')}",
        "",
        f"| {t(lang, '组', 'Group')} | {t(lang, '得分', 'Earned')} | {t(lang, '涉及项', 'Applicable')} | "
        f"{t(lang, '满分', 'Max')} | |",
        "|---|---:|---:|---:|---|",
    ]
    for g in r["groups"]:
        pct = share(g)
        out.append(
            f"| {g['id']} {esc(g['title'])} | {g['earned']:.2f} | {g['applicable']:.2f} | {g['max']:.0f} | "
            f"`{bar(pct, 1, 20)}` {pct * 100:.0f}% |"
        )
    return [*out, ""]


def _weak_clause(w: dict[str, Any], lang: Lang) -> list[str]:
    """One weak clause: what it asks, the steps to fix it, the evidence and the user's notes."""
    flag = t(lang, f"（{quick_flag(lang)}）", f" ({quick_flag(lang)})") if w["quick_win"] else ""
    out = [
        f"### {w['clause']} {esc(w['title'])} — {t(lang, '失分', 'lost')} {w['points_lost']:.2f}{flag}",
        "",
        f"{t(lang, '要求', 'Requirement')}: {esc(w['requirement'])}",
        "",
        f"{t(lang, '怎么改', 'What to do')} ({t(lang, '工作量', 'effort')}: {w['effort_label']}):",
        "",
        *(f"{n}. {esc(step)}" for n, step in enumerate(w["fix"], 1)),
        "",
        f"{t(lang, '审核员会看', 'Evidence to prepare')}: "
        + t(lang, "；", "; ").join(esc(e) for e in w["evidence"]),
        "",
    ]
    if w["notes"]:
        out += [*_notes(w["notes"], lang), ""]
    return out


def _weakest(r: dict[str, Any], lang: Lang) -> list[str]:
    out = [f"## {t(lang, '最薄弱的条款', 'Weakest clauses')}", ""]
    if not r["weakest"]:
        out.append(t(lang, "没有失分的条款。", "No clause has lost points."))
    for w in r["weakest"][:15]:
        out += _weak_clause(w, lang)
    return out


def _interview_notes(r: dict[str, Any], lang: Lang) -> list[str]:
    if not r["notes"]:
        return []
    out = [f"## {t(lang, '访谈备注', 'Notes from the interview')}", ""]
    for group in r["notes"]:
        out.append(
            f"### {esc(group['title'])}（{esc(group['clause'])}）"
            if lang == "zh"
            else f"### {esc(group['title'])} ({esc(group['clause'])})"
        )
        out.append("")
        out += [f"- {esc(n['text'])}: {esc(n['note'])}" for n in group["notes"]]
        out.append("")
    return out


Part = Callable[[dict[str, Any], Lang], list[str]]
"""One section of a report: its lines from the report and its language."""


def _bullets(heading: str, lines: list[str]) -> list[str]:
    """A section of bullet lines under its heading; nothing at all when there are no lines."""
    if not lines:
        return []
    return [f"## {heading}", "", *(f"- {x}" for x in lines), ""]


LIST_TITLES: dict[str, tuple[str, str]] = {
    "unknown": ("尚未知道的条款", "Still unknown"),
    "verify_before_applying": ("申请前请核实", "Verify before you apply"),
    "excluded": ("不适用的条款", "Excluded clauses"),
    "orphaned_answers": ("题库中已不存在的回答", "Answers to questions no longer in the bank"),
}
"""The headings (zh, en) of the sections that list the report's entries under these keys."""


def _listed(key: str, line: Callable[[Any], str]) -> Part:
    """A section that lists the report's `key` entries, one bullet each (none when empty)."""
    return lambda r, lang: _bullets(t(lang, *LIST_TITLES[key]), [line(x) for x in r[key]])


def _triage_part(r: dict[str, Any], lang: Lang) -> list[str]:
    return _triage(r["triage"], lang) if r.get("triage") else []


def section_lines(r: dict[str, Any], parts: Sequence[Part]) -> list[str]:
    """Every part's lines in order, each part given the report and its language."""
    lang = r["session"]["language"]
    return [line for part in parts for line in part(r, lang)]


PARTS: tuple[Part, ...] = (
    _header,
    _triage_part,
    _result,
    _eligibility,
    _groups,
    _weakest,
    _interview_notes,
    _listed("unknown", lambda u: f"{u['clause']} {esc(u['title'])} ({u['points']:.2f})"),
    _listed(
        "verify_before_applying",
        lambda v: f"{esc(v['title'])} {esc(v['clause'])}: {esc(v['text'])}",
    ),
    _upgrade,
    _listed("excluded", lambda e: f"{e['clause']} {esc(e['title'])}: {esc(e['excluded_reason'])}"),
    _listed("orphaned_answers", esc),
)
"""The report's sections in the order they are printed."""


def render(r: dict[str, Any]) -> str:
    return "\n".join(section_lines(r, PARTS)).rstrip() + "\n"
