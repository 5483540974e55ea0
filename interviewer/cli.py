"""Command line: parse arguments, build the configuration, call the core, print.

Every command reads one frozen `Config`; the interview UI is imported only when used."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interviewer import config as configuration
from interviewer.config import Config
from interviewer.core import storage
from interviewer.core.bank import Bank
from interviewer.core.errors import InterviewerError, SessionError
from interviewer.core.session import Session, valid_id
from interviewer.core.terminal import safe
from interviewer.core.text import Lang, as_lang
from interviewer.startup import ready

if TYPE_CHECKING:
    from interviewer.ui.app import InterviewerApp
    from interviewer.ui.services import Services


def open_bank(config: Config) -> Bank:
    from interviewer.core.bankopen import open_bank as open_it

    return open_it(config.bank, config.weights, config.cache_dir)


def _now() -> str:
    import datetime as dt

    return dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds")


def _new_id() -> str:
    import secrets

    return secrets.token_hex(16)


def _session_path(arg: str, folder: Path) -> Path:
    """A session given as a path, or as the id of a file in the sessions folder."""
    if valid_id(arg) and not Path(arg).exists():
        return folder / f"{arg}.json"
    return Path(arg)


def _note(lines: Sequence[str]) -> None:
    for line in lines:
        print(safe(f"note: {line}"), file=sys.stderr)


def _load(config: Config, arg: str, lang: Lang | None = None) -> tuple[Bank, Session, Path]:
    """A session to report on, with the bank (and weights) it is scored with; notes to stderr."""
    from interviewer.core import engine, store

    path = _session_path(arg, config.sessions_dir)
    s, _ = store.read(path)
    s, warnings = engine.repin(open_bank(config), s)
    bank, notes = store.scoring_bank(open_bank(config), s, config.weights is not None, lang)
    _note([*warnings, *notes])
    return bank, s, path


def _safe_print(*parts: object, **kw: Any) -> None:
    """print() for text from a bank or session file."""
    print(*(safe(str(p)) for p in parts), **kw)


def _emit(text: str, out: str | None) -> int:
    if out:
        storage.write_new(Path(out), text.encode())
        print(safe(out))
    else:  # to a terminal or a pipe: nothing from a file may steer the terminal
        sys.stdout.write(safe(text))
    return 0


def _emit_bytes(data: bytes, out: str | None) -> int:
    """A binary file (the workbook): to --out, or to standard output when that is not a terminal."""
    if out:
        storage.write_new(Path(out), data)
        print(out)
        return 0
    if sys.stdout.isatty():
        raise InterviewerError(
            "an Excel workbook is not text: give --out FILE.xlsx (nothing was written)"
        )
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    return 0


def _asked_lang(args: argparse.Namespace) -> Lang | None:
    """The language asked for on the command line, if any (else each session's own)."""
    lang = getattr(args, "lang", None)
    return as_lang(lang) if lang else None


def _lang(args: argparse.Namespace, s: Session) -> Lang:
    return as_lang(getattr(args, "lang", None) or s.language)


# -- commands --------------------------------------------------------------------------------


def cmd_bank_check(config: Config, args: argparse.Namespace) -> int:
    from interviewer.core.banksummary import summary

    if args.path:
        config = replace(config, bank=Path(args.path))
    b = summary(open_bank(config))
    _safe_print(f"bank {b.id} v{b.version}: OK  ({b.source})")
    _safe_print(f"  sha256 {b.sha256}")
    _safe_print(f"  groups {len(b.groups)}, indicators {b.indicators}, items {b.items}")
    _safe_print("  questions: " + ", ".join(f"{k} {n}" for k, n in b.questions))
    for g in b.groups:
        points = str(g.points.numerator) if g.points.denominator == 1 else f"{float(g.points):.2f}"
        _safe_print(
            f"  {g.id} {g.title_zh} / {g.title_en}: {points} points, "
            f"{g.indicators} indicators, {g.items} items"
        )
    _safe_print("  items per provenance: " + ", ".join(f"{k} {n}" for k, n in b.provenance))
    _safe_print(
        f"  excludable items: {b.excludable} ({b.excluded_by_profile} by profile answers), "
        f"sampled items: {b.sampled}"
    )
    _safe_print(f"  weights: {b.weights or 'estimated even split below the 40/35/25 groups'}")
    return 0


def cmd_run(config: Config, args: argparse.Namespace) -> int:
    from interviewer.core import engine, replay, store
    from interviewer.core.errors import AnswersFileError

    bank = open_bank(config)
    source = str(args.answers)
    data = storage.read_regular(Path(args.answers), storage.BANK_FILE_LIMIT, AnswersFileError)
    out = Path(args.out) if args.out else None
    sid = out.stem if out is not None and valid_id(out.stem) else _new_id()
    s = engine.new_session(
        bank,
        session_id=sid,
        now=_now(),
        display_name=config.name,
        company=config.company,
        mode=config.mode,
        language=config.lang,
        triage_limit=config.triage_limit,
    )
    s = replay.replay(bank, s, replay.load_answers(data, source), _now, source)
    from interviewer.core.scoring import tally

    path = out or config.sessions_dir / f"{sid}.json"
    store.create(bank, path, s, _now, replace_existing=args.force).close()
    p = tally(bank, s).progress
    print(safe(f"{path}"))
    print(
        f"answered {p.answered}, skipped {p.skipped}, still to ask {p.remaining}", file=sys.stderr
    )
    return 0


def cmd_report(config: Config, args: argparse.Namespace) -> int:
    from interviewer.core import report
    from interviewer.export import render

    bank, s, _ = _load(config, args.session, _asked_lang(args))
    data = report.build(bank, s, _lang(args, s))
    if args.format == "xlsx":
        from interviewer.export import xlsx

        return _emit_bytes(xlsx.report_workbook(data), args.out)
    return _emit(render(args.format, data), args.out)


def cmd_plan(config: Config, args: argparse.Namespace) -> int:
    """The action plan for a target tier (default: the next one up)."""
    from interviewer.core import report
    from interviewer.core.scoring import evaluate
    from interviewer.export import plan as plan_export

    bank, s, _ = _load(config, args.session, _asked_lang(args))
    lang = _lang(args, s)
    ev = evaluate(bank, s)
    p = report.plan_data(bank, ev, args.target, lang, report.notes_by_clause(bank, s, lang))
    name = s.display_name or s.company or s.id[:8]
    if args.format == "xlsx":
        from interviewer.export import xlsx

        return _emit_bytes(xlsx.plan_workbook(p, lang), args.out)
    text = {
        "md": lambda: plan_export.markdown(p, name, lang),
        "csv": lambda: plan_export.csv_text(p, lang),
        "html": lambda: plan_export.html(p, name, lang),
    }[args.format]()
    return _emit(text, args.out)


def cmd_validate(config: Config, args: argparse.Namespace) -> int:
    from interviewer.core.migrate import CURRENT_VERSION
    from interviewer.core.scoring import tally
    from interviewer.core.text import printable

    bank, s, path = _load(config, args.session, _asked_lang(args))
    p = tally(bank, s).progress
    print(
        printable(
            f"{path}: valid session (format {CURRENT_VERSION}), {len(s.answers)} answers, "
            f"{p.answered}/{p.total} answered, revision {s.revision}"
        )
    )
    if s.orphaned:
        kept = ", ".join(sorted(s.orphaned)).replace("\n", " ")
        print(printable(f"  {len(s.orphaned)} orphaned answer(s) kept: {kept}"))
    return 0


def cmd_sessions(config: Config, args: argparse.Namespace) -> int:
    from interviewer.core import store
    from interviewer.core.listing import line
    from interviewer.core.text import printable

    rows = store.list_sessions(open_bank(config), config.sessions_dir, config.weights is not None)
    if not rows:
        print(printable(f"no sessions in {config.sessions_dir}"))
        return 0
    for row in rows:
        print(printable(line(row, config.lang, wide=True)))
    return 0


def cmd_checklist(config: Config, args: argparse.Namespace) -> int:
    from interviewer.core import checklist

    bank, s, _ = _load(config, args.session, _asked_lang(args))
    return _emit(checklist.render(bank, s, _lang(args, s)), args.out)


def cmd_compare(config: Config, args: argparse.Namespace) -> int:
    from interviewer.core import compare

    bank_old, old, _ = _load(config, args.old, _asked_lang(args))
    bank_new, new, _ = _load(config, args.new, _asked_lang(args))
    return _emit(compare.render(bank_old, bank_new, old, new, _lang(args, new)), args.out)


def _iso_date(text: str) -> str:
    """`--since`: a calendar date, checked (argparse reports a bad one and exits cleanly)."""
    import datetime

    try:
        return datetime.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a date: {text!r} (write it as YYYY-MM-DD, e.g. 2026-12-01)"
        ) from None


