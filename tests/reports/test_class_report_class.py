"""The class report a trainer projects: finished and started sessions apart, copies counted once,
a date filter, deductions and points lost, anonymised names, a per-clause CSV and an HTML page
readable without hovering."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from interviewer import cli
from interviewer.core import classreport
from interviewer.core.bankopen import open_bank
from interviewer.export import classreport as render_class

DATA = Path(__file__).resolve().parent.parent / "data"
TINY = str(DATA / "banks" / "tiny.yaml")

GOOD = """p.delivery: "yes"
e.legal: 是
s.law: 0
s.bonus: 否
5.1.1.1-a: 有
5.1.1.1-b: 有
5.1.1.2-a: 1
5.1.1.2-b: 10/10
5.2.1-i1-a: 是
5.2.1-i2-a: 是
"""
# 100 points: five-star


def session(folder: Path, n: int, name: str, answers: str, *extra: str) -> Path:
    src = folder.parent / f"answers-{n}.yaml"
    src.write_text(answers, encoding="utf-8")
    out = folder / f"{n:032x}.json"
    argv = ["run", "--bank", TINY, "--answers", str(src), "--out", str(out), "--name", name]
    assert cli.main([*argv, *extra]) == 0
    return out


def class_report(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    capsys.readouterr()
    assert cli.main(["class-report", "--bank", TINY, *argv]) == 0
    return capsys.readouterr().out


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Two finished (100 five-star, 44 fail), one barely started, one never answered."""
    f = tmp_path / "class"
    session(f, 1, "王芳", GOOD, "--company", "华德电器")
    session(
        f,
        2,
        "李娜",
        GOOD.replace("5.1.1.1-b: 有", "5.1.1.1-b: 部分")
        .replace("10/10", "8/10")
        .replace("5.2.1-i2-a: 是", '5.2.1-i2-a: "no"'),
    )
    session(f, 3, "刘洋", 'p.delivery: "yes"\n')
    empty = json.loads((f / f"{3:032x}.json").read_text("utf-8"))
    empty["answers"] = {}
    empty["id"] = f"{4:032x}"
    (f / f"{4:032x}.json").write_text(json.dumps(empty, ensure_ascii=False), encoding="utf-8")
    return f


