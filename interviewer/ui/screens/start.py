"""Start: a new session (name, company, mode, language) or resume one (list, file, or code when served)."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Input, Label, OptionList, RadioButton, RadioSet, Static
from textual.widgets.option_list import Option

from interviewer.core import engine, store
from interviewer.core.bank import Bank
from interviewer.core.labels import t
from interviewer.core.listing import line as listing_line
from interviewer.core.text import Lang, printable
from interviewer.ui.services import Services
from interviewer.ui.widgets.key_bar import KeyBar


def triage_count(bank: Bank, limit: int) -> str:
    """How many questions a triage asks in all, as the label says it: one number, whatever the
    answers (the clauses take what the profile questions leave of the limit)."""
    low, high = engine.triage_size(bank, limit)
    return str(low) if low == high else f"{low}–{high}"


class StartScreen(Screen[None]):
    # Tab, and Enter in a text field, move focus as the key arrives, in the order keys arrived.
    # Left to the widgets, focus moved only once the key had been handled (Enter) or had bubbled
    # back up (Tab), and keys typed behind it were already queued for the old field: "张三⏎深圳"
    # and "张三⇥深圳" became one name, and name-Tab×5-Enter from a class's browsers under load
    # reached the resume-code box instead of 开始.
    BINDINGS = [
        Binding("tab", "next_field", show=False, priority=True),
        Binding("shift+tab", "previous_field", show=False, priority=True),
        Binding("enter", "enter_field", show=False, priority=True),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.lang: Lang = services.language
        self.pending_error = ""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="start"):
            yield from self._new_assessment()
            yield from self._resume_served() if self.services.served else self._resume_local()
            yield Static(id="start-error")
        yield KeyBar()

    def _new_assessment(self) -> ComposeResult:
        lang = self.lang
        s = self.services
        yield Static(
            Content(
                t(
                    lang,
                    "GB/T 27922-2011 售后服务认证预评估：回答一些问题，看看能评到几星、先改哪里。",
                    "GB/T 27922-2011 after-sales pre-assessment: answer a few questions to see your "
                    "likely star tier and what to fix first.",
                )
            ),
            id="intro",
        )
        yield Label(Content(t(lang, "新的评估", "New assessment")), classes="section")
        for field, zh, en in (
            ("name", "名称（如：2026年自查）", "Name (e.g. 2026 self-check)"),
            ("company", "企业名称", "Company"),
            ("respondent", "受访人（可不填）", "Respondent (optional)"),
        ):
            yield Input(placeholder=t(lang, zh, en), id=field, max_length=200, classes="field")
        with Horizontal(classes="choices-row"):
            with RadioSet(id="mode"):
                yield RadioButton(
                    t(lang, "完整评估", "Full"), value=s.mode == "full", id="mode-full"
                )
                yield RadioButton(
                    t(lang, "培训模式（每题讲解）", "Training (explains each)"),
                    value=s.mode == "training",
                    id="mode-training",
                )
                count = triage_count(s.bank, s.triage_limit)
                yield RadioButton(
                    t(
                        lang,
                        f"快速初筛（共{count}题）",
                        f"Triage ({count} questions)",
                    ),
                    value=s.mode == "triage",
                    id="mode-triage",
                )
            with RadioSet(id="lang"):
                yield RadioButton("中文", value=lang == "zh", id="lang-zh")
                yield RadioButton("English", value=lang == "en", id="lang-en")
        yield Button(t(lang, "开始", "Start"), id="new", variant="primary")

    def _resume_served(self) -> ComposeResult:
        lang = self.lang
        yield Label(Content(t(lang, "用续答码继续", "Resume with your code")), classes="section")
        yield Input(
            placeholder=t(
                lang,
                "续答码，如 7K2M-9QXR-…（7 组，每组 4 位）",
                "Resume code, e.g. 7K2M-9QXR-… (7 × 4)",
            ),
            id="code",
        )
        yield Button(t(lang, "继续", "Resume"), id="resume-code")

    def _resume_local(self) -> ComposeResult:
        lang = self.lang
        yield Label(
            Content(
                t(
                    lang,
                    "继续之前的评估（回车打开）",
                    "Resume an assessment (Enter to open)",
                )
            ),
            classes="section",
        )
        yield OptionList(id="resume", markup=False)
        with Horizontal(classes="choices-row"):
            yield Input(
                placeholder=t(lang, "或输入会话文件路径", "or a session file path"),
                id="path",
            )
            yield Button(t(lang, "打开", "Open"), id="open-path")

    def on_mount(self) -> None:
        if not self.services.served:
            rows = store.list_sessions(
                self.services.bank, self.services.sessions_dir, self.services.weights_given
            )
            lst = self.query_one("#resume", OptionList)
            if rows:
                lst.add_options(
                    [
                        Option(Content(printable(listing_line(r, self.lang))), id=str(r.path))
                        for r in rows
                    ]
                )
                lst.highlighted = 0  # Enter on the list opens the newest at once
            else:
                lst.add_option(
                    Option(
                        Content(t(self.lang, "（还没有保存的评估）", "(no saved assessments yet)")),
                        disabled=True,
                    )
                )
        # Focus now, not with focus(): that waits for a later turn, and a name typed the moment the
        # screen appears (a class opening the link together) fell on nothing. No scrolling: before
        # the first layout it would scroll the intro out of an 80x24 screen.
        self.set_focus(self.query_one("#name", Input), scroll_visible=False)
        if self.pending_error:
            self.error(self.pending_error)

    def action_next_field(self) -> None:
        self.focus_next()

    def action_previous_field(self) -> None:
        self.focus_previous()

    def action_enter_field(self) -> None:
        """Enter in the name, company or respondent field moves on; anywhere else it does what
        that widget does (start, open, resume)."""
        focused = self.focused
        if focused is None or not focused.has_class("field"):
            raise SkipAction()
        self.focus_next()

    def error(self, text: str) -> None:
        for box in self.query("#start-error").results(Static):
            box.update(Content(printable(text)))

    @on(Button.Pressed, "#new")
    def new(self) -> None:
        mode_button = self.query_one("#mode", RadioSet).pressed_button
        lang_button = self.query_one("#lang", RadioSet).pressed_button
        mode = (mode_button.id or "mode-full").removeprefix("mode-") if mode_button else "full"
        lang: Lang = "en" if lang_button is not None and lang_button.id == "lang-en" else "zh"
        self.app.start_new(  # type: ignore[attr-defined]
            display_name=self.query_one("#name", Input).value,
            company=self.query_one("#company", Input).value,
            respondent=self.query_one("#respondent", Input).value,
            mode=mode,
            language=lang,
        )

    @on(Input.Submitted, "#path")
    def path_entered(self) -> None:
        self.open_path()

    @on(Input.Submitted, "#code")
    def code_entered(self) -> None:
        self.resume_code()

    @on(OptionList.OptionSelected, "#resume")
    def resume(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.app.open_path(Path(event.option.id))  # type: ignore[attr-defined]

    @on(Button.Pressed, "#open-path")
    def open_path(self) -> None:
        raw = self.query_one("#path", Input).value.strip()
        if raw:
            self.app.open_path(Path(raw).expanduser())  # type: ignore[attr-defined]

    @on(Button.Pressed, "#resume-code")
    def resume_code(self) -> None:
        code = self.query_one("#code", Input).value
        self.app.resume_code(code)  # type: ignore[attr-defined]
