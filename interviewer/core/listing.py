"""One line per session, the same in `interviewer sessions` and on the start screen."""

from __future__ import annotations

from interviewer.core.figures import score_text
from interviewer.core.labels import t, tier
from interviewer.core.store import Listing
from interviewer.core.text import Lang


def line(row: Listing, lang: Lang, wide: bool = False) -> str:
    """Name, progress, the score (final, or provisional with what is still open), last change."""
    if row.problem:
        what = t(lang, "无法读取", "DAMAGED")
        return f"{row.id[:8] if not wide else row.id}  ⚠ {what}: {row.problem[:160]}"
    name = row.display_name or row.company or (row.id if wide else row.id[:8])
    progress = f"{row.answered}/{row.total}"
    if row.other_bank:
        progress = "—"
        result = t(
            lang, f"题库 {row.other_bank}（用 --bank 打开）", f"bank {row.other_bank} (use --bank)"
        )
    elif row.complete:
        result = f"{score_text(row.score)} {tier(row.tier, lang)}"
    else:
        result = t(
            lang,
            f"暂定 {score_text(row.score)} · 还有{row.open_count}题",
            f"{score_text(row.score)} so far · {row.open_count} open",
        )
    if wide:
        return (
            f"{row.id}  {name[:30]:30}  {row.mode:8}  {progress:>7}  {result:24}  {row.updated_at}"
        )
    return f"{name[:24]:<24} {progress:>7}  {result:<18} {row.updated_at[:16]}"
