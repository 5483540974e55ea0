"""`interviewer bank check PATH`: exit 0 with a summary, or exit 2 with every problem on stderr and
never a traceback. Runs in-process through `interviewer.cli.main`, plus one real subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bank_helpers import BANKS, TINY_TEXT, TINY_WHEN, tiny_with

from interviewer import cli, paths

HOSTILE = BANKS / "hostile"
TITLE = "Question bank problem:"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["bank", "check", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_bundled_bank_summary(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"bank gbt27922-2011 v1.0.0: OK  ({paths.bundled_bank()})"
    assert lines[1].startswith("  sha256 ") and len(lines[1]) == len("  sha256 ") + 64
    assert lines[2:] == [
        "  groups 3, indicators 15, items 71",
        "  questions: profile 11, eligibility 5, special 5, item 157",
        "  5.1 售后服务体系 / After-sales service system: 40 points, 7 indicators, 18 items",
        "  5.2 商品服务 / Commodity service: 35 points, 6 indicators, 40 items",
        "  5.3 顾客服务 / Customer service: 25 points, 2 indicators, 13 items",
        "  items per provenance: verified 11, paraphrased 10, certifier_list 12, inferred 38",
        "  excludable items: 32 (31 by profile answers), sampled items: 8",
        "  weights: estimated even split below the 40/35/25 groups",
    ]


def test_explicit_bundled_path_gives_the_same_hash(capsys: pytest.CaptureFixture[str]) -> None:
    _, default_out, _ = run(capsys)
    code, out, _ = run(capsys, str(paths.bundled_bank()))
    assert code == 0
    assert out.splitlines()[1] == default_out.splitlines()[1]


def test_single_file_bank(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(BANKS)
    code, out, err = run(capsys, "tiny.yaml")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "bank tiny v1: OK  (tiny.yaml)"
    assert "  groups 2, indicators 2, items 4" in out.splitlines()


@pytest.mark.parametrize(
    ("fixture", "problem"),
    [
        ("b1_tab.yaml", "5:1: found character '\\t' that cannot start any token"),
        (
            "b1_unclosed_quote.yaml",
            "6:1: found unexpected end of stream "
            "(while scanning a quoted scalar that starts at line 3, column 10)",
        ),
        (
            "b2_billion_laughs.yaml",
            "3:8: YAML aliases (*name) are not allowed in question banks — write the value out in full",
        ),
        (
            "b2_recursive_alias.yaml",
            "3:15: YAML aliases (*name) are not allowed in question banks — write the value out in full",
        ),
        (
            "b4_python_tag.yaml",
            "3:10: could not determine a constructor for the tag "
            "'tag:yaml.org,2002:python/object/apply:os.system'",
        ),
        ("b6_duplicate_key.yaml", "5:1: duplicate key 'id' (first at line 2)"),
        ("b12_list.yaml", "2:1: expected a mapping (key: value) at the top level"),
    ],
)
def test_hostile_bank_exits_2_with_the_position_on_stderr(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, fixture: str, problem: str
) -> None:
    monkeypatch.chdir(HOSTILE)
    before = (HOSTILE / fixture).read_bytes()
    code, out, err = run(capsys, fixture)
    assert (code, out) == (2, "")
    assert err == f"{TITLE}\n{fixture}:{problem}\n"
    assert (HOSTILE / fixture).read_bytes() == before  # the file is never modified


@pytest.mark.parametrize("fixture", ["b12_empty.yaml", "b12_comments.yaml"])
def test_empty_bank(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, fixture: str
) -> None:
    monkeypatch.chdir(HOSTILE)
    assert run(capsys, fixture) == (2, "", f"{TITLE}\n{fixture}: file is empty\n")


def test_deep_nesting_in_process(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "deep.yaml").write_text("a: " + "[" * 30_000 + "]" * 30_000)
    assert run(capsys, "deep.yaml") == (2, "", f"{TITLE}\ndeep.yaml:1:1: nesting too deep\n")


def test_folder_with_a_duplicate_question_id(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(BANKS)
    code, out, err = run(capsys, "folder_dup_qid")
    assert (code, out) == (2, "")
    d = "folder_dup_qid"
    assert err == (
        f'{TITLE}\n{d}/items-5.2.yaml:15:14: question id "5.1.1.2-a" is used twice '
        f"({d}/items-5.1.yaml:29:14 and {d}/items-5.2.yaml:15:14)\n"
    )


def test_every_problem_is_printed(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    text = (
        tiny_with(TINY_WHEN, 'when: {eq: ["5.1.1.1-a", maybe]}')
        .replace("    points: 30\n", "    points: 31\n", 1)
        .replace('exclude_when: {eq: [p.delivery, "no"]}', "exclude_when: {eq: [p.gone, x]}")
    )
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bank.yaml").write_text(text)
    code, out, err = run(capsys, "bank.yaml")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        TITLE,
        "bank.yaml:50:15: question 5.1.1.1-b, when: question 5.1.1.1-a has no option 'maybe' "
        "(options: documented, informal, no)",
        "bank.yaml:79:19: question 5.2.1-i1-a, exclude_when: unknown question id 'p.gone'",
        "bank.yaml:6:5: group 5.1 should total 60 points but its items add up to 61",
    ]


def test_yaml11_value_tells_the_author_to_quote_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bank.yaml").write_text(
        tiny_with('{value: "no", label: {zh: 没有', "{value: no, label: {zh: 没有")
    )
    assert run(capsys, "bank.yaml") == (
        2,
        "",
        f"{TITLE}\nbank.yaml:15:15: value should be text but YAML read 'no' as false — "
        'put it in quotes: "no"\n',
    )


def test_missing_path(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    assert run(capsys, str(missing)) == (2, "", f"{TITLE}\n{missing}: no such file or folder\n")


def test_folder_without_yaml(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "readme.txt").write_text("not a bank")
    assert run(capsys, str(tmp_path)) == (
        2,
        "",
        f"{TITLE}\n{tmp_path}: the folder holds no .yaml files\n",
    )


def test_file_over_the_size_cap_is_refused_before_reading(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "big.yaml").write_bytes(TINY_TEXT.encode() + b"#" + b"x" * 1_000_000)
    assert run(capsys, "big.yaml") == (
        2,
        "",
        f"{TITLE}\nbig.yaml: is too large (1,003,663 bytes; the limit is 1,000,000 bytes)\n",
    )


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlinked_bank_file_is_refused(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    os.symlink(BANKS / "tiny.yaml", tmp_path / "link.yaml")
    assert run(capsys, "link.yaml") == (
        2,
        "",
        f"{TITLE}\nlink.yaml: is not a regular file; refusing to open it\n",
    )


def test_real_process_survives_30000_levels_of_nesting(tmp_path: Path) -> None:
    # libyaml segfaults here (exit 139); the real entry point must exit 2 with one clear line
    exe = Path(sys.executable).with_name("interviewer")  # .venv/bin/interviewer
    assert exe.is_file(), "the package's console script is not installed in this venv"
    shutil.copy(HOSTILE / "b2_billion_laughs.yaml", tmp_path / "laughs.yaml")
    (tmp_path / "deep.yaml").write_text("[" * 30_000)
    for name, problem in [
        ("deep.yaml", "deep.yaml:1:1: nesting too deep"),
        (
            "laughs.yaml",
            "laughs.yaml:3:8: YAML aliases (*name) are not allowed in question banks — "
            "write the value out in full",
        ),
    ]:
        result = subprocess.run(
            [str(exe), "bank", "check", name],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        )
        assert result.returncode == 2, result.stderr
        assert result.stdout == ""
        assert result.stderr == f"{TITLE}\n{problem}\n"
