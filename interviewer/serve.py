"""`interviewer serve`: the interview in a browser, one independent app process per connection."""

from __future__ import annotations

import shlex
import sys

from interviewer.config import Config
from interviewer.core.errors import InterviewerError
from interviewer.startup import ready


def is_loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(config: Config, host: str, port: int, allow_remote: bool) -> int:
    if not is_loopback(host) and not allow_remote:
        raise InterviewerError(
            f"refusing to serve on {host}: anyone who can reach that address could use the tool, and "
            "there is no authentication. Use the default 127.0.0.1, or add --allow-remote if this network "
            "is trusted (a classroom behind a firewall).",
            title="Not started",
        )
    if not is_loopback(host):
        print(
            f"WARNING: serving on {host}:{port} with NO authentication. Anyone who can reach this "
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
        str(config.sessions_dir.resolve()),
        "--bank",
        str(config.bank.resolve()),
    ]
    if config.weights:
        command += ["--weights", str(config.weights.resolve())]
    server = Server(shlex.join(command), host=host, port=port, title="GB/T 27922 售后服务预评估")
    print(f"serving on http://{host}:{port}  (Ctrl+C stops)", file=sys.stderr)
    ready()
    server.serve()
    return 0
