"""`interviewer --plain`: a whole interview piped through stdin, checked on the report it prints."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"

ANSWERS = (
    "\n".join(
        [
            "1",  # p.delivery: yes
            "是",  # e.legal
            "0",  # s.law
            "否",  # s.bonus
            "有",  # 5.1.1.1-a documented
            "/note 架构图见附件",  # typed while 5.1.1.1-b is on screen: its note
            "是",  # 5.1.1.1-b documented
            "1",  # 5.1.1.2-a documented
            "８/１０",  # 5.1.1.2-b: full-width sample → 24 of 30
            "部分",  # 5.2.1-i1: informal → 0, quick win
            "不适用",  # 5.2.1-i2: asks for the reason next
            "我们不做签收",  # the reason
        ]
    )
    + "\n"
)


def run_plain(tmp_path: Path, text: str, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "INTERVIEWER_SESSIONS_DIR": str(tmp_path)}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "interviewer",
            "--bank",
            str(DATA / "banks" / "tiny.yaml"),
            "--plain",
            "--name",
            "管道",
            *extra,
        ],
        input=text,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_piped_interview_prints_the_report_and_saves_every_answer(tmp_path: Path) -> None:
    result = run_plain(tmp_path, ANSWERS)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    # 5.1: 30 + 24 = 54 of 60; 5.2: i1 0 of 20, i2 excluded → 54 / 80 × 100 = 67.5 → fail
    assert "得分: 67.5 — 不合格" in out
    assert "54.0 ÷ 80.0 × 100 − 0 + 0 = 67.5" in out
    assert "5.2.1-i1" in out and "快速见效" in out  # informal practice flagged as a quick win
    assert "5.2.1-i2 验收: 我们不做签收" in out  # excluded with its reason
    assert "Traceback" not in out + result.stderr
    doc = json.loads(next(tmp_path.glob("*.json")).read_text("utf-8"))
    assert doc["answers"]["5.1.1.1-b"]["note"] == "架构图见附件"
    assert doc["answers"]["5.1.1.1-a"]["note"] == ""
    assert doc["answers"]["5.1.1.2-b"]["value"] == {"n": 8, "m": 10}
    assert "summary" not in doc


def test_end_of_input_keeps_what_was_answered_and_resume_continues(tmp_path: Path) -> None:
    first = run_plain(tmp_path, "1\n是\n")
    assert first.returncode == 0 and "--resume" in first.stdout
    path = next(tmp_path.glob("*.json"))
    second = run_plain(tmp_path, "0\n", "--resume", path.stem)
    assert second.returncode == 0
    doc = json.loads(path.read_text("utf-8"))
    assert doc["answers"]["p.delivery"]["value"] == "yes"
    assert doc["answers"]["s.law"]["value"] == 0


def test_bad_answer_is_explained_and_asked_again(tmp_path: Path) -> None:
    result = run_plain(tmp_path, "7\n1\n", "--lang", "en")
    assert "! Choose a number from 1 to 2." in result.stdout
    doc = json.loads(next(tmp_path.glob("*.json")).read_text("utf-8"))
    assert doc["answers"]["p.delivery"]["value"] == "yes"


# -- /score never rounds a score over a tier line -----------------------------------------------------

import io  # noqa: E402

import pytest  # noqa: E402

from tests.near_tiers import NEAR, OPEN_RANGE, OPEN_SAMPLE, sampled_replies  # noqa: E402


def _score_line(bank, session) -> str:  # type: ignore[no-untyped-def]
    from interviewer.core.conversation import Conversation
    from interviewer.plain import render

    talk = Conversation(bank, session, save=lambda s: s, clock=lambda: "2024-05-01T09:00:00+08:00")
    talk.start()
    out = io.StringIO()
    for event in talk.submit("/score"):
        render(event, session.language, out, echo=False)
    return out.getvalue()


@pytest.mark.parametrize(("sample", "shown", "forbidden", "tier"), NEAR)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_score_command_never_rounds_over_a_tier_line(
    one_sampled_bank, interview, sample, shown, forbidden, tier, lang
) -> None:  # type: ignore[no-untyped-def]
    text = _score_line(
        one_sampled_bank, interview(one_sampled_bank, sampled_replies(sample), language=lang)
    )
    assert (f"得分 {shown}，" if lang == "zh" else f"Score {shown}:") in text
    assert forbidden not in text


def test_score_command_never_rounds_a_range_over_a_tier_line(one_sampled_bank, interview) -> None:  # type: ignore[no-untyped-def]
    text = _score_line(
        one_sampled_bank, interview(one_sampled_bank, sampled_replies(OPEN_SAMPLE, bonus=None))
    )
    low, high = OPEN_RANGE
    assert f"最终可能在 {low}–{high} 之间（达标）" in text and "80.0" not in text
