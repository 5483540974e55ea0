"""The Chinese interface shows no English and no bare internal ids: key hints in one language
(they said "返回 Back"), the question list (F6) names profile questions by their part, not by
ids such as p.outsourced_delivery."""

from __future__ import annotations

import re
from pathlib import Path

from interviewer.core import engine
from interviewer.ui.screens.modals import JumpList, jump_rows
from interviewer.ui.screens.report import ReportScreen
from tests.ui.conftest import tiny
from tests.ui.test_input_integrity import settle
from tests.ui.test_interview_flow import start

CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")


def hints(app) -> list[str]:  # type: ignore[no-untyped-def]
    """The app's and the screen's own keys (Textual's input widgets bring hidden English ones)."""
    return [
        b.binding.description
        for b in app.screen.active_bindings.values()
        if b.binding.description and b.node in (app, app.screen)
    ]


def all_chinese(words: list[str]) -> bool:
    return bool(words) and all(CJK.search(w) and not LATIN.search(w) for w in words)


def all_english(words: list[str]) -> bool:
    return bool(words) and all(LATIN.search(w) and not CJK.search(w) for w in words)


async def test_key_hints_speak_one_language_and_follow_f8(make, tmp_path: Path) -> None:
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        words = hints(app)
        assert all_chinese(words), words
        assert {"退出", "帮助", "上一题", "题目列表"} <= set(words)
        await pilot.press("f6")
        await settle(pilot)
        assert isinstance(app.screen, JumpList)
        assert all_chinese(hints(app)), hints(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f8")  # English from here on
        await settle(pilot)
        words = hints(app)
        assert all_english(words), words
        assert {"Quit", "Help", "Back", "Questions"} <= set(words)
        await pilot.press("f7")
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen)
        assert all_english(hints(app)), hints(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f8")  # and back to Chinese
        await settle(pilot)
        assert all_chinese(hints(app)), hints(app)


async def test_report_screen_keys_are_chinese(make, tmp_path: Path) -> None:
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        await pilot.press("f7")
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen)
        words = hints(app)
        assert all_chinese(words), words
        assert "返回" in words


def test_question_list_shows_no_bare_ids() -> None:
    bank = tiny()
    s = engine.new_session(bank, session_id="c" * 32, now="t")
    s = engine.record(bank, s, "p.delivery", "1", "t")
    rows = dict(jump_rows(bank, s))
    profile = rows["p.delivery"]
    assert "p.delivery" not in profile and "企业概况" in profile
    assert "e.legal" not in rows["e.legal"] and "申请资格" in rows["e.legal"]
    assert "s.law" not in rows["s.law"] and "特别扣分与加分" in rows["s.law"]
    assert "5.1.1.1" in rows["5.1.1.1-a"]  # a clause keeps its number, next to its question
    english = dict(jump_rows(bank, engine.set_language(s, "en")))
    assert (
        "About your business" in english["p.delivery"] and "企业概况" not in english["p.delivery"]
    )
