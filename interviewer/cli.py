"""Command line: parse arguments, call the core, print. The interview UI is imported only when used."""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from interviewer import paths
from interviewer.core import bankload, storage
from interviewer.core.bank import Bank
from interviewer.core.errors import BankError, InterviewerError
from interviewer.core.session import valid_id
from interviewer.core.text import Lang
from interviewer.launch import collection_paused, ready

if TYPE_CHECKING:
    from interviewer.core.session import Session
    from interviewer.ui.services import Services


def load_bank(path: str | None, weights: str | None) -> Bank:
    bank_path = Path(path) if path else paths.bundled_bank()
    files = storage.read_bank_files(bank_path)
    cache = (
        storage.BankCache(paths.cache_dir())
        if os.environ.get("INTERVIEWER_NO_CACHE") != "1"
        else None
    )
    bank = bankload.load_bank_cached(files, str(bank_path), cache, storage.code_fingerprint())
    if weights:
        wpath = Path(weights)
        data = storage.read_regular(wpath, storage.BANK_FILE_LIMIT, BankError)
        import hashlib

        bank = bankload.apply_weights(bank, data, str(wpath), hashlib.sha256(data).hexdigest())
    return bank


def _num(x: Fraction) -> str:
    return str(x.numerator) if x.denominator == 1 else f"{float(x):.2f}"


def cmd_bank_check(args: argparse.Namespace) -> int:
    bank = load_bank(args.path or args.bank, args.weights)  # `--bank B bank check` works too
    questions = Counter(q.section for q in bank.questions)
    print(f"bank {bank.id} v{bank.version}: OK  ({bank.source})")
    print(f"  sha256 {bank.sha256}")
    print(
        f"  groups {len(bank.groups)}, indicators {len(bank.indicators)}, items {len(bank.items)}"
    )
    print(
        "  questions: "
        + ", ".join(f"{k} {questions[k]}" for k in ("profile", "eligibility", "special", "item"))
    )
    for g in bank.groups:
        items = [i for i in bank.items if i.group == g.id]
        print(
            f"  {g.id} {g.title.zh} / {g.title.en}: {_num(g.points)} points, "
            f"{len(g.indicator_ids)} indicators, {len(items)} items"
        )
    prov = Counter(i.provenance for i in bank.items)
    print(
        "  items per provenance: "
        + ", ".join(
            f"{k} {prov[k]}" for k in ("verified", "paraphrased", "certifier_list", "inferred")
        )
    )
    excl = [i for i in bank.items if i.excludable]
    auto = sum(1 for i in excl if i.exclude_when is not None)
    print(
        f"  excludable items: {len(excl)} ({auto} by profile answers), sampled items: "
        f"{sum(1 for i in bank.items if i.sampled)}"
    )
    if bank.weights:
        print(f"  weights: {bank.weights.name.en} ({bank.weights.path})")
    else:
        print("  weights: estimated even split below the 40/35/25 groups")
    return 0


def _now() -> str:
    import datetime as dt

    return dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds")


def _new_id() -> str:
    import secrets

    return secrets.token_hex(16)


def _session_path(arg: str, folder: Path) -> Path:
    """A session given as a path, or as the id of a file in the sessions folder."""
    from interviewer.core.session import valid_id

    if valid_id(arg) and not Path(arg).exists():
        return folder / f"{arg}.json"
    return Path(arg)


def _read_answers(path: Path) -> dict[str, str]:
    from interviewer.core import yamlsafe

    data = storage.read_regular(path, storage.BANK_FILE_LIMIT, BankError)
    doc = yamlsafe.load(yamlsafe.decode(data, str(path)), str(path))
    if not isinstance(doc.data, dict):
        raise BankError(f"{path}:1:1: expected a mapping of question id → answer")
    out: dict[str, str] = {}
    for key, value in doc.data.items():
        if isinstance(value, dict | list) or value is None:
            raise BankError(
                f"{doc.where((key,))}: the answer to {key} should be text as a user would type it"
            )
        # YAML reads `no` as false and `3` as a number: use the text exactly as written
        out[str(key)] = value if isinstance(value, str) else doc.raw.get((key,), str(value))
    return out


