"""Bilingual text. Chinese is the default language; English is the other."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")


@dataclass(frozen=True, slots=True)
class I18n:
    """One text in both languages. Missing English falls back to Chinese so nothing shows blank."""

    zh: str
    en: str

    def get(self, lang: Lang) -> str:
        return self.en if lang == "en" and self.en else self.zh

    @staticmethod
    def of(zh: str, en: str | None = None) -> I18n:
        return I18n(zh, zh if en is None else en)


@dataclass(frozen=True, slots=True)
class I18nList:
    """A bilingual list (evidence, fix steps)."""

    zh: tuple[str, ...]
    en: tuple[str, ...]

    def get(self, lang: Lang) -> tuple[str, ...]:
        return self.en if lang == "en" and self.en else self.zh


def as_lang(value: object) -> Lang:
    return "en" if value == "en" else "zh"


def printable(text: str) -> str:
    """Text safe to put on a terminal (see `terminal.safe`, the one sanitiser): control characters
    and bidi overrides become visible marks. Line breaks are kept."""
    from interviewer.core.terminal import safe

    return safe(text)


def bar(value: float, maximum: float, width: int) -> str:
    """A text bar chart cell: the share value/maximum as filled blocks, clamped to the width."""
    filled = 0 if maximum <= 0 else max(0, min(width, round(width * value / maximum)))
    return "█" * filled + "░" * (width - filled)


def decode_utf8(data: bytes, source: str, error: Callable[[str], Exception], tail: str = "") -> str:
    """Untrusted bytes → text, refusing anything that is not UTF-8, with where it went wrong.
    `tail` is appended to every message (e.g. what happened to the file)."""
    end = f".{tail}" if tail else ""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise error(f"{source}:1:1: is not UTF-8 text (it is UTF-16){end}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(
            f"{source}: is not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at offset "
            f"{exc.start}){end}"
        ) from None
    if "\x00" in text:
        raise error(f"{source}: contains a NUL byte at offset {text.index(chr(0))}{end}")
    return text.removeprefix("\ufeff")
