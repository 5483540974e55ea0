"""The trainees' address as a QR code in the server's terminal: a class scans it with their phones
or laptops' cameras instead of copying "http://192.168.1.20:8000" off the projector.

Two modules per character (half blocks), drawn with explicit colours, light on dark, so the code
scans the same on a dark or a light terminal (uncoloured half blocks come out inverted on one of
them). Printed only to a terminal: a log file gets the address alone."""

from __future__ import annotations

from typing import TextIO

LIGHT_ON_DARK = "\x1b[97;40m"
RESET = "\x1b[0m"
_HALVES = {(0, 0): "█", (0, 1): "▀", (1, 0): "▄", (1, 1): " "}
"""(top, bottom) with 1 = a dark module: the foreground (light) draws the light halves."""


def matrix(url: str, border: int = 2) -> list[list[int]]:
    """The code's modules, 1 = dark, with a quiet zone (2 is enough on a screen)."""
    import segno

    code = segno.make(url, error="m", micro=False)
    return [[int(bool(bit)) for bit in row] for row in code.matrix_iter(scale=1, border=border)]


def lines(url: str) -> list[str]:
    rows = matrix(url)
    if len(rows) % 2:
        rows.append([0] * len(rows[0]))  # a light half row closes the quiet zone
    return [
        LIGHT_ON_DARK + "".join(_HALVES[pair] for pair in zip(top, bottom, strict=True)) + RESET
        for top, bottom in zip(rows[::2], rows[1::2], strict=True)
    ]


def show(url: str, out: TextIO) -> None:
    """For an address other machines open (the caller knows): on a terminal only."""
    if not out.isatty():
        return
    try:
        drawn = lines(url)
    except ImportError:
        return  # the address is printed above it; the code is a convenience
    print("手机或电脑摄像头扫码打开 / Scan to open:", file=out)
    for line in drawn:
        print(line, file=out)
