"""Reports and the three users' journeys: every export's content, the owner's checklist, the
trainer's class report and browser mode, the consultant's triage summary and compare."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from interviewer import cli
from tests.banks import TINY_ORDER

DATA = Path(__file__).resolve().parent.parent / "data"
TINY = str(DATA / "banks" / "tiny.yaml")


def run_answers(tmp_path: Path, name: str, answers: str, *extra: str) -> Path:
    src = tmp_path / f"answers-{abs(hash(name))}.yaml"
    src.write_text(answers, encoding="utf-8")
    out = tmp_path / "sessions" / f"{abs(hash(name)):032x}"[:32]
    out = out.with_name(f"{abs(hash(name)) % 16**32:032x}.json")
    code = cli.main(
        ["run", "--bank", TINY, "--answers", str(src), "--out", str(out), "--name", name, *extra]
    )
    assert code == 0
    return out


FULL = """p.delivery: "yes"
e.legal: 是
s.law: 0
s.bonus: 否
5.1.1.1-a: 有
5.1.1.1-b: 部分
5.1.1.2-a: 1
5.1.1.2-b: 8/10
5.2.1-i1-a: 是
5.2.1-i2-a: "no"
"""
# 5.1.1.1: 0 (informal follow-up); 5.1.1.2: 0.8 × 30 = 24; 5.2.1-i1: 20; 5.2.1-i2: 0 → 44 / 100 → fail


def report(capsys: pytest.CaptureFixture[str], session: Path, fmt: str, *extra: str) -> str:
    capsys.readouterr()
    assert cli.main(["report", str(session), "--bank", TINY, "--format", fmt, *extra]) == 0
    return capsys.readouterr().out


def test_markdown_has_score_formula_gaps_and_estimate_note(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    s = run_answers(tmp_path, "md", FULL)
    md = report(capsys, s, "md")
    assert "**得分: 44.0 — 不合格**" in md
    assert "44.0 ÷ 100.0 × 100 − 0 + 0 = 44.0" in md
    assert (
        "### 5.1.1.1 部门 — 失分 30.00（快速见效" in md
    )  # informal follow-up flagged as a quick win
    assert (
        md.index("5.1.1.1 部门") < md.index("5.2.1-i2 验收") < md.index("5.1.1.2 人员")
    )  # ranked by points lost
    assert "组内各条款的分值是本工具的估计" not in md  # the tiny bank has its own note …
    assert "Points below the groups are estimates" not in md
    assert "组内分值为估计值" in md  # … the loader's default label, in Chinese
    # one low-effort fix: 74 / 100; then two, by title, quick win first
    assert "### 达标：改 1 条，工作量合计 1，改后约 74.0 分\n\n1. 部门（5.1.1.1）：工作量小" in md
    assert (
        "### 三星：改 2 条，工作量合计 2，改后约 94.0 分\n\n"
        "1. 部门（5.1.1.1）：工作量小，可多得 30.00 分；快速见效\n"
        "2. 验收（5.2.1-i2）：工作量小，可多得 20.00 分\n"
    ) in md
    assert "工作量按条款计：小 = 1、中 = 2、大 = 3" in md or "小 = 1、中 = 2、大 = 3" in md


def test_html_is_self_contained_and_complete(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    s = run_answers(tmp_path, "html", FULL)
    page = report(capsys, s, "html", "--lang", "en")
    assert page.startswith("<!DOCTYPE html>")
    for external in ("http://", "https://", "src=", "@import", "url(", "<link", "<script"):
        assert external not in page, external
    assert page.count("<div class='track'") == 2  # one bar per group, two groups
    assert "<main>" in page and "</main>" in page  # a main landmark for screen readers
    assert (
        "class='cell not_met'" in page
        and "class='cell partial'" in page
        and "class='cell met'" in page
    )
    assert (
        "44.0" in page and "Fail" in page and "Weakest clauses" in page and "Upgrade path" in page
    )
    assert "estimates" in page


def test_html_escapes_user_text(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    s = run_answers(tmp_path, "<script>alert(1)</script>", FULL)
    page = report(capsys, s, "html")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_csv_has_every_answer_with_credit_and_points(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    s = run_answers(
        tmp_path,
        "csv",
        FULL + '"5.1.1.1-a": "=HYPERLINK(1)"\n'.replace('"5.1.1.1-a": "=HYPERLINK(1)"\n', ""),
    )
    text = report(capsys, s, "csv").lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["question"] for r in rows] == TINY_ORDER
    by_q = {r["question"]: r for r in rows}
    assert by_q["5.1.1.2-b"]["credit"] == "0.8" and by_q["5.1.1.2-b"]["points"] == "30.0"
    assert by_q["5.1.1.2-b"]["answer"] == "抽查 10 份，8 份合格"
    assert by_q["5.1.1.1-b"]["credit"] == "0.0" and by_q["5.1.1.1-b"]["clause"] == "5.1.1.1"


def test_csv_neutralises_formulas_in_notes(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    s = run_answers(tmp_path, "formula", FULL)
    doc = json.loads(s.read_text("utf-8"))
    doc["answers"]["p.delivery"]["note"] = "=cmd|' /C calc'!A0"
    s.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    text = report(capsys, s, "csv")
    assert "'=cmd|" in text


def test_json_report_keys_and_values(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    s = run_answers(tmp_path, "json", FULL)
    data = json.loads(report(capsys, s, "json"))
    assert data["score"] == 44.0 and data["tier"] == "fail" and data["complete"] is True
    assert data["range"] == {"min": 44.0, "max": 44.0, "tiers": ["fail"], "tier_labels": ["不合格"]}
    assert [g["id"] for g in data["groups"]] == ["5.1", "5.2"]
    assert data["groups"][0]["earned"] == 24.0 and data["groups"][0]["applicable"] == 60.0


def test_checklist_marks_ready_and_missing_and_lists_materials(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    s = run_answers(tmp_path, "checklist", FULL)
    capsys.readouterr()
    assert cli.main(["checklist", str(s), "--bank", TINY]) == 0
    out = capsys.readouterr().out
    assert (
        "已备 1 项，缺少 3 项，待查 0 项。" in out
    )  # one evidence line per item: i1 ready; 5.1.1.1, 5.1.1.2, i2 missing
    assert "- [x] [已备] 送货单" in out
    assert "- [ ] [缺少] 架构图" in out
    # the bundled bank adds application materials, some only for some profiles
    bundled = materials(run_bundled(tmp_path, capsys, {"p.outlets": "2"}))
    assert "委托网点的合作协议和对方资质证明" in bundled and "营业执照副本复印件" in bundled
    not_entrusted = materials(run_bundled(tmp_path, capsys, {"p.outlets": "1"}))
    assert (
        "委托网点的合作协议和对方资质证明" not in not_entrusted
        and "营业执照副本复印件" in not_entrusted
    )


def materials(checklist: str) -> str:
    return checklist.split("## 申请材料", 1)[1].split("## 各条款的证据", 1)[0]


def run_bundled(tmp_path: Path, capsys, answers: dict[str, str]) -> str:  # type: ignore[no-untyped-def]
    src = tmp_path / "bundled.yaml"
    src.write_text("".join(f'"{k}": "{v}"\n' for k, v in answers.items()), encoding="utf-8")
    out = tmp_path / "b" / f"{len(list(tmp_path.glob('b/*'))):032x}.json"
    assert cli.main(["run", "--answers", str(src), "--out", str(out)]) == 0
    capsys.readouterr()
    assert cli.main(["checklist", str(out)]) == 0
    return capsys.readouterr().out


def test_compare_reports_a_known_change(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    before = run_answers(tmp_path, "before", FULL)
    after = run_answers(
        tmp_path,
        "after",
        FULL.replace('5.2.1-i2-a: "no"', "5.2.1-i2-a: 是").replace(
            "5.1.1.2-b: 8/10", "5.1.1.2-b: 5/10"
        ),
    )
    capsys.readouterr()
    assert cli.main(["compare", str(before), str(after), "--bank", TINY, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    # after: 0 + 15 + 20 + 20 = 55 → +11.0, still fail
    assert "- Change: +11.0" in out
    assert re.search(r"## Improved \(1\)\n\n- 5\.2\.1-i2 ", out)
    assert re.search(r"## Fell back \(1\)\n\n- 5\.1\.1\.2 ", out)


def test_class_report_on_a_handmade_class(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    run_answers(tmp_path, "a", FULL)  # 44 fail
    run_answers(
        tmp_path,
        "b",
        FULL.replace('5.2.1-i2-a: "no"', "5.2.1-i2-a: 是")
        .replace("5.1.1.1-b: 部分", "5.1.1.1-b: 是")
        .replace("5.1.1.2-b: 8/10", "5.1.1.2-b: 10/10"),
    )  # 100
    run_answers(
        tmp_path,
        "c",
        FULL.replace('5.2.1-i2-a: "no"', "5.2.1-i2-a: 是").replace(
            "5.1.1.1-b: 部分", "5.1.1.1-b: 是"
        ),
    )  # 30+24+20+20 = 94 four-star
    (tmp_path / "sessions" / "broken.json").write_text("{", encoding="utf-8")
    capsys.readouterr()
    assert (
        cli.main(["class-report", str(tmp_path / "sessions"), "--bank", TINY, "--lang", "en"]) == 0
    )
    captured = capsys.readouterr()
    out = captured.out
    assert "# Class report (3 finished)" in out
    assert (
        "- Fail: 1" in out
        and "- Four-star: 1" in out
        and "- Five-star: 1" in out
        and "- Compliant (达标): 0" in out
    )
    assert "min 44.0 · Q1 69.0 · median 94.0 · Q3 97.0 · max 100.0" in out
    assert "| 5.1.1.1 Department | 67% | 3 |" in out
    assert "| 5.1.1.2 Staff | 33% | 3 |" in out
    assert out.count("- 5.1.1.2 Staff: ") == 1  # a gap, ranked by the points the class lost
    assert "broken.json" in captured.err  # a damaged file is reported, not silently dropped
    assert (
        cli.main(["class-report", str(tmp_path / "sessions"), "--bank", TINY, "--format", "csv"])
        == 0
    )
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff"))))
    assert [r["score"] for r in rows] == ["100.0", "94.0", "44.0"]


def test_triage_ends_with_a_one_page_summary(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "t.yaml"
    src.write_text('p.type: "2"\np.delivery: "1"\ne.legal_entity: 是\n', encoding="utf-8")
    out = tmp_path / "tri" / ("ab" * 16 + ".json")
    assert (
        cli.main(
            [
                "run",
                "--answers",
                str(src),
                "--out",
                str(out),
                "--mode",
                "triage",
                "--triage-limit",
                "5",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert cli.main(["report", str(out), "--format", "md"]) == 0
    md = capsys.readouterr().out
    assert (
        "## 初筛一页摘要" in md
        and "理论范围（所有未答问题取最差或最好时）" in md
        and "还不能估计" in md  # nothing scored after five profile questions: no band yet
        and "建议的下一步" in md
        and "完整访谈还会覆盖" in md
    )
    data = json.loads(_json(capsys, out))
    assert data["triage"]["full_interview_adds"]["questions"] > 50
    assert data["triage"]["range"]["tiers"][0] == "不合格"


def _json(capsys, path: Path) -> str:  # type: ignore[no-untyped-def]
    assert cli.main(["report", str(path), "--format", "json"]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "example.org", "::"])
def test_serve_refuses_a_non_loopback_address_without_the_flag(host: str, capsys) -> None:  # type: ignore[no-untyped-def]
    assert cli.main(["serve", "--host", host]) == 2
    err = capsys.readouterr().err
    assert (
        f"refusing to serve on {host}" in err
        and "--allow-remote" in err
        and "no authentication" in err
    )


def test_serve_binds_loopback_by_default_and_warns_when_remote(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from interviewer import serve

    started: list[dict[str, object]] = []

    class FakePreloader:
        def __init__(self, services: object) -> None:
            started.append({"served": getattr(services, "served", False)})

        def close(self) -> None:
            return None

    monkeypatch.setattr(serve, "Preloader", FakePreloader)
    monkeypatch.setattr(serve, "warm_up", lambda services: None)
    monkeypatch.setattr(serve, "_serve_forever", lambda server, host: started[-1].update(host=host))
    assert cli.main(["serve"]) == 0
    assert started[-1] == {"served": True, "host": "127.0.0.1"}
    assert "WARNING" not in capsys.readouterr().err
    assert cli.main(["serve", "--host", "0.0.0.0", "--allow-remote"]) == 0
    assert "NO authentication" in capsys.readouterr().err


async def test_served_mode_offers_no_session_list_or_paths(tmp_path: Path) -> None:
    from interviewer.ui.app import make_app
    from tests.ui.conftest import services

    (tmp_path / "someone-else").mkdir()
    app = make_app(services(tmp_path / "sessions", served=True))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert not app.screen.query("#resume") and not app.screen.query("#path")
        assert app.screen.query("#code")
        for _ in range(6):
            app.resume_code("0" * 32)
        await pilot.pause()
        assert app.services.throttle.blocked()  # throttled after five wrong codes
        app.screen.query_one("#new").press()
        await pilot.pause()
        code = app.code
        assert code is not None and len(code) == 34
        from interviewer.ui.widgets.transcript import Transcript

        text = "\n".join(strip.text for strip in app.screen.query_one(Transcript).lines)
        assert code in text and "续答码" in text


V2_ORPHANS = Path(__file__).resolve().parents[1] / "data" / "sessions" / "v2" / "tiny-orphans.json"


def _every_figure(capsys, folder: Path, path: Path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """What every command shows for one session file."""
    shown = {}
    for name, argv in {
        "report": ["report", str(path), "--format", "json"],
        "md": ["report", str(path), "--format", "md"],
        "checklist": ["checklist", str(path)],
        "compare": ["compare", str(path), str(path)],
        "class": ["class-report", str(folder), "--format", "csv"],
        "sessions": ["--sessions-dir", str(folder), "sessions"],
        "validate": ["validate", str(path)],
    }.items():
        capsys.readouterr()
        assert cli.main([*argv, "--bank", TINY]) == 0, name
        out = capsys.readouterr().out
        shown[name] = out.replace(str(folder), "<folder>")
    data = json.loads(shown["report"])
    shown["report"] = json.dumps({k: data[k] for k in ("score", "tier", "range", "exact", "items")})
    return shown


def test_figures_edited_into_a_session_file_change_nothing_shown(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """A trainee hands in a file whose stored summary says 100 points, 五星, every clause met: no
    command shows any of it; every figure comes from the answers."""
    honest, forged = tmp_path / "honest", tmp_path / "forged"
    for folder in (honest, forged):
        folder.mkdir()
        shutil.copyfile(V2_ORPHANS, folder / V2_ORPHANS.name)
    doc = json.loads((forged / V2_ORPHANS.name).read_text("utf-8"))
    doc["summary"] = {
        "score": 100.0,
        "min": 100.0,
        "max": 100.0,
        "tier": "five_star",
        "complete": True,
        "range_tiers": ["five_star"],
        "answered": 99,
        "total": 99,
        "scored_answers": 99,
        "bank_sha256": doc["bank"]["sha256"],
        "items": {i: 1 for i in ("5.1.1.1", "5.1.1.2", "5.2.1-i1", "5.2.1-i2")},
    }
    for a in doc["answers"].values():
        a["active"] = True
    (forged / V2_ORPHANS.name).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    before = _every_figure(capsys, honest, honest / V2_ORPHANS.name)
    after = _every_figure(capsys, forged, forged / V2_ORPHANS.name)
    assert after == before
    assert "100.0" not in after["class"] and "五星" not in after["md"]


def test_a_current_file_with_figures_added_is_refused_not_believed(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = run_answers(tmp_path, "added", FULL)
    doc = json.loads(path.read_text("utf-8"))
    doc["summary"] = {"score": 100.0, "tier": "five_star"}
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["class-report", str(path), "--bank", TINY, "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    assert "unknown field(s): 'summary'" in err  # listed as a file that could not be read
    assert "100.0" not in out and "five_star" not in out


# -- no figure crosses a tier line by rounding --------------------------------------------------------

from tests.near_tiers import (  # noqa: E402
    NEAR,
    ONE_SAMPLED,
    OPEN_RANGE,
    OPEN_SAMPLE,
    SCORE,
    UPGRADE_REPLIES,
    sampled_replies,
    write_session,
)


def _report(capsys, session: Path, fmt: str, bank: str = ONE_SAMPLED, *extra: str) -> str:  # type: ignore[no-untyped-def]
    capsys.readouterr()
    assert cli.main(["report", str(session), "--bank", bank, "--format", fmt, *extra]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize(("sample", "shown", "forbidden", "tier"), NEAR)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_md_and_html_never_round_a_score_over_a_tier_line(
    tmp_path: Path, capsys, sample: str, shown: str, forbidden: str, tier: str, lang: str
) -> None:  # type: ignore[no-untyped-def]
    s = write_session(tmp_path / "sessions", "near", sampled_replies(sample))
    md = _report(capsys, s, "md", ONE_SAMPLED, "--lang", lang)
    label = {"fail": ("不合格", "Fail"), "compliant": ("达标", "Compliant (达标)")}[tier]
    head = f"**得分: {shown} — {label[0]}**" if lang == "zh" else f"**Score: {shown} — {label[1]}**"
    assert head in md
    assert forbidden not in md
    page = _report(capsys, s, "html", ONE_SAMPLED, "--lang", lang)
    assert f'<span class="score">{shown}</span>' in page
    assert forbidden not in page


def test_json_carries_the_true_value_and_the_exact_fraction(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    s = write_session(tmp_path / "sessions", "json", sampled_replies("6998/10000"))
    data = json.loads(_report(capsys, s, "json"))
    assert (data["score"], data["tier"]) == (69.98, "fail")
    assert (data["range"]["min"], data["range"]["max"]) == (69.98, 69.98)
    assert data["exact"] == {
        "score": "3499/50",
        "range_min": "3499/50",
        "range_max": "3499/50",
        "earned": "3499/50",
        "applicable": "100",
    }


def test_md_and_html_never_round_a_range_over_a_tier_line(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    s = write_session(tmp_path / "sessions", "open", sampled_replies(OPEN_SAMPLE, bonus=None))
    md = _report(capsys, s, "md")
    low, high = OPEN_RANGE
    assert f"理论范围: {low} – {high} (达标)" in md
    assert "80.0" not in md
    page = _report(capsys, s, "html")
    assert f"<b>{low} – {high}</b>" in page and "80.0" not in page


def test_the_upgrade_path_never_rounds_a_score_over_a_tier_line(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    s = write_session(tmp_path / "sessions", "upgrade", UPGRADE_REPLIES, bank=SCORE)
    md = _report(capsys, s, "md", SCORE)
    assert "### 达标：改 1 条，工作量合计 1，改后约 89.9 分" in md
    assert "90.0" not in md
    page = _report(capsys, s, "html", SCORE)
    assert "<td class='num'>89.9</td>" in page and "90.0" not in page


@pytest.mark.parametrize("fmt", ["md", "html", "csv"])
def test_the_class_report_never_rounds_a_score_over_a_tier_line(
    tmp_path: Path, capsys, fmt: str
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "sessions"
    for sample, _, _, _ in NEAR:
        write_session(folder, sample.replace("/", "-"), sampled_replies(sample))
    open_path = write_session(folder, "open", sampled_replies(OPEN_SAMPLE, bonus=None))
    assert open_path.exists()
    capsys.readouterr()
    assert cli.main(["class-report", str(folder), "--bank", ONE_SAMPLED, "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert "70.0" not in out and "80.0" not in out
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
        assert [(r["score"], r["open_questions"], r["status"]) for r in rows] == [
            ("79.9", "0", "完成"),
            ("69.9", "0", "完成"),
            ("79.0", "1", "未完成"),
        ]
    elif fmt == "md":
        assert "| 79.9 | 达标 |" in out and "| 69.9 | 不合格 |" in out
        assert "| 79.0（暂定） | 1 |" in out  # started: apart, not in the spread
        assert "min 69.9 · Q1 72.5 · 中位数 75.0 · Q3 77.5 · max 79.9" in out
    else:
        assert "'>69.9</td>" in out and "'>79.9</td>" in out
        assert "min 69.9 · Q1 72.5" in out and "max 79.9" in out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_compare_never_rounds_a_score_over_a_tier_line(one_sampled_bank, interview, lang) -> None:  # type: ignore[no-untyped-def]
    from interviewer.core import compare

    old = interview(one_sampled_bank, sampled_replies("6998/10000"))
    new = interview(one_sampled_bank, sampled_replies("7999/10000"))
    out = compare.render(one_sampled_bank, one_sampled_bank, old, new, lang)
    if lang == "zh":
        assert "— 69.9 不合格" in out and "— 79.9 达标" in out and "变化: +10.0 (" in out
    else:
        assert "— 69.9 Fail" in out and "— 79.9 Compliant" in out and "Change: +10.0 (" in out
    assert "70.0" not in out and "80.0" not in out
    back = compare.render(one_sampled_bank, one_sampled_bank, new, old, lang)
    assert "−10.0" in back
