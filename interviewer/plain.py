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
    talk = Conversation(opened.bank, opened.session, save=opened.save, clock=opened.clock)
    echo = not stdin.isatty()
    lang = talk.lang
    stdout.write(t(lang, f"会话文件：{opened.path}\n", f"Session file: {opened.path}\n"))
    for w in opened.warnings:
        stdout.write(printable(f"! {w}\n"))
    if opened.recovery is not None:
        stdout.write(
            t(
                talk.lang,
                f"! 上次有回答没能保存，恢复文件里有 {len(opened.recovery.answers)} 个回答"
                f"（会话文件 {len(opened.session.answers)} 个）。输入 /restore 恢复。\n",
                f"! Last time some answers could not be saved: the recovery file holds "
                f"{len(opened.recovery.answers)} answers (the session file {len(opened.session.answers)}). "
                "Type /restore to restore them.\n",
            )
        )
    for e in talk.start():
        render(e, talk.lang, stdout, False)
    while True:
        if talk.current is None:
            break
        stdout.write("> ")
        stdout.flush()
        line = stdin.readline()
        if not line or line.strip().lower() in ("/quit", "/q", "/exit"):
            stdout.write(("\n" if not line else "") + _goodbye(opened, talk.lang) + "\n")
            return 0 if not opened.unsaved else 1
        if line.strip().lower() == "/restore" and opened.recovery is not None:
            try:
                restored = opened.restore()
            except InterviewerError as exc:
                stdout.write(printable(f"! {exc.title}: {exc}\n"))
                continue
            stdout.write(t(talk.lang, "已恢复。\n", "Restored.\n"))
            talk = Conversation(opened.bank, restored, save=opened.save, clock=opened.clock)
            for e in talk.start():
                render(e, talk.lang, stdout, False)
            continue
        if line.strip().lower() == "/saveas":
            try:
                opened = opened.save_copy(opened.path.parent, new_id())
            except InterviewerError as exc:
                stdout.write(printable(f"! {exc.title}: {exc}\n"))
                continue
            talk.save, talk.session, talk.unsaved = opened.save, opened.session, False
            stdout.write(
                t(
                    talk.lang,
                    f"已另存为新的会话：{opened.path}\n",
                    f"Saved as a new session: {opened.path}\n",
                )
            )
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
