"""Command line: parse arguments, call the core, print. The interview UI is imported only when used."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

from interviewer import paths
from interviewer.core import bankload, storage
from interviewer.core.bank import Bank
from interviewer.core.errors import BankError, InterviewerError


def load_bank(path: str | None, weights: str | None) -> Bank:
    bank_path = Path(path) if path else paths.bundled_bank()
    bank = bankload.load_bank(storage.read_bank_files(bank_path), str(bank_path))
    if weights:
        wpath = Path(weights)
        data = storage.read_regular(wpath, storage.BANK_FILE_LIMIT, BankError)
        import hashlib

        bank = bankload.apply_weights(bank, data, str(wpath), hashlib.sha256(data).hexdigest())
    return bank


def _num(x: Fraction) -> str:
    return str(x.numerator) if x.denominator == 1 else f"{float(x):.2f}"


def cmd_bank_check(args: argparse.Namespace) -> int:
    bank = load_bank(args.path, args.weights)
    questions = Counter(q.section for q in bank.questions)
    print(f"bank {bank.id} v{bank.version}: OK  ({bank.source})")
    print(f"  sha256 {bank.sha256}")
    print(f"  groups {len(bank.groups)}, indicators {len(bank.indicators)}, items {len(bank.items)}")
    print("  questions: " + ", ".join(f"{k} {questions[k]}" for k in ("profile", "eligibility", "special", "item")))
    for g in bank.groups:
        items = [i for i in bank.items if i.group == g.id]
        print(f"  {g.id} {g.title.zh} / {g.title.en}: {_num(g.points)} points, "
              f"{len(g.indicator_ids)} indicators, {len(items)} items")
    prov = Counter(i.provenance for i in bank.items)
    print("  items per provenance: " + ", ".join(f"{k} {prov[k]}" for k in
                                                  ("verified", "paraphrased", "certifier_list", "inferred")))
    excl = [i for i in bank.items if i.excludable]
    auto = sum(1 for i in excl if i.exclude_when is not None)
    print(f"  excludable items: {len(excl)} ({auto} by profile answers), sampled items: "
          f"{sum(1 for i in bank.items if i.sampled)}")
    if bank.weights:
        print(f"  weights: {bank.weights.name.en} ({bank.weights.path})")
    else:
        print("  weights: estimated even split below the 40/35/25 groups")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="interviewer",
        description="GB/T 27922-2011 after-sales service pre-assessment interview (商品售后服务评价体系预评估).")
    parser.add_argument("--bank", help="question bank folder or file (default: the bundled bank)")
    parser.add_argument("--weights", help="weight profile replacing the estimated item points")
    parser.add_argument("--sessions-dir", help="folder for session files")
    sub = parser.add_subparsers(dest="command")
    bank = sub.add_parser("bank", help="question bank tools")
    bank_sub = bank.add_subparsers(dest="bank_command", required=True)
    check = bank_sub.add_parser("check", help="validate a bank and print a summary")
    check.add_argument("path", nargs="?", help="bank folder or file (default: the bundled bank)")
    check.add_argument("--weights", dest="weights", default=None)
    check.set_defaults(func=cmd_bank_check)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        func = getattr(args, "func", None)
        if func is None:
            parser.print_help()
            return 0
        return int(func(args))
    except InterviewerError as exc:
        print(f"{exc.title}:", file=sys.stderr)
        print(str(exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
