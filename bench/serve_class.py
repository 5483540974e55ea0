"""A class opening the link together: N websocket clients speaking textual-serve's browser protocol.

`python bench/serve_class.py [-n 30]` starts `interviewer serve` on a free port (its own sessions
folder), opens N connections at the same moment and for each one measures, from opening:
the start screen painted ("新的评估"), then types a name, presses 开始 (Tab x5, Enter) and measures
the first question ("你们企业主要是哪一类"); afterwards every session file must hold the name its
client typed (a key that fell on the wrong field fails the run). Also: the server tree's CPU-seconds, the peak PSS of
the server and all its children (PSS shares pages fairly between forked processes), the load
average before the run. Targets (2-core machine): every start screen <= 3 s, every first question
<= 5 s. The browser's own rendering is not part of it: in a classroom each browser runs on its
trainee's machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START_MARK = "新的评估"
FIRST_MARK = "你们企业主要是哪一类"
ANSI = re.compile(r"\x1b\[[0-9;?<>=$ ]*[A-Za-z~]|\x1b[()][A-Z0-9]|\x1b[=>]")
TARGET_START = 3.0
TARGET_FIRST = 5.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def tree(pid: int) -> list[int]:
    """The process and all its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += children.get(p, [])
    return out


def pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_seconds(pids: list[int]) -> float:
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])) / tick
    return total


async def wait_for_port(port: int, timeout: float = 20) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            _, w = await asyncio.open_connection("127.0.0.1", port)
            w.close()
            return
        except OSError:
            await asyncio.sleep(0.05)
    raise RuntimeError("server did not start")


class Client:
    """One browser tab: the same websocket messages textual.js sends."""

    def __init__(self, session: object, url: str, origin: str) -> None:
        self.session, self.url, self.origin = session, url, origin
        self.text = ""
        self.got = asyncio.Event()
        self.ws: object = None

    async def pump(self) -> None:
        import aiohttp

        async for msg in self.ws:  # type: ignore[attr-defined]
            if msg.type == aiohttp.WSMsgType.BINARY:
                self.text += ANSI.sub("", msg.data.decode("utf-8", "replace"))
                self.got.set()

    async def wait_for(self, mark: str, timeout: float = 120) -> None:
        end = time.monotonic() + timeout
        while mark not in self.text:
            self.got.clear()
            left = end - time.monotonic()
            if left <= 0:
                raise TimeoutError(mark)
            await asyncio.wait_for(self.got.wait(), left)

    async def send(self, keys: str) -> None:
        await self.ws.send_str(json.dumps(["stdin", keys]))  # type: ignore[attr-defined]


async def one(
    session: object, url: str, origin: str, t0: float, name: str, result: dict[str, float]
) -> None:
    """One trainee: waits for the start screen, types a name, Tab x5 to 开始, Enter. A client that
    never sees its first question is counted (and what it saw last is kept), not raised."""
    c = Client(session, url, origin)
    c.ws = await session.ws_connect(  # type: ignore[attr-defined]
        url + "?width=120&height=40", headers={"Origin": origin}
    )
    pump = asyncio.create_task(c.pump())
    result_ws.append((c.ws, pump))
    await c.ws.send_str(json.dumps(["resize", {"width": 120, "height": 40}]))  # type: ignore[attr-defined]
    try:
        await c.wait_for(START_MARK, WAIT)
        result["start"] = time.monotonic() - t0
        await asyncio.sleep(0.3)
        await c.send(name)
        await asyncio.sleep(0.1)
        await c.send("\t" * 5)
        await asyncio.sleep(0.1)
        c.text = ""
        await c.send("\r")
        await c.wait_for(FIRST_MARK, WAIT)
        result["first"] = time.monotonic() - t0
    except TimeoutError:
        lost.append(c.text[-400:])


def names_saved(folder: Path, names: list[str]) -> int:
    """How many of the names typed are the name of a session file in the folder."""
    found = set()
    for path in folder.glob("*.json"):
        try:
            found.add(json.loads(path.read_text(encoding="utf-8")).get("display_name"))
        except (OSError, ValueError):
            continue
    return len(found & set(names))


result_ws: list[tuple[object, asyncio.Task[None]]] = []
lost: list[str] = []
WAIT = 60.0


async def run(n: int, limit_flag: bool = True) -> dict[str, object]:
    import aiohttp

    port = free_port()
    sessions = tempfile.mkdtemp(prefix="serve-bench-")
    cmd = [sys.executable, "-m", "interviewer", "serve", "--port", str(port)]
    cmd += ["--sessions-dir", sessions]
    if limit_flag:  # the code before the limit existed has no such option
        cmd += ["--max-sessions", str(n)]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=sessions
    )
    try:
        await wait_for_port(port)
        await asyncio.sleep(1.0)  # let a preloading server finish its warm-up
        load = os.getloadavg()[0]
        cpu0 = cpu_seconds(tree(proc.pid))
        own0 = cpu_seconds([proc.pid])
        client0 = time.process_time()
        url = f"http://127.0.0.1:{port}"
        results: list[dict[str, float]] = [{} for _ in range(n)]
        names = [f"bench{i:02d}" for i in range(n)]
        peak = 0
        async with aiohttp.ClientSession() as session:
            t0 = time.monotonic()
            tasks = [
                asyncio.create_task(one(session, url + "/ws", url, t0, names[i], results[i]))
                for i in range(n)
            ]
            pending = set(tasks)
            while pending:
                _, pending = await asyncio.wait(pending, timeout=0.25)
                peak = max(peak, sum(pss_kib(p) for p in tree(proc.pid)))
            for t in tasks:
                t.result()
            cpu = cpu_seconds(tree(proc.pid)) - cpu0
            own = cpu_seconds([proc.pid]) - own0
            client_cpu = time.process_time() - client0
            peak = max(peak, sum(pss_kib(p) for p in tree(proc.pid)))
            processes = len(tree(proc.pid))
            for ws, pump in result_ws:
                await ws.close()  # type: ignore[attr-defined]
                pump.cancel()
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
    saved = names_saved(Path(sessions), names)
    starts = sorted(r["start"] for r in results if "start" in r) or [float("inf")]
    firsts = sorted(r["first"] for r in results if "first" in r) or [float("inf")]
    return {
        "n": n,
        "first_reached": sum("first" in r for r in results),
        "names_saved": saved,
        "lost_last_screens": list(lost),
        "load_before": round(load, 2),
        "start_median_s": round(statistics.median(starts), 2),
        "start_max_s": round(starts[-1], 2),
        "first_median_s": round(statistics.median(firsts), 2),
        "first_max_s": round(firsts[-1], 2),
        "server_cpu_s": round(cpu, 1),
        "of_which_web_server_s": round(own, 1),
        "bench_client_cpu_s": round(client_cpu, 1),
        "peak_pss_mb": round(peak / 1024, 1),
        "pss_per_trainee_mb": round(peak / 1024 / n, 1),
        "processes": processes,
        "ok": saved == n and starts[-1] <= TARGET_START and firsts[-1] <= TARGET_FIRST,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=30)
    ap.add_argument("--json", help="also write the figures here")
    ap.add_argument(
        "--no-limit-flag", action="store_true", help="for servers before --max-sessions"
    )
    args = ap.parse_args()
    figures = asyncio.run(run(args.n, not args.no_limit_flag))
    print(json.dumps(figures, ensure_ascii=False, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1), encoding="utf-8")
    return 0 if figures["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