def cmd_run(args: argparse.Namespace) -> int:
    from interviewer.core import engine, workspace
    from interviewer.core.errors import InvalidAnswer

    bank = load_bank(args.bank, args.weights)
    answers = _read_answers(Path(args.answers))
    unknown = [k for k in answers if not bank.has_question(k)]
    if unknown:
        raise BankError([f"{args.answers}: unknown question id '{k}'" for k in unknown])
    lang: Lang = "en" if args.lang == "en" else "zh"
    s = engine.new_session(
        bank,
        session_id=_new_id(),
        now=_now(),
        display_name=args.name or "",
        company=args.company or "",
        mode=args.mode,
        language=lang,
        triage_limit=args.triage_limit,
    )
    problems = []
    for q in bank.questions:  # asking order, so branches open before their follow-ups
        if q.id in answers:
            try:
                s = engine.record(bank, s, q.id, answers[q.id], _now())
            except InvalidAnswer as exc:
                problems.append(f"{args.answers}: {q.id} = {answers[q.id]!r}: {exc}")
    if problems:
        raise InvalidAnswer("\n".join(problems) + "\nNothing was written.")
    if args.out:
        out = Path(args.out)
        s = replace(s, id=out.stem if valid_id(out.stem) else s.id)
        storage.ensure_private_dir(out.parent)
        storage.write_new(out, workspace.encode(bank, replace(s, revision=1)))
    else:
        folder = paths.sessions_dir(args.sessions_dir)
        opened = workspace.create(
            bank,
            folder,
            session_id=s.id,
            clock=_now,
            display_name=s.display_name,
            company=s.company,
            mode=s.mode,
            language=s.language,
            triage_limit=s.triage_limit,
        )
        try:
            opened.save(replace(opened.session, answers=s.answers))
        finally:
            opened.close()
        out = opened.path
    p = engine.progress(bank, s)
    print(f"{out}")
    print(
        f"answered {p.answered}, skipped {p.skipped}, still to ask {p.remaining}", file=sys.stderr
    )
    return 0


def _load_for_report(args: argparse.Namespace) -> tuple[Bank, Session, Path]:
    from interviewer.core import workspace

    path = _session_path(args.session, paths.sessions_dir(args.sessions_dir))
    s, _ = workspace.read(path)
    bank = load_bank(args.bank, args.weights)
    s, warnings = workspace.repin(bank, s)
    for w in warnings:
        print(f"note: {w}", file=sys.stderr)
    return bank, s, path


def cmd_report(args: argparse.Namespace) -> int:
    from interviewer.core import report
    from interviewer.export import render

    bank, s, _ = _load_for_report(args)
    lang = args.lang or s.language
    data = report.build(bank, s, "en" if lang == "en" else "zh")
    text = render(args.format, data)
    if args.out:
        storage.write_new(Path(args.out), text.encode())
        print(args.out)
    else:
        sys.stdout.write(text)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from interviewer.core import engine

    bank, s, path = _load_for_report(args)
    p = engine.progress(bank, s)
    print(
        f"{path}: valid session (format 2), {len(s.answers)} answers, "
        f"{p.answered}/{p.total} answered, revision {s.revision}"
    )
    if s.orphaned:
        print(f"  {len(s.orphaned)} orphaned answer(s) kept: {', '.join(sorted(s.orphaned))}")
    return 0


