"""Bilingual text. Chinese is the default language; English is the other."""

from __future__ import annotations

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
