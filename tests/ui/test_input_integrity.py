"""What the user types is what is recorded: keys delivered in one burst (as a Chinese input method
commits a phrase, or a terminal pastes without bracketed paste), stray Enters, full-width digits,
CR pastes. Each test sends its keys the way a terminal does, not one key per frame."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.keys import _character_to_key
from textual.widgets import Input

from interviewer.ui.app import InterviewerApp
from tests.ui.test_interview_flow import saved, start, transcript_text, type_line


def burst(app: InterviewerApp, text: str) -> None:
    """Every key of `text` handed to the app at once, as one read from the terminal delivers them."""
    driver = app._driver
    assert driver is not None
    for ch in text:
        if ch == "\r":
            key, char = "enter", "\r"
        else:
            key, char = (ch if ch.isalnum() else _character_to_key(ch)), ch
        event = events.Key(key, char)
        event.set_sender(app)
        driver.send_message(event)


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(4):
        await pilot.pause()


def form(app: InterviewerApp) -> tuple[str, str, str]:
    """What the start form's name, company and respondent fields hold."""
    return tuple(
        app.screen.query_one(f"#{f}", Input).value for f in ("name", "company", "respondent")
    )  # type: ignore[return-value]


def box(app: InterviewerApp) -> Input:
    return app.screen.query_one("#answer", Input)


async def test_a_bare_enter_on_a_new_question_answers_nothing(make, tmp_path: Path) -> None:
    app = make()
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot)
        await pilot.press("enter")
        await pilot.press("enter")
        await settle(pilot)
        assert saved(tmp_path / "sessions")["answers"] == {}
        assert "回车没有选任何选项" in transcript_text(app)
        # a deliberate move then Enter does answer, with the option moved to
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert saved(tmp_path / "sessions")["answers"]["p.delivery"]["value"] == "no"


async def test_digit_then_enter_answers_one_question(make, tmp_path: Path) -> None:
    app = make()
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot)
        await pilot.press("1")
        await pilot.press("enter")  # as plain mode wants it: must not answer e.legal
        await settle(pilot)
        answers = saved(tmp_path / "sessions")["answers"]
        assert list(answers) == ["p.delivery"]
        assert app.screen.talk.current.id == "e.legal"


async def test_a_fast_double_press_does_not_answer_the_unseen_next_question(
    make, tmp_path: Path
) -> None:
    app = make()
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot)
        burst(app, "22")
        await settle(pilot)
        answers = saved(tmp_path / "sessions")["answers"]
        assert list(answers) == ["p.delivery"] and answers["p.delivery"]["value"] == "no"
        assert "在这道题出现之前按下的" in transcript_text(app)


async def test_digit_and_enter_in_one_burst_answer_one_question(make, tmp_path: Path) -> None:
    app = make()
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot)
        burst(app, "1\r")
        await settle(pilot)
        assert list(saved(tmp_path / "sessions")["answers"]) == ["p.delivery"]


async def test_full_width_digits_answer_like_ascii_and_out_of_range_gets_a_hint(
    make, tmp_path: Path
) -> None:
    app = make()
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot)
        await pilot.press("５")
        await settle(pilot)
        assert saved(tmp_path / "sessions")["answers"] == {}
        assert "只有 1–2 号选项" in transcript_text(app)
        await pilot.press("２")
        await settle(pilot)
        assert saved(tmp_path / "sessions")["answers"]["p.delivery"]["value"] == "no"


async def test_a_phrase_in_one_burst_keeps_its_digits_in_order(make, tmp_path: Path) -> None:
    app = make()
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot)
        burst(app, "有2个人负责")
        await settle(pilot)
        assert box(app).value == "有2个人负责"
        assert saved(tmp_path / "sessions")["answers"] == {}  # the 2 answered nothing