def cmd_class_report(config: Config, args: argparse.Namespace) -> int:
    from interviewer.core import classreport
    from interviewer.export import classreport as render_class

    bank = open_bank(config)
    files: list[Path] = []
    for arg in args.paths:
        p = Path(arg)
        files += storage.list_files(p) if p.is_dir() else [p]
    if not files:
        raise SessionError(f"no session files found in {', '.join(args.paths)}")
    roll = classreport.score_all(bank, files, config.weights is not None, args.since or "")
    data = classreport.build(bank, roll, args.anonymise)
    renderer = {
        "md": render_class.markdown,
        "csv": render_class.csv_text,
        "html": render_class.html,
    }
    text = renderer[args.format](data, config.lang)
    for problem in roll.problems:
        print(safe(f"skipped: {problem}"), file=sys.stderr)
    return _emit(text, args.out)


def cmd_serve(config: Config, args: argparse.Namespace) -> int:
    from interviewer.serve import isolate_imports, serve

    isolate_imports()  # before anything more is imported: not from the folder serve runs in
    return serve(config, args.host, args.port, args.allow_remote, args.max_sessions)


def cmd_locate(config: Config, args: argparse.Namespace) -> int:
    from interviewer import paths

    print(f"bank      {paths.bundled_bank()}")
    print(f"sessions  {config.sessions_dir}")
    return 0


