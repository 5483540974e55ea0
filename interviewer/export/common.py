"""What every renderer of the report says the same way: times, the upgrade path's reasons, the
quick-win flag, and the "write down what you already do" line."""

from __future__ import annotations

from typing import Any

from interviewer.core.figures import score_text
from interviewer.core.labels import t
from interviewer.core.text import Lang


def when(iso: str) -> str:
    """An ISO timestamp as a reader writes it: date and minutes, no offset."""
    return iso[:16].replace("T", " ") if len(iso) >= 16 else iso


def unreachable(reason: str, lang: Lang) -> str:
    return {
        "deductions": t(
            lang, "特别扣分已达5项，先整改扣分项", "5+ special deductions: rectify them first"
        ),
        "nothing_answered": t(lang, "还没有可计分的回答", "nothing scored yet"),
    }.get(reason, t(lang, "目前无法达到", "out of reach for now"))


def quick_flag(lang: Lang) -> str:
    return t(lang, "快速见效：已在做，补文件/记录即可", "quick win: already done, write it down")


def written_down_line(r: dict[str, Any]) -> str:
    """ "Write down what you already do and you reach about X" when that is more than now."""
    lang = r["session"]["language"]
    after = r.get("written_down")
    if after is None or after <= r["score"]:
        return ""
    return t(
        lang,
        f"把已经在做、只是没有书面文件或记录的条款补齐文件记录后，约 {score_text(after)} 分"
        f"（现在 {score_text(r['score'])}）。",
        f"Write down what you already do (the quick wins) and the score is about "
        f"{score_text(after)} (now {score_text(r['score'])}).",
    )


def step_line(s: dict[str, Any], lang: Lang) -> str:
    """One clause of the upgrade path: title first, then id, effort and the points it brings."""
    quick = t(lang, "；快速见效", "; quick win") if s["quick_win"] else ""
    return t(
        lang,
        f"{s['title']}（{s['clause']}）：工作量{s['effort_label']}，可多得 {s['points_lost']:.2f} 分{quick}",
        f"{s['title']} ({s['clause']}): effort {s['effort_label']}, gains {s['points_lost']:.2f} points{quick}",
    )