async def test_a_command_in_one_burst_arrives_whole(make, tmp_path: Path) -> None:
    app = make()
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot)
        await pilot.press("1")
        await type_line(pilot, "是")
        await type_line(pilot, "0")
        await type_line(pilot, "否")
        await settle(pilot)
        burst(app, "/jump 5.1.1.1-a")
        await settle(pilot)
        assert box(app).value == "/jump 5.1.1.1-a"


async def test_a_not_applicable_reason_in_one_burst_is_recorded_whole(make, tmp_path: Path) -> None:
    app = make()
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot)
        await pilot.press("1")
        await type_line(pilot, "是")
        await type_line(pilot, "0")
        await type_line(pilot, "否")
        for line in ("1", "1", "1", "8/10"):
            await type_line(pilot, line)
        await pilot.press("enter")  # the 5.1 recap card
        await settle(pilot)
        burst(app, "不适用：2019年起不送货\r")
        await settle(pilot)
    answer = saved(tmp_path / "sessions")["answers"]["5.2.1-i1-a"]
    assert answer["status"] == "na" and answer["note"] == "2019年起不送货"


async def test_a_cr_paste_on_a_choice_question_reaches_the_box_with_a_warning(
    make, tmp_path: Path
) -> None:
    app = make()
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot)
        app.post_message(events.Paste("a\rb\r"))
        await settle(pilot)
        assert box(app).value == "a b"
        assert any("2 行已合成一行" in str(n.message) for n in app._notifications)
        assert saved(tmp_path / "sessions")["answers"] == {}


async def test_typed_replies_in_one_burst_each_answer_their_own_question(
    make, tmp_path: Path
) -> None:
    app = make()
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot)
        burst(app, "否\r是\r")
        await settle(pilot)
        answers = saved(tmp_path / "sessions")["answers"]
        assert answers["p.delivery"]["value"] == "no" and answers["e.legal"]["value"] == "yes"


async def test_ctrl_u_only_clears_the_box_and_the_hint_says_so(make, tmp_path: Path) -> None:
    app = make()
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot)
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("ctrl+u")  # on the fresh question: nothing to clear, nothing flagged
        burst(app, "abc")
        await settle(pilot)
        await pilot.press("ctrl+u")
        await settle(pilot)
        assert box(app).value == ""
        assert saved(tmp_path / "sessions")["answers"]["p.delivery"]["unsure"] is False
        hint = str(app.screen.query_one("#keys").render())
        assert "^U 清空输入" in hint and hint.startswith("^Q 退出")
        await pilot.press("f9")  # unsure has its own key
        await settle(pilot)
        assert saved(tmp_path / "sessions")["answers"]["p.delivery"]["unsure"] is True


# -- notes land where the user means ----------------------------------------------------------------


async def test_a_second_note_is_added_below_the_first(make, tmp_path: Path) -> None:
    app = make()
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot)
        await pilot.press("1")
        await type_line(pilot, "是")
        await type_line(pilot, "0")
        await type_line(pilot, "否")
        await type_line(pilot, "有")  # 5.1.1.1-a
        await type_line(pilot, "/back")  # 5.1.1.1-a on screen again, answered
        await type_line(pilot, "/note 第一条备注")
        await type_line(pilot, "/note 第二条备注")
        assert (
            saved(tmp_path / "sessions")["answers"]["5.1.1.1-a"]["note"] == "第一条备注\n第二条备注"
        )
        assert "已为“5.1.1.1 部门”记下备注" in transcript_text(app)


async def test_a_note_typed_before_answering_belongs_to_the_question_on_screen(
    make, tmp_path: Path
) -> None:
    app = make()
    folder = tmp_path / "sessions"
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot)
        await pilot.press("1")
        await type_line(pilot, "是")
        await type_line(pilot, "0")
        await type_line(pilot, "否")  # s.bonus answered; 5.1.1.1-a on screen, unanswered
        await type_line(pilot, "/note 手册有，但缺投诉一章")
        assert saved(folder)["answers"]["s.bonus"]["note"] == ""
        assert "已记下“5.1.1.1 部门”的备注" in transcript_text(app)
        await type_line(pilot, "有")
    answers = saved(folder)["answers"]
    assert answers["5.1.1.1-a"]["note"] == "手册有，但缺投诉一章"
    assert answers["s.bonus"]["note"] == ""


