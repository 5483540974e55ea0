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
from interviewer.cli_text import HelpFormatter, interface_lang, speaking
from interviewer.config import Config
from interviewer.core import storage
from interviewer.core.bank import Bank
from interviewer.core.errors import InterviewerError, SessionError
from interviewer.core.labels import t
from interviewer.core.session import Session, valid_id
from interviewer.core.terminal import safe
from interviewer.core.text import Lang, as_lang
from interviewer.runtime import new_code, new_id, now, open_bank
from interviewer.startup import ready

if TYPE_CHECKING:
    from interviewer.ui.app import InterviewerApp
    from interviewer.ui.services import Services


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
    sid = out.stem if out is not None and valid_id(out.stem) else new_id()
    s = engine.new_session(
        bank,
        session_id=sid,
        now=now(),
        display_name=config.name,
        company=config.company,
        mode=config.mode,
        language=config.lang,
        triage_limit=config.triage_limit,
    )
    s = replay.replay(bank, s, replay.load_answers(data, source), now, source)
    from interviewer.core.scoring import tally

    path = out or config.sessions_dir / f"{sid}.json"
    store.create(bank, path, s, now, replace_existing=args.force).close()
    p = tally(bank, s).progress
    print(safe(f"{path}"))
    print(
        f"answered {p.answered}, skipped {p.skipped}, still to ask {p.remaining}", file=sys.stderr
    )
    return 0