def test_started_and_empty_sessions_are_not_counted_as_fail_zero(folder: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    md = class_report(capsys, str(folder))
    assert "# 班级评估汇总（完成 2 人）" in md
    assert "- 不合格: 1 █\n" in md and "- 五星: 1 █\n" in md  # the started one is not a fail
    assert "min 44.0 · Q1 58.0 · 中位数 72.0 · Q3 86.0 · max 100.0" in md  # not pulled to 0.0
    assert (
        "完成 2 人 · 未完成 1 人（单独列出，不计入星级和分数分布） · 1 份没有任何回答（未列出）"
        in md
    )
    started = md.split("## 未完成")[1]
    assert re.search(r"\| 3 \| 刘洋 \|  \| [\d.]+（暂定） \| \d+ \|", started), started
    en = class_report(capsys, str(folder), "--lang", "en")
    assert "# Class report (2 finished)" in en and "1 with no answer (not listed)" in en
    assert "(provisional)" in en


def test_a_copy_of_a_session_is_counted_once_and_said(folder: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    other = tmp_path / "usb-stick"
    other.mkdir()
    shutil.copy(folder / f"{1:032x}.json", other / "copy.json")
    md = class_report(capsys, str(folder), str(other))
    assert "# 班级评估汇总（完成 2 人）" in md and "- 五星: 1 █\n" in md
    assert "1 份是同一会话的副本（只计一次，取最后修改的）" in md
    assert md.count("王芳") == 1
    en = class_report(capsys, str(folder), str(other), "--lang", "en")
    assert "1 copy of a session already counted (counted once, the last changed)" in en


def test_since_leaves_out_sessions_last_changed_before_the_date(folder: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = folder / f"{2:032x}.json"
    doc = json.loads(path.read_text("utf-8"))
    doc["updated_at"] = "2020-01-05T10:00:00+08:00"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    md = class_report(capsys, str(folder), "--since", "2021-01-01")
    assert "# 班级评估汇总（完成 1 人）" in md and "李娜" not in md
    assert "1 份早于所选日期（未计入）" in md
    assert "李娜" in class_report(capsys, str(folder), "--since", "2020-01-05")
    capsys.readouterr()
    with pytest.raises(SystemExit):
        cli.main(["class-report", str(folder), "--since", "5 Jan"])
    assert "not a date: '5 Jan' (write it as YYYY-MM-DD" in capsys.readouterr().err


def test_deductions_say_why_a_high_score_fails(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "class"
    session(f, 1, "扣分测试", GOOD.replace("s.law: 0", "s.law: 5"))
    md = class_report(capsys, str(f))
    assert "| 1 | 扣分测试 |  | 95.0 | 不合格 | 扣 5 分（满 5 分即不合格） |" in md
    en = class_report(capsys, str(f), "--lang", "en", "--format", "html")
    assert "−5 points (5 or more fails)" in en


def test_gaps_rank_by_points_lost_not_by_how_many_missed_full_credit(
    tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "class"
    for n in (1, 2, 3):  # three near misses on the sampled clause: 3 × 0.1 × 30 = 9 points
        session(f, n, f"p{n}", GOOD.replace("10/10", "9/10"))
    session(f, 4, "p4", GOOD.replace("5.1.1.1-a: 有", '5.1.1.1-a: "no"'))  # 30 points
    md = class_report(capsys, str(f), "--lang", "en")
    gaps = md.split("## Where the class lost most points")[1].split("##")[0].strip().splitlines()
    assert gaps[0] == (
        "- 5.1.1.1 Department: 30.0 points lost by the class (7.5 each scored); "
        "1 of 4 below full credit"
    )
    assert gaps[1].startswith("- 5.1.1.2 Staff: 9.0 points lost by the class (2.2 each scored)")


@pytest.mark.parametrize("fmt", ["md", "html", "csv"])
def test_anonymise_replaces_names_and_companies_by_numbers(folder: Path, capsys, fmt: str) -> None:  # type: ignore[no-untyped-def]
    for lang, label in (("zh", "学员 1"), ("en", "Participant 1")):
        text = class_report(capsys, str(folder), "--anonymise", "--format", fmt, "--lang", lang)
        for private in ("王芳", "李娜", "刘洋", "华德电器"):
            assert private not in text, (fmt, lang, private)
        assert label in text and label.replace("1", "3") in text


def test_the_csv_has_a_column_per_clause_and_every_cell_guarded(folder: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = folder.parent / "class.csv"
    class_report(capsys, str(folder), "--format", "csv", "--out", str(out))
    text = out.read_text("utf-8")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [r["name"] for r in rows] == ["王芳", "李娜", "刘洋"]
    assert [r["status"] for r in rows] == ["完成", "完成", "未完成"]
    assert [r["tier"] for r in rows] == ["五星", "不合格", "不合格"]
    assert [(r["5.1.1.1"], r["5.1.1.2"], r["5.2.1-i2"]) for r in rows] == [
        ("1", "1", "1"),
        ("0", "0.8", "0"),
        ("", "", ""),
    ]
    bank = open_bank(Path(TINY))
    person = classreport.Participant(
        "x" * 32, "2026-01-01", 1, "=HYPERLINK(1)", "a\rb", 50.0, "fail", True, 0, 9, 0,
        ("", ""), (1.0, None, None, None), (0.0, 0.0, 0.0, 0.0),
    )  # fmt: skip
    data = classreport.build(bank, classreport.Roll([person]))
    raw = render_class.csv_text(data, "en")
    assert (
        "'=HYPERLINK(1)" in raw and '"a\rb"' in raw
    )  # the formula shown as text, a bare CR quoted
    row = next(csv.DictReader(io.StringIO(raw.lstrip("\ufeff"))))
    assert row["name"] == "'=HYPERLINK(1)" and row["company"] == "a\rb"


def test_the_html_is_readable_on_a_projector(folder: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    page = class_report(capsys, str(folder), "--format", "html", "--lang", "en")
    assert page.startswith('<!DOCTYPE html><html lang="en">')
    for landmark in ("<header>", "<main>", "<footer>"):
        assert page.count(landmark) == 1
    assert not re.search(r"<th[^>]*>\s*</th>", page)  # no empty table header
    tile = re.search(r"<li class='cell'[^>]*><b>5\.1\.1\.2</b>(.*?)</li>", page)
    assert tile, "a tile per clause"
    assert "Staff" in tile.group(1) and "1 of 2 full" in tile.group(1)  # shown, not a tooltip
    assert "<h3>5.1 System</h3>" in page  # tiles grouped
    assert re.search(
        r"<span class='bar' style='width:100\.0%'></span><span class='n'>1</span>", page
    )
    assert "<table class='sortable'>" in page and "aria-sort" in page  # sortable
    assert "src=" not in page and "href=" not in page  # nothing external
    assert "estimated points" in page.split("<footer>")[1]