# -- the conversation reads like a person ------------------------------------------------------------


async def answer_profile(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("1")
    await type_line(pilot, "是")
    await type_line(pilot, "0")
    await type_line(pilot, "/skip")  # s.bonus set aside


async def test_jump_takes_the_clause_number_on_the_card_and_title_words(
    make, tmp_path: Path
) -> None:
    app = make()
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot)
        await answer_profile(pilot)
        await type_line(pilot, "有")  # 5.1.1.1-a
        await type_line(pilot, "/jump 5.1.1.1")  # the open question of the clause: 5.1.1.1-b
        assert app.screen.talk.current.id == "5.1.1.1-b"
        await type_line(pilot, "/jump 部门")  # words of a clause title
        assert app.screen.talk.current.id == "5.1.1.1-b"
        await type_line(pilot, "/jump 5.1.1.1-a")
        assert app.screen.talk.current.id == "5.1.1.1-a"
        assert "原来的回答：有书面记录" in transcript_text(app)


async def test_finishing_says_what_is_still_open_and_edits_do_not_reopen_the_report(
    make, tmp_path: Path
) -> None:
    from interviewer.ui.screens.interview import InterviewScreen
    from interviewer.ui.screens.report import ReportScreen

    app = make()
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot)
        await answer_profile(pilot)
        for line in ("1", "1", "1", "8/10"):
            await type_line(pilot, line)
        await pilot.press("enter")  # the 5.1 recap
        await settle(pilot)
        await type_line(pilot, "1")
        await type_line(pilot, "1")
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen)
        await pilot.press("escape")
        await pilot.press("enter")  # the 5.2 recap under the report
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        assert "还有 1 题先跳过了" in transcript_text(app)
        assert "全部问题都答完了" not in transcript_text(app)  # s.bonus is still open
        await type_line(pilot, "/jump 5.2.1-i2")
        await type_line(pilot, "2")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)  # an edit does not reopen the report
        assert "已改好" in transcript_text(app)
    assert saved(tmp_path / "sessions")["answers"]["5.2.1-i2-a"]["value"] == "informal"


async def test_enter_moves_through_the_start_form_and_opens_the_resume_list(
    make, tmp_path: Path
) -> None:
    from interviewer.ui.screens.interview import InterviewScreen

    app = make()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press(*"abc", "enter")
        await settle(pilot)
        assert app.focused is app.screen.query_one("#company")
        await pilot.press("enter", "enter")  # company, respondent
        await settle(pilot)
        assert app.focused is not None and app.focused.id == "mode"
        await start(pilot)
        await pilot.press("1")
        await pilot.press("ctrl+q")
    resumed = make()
    async with resumed.run_test(size=(100, 40)) as pilot:
        resumed.screen.query_one("#resume").focus()
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(resumed.screen, InterviewScreen)
        assert "p.delivery" in resumed.screen.talk.session.answers


async def test_a_burst_through_the_start_form_lands_field_by_field(make, tmp_path: Path) -> None:
    """Name, Enter and company arriving in one read (an input method committing, then Enter,
    then the next phrase) must not all land in the name field."""
    app = make()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        burst(app, "张三的自查2026\r深圳市好家电\r王五")
        await settle(pilot)
        assert form(app) == ("张三的自查2026", "深圳市好家电", "王五")


# -- narrow windows ---------------------------------------------------------------------------------


async def test_below_100_columns_the_side_panel_folds_away_and_ctrl_o_shows_it(
    make, tmp_path: Path
) -> None:
    from interviewer.ui.widgets.side_panel import SidePanel

    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        side = app.screen.query_one(SidePanel)
        assert not side.display
        hint = str(app.screen.query_one("#keys").render())
        assert hint.startswith("^Q 退出") and "^O 进度" in hint
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert side.display
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert side.display


