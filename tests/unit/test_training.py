"""Training mode's cards (`core/training.py`): explained once per clause, tied to the answer,
evidence filtered by the profile, the user's own numbers used, class material marked as inferred,
English punctuation in English cards."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest
from bank_helpers import problems, tiny_with

from interviewer.core import training
from interviewer.core.bank import Bank
from interviewer.core.conversation import Conversation, Event
from interviewer.core.session import Session

PROFILE = {
    "p.type": "manufacturer",
    "p.delivery": "yes",
    "p.installation": "yes",
    "p.tech_support": "yes",
    "p.repairable": "yes",
    "p.takeback": "durable",
    "p.outlets": "own",
    "p.outsourced_delivery": "no",
    "p.online": "no",
    "p.digital": "no",
    "p.service_staff": "20",
}


def _before_items(bank: Bank, **profile: str) -> dict[str, str]:
    """Answers to every question before the scored clauses: the profile (with overrides), yes to
    eligibility, nothing to deduct."""
    replies: dict[str, str] = {}
    for q in bank.questions:
        if q.section == "profile":
            replies[q.id] = profile.get(
                q.id, PROFILE.get(q.id, q.options[0].value if q.options else "1")
            )
        elif q.section == "eligibility":
            replies[q.id] = "yes"
        elif q.section == "special":
            replies[q.id] = "0" if q.type == "count" else "no"
    return replies


def _talk(
    bank: Bank, interview: Callable[..., Session], lang: str = "zh", **profile: str
) -> Conversation:
    session = interview(bank, _before_items(bank, **profile), mode="training", language=lang)
    talk = Conversation(bank, session, save=lambda s: s, clock=lambda: "2024-05-01T09:00:00+08:00")
    talk.start()
    return talk


def _cards(events: list[Event]) -> list[training.TrainingCard]:
    return [e.data for e in events if e.kind == "training"]


def _answer_until(talk: Conversation, item_id: str, reply: str = "1") -> None:
    """Answer every question before clause `item_id` with `reply`."""
    for _ in range(400):
        q = talk.current
        if q is None or q.item_id == item_id:
            break
        talk.submit("10/10" if q.type == "sampled" else reply)
    assert talk.current is not None, f"{item_id} was never asked"


def test_the_card_is_a_frozen_value() -> None:
    assert dataclasses.is_dataclass(training.TrainingCard)
    assert training.TrainingCard.__dataclass_params__.frozen  # type: ignore[attr-defined]


def test_a_clause_is_explained_once_not_after_each_of_its_questions(
    bundled_bank, interview
) -> None:  # type: ignore[no-untyped-def]
    talk = _talk(bundled_bank, interview)
    assert talk.current is not None and talk.current.id == "5.1.1.1-a"
    first = _cards(talk.submit("1"))
    assert talk.current is not None and talk.current.id == "5.1.1.1-b"
    second = _cards(talk.submit("1"))
    assert len(first) == 1 and len(second) == 1
    assert first[0].explained and "要求：" in first[0].text and "审核员会看：" in first[0].text
    assert not second[0].explained
    assert not any(line.startswith(("要求：", "审核员会看：")) for line in second[0].lines())
    assert first[0].requirement not in second[0].text


def test_a_resumed_session_does_not_explain_its_answered_clauses_again(
    bundled_bank, interview
) -> None:  # type: ignore[no-untyped-def]
    talk = _talk(bundled_bank, interview)
    talk.submit("1")
    again = Conversation(bundled_bank, talk.session, save=lambda s: s, clock=lambda: "t")
    again.start()
    assert again.current is not None and again.current.id == "5.1.1.1-b"
    (card,) = _cards(again.submit("1"))
    assert not card.explained


def test_an_informal_practice_is_told_it_earns_nothing_and_the_quick_win(
    bundled_bank, interview
) -> None:  # type: ignore[no-untyped-def]
    talk = _talk(bundled_bank, interview)
    (card,) = _cards(talk.submit("2"))  # 平时在做，但没有书面文件或记录
    item = bundled_bank.item("5.1.1.1")
    assert "得 0 分" in card.verdict and "审核员只认书面文件和记录" in card.verdict
    assert "快速补救" in card.verdict
    assert card.fix == item.fix.zh
    assert item.fix.zh[0] in card.text


def test_a_documented_answer_earns_the_points_and_gets_no_fix_steps(
    bundled_bank, interview
) -> None:  # type: ignore[no-untyped-def]
    talk = _talk(bundled_bank, interview, lang="en")
    (card,) = _cards(talk.submit("1"))
    assert "meets the requirement" in card.verdict and "2.86" in card.verdict
    assert card.fix == () and "How to fix it" not in card.text


def test_no_earns_nothing_and_shows_the_fix_steps(bundled_bank, interview) -> None:  # type: ignore[no-untyped-def]
    talk = _talk(bundled_bank, interview, lang="en")
    (card,) = _cards(talk.submit("3"))
    assert "does not meet the requirement: 0 of 2.86" in card.verdict
    assert "How to fix it:" in card.text
    assert bundled_bank.item("5.1.1.1").fix.en[-1] in card.text


def _first_card(
    bank: Bank, interview: Callable[..., Session], item_id: str, lang: str = "zh", **profile: str
) -> training.TrainingCard:
    talk = _talk(bank, interview, lang=lang, **profile)
    _answer_until(talk, item_id)
    (card,) = _cards(talk.submit("1"))
    assert card.item_id == item_id
    return card


@pytest.mark.parametrize(
    ("outlets", "head_office_line", "entrusted_line"),
    [
        ("own", False, False),
        ("single", True, False),
        ("entrusted", False, True),
        ("mixed", False, True),
    ],
)
def test_evidence_lines_are_filtered_by_the_profile(
    bundled_bank, interview, outlets, head_office_line, entrusted_line
) -> None:  # type: ignore[no-untyped-def]
    card = _first_card(bundled_bank, interview, "5.1.1.2", **{"p.outlets": outlets})
    text = "\n".join(card.evidence)
    assert ("只有本部服务时" in text) is head_office_line
    assert ("委托网点的合作协议" in text) is entrusted_line
    assert "服务网点清单" in text  # a line without a condition is always there


def test_an_evidence_line_stays_while_its_condition_is_still_open(bundled_bank) -> None:  # type: ignore[no-untyped-def]
    item = bundled_bank.item("5.1.1.2")
    assert len(training.evidence(item, {}, "zh")) == len(item.evidence.zh)


@pytest.mark.parametrize(
    ("staff", "shown", "need"),
    [("20", "20 × 10% = 2，", 2), ("25", "25 × 10% = 2.5，", 3), ("5", "5 × 10% = 0.5，", 1)],
)
def test_the_headcount_quota_is_worked_out_from_the_number_given(
    bundled_bank, interview, staff, shown, need
) -> None:  # type: ignore[no-untyped-def]
    card = _first_card(bundled_bank, interview, "5.1.2.2", **{"p.service_staff": staff})
    assert shown in card.figure and f"至少需要 {need} 名售后服务管理师" in card.figure
    assert card.figure in card.text


def test_every_indicator_has_a_discussion_prompt_and_a_common_mistake(bundled_bank) -> None:  # type: ignore[no-untyped-def]
    for ind in bundled_bank.indicators:
        for text in (ind.discussion, ind.mistake):
            assert text is not None, ind.id
            assert text.zh.strip() and text.en.strip(), ind.id


def test_class_material_is_shown_once_per_indicator_and_marked_inferred(
    bundled_bank, interview
) -> None:  # type: ignore[no-untyped-def]
    talk = _talk(bundled_bank, interview)
    cards: list[training.TrainingCard] = []
    while talk.current is not None and talk.current.item_id in (None, "5.1.1.1", "5.1.1.2"):
        cards += _cards(talk.submit("1"))
    first, later = cards[0], [c for c in cards if c.item_id == "5.1.1.2" and c.explained]
    ind = bundled_bank.indicator("5.1.1")
    assert first.discussion == ind.discussion.zh and first.mistake == ind.mistake.zh
    assert "以下课堂材料是本工具推断的，不是标准原文" in first.text
    assert "讨论：" + ind.discussion.zh in first.text
    assert "要求的来源：标准原文（已核实）" in first.text
    assert later and later[0].discussion == "" and "讨论：" not in later[0].text


def _every_card(bank: Bank, session: Session, lang: str) -> list[training.TrainingCard]:
    from interviewer.core.session import Answer, Sampled

    out = []
    for q in bank.questions:
        if q.item_id is None:
            continue
        answers: list[Answer] = [Answer(o.value) for o in q.options]
        if q.type == "sampled":
            answers = [Answer(Sampled(7, 10)), Answer(Sampled(10, 10))]
        answers += [Answer(None, "skipped"), Answer(None, "na")]
        for a in answers:
            card = training.card(bank, session, q, a, lang, frozenset())  # type: ignore[arg-type]
            assert card is not None
            out.append(card)
    return out


def test_english_cards_use_english_punctuation(bundled_bank, interview) -> None:  # type: ignore[no-untyped-def]
    session = interview(bundled_bank, _before_items(bundled_bank), mode="training", language="en")
    for card in _every_card(bundled_bank, session, "en"):
        for mark in "，。：；（）、":
            assert mark not in card.text, (card.item_id, mark, card.text)


def test_chinese_cards_are_in_chinese(bundled_bank, interview) -> None:  # type: ignore[no-untyped-def]
    session = interview(bundled_bank, _before_items(bundled_bank), mode="training")
    cards = _every_card(bundled_bank, session, "zh")
    assert all("您的回答：" in c.text and "Your answer" not in c.text for c in cards)


def test_a_question_about_the_business_gets_no_card(bundled_bank, interview) -> None:  # type: ignore[no-untyped-def]
    session = interview(bundled_bank, {}, mode="training")
    q = bundled_bank.question("p.type")
    assert training.card(bundled_bank, session, q, None, "zh", frozenset()) is None


def test_the_f2_card_joins_english_evidence_with_english_punctuation(
    bundled_bank, interview
) -> None:  # type: ignore[no-untyped-def]
    talk = _talk(bundled_bank, interview, lang="en")
    (why,) = [e for e in talk.submit("/why") if e.kind == "why"]
    assert "；" not in why.text and "; " in why.text


def test_plain_mode_prints_the_training_card(bundled_bank, interview) -> None:  # type: ignore[no-untyped-def]
    import io

    from interviewer.plain import render

    talk = _talk(bundled_bank, interview)
    out = io.StringIO()
    for e in talk.submit("2"):
        render(e, "zh", out, echo=False)
    text = out.getvalue()
    assert "--- 5.1.1.1 售后服务部门与岗位 ---" in text and "快速补救" in text


BAD_EVIDENCE_WHEN: list[tuple[str, Any]] = [
    ("    effort: low\n", '    evidence_when: {"2": {eq: [p.delivery, "yes"]}}\n    effort: low\n'),
    ("    effort: low\n", '    evidence_when: {"1": {eq: [p.nothing, "yes"]}}\n    effort: low\n'),
    ("    effort: low\n", '    evidence_when: {"1": {eq: [p.delivery, maybe]}}\n    effort: low\n'),
]


@pytest.mark.parametrize(("old", "new"), BAD_EVIDENCE_WHEN)
def test_a_bad_evidence_condition_is_reported(old: str, new: str) -> None:
    found = problems(tiny_with(old, new))
    assert any("evidence" in p for p in found), found


def test_a_good_evidence_condition_loads() -> None:
    from bank_helpers import load_text

    bank = load_text(
        tiny_with(
            "    effort: low\n",
            '    evidence_when: {"1": {eq: [p.delivery, "yes"]}}\n    effort: low\n',
        )
    )
    assert bank.item("5.1.1.1").evidence_when == ({"eq": ["p.delivery", "yes"]},)


def test_a_quota_must_read_a_number_question() -> None:
    found = problems(
        tiny_with(
            "    effort: low\n",
            "    quota: {of: p.delivery, percent: 10, needed: {zh: 人, en: people}}\n    effort: low\n",
        )
    )
    assert any("quota.of must name a question of type number" in p for p in found), found


def test_the_quota_is_shown_before_its_question_is_asked(bundled_bank, interview) -> None:  # type: ignore[no-untyped-def]
    talk = _talk(bundled_bank, interview, lang="en", **{"p.service_staff": "25"})
    _answer_until(talk, "5.1.2.1")
    events: list[Event] = []
    for _ in range(5):
        assert talk.current is not None
        if talk.current.item_id == "5.1.2.2":
            break
        events = talk.submit("10/10" if talk.current.type == "sampled" else "1")
    ask = next(n for n, e in enumerate(events) if e.kind == "ask")
    assert events[ask].question is not None and events[ask].question.id == "5.1.2.2-a"
    assert events[ask - 1].kind == "info"
    assert events[ask - 1].text == (
        "From your numbers: You gave 25 earlier; 25 × 10% = 2.5, rounded up: at least 3 "
        "(certified 售后服务管理师 managers)."
    )
