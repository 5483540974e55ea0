"""`interviewer --plain`: the same interview as a line-by-line chat on stdin/stdout.

For screen readers, poor terminals and piping answers in. No Textual: it drives the same
`Conversation` as the terminal UI, so answers, commands and saving behave identically.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

from interviewer.core import report, store
from interviewer.core.conversation import Conversation, Event
from interviewer.core.errors import InterviewerError
from interviewer.core.labels import t
from interviewer.core.session import Session
from interviewer.core.text import Lang, printable
from interviewer.export import markdown
from interviewer.startup import ready
from interviewer.ui.services import Services


def render(event: Event, lang: Lang, out: TextIO, echo: bool) -> None:
    q = event.question
    if event.kind == "ask" and q is not None:
        out.write(f"\n[{printable(event.title)}]  ({q.id})\n{printable(event.text)}\n")
        if q.help:
            out.write(f"  ({printable(q.help.get(lang))})\n")
        if q.sample:
            out.write(
                f"  {printable(q.sample.get(lang))} "
                + t(lang, "（输入 合格数/抽查数，如 8/10）", "(type good/checked, e.g. 8/10)")
                + "\n"
            )
        for n, o in enumerate(q.options, 1):
            out.write(f"  {n}. {printable(o.label.get(lang))}\n")
        if q.can_be_na:
            out.write(
                "  "
                + t(lang, "不适用时输入：不适用：原因", "If it does not apply, type: na: reason")
                + "\n"
            )
    elif event.kind == "user":
        if echo:
            out.write(f"  → {printable(event.text)}\n")
    elif event.kind in ("error", "unsaved"):
        out.write(f"! {printable(event.text)}\n")
    elif event.kind in ("why", "training", "recap"):
        if event.text:
            out.write(f"\n--- {printable(event.title)} ---\n{printable(event.text)}\n---\n")
    elif event.text and event.kind != "report":
        out.write(f"{printable(event.text)}\n")


def run(
    opened: store.OpenSession,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
    *,
    new_id: Callable[[], str],
) -> int:
    talk = _talk(opened, stdout, opening=True)
    echo = not stdin.isatty()
    while talk.current is not None:
        stdout.write("> ")
        stdout.flush()
        line = stdin.readline()
        typed = line.strip().lower()
        if not line or typed in ("/quit", "/q", "/exit"):
            stdout.write(("\n" if not line else "") + _goodbye(opened, talk.lang) + "\n")
            return 0 if not opened.unsaved else 1
        if typed == "/restore" and opened.recovery is not None:
            talk = _restore(opened, stdout) or talk
            continue
        if typed == "/saveas":
            opened = _save_as(opened, talk, stdout, new_id())
            continue
        events = talk.submit(line.rstrip("\n"))
        for e in events:
            render(e, talk.lang, stdout, echo)
        if any(e.kind == "report" for e in events):
            stdout.write("\n" + printable(markdown.render(_report(talk))))
    stdout.write("\n" + printable(markdown.render(_report(talk))))
    if opened.unsaved:
        stdout.write(_goodbye(opened, talk.lang) + "\n")
        return 1
    return 0


def _talk(
    opened: store.OpenSession, stdout: TextIO, *, opening: bool, session: Session | None = None
) -> Conversation:
    """A conversation over what `opened` holds, its first question written out; at the very
    start also where the file is, what loading warned about, and a recovery file on offer."""
    held_session = session or opened.session
    talk = Conversation(opened.bank, held_session, save=opened.save, clock=opened.clock)
    if opening:
        lang = talk.lang
        stdout.write(t(lang, f"会话文件：{opened.path}\n", f"Session file: {opened.path}\n"))
        for w in opened.warnings:
            stdout.write(printable(f"! {w}\n"))
        if opened.recovery is not None:
            held, kept = len(opened.recovery.answers), len(opened.session.answers)
            stdout.write(
                t(
                    lang,
                    f"! 上次有回答没能保存，恢复文件里有 {held} 个回答"
                    f"（会话文件 {kept} 个）。输入 /restore 恢复。\n",
                    f"! Last time some answers could not be saved: the recovery file holds "
                    f"{held} answers (the session file {kept}). Type /restore to restore them.\n",
                )
            )
    for e in talk.start():
        render(e, talk.lang, stdout, False)
    return talk


def _restore(opened: store.OpenSession, stdout: TextIO) -> Conversation | None:
    """The recovery file's answers back into the session; None (and why) when that fails."""
    try:
        restored = opened.restore()
    except InterviewerError as exc:
        stdout.write(printable(f"! {exc.title}: {exc}\n"))
        return None
    stdout.write(t(restored.language, "已恢复。\n", "Restored.\n"))
    return _talk(opened, stdout, opening=False, session=restored)


def _save_as(
    opened: store.OpenSession, talk: Conversation, stdout: TextIO, session_id: str
) -> store.OpenSession:
    """The answers so far under a new id; the conversation goes on saving into the copy."""
    try:
        copy = opened.save_copy(opened.path.parent, session_id)
    except InterviewerError as exc:
        stdout.write(printable(f"! {exc.title}: {exc}\n"))
        return opened
    talk.save, talk.session, talk.unsaved = copy.save, copy.session, False
    stdout.write(
        t(talk.lang, f"已另存为新的会话：{copy.path}\n", f"Saved as a new session: {copy.path}\n")
    )
    return copy


def _goodbye(opened: store.OpenSession, lang: Lang) -> str:
    """What leaving says: "saved" only when it is true; otherwise a last save attempt, then a
    recovery file beside the session (offered back at the next --resume)."""
    if opened.unsaved:
        try:
            opened.save_again()
        except InterviewerError:
            try:
                where = opened.write_recovery()
            except InterviewerError as exc:
                return printable(
                    t(
                        lang,
                        f"! 未保存！最后的回答没有写进任何文件：{exc}",
                        f"! NOT saved: the last answers could not be written anywhere: {exc}",
                    )
                )
            return printable(
                t(
                    lang,
                    f"! 未保存到会话文件。所有回答已写入恢复文件：{where}，下次用 --resume 打开时可恢复。",
                    f"! Not saved to the session file. Everything went to a recovery file: {where}; "
                    "--resume offers to restore it.",
                )
            )
    return t(lang, "已保存，下次用 --resume 继续。", "Saved. Carry on later with --resume.")


def _report(talk: Conversation) -> dict[str, object]:
    return report.build(talk.bank, talk.session, ev=talk.evaluation)


def main(services: Services) -> int:
    """Open (or start) the session the services name and run the line-by-line interview on it."""
    s = services
    if s.resume is not None:
        opened = store.open_for_writing(s.bank, s.resume, s.clock, s.weights_given)
    else:
        meta = s.start or {"mode": s.mode, "language": s.language}
        opened = store.start(
            s.bank,
            s.sessions_dir,
            session_id=s.new_id(),
            clock=s.clock,
            triage_limit=s.triage_limit,
            **meta,
        )
    ready()
    try:
        return run(opened, new_id=s.new_id)
    finally:
        opened.close()
