"""The Textual app: wires screens to the core. Built by `make_app` from plain values (CLI and tests)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import App
from textual.binding import Binding

from interviewer.core import resumecode, store
from interviewer.core.errors import InterviewerError, SessionInUse
from interviewer.core.labels import t
from interviewer.core.session import valid_id
from interviewer.core.terminal import safe
from interviewer.core.text import Lang
from interviewer.startup import ready
from interviewer.ui.keys import speak
from interviewer.ui.screens.interview import InterviewScreen
from interviewer.ui.services import Services

STYLES = Path(__file__).parent / "styles"


IN_USE = re.compile(
    r"Session '(?P<name>.*)' \((?P<path>.*)\) is open in another window "
    r"\(PID (?P<pid>.*) on host (?P<host>.*), user (?P<user>.*), since (?P<when>.*)\)\.",
    re.S,
)


def _in_use_zh(text: str) -> str:
    """The lock's refusal (core/io/lock.py words it in English) told in Chinese, with its facts."""
    m = IN_USE.match(text)
    if m is None:
        return "这个会话正在另一个窗口中打开。请先在那里关闭；这里没有做任何改动。"
    return (
        f"会话“{m['name']}”（{m['path']}）正在另一个窗口中打开（进程 {m['pid']}，主机 {m['host']}，"
        f"用户 {m['user']}，自 {m['when']} 起）。请先在那里关闭；这里没有做任何改动。"
    )


