"""`interviewer serve`: the interview in a browser, one independent app process per browser tab.

A class opens the link at the same moment. textual-serve would start `sh` plus a fresh Python per
tab (0.6-0.85 CPU-seconds each to import Textual, load the bank and paint), so 30 tabs on 2 cores
waited 15-25 s. Here the server imports Textual, the app and the bank once, freezes the collector
and forks a *preloader* before it starts listening; each tab is then one `fork()` of that warm
process (no `sh`, no interpreter start, no imports), which shares its memory copy-on-write.

Also here, because a classroom needs them: a limit on live sessions with a clear page when full,
the websocket's Origin checked (another site's page cannot start sessions), tabs spawned away from
the folder `serve` was started in (a `textual.py` there is not imported), a wrong-code throttle
per client address shared by every tab, a page that loads nothing from the internet, and the
address trainees should open when serving on all interfaces.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import os
import signal
import socket
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from interviewer.config import Config
from interviewer.core.errors import InterviewerError

if TYPE_CHECKING:
    from aiohttp import web

    from interviewer.ui.services import Services

PAGE = Path(__file__).parent / "serve_page.html"
SESSION_MB = 50
"""Memory one tab may grow to over a full training interview (RSS; ~15 MB PSS at the start)."""
RESERVE_MB = 400
"""Memory left for the system, the server and the browser's downloads."""
CHILD_ENV = {
    "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver",
    "TEXTUAL_FPS": "30",
    "TEXTUAL_COLOR_SYSTEM": "truecolor",
    "TERM_PROGRAM": "textual",
}
"""What textual-serve sets for its children (but 30 frames a second: a form, not an animation;
it cut the class's opening burst by about a tenth of its CPU). Textual reads these when it is
imported, so they are set before the preload imports it."""


def is_loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def isolate_imports() -> None:
    """Drop the current folder from the import path: a `textual.py` (or `yaml.py` …) in the folder
    `serve` was started in must not replace the real module in every trainee's process. The folder
    the program itself is imported from stays."""
    import importlib

    own = os.path.realpath(Path(__file__).resolve().parent.parent)
    cwd = os.path.realpath(os.getcwd())
    kept = [p for p in sys.path if os.path.realpath(p or ".") != cwd or cwd == own]
    if kept != sys.path:
        sys.path[:] = kept
        importlib.invalidate_caches()