def cmd_sessions(args: argparse.Namespace) -> int:
    from interviewer.core import workspace
    from interviewer.core.figures import score_text, stored_score
    from interviewer.core.labels import tier

    folder = paths.sessions_dir(args.sessions_dir)
    rows = workspace.list_sessions(folder)
    if not rows:
        print(f"no sessions in {folder}")
        return 0
    for row in rows:
        if row.problem:
            print(f"{row.id}  DAMAGED: {row.problem}")
            continue
        sm = row.summary
        name = row.display_name or row.company or "(no name)"
        progress = f"{sm.get('answered', 0)}/{sm.get('total', 0)}"
        if sm.get("complete"):
            result = f"{score_text(stored_score(sm, 'score'))} {tier(sm.get('tier', 'fail'), 'en')}"
        else:
            low, high = stored_score(sm, "min"), stored_score(sm, "max", 100)
            result = f"{score_text(low)}–{score_text(high)}"
        print(
            f"{row.id}  {name[:30]:30}  {row.mode:8}  {progress:>7}  {result:22}  {row.updated_at}"
        )
    return 0


def _read_session(arg: str, args: argparse.Namespace) -> Session:
    from interviewer.core import workspace

    s, _ = workspace.read(_session_path(arg, paths.sessions_dir(args.sessions_dir)))
    return s


def _emit(text: str, out: str | None) -> int:
    if out:
        storage.write_new(Path(out), text.encode())
        print(out)
    else:
        sys.stdout.write(text)
    return 0


def cmd_checklist(args: argparse.Namespace) -> int:
    from interviewer.core import checklist

    bank, s, _ = _load_for_report(args)
    return _emit(
        checklist.render(bank, s, "en" if (args.lang or s.language) == "en" else "zh"), args.out
    )


def cmd_compare(args: argparse.Namespace) -> int:
    from interviewer.core import compare, workspace

    bank = load_bank(args.bank, args.weights)
    old, _ = workspace.repin(bank, _read_session(args.old, args))
    new, _ = workspace.repin(bank, _read_session(args.new, args))
    return _emit(compare.render(bank, old, new, args.lang or new.language), args.out)


def cmd_class_report(args: argparse.Namespace) -> int:
    from interviewer.core import classreport, workspace
    from interviewer.core.errors import SessionError
    from interviewer.export import classreport as render_class

    bank = load_bank(args.bank, args.weights)
    files: list[Path] = []
    for arg in args.paths:
        p = Path(arg)
        files += storage.list_files(p) if p.is_dir() else [p]
    if not files:
        raise SessionError(f"no session files found in {', '.join(args.paths)}")
    docs, problems = [], []
    with collection_paused():
        for f in files:
            try:
                docs.append(workspace.read_doc(f))
            except InterviewerError as exc:
                problems.append(f"{f}: {str(exc).splitlines()[0]}")
        data = classreport.build(bank, docs, problems)
    lang: Lang = "en" if args.lang == "en" else "zh"
    text = {"md": render_class.markdown, "csv": render_class.csv_text, "html": render_class.html}[
        args.format
    ](data, lang)
    for line in problems:
        print(f"skipped: {line}", file=sys.stderr)
    return _emit(text, args.out)


def is_loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def cmd_serve(args: argparse.Namespace) -> int:
    """The interview in a browser: one independent app process per browser connection."""
    import shlex

    if not is_loopback(args.host) and not args.allow_remote:
        raise InterviewerError(
            f"refusing to serve on {args.host}: anyone who can reach that address could use the tool, and "
            "there is no authentication. Use the default 127.0.0.1, or add --allow-remote if this network "
            "is trusted (a classroom behind a firewall).",
            title="Not started",
        )
    load_bank(args.bank, args.weights)  # fail now, not in every browser tab
    if not is_loopback(args.host):
        print(
            f"WARNING: serving on {args.host}:{args.port} with NO authentication. Anyone who can reach this "
            "address can start interviews here. Sessions are only reachable with their resume code.",
            file=sys.stderr,
        )
    try:
        from textual_serve.server import Server
    except ImportError:
        raise InterviewerError(
            "textual-serve is not installed: pip install 'interviewer[serve]'", title="Not started"
        ) from None
    command = [
        sys.executable,
        "-m",
        "interviewer",
        "--served",
        "--sessions-dir",
        str(paths.sessions_dir(args.sessions_dir).resolve()),
    ]
    if args.bank:
        command += ["--bank", str(Path(args.bank).resolve())]
    if args.weights:
        command += ["--weights", str(Path(args.weights).resolve())]
    server = Server(
        shlex.join(command), host=args.host, port=args.port, title="GB/T 27922 售后服务预评估"
    )
    print(f"serving on http://{args.host}:{args.port}  (Ctrl+C stops)", file=sys.stderr)
    ready()
    server.serve()
    return 0


