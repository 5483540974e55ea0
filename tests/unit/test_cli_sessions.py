"""The command line: run (scripted answers), report (json / md), validate, sessions."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from interviewer import cli
from interviewer.core import store

DATA = Path(__file__).resolve().parents[1] / "data"
TINY = str(DATA / "banks" / "tiny.yaml")
SCORE = str(DATA / "banks" / "score.yaml")
ONE_SAMPLED = str(DATA / "banks" / "one_sampled.yaml")
ANSWERS = DATA / "answers"
ORPHANS = DATA / "sessions" / "v2" / "tiny-orphans.json"
REPORT_KEYS = {
    "score",
    "tier",
    "range",
    "earned",
    "applicable",
    "special_deductions",
    "bonus",
    "eligible",
    "eligibility_issues",
    "groups",
    "weakest",
    "upgrade_path",
    "answered",
    "unanswered",
    "formula",
    "weight_robustness",
}
TIERS = {"fail", "compliant", "three_star", "four_star", "five_star"}


def run_cli(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.fixture
def score_session(capsys, tmp_sessions):
    code, out, err = run_cli(
        capsys,
        "--bank",
        SCORE,
        "run",
        "--answers",
        ANSWERS / "score_known.yaml",
        "--name",
        "Acme 测试",
    )
    assert code == 0, err
    return Path(out.strip())


# -- run ---------------------------------------------------------------------------------------------


def test_run_writes_a_valid_session(capsys, tmp_sessions, tiny_bank):
    code, out, err = run_cli(
        capsys, "--bank", TINY, "run", "--answers", ANSWERS / "tiny_full.yaml", "--name", "Acme Q3"
    )
    assert code == 0, err
    path = Path(out.strip())
    assert path.parent == tmp_sessions
    assert re.fullmatch(r"[0-9a-f]{32}\.json", path.name)  # never the display name
    assert err.strip() == "answered 9, skipped 0, still to ask 0"
    s, fmt = store.read(path)
    assert (fmt, s.display_name, s.revision, s.bank_id) == (4, "Acme Q3", 0, "tiny")
    # typed as YAML would mangle them: `no` (a boolean) and `1` (a number) arrive as typed
    values = {k: (a.status, a.value) for k, a in s.answers.items()}
    assert values["p.delivery"] == ("answered", "no")
    assert values["s.bonus"] == ("answered", "no")
    assert values["s.law"] == ("answered", 1)
    assert values["5.1.1.1-a"] == ("answered", "documented")
    assert values["5.1.1.1-b"] == ("answered", "informal")
    assert values["5.1.1.2-a"] == ("answered", "documented")
    assert values["5.1.1.2-b"][1].n == 3 and values["5.1.1.2-b"][1].m == 10
    assert s.answers["5.2.1-i2-a"].status == "na"
    assert s.answers["5.2.1-i2-a"].note == "我们只在门店交货"
    doc = json.loads(path.read_bytes())
    assert "summary" not in doc  # the file keeps the answers; every figure is derived


def test_two_runs_get_different_random_names(capsys, tmp_sessions):
    for _ in range(2):
        assert (
            run_cli(capsys, "--bank", TINY, "run", "--answers", ANSWERS / "tiny_full.yaml")[0] == 0
        )
    names = [n for n in files(tmp_sessions) if n.endswith(".json")]
    assert len(names) == 2 and names[0] != names[1]


def test_run_unknown_question_id_writes_nothing(capsys, tmp_sessions):
    code, out, err = run_cli(
        capsys, "--bank", TINY, "run", "--answers", ANSWERS / "tiny_unknown_id.yaml"
    )
    assert code == 2
    assert out == ""
    assert err.splitlines() == [
        "Answers file problem:",
        f"{ANSWERS / 'tiny_unknown_id.yaml'}: unknown question id '5.9.9-a'",
    ]
    assert files(tmp_sessions) == []


def test_run_bad_answer_writes_nothing(capsys, tmp_sessions):
    code, out, err = run_cli(
        capsys, "--bank", TINY, "run", "--lang", "en", "--answers", ANSWERS / "tiny_bad_answer.yaml"
    )
    assert code == 2
    assert out == ""
    lines = err.splitlines()
    assert lines[0] == "That answer doesn't fit:"
    assert "5.1.1.2-b = '11/10': The number fine (11) cannot exceed the number checked (10)." in err
    assert "5.2.1-i1-a = '不适用': Give a reason for 'not applicable'" in err
    assert lines[-1] == "Nothing was written."
    assert files(tmp_sessions) == []


def test_run_out_file(capsys, tmp_path):
    out_file = tmp_path / "exports" / "mine.json"
    code, out, _ = run_cli(
        capsys, "--bank", TINY, "run", "--answers", ANSWERS / "tiny_full.yaml", "--out", out_file
    )
    assert code == 0 and out.strip() == str(out_file)
    s, _ = store.read(out_file)
    assert s.revision == 0 and re.fullmatch(r"[0-9a-f]{32}", s.id)
    assert oct(os.stat(out_file).st_mode & 0o777) == "0o600"


# -- report ------------------------------------------------------------------------------------------


def test_report_json_known_values(capsys, score_session):
    code, out, err = run_cli(capsys, "--bank", SCORE, "report", score_session, "--format", "json")
    assert code == 0, err
    r = json.loads(out)
    assert set(r) >= REPORT_KEYS
    assert r["tier"] in TIERS
    assert (r["score"], r["tier"]) == (57.0, "fail")
    assert r["range"] == {
        "min": 57.0,
        "max": 57.0,
        "tiers": ["fail"],
        "tier_labels": ["不合格"],
    }
    assert (r["earned"], r["applicable"]) == (45.0, 75.0)
    assert (r["special_deductions"], r["bonus"]) == (4, 1)
    assert r["deduction_warning"].startswith("已有 4 项特别扣分")
    assert (r["eligible"], r["eligibility_issues"]) == (False, ["需要独立法人资格"])
    assert [{k: g[k] for k in ("id", "earned", "applicable", "max")} for g in r["groups"]] == [
        {"id": "5.1", "earned": 45.0, "applicable": 60.0, "max": 60.0},
        {"id": "5.2", "earned": 0.0, "applicable": 15.0, "max": 40.0},
    ]
    assert [
        {k: w[k] for k in ("clause", "points_lost", "effort", "fix")} for w in r["weakest"]
    ] == [
        {"clause": "5.2.1-i2", "points_lost": 15.0, "effort": "low", "fix": ["记录"]},
        {"clause": "5.1.1.3", "points_lost": 10.0, "effort": "high", "fix": ["设监督岗"]},
        {"clause": "5.1.1.2", "points_lost": 5.0, "effort": "medium", "fix": ["培训"]},
    ]
    assert [
        {k: u[k] for k in ("tier", "clauses", "effort", "reachable")} for u in r["upgrade_path"]
    ] == [
        {"tier": "compliant", "clauses": ["5.2.1-i2"], "effort": 1, "reachable": True},
        {"tier": "three_star", "clauses": ["5.2.1-i2", "5.1.1.2"], "effort": 3, "reachable": True},
        {"tier": "four_star", "clauses": ["5.2.1-i2", "5.1.1.3"], "effort": 4, "reachable": True},
        {
            "tier": "five_star",
            "clauses": ["5.2.1-i2", "5.1.1.3", "5.1.1.2"],
            "effort": 6,
            "reachable": True,
        },
    ]
    # unrounded (rounding is the renderers' job): 251/3 and 271/3
    assert [u["score_after"] for u in r["upgrade_path"]] == [77.0, 251 / 3, 271 / 3, 97.0]
    assert (r["answered"], r["unanswered"]) == (11, 0)
    assert r["formula"] == (
        "得分 = 实得分 ÷ 涉及项分值 × 100 − 特别扣分 + 特别加分 = 45.0 ÷ 75.0 × 100 − 4 + 1 = 60.0 − 4 + 1 = 57.0"
    )
    rob = r["weight_robustness"]
    assert (rob["verdict"], rob["tiers_seen"], rob["method"]) == ("robust", ["fail"], "exact")
    assert "samples" not in rob
    # lowest: the two unmet items heavy, the others light: 31.5 / 67.5 = 7/15 → 46.67 − 4 + 1;
    # highest: 5.1.1.1 and 5.1.1.2 heavy: 58.5 / 82.5 = 39/55 → 70.91 − 4 + 1 (exact, unrounded)
    assert (rob["score_low"], rob["score_high"]) == (131 / 3, 747 / 11)
    assert rob["score_low"] < 57.0 < rob["score_high"] < 70.0
    assert [(x["clause"], x["excluded_reason"]) for x in r["excluded"]] == [
        ("5.2.1-i1", "我们不需要签收")
    ]
    assert r["session"]["display_name"] == "Acme 测试"


def test_report_json_in_english(capsys, score_session):
    code, out, _ = run_cli(
        capsys, "--bank", SCORE, "report", score_session, "--format", "json", "--lang", "en"
    )
    r = json.loads(out)
    assert code == 0
    assert r["formula"] == (
        "score = earned ÷ applicable × 100 − special deductions + bonus = 45.0 ÷ 75.0 × 100 − 4 + 1 = 60.0 − 4 + 1 = 57.0"
    )
    assert r["eligibility_issues"] == ["Needs independent legal-person status"]
    assert r["weakest"][0]["fix"] == ["Record"]


def test_report_md_has_score_and_formula(capsys, score_session):
    code, out, _ = run_cli(capsys, "--bank", SCORE, "report", score_session, "--format", "md")
    assert code == 0
    assert "**得分: 57.0 — 不合格**" in out
    assert (
        "计算公式: 得分 = 实得分 ÷ 涉及项分值 × 100 − 特别扣分 + 特别加分 = 45.0 ÷ 75.0 × 100"
        in out
    )
    assert "需要独立法人资格" in out


def test_report_by_id_and_to_a_file(capsys, score_session, tmp_path):
    sid = score_session.stem
    target = tmp_path / "r.json"
    code, out, _ = run_cli(
        capsys, "--bank", SCORE, "report", sid, "--format", "json", "--out", target
    )
    assert code == 0 and out.strip() == str(target)
    assert json.loads(target.read_text("utf-8"))["score"] == 57.0


def test_report_partial_session_shows_range(capsys, tmp_sessions):
    code, out, _ = run_cli(
        capsys, "--bank", TINY, "run", "--answers", ANSWERS / "tiny_partial.yaml"
    )
    assert code == 0
    code, out, _ = run_cli(capsys, "--bank", TINY, "report", out.strip(), "--format", "json")
    r = json.loads(out)
    assert (r["score"], r["complete"], r["answered"], r["unanswered"]) == (100.0, False, 6, 3)
    assert r["range"]["min"] == 30.0 and r["range"]["max"] == 100.0
    assert r["range"]["tiers"] == ["fail", "compliant", "three_star", "four_star", "five_star"]
    assert [u["clause"] for u in r["unknown"]] == ["5.1.1.2", "5.2.1-i1", "5.2.1-i2"]


def test_report_of_a_damaged_file(capsys, tmp_sessions):
    tmp_sessions.mkdir(mode=0o700)
    bad = tmp_sessions / ("a" * 32 + ".json")
    bad.write_bytes(b"[]")
    code, out, err = run_cli(capsys, "--bank", TINY, "report", bad, "--format", "json")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "Session file problem:",
        f"{bad} is not a session file (expected an object at the top level).",
    ]
    assert bad.read_bytes() == b"[]"


# -- validate, sessions ------------------------------------------------------------------------------


def test_validate(capsys, score_session):
    code, out, _ = run_cli(capsys, "--bank", SCORE, "validate", score_session)
    assert code == 0
    assert (
        out.strip()
        == f"{score_session}: valid session (format 4), 11 answers, 11/11 answered, revision 0"
    )


def test_validate_reports_orphans(capsys, tmp_sessions):
    tmp_sessions.mkdir(mode=0o700)
    path = tmp_sessions / ORPHANS.name
    shutil.copyfile(ORPHANS, path)
    before = path.read_bytes()
    code, out, err = run_cli(capsys, "--bank", TINY, "validate", path)
    assert code == 0
    assert out.splitlines() == [
        f"{path}: valid session (format 4), 7 answers, 7/9 answered, revision 3",
        "  2 orphaned answer(s) kept: 5.1.1.9-a, 5.3.1-i1-a",
    ]
    assert 'note: This session was answered with bank "tiny" v0.5' in err
    assert path.read_bytes() == before  # validate never writes


def test_validate_refuses_newer_format(capsys, tmp_sessions):
    tmp_sessions.mkdir(mode=0o700)
    path = tmp_sessions / ORPHANS.name
    doc = json.loads(ORPHANS.read_bytes())
    doc["schema_version"] = 99
    path.write_text(json.dumps(doc))
    code, _, err = run_cli(capsys, "--bank", TINY, "validate", path)
    assert code == 2
    assert "was written by a newer version of the app (format 99; this app reads up to 4)" in err


def test_sessions_lists_name_progress_and_score_or_range(capsys, tmp_sessions):
    assert (
        run_cli(
            capsys,
            "--bank",
            TINY,
            "run",
            "--answers",
            ANSWERS / "tiny_full.yaml",
            "--name",
            "完整公司",
        )[0]
        == 0
    )
    assert (
        run_cli(
            capsys,
            "--bank",
            TINY,
            "run",
            "--answers",
            ANSWERS / "tiny_partial.yaml",
            "--name",
            "Half Ltd",
        )[0]
        == 0
    )
    (tmp_sessions / ("e" * 32 + ".json")).write_bytes(b"")
    code, out, _ = run_cli(capsys, "--bank", TINY, "sessions", "--lang", "en")
    assert code == 0
    rows = out.splitlines()
    assert len(rows) == 3
    full = next(r for r in rows if "完整公司" in r)
    half = next(r for r in rows if "Half Ltd" in r)
    damaged = next(r for r in rows if "DAMAGED" in r)
    assert re.search(r"\b9/9\s+14\.0 Fail\b", full), full
    assert re.search(r"\b6/9\s+100\.0 so far · 3 open\b", half), half
    assert damaged.startswith("e" * 32 + "  ⚠ DAMAGED: ") and "is empty" in damaged
    # with the bundled bank loaded, these tiny-bank sessions are named, not scored and not damaged
    code, out, _ = run_cli(capsys, "sessions", "--lang", "en")
    assert sum("bank tiny (use --bank)" in r for r in out.splitlines()) == 2


def test_sessions_empty_folder(capsys, tmp_sessions):
    code, out, _ = run_cli(capsys, "sessions")
    assert (code, out.strip()) == (0, f"no sessions in {tmp_sessions}")


# -- one real process --------------------------------------------------------------------------------


def test_subprocess_run_then_report(tmp_path):
    env = dict(
        os.environ, INTERVIEWER_SESSIONS_DIR=str(tmp_path / "s"), XDG_DATA_HOME=str(tmp_path / "x")
    )
    root = Path(__file__).resolve().parents[2]

    def run_answers(name: str) -> subprocess.CompletedProcess[str]:
        command = [
            sys.executable,
            "-m",
            "interviewer",
            "--bank",
            TINY,
            "run",
            "--answers",
            str(ANSWERS / f"{name}.yaml"),
        ]
        return subprocess.run(
            command, capture_output=True, text=True, env=env, cwd=root, timeout=60
        )

    run = run_answers("tiny_full")
    assert run.returncode == 0, run.stderr
    path = Path(run.stdout.strip())
    assert path.parent == tmp_path / "s" and path.is_file()
    rep = subprocess.run(
        [
            sys.executable,
            "-m",
            "interviewer",
            "--bank",
            TINY,
            "report",
            path.stem,
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        timeout=60,
    )
    assert rep.returncode == 0, rep.stderr
    data = json.loads(rep.stdout)
    assert (data["score"], data["tier"], data["special_deductions"]) == (14.0, "fail", 1)
    bad = run_answers("tiny_unknown_id")
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr and "unknown question id '5.9.9-a'" in bad.stderr


def test_sessions_listing_never_rounds_a_score_over_a_tier_line(capsys, tmp_sessions):
    from tests.near_tiers import NEAR, OPEN_SAMPLE, sampled_replies, write_session

    for sample, _, _, _ in NEAR:
        write_session(tmp_sessions, sample.replace("/", "-"), sampled_replies(sample))
    write_session(tmp_sessions, "open", sampled_replies(OPEN_SAMPLE, bonus=None))
    capsys.readouterr()
    code, out, _ = run_cli(capsys, "--bank", ONE_SAMPLED, "sessions", "--lang", "en")
    assert code == 0
    rows = {
        name: next(r for r in out.splitlines() if name in r) for name in ("6998", "7999", "open")
    }
    assert re.search(r"\b3/3\s+69\.9 Fail\b", rows["6998"]), rows
    assert re.search(r"\b3/3\s+79\.9 Compliant\b", rows["7999"]), rows
    assert re.search(r"\s\d+\.\d so far · 1 open\s", rows["open"]), rows
    assert "70.0" not in out and "80.0" not in out


def test_report_md_says_the_weight_extremes_are_exact(capsys, score_session):
    code, out, _ = run_cli(capsys, "--bank", SCORE, "report", score_session, "--format", "md")
    assert code == 0
    assert (
        "（出现的星级：不合格；各条款权重在 ±30% 内任意取值时，得分最低 43.7、最高 67.9，"
        "是精确算出的最低与最高值）" in out
    )
    code, out, _ = run_cli(
        capsys, "--bank", SCORE, "report", score_session, "--format", "md", "--lang", "en"
    )
    assert (
        "(tiers seen: Fail; with every item weight anywhere within ±30%, the score ranges " in out
    )
    assert "from 43.7 to 67.9: the exact lowest and highest values)" in out
    assert not any(word in out for word in ("exhaustive", "sampled", "runs", "exact,"))
