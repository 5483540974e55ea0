"""The report as Markdown: readable as plain text, pastes into e-mail and wikis."""

from __future__ import annotations

from typing import Any

from interviewer.core.figures import score_text
from interviewer.core.labels import t, tier
from interviewer.core.text import bar


def _esc(text: str) -> str:
    """Table cells: keep pipes and line breaks from breaking the table."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def render(r: dict[str, Any]) -> str:
    lang = r["session"]["language"]
    s = r["session"]
    out: list[str] = []
    name = s["display_name"] or s["company"] or s["id"][:8]
    out.append(
        f"# {t(lang, 'GB/T 27922 售后服务预评估报告', 'GB/T 27922 after-sales pre-assessment')}: {_esc(name)}"
    )
    out.append("")
    if s["company"]:
        out.append(f"- {t(lang, '企业', 'Company')}: {_esc(s['company'])}")
    if s["respondent"]:
        out.append(f"- {t(lang, '受访人', 'Respondent')}: {_esc(s['respondent'])}")
    out.append(f"- {t(lang, '题库', 'Bank')}: {r['bank']['id']} v{r['bank']['version']}")
    out.append(f"- {t(lang, '更新时间', 'Updated')}: {s['updated_at']}")
    out.append("")
    tri = r.get("triage")
    if tri:
        out.append(f"## {t(lang, '初筛一页摘要', 'Triage: one-page summary')}")
        out.append("")
        out.append(
            f"**{t(lang, '可能的星级范围', 'Likely tier range')}: {' / '.join(tri['range']['tiers'])}** "
            f"({score_text(tri['range']['min'])} – {score_text(tri['range']['max'])})"
        )
        out.append("")
        out.append(f"{t(lang, '五个最大的差距', 'Five largest gaps')}:")
        out += [
            f"1. {g['clause']} {_esc(g['title'])} ({t(lang, '失分', 'lost')} {g['points_lost']:.2f}, "
            f"{t(lang, '工作量', 'effort')} {g['effort_label']})"
            for g in tri["top_gaps"]
        ] or ["- —"]
        out.append("")
        out.append(f"{t(lang, '建议的下一步', 'Recommended next steps')}:")
        out += [f"- {_esc(x)}" for x in tri["next_steps"]]
        add = tri["full_interview_adds"]
        out.append("")
        out.append(
            t(
                lang,
                f"完整访谈还会覆盖：至少 {add['questions']} 个问题、{add['clauses']} 个未知条款（{add['points']:.1f} 分）。",
                f"The full interview would add at least {add['questions']} questions covering {add['clauses']} unknown "
                f"clauses ({add['points']:.1f} points).",
            )
        )
        out.append("")
    out.append(f"## {t(lang, '结果', 'Result')}")
    out.append("")
    if r["complete"]:
        out.append(f"**{t(lang, '得分', 'Score')}: {score_text(r['score'])} — {r['tier_label']}**")
    else:
        out.append(
            f"**{t(lang, '暂定得分', 'Provisional score')}: {score_text(r['score'])} — {r['tier_label']}** "
            f"({t(lang, '还有', '')} {r['unanswered']} {t(lang, '个问题未回答', 'questions still open')})"
        )
        out.append("")
        out.append(
            f"{t(lang, '可能范围', 'Possible range')}: {score_text(r['range']['min'])} – "
            f"{score_text(r['range']['max'])} "
            f"({' / '.join(r['range']['tier_labels'])})"
        )
    out.append("")
    out.append(f"{t(lang, '计算公式', 'Formula')}: {r['formula']}")
    out.append("")
    out.append(
        f"{t(lang, '特别扣分', 'Special deductions')}: {r['special_deductions']}"
        f"  ·  {t(lang, '特别加分', 'Bonus')}: {r['bonus']}"
    )
    if r["deduction_warning"]:
        out.append("")
        out.append(f"> ⚠ {r['deduction_warning']}")
    out.append("")
    out.append(f"> {r['weights']['note']}")
    rob = r["weight_robustness"]
    if rob and rob["verdict"] == "not_applicable":
        out.append(f">\n> {t(lang, '权重敏感性', 'Weight sensitivity')}: {rob['label']}")
    elif rob:
        seen = t(lang, "、", ", ").join(tier(x, lang) for x in rob["tiers_seen"])
        low, high = score_text(rob["score_low"]), score_text(rob["score_high"])
        out.append(
            f">\n> {t(lang, '权重敏感性', 'Weight sensitivity')}: {rob['label']}"
            + t(
                lang,
                f"（出现的星级：{seen}；各条款权重在 ±30% 内任意取值时，得分最低 {low}、最高 {high}，"
                "是精确算出的最低与最高值）",
                f" (tiers seen: {seen}; with every item weight anywhere within ±30%, the score "
                f"ranges from {low} to {high}: the exact lowest and highest values)",
            )
        )
    out.append(f">\n> {r['star_note']}")
    out.append("")
    out.append(f"## {t(lang, '申请资格', 'Eligibility')}")
    out.append("")
    if r["eligible"] is True:
        out.append(t(lang, "符合申请条件。", "Meets the conditions to apply."))
    elif r["eligible"] is False:
        out.append(t(lang, "**暂不具备申请资格：**", "**Not yet eligible to apply:**"))
        out += [f"- {_esc(x)}" for x in r["eligibility_issues"]]
    else:
        out.append(t(lang, "还有资格问题没有回答：", "Eligibility questions still open:"))
    out += [f"- {_esc(x)}" for x in r["eligibility_open"]]
    out.append("")
    out.append(f"## {t(lang, '分组得分', 'Groups')}")
    out.append("")
    out.append(
        f"| {t(lang, '组', 'Group')} | {t(lang, '得分', 'Earned')} | {t(lang, '涉及项', 'Applicable')} | "
        f"{t(lang, '满分', 'Max')} | |"
    )
    out.append("|---|---:|---:|---:|---|")
    for g in r["groups"]:
        pct = g["earned"] / g["applicable"] if g["applicable"] else 0
        out.append(
            f"| {g['id']} {_esc(g['title'])} | {g['earned']:.2f} | {g['applicable']:.2f} | {g['max']:.0f} | "
            f"`{bar(pct, 1, 20)}` {pct * 100:.0f}% |"
        )
    out.append("")
    out.append(f"## {t(lang, '最薄弱的条款', 'Weakest clauses')}")
    out.append("")
    if not r["weakest"]:
        out.append(t(lang, "没有失分的条款。", "No clause has lost points."))
    for w in r["weakest"][:15]:
        flag = (
            t(
                lang,
                "（快速见效：已在做，补文件/记录即可）",
                " (quick win: you already do it — write it down)",
            )
            if w["quick_win"]
            else ""
        )
        out.append(
            f"### {w['clause']} {_esc(w['title'])} — {t(lang, '失分', 'lost')} {w['points_lost']:.2f}{flag}"
        )
        out.append("")
        out.append(f"{t(lang, '要求', 'Requirement')}: {_esc(w['requirement'])}")
        out.append("")
        out.append(
            f"{t(lang, '怎么改', 'What to do')} ({t(lang, '工作量', 'effort')}: {w['effort_label']}):"
        )
        out += [f"1. {_esc(step)}" for step in w["fix"]]
        out.append("")
        out.append(
            f"{t(lang, '审核员会看', 'Evidence to prepare')}: "
            + "; ".join(_esc(e) for e in w["evidence"])
        )
        out.append("")
    if r["unknown"]:
        out.append(f"## {t(lang, '尚未知道的条款', 'Still unknown')}")
        out.append("")
        out += [f"- {u['clause']} {_esc(u['title'])} ({u['points']:.2f})" for u in r["unknown"]]
        out.append("")
    if r["verify_before_applying"]:
        out.append(f"## {t(lang, '申请前请核实', 'Verify before you apply')}")
        out.append("")
        out += [f"- {v['question']}: {_esc(v['text'])}" for v in r["verify_before_applying"]]
        out.append("")
    out.append(f"## {t(lang, '升级路线', 'Upgrade path')}")
    out.append("")
    if not r["upgrade_path"]:
        out.append(t(lang, "已经是最高星级。", "Already at the top tier."))
    for u in r["upgrade_path"]:
        if u["reachable"]:
            out.append(
                f"- **{u['tier_label']}**: {t(lang, '改进', 'fix')} {', '.join(u['clauses'])} "
                f"({t(lang, '工作量', 'effort')} {u['effort']}; {t(lang, '改后约', 'score after')} "
                f"{score_text(u['score_after'])})"
            )
        else:
            why = {
                "deductions": t(
                    lang, "特别扣分已达5项，先整改", "5+ special deductions: rectify them first"
                ),
                "nothing_answered": t(lang, "还没有可计分的回答", "nothing scored yet"),
                "out_of_reach": t(lang, "即使全部改进也达不到", "out of reach even with every fix"),
            }
            out.append(f"- **{u['tier_label']}**: {why.get(u['reason'], u['reason'])}")
    out.append("")
    if r["excluded"]:
        out.append(f"## {t(lang, '不适用的条款', 'Excluded clauses')}")
        out.append("")
        out += [
            f"- {e['clause']} {_esc(e['title'])}: {_esc(e['excluded_reason'])}"
            for e in r["excluded"]
        ]
        out.append("")
    if r["orphaned_answers"]:
        out.append(
            f"## {t(lang, '题库中已不存在的回答', 'Answers to questions no longer in the bank')}"
        )
        out.append("")
        out += [f"- {q}" for q in r["orphaned_answers"]]
        out.append("")
    return "\n".join(out).rstrip() + "\n"