def build_services(config: Config, args: argparse.Namespace) -> Services:
    """What both front ends are given: the bank, where sessions live, time and ids."""
    from interviewer.ui.services import Services

    resume = _session_path(args.resume, config.sessions_dir) if args.resume else None
    start = None
    if not args.served and (config.name or config.company):
        start = {
            "display_name": config.name,
            "company": config.company,
            "mode": config.mode,
            "language": config.lang,
        }
    return Services(
        bank=open_bank(config),
        sessions_dir=config.sessions_dir,
        clock=_now,
        new_id=_new_id,
        language=config.lang,
        mode=config.mode,
        triage_limit=config.triage_limit,
        resume=None if args.served else resume,
        served=args.served,
        weights_given=config.weights is not None,
        start=start,
    )


def cmd_interview(config: Config, args: argparse.Namespace, app_type: Any = None) -> int:
    """The default command: the chat-style interview (Textual), or --plain on stdin/stdout.
    Checked before any session file is made: an input to read, and for the full-screen UI a
    terminal on both ends (without one it would paint escape codes into a file and wait forever)."""
    stdin_ok = sys.stdin is not None and not sys.stdin.closed
    if args.plain and not stdin_ok:
        raise InterviewerError(
            "standard input is closed, and --plain reads the answers from it. Nothing was created; "
            "run it with a terminal or pipe the answers in (or use `interviewer run --answers FILE`).",
            title="Not started",
        )
    if not args.plain and not args.served and app_type is None and not _on_a_terminal():
        raise InterviewerError(
            "the interview screen needs a terminal, and standard input or output is not one. "
            "Nothing was created; use --plain for a line-by-line interview (it works with pipes), "
            "or `interviewer run --answers FILE` for a scripted one.",
            title="Not started",
        )
    services = build_services(config, args)
    if args.plain:
        from interviewer import plain

        return plain.main(services)
    from interviewer.ui.app import InterviewerApp

    app: InterviewerApp = (app_type or InterviewerApp)(services)
    app.run(headless=app_type is not None)
    return app.return_code or 0


def _on_a_terminal() -> bool:
    try:
        return bool(
            sys.stdin is not None
            and sys.stdout is not None
            and sys.stdin.isatty()
            and sys.stdout.isatty()
        )
    except (ValueError, OSError):  # closed streams
        return False


def _fit_output_encoding() -> None:
    """A terminal whose encoding cannot show Chinese (Latin-1, ASCII, cp1252): write what it can,
    with '?' for the rest, and say once why, instead of ending in a traceback."""
    for stream in (sys.stdout, sys.stderr):
        if stream is None or not hasattr(stream, "reconfigure"):
            continue
        encoding = getattr(stream, "encoding", None) or "utf-8"
        try:
            "中文␛".encode(encoding)
        except (UnicodeEncodeError, LookupError):
            stream.reconfigure(errors="replace")
            if stream is sys.stderr:
                print(
                    f"note: this terminal's encoding ({encoding}) cannot show Chinese; what it cannot "
                    "show appears as '?'. Use --lang en, or a UTF-8 locale (e.g. LANG=C.UTF-8).",
                    file=sys.stderr,
                )


# -- parsing ------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="interviewer",
        description="GB/T 27922-2011 after-sales service pre-assessment interview (商品售后服务评价体系预评估).",
    )
    _common(parser, None)
    parser.add_argument(
        "--plain", action="store_true", help="line-by-line chat on stdin/stdout (no full-screen UI)"
    )
    parser.add_argument("--resume", help="session file or id to continue")
    _new_session_options(parser)
    parser.add_argument("--served", action="store_true", help=argparse.SUPPRESS)
    parser.set_defaults(func=cmd_interview)
    sub = parser.add_subparsers(dest="command")
    bank = sub.add_parser("bank", help="question bank tools")
    check = bank.add_subparsers(dest="bank_command", required=True).add_parser(
        "check", help="validate a bank and print a summary"
    )
    check.add_argument("path", nargs="?", help="bank folder or file (default: the bundled bank)")
    check.add_argument("--weights", default=argparse.SUPPRESS, help="weight profile to check too")
    check.set_defaults(func=cmd_bank_check)
    _subcommands(sub)
    return parser


