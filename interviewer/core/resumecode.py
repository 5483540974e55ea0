"""Resume codes: the secret that reopens a session in a browser, apart from the session's id.

The id names the file and appears in listings and exports; the code must not, or anyone who saw a
class report could open and change a trainee's answers. So the code is its own 140 random bits,
written in Crockford's base32 (no I, L, O or U: nothing to misread on a projector or a note) as
seven groups of four, and the session file keeps only its SHA-256. A lost code cannot be shown
again from the file: a new one replaces it.

Typing is forgiving: full-width characters (a Chinese input method), lower case, spaces or
dashes anywhere, O for 0 and I or L for 1 all read as the same code."""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 28
"""Characters: 28 × 5 = 140 bits, beyond guessing even without the throttle."""
RANDOM_BYTES = 18
"""Random bytes a code is drawn from (144 bits; the first 140 are used)."""
DIGEST = re.compile(r"[0-9a-f]{64}")
_MISREAD = str.maketrans({"O": "0", "I": "1", "L": "1"})
_LOOSE = re.compile(r"[\s\-_.·—–]+")


def make(random: bytes) -> str:
    """A code from `random` (RANDOM_BYTES from a secure source), grouped for reading aloud."""
    if len(random) < RANDOM_BYTES:
        raise ValueError(f"a resume code needs {RANDOM_BYTES} random bytes")
    number = int.from_bytes(random[:RANDOM_BYTES], "big") >> (RANDOM_BYTES * 8 - LENGTH * 5)
    return grouped(
        "".join(ALPHABET[(number >> (5 * (LENGTH - 1 - i))) & 31] for i in range(LENGTH))
    )


def grouped(plain: str) -> str:
    """ABCD-EFGH-…: seven groups of four, the way a code is shown and read aloud."""
    return "-".join(plain[i : i + 4] for i in range(0, len(plain), 4))


def normalise(typed: str) -> str | None:
    """The code as stored (28 characters, no dashes), or None when `typed` cannot be one."""
    text = _LOOSE.sub("", unicodedata.normalize("NFKC", typed)).upper().translate(_MISREAD)
    if len(text) != LENGTH or any(ch not in ALPHABET for ch in text):
        return None
    return text


def digest(code: str) -> str:
    """What the session file keeps: SHA-256 of the normalised code (hex). A slow hash would add
    nothing: the code has 140 random bits, not a person's password."""
    plain = normalise(code)
    if plain is None:
        raise ValueError("not a resume code")
    return hashlib.sha256(plain.encode("ascii")).hexdigest()


def matches(typed: str, stored: str) -> bool:
    """Does `typed` open a session whose file keeps `stored`? (Compared in constant time.)"""
    plain = normalise(typed)
    if plain is None or not DIGEST.fullmatch(stored):
        return False
    return hmac.compare_digest(digest(plain), stored)