def default_max_sessions(meminfo: str | None = None) -> int:
    """As many sessions as the available memory carries at `SESSION_MB` each, 4 to 200."""
    if meminfo is None:
        try:
            meminfo = Path("/proc/meminfo").read_text(encoding="ascii")
        except OSError:
            return 40
    for line in meminfo.splitlines():
        if line.startswith("MemAvailable:"):
            available_mb = int(line.split()[1]) // 1024
            return max(4, min(200, (available_mb - RESERVE_MB) // SESSION_MB))
    return 40


def lan_address() -> str | None:
    """The address other machines reach this one at (no packet is sent: a UDP socket's connect
    only picks the outgoing interface)."""
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.connect(("10.255.255.255", 1))
        address = str(s.getsockname()[0])
        if not address.startswith("0."):
            return address
    return None


def public_url(host: str, port: int) -> str:
    """The address to print and to give textual-serve: the LAN address when listening on all."""
    if host in ("0.0.0.0", "::", ""):
        host = lan_address() or socket.gethostname()
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


# -- the preloader ------------------------------------------------------------------------------


class Preloader:
    """A warm process (Textual, the app and the bank imported, collector frozen) that forks one
    child per tab. The server sends it the tab's three pipe ends over a Unix socket; it answers
    with the child's PID and a pidfd, so the server can end a child that does not quit."""

    def __init__(self, services: Services) -> None:
        import gc

        self.services = services
        parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        sys.stdout.flush()
        sys.stderr.flush()
        gc.freeze()  # everything imported so far is shared with every tab, never rescanned
        self.pid = os.fork()
        if self.pid == 0:  # pragma: no cover - runs in the forked preloader
            parent.close()
            code = 0
            try:
                self._loop(child)
            except BaseException:
                code = 1
            os._exit(code)
        child.close()
        self.sock = parent
        self.lock = asyncio.Lock()

    # in the preloader ------------------------------------------------------------------------

    def _loop(self, sock: socket.socket) -> None:  # pragma: no cover - forked
        import select

        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C stops the server, which stops us
        os.chdir(self.services.sessions_dir)  # tabs run away from the folder serve started in
        children: set[int] = set()
        while True:
            ready, _, _ = select.select([sock], [], [], 1.0)
            self._reap(children)
            if not ready:
                continue
            message, fds, _, _ = socket.recv_fds(sock, 4096, 3)
            if not message:
                break
            request = json.loads(message)
            pid = os.fork()
            if pid == 0:
                sock.close()
                self._child(fds, request)
            for fd in fds:
                os.close(fd)
            children.add(pid)
            pidfd = os.pidfd_open(pid)
            socket.send_fds(sock, [json.dumps({"pid": pid}).encode()], [pidfd])
            os.close(pidfd)
        for pid in children:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGTERM)

    @staticmethod
    def _reap(children: set[int]) -> None:  # pragma: no cover - forked
        for pid in list(children):
            with contextlib.suppress(ChildProcessError):
                done, _ = os.waitpid(pid, os.WNOHANG)
                if done == 0:
                    continue
            children.discard(pid)

    def _child(self, fds: list[int], request: dict[str, Any]) -> None:  # pragma: no cover
        import random
        import traceback
        from dataclasses import replace

        code = 1
        try:
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            for fd, target in zip(fds, (0, 1, 2), strict=True):
                os.dup2(fd, target)
                os.close(fd)
            random.seed()
            os.environ["COLUMNS"] = str(int(request["width"]))
            os.environ["ROWS"] = str(int(request["height"]))
            from interviewer.ui.app import InterviewerApp
            from interviewer.ui.throttle import CodeThrottle

            base = self.services
            throttle = CodeThrottle(base.throttle.folder, str(request["client"]))
            app = InterviewerApp(replace(base, throttle=throttle))
            app.run()
            code = app.return_code or 0
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(code)

    # in the server ---------------------------------------------------------------------------

    def _spawn_blocking(self, fds: list[int], request: dict[str, Any]) -> tuple[int, int]:
        socket.send_fds(self.sock, [json.dumps(request).encode()], fds)
        message, got, _, _ = socket.recv_fds(self.sock, 4096, 1)
        if not message or not got:
            raise RuntimeError("the preloader stopped")
        return int(json.loads(message)["pid"]), got[0]

    async def spawn(self, width: int, height: int, client: str) -> SimpleNamespace:
        """Start one tab's app; its stdin, stdout and stderr as asyncio streams."""
        loop = asyncio.get_running_loop()
        stdin_r, stdin_w = os.pipe()
        stdout_r, stdout_w = os.pipe()
        stderr_r, stderr_w = os.pipe()
        request = {"width": width, "height": height, "client": client}
        try:
            async with self.lock:
                pid, pidfd = await loop.run_in_executor(
                    None, self._spawn_blocking, [stdin_r, stdout_w, stderr_w], request
                )
        finally:
            for fd in (stdin_r, stdout_w, stderr_w):
                os.close(fd)
        stdout = asyncio.StreamReader()
        await loop.connect_read_pipe(
            lambda: asyncio.StreamReaderProtocol(stdout), os.fdopen(stdout_r, "rb", 0)
        )
        stderr = asyncio.StreamReader()
        await loop.connect_read_pipe(
            lambda: asyncio.StreamReaderProtocol(stderr), os.fdopen(stderr_r, "rb", 0)
        )
        transport, protocol = await loop.connect_write_pipe(
            asyncio.streams.FlowControlMixin, os.fdopen(stdin_w, "wb", 0)
        )
        stdin = asyncio.StreamWriter(transport, protocol, None, loop)
        return SimpleNamespace(pid=pid, pidfd=pidfd, stdin=stdin, stdout=stdout, stderr=stderr)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.close()
        with contextlib.suppress(ChildProcessError, OSError):
            os.waitpid(self.pid, 0)


# -- the web server -----------------------------------------------------------------------------


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title>"
        "<style>body{font-family:system-ui,'Noto Sans CJK SC',sans-serif;background:#0c181f;"
        "color:#eee;display:flex;align-items:center;justify-content:center;height:100vh;margin:0}"
        "main{max-width:36em;padding:2em;background:#12232d;line-height:1.6}</style>"
        f"</head><body><main>{body}</main></body></html>"
    )


