"""What a consultant hands over and an owner acts on (issue 13): notes next to their clause, the
upgrade path as a plan, the action plan, the Excel workbook, the triage band, compare, escaping
and the spreadsheet cell guard, the checklist per sub-question."""

from __future__ import annotations

import ast
import csv
import io
import itertools
import operator
import re
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from interviewer import cli
from interviewer.core import checklist, compare, engine, report
from interviewer.core.bank import EFFORT_COST, Bank
from interviewer.core.scoring import evaluate
from interviewer.core.session import Session
from interviewer.core.tiers import threshold
from interviewer.export import markdown, render
from tests.conftest import NOW, SID

FULL = {
    "p.delivery": "yes",
    "e.legal": "是",
    "s.law": "0",
    "s.bonus": "否",
    "5.1.1.1-a": "部分",
    "5.1.1.2-a": "1",
    "5.1.1.2-b": "8/10",
    "5.2.1-i1-a": "是",
    "5.2.1-i2-a": "no",
}
# 5.1.1.1 informal (quick win, 30 lost); 5.1.1.2 24/30; 5.2.1-i1 20; 5.2.1-i2 not met → 44.0


def session_of(bank: Bank, replies: dict[str, str], lang: str = "zh", **kw: Any) -> Session:
    s = engine.new_session(bank, session_id=SID, now=NOW, language=lang, **kw)  # type: ignore[arg-type]
    for q in bank.questions:
        if q.id in replies:
            s = engine.record(bank, s, q.id, replies[q.id], NOW)
    return s


def noted(bank: Bank, lang: str = "zh") -> Session:
    s = session_of(bank, FULL, lang, display_name="华德")
    s = engine.set_note(s, "5.1.1.1-a", "有一个人兼管电话投诉", NOW)
    return engine.set_note(s, "e.legal", "营业执照 2019 年", NOW)


def block(text: str, start: str, end: str) -> str:
    """The text from `start` to the next `end` after it."""
    i = text.index(start)
    j = text.find(end, i + len(start))
    return text[i : j if j >= 0 else len(text)]


# -- 1. notes ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_notes_are_in_markdown_and_html_next_to_their_clause(tiny_bank: Bank, lang: str) -> None:
    data = report.build(tiny_bank, noted(tiny_bank, lang), lang)  # type: ignore[arg-type]
    md = render("md", data)
    clause = block(md, "### 5.1.1.1 ", "\n### ")
    assert "有一个人兼管电话投诉" in clause  # inside the weakest clause's own block
    assert "有一个人兼管电话投诉" not in block(md, "### 5.2.1-i2 ", "\n### ")
    notes = block(md, "## 访谈备注" if lang == "zh" else "## Notes from the interview", "\n## ")
    assert "营业执照 2019 年" in notes and ("申请资格" if lang == "zh" else "Eligibility") in notes
    page = render("html", data)
    clause_html = block(page, "<h3>5.1.1.1 ", "<h3>")
    assert "<p class='usernote'><b>" in clause_html and "有一个人兼管电话投诉</p>" in clause_html


def test_notes_are_on_the_report_screen(tiny_bank: Bank) -> None:
    from interviewer.ui.screens.report import gaps_text

    text = gaps_text(report.build(tiny_bank, noted(tiny_bank)))
    assert "    备注：有一个人兼管电话投诉" in block(text, "• 5.1.1.1 ", "• 5.2.1-i2")
    assert "营业执照 2019 年" in text


# -- 2. upgrade path ---------------------------------------------------------------------------


def test_the_upgrade_path_is_titled_ordered_and_explains_effort(tiny_bank: Bank) -> None:
    data = report.build(tiny_bank, session_of(tiny_bank, FULL, "en"), "en")
    md = render("md", data)
    assert "low 1, medium 2, high 3" in md
    three = block(md, "### Three-star", "\n### ")
    assert three.index("1. Department (5.1.1.1): effort low") < three.index(
        "2. Acceptance (5.2.1-i2): effort low"
    )
    assert "; quick win" in three.splitlines()[2]
    # the owner's headline: writing down what is done (5.1.1.1, 30 points) reaches 74
    assert "about 74.0 (now 44.0)" in md
    assert data["written_down"] == 74.0


def test_quick_win_only_when_every_failing_part_is_done_but_unwritten(tiny_bank: Bank) -> None:
    informal = evaluate(tiny_bank, session_of(tiny_bank, FULL))
    assert {r.item.id for r in informal.weakest if r.quick_win} == {"5.1.1.1"}
    plain_no = dict(FULL, **{"5.1.1.1-a": "有", "5.1.1.1-b": "没有"})
    ev = evaluate(tiny_bank, session_of(tiny_bank, plain_no))
    assert not any(r.quick_win for r in ev.weakest)  # a plain "no" on a part rules it out
    data = report.build(tiny_bank, session_of(tiny_bank, plain_no))
    assert data["written_down"] is None and "补齐文件记录后" not in render("md", data)