async def test_a_tiny_window_says_enlarge_it_instead_of_stopping(make, tmp_path: Path) -> None:
    app = make()
    async with app.run_test(size=(20, 10)) as pilot:
        await start(pilot)
        await pilot.press("1")
        await settle(pilot)
        assert app.is_running
        notice = app.screen.query_one("#too-small")
        assert notice.display and "窗口太小" in str(notice.render())
        assert saved(tmp_path / "sessions")["answers"] == {}  # the question could not be seen
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        assert not notice.display and app.screen.query_one("#body").display
        await pilot.press("1")
        await settle(pilot)
    assert saved(tmp_path / "sessions")["answers"]["p.delivery"]["value"] == "yes"


async def test_ctrl_c_says_how_to_quit_in_the_interface_language(make, tmp_path: Path) -> None:
    app = make()
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot)
        await pilot.press("ctrl+c")
        await settle(pilot)
        messages = [str(n.message) for n in app._notifications]
        assert any("按 Ctrl+Q 退出" in m for m in messages), messages
        assert not any("Press" in m for m in messages)
        assert app.is_running


async def test_the_triage_label_announces_the_questions_a_triage_really_asks(
    make, tmp_path: Path
) -> None:
    from interviewer import paths
    from interviewer.core import engine
    from interviewer.core.bankopen import open_bank
    from interviewer.ui.app import make_app
    from tests.ui.conftest import services

    bank = open_bank(paths.bundled_bank())
    app = make_app(services(tmp_path / "sessions", bank=bank))
    async with app.run_test(size=(120, 40)) as pilot:
        label = str(app.screen.query_one("#mode-triage").label)
        await pilot.press("ctrl+q")
    counts = []
    for pick in (0, -1):  # every first option, every last option: the two ends of a triage
        s = engine.new_session(bank, session_id="1" * 32, now="t", mode="triage")
        asked = 0
        while (q := engine.next_question(bank, s)) is not None:
            s = engine.set_value(bank, s, q.id, q.options[pick].value if q.options else 0, "t")
            asked += 1
        counts.append(asked)
    assert counts == [25, 25]  # the clauses take what the profile questions leave
    assert "共25题" in label


async def test_a_name_typed_the_moment_the_start_screen_mounts_lands_in_the_name_field(
    make, tmp_path: Path
) -> None:
    """A class opening the link together: the browser sends the name as soon as the screen is
    painted. Focus given later (Widget.focus waits a turn) let those keys fall on nothing."""
    from interviewer.ui.screens.start import StartScreen

    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = StartScreen(app.services)
        await app.push_screen(screen)
        assert screen.focused is screen.query_one("#name", Input)  # at once, not a turn later
        burst(app, "第三组")
        await settle(pilot)
        assert screen.query_one("#name", Input).value == "第三组"
        assert screen.scroll_y == 0  # the intro stays on an 80x24 screen


async def test_tabs_in_one_burst_through_the_start_form_land_field_by_field(
    make, tmp_path: Path
) -> None:
    """Tab then the next phrase, or Tabs then Enter, in one read: Textual moves focus on Tab only
    after the key has bubbled up to the screen, so the keys queued behind it still went to the
    field that had it. A class's browsers under load sent name, Tab x5, Enter and reached the
    resume-code box instead of 开始."""
    from interviewer.ui.screens.interview import InterviewScreen

    app = make()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        burst(app, "张三的自查\t深圳市好家电\t王五\t\t")
        await settle(pilot)
        assert form(app) == ("张三的自查", "深圳市好家电", "王五")
        assert app.focused is not None and app.focused.id == "lang"
    app = make()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        burst(app, "第三组" + "\t" * 5 + "\r")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        assert app.screen.talk.session.display_name == "第三组"