def cmd_locate(args: argparse.Namespace) -> int:
    print(f"bank      {paths.bundled_bank()}")
    print(f"sessions  {paths.sessions_dir(args.sessions_dir)}")
    return 0


def _services(args: argparse.Namespace) -> Services:
    from interviewer.ui.services import Services

    resume = None
    if args.resume:
        resume = _session_path(args.resume, paths.sessions_dir(args.sessions_dir))
    return Services(
        bank=load_bank(args.bank, args.weights),
        sessions_dir=paths.sessions_dir(args.sessions_dir),
        clock=_now,
        new_id=_new_id,
        language="en" if args.lang == "en" else "zh",
        mode=args.mode,
        triage_limit=args.triage_limit,
        resume=None if args.served else resume,
        served=args.served,
        exit_after_first_question=args.exit_after_first_question,
        start=None
        if args.served or not (args.name or args.company)
        else {
            "display_name": args.name or "",
            "company": args.company or "",
            "mode": args.mode,
            "language": "en" if args.lang == "en" else "zh",
        },
    )


def cmd_interview(args: argparse.Namespace) -> int:
    """The default command: the chat-style interview (Textual), or --plain on stdin/stdout."""
    if args.plain:
        from interviewer import plain
        from interviewer.core import workspace

        bank = load_bank(args.bank, args.weights)
        folder = paths.sessions_dir(args.sessions_dir)
        if args.resume:
            opened = workspace.open_for_writing(bank, _session_path(args.resume, folder), _now)
        else:
            opened = workspace.create(
                bank,
                folder,
                session_id=_new_id(),
                clock=_now,
                display_name=args.name or "",
                company=args.company or "",
                mode=args.mode,
                language="en" if args.lang == "en" else "zh",
                triage_limit=args.triage_limit,
            )
        ready()
        try:
            return plain.run(opened, new_id=_new_id)
        finally:
            opened.close()
    from interviewer.ui.app import make_app

    app = make_app(_services(args))
    app.run(headless=args.exit_after_first_question)
    return app.return_code or 0


