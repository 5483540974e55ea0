"""The chat screen: the only place answers enter the core. It turns widget messages into
`Conversation` calls and renders the events that come back."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual import events, on
from textual._time import get_time
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static

from interviewer.core.bank import Question
from interviewer.core.conversation import Conversation, Event
from interviewer.core.errors import InterviewerError
from interviewer.core.labels import t
from interviewer.core.store import OpenSession
from interviewer.core.text import Lang
from interviewer.ui.keys import speak
from interviewer.ui.views import side_view
from interviewer.ui.widgets.answer_input import AnswerInput
from interviewer.ui.widgets.choices import ChoiceList
from interviewer.ui.widgets.key_bar import KeyBar
from interviewer.ui.widgets.side_panel import SidePanel
from interviewer.ui.widgets.too_small import TooSmall, too_small
from interviewer.ui.widgets.transcript import Transcript


class InterviewScreen(Screen[None]):
    BINDINGS = [
        Binding("f1", "command('help')", "帮助"),
        Binding("f2", "command('why')", "为什么"),
        Binding("f3", "command('skip')", "跳过"),
        Binding("f4", "command('back')", "上一题"),
        Binding("f5", "note", "备注"),
        Binding("f6", "jump", "题目列表"),
        Binding("f7", "command('report')", "报告"),
        Binding("f8", "toggle_lang", "中英切换"),
        Binding("f9", "command('unsure')", "不确定", show=False),
        Binding("ctrl+o", "toggle_side", "进度", show=False),
        Binding("pageup", "scroll_transcript(-1)", show=False),
        Binding("pagedown", "scroll_transcript(1)", show=False),
    ]

    def __init__(
        self,
        opened: OpenSession,
        monotonic: Callable[[], float] = time.monotonic,
        served: bool = False,
    ) -> None:
        super().__init__()
        self.served = served
        """In a browser: F-keys are taken by the browser (F5 reloads), so show a clickable Footer
        (in a terminal a one-line hint is enough, and a tenth of the start-up time cheaper); and
        show the resume code, the only way back to this session."""
        self.monotonic = monotonic
        self.opened = opened
        self.talk = Conversation(opened.bank, opened.session, save=opened.save, clock=opened.clock)
        speak(self, self.talk.lang)
        self.unsaved = ""
        self._enter_hinted = False
        self._shown_at = 0.0
        """When the question on screen was set up (Textual's event clock): keys pressed before it
        were meant for what was on screen then."""
        self._shown: tuple[Question | None, str] | None = None
        """The question the answer box and option list were last set up for."""
        self.timings: list[float] = []
        self._asked_at = self.monotonic()

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            with Vertical(id="main"):
                yield Transcript(id="transcript")
                yield ChoiceList(id="choices", markup=False)
                yield AnswerInput(id="answer", max_length=2000, select_on_focus=False)
            yield SidePanel(id="side")
        yield TooSmall(id="too-small")
        if self.served:
            yield KeyBar()
        else:
            yield Static(id="keys")

    SIDE_FROM = 100
    """Narrower windows fold the side panel away (Ctrl+O shows it): the conversation needs the room."""

    side_wanted: bool | None = None
    """Ctrl+O's choice for the side panel; None: by the window's width."""

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width, event.size.height)

    def _fit(self, width: int, height: int) -> None:
        small = too_small(width, height)
        self.query_one("#body").display = not small
        notice = self.query_one(TooSmall)
        notice.display = small
        if small:
            notice.show(self.talk.lang, width, height)
        side = self.query_one(SidePanel)
        side.display = self.side_wanted if self.side_wanted is not None else width >= self.SIDE_FROM

    def action_toggle_side(self) -> None:
        side = self.query_one(SidePanel)
        self.side_wanted = not side.display
        side.display = self.side_wanted

    HISTORY_SHOWN = 60
    """Replayed transcript events on resume (30 question/answer pairs); F6 lists every answer."""

    def on_mount(self) -> None:
        self._fit(self.app.size.width, self.app.size.height)
        if not self.served:  # a browser's user is not the server's owner: `serve` tells the owner
            for warning in self.opened.warnings:
                self.query_one(Transcript).error(warning)
        code = getattr(self.app, "code", None)
        if self.served and code:
            self.query_one(Transcript).card(
                t(self.talk.lang, "续答码", "Resume code"),
                t(
                    self.talk.lang,
                    f"{code}\n请记下这个码：下次在开始页输入它，就能接着答。别人没有这个码就看不到您的回答。",
                    f"{code}\nWrite this code down: enter it on the start page to carry on later. Without it "
                    "no one else can open your answers.",
                ),
                "green",
            )
        events = self.talk.start()
        # start() lists the answered history first, then a greeting and the current question
        replayed = len(self.talk.history())
        hidden = replayed - self.HISTORY_SHOWN
        if hidden > 0:
            events = events[hidden:]
            lang = self.talk.lang
            self.query_one(Transcript).info(
                t(
                    lang,
                    f"（前面还有 {hidden // 2} 个已回答的问题，按 F6 查看全部问题和回答）",
                    f"({hidden // 2} earlier answered questions — F6 lists them all)",
                )
            )
        self.render_events(events)

    # -- input -------------------------------------------------------------------------------
    # The answer box has the keyboard throughout (see AnswerInput): it turns digits and ↑/↓ into
    # the messages below, and types everything else, in the order it arrived.

    @on(AnswerInput.Digit)
    def digit(self, event: AnswerInput.Digit) -> None:
        if not self.query_one("#body").display:
            return  # the window is too small to show the question: a key cannot answer it
        q = self.talk.current
        lang = self.talk.lang
        log = self.query_one(Transcript)
        if event.at < self._shown_at or q is None or q.type != "choice":
            log.info(
                t(
                    lang,
                    f"“{event.key}”是在这道题出现之前按下的，没有算作回答。请看完题目再选。",
                    f"'{event.key}' was pressed before this question was on screen, so it did not "
                    "answer it. Read the question, then choose.",
                )
            )
        elif 1 <= event.value <= len(q.options):
            self.render_events(self.talk.choose_value(q.options[event.value - 1].value))
        else:
            n = len(q.options)
            log.info(
                t(
                    lang,
                    f"这道题只有 1–{n} 号选项，“{event.key}”不是其中之一。",
                    f"This question has options 1–{n}; '{event.key}' is not one of them.",
                )
            )

    @on(AnswerInput.Moved)
    def moved(self, event: AnswerInput.Moved) -> None:
        self.query_one(ChoiceList).move(event.delta)

    @on(Input.Submitted, "#answer")
    def submitted(self, event: Input.Submitted) -> None:
        text = event.value
        if not text.strip():
            self.bare_enter()
            return
        if text.strip().lower() in ("/quit", "/q", "/exit"):
            self.app.request_quit()  # type: ignore[attr-defined]  # asks first if anything is unsaved
            return
        if text.strip().lower() == "/code":
            self.app.action_show_code()  # type: ignore[attr-defined]
            return
        if text.strip().lower() == "/saveas":
            self.save_copy()
            return
        if text.strip().lower().startswith("/note") and not text.strip()[5:].strip():
            self.action_note()
            return
        self.render_events(self.talk.submit(text))

    def bare_enter(self) -> None:
        """Enter on an empty box answers only with the option the user moved to; otherwise it
        says how to answer (once per question: stray Enters do not fill the transcript)."""
        q = self.talk.current
        choices = self.query_one(ChoiceList)
        if (
            q is not None
            and q.type == "choice"
            and choices.display
            and choices.highlighted is not None
        ):
            option = choices.get_option_at_index(choices.highlighted)
            if option.id is not None:
                self.render_events(self.talk.choose_value(option.id))
            return
        if self._enter_hinted:
            return
        self._enter_hinted = True
        lang = self.talk.lang
        if q is not None and q.type == "choice" and choices.display:
            text = t(
                lang,
                "回车没有选任何选项：请按选项的数字键，或用 ↑↓ 移到选项上再按回车，也可以输入回答。",
                "Enter alone picks nothing: press an option's number, or move to it with ↑/↓ and "
                "press Enter, or type your answer.",
            )
        else:
            text = t(lang, "请先输入回答，再按回车。", "Type your answer, then press Enter.")
        self.query_one(Transcript).info(text)

    @on(OptionList.OptionSelected, "#choices")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.render_events(self.talk.choose_value(event.option.id))

    def save_copy(self) -> None:
        """Write everything in memory to a new session file and carry on there."""
        app = self.app
        try:
            copy = app.copy_session(self.opened)  # type: ignore[attr-defined]
        except InterviewerError as exc:
            self.query_one(Transcript).error(app.error_text(exc))  # type: ignore[attr-defined]
            return
        self.opened = copy
        self.talk.save = copy.save
        self.talk.session = copy.session
        self.talk.unsaved = False
        self.unsaved = ""
        self.query_one(Transcript).info(app.copied_text(copy, self.talk.lang))  # type: ignore[attr-defined]
        self.refresh_side()

    def action_scroll_transcript(self, direction: int) -> None:
        log = self.query_one(Transcript)
        if direction < 0:
            log.scroll_page_up(animate=False)
        else:
            log.scroll_page_down(animate=False)

    def action_command(self, name: str) -> None:
        self.render_events(self.talk.command(name, ""))

    def action_toggle_lang(self) -> None:
        self.render_events(self.talk.command("lang", "en" if self.talk.lang == "zh" else "zh"))
        speak(self, self.talk.lang)
        speak(self.app, self.talk.lang)

    def action_note(self) -> None:
        q = self.talk.note_target()
        if q is None:
            self.render_events(self.talk.command("note", ""))  # says there is nothing to note yet
            return
        existing = self.talk.note_of(q.id)

        def done(note: str | None) -> None:
            if note is not None:
                self.render_events(self.talk.add_note(q.id, note))

        # the dialogs (TextArea above all) are costly to import: load them on first use
        from interviewer.ui.screens.modals import NoteEditor

        self.app.push_screen(NoteEditor(self.talk.name(q), existing, self.talk.lang), done)

    def action_jump(self) -> None:
        def done(qid: str | None) -> None:
            if qid:
                self.render_events(self.talk.jump(qid))

        from interviewer.ui.screens.modals import JumpList

        self.app.push_screen(JumpList(self.talk.bank, self.talk.session), done)

    # -- output ------------------------------------------------------------------------------
    def render_events(self, events: list[Event]) -> None:
        log = self.query_one(Transcript)
        lang = self.talk.lang
        show_report = False
        for e in events:
            if e.kind == "ask" and e.question is not None:
                log.ask(e.title, e.text, self._ask_detail(e.question, lang, e is not events[-1]))
            elif e.kind == "user":
                if e.question is not None and e.data is None:
                    self.timings.append(self.monotonic() - self._asked_at)
                log.user(e.text)
            elif e.kind in ("info", "help", "lang", "saved"):
                log.info(e.text)
            elif e.kind == "error":
                log.error(e.text)
            elif e.kind == "unsaved":
                log.error(e.text)
                self.notify(
                    e.text, title=t(lang, "未保存", "Not saved"), severity="error", markup=False
                )
            elif e.kind == "why" and e.text:
                log.card(e.title or t(lang, "说明", "About this"), e.text)
            elif e.kind == "training":
                log.card(t(lang, "培训：", "Training: ") + e.title, e.text)
            elif e.kind == "recap":
                log.card(t(lang, "本部分小结", "Section recap"), e.text, "magenta")
                from interviewer.ui.screens.modals import RecapModal

                self.app.push_screen(RecapModal(e.text, lang), self._after_recap)
            elif e.kind in ("finished", "report"):
                if e.text:
                    log.info(e.text)
                show_report = True
        self.unsaved = "" if not self.talk.unsaved else (self.unsaved or "!")
        if any(e.kind == "unsaved" for e in events):
            self.unsaved = next(e.text for e in events if e.kind == "unsaved")
        self._refresh_answer_area()
        if show_report:
            self.open_report()

    @staticmethod
    def _ask_detail(q: Question, lang: Lang, earlier: bool) -> list[str]:
        """The lines under a question: help, how to type a sample, how to say 不适用; a question
        asked again further up the transcript keeps its options, the one on screen has them in
        the option list below (not twice)."""
        detail = []
        if q.help:
            detail.append(q.help.get(lang))
        if q.sample:
            detail.append(
                q.sample.get(lang)
                + t(lang, "（输入 合格数/抽查数，如 8/10）", " (type good/checked, e.g. 8/10)")
            )
        if q.type == "choice" and earlier:
            detail += [f"{n}. {o.label.get(lang)}" for n, o in enumerate(q.options, 1)]
        if q.can_be_na:
            detail.append(
                t(lang, "不适用时输入：不适用：原因", "If it does not apply, type: na: reason")
            )
        return detail

    def _after_recap(self, jump: bool | None) -> None:
        if jump:
            self.action_jump()

    def _refresh_answer_area(self) -> None:
        q = self.talk.current
        lang = self.talk.lang
        choices = self.query_one(ChoiceList)
        answer = self.query_one("#answer", AnswerInput)
        one_key = q is not None and q.type == "choice" and self.talk.pending_na != q.id
        shown = (q, lang)
        if q is not None and one_key and self._shown != shown:
            choices.show_options([(o.value, o.label.get(lang)) for o in q.options])
            self._enter_hinted = False
        if self._shown is None or self._shown[0] is not q or not one_key:
            # a new question (or one asked again): keys made before this moment were meant for
            # what was on screen then
            answer.ask(len(q.options) if q is not None and one_key else 0)
            self._shown_at = get_time()
        self._shown = shown
        choices.display = one_key
        answer.focus()
        if one_key:
            answer.placeholder = t(
                lang,
                "按数字键选择（或 ↑↓ 再回车），也可以输入回答 / 命令（/help）",
                "Press a number (or ↑/↓ then Enter), or type an answer / command (/help)",
            )
        elif q is None:
            answer.placeholder = t(
                lang,
                "全部答完。/report 查看报告，/jump 题号 修改",
                "All done. /report, or /jump <id> to change an answer",
            )
        elif self.talk.pending_na == q.id:
            answer.placeholder = t(
                lang, "写一句不适用的原因", "One sentence: why it does not apply"
            )
        elif q.type == "sampled":
            answer.placeholder = t(lang, "合格数/抽查数，例如 8/10", "good/checked, e.g. 8/10")
        else:
            answer.placeholder = t(lang, "输入一个数字", "Type a number")
        self._asked_at = self.monotonic()
        answer.lang = lang
        self._key_hint()
        self.refresh_side()

    def _key_hint(self) -> None:
        """One line of keys, the way out first: a narrow window cuts the end, never ^Q."""
        lang = self.talk.lang
        for hint in self.query("#keys").results(Static):
            hint.update(
                Content(
                    t(
                        lang,
                        "^Q 退出  F1 帮助  F2 为什么  F3 跳过  F4 上一题  F5 备注  F6 题目列表  F7 报告  "
                        "F8 EN  F9 不确定  ^O 进度  ^U 清空输入",
                        "^Q quit  F1 help  F2 why  F3 skip  F4 back  F5 note  F6 questions  F7 report  "
                        "F8 中文  F9 unsure  ^O progress  ^U clear box",
                    )
                )
            )

    def refresh_side(self) -> None:
        pace = sorted(self.timings)[len(self.timings) // 2] if self.timings else None
        talk = self.talk
        self.query_one(SidePanel).show(
            side_view(talk.bank, talk.evaluation, talk.current, pace, self.unsaved, talk.lang)
        )
        self.sub_title = self.talk.session.display_name or self.talk.session.company

    def open_report(self) -> None:
        from interviewer.ui.screens.report import ReportScreen

        self.app.push_screen(
            ReportScreen(self.talk.bank, self.talk.session, self.opened.path, self.talk.evaluation)
        )
