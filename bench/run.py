"""The benchmark: `python3 dev.py bench`. Prints a table; not part of the test command.

Every figure is a ratio against a reference measured in the same run, interleaved (the machine is
noisy; ratios are stable where absolute times are not):

  start    cold start to the first question on screen   vs a minimal Textual app        target <= 1.2
  resume   resume a 150-answer session to its question   vs the same minimal app         target <= 1.3
  answer   one answer's round trip (exact range included), 1,000 messages shown
                                                          vs the same with 10 messages    target <= 1.2
  save     one save (serialise + atomic write + fsync + backup)
                                                          vs a bare fsync'd atomic write  target <= 2.0
  class    class report over 1,000 sessions, every one re-scored from its answers
                                                          vs reading + parsing the files  target <= 4.0
  class10k the same over 10,000 sessions (the cost must grow linearly)                    target <= 4.0
  bank     bank load and check, cold and cached (absolute ms, for the record)

Options: --quick (fewer repetitions), --json FILE (also write the figures as JSON).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interviewer.core import bankload, engine, sessionfile, storage, store  # noqa: E402
from interviewer.core.bankopen import open_bank  # noqa: E402
from interviewer.core.session import Sampled, Session  # noqa: E402
from interviewer.paths import bundled_bank  # noqa: E402

PY = sys.executable
TARGETS = {"start": 1.2, "resume": 1.3, "answer": 1.2, "save": 2.0, "class": 4.0, "class10k": 4.0}
FIRST = str(ROOT / "bench" / "first_question.py")


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def timed(cmd: list[str], env: dict[str, str]) -> float:
    t = time.perf_counter()
    subprocess.run(
        cmd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
        cwd=ROOT,
    )
    return time.perf_counter() - t


def interleaved(
    a: Callable[[], float], b: Callable[[], float], n: int, warmup: int = 2
) -> tuple[list[float], list[float]]:
    for _ in range(warmup):
        a()
        b()
    xs, ys = [], []
    for i in range(n):
        if i % 2:
            xs.append(a())
            ys.append(b())
        else:
            ys.append(b())
            xs.append(a())
    return xs, ys


def full_session(bank, answers: int, sid: str = "b" * 32) -> Session:  # type: ignore[no-untyped-def]
    s = engine.new_session(
        bank, session_id=sid, now="2026-11-23T10:00:00+08:00", display_name="bench"
    )
    n = 0
    while n < answers:
        q = engine.next_question(bank, s)
        if q is None:
            break
        value = (
            Sampled(8, 10)
            if q.type == "sampled"
            else q.options[n % len(q.options)].value
            if q.options
            else 3
        )
        if q.id == "p.delivery" or q.id == "p.installation":
            value = "yes"
        s = engine.set_value(bank, s, q.id, value, "2026-11-23T10:00:00+08:00")
        n += 1
    return s


def bench_start(work: Path, env: dict[str, str], n: int) -> dict[str, float]:
    minimal = [PY, str(ROOT / "bench" / "minimal_app.py")]
    app = [PY, FIRST, "--sessions-dir", str(work / "start"), "--name", "bench"]
    xs, ys = interleaved(lambda: timed(app, env), lambda: timed(minimal, env), n)
    return {"value": median_ms(xs), "reference": median_ms(ys)}


def bench_resume(work: Path, env: dict[str, str], bank, n: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    folder = work / "resume"
    storage.ensure_private_dir(folder)
    s = full_session(bank, 150)
    path = folder / f"{s.id}.json"
    storage.write_new(path, sessionfile.dumps(s))
    minimal = [PY, str(ROOT / "bench" / "minimal_app.py")]
    app = [PY, FIRST, "--resume", str(path)]
    xs, ys = interleaved(lambda: timed(app, env), lambda: timed(minimal, env), n)
    return {"value": median_ms(xs), "reference": median_ms(ys), "answers": len(s.answers)}


def bench_answer(work: Path, bank, rounds: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    from interviewer.ui.app import make_app
    from interviewer.ui.screens.interview import InterviewScreen
    from interviewer.ui.services import Services
    from interviewer.ui.widgets.transcript import Transcript

    async def measure(prefill: int) -> list[float]:
        ids = iter(f"{n:032x}" for n in range(1, 10**6))
        services = Services(
            bank=bank,
            sessions_dir=work / f"answer-{prefill}",
            clock=lambda: "t",
            new_id=lambda: next(ids),
            start={"display_name": "bench"},
        )
        app = make_app(services)
        times = []
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, InterviewScreen)
            log = screen.query_one(Transcript)
            for i in range(prefill):
                if i % 2:
                    log.ask(
                        f"5.1.{i} 历史", f"历史问题 {i}：" + "售后服务" * 10, ["1. 有", "2. 没有"]
                    )
                else:
                    log.user(f"历史回答 {i}")
            await pilot.pause()
            for _ in range(rounds):
                q = screen.talk.current
                assert q is not None
                reply = "1" if q.type == "choice" else "8/10" if q.type == "sampled" else "3"
                t = time.perf_counter()
                screen.render_events(
                    screen.talk.submit(reply)
                )  # submit → saved → next question written
                await pilot.pause()  # … and painted
                times.append(time.perf_counter() - t)
                while len(app.screen_stack) > 2:  # an end-of-group recap card: dismiss it
                    app.pop_screen()
                    await pilot.pause()
        return times

    small = asyncio.run(measure(10))
    large = asyncio.run(measure(1000))
    return {"value": median_ms(large), "reference": median_ms(small)}


def bench_save(work: Path, bank, n: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    folder = work / "save"
    storage.ensure_private_dir(folder)
    s = full_session(bank, 150, "c" * 32)
    opened = store.create(bank, folder / f"{s.id}.json", s, lambda: "t")
    bare = folder / "bare.json"
    data = sessionfile.dumps(s)
    qid = next(iter(s.answers))

    def save() -> float:
        # what the interview does after an answer: serialise, keep the old file as .bak, write
        # atomically with fsync (no schema check: the serialiser is proven by a property test)
        changed = engine.set_note(opened.session, qid, f"note {time.perf_counter()}", "t")
        t = time.perf_counter()
        opened.save(changed)
        return time.perf_counter() - t

    def plain() -> float:
        t = time.perf_counter()
        storage.atomic_write(bare, data)  # the same bytes, temp + fsync + replace + folder fsync
        return time.perf_counter() - t

    xs, ys = interleaved(save, plain, n)
    opened.close()
    return {"value": median_ms(xs), "reference": median_ms(ys), "bytes": len(data)}


def class_folder(work: Path, bank, n: int) -> Path:  # type: ignore[no-untyped-def]
    folder = work / f"class-{n}"
    storage.ensure_private_dir(folder)
    base = [full_session(bank, k, f"{k:032x}") for k in (60, 90, 120, 150, 170)]
    for i in range(n):
        s = base[i % len(base)]
        s = Session(**{**s.__dict__, "id": f"{i + 1:032x}", "display_name": f"学员{i}"})
        storage.write_new(folder / f"{s.id}.json", sessionfile.dumps(s))
    return folder


def bench_class(work: Path, bank, n: int, reps: int = 3) -> dict[str, float]:  # type: ignore[no-untyped-def]
    from interviewer.cli import main as cli_main

    folder = class_folder(work, bank, n)
    files = storage.list_files(folder)

    def report() -> float:
        # as the console script runs a batch command: the cycle collector paused throughout
        import gc

        gc.disable()
        t = time.perf_counter()
        with open(os.devnull, "w") as sink:
            old = sys.stdout
            sys.stdout = sink
            try:
                cli_main(["class-report", str(folder)])
            finally:
                sys.stdout = old
        elapsed = time.perf_counter() - t
        gc.enable()
        return elapsed

    def parse_only() -> float:
        t = time.perf_counter()
        for f in files:
            json.loads(f.read_bytes())
        return time.perf_counter() - t

    xs, ys = interleaved(report, parse_only, reps, warmup=1)
    return {"value": median_ms(xs), "reference": median_ms(ys), "sessions": len(files)}


def bench_bank(n: int) -> dict[str, float]:
    files = storage.read_bank_files(bundled_bank())
    cold = []
    for _ in range(n):
        t = time.perf_counter()
        bankload.load_bank(files, "bank")
        cold.append(time.perf_counter() - t)
    with tempfile.TemporaryDirectory() as d:
        cache = storage.BankCache(Path(d))
        bankload.load_bank_cached(files, "bank", cache, storage.code_fingerprint())
        warm = []
        for _ in range(n * 5):
            t = time.perf_counter()
            bankload.load_bank_cached(files, "bank", cache, storage.code_fingerprint())
            warm.append(time.perf_counter() - t)
    return {"cold": median_ms(cold), "cached": median_ms(warm)}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", help="also write the figures here")
    args = parser.parse_args()
    reps = 5 if args.quick else 15
    work = Path(tempfile.mkdtemp(prefix="interviewer-bench-"))
    env = {
        **os.environ,
        "INTERVIEWER_CACHE_DIR": str(work / "cache"),
        "PYTHONDONTWRITEBYTECODE": "",
    }
    env.pop("PYTHONDONTWRITEBYTECODE")
    subprocess.run(
        [PY, "-m", "compileall", "-q", str(ROOT / "interviewer"), str(ROOT / "bench")], check=True
    )
    bank = open_bank(bundled_bank())
    results: dict[str, dict[str, float]] = {}
    try:
        print("measuring start ...", file=sys.stderr)
        results["start"] = bench_start(work, env, reps)
        print("measuring resume ...", file=sys.stderr)
        results["resume"] = bench_resume(work, env, bank, reps)
        print("measuring answer round trip ...", file=sys.stderr)
        results["answer"] = bench_answer(work, bank, 20 if args.quick else 40)
        print("measuring save ...", file=sys.stderr)
        results["save"] = bench_save(work, bank, 30 if args.quick else 100)
        print("measuring class report ...", file=sys.stderr)
        results["class"] = bench_class(work, bank, 1000)
        print("measuring class report over 10,000 ...", file=sys.stderr)
        results["class10k"] = bench_class(work, bank, 10_000, reps=1)
        print("measuring bank load ...", file=sys.stderr)
        results["bank"] = bench_bank(3 if args.quick else 5)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    rows = [
        ("start", "cold start → first question", "minimal Textual app"),
        ("resume", "resume 150 answers → question", "minimal Textual app"),
        ("answer", "answer round trip @1,000 msgs", "same @10 msgs"),
        ("save", "save (write+fsync+backup)", "bare atomic write"),
        ("class", "class report, 1,000 re-scored", "read + json.loads"),
        ("class10k", "class report, 10,000 re-scored", "read + json.loads"),
    ]
    print(f"\n{'measure':<32}{'ms':>9}{'reference':>22}{'ms':>9}{'ratio':>8}{'target':>8}  ")
    failed = False
    for key, what, ref in rows:
        r = results[key]
        ratio = r["value"] / r["reference"]
        ok = ratio <= TARGETS[key]
        failed |= not ok
        r["ratio"] = ratio
        print(
            f"{what:<32}{r['value']:>9.1f}{ref:>22}{r['reference']:>9.1f}{ratio:>8.2f}{'≤' + str(TARGETS[key]):>8}  "
            f"{'ok' if ok else 'MISSED'}"
        )
    print(
        f"{'bank load (cold / cached)':<32}{results['bank']['cold']:>9.1f}{'':>22}{results['bank']['cached']:>9.1f}"
    )
    per = [results[k]["value"] / results[k]["sessions"] for k in ("class", "class10k")]
    print(f"{'class report ms per session (1k / 10k)':<40}{per[0]:>9.3f}{per[1]:>9.3f}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