# -- 3. action plan ----------------------------------------------------------------------------


def least_effort(bank: Bank, s: Session, target: str) -> int:
    """Brute force: the least total effort of any set of fixes that reaches the target."""
    ev = evaluate(bank, s)
    gaps = list(ev.weakest)
    need = Fraction(threshold(target) + ev.deductions - ev.bonus, 100) * ev.applicable - ev.earned  # type: ignore[arg-type]
    best = None
    for n in range(len(gaps) + 1):
        for combo in itertools.combinations(gaps, n):
            if sum((r.points_lost for r in combo), Fraction(0)) >= need:
                cost = sum(EFFORT_COST[r.item.effort] for r in combo)
                best = cost if best is None else min(best, cost)
    assert best is not None
    return best


@pytest.mark.parametrize(
    ("target", "clauses"),
    [(None, ["5.1.1.1"]), ("three_star", ["5.1.1.1", "5.2.1-i2"]), ("five_star", None)],
)
def test_plan_rows_are_the_least_effort_set(
    tiny_bank: Bank, target: str | None, clauses: list[str] | None
) -> None:
    s = session_of(tiny_bank, FULL)
    p = report.plan_data(tiny_bank, evaluate(tiny_bank, s), target, "zh")  # type: ignore[arg-type]
    assert p["target"] == (target or "compliant")
    assert (
        sum(r["effort"] for r in p["rows"])
        == p["effort"]
        == least_effort(tiny_bank, s, p["target"])
    )
    if clauses is not None:
        assert [r["clause"] for r in p["rows"]] == clauses
    assert [r["order"] for r in p["rows"]] == list(range(1, len(p["rows"]) + 1))
    assert all(r["owner"] == r["due"] == r["status"] == "" for r in p["rows"])


@pytest.fixture
def tiny_file(tmp_path: Path) -> Path:
    src = tmp_path / "a.yaml"
    src.write_text("\n".join(f'{k}: "{v}"' for k, v in FULL.items()) + "\n", encoding="utf-8")
    out = tmp_path / "s" / (SID + ".json")
    args = ["run", "--bank", TINY, "--answers", str(src), "--out", str(out)]
    assert cli.main([*args, "--name", "=cmd|calc"]) == 0
    return out


TINY = str(Path(__file__).resolve().parent.parent / "data" / "banks" / "tiny.yaml")