class InterviewerApp(App[None]):
    CSS_PATH = STYLES / "app.tcss"
    TITLE = "GB/T 27922 售后服务预评估"
    BINDINGS = [
        Binding("ctrl+q", "quit", "退出", priority=True),
        Binding("f10", "show_code", "续答码", show=False),  # said in the first toast; also /code
    ]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.opened: store.OpenSession | None = None
        self.code: str | None = None
        """The open session's resume code, when this process issued or was given it: only its
        hash is on disk, so a code not held here can only be replaced, never shown."""
        speak(self, services.language)

    def on_mount(self) -> None:
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGHUP):
                loop.add_signal_handler(sig, self._terminate)
        # Going straight to the interview (resume, or details given on the command line) skips
        # building the start form: its widgets cost a third of the start-up time.
        self.call_after_refresh(ready)  # the first screen is painted: start-up is over
        if self.services.resume is not None:
            self.open_path(self.services.resume)
        elif self.services.start is not None:
            self.start_new(**self.services.start)
        else:
            from interviewer.ui.screens.start import StartScreen

            self.push_screen(StartScreen(self.services))

    def _fatal_error(self) -> None:
        """Textual prints crash tracebacks with local variables, which may hold a company's
        confidential answers. Every answer is already saved; write the traceback without locals to
        a private log in the user's state folder (a new file, unpredictable name, O_EXCL and
        O_NOFOLLOW: never a fixed name in the shared temp folder) and tell the user where it is.
        (Overrides a private hook: Textual is pinned.)"""
        import sys
        import traceback

        self.bell()
        text = "".join(traceback.format_exception(*sys.exc_info()))
        where = "(not written)"
        with contextlib.suppress(InterviewerError, OSError):
            where = str(self.write_crash_log(text))
        self._exit_renderables.append(
            Text(
                "The interviewer stopped because of an internal error. Your answers up to the last one are saved.\n"
                f"程序出现内部错误已退出，之前的回答都已保存。Details / 详情: {safe(where)}"
            )
        )
        self._close_messages_no_wait()

    @staticmethod
    def write_crash_log(text: str) -> Path:
        from interviewer import paths
        from interviewer.core import storage

        return storage.write_private_new(paths.state_dir(), "crash-", ".log", text)

    def _terminate(self) -> None:
        # every saved answer is on disk; one held in memory goes to a recovery file
        if self.opened is not None and self.opened.unsaved:
            with contextlib.suppress(InterviewerError, OSError):
                self.opened.write_recovery()
        self._close()
        self.exit(return_code=0)

    async def action_quit(self) -> None:
        self.request_quit()

    def request_quit(self) -> None:
        """Quit, unless an answer is held in memory only: then ask (save again / save as / quit
        anyway with a recovery file)."""
        from interviewer.ui.screens.unsaved import UnsavedQuit

        opened = self.opened
        if opened is None or not opened.unsaved:
            self.exit()
            return
        if isinstance(self.screen, UnsavedQuit):
            return
        self.push_screen(
            UnsavedQuit(opened.session.language, self._quit_problem), self._quit_choice
        )

    _quit_problem = ""
    _recovery_failed = False

    def _quit_choice(self, choice: str | None) -> None:
        opened = self.opened
        if choice is None or opened is None:
            return  # back to the interview
        lang = opened.session.language
        try:
            if choice == "again":
                opened.save_again()
                message = t(lang, f"已保存：{opened.path}", f"Saved: {opened.path}")
            elif choice == "saveas":
                copy = self.copy_session(opened)
                message = self.copied_text(copy, lang)
            elif self._recovery_failed:
                message = t(lang, "未保存就退出了。", "Quit without saving.")
            else:
                try:
                    where = opened.write_recovery()
                except InterviewerError:
                    self._recovery_failed = True
                    raise
                message = t(
                    lang,
                    f"回答未保存到会话文件，已写入恢复文件：{where}。下次打开这个会话时可以恢复。",
                    f"Not saved to the session file; everything went to a recovery file: {where}. "
                    "Opening the session next time offers to restore it.",
                )
        except InterviewerError as exc:
            self._quit_problem = f"{exc.title}: {exc}"
            if self._recovery_failed:
                self._quit_problem += t(
                    lang,
                    "\n再按“仍然退出”将不保存直接退出。",
                    "\nPress Quit anyway again to quit without saving.",
                )
            self.request_quit()
            return
        self._close()
        self.exit(message=Text(safe(message)))

    def _close(self) -> None:
        if self.opened is not None:
            self.opened.close()
            self.opened = None
        self.code = None

    def on_unmount(self) -> None:
        self._close()

    def _error(self, exc: InterviewerError) -> None:
        from interviewer.ui.screens.start import StartScreen

        text = safe(self.error_text(exc))
        if not any(isinstance(screen, StartScreen) for screen in self.screen_stack):
            start = StartScreen(self.services)
            start.pending_error = text
            self.push_screen(start)
        elif isinstance(self.screen, StartScreen):
            self.screen.error(text)
        title = exc.title
        if isinstance(exc, SessionInUse):
            title = t(self.services.language, "会话已在别处打开", exc.title)
        self.notify(text, title=title, severity="error", markup=False, timeout=10)

    def error_text(self, exc: InterviewerError) -> str:
        """In a browser the user is not the server's owner: no server paths, PIDs, host or user
        names (the terminal user gets the full story)."""
        lang = self.services.language
        if isinstance(exc, SessionInUse) and not self.services.served and lang == "zh":
            return _in_use_zh(str(exc))
        if not self.services.served:
            return f"{exc.title}: {exc}"
        if isinstance(exc, SessionInUse):
            return t(
                lang,
                "这个会话正在另一个窗口或标签页中打开。请先关闭那里（断开的连接约 15 秒后自动结束），"
                "这里没有做任何改动。",
                "This session is open in another window or tab. Close it there first (a lost "
                "connection ends by itself after about 15 s); nothing has been changed.",
            )
        text = f"{exc.title}: {exc}"
        for folder in {str(self.services.sessions_dir), str(self.services.sessions_dir.resolve())}:
            text = text.replace(folder + os.sep, "").replace(folder, "…")
        return text

    def action_show_code(self) -> None:
        """The resume code again, on request (the first toast fades). A session opened without
        its code (from the list, a path, or made by an older version) gets a new one."""
        screen = self.screen
        if self.opened is None or not isinstance(screen, InterviewScreen):
            return
        lang = self.opened.session.language
        if self.code is None:
            code = self.services.new_code()
            screen.render_events(screen.talk.new_code(code))
            self.code = code
            text = t(
                lang,
                f"您的新续答码：{code}（以前的续答码已作废）",
                f"Your new resume code: {code} (any earlier code no longer works)",
            )
        else:
            text = t(
                lang,
                f"您的续答码：{self.code}（下次凭它继续）",
                f"Your resume code: {self.code} (use it to carry on later)",
            )
        self.notify(text, timeout=30, markup=False)

    def copy_session(self, opened: store.OpenSession) -> store.OpenSession:
        """Everything in memory into a new session file, which gets its own resume code."""
        code = self.services.new_code()
        copy = opened.save_copy(
            self.services.sessions_dir, self.services.new_id(), resumecode.digest(code)
        )
        self.opened, self.code = copy, code
        return copy

    def copied_text(self, copy: store.OpenSession, lang: Lang) -> str:
        """What a copy is called: its new resume code in a browser (a server path means nothing
        there and is not the trainee's business), its file in the terminal."""
        if self.services.served:
            return t(
                lang,
                f"已另存为新的会话。您的新续答码：{self.code}（请记下，下次凭它继续这份副本）",
                f"Saved as a new session. Your new resume code: {self.code} (write it down to "
                "carry on with this copy)",
            )
        return t(lang, f"已另存为新的会话：{copy.path}", f"Saved as a new session: {copy.path}")

    def start_new(self, **meta: Any) -> None:
        s = self.services
        code = s.new_code()
        try:
            opened = store.start(
                s.bank,
                s.sessions_dir,
                session_id=s.new_id(),
                clock=s.clock,
                code_sha256=resumecode.digest(code),
                triage_limit=s.triage_limit,
                **meta,
            )
        except InterviewerError as exc:
            self._error(exc)
            return
        if s.served:
            lang = opened.session.language
            self.notify(
                t(
                    lang,
                    f"您的续答码：{code}（请记下，下次凭它继续；按 F10 或输入 /code 可再次查看）",
                    f"Your resume code: {code} (write it down to carry on later; "
                    "F10 or /code shows it again)",
                ),
                timeout=30,
                markup=False,
            )
        self._enter(opened, code)

    def open_path(self, path: Path, code: str | None = None) -> None:
        try:
            opened = store.open_for_writing(
                self.services.bank, path, self.services.clock, self.services.weights_given
            )
        except InterviewerError as exc:
            self._error(exc)
            return
        self._enter(opened, code)

    def resume_code(self, code: str) -> None:
        """Served mode: a session opens only with its 128-bit code; wrong codes are throttled."""
        throttle = self.services.throttle
        if throttle.blocked():
            self.notify(
                t(
                    self.services.language,
                    "错误的续答码太多，请一分钟后再试。",
                    "Too many wrong codes; wait a minute.",
                ),
                severity="error",
                markup=False,
            )
            return
        path = store.find_by_code(self.services.sessions_dir, code)
        if path is None:
            throttle.failed()
            self.notify(self._no_such_code(code), severity="error", markup=False, timeout=15)
            return
        plain = resumecode.normalise(code)
        assert plain is not None  # find_by_code matched it
        self.open_path(path, resumecode.grouped(plain))

    def _no_such_code(self, typed: str) -> str:
        """Wrong, or the id of a session from before codes were separate (it opens nothing now)."""
        lang = self.services.language
        if valid_id(typed.strip().lower()):
            return t(
                lang,
                "没有这个续答码。以前的版本用会话编号当续答码，现在不再接受；请让讲师运行 "
                "interviewer code 会话编号，给您一个新的续答码。",
                "No session has that code. Earlier versions used the session id as the code; it "
                "is no longer accepted. Ask your trainer to run: interviewer code SESSION-ID, "
                "which gives you a new code.",
            )
        return t(
            lang,
            "没有这个续答码。请检查是否抄错（续答码是 7 组、每组 4 个字母或数字）。",
            "No session has that code. Check it for typos (7 groups of 4 letters or digits).",
        )

    def _enter(self, opened: store.OpenSession, code: str | None = None) -> None:
        self._close()
        self.opened, self.code = opened, code
        if opened.recovery is not None:
            from interviewer.ui.screens.unsaved import RestoreRecovery

            rec = opened.recovery
            self.push_screen(
                RestoreRecovery(
                    opened.session.language,
                    len(opened.session.answers),
                    len(rec.answers),
                    rec.updated_at,
                ),
                lambda choice: self._recovery_choice(opened, choice),
            )
            return
        self._show(opened)

    def _recovery_choice(self, opened: store.OpenSession, choice: str | None) -> None:
        try:
            if choice == "restore":
                opened.restore()
            elif choice == "discard":
                opened.discard_recovery()
        except InterviewerError as exc:
            self.notify(safe(f"{exc.title}: {exc}"), severity="error", markup=False, timeout=15)
        self._show(opened)

    def _show(self, opened: store.OpenSession) -> None:
        self.push_screen(
            InterviewScreen(opened, self.services.monotonic, served=self.services.served)
        )
        self.call_after_refresh(self.first_question_shown)

    def first_question_shown(self) -> None:
        """The interview is on screen (the benchmark's subclass leaves here)."""


def make_app(services: Services) -> InterviewerApp:
    return InterviewerApp(services)