def cmd_code(config: Config, args: argparse.Namespace) -> int:
    """A new resume code for a session (a trainee lost theirs, or the session predates codes):
    the trainer hands it over; the old code stops working at once."""
    from interviewer.core import resumecode, store

    path = _session_path(args.session, config.sessions_dir)
    opened = store.open_for_writing(open_bank(config), path, now, config.weights is not None)
    try:
        code = new_code()
        opened.save(replace(opened.session, code_sha256=resumecode.digest(code)))
        lang = _lang(args, opened.session)
    finally:
        opened.close()
    print(code)
    print(
        safe(
            t(
                lang,
                f"这是 {path.name} 的新续答码，以前的续答码已作废。在浏览器里输入它即可继续。",
                f"The new resume code of {path.name}; any earlier code no longer works. "
                "Type it in the browser to carry on.",
            )
        ),
        file=sys.stderr,
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
    data = classreport.build(bank, roll, args.anonymise, args.since or "")
    for problem in roll.problems:
        print(safe(f"skipped: {problem}"), file=sys.stderr)
    if args.format == "xlsx":
        from interviewer.export import classreport_xlsx

        return _emit_bytes(classreport_xlsx.workbook(data, config.lang), args.out)
    renderer = {
        "md": render_class.markdown,
        "csv": render_class.csv_text,
        "html": render_class.html,
    }
    return _emit(renderer[args.format](data, config.lang), args.out)


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
        clock=now,
        new_id=new_id,
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


def build_parser(lang: Lang = "en") -> argparse.ArgumentParser:
    """The command line, its help in `lang` (argparse's own words too, inside `cli_text.speaking`)."""

    def h(zh: str, en: str) -> str:
        return t(lang, zh, en)

    parser = argparse.ArgumentParser(
        prog="interviewer",
        formatter_class=HelpFormatter,
        description=h(
            "商品售后服务评价体系（GB/T 27922-2011）预评估访谈。",
            "GB/T 27922-2011 after-sales service pre-assessment interview (商品售后服务评价体系预评估).",
        ),
    )
    _common(parser, None, lang)
    parser.add_argument(
        "--plain",
        action="store_true",
        help=h(
            "在标准输入/输出上逐行对话（不用全屏界面）",
            "line-by-line chat on stdin/stdout (no full-screen UI)",
        ),
    )
    parser.add_argument(
        "--resume",
        metavar=h("会话", "SESSION"),
        help=h("要继续的会话文件或编号", "session file or id to continue"),
    )
    _new_session_options(parser, lang)
    parser.add_argument("--served", action="store_true", help=argparse.SUPPRESS)
    parser.set_defaults(func=cmd_interview)
    sub = parser.add_subparsers(
        dest="command", title=h("子命令", "commands"), metavar=h("子命令", "COMMAND")
    )
    _bank_command(sub, h)
    _subcommands(sub, lang)
    return parser


def _bank_command(sub: Any, h: Any) -> None:
    """`bank check`: a bank's author checks it before handing it out."""
    bank = sub.add_parser(
        "bank",
        formatter_class=HelpFormatter,
        help=h("题库工具", "question bank tools"),
        description=h("题库工具", "question bank tools"),
    )
    check = bank.add_subparsers(
        dest="bank_command", required=True, title=h("子命令", "commands"), metavar="check"
    ).add_parser(
        "check",
        formatter_class=HelpFormatter,
        help=h("检查题库并打印摘要", "validate a bank and print a summary"),
        description=h("检查题库并打印摘要", "validate a bank and print a summary"),
    )
    check.add_argument(
        "path",
        nargs="?",
        metavar=h("路径", "PATH"),
        help=h(
            "题库文件夹或文件（默认：自带的题库）",
            "bank folder or file (default: the bundled bank)",
        ),
    )
    check.add_argument(
        "--weights",
        default=argparse.SUPPRESS,
        metavar=h("文件", "FILE"),
        help=h("同时检查的权重文件", "weight profile to check too"),
    )
    check.set_defaults(func=cmd_bank_check)


def _number(lang: Lang) -> Any:
    """int, named in `lang` where argparse says "invalid int value"."""

    def number(text: str) -> int:
        return int(text)

    number.__name__ = t(lang, "整数", "int")
    return number


def _common(parser: argparse.ArgumentParser, default: Any, lang: Lang) -> None:
    parser.add_argument(
        "--bank",
        default=default,
        metavar=t(lang, "路径", "PATH"),
        help=t(lang, "题库文件夹或文件", "question bank folder or file"),
    )
    parser.add_argument(
        "--weights",
        default=default,
        metavar=t(lang, "文件", "FILE"),
        help=t(
            lang, "替换估算条款分值的权重文件", "weight profile replacing the estimated item points"
        ),
    )
    parser.add_argument(
        "--sessions-dir",
        default=default,
        metavar=t(lang, "文件夹", "DIR"),
        help=t(lang, "会话文件所在的文件夹", "folder for session files"),
    )


def _new_session_options(parser: argparse.ArgumentParser, lang: Lang) -> None:
    parser.add_argument(
        "--mode",
        choices=["full", "training", "triage"],
        default="full",
        help=t(
            lang,
            "full＝完整评估，training＝培训模式（每题讲解），triage＝快速初筛",
            "full assessment, training (explains each question) or triage (a quick first look)",
        ),
    )
    parser.add_argument(
        "--triage-limit",
        type=_number(lang),
        default=25,
        metavar=t(lang, "题数", "N"),
        help=t(
            lang,
            "快速初筛一共问多少题（默认 25）",
            "questions asked in triage mode in all (default 25)",
        ),
    )
    parser.add_argument(
        "--lang",
        choices=["zh", "en"],
        default=None,
        help=t(
            lang, "界面语言：zh 中文（默认），en 英文", "interface language: zh (default) or en"
        ),
    )
    parser.add_argument(
        "--name",
        metavar=t(lang, "名称", "NAME"),
        help=t(lang, "新会话的名称", "display name for a new session"),
    )
    parser.add_argument(
        "--company",
        metavar=t(lang, "企业", "COMPANY"),
        help=t(lang, "新会话的企业名称", "company name for a new session"),
    )


def _subcommands(sub: Any, lang: Lang) -> None:
    common = argparse.ArgumentParser(add_help=False)
    _common(common, argparse.SUPPRESS, lang)

    def h(zh: str, en: str) -> str:
        return t(lang, zh, en)

    file_var = h("文件", "FILE")

    def add(name: str, func: Any, help: str, *, lang_opt: bool = True, out: bool = True) -> Any:
        p = sub.add_parser(
            name, parents=[common], help=help, description=help, formatter_class=HelpFormatter
        )
        p.set_defaults(func=func)
        if lang_opt:
            p.add_argument(
                "--lang",
                choices=["zh", "en"],
                default=argparse.SUPPRESS,
                help=h(
                    "输出的语言（默认：会话自己的语言）",
                    "language of the output (default: the session's)",
                ),
            )
        if out:
            p.add_argument(
                "--out",
                metavar=file_var,
                help=h(
                    "写入这个文件，而不是标准输出", "write to this file instead of standard output"
                ),
            )
        return p

    for part in (_run_command, _session_commands, _compare_command, _class_command, _serve_command):
        part(add, h, lang)
    add(
        "locate",
        cmd_locate,
        h("显示题库和会话所在的位置", "print where the bank and sessions are"),
        lang_opt=False,
        out=False,
    )


def _run_command(add: Any, h: Any, lang: Lang) -> None:
    """`run`: a scripted interview from an answers file."""
    file_var = h("文件", "FILE")
    run = add(
        "run",
        cmd_run,
        h("按 YAML/JSON 答案文件自动完成访谈", "scripted interview from a YAML/JSON answers file"),
        lang_opt=False,
        out=False,
    )
    run.add_argument(
        "--answers",
        required=True,
        metavar=file_var,
        help=h("问题编号 → 回答（照键入的写）的对照表", "map of question id → answer as typed"),
    )
    _new_session_options(run, lang)
    run.add_argument(
        "--out",
        metavar=file_var,
        help=h(
            "会话写到这里（默认：会话文件夹里的新文件）",
            "write the session here (default: a new file in the sessions folder)",
        ),
    )
    run.add_argument(
        "--force",
        action="store_true",
        help=h(
            "--out 已存在时替换它（旧文件留作 .bak）", "replace --out if it exists (kept as .bak)"
        ),
    )


def _session_commands(add: Any, h: Any, lang: Lang) -> None:
    """What reads one session (or two): report, plan, validate, checklist, sessions, compare."""
    session_help = h("会话文件或编号", "session file or id")
    session_var = h("会话", "SESSION")
    rep = add("report", cmd_report, h("打印或导出会话的报告", "print or export a session's report"))
    rep.add_argument("session", metavar=session_var, help=session_help)
    rep.add_argument(
        "--format",
        choices=["json", "md", "html", "csv", "xlsx"],
        default="md",
        help=h("输出格式（默认 md）", "output format (default md)"),
    )
    pl = add(
        "plan",
        cmd_plan,
        h(
            "达到某一星级的整改计划：按顺序的整改项，含负责人/期限/状态",
            "action plan to reach a tier: fixes in order, owner/due/status",
        ),
    )
    pl.add_argument("session", metavar=session_var, help=session_help)
    pl.add_argument(
        "--format",
        choices=["md", "csv", "xlsx", "html"],
        default="md",
        help=h("输出格式（默认 md）", "output format (default md)"),
    )
    pl.add_argument(
        "--target",
        choices=["compliant", "three_star", "four_star", "five_star"],
        default=None,
        help=h(
            "目标：compliant 达标，three_star 三星，four_star 四星，five_star 五星（默认：高一级）",
            "tier to reach (default: the next one up)",
        ),
    )
    add(
        "validate", cmd_validate, h("检查会话文件", "check a session file"), out=False
    ).add_argument("session", metavar=session_var, help=session_help)
    add(
        "code",
        cmd_code,
        h(
            "给会话发一个新的续答码（在浏览器里继续用；旧的作废）",
            "issue a new resume code for a session (to carry on in a browser; the old one stops working)",
        ),
        out=False,
    ).add_argument("session", metavar=session_var, help=session_help)
    add(
        "checklist",
        cmd_checklist,
        h("申请前要准备的文件和记录", "documents and records to prepare before applying"),
    ).add_argument("session", metavar=session_var, help=session_help)
    add("sessions", cmd_sessions, h("列出会话", "list sessions"), out=False)


def _compare_command(add: Any, h: Any, lang: Lang) -> None:
    """`compare`: two assessments of one company, before and after its fixes."""
    cmp_ = add(
        "compare", cmd_compare, h("比较两个会话有什么变化", "what changed between two sessions")
    )
    cmp_.add_argument(
        "old",
        metavar=h("旧会话", "OLD"),
        help=h("较早的会话文件或编号", "the earlier session file or id"),
    )
    cmp_.add_argument(
        "new",
        metavar=h("新会话", "NEW"),
        help=h("较新的会话文件或编号", "the later session file or id"),
    )


def _class_command(add: Any, h: Any, lang: Lang) -> None:
    """`class-report`: a trainer's view of a folder of sessions."""
    cls = add(
        "class-report",
        cmd_class_report,
        h("一次汇总全班的会话", "a whole class's sessions at once"),
    )
    cls.add_argument(
        "paths",
        nargs="+",
        metavar=h("路径", "PATHS"),
        help=h("会话文件夹和/或会话文件", "folders of sessions and/or session files"),
    )
    cls.add_argument(
        "--format",
        choices=["md", "html", "csv", "xlsx"],
        default="md",
        help=h(
            "输出格式（默认 md；xlsx 需要 --out 文件）",
            "output format (default md; xlsx needs --out FILE)",
        ),
    )
    cls.add_argument(
        "--since",
        type=_iso_date,
        default=None,
        metavar=h("年-月-日", "YYYY-MM-DD"),
        help=h(
            "只汇总在这一天或之后改过的会话", "only sessions last changed on or after this date"
        ),
    )
    cls.add_argument(
        "--anonymise",
        "--anonymize",
        action="store_true",
        help=h(
            "用编号代替姓名和企业名称（学员 1、2 …）",
            "replace names and companies by numbers (Participant 1, 2 …)",
        ),
    )


def _serve_command(add: Any, h: Any, lang: Lang) -> None:
    """`serve`: the interview in browsers."""
    srv = add(
        "serve",
        cmd_serve,
        h("在浏览器里进行访谈（textual-serve）", "run the interview in a browser (textual-serve)"),
        out=False,
    )
    srv.add_argument(
        "--host",
        default="127.0.0.1",
        metavar=h("地址", "HOST"),
        help=h("监听地址（默认 127.0.0.1）", "address to listen on (default 127.0.0.1)"),
    )
    srv.add_argument(
        "--port",
        type=_number(lang),
        default=8000,
        metavar=h("端口", "PORT"),
        help=h("端口（默认 8000）", "port (default 8000)"),
    )
    srv.add_argument(
        "--allow-remote",
        action="store_true",
        help=h(
            "允许非本机地址（没有任何身份验证）", "allow a non-loopback address (NO authentication)"
        ),
    )
    srv.add_argument(
        "--max-sessions",
        type=_number(lang),
        default=None,
        metavar=h("数量", "N"),
        help=h(
            "同时运行的浏览器标签页数（默认：按空闲内存决定）",
            "browser tabs running at once (default: what the free memory carries)",
        ),
    )


def main(argv: Sequence[str] | None = None, app_type: Any = None) -> int:
    """`app_type`: an InterviewerApp subclass to run headless instead (the benchmark's)."""
    _fit_output_encoding()
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = interface_lang(argv)
    with speaking(lang):
        args = build_parser(lang).parse_args(argv)
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