def test_plan_command_md_csv_html(tiny_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    base = ["plan", str(tiny_file), "--bank", TINY]
    assert cli.main([*base, "--target", "three_star"]) == 0
    md = capsys.readouterr().out
    assert "到三星：按顺序做这 2 条，工作量合计 2，做完约 94.0 分" in md
    assert md.index("## 1. 部门") < md.index("## 2. 验收") and "- [ ] 架构图" in md
    assert "负责人: ____" in md
    assert cli.main([*base, "--format", "csv", "--target", "three_star"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff"))))
    assert rows[0][:3] == ["顺序", "条款", "标题"] and rows[0][7:10] == [
        "负责人",
        "完成日期",
        "状态",
    ]
    assert [r[1] for r in rows[1:]] == ["5.1.1.1", "5.2.1-i2"]
    assert cli.main([*base, "--format", "html"]) == 0
    page = capsys.readouterr().out
    assert "<main>" in page and "<th scope='col'>负责人</th>" in page and "画架构图" in page


# -- 4. workbook -------------------------------------------------------------------------------

_OPS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}


def recompute(ws: Any, text: str) -> float:
    """Evaluate the few formula shapes the workbook writes (SUM, IF, MIN, MAX, + - * /)."""

    def value(ref: str) -> float:
        v = ws[ref].value
        return recompute(ws, v) if isinstance(v, str) and v.startswith("=") else float(v or 0)

    def sums(m: re.Match[str]) -> str:
        col, a, b = m.group(1), int(m.group(2)), int(m.group(4))
        return repr(sum(value(f"{col}{n}") for n in range(a, b + 1)))

    expr = re.sub(r"SUM\(([A-Z])(\d+):([A-Z])(\d+)\)", sums, text.lstrip("="))
    expr = re.sub(r"\b([A-Z])(\d+)\b", lambda m: repr(value(m.group(0))), expr)

    def ev(node: ast.AST) -> Any:
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.BinOp):
            return _OPS[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(node, ast.Compare):
            return ev(node.left) == ev(node.comparators[0])
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            args = [ev(a) for a in node.args]
            return {"MIN": min, "MAX": max, "IF": lambda c, a, b: a if c else b}[node.func.id](
                *args
            )
        raise AssertionError(f"unexpected formula part {ast.dump(node)}")

    return float(ev(ast.parse(expr.replace("=", "=="), mode="eval")))


def test_workbook_sheets_formulas_and_text_cells(tiny_bank: Bank, tmp_path: Path) -> None:
    from interviewer.export import xlsx

    s = engine.set_note(noted(tiny_bank), "5.2.1-i2-a", "=cmd|' /C calc'!A0", NOW)
    data = report.build(tiny_bank, s)
    path = tmp_path / "r.xlsx"
    path.write_bytes(xlsx.report_workbook(data))
    wb = load_workbook(path)
    assert wb.sheetnames == ["摘要", "回答", "差距", "行动计划"]
    summary, answers, gaps, plan = (wb[n] for n in wb.sheetnames)
    assert all(ws.freeze_panes for ws in (summary, answers, gaps, plan))
    assert answers.column_dimensions["C"].width >= 40
    assert [c.value for c in answers[1]] == [
        "条款",
        "标题",
        "问题",
        "回答",
        "备注",
        "得分率",
        "条款分值",
    ]
    cells = [c for row in answers.iter_rows() for c in row if c.value and "cmd" in str(c.value)]
    assert (
        len(cells) == 1
        and cells[0].data_type == "s"
        and cells[0].value.endswith("=cmd|' /C calc'!A0")
    )
    assert not str(cells[0].value).startswith("=")
    # the summary's formulas recompute the report's figures
    formulas = {
        r[0].value: r[1].value
        for r in summary.iter_rows()
        if isinstance(r[1].value, str) and r[1].value.startswith("=")
    }
    assert recompute(summary, formulas["合计"]) == pytest.approx(data["earned"])
    assert recompute(summary, formulas["按公式复算的得分"]) == pytest.approx(
        data["score"], abs=0.01
    )
    total = next(r for r in gaps.iter_rows() if r[0].value == "合计")
    assert recompute(gaps, total[3].value) == pytest.approx(
        sum(w["points_lost"] for w in data["weakest"])
    )
    rows = [r for r in plan.iter_rows(min_row=4) if isinstance(r[0].value, int)]
    assert [r[1].value for r in rows] == [x["clause"] for x in data["plan"]["rows"]]


def test_workbook_from_the_command_line(tiny_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    assert (
        cli.main(["report", str(tiny_file), "--bank", TINY, "--format", "xlsx", "--out", str(out)])
        == 0
    )
    wb = load_workbook(out)
    name = wb["摘要"]["B2"]
    assert name.value == "'=cmd|calc" and name.data_type == "s"
    out2 = tmp_path / "p.xlsx"
    assert (
        cli.main(["plan", str(tiny_file), "--bank", TINY, "--format", "xlsx", "--out", str(out2)])
        == 0
    )
    assert load_workbook(out2).sheetnames == ["行动计划"]


# -- 5. triage ---------------------------------------------------------------------------------


def test_triage_leads_with_a_band_inside_the_theoretical_range(bundled_bank: Bank) -> None:
    s = engine.new_session(bundled_bank, session_id=SID, now=NOW, mode="triage")
    for _ in range(40):
        q = engine.next_question(bundled_bank, s)
        if q is None:
            break
        reply = "1" if q.type == "choice" else "0"
        if q.type == "sampled":
            reply = "7/10"
        try:
            s = engine.record(bundled_bank, s, q.id, reply, NOW)
        except Exception:
            s = engine.skip(bundled_bank, s, q.id, NOW)
    data = report.build(bundled_bank, s)
    tri = data["triage"]
    assert tri["estimable"]
    assert tri["range"]["min"] <= tri["band"]["min"] <= tri["band"]["max"] <= tri["range"]["max"]
    assert tri["band"]["max"] - tri["band"]["min"] < tri["range"]["max"] - tri["range"]["min"]
    md = render("md", data)
    assert md.index("**可能落在") < md.index("五个最大的差距") < md.index("理论范围（")
    assert "依据：已回答的" in md and "的分值未知" in md


# -- 6. compare --------------------------------------------------------------------------------


def test_compare_never_settles_a_tier_while_questions_are_open(tiny_bank: Bank) -> None:
    old = session_of(
        tiny_bank, {k: v for k, v in FULL.items() if k != "5.2.1-i2-a"}, "en", company="Acme"
    )
    new = session_of(
        tiny_bank, dict(FULL, **{"5.1.1.1-a": "有", "5.1.1.1-b": "有"}), "en", company="Other Co"
    )
    text = compare.render(tiny_bank, tiny_bank, old, new, "en")
    assert "provisional" in text and "theoretical range" in text and "questions open" in text
    assert "→" not in text.split("## ")[0]  # no "A → B" tier change while one side is open
    assert "different companies ('Acme' and 'Other Co')" in text


# -- 8. escaping, cell guard, checklist --------------------------------------------------------


def test_markdown_escapes_user_text(tiny_bank: Bank) -> None:
    evil = "x\n# 伪造标题 ![i](http://e/x.png) [l](http://e) <img src=x onerror=alert(1)>"
    s = session_of(tiny_bank, FULL, display_name=evil)
    s = engine.set_note(s, "5.1.1.1-a", evil, NOW)
    md = render("md", report.build(tiny_bank, s))
    assert (
        "\n# 伪造标题" not in md and "\n#" not in md.replace("\n## ", "").replace("\n### ", "")[2:]
    )
    assert r"\!\[i\](http://e/x.png)" in md and r"\<img src=x onerror=alert(1)\>" in md
    inert = md.replace(r"\!\[i\]", "").replace(r"\[l\]", "").replace(r"\<img", "")
    assert "![i](" not in inert and "[l](" not in inert and "<img" not in inert
    assert markdown.esc("a|b*c_d") == r"a\|b\*c\_d"


def test_one_cell_guard_for_every_spreadsheet_cell() -> None:
    from interviewer.export.csv_export import safe_cell, write_rows

    for lead in ("=", "+", "-", "@", "\t", "\r"):
        assert safe_cell(lead + "1+1") == "'" + lead + "1+1"
    assert safe_cell("正常") == "正常" and safe_cell(None) == ""
    text = write_rows([["a\rb", "=1+1", "c"]])
    assert text == '\ufeff"a\rb",\'=1+1,c\r\n'  # a bare CR inside a field is quoted
    assert list(csv.reader(io.StringIO(text[1:], newline=""))) == [["a\rb", "'=1+1", "c"]]


def test_checklist_marks_evidence_per_sub_question(bundled_bank: Bank) -> None:
    s = engine.new_session(bundled_bank, session_id=SID, now=NOW)
    s = engine.record(bundled_bank, s, "5.1.3.3-a", "1", NOW)
    s = engine.record(bundled_bank, s, "5.1.3.3-b", "3", NOW)
    lines, _ = checklist.build(bundled_bank, s, "zh")
    state = {x.document: x.state for x in lines if x.clause == "5.1.3.3"}
    assert state["办公和服务场所的证明（租赁合同或房产证明、场所照片、平面图）"] == "ready"
    assert state["顾客信息系统或服务台账（截图或样本）"] == "missing"
    en, _ = checklist.build(bundled_bank, s, "en")
    assert {x.state for x in en if x.document.startswith("Proof of office")} == {"ready"}


# -- no internal words ------------------------------------------------------------------------


def test_no_internal_words_in_the_chinese_report(tiny_bank: Bank) -> None:
    s = engine.set_unsure(session_of(tiny_bank, FULL), "5.2.1-i2-a", True, NOW)
    data = report.build(tiny_bank, s)
    for fmt in ("md", "html"):
        text = render(fmt, data)
        if fmt == "html":
            text = re.sub(r"<[^>]+>", " ", text.split("</style>")[1])
        for word in (
            "fail",
            "five_star",
            "three_star",
            "sampled",
            "not_met",
            "quick win",
            "effort",
        ):
            assert word not in text, (fmt, word)
        verify = block(text, "申请前请核实", "升级路线")
        assert "验收" in verify  # the clause by its title, not a bare question id


def test_report_screen_exports_the_workbook_and_the_plan(tiny_bank: Bank, tmp_path: Path) -> None:
    from interviewer.ui.screens.report import export_bytes

    s = noted(tiny_bank)
    data = report.build(tiny_bank, s)
    book = tmp_path / "r.xlsx"
    book.write_bytes(export_bytes("xlsx", data, s))
    assert load_workbook(book).sheetnames == ["摘要", "回答", "差距", "行动计划"]
    plan = export_bytes("plan", data, s).decode()
    assert (
        plan.startswith("# 行动计划: 华德 → 达标") and "## 1. 部门（5.1.1.1）（快速见效）" in plan
    )
    assert "> 备注: 有一个人兼管电话投诉" in plan


def test_the_band_names_every_tier_between_its_ends(bundled_bank: Bank, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A band of 84.4 – 100 spans 三星, 四星 and 五星: naming only its ends skipped 四星."""
    s = engine.new_session(bundled_bank, session_id=SID, now=NOW, mode="triage")
    q = engine.next_question(bundled_bank, s)
    assert q is not None
    s = engine.record(bundled_bank, s, q.id, "1", NOW)
    ev = evaluate(bundled_bank, s)
    monkeypatch.setattr(
        report, "likely_band", lambda _ev: (Fraction(844, 10), Fraction(100), Fraction(1, 2))
    )
    tri = report.triage_summary(bundled_bank, s, ev, "zh")
    assert tri["band"]["tiers"] == ["三星", "四星", "五星"]
