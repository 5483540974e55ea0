"""The command line speaks the interface language: help and usage errors in Chinese by default,
in English with --lang en; argparse's own words (usage, headings, errors) too."""

from __future__ import annotations

import argparse
import re

import pytest

from interviewer import cli
from interviewer.cli_text import speaking

SUBCOMMANDS = [
    ["bank"],
    ["bank", "check"],
    ["run"],
    ["report"],
    ["plan"],
    ["validate"],
    ["checklist"],
    ["sessions"],
    ["compare"],
    ["class-report"],
    ["serve"],
    ["locate"],
]
ARGPARSE_ENGLISH = [
    "usage:",
    "positional arguments",
    "options:",
    "show this help message and exit",
    "error:",
    "the following arguments are required",
    "invalid choice",
    "invalid int value",
    "unrecognized arguments",
]
CJK = re.compile(r"[\u4e00-\u9fff]")


def run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str]:
    with pytest.raises(SystemExit) as done:
        cli.main(argv)
    out = capsys.readouterr()
    return int(done.value.code or 0), out.out + out.err


@pytest.mark.parametrize("words", [[], *SUBCOMMANDS], ids=lambda w: " ".join(w) or "top")
def test_help_is_chinese_by_default(capsys: pytest.CaptureFixture[str], words: list[str]) -> None:
    code, text = run(capsys, [*words, "--help"])
    assert code == 0
    assert text.startswith("用法：interviewer")
    assert "显示本帮助并退出" in text
    for phrase in ARGPARSE_ENGLISH:
        assert phrase not in text, phrase


def test_every_option_is_explained_in_chinese() -> None:
    """Each option's help and placeholder (the class-report arguments belong to another part)."""
    with speaking("zh"):
        parser = cli.build_parser("zh")
    parsers = [parser]
    seen = []
    while parsers:
        p = parsers.pop()
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction):
                parsers += action.choices.values()
                continue
            if action.help is argparse.SUPPRESS or p.prog.endswith("class-report"):
                continue
            seen.append(action.dest)
            assert action.help and CJK.search(action.help), (p.prog, action.dest, action.help)
            if action.metavar is not None:
                assert CJK.search(str(action.metavar)), (p.prog, action.dest, action.metavar)
    assert {"bank", "sessions_dir", "triage_limit", "session", "target", "max_sessions"} <= set(
        seen
    )


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["report"], "interviewer report：错误：缺少必需的参数：会话"),
        (
            ["--mode", "quick"],
            "参数 --mode：无效的选择：'quick'（可选：'full', 'training', 'triage'）",
        ),
        (["--triage-limit", "many"], "参数 --triage-limit：无效的整数值：'many'"),
        (["nope"], "无效的选择：'nope'"),
        (["sessions", "--bogus"], "无法识别的参数：--bogus"),
        (["serve", "--port"], "参数 --port：需要一个值"),
    ],
)
def test_usage_errors_are_chinese(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    code, text = run(capsys, argv)
    assert code == 2
    assert text.startswith("用法：")
    assert expected in text
    for phrase in ARGPARSE_ENGLISH:
        assert phrase not in text, phrase


def test_lang_en_speaks_english(capsys: pytest.CaptureFixture[str]) -> None:
    code, text = run(capsys, ["--lang", "en", "report"])
    assert code == 2
    assert "usage: interviewer report" in text
    assert "error: the following arguments are required: SESSION" in text
    code, text = run(capsys, ["report", "--lang=en", "--help"])
    assert "show this help message and exit" in text
    assert "print or export a session's report" in text
    assert not CJK.search(text.replace("商品售后服务评价体系预评估", ""))


def test_argparse_is_left_as_it_was(capsys: pytest.CaptureFixture[str]) -> None:
    before = argparse._  # type: ignore[attr-defined]
    run(capsys, ["report"])
    assert argparse._ is before  # type: ignore[attr-defined]
    assert argparse._("usage: ") == "usage: "  # type: ignore[attr-defined]
