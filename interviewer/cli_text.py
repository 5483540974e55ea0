"""argparse's own words (usage, section headings, errors) in the interface language.

argparse looks every one of its texts up through `gettext` (`argparse._` and `argparse.ngettext`),
the hook it offers for translation; `speaking` points that hook at the table below while the
command line is built and parsed, and puts it back afterwards. The English texts are argparse's
own (Python 3.11-3.13); one it does not know is shown as argparse wrote it."""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from interviewer.core.text import Lang, as_lang

ZH: dict[str, str] = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "无效的选择：%(value)r（可选：%(choices)s）"
    ),
    "invalid %(type)s value: %(value)r": "无效的%(type)s值：%(value)r",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多一个值",
    "expected at least one argument": "至少需要一个值",
    "expected %s argument": "需要 %s 个值",
    "expected %s arguments": "需要 %s 个值",
    "ambiguous option: %(option)s could match %(matches)s": (
        "选项有歧义：%(option)s 可能是 %(matches)s"
    ),
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "忽略了多余的值 %r",
    "one of the arguments %s is required": "需要以下参数之一：%s",
    "unexpected option string: %s": "意外的选项：%s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "没有这个子命令：%(parser_name)r（可选：%(choices)s）"
    ),
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
}


def interface_lang(argv: Sequence[str], default: Lang = "zh") -> Lang:
    """The language the command line speaks: `--lang` wherever it is given, else the default."""
    for n, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and n + 1 < len(argv):
            return as_lang(argv[n + 1])
        if arg.startswith("--lang="):
            return as_lang(arg.split("=", 1)[1])
    return default


@contextmanager
def speaking(lang: Lang) -> Iterator[None]:
    """argparse's texts in `lang` inside the block (English is argparse's own)."""
    if lang == "en":
        yield
        return

    def one(text: str) -> str:
        return ZH.get(text, text)

    def many(singular: str, plural: str, n: int) -> str:
        return one(singular if n == 1 else plural)

    hooks = {"_": one, "ngettext": many}
    saved = {name: getattr(argparse, name) for name in hooks}
    for name, hook in hooks.items():
        setattr(argparse, name, hook)
    try:
        yield
    finally:
        for name, hook in saved.items():
            setattr(argparse, name, hook)


def _columns(text: str) -> int:
    from unicodedata import east_asian_width

    return sum(2 if east_asian_width(c) in "WF" else 1 for c in text)


class HelpFormatter(argparse.HelpFormatter):
    """argparse measures the option column in characters; a Chinese metavar takes two columns a
    character, so its help would start further right than the others'. Measure in columns."""

    def add_argument(self, action: argparse.Action) -> None:
        super().add_argument(action)
        if action.help is not argparse.SUPPRESS:
            wide = _columns(self._format_action_invocation(action)) + self._current_indent
            self._action_max_length = max(self._action_max_length, wide)

    def _format_action(self, action: argparse.Action) -> str:
        text = super()._format_action(action)
        header = self._format_action_invocation(action)
        extra = _columns(header) - len(header)
        first, sep, rest = text.partition("\n")
        at = first.find(header)
        if not extra or at < 0 or not first[at + len(header) :].strip():
            return text
        end = at + len(header)
        help_at = len(first) - len(first[end:].lstrip(" "))
        if help_at - end - extra >= 2:
            first = first[:end] + first[end + extra :]
        else:  # too wide to share the line: the help goes under it, as argparse does
            first = first[:end] + "\n" + " " * help_at + first[help_at:]
        return first + sep + rest
