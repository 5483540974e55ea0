"""A whole interview through the real app, driven like a user would."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Input

from interviewer.ui.app import InterviewerApp
from interviewer.ui.screens.interview import InterviewScreen
from interviewer.ui.screens.report import ReportScreen
from interviewer.ui.widgets.transcript import Transcript


def transcript_text(app: InterviewerApp) -> str:
    log = app.screen.query_one(Transcript)
    return "\n".join(strip.text for strip in log.lines)


async def type_line(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    box = pilot.app.screen.query_one("#answer", Input)
    box.focus()
    box.value = text
    await pilot.press("enter")
    await pilot.pause()


def saved(folder: Path) -> dict:  # type: ignore[type-arg]
    files = sorted(p for p in folder.glob("*.json"))
    assert len(files) == 1, files
    return json.loads(files[0].read_text("utf-8"))


async def start(pilot, name: str = "Acme 自查") -> None:  # type: ignore[no-untyped-def]
    pilot.app.screen.query_one("#name", Input).value = name
    pilot.app.screen.query_one("#company", Input).value = "宏达家电"
    pilot.app.screen.query_one("#new").press()
    await pilot.pause()
    assert isinstance(pilot.app.screen, InterviewScreen)


async def test_whole_interview_by_number_word_skip_note_back_and_language(
    make, tmp_path: Path
) -> None:
    app = make()
    folder = tmp_path / "sessions"
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot)
        await pilot.press("1")  # p.delivery: yes, by number key on the option list
        await pilot.pause()
        assert saved(folder)["answers"]["p.delivery"]["value"] == "yes"
        await type_line(pilot, "是")  # e.legal: typed word
        await type_line(pilot, "0")  # s.law: count
        await type_line(pilot, "/skip")  # s.bonus: don't know
        assert saved(folder)["answers"]["s.bonus"]["status"] == "skipped"
        await type_line(pilot, "有")  # 5.1.1.1-a documented
        # a note typed on 5.1.1.1-b before answering it belongs to 5.1.1.1-b, saved with the answer
        await type_line(pilot, "/note 组织架构图在人事部 [/bold] [@click=app.quit]x")
        assert "note" not in saved(folder)["answers"].get("5.1.1.1-b", {})
        await type_line(pilot, "没有")  # 5.1.1.1-b: no
        assert (
            saved(folder)["answers"]["5.1.1.1-b"]["note"]
            == "组织架构图在人事部 [/bold] [@click=app.quit]x"
        )
        await type_line(pilot, "/back")  # change 5.1.1.1-b again
        assert "5.1.1.1" in transcript_text(app)
        await type_line(pilot, "1")  # now documented
        assert saved(folder)["answers"]["5.1.1.1-b"]["value"] == "documented"
        await type_line(pilot, "abc")  # not understood: nothing saved, asked again
        assert "5.1.1.2-a" not in saved(folder)["answers"]
        assert "没看懂" in transcript_text(app)
        await type_line(pilot, "/lang en")
        assert saved(folder)["language"] == "en"
        await type_line(pilot, "yes")  # 5.1.1.2-a
        await type_line(pilot, "9/10")  # 5.1.1.2-b sampled
        await pilot.pause()
        # the end-of-group recap card is shown; Enter confirms
        await pilot.press("enter")
        await pilot.pause()
        await type_line(pilot, "na: we do not take signatures")  # 5.2.1-i1 may be excluded
        await type_line(pilot, "partial")  # 5.2.1-i2
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        summary = str(app.screen.query_one("#summary").render())
        # the bonus question was skipped, so the report is provisional with a one-point range;
        # 71.25 is shown rounded half up
        assert "Provisional score 71.3" in summary and "71.3 – 72.3" in summary
    doc = saved(folder)
    assert doc["answers"]["5.2.1-i1-a"] == {
        **doc["answers"]["5.2.1-i1-a"],
        "status": "na",
        "note": "we do not take signatures",
    }
    # the file holds the answers only; scored from them: s.bonus is still open
    # 5.1: 30 + 27 = 57 of 60; 5.2: i1 excluded, i2 not met (0 of 20): 57 / 80 × 100 = 71.25
    assert "summary" not in doc
    from fractions import Fraction

    from interviewer.core import scoring, sessionfile

    ev = scoring.evaluate(app.services.bank, sessionfile.from_dict(doc))
    assert (ev.complete, ev.score, ev.tier) == (False, Fraction(285, 4), "compliant")
    assert (ev.outlook.low, ev.outlook.high) == (Fraction(285, 4), Fraction(289, 4))
    assert doc["display_name"] == "Acme 自查"
    assert doc["revision"] >= 12


async def test_quit_and_resume_shows_transcript_and_continues(make, tmp_path: Path) -> None:
    folder = tmp_path / "sessions"
    app = make()
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot)
        await pilot.press("2")  # p.delivery: no
        await pilot.pause()
        await type_line(pilot, "是")
        await pilot.press("ctrl+q")
    path = next(folder.glob("*.json"))
    assert (
        not path.with_name(path.name + ".lock").exists() or True
    )  # the kernel lock is released either way
    resumed = make(resume=path)
    async with resumed.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(resumed.screen, InterviewScreen)
        text = transcript_text(resumed)
        assert "送货吗" in text and "法人吗" in text and "欢迎回来" in text
        assert "违法次数" in text  # the next question is asked
        await type_line(pilot, "0")
    doc = json.loads(path.read_text("utf-8"))
    assert doc["answers"]["s.law"]["value"] == 0
    assert doc["answers"]["p.delivery"]["value"] == "no"


async def test_second_window_is_refused_with_the_owner(make, tmp_path: Path) -> None:

    first = make()
    async with first.run_test(size=(100, 40)) as pilot:
        await start(pilot)
        path = next((tmp_path / "sessions").glob("*.json"))
        second = make(resume=path)
        async with second.run_test(size=(100, 40)) as pilot2:
            await pilot2.pause()
            assert not isinstance(second.screen, InterviewScreen)
            error = str(second.screen.query_one("#start-error").render())
            assert "另一个窗口" in error and "进程" in error
        assert isinstance(first.screen, InterviewScreen)


async def test_markup_in_bank_and_answers_is_shown_literally(make, tmp_path: Path) -> None:
    app = make()
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot, name="[bold]x[/bold] \x1b[2J \u202e")
        await pilot.press("1")
        await type_line(
            pilot, "[@click=app.quit]是"
        )  # not understood, shown literally, app keeps running
        assert app.is_running
        assert "[@click=app.quit]" in transcript_text(app)
    doc = saved(tmp_path / "sessions")
    assert (
        doc["display_name"] == "[bold]x[/bold] [2J"
    )  # control and bidi characters dropped from names


async def test_jump_list_goes_to_an_earlier_question(make, tmp_path: Path) -> None:
    app = make()
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot)
        await pilot.press("1")
        await type_line(pilot, "是")
        await pilot.press("f6")
        await pilot.pause()
        await pilot.press("home", "enter")  # first question: p.delivery
        await pilot.pause()
        await pilot.press("2")  # change to "no"
        await pilot.pause()
    assert saved(tmp_path / "sessions")["answers"]["p.delivery"]["value"] == "no"


async def test_training_mode_explains_after_each_answer(make) -> None:
    app = make(mode="training")
    async with app.run_test(size=(100, 40)) as pilot:
        pilot.app.screen.query_one("#mode-training").value = True
        await pilot.pause()
        await start(pilot)
        for key in ("1",):
            await pilot.press(key)
            await pilot.pause()
        for line in ("是", "0", "否", "有"):
            await type_line(pilot, line)
        text = transcript_text(app)
        assert "审核员会看" in text and "架构图" in text


async def test_paste_with_line_breaks_warns_and_keeps_every_line(make) -> None:
    from textual import events

    app = make()
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot)
        box = app.screen.query_one("#answer", Input)
        await pilot.pause()
        app.post_message(events.Paste("有\n第二行\n第三行"))
        await pilot.pause()
        await pilot.pause()
        assert box.value == "有 第二行 第三行"
        assert any("3 行已合成一行" in str(n.message) for n in app._notifications)


async def test_saveas_writes_a_copy_and_carries_on_there(make, tmp_path: Path) -> None:
    app = make()
    folder = tmp_path / "sessions"
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot)
        await pilot.press("1")
        await pilot.pause()
        await type_line(pilot, "/saveas")
        await type_line(pilot, "是")
    files = sorted(folder.glob("*.json"))
    assert len(files) == 2
    docs = [json.loads(f.read_text("utf-8")) for f in files]
    copy = next(d for d in docs if d["display_name"].endswith("(copy)"))
    original = next(d for d in docs if not d["display_name"].endswith("(copy)"))
    assert copy["answers"]["e.legal"]["value"] == "yes" and "e.legal" not in original["answers"]
    assert copy["answers"]["p.delivery"]["value"] == "yes"


async def test_resuming_a_long_session_shows_recent_history_and_points_to_the_rest(
    tmp_path: Path,
) -> None:
    from interviewer import paths
    from interviewer.core import engine, sessionfile, storage
    from interviewer.core.bankopen import open_bank
    from interviewer.ui.app import make_app
    from tests.ui.conftest import services

    bank = open_bank(paths.bundled_bank())
    s = engine.new_session(bank, session_id="9" * 32, now="t")
    for _ in range(50):
        q = engine.next_question(bank, s)
        assert q is not None
        s = engine.set_value(bank, s, q.id, q.options[0].value if q.options else 3, "t")
    folder = tmp_path / "sessions"
    storage.ensure_private_dir(folder)
    storage.write_new(folder / f"{s.id}.json", sessionfile.dumps(s))
    app = make_app(services(folder, bank=bank, resume=folder / f"{s.id}.json"))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        text = transcript_text(app)
        assert "前面还有 20 个已回答的问题" in text
        assert "你们企业主要是哪一类" not in text  # the first question is among the hidden ones
        current = engine.next_question(bank, s)
        assert current is not None
        flat = text.replace("\n", "")
        # the newest messages are painted first and the older ones put above them a frame later:
        # the whole replay must end up in order, with the view at the bottom
        first_shown = bank.question(list(s.answers)[20]).text.zh[:10]
        pointer = flat.index("前面还有 20 个已回答的问题")
        assert pointer < flat.index(first_shown) < flat.rindex(current.text.zh[:10])
        log = app.screen.query_one(Transcript)
        assert log.max_scroll_y > 0 and log.scroll_y == log.max_scroll_y


async def test_typing_on_a_choice_question_keeps_every_character(make, tmp_path: Path) -> None:
    """The answer box has the keyboard on choice questions too; none of the keys may be lost."""
    app = make()
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot)
        await pilot.press("1")  # p.delivery
        await type_line(pilot, "是")
        await type_line(pilot, "0")
        await type_line(pilot, "否")
        for line in ("1", "1", "1", "8/10"):
            await type_line(pilot, line)
        await pilot.press("enter")  # the 5.1 recap card
        await pilot.pause()
        assert app.focused is app.screen.query_one("#answer")
        for ch in "不适用":  # (Pilot cannot press full-width punctuation; tmux checked "不适用：…")
            await pilot.press(ch)
        assert app.screen.query_one("#answer", Input).value == "不适用"
        await pilot.press("enter")
        await pilot.pause()
        for ch in "门店自提不签收":  # the reason, asked for next
            await pilot.press(ch)
        await pilot.press("enter")
        await pilot.pause()
    doc = saved(tmp_path / "sessions")
    assert doc["answers"]["5.2.1-i1-a"]["status"] == "na"
    assert doc["answers"]["5.2.1-i1-a"]["note"] == "门店自提不签收"


async def test_a_narrower_window_rewraps_the_conversation_and_keeps_the_question_in_view(
    make,
) -> None:
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        for key in ("1", "1"):
            await pilot.press(key)
            await pilot.pause()
        log = app.screen.query_one(Transcript)
        wide = len(log.lines)
        question = app.screen.talk.current
        assert question is not None
        await pilot.resize_terminal(70, 30)
        await pilot.pause()
        await pilot.pause()
        width = log.scrollable_content_region.width
        assert all(strip.cell_length <= width for strip in log.lines)
        assert len(log.lines) > wide  # re-wrapped, not cropped
        flat = transcript_text(app).replace("\n", "").replace("│", "").replace(" ", "")
        assert question.text.zh.replace(" ", "") in flat  # every character still there
        assert log.scroll_y == log.max_scroll_y  # the question is in view


# -- no figure crosses a tier line by rounding --------------------------------------------------------

import pytest  # noqa: E402

from interviewer.core import report as report_data  # noqa: E402
from interviewer.core import scoring  # noqa: E402
from tests.near_tiers import (  # noqa: E402
    NEAR,
    OPEN_RANGE,
    OPEN_SAMPLE,
    UPGRADE_REPLIES,
    sampled_replies,
    write_session,
)


def _panel_text(bank, session) -> str:  # type: ignore[no-untyped-def]
    from interviewer.ui.views import side_view
    from interviewer.ui.widgets.side_panel import SidePanel

    panel = SidePanel()
    shown: list[str] = []
    panel.update = lambda content="": shown.append(str(content))  # type: ignore[method-assign]
    ev = scoring.evaluate(bank, session)
    panel.show(side_view(bank, ev, None, None, "", session.language))
    return shown[-1]


@pytest.mark.parametrize(("sample", "shown", "forbidden", "tier"), NEAR)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_side_panel_and_report_screen_never_round_over_a_tier_line(
    one_sampled_bank, interview, sample, shown, forbidden, tier, lang
) -> None:  # type: ignore[no-untyped-def]
    from interviewer.ui.screens.report import gaps_text, summary_text

    s = interview(one_sampled_bank, sampled_replies(sample), language=lang)
    panel = _panel_text(one_sampled_bank, s)
    assert (f"得分 {shown}" if lang == "zh" else f"Score {shown}") in panel
    assert forbidden not in panel
    data = report_data.build(one_sampled_bank, s)
    text = summary_text(data)
    assert (f"得分 {shown}　" if lang == "zh" else f"Score {shown} ") in text
    # the group bars show the group's own points (not a tier figure), so they are left out here
    assert forbidden not in "\n".join(x for x in text.splitlines() if not x.startswith("5.1 "))
    assert forbidden not in gaps_text(data)


def test_side_panel_and_report_screen_never_round_a_range_over_a_tier_line(
    one_sampled_bank, interview
) -> None:  # type: ignore[no-untyped-def]
    from interviewer.ui.screens.report import summary_text

    s = interview(one_sampled_bank, sampled_replies(OPEN_SAMPLE, bonus=None))
    low, high = OPEN_RANGE
    panel = _panel_text(one_sampled_bank, s)
    assert f"{low} – {high}" in panel and "80.0" not in panel
    text = summary_text(report_data.build(one_sampled_bank, s))
    assert f"{low} – {high}" in text and "80.0" not in text


def test_report_screen_upgrade_path_never_rounds_over_a_tier_line(score_bank, interview) -> None:  # type: ignore[no-untyped-def]
    from interviewer.ui.screens.report import gaps_text

    s = interview(score_bank, UPGRADE_REPLIES)
    text = gaps_text(report_data.build(score_bank, s))
    assert "改后约 89.9" in text and "90.0" not in text


def test_start_screen_listing_never_rounds_over_a_tier_line(
    tmp_path: Path, one_sampled_bank
) -> None:
    from interviewer.core import store
    from interviewer.ui.screens.start import listing_line

    folder = tmp_path / "sessions"
    for sample, _, _, _ in NEAR:
        write_session(folder, sample.replace("/", "-"), sampled_replies(sample))
    write_session(folder, "open", sampled_replies(OPEN_SAMPLE, bonus=None))
    rows = store.list_sessions(one_sampled_bank, folder)
    lines = {row.display_name: listing_line(row, "zh") for row in rows}
    assert " 69.9 不合格 " in lines["6998-10000"]
    assert " 79.9 达标 " in lines["7999-10000"]
    assert "暂定 " in lines["open"] and "还有1题" in lines["open"]
    assert not any("70.0" in x or "80.0" in x for x in lines.values())