def full_page(limit: int) -> str:
    return _page(
        "课堂已满 · The class is full",
        f"<h1>课堂已满 · The class is full</h1>"
        f"<p>本服务器同时最多运行 {limit} 个会话，现在都在使用中。请等有人完成后刷新本页，"
        "或请培训老师提高 <code>--max-sessions</code>。</p>"
        f"<p>This server runs at most {limit} sessions at once and all are in use. Reload this "
        "page when someone has finished, or ask the trainer to raise <code>--max-sessions</code>."
        "</p>",
    )


def make_server(
    preloader: Preloader | None,
    host: str,
    port: int,
    url: str,
    allow_remote: bool,
    max_sessions: int,
    title: str,
) -> Any:
    """The textual-serve server with the classroom's rules (a subclass: textual-serve is pinned
    below 2 and these hooks are its public methods)."""
    from aiohttp import WSMsgType, web
    from textual_serve.app_service import AppService
    from textual_serve.server import Server

    class ForkedAppService(AppService):
        """One tab: the app forked from the preloader instead of `sh -c python …`."""

        def __init__(self, client: str, **kwargs: Any) -> None:
            super().__init__("", **kwargs)
            self.client = client
            self.child: SimpleNamespace | None = None

        async def _open_app_process(self, width: int = 80, height: int = 24) -> Any:
            assert preloader is not None
            self.child = child = await preloader.spawn(width, height, self.client)
            self._process = child  # type: ignore[assignment]
            self._stdin = child.stdin
            return child

        def _signal(self, sig: int) -> None:
            if self.child is not None:
                with contextlib.suppress(OSError):
                    signal.pidfd_send_signal(self.child.pidfd, sig)

        async def stop(self) -> None:
            """Ask the app to quit; if it has not gone in 3 s (a half-sent packet, a stuck tab),
            terminate it, then kill it: a closed tab never leaves its process behind."""
            if self._task is None:
                return
            task = self._task
            self._task = None
            await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
            await self.send_meta({"type": "quit"})
            for sig, wait in ((None, 3.0), (signal.SIGTERM, 2.0), (signal.SIGKILL, 5.0)):
                if sig is not None:
                    self._signal(sig)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(asyncio.shield(task), wait)
                    break
            if self.child is not None:
                with contextlib.suppress(Exception):
                    self.child.stdin.close()
                os.close(self.child.pidfd)
                self.child = None

    class ClassServer(Server):
        def __init__(self) -> None:
            super().__init__("interviewer", host=host, port=port, title=title, public_url=url)
            self.max_sessions = max_sessions
            self.active = 0
            self.allow_remote = allow_remote

        def initialize_logging(self) -> None:
            import logging

            logging.basicConfig(level="WARNING", format="%(message)s")

        async def on_startup(self, app: web.Application) -> None:
            print(f"学员请打开 / Trainees open: {url}", file=sys.stderr)
            if not is_loopback(urlsplit(url).hostname or ""):  # other machines open it
                from interviewer import qr

                qr.show(url, sys.stderr)
            print(
                f"最多同时 {self.max_sessions} 个会话 / at most {self.max_sessions} sessions",
                file=sys.stderr,
            )
            print("Ctrl+C 停止 / stops", file=sys.stderr)

        def host_ok(self, request: web.Request) -> bool:
            """On loopback, only loopback host names (a rebound DNS name is another site)."""
            if self.allow_remote:
                return True
            return is_loopback(urlsplit(f"http://{request.host}").hostname or "")

        def origin_ok(self, request: web.Request) -> bool:
            """A browser always sends Origin with a websocket; it must be this page's own."""
            origin = request.headers.get("Origin")
            if origin is None:
                return True  # not a browser: it could send any Origin it liked
            return urlsplit(origin).netloc.lower() == request.host.lower()

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            if not self.host_ok(request):
                return web.Response(status=421, text="Misdirected request")
            if self.active >= self.max_sessions:
                return web.Response(
                    status=503, text=full_page(self.max_sessions), content_type="text/html"
                )
            scheme = "wss" if request.secure else "ws"
            font = max(8, min(40, _int(request.query.get("fontsize", "16"), 16)))
            text = PAGE.read_text(encoding="utf-8")
            text = text.replace("{{ws_url}}", html.escape(f"{scheme}://{request.host}/ws"))
            text = text.replace("{{font_size}}", str(font))
            text = text.replace("{{title}}", html.escape(self.title))
            return web.Response(text=text, content_type="text/html")

        async def _process_messages(self, websocket: web.WebSocketResponse, service: Any) -> None:
            async for message in websocket:
                if message.type != WSMsgType.TEXT:
                    continue
                try:
                    envelope = json.loads(message.data)
                    kind = envelope[0]
                    if kind == "stdin":
                        data = str(envelope[1])
                        if data:  # an empty packet would stall the app's packet reader
                            await service.send_bytes(data.encode("utf-8"))
                    elif kind == "resize":
                        size = envelope[1]
                        await service.set_terminal_size(int(size["width"]), int(size["height"]))
                    elif kind == "ping":
                        await websocket.send_json(["pong", envelope[1]])
                    elif kind == "blur":
                        await service.blur()
                    elif kind == "focus":
                        await service.focus()
                except (ValueError, TypeError, KeyError, IndexError):
                    continue  # a malformed message is ignored, not fatal to the tab

        async def handle_websocket(  # type: ignore[override]
            self, request: web.Request
        ) -> web.StreamResponse:
            if not self.host_ok(request) or not self.origin_ok(request):
                return web.Response(status=403, text="Forbidden: cross-origin websocket")
            websocket = web.WebSocketResponse(heartbeat=15)
            await websocket.prepare(request)
            if self.active >= self.max_sessions:
                notice = (
                    f"\x1b[2J\x1b[H课堂已满：最多同时 {self.max_sessions} 个会话。请稍后刷新。\r\n"
                    f"The class is full ({self.max_sessions} sessions). Reload later.\r\n"
                )
                await websocket.send_bytes(notice.encode("utf-8"))
                await websocket.close()
                return websocket
            width = max(20, min(500, _int(request.query.get("width", "80"), 80)))
            height = max(5, min(200, _int(request.query.get("height", "24"), 24)))
            self.active += 1
            service = ForkedAppService(
                request.remote or "",
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
            )
            try:
                await service.start(width, height)
                await self._process_messages(websocket, service)
            except asyncio.CancelledError:
                await websocket.close()
            except Exception:
                import logging

                logging.getLogger("interviewer.serve").exception("tab failed")
            finally:
                await service.stop()
                self.active -= 1
            return websocket

    return ClassServer()


