"""Eligibility and clause answers that say the same thing (售后服务管理师, dedicated staff and
budget): a contradiction is pointed out at the answer that makes it, and listed to verify."""

from __future__ import annotations

import pytest

from interviewer.core import crosscheck, engine, report
from interviewer.core.conversation import Conversation

NOW = "2026-12-02T10:00:00+08:00"


def talk_with(bank, **answers: object) -> Conversation:  # type: ignore[no-untyped-def]
    s = engine.new_session(bank, session_id="e" * 32, now=NOW)
    for qid, value in answers.items():
        s = engine.set_value(bank, s, qid, value, NOW)
    return Conversation(bank, s, save=lambda x: x, clock=lambda: NOW)


def warned(events) -> list[str]:  # type: ignore[no-untyped-def]
    return [e.text for e in events if e.kind == "info" and e.text.startswith("⚠")]


def test_the_pairs_name_real_questions_and_options(bundled_bank) -> None:
    for pair in crosscheck.PAIRS:
        first, second = bundled_bank.question(pair.first), bundled_bank.question(pair.second)
        assert first.section == "eligibility" and second.section == "item"
        for a, b in pair.clashes:
            assert first.option(a) is not None and second.option(b) is not None, (pair, a, b)


def test_a_clause_answer_that_contradicts_the_eligibility_answer_is_pointed_out(
    bundled_bank,
) -> None:
    talk = talk_with(bundled_bank, **{"e.trained_manager": "yes"})
    talk.jump("5.1.2.2")
    assert talk.current is not None and talk.current.id == "5.1.2.2-a"
    events = talk.submit("3")  # 一个都没有
    assert talk.session.answers["5.1.2.2-a"].value == "none"
    (text,) = warned(events)
    assert "对不上" in text and "售后服务管理师" in text and "是" in text
    # the warning comes right after the answer it is about, before the next question
    kinds = [e.kind for e in events]
    assert kinds.index("user") < kinds.index("info") < kinds.index("ask")
    data = report.build(bundled_bank, talk.session, "zh")
    listed = [v["question"] for v in data["verify_before_applying"]]
    assert listed == ["e.trained_manager", "5.1.2.2-a"]


def test_changing_the_eligibility_answer_afterwards_is_pointed_out_too(bundled_bank) -> None:
    talk = talk_with(bundled_bank, **{"e.staff_funding": "yes", "5.1.3.1-a": "documented"})
    talk.jump("e.staff_funding")
    events = talk.submit("2")  # 否
    (text,) = warned(events)
    assert "5.1.3.1" in text and "/jump 5.1.3.1" in text


@pytest.mark.parametrize(
    ("gate", "clause", "value"),
    [
        ("yes", "5.1.2.2", "reaches_10pct"),
        ("yes", "5.1.2.2", "below_10pct"),
        ("no", "5.1.2.2", "none"),
    ],
)
def test_answers_that_agree_say_nothing(bundled_bank, gate, clause, value) -> None:
    talk = talk_with(bundled_bank, **{"e.trained_manager": gate})
    talk.jump(clause)
    q = talk.current
    assert q is not None
    events = talk.choose_value(value)
    assert warned(events) == []
    data = report.build(bundled_bank, talk.session, "zh")
    assert data["verify_before_applying"] == []


def test_english_session_is_warned_in_english(bundled_bank) -> None:
    talk = talk_with(bundled_bank, **{"e.staff_funding": "no"})
    talk.session = engine.set_language(talk.session, "en")
    talk.jump("5.1.1.1")
    (text,) = warned(talk.choose_value("documented"))
    assert text.startswith("⚠ This does not agree") and "Yes" not in text and "No" in text