def _interview_parser() -> argparse.ArgumentParser:
    """The top level alone: the interview's options (most starts use nothing else)."""
    parser = argparse.ArgumentParser(
        prog="interviewer",
        description="GB/T 27922-2011 after-sales service pre-assessment interview (商品售后服务评价体系预评估).",
    )
    parser.add_argument("--bank", help="question bank folder or file (default: the bundled bank)")
    parser.add_argument("--weights", help="weight profile replacing the estimated item points")
    parser.add_argument("--sessions-dir", help="folder for session files")
    parser.add_argument(
        "--plain", action="store_true", help="line-by-line chat on stdin/stdout (no full-screen UI)"
    )
    parser.add_argument("--resume", help="session file or id to continue")
    parser.add_argument("--mode", choices=["full", "training", "triage"], default="full")
    parser.add_argument(
        "--triage-limit", type=int, default=25, help="questions asked in triage mode (default 25)"
    )
    parser.add_argument("--lang", choices=["zh", "en"], default="zh")
    parser.add_argument("--name", help="display name for a new session")
    parser.add_argument("--company", help="company name for a new session")
    parser.add_argument("--served", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--exit-after-first-question", action="store_true", help=argparse.SUPPRESS)
    parser.set_defaults(func=cmd_interview, command=None)
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = _interview_parser()
    sub = parser.add_subparsers(dest="command")
    bank = sub.add_parser("bank", help="question bank tools")
    bank_sub = bank.add_subparsers(dest="bank_command", required=True)
    check = bank_sub.add_parser("check", help="validate a bank and print a summary")
    check.add_argument("path", nargs="?", help="bank folder or file (default: the bundled bank)")
    check.add_argument("--weights", dest="weights", default=argparse.SUPPRESS)
    check.set_defaults(func=cmd_bank_check)

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--bank", default=argparse.SUPPRESS, help="question bank folder or file")
    common.add_argument("--weights", default=argparse.SUPPRESS, help="weight profile")
    common.add_argument(
        "--sessions-dir", default=argparse.SUPPRESS, help="folder for session files"
    )

    run = sub.add_parser(
        "run", parents=[common], help="scripted interview from a YAML/JSON answers file"
    )
    run.add_argument(
        "--answers", required=True, help="map of question id → answer as a user would type it"
    )
    run.add_argument("--mode", choices=["full", "training", "triage"], default="full")
    run.add_argument("--triage-limit", type=int, default=25)
    run.add_argument(
        "--out", help="write the session here (default: a new file in the sessions folder)"
    )
    run.add_argument("--name", help="display name")
    run.add_argument("--company", help="company name")
    run.add_argument("--lang", choices=["zh", "en"], default="zh")
    run.set_defaults(func=cmd_run)

    rep = sub.add_parser("report", parents=[common], help="print or export a session's report")
    rep.add_argument("session", help="session file or id")
    rep.add_argument("--format", choices=["json", "md", "html", "csv"], default="md")
    rep.add_argument("--lang", choices=["zh", "en"], default=None)
    rep.add_argument("--out", help="write to this file instead of standard output")
    rep.set_defaults(func=cmd_report)

    val = sub.add_parser("validate", parents=[common], help="check a session file")
    val.add_argument("session", help="session file or id")
    val.set_defaults(func=cmd_validate)

    lst = sub.add_parser("sessions", parents=[common], help="list sessions")
    lst.set_defaults(func=cmd_sessions)
    chk = sub.add_parser(
        "checklist", parents=[common], help="documents and records to prepare before applying"
    )
    chk.add_argument("session", help="session file or id")
    chk.add_argument("--lang", choices=["zh", "en"], default=None)
    chk.add_argument("--out", help="write to this file instead of standard output")
    chk.set_defaults(func=cmd_checklist)

    cmp_ = sub.add_parser("compare", parents=[common], help="what changed between two sessions")
    cmp_.add_argument("old")
    cmp_.add_argument("new")
    cmp_.add_argument("--lang", choices=["zh", "en"], default=None)
    cmp_.add_argument("--out")
    cmp_.set_defaults(func=cmd_compare)

    cls = sub.add_parser("class-report", parents=[common], help="a whole class's sessions at once")
    cls.add_argument("paths", nargs="+", help="folders of sessions and/or session files")
    cls.add_argument("--format", choices=["md", "html", "csv"], default="md")
    cls.add_argument("--lang", choices=["zh", "en"], default="zh")
    cls.add_argument("--out")
    cls.set_defaults(func=cmd_class_report)

    srv = sub.add_parser(
        "serve", parents=[common], help="run the interview in a browser (textual-serve)"
    )
    srv.add_argument("--host", default="127.0.0.1")
    srv.add_argument("--port", type=int, default=8000)
    srv.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow a non-loopback address (there is NO authentication)",
    )
    srv.set_defaults(func=cmd_serve)

    loc = sub.add_parser("locate", parents=[common], help="print where the bank and sessions are")
    loc.set_defaults(func=cmd_locate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = None
    if not {"-h", "--help"} & set(argv):
        # the ten subcommands' parsers cost a hundredth of the start-up: build them only when
        # the arguments are not the interview's own
        known, rest = _interview_parser().parse_known_args(argv)
        args = None if rest else known
    if args is None:
        args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except InterviewerError as exc:
        print(f"{exc.title}:", file=sys.stderr)
        print(str(exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `interviewer ... | head`: the reader left; that is not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
