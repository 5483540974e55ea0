"""Typed replies → answers. Understands 是/否/有/没有/部分/不知道/不适用, yes/no/y/n/partial/skip/na,
option numbers (full-width too), option labels, "3/10" for sampled items and whole numbers.
Anything else raises InvalidAnswer with a message in the session's language; nothing is saved."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from interviewer.core.bank import Option, Question
from interviewer.core.errors import InvalidAnswer
from interviewer.core.session import Sampled, Value
from interviewer.core.text import Lang

Kind = Literal["answer", "skip", "na"]

YES = {"是", "是的", "有", "有的", "对", "对的", "符合", "yes", "y", "yeah", "yep", "true"}
PARTIAL = {
    "部分",
    "一部分",
    "部分有",
    "有一些",
    "有些",
    "部分符合",
    "partial",
    "partly",
    "some",
    "p",
}
NO = {"否", "不是", "没有", "无", "不", "没", "不符合", "no", "n", "nope", "none", "false"}
SKIP = {
    "不知道",
    "不清楚",
    "不确定",
    "跳过",
    "略过",
    "skip",
    "s",
    "?",
    "dk",
    "idk",
    "don't know",
    "dont know",
    "pass",
    "unknown",
}
NA = {"不适用", "不涉及", "na", "n/a", "n.a.", "not applicable"}
MAX_SAMPLE = 100_000


@dataclass(frozen=True)
class Parsed:
    kind: Kind
    value: Value = None


_NA_REASON = re.compile(r"^\s*([^:：]+)[:：](.*)$", re.S)


def split_na_reason(text: str) -> tuple[str, str]:
    """ "不适用：原因" / "na: reason" → ("不适用", "原因"); anything else → (text, "")."""
    m = _NA_REASON.match(text)
    if m and normalise(m.group(1)) in NA:
        return m.group(1), m.group(2).strip()
    return text, ""


def normalise(text: str) -> str:
    """NFKC folds full-width digits, letters and the slash; trailing punctuation is dropped."""
    folded = unicodedata.normalize("NFKC", text).strip().lower()
    folded = re.sub(r"\s+", " ", folded)
    return folded.rstrip("。.!！~ ") or folded


def _t(lang: Lang, zh: str, en: str) -> str:
    return en if lang == "en" else zh


def parse(question: Question, text: str, lang: Lang) -> Parsed:
    raw = text.strip()
    if not raw:
        raise InvalidAnswer(_t(lang, "请先输入回答。", "Please type an answer first."))
    word = normalise(raw)
    if word in SKIP:
        return Parsed("skip")
    if word in NA:
        if not question.can_be_na:
            raise InvalidAnswer(
                _t(
                    lang,
                    "这一条不能选“不适用”：它适用于所有企业。如果不确定，可以输入“不知道”先跳过。",
                    "This one cannot be marked not applicable: it applies to every company. "
                    "If you are unsure, type 'skip' for now.",
                )
            )
        return Parsed("na")
    if question.type == "choice":
        return Parsed("answer", _choice(question, raw, word, lang))
    if question.type == "sampled":
        return Parsed("answer", _sampled(word, lang))
    return Parsed("answer", _number(question, word, lang))


def _choice(question: Question, raw: str, word: str, lang: Lang) -> str:
    options = question.options
    if re.fullmatch(r"[0-9]+", word):
        n = int(word)
        if 1 <= n <= len(options):
            return options[n - 1].value
        raise InvalidAnswer(
            _t(
                lang,
                f"请输入 1 到 {len(options)} 之间的序号。",
                f"Choose a number from 1 to {len(options)}.",
            )
        )
    for opt in options:
        labels = {normalise(opt.label.zh), normalise(opt.label.en), opt.value}
        if word in labels:
            return opt.value
    meaning = (
        "yes" if word in YES else "partial" if word in PARTIAL else "no" if word in NO else None
    )
    if meaning is not None:
        matches = [o for o in options if o.means == meaning]
        if len(matches) == 1:
            return matches[0].value
        if len(matches) > 1:
            nums = "、".join(str(options.index(o) + 1) for o in matches)
            raise InvalidAnswer(
                _t(
                    lang,
                    f"有几个选项都符合“{raw}”，请输入序号（{nums}）。",
                    f"Several options fit '{raw}'; type the number ({nums.replace('、', ', ')}).",
                )
            )
    # the start of an option's label: "能修" for "能修（家电…）" (only when it fits one option)
    if len(word) >= 2:
        starts = [
            o
            for o in options
            if normalise(o.label.zh).startswith(word) or normalise(o.label.en).startswith(word)
        ]
        if len(starts) == 1:
            return starts[0].value
    raise InvalidAnswer(
        _t(lang, f"没看懂“{_clip(raw)}”。", f"I didn't understand '{_clip(raw)}'. ")
        + _choice_hint(options, lang)
    )


def _choice_hint(options: tuple[Option, ...], lang: Lang) -> str:
    """What to type instead: the numbers, and only the words that pick one option here."""
    words_zh = [
        zh
        for zh, meaning in (("是", "yes"), ("否", "no"), ("部分", "partial"))
        if sum(1 for o in options if o.means == meaning) == 1
    ]
    words_en = [
        en
        for en, meaning in (("yes", "yes"), ("no", "no"), ("partial", "partial"))
        if sum(1 for o in options if o.means == meaning) == 1
    ]
    return _t(
        lang,
        f"请输入选项序号（1–{len(options)}），或“{'/'.join([*words_zh, '不知道'])}”。",
        f"Type an option number (1–{len(options)}), or {' / '.join([*words_en, 'skip'])}.",
    )


def _sampled(word: str, lang: Lang) -> Sampled:
    word = re.sub(
        r"(?<=[0-9]) ?(?:份|张|个|条|次|件)$", "", word
    )  # "10张中有8张": drop the trailing unit
    m = re.fullmatch(r"([0-9]+) ?(?:/|of|in) ?([0-9]+)", word)
    if m is None:
        m2 = re.fullmatch(r"([0-9]+) ?(?:份|张|个|条)?中(?:有)? ?([0-9]+)", word)
        if m2 is not None:  # "10张中有8张" style: total first
            total, good = int(m2.group(1)), int(m2.group(2))
            return _check_sample(good, total, lang)
        raise InvalidAnswer(
            _t(
                lang,
                "请按“合格数/抽查数”输入，例如 8/10 表示抽查10份、8份合格。",
                "Type it as good/checked, e.g. 8/10 means 8 of the 10 records checked were fine.",
            )
        )
    return _check_sample(int(m.group(1)), int(m.group(2)), lang)


def _check_sample(n: int, m: int, lang: Lang) -> Sampled:
    if m == 0 or m > MAX_SAMPLE:
        raise InvalidAnswer(
            _t(
                lang,
                f"抽查数要在 1 到 {MAX_SAMPLE} 之间。",
                f"The number checked must be between 1 and {MAX_SAMPLE}.",
            )
        )
    if n > m:
        raise InvalidAnswer(
            _t(
                lang,
                f"合格数（{n}）不能大于抽查数（{m}）。",
                f"The number fine ({n}) cannot exceed the number checked ({m}).",
            )
        )
    return Sampled(n, m)


def _number(question: Question, word: str, lang: Lang) -> int:
    top = question.max if question.max is not None else 10**6
    if question.type == "count" and word in NO:
        return 0
    m = re.fullmatch(r"([0-9]{1,7})(\+| ?or more|次以上|以上)?", word)
    if m is None or not re.fullmatch(r"[0-9]+", m.group(1)):
        raise InvalidAnswer(
            _t(
                lang,
                f"请输入 {question.min} 到 {top} 之间的整数（收到“{_clip(word)}”）。",
                f"Enter a whole number between {question.min} and {top} (got '{_clip(word)}').",
            )
        )
    n = int(m.group(1))
    if question.type == "count":
        return min(n, top)  # the top value means "that many or more"
    if not question.min <= n <= top:
        raise InvalidAnswer(
            _t(
                lang,
                f"请输入 {question.min} 到 {top} 之间的整数。",
                f"Enter a whole number between {question.min} and {top}.",
            )
        )
    return n


def _clip(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(question: Question, value: Value, lang: Lang) -> str:
    """An answer as the user would read it back in the transcript."""
    if value is None:
        return ""
    if isinstance(value, Sampled):
        return _t(lang, f"抽查 {value.m} 份，{value.n} 份合格", f"{value.n} of {value.m} fine")
    if question.type == "choice":
        opt = question.option(value)
        return opt.label.get(lang) if opt else str(value)
    if question.type == "count" and question.max is not None and value == question.max:
        return _t(lang, f"{value} 次或更多", f"{value} or more")
    return str(value)