def _common(parser: argparse.ArgumentParser, default: Any) -> None:
    parser.add_argument("--bank", default=default, help="question bank folder or file")
    parser.add_argument(
        "--weights", default=default, help="weight profile replacing the estimated item points"
    )
    parser.add_argument("--sessions-dir", default=default, help="folder for session files")


def _new_session_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--mode", choices=["full", "training", "triage"], default="full")
    parser.add_argument(
        "--triage-limit", type=int, default=25, help="questions asked in triage mode (default 25)"
    )
    parser.add_argument("--lang", choices=["zh", "en"], default=None)
    parser.add_argument("--name", help="display name for a new session")
    parser.add_argument("--company", help="company name for a new session")


def _subcommands(sub: Any) -> None:
    common = argparse.ArgumentParser(add_help=False)
    _common(common, argparse.SUPPRESS)

    def add(name: str, func: Any, help: str, *, lang: bool = True, out: bool = True) -> Any:
        p = sub.add_parser(name, parents=[common], help=help)
        p.set_defaults(func=func)
        if lang:
            p.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS)
        if out:
            p.add_argument("--out", help="write to this file instead of standard output")
        return p

    run = add(
        "run", cmd_run, "scripted interview from a YAML/JSON answers file", lang=False, out=False
    )
    run.add_argument("--answers", required=True, help="map of question id → answer as typed")
    _new_session_options(run)
    run.add_argument(
        "--out", help="write the session here (default: a new file in the sessions folder)"
    )
    run.add_argument(
        "--force", action="store_true", help="replace --out if it exists (kept as .bak)"
    )
    rep = add("report", cmd_report, "print or export a session's report")
    rep.add_argument("session", help="session file or id")
    rep.add_argument("--format", choices=["json", "md", "html", "csv", "xlsx"], default="md")
    pl = add("plan", cmd_plan, "action plan to reach a tier: fixes in order, owner/due/status")
    pl.add_argument("session", help="session file or id")
    pl.add_argument("--format", choices=["md", "csv", "xlsx", "html"], default="md")
    pl.add_argument(
        "--target",
        choices=["compliant", "three_star", "four_star", "five_star"],
        default=None,
        help="tier to reach (default: the next one up)",
    )
    add("validate", cmd_validate, "check a session file", out=False).add_argument(
        "session", help="session file or id"
    )
    add(
        "checklist", cmd_checklist, "documents and records to prepare before applying"
    ).add_argument("session", help="session file or id")
    add("sessions", cmd_sessions, "list sessions", out=False)
    cmp_ = add("compare", cmd_compare, "what changed between two sessions")
    cmp_.add_argument("old")
    cmp_.add_argument("new")
    cls = add("class-report", cmd_class_report, "a whole class's sessions at once")
    cls.add_argument("paths", nargs="+", help="folders of sessions and/or session files")
    cls.add_argument("--format", choices=["md", "html", "csv"], default="md")
    cls.add_argument(
        "--since",
        type=_iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="only sessions last changed on or after this date",
    )
    cls.add_argument(
        "--anonymise",
        "--anonymize",
        action="store_true",
        help="replace names and companies by numbers (学员 1, 2 … / Participant 1, 2 …)",
    )
    srv = add("serve", cmd_serve, "run the interview in a browser (textual-serve)", out=False)
    srv.add_argument("--host", default="127.0.0.1")
    srv.add_argument("--port", type=int, default=8000)
    srv.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow a non-loopback address (NO authentication)",
    )
    srv.add_argument(
        "--max-sessions",
        type=int,
        default=None,
        help="browser tabs running at once (default: what the free memory carries)",
    )
    add("locate", cmd_locate, "print where the bank and sessions are", lang=False, out=False)


def main(argv: Sequence[str] | None = None, app_type: Any = None) -> int:
    """`app_type`: an InterviewerApp subclass to run headless instead (the benchmark's)."""
    _fit_output_encoding()
    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    try:
        config = configuration.from_args(args)
        if args.func is cmd_interview:
            return int(cmd_interview(config, args, app_type))
        func: Any = args.func
        return int(func(config, args))
    except InterviewerError as exc:
        from interviewer.core.text import printable

        print(printable(f"{exc.title}:"), file=sys.stderr)
        print(printable(str(exc)), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `interviewer ... | head`: the reader left; that is not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


__all__ = ["build_parser", "main", "open_bank", "ready"]
