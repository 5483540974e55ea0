"""The class report as an Excel workbook: a trainer sorts and filters the class in Excel. Real
figures in number cells, every text from a session file stored as text (never a formula), the
names left out when anonymised, and the estimated-weights warning kept."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from interviewer import cli
from tests.reports.test_class_report_class import GOOD, TINY, session

SHEETS = {
    "zh": ["学员", "条款", "得分率", "说明"],
    "en": ["Participants", "Clauses", "Credits", "Notes"],
}


@pytest.fixture
def klass(tmp_path: Path) -> Path:
    """Two finished (100 five-star, 44 fail), one started whose name and company look like
    formulas."""
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
    session(f, 3, "=1+1", 'p.delivery: "yes"\n', "--company", "@corp")
    return f


def workbook(folder: Path, tmp_path: Path, *argv: str) -> Any:
    out = tmp_path / f"class-{len(list(tmp_path.glob('class-*.xlsx')))}.xlsx"
    argv = (
        "class-report",
        "--bank",
        TINY,
        str(folder),
        "--format",
        "xlsx",
        "--out",
        str(out),
        *argv,
    )
    assert cli.main(list(argv)) == 0
    return load_workbook(out)


def rows(ws: Worksheet) -> list[list[Any]]:
    return [[c.value for c in r] for r in ws.iter_rows()]


def texts(book: Any) -> str:
    """Every cell's value of a workbook, or of one sheet."""
    sheets = [book] if isinstance(book, Worksheet) else list(book)
    return "\n".join(str(c.value) for ws in sheets for r in ws.iter_rows() for c in r if c.value)


def test_participants_sheet_has_real_scores_tiers_and_a_typed_header(
    klass: Path, tmp_path: Path
) -> None:
    wb = workbook(klass, tmp_path)
    assert wb.sheetnames == SHEETS["zh"]
    ws = wb["学员"]
    head, *body = rows(ws)
    assert head == [
        "#",
        "名称",
        "企业",
        "状态",
        "得分",
        "星级",
        "特别扣分",
        "未答问题",
        "已答问题",
    ]
    assert all(c.font.bold for c in ws[1]) and ws.freeze_panes == "A2" and ws.auto_filter.ref
    assert len(body) == 3  # finished first, then the started one
    assert [r[1] for r in body] == ["王芳", "李娜", "'=1+1"]
    assert [r[3] for r in body] == ["完成", "完成", "未完成"]
    assert [r[5] for r in body] == ["五星", "不合格", "不合格"]
    score = ws.cell(row=2, column=5)
    assert score.value == 100.0 and score.data_type == "n"
    assert ws.cell(row=3, column=5).value == 44.0 and ws.cell(row=3, column=5).data_type == "n"
    assert body[0][2] == "华德电器" and body[2][2] == "'@corp"
    assert body[2][7] > 0  # the started one still has questions open


def test_text_that_looks_like_a_formula_stays_text(klass: Path, tmp_path: Path) -> None:
    wb = workbook(klass, tmp_path)
    for ws in wb:
        for r in ws.iter_rows():
            for c in r:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
    name = wb["学员"].cell(row=4, column=2)
    assert name.value == "'=1+1" and name.data_type == "s"
    assert wb["得分率"].cell(row=4, column=2).data_type == "s"


def test_clauses_sheet_and_credit_matrix_carry_the_class_figures(
    klass: Path, tmp_path: Path
) -> None:
    wb = workbook(klass, tmp_path, "--lang", "en")
    assert wb.sheetnames == SHEETS["en"]
    head, *body = rows(wb["Clauses"])
    assert head[:3] == ["Clause", "Title", "Group"]
    by_id = {r[0]: dict(zip(head, r, strict=True)) for r in body}
    assert list(by_id) == ["5.1.1.1", "5.1.1.2", "5.2.1-i1", "5.2.1-i2"]
    staff = by_id["5.1.1.2"]
    assert staff["Title"] == "Staff" and staff["Full credit rate"] == 0.5
    assert (staff["Scored"], staff["Full credit"], staff["Below full"]) == (2, 1, 1)
    assert staff["Points lost"] == pytest.approx(6.0)  # 0.2 × 30 points
    assert staff["Lost each scored"] == pytest.approx(3.0)
    dept = by_id["5.1.1.1"]
    assert dept["Points lost"] == pytest.approx(30.0) and dept["Gap rank"] == 1
    assert by_id["5.2.1-i1"]["Below full"] == 0 and by_id["5.2.1-i1"]["Gap rank"] is None
    head, *body = rows(wb["Credits"])
    assert head == ["#", "Name", "Status", "5.1.1.1", "5.1.1.2", "5.2.1-i1", "5.2.1-i2"]
    assert [(r[3], r[4], r[6]) for r in body] == [(1, 1, 1), (0, 0.8, 0), (None, None, None)]


def test_notes_keep_the_weights_warning_the_counts_and_the_filter(
    klass: Path, tmp_path: Path
) -> None:
    zh = texts(workbook(klass, tmp_path))
    assert "估计分值" in zh and "完成 2 人 · 未完成 1 人" in zh
    en = workbook(klass, tmp_path, "--lang", "en", "--since", "2021-01-01")
    notes = texts(en["Notes"])
    assert "estimated points" in notes and "2 finished · 1 started" in notes
    assert "2021-01-01" in notes
    assert "Five-star" in notes  # the tier distribution


def test_anonymise_replaces_names_and_companies(klass: Path, tmp_path: Path) -> None:
    for lang, label in (("zh", "学员 1"), ("en", "Participant 1")):
        text = texts(workbook(klass, tmp_path, "--anonymise", "--lang", lang))
        for private in ("王芳", "李娜", "=1+1", "华德电器", "@corp"):
            assert private not in text, (lang, private)
        assert label in text and label.replace("1", "3") in text


def test_xlsx_without_out_on_a_terminal_is_refused_with_a_hint(
    klass: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    capsys.readouterr()
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code = cli.main(["class-report", "--bank", TINY, str(klass), "--format", "xlsx"])
    out, err = capsys.readouterr()
    assert code != 0 and "--out" in err and out == ""
