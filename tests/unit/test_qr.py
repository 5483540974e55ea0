"""The address as a QR code: the drawing holds exactly the code's modules, light on dark whatever
the terminal's colours; it is printed to a terminal when serving to other machines, never to a
log and never for a loopback address."""

from __future__ import annotations

import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

segno = pytest.importorskip("segno")

from interviewer import qr  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
URL = "http://192.168.1.20:8000"
BACK = {"█": (0, 0), "▀": (0, 1), "▄": (1, 0), " ": (1, 1)}


def _modules(drawn: list[str]) -> list[list[int]]:
    rows: list[list[int]] = []
    for line in drawn:
        assert line.startswith(qr.LIGHT_ON_DARK) and line.endswith(qr.RESET)
        body = line[len(qr.LIGHT_ON_DARK) : -len(qr.RESET)]
        rows.append([BACK[ch][0] for ch in body])
        rows.append([BACK[ch][1] for ch in body])
    return rows


def test_the_drawing_is_the_code_with_a_light_quiet_zone() -> None:
    drawn = qr.lines(URL)
    expected = [
        [int(bool(b)) for b in row]
        for row in segno.make(URL, error="m", micro=False).matrix_iter(scale=1, border=2)
    ]
    got = _modules(drawn)
    assert got[: len(expected)] == expected
    assert all(bit == 0 for row in got[len(expected) :] for bit in row)  # padding is light
    assert set(drawn[0][len(qr.LIGHT_ON_DARK) : -len(qr.RESET)]) == {"█"}  # quiet zone: light
    assert len(drawn) <= 20 and len(expected[0]) <= 40  # fits beside an 80-column terminal's text


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_printed_to_a_terminal_but_not_to_a_log() -> None:
    log = io.StringIO()
    qr.show(URL, log)
    assert log.getvalue() == ""
    term = _Terminal()
    qr.show(URL, term)
    out = term.getvalue().splitlines()
    assert out[0] == "手机或电脑摄像头扫码打开 / Scan to open:"
    assert out[1:] == qr.lines(URL)


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve_banner(tmp_path: Path, *host: str) -> str:
    """What `serve` prints on a real terminal (a pty) until it is ready."""
    pytest.importorskip("textual_serve")
    primary, secondary = os.openpty()
    port = _port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "interviewer", "serve", "--port", str(port), *host]
        + ["--sessions-dir", str(tmp_path / "sessions")],
        cwd=tmp_path,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        stdin=subprocess.DEVNULL,
        stdout=secondary,
        stderr=secondary,
    )
    os.close(secondary)
    out = b""
    end = time.monotonic() + 60
    try:
        while b"Ctrl+C" not in out and time.monotonic() < end:
            try:
                chunk = os.read(primary, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(20)
        os.close(primary)
    return out.decode("utf-8", "replace").replace("\r\n", "\n")


def test_serving_a_class_prints_the_code_of_the_address_trainees_open(tmp_path: Path) -> None:
    text = _serve_banner(tmp_path, "--host", "0.0.0.0", "--allow-remote")
    url = re.search(r"Trainees open: (\S+)", text)
    assert url is not None and "0.0.0.0" not in url.group(1)
    assert "Scan to open" in text
    assert "\n".join(qr.lines(url.group(1))) in text


def test_serving_on_loopback_prints_no_code(tmp_path: Path) -> None:
    text = _serve_banner(tmp_path)
    assert "Trainees open: http://127.0.0.1:" in text
    assert "Scan to open" not in text and qr.LIGHT_ON_DARK not in text