def _int(value: str, default: int) -> int:
    try:
        return int(value)
    except ValueError:
        return default


def build_services(config: Config, throttle_dir: Path) -> Services:
    from interviewer.runtime import new_id, now, open_bank
    from interviewer.ui.services import Services
    from interviewer.ui.throttle import CodeThrottle

    return Services(
        bank=open_bank(config),
        sessions_dir=config.sessions_dir.resolve(),
        clock=now,
        new_id=new_id,
        language=config.lang,
        mode=config.mode,
        triage_limit=config.triage_limit,
        served=True,
        weights_given=config.weights is not None,
        throttle=CodeThrottle(throttle_dir),
    )


def preload() -> None:
    """Import what every tab needs, so that a fork finds it ready."""
    os.environ.update(CHILD_ENV)
    import textual.drivers.web_driver
    import textual.widgets  # noqa: F401

    import interviewer.ui.app
    import interviewer.ui.screens.interview
    import interviewer.ui.screens.report
    import interviewer.ui.screens.start  # noqa: F401


def warm_up(services: Services) -> None:
    """Run the app once, headless, through its start screen to the first question, in a throwaway
    folder: Textual's parsed stylesheets and render caches then exist before the fork and every
    tab inherits them instead of rebuilding them (that work was most of a tab's start-up)."""
    import shutil
    from dataclasses import replace

    from interviewer.ui.app import InterviewerApp

    folder = Path(tempfile.mkdtemp(prefix="interviewer-warm-"))

    async def drive() -> None:
        app = InterviewerApp(replace(services, sessions_dir=folder))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            app.start_new(
                display_name="warm-up", company="", mode=services.mode, language=services.language
            )
            await pilot.pause()
            await pilot.pause()

    try:
        asyncio.run(drive())
    except Exception:
        pass
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def serve(
    config: Config, host: str, port: int, allow_remote: bool, max_sessions: int | None = None
) -> int:
    if not is_loopback(host) and not allow_remote:
        raise InterviewerError(
            f"refusing to serve on {host}: anyone who can reach that address could use the tool, and "
            "there is no authentication. Use the default 127.0.0.1, or add --allow-remote if this network "
            "is trusted (a classroom behind a firewall).",
            title="Not started",
        )
    if max_sessions is not None and max_sessions < 1:
        raise InterviewerError("--max-sessions must be at least 1", title="Not started")
    if not is_loopback(host):
        print(
            f"WARNING: serving on {host}:{port} with NO authentication. Anyone who can reach this "
            "address can start interviews here. Sessions are only reachable with their resume code.",
            file=sys.stderr,
        )
    try:
        import textual_serve.server  # noqa: F401
    except ImportError:
        raise InterviewerError(
            "textual-serve is not installed: pip install 'interviewer[serve]'", title="Not started"
        ) from None
    limit = max_sessions or default_max_sessions()
    url = public_url(host, port)
    throttle_dir = Path(tempfile.mkdtemp(prefix="interviewer-serve-"))
    services = build_services(config, throttle_dir)
    preload()
    warm_up(services)
    from interviewer.core import storage
    from interviewer.core.store import folder_warnings

    storage.ensure_private_dir(services.sessions_dir)  # made here: private, nothing to warn about

    for warning in folder_warnings(services.sessions_dir):  # trainees never see server paths
        print(f"WARNING: {warning}", file=sys.stderr)
    preloader = Preloader(services)
    server = make_server(
        preloader, host, port, url, allow_remote, limit, "GB/T 27922 售后服务预评估"
    )
    try:
        _serve_forever(server, host)
    finally:
        preloader.close()
        import shutil

        shutil.rmtree(throttle_dir, ignore_errors=True)
    return 0


def _serve_forever(server: Any, host: str) -> None:
    from aiohttp import web

    from interviewer.startup import ready

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, server.request_exit)
    server.initialize_logging()
    ready()
    web.run_app(
        server._make_app(),
        host=host,
        port=server.port,
        handle_signals=False,
        loop=loop,
        print=lambda *args: None,
    )


__all__ = ["default_max_sessions", "is_loopback", "public_url", "serve"]
