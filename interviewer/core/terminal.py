"""The one sanitiser for text from files (sessions, banks, weights, lock details) on its way to a
terminal: a name or a note must not be able to retitle the window, clear the screen, move the
cursor or reverse the line it sits on. Control characters (C0 incl. ESC, DEL, C1) and the bidi
controls are shown as visible marks instead; line breaks and tabs stay unless `one_line`."""

from __future__ import annotations

import re

BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""The bidi marks, embeddings, overrides and isolates: each can reorder what follows it."""
LINE_BREAKS = frozenset("\u0085\u2028\u2029")
"""Line and paragraph separators some terminals (and most editors) treat as a new line."""


def _mark(ch: str) -> str:
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # ␛ for ESC, ␇ for BEL, ␍ for CR ...
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def _table(one_line: bool) -> dict[int, str]:
    table = {c: _mark(chr(c)) for c in [*range(0x20), *range(0x7F, 0xA0)]}
    for ch in BIDI | LINE_BREAKS:
        table[ord(ch)] = _mark(ch)
    if not one_line:
        del table[ord("\n")], table[ord("\t")]
    return table


_MULTI = _table(False)
_SINGLE = _table(True)
_STEERING = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_MULTI)) + "]")
"""Any character `_MULTI` replaces: text without one (nearly all of it) skips the translation,
which is slow on Chinese text (a class report of 1,000 rows spent 2 ms in it)."""


def safe(text: str, *, one_line: bool = False) -> str:
    """`text` with every character that could steer the terminal shown visibly. Pure and cheap
    (one `str.translate`); with `one_line`, newlines and tabs are shown as ␊ and ␉ too. A CR LF
    pair is a line break (CSV rows end so) and is written as one newline; a CR alone is shown."""
    if one_line:
        return text.translate(_SINGLE)
    if _STEERING.search(text) is None:
        return text
    return text.replace("\r\n", "\n").translate(_MULTI)


def has_control(text: str) -> bool:
    """Whether `text` holds anything `safe` would replace (tests and assertions)."""
    return any(ord(ch) in _MULTI for ch in text)
