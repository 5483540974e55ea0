"""The bundled GB/T 27922-2011 bank: complete, consistent, reachable and written in plain language."""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections import Counter
from fractions import Fraction
from typing import Any

import pytest
from bank_helpers import NOW, SESSION_ID, bundled

from interviewer import paths
from interviewer.core import conditions, engine
from interviewer.core.bank import Bank, Question
from interviewer.core.session import Session

INDICATORS = [
    *(f"5.1.{n}" for n in range(1, 8)),
    *(f"5.2.{n}" for n in range(1, 7)),
    "5.3.1",
    "5.3.2",
]
# The clause items whose wording is verified (facts file §2.2, tag V)
VERIFIED_ITEMS = [
    "5.1.1.1",
    "5.1.1.2",
    "5.1.2.1",
    "5.1.2.2",
    "5.1.3.1",
    "5.1.3.2",
    "5.1.3.3",
    "5.1.4.1",
    "5.1.4.2",
    "5.1.5.1",
    "5.1.5.2",
]


def test_bundled_bank_is_found_and_loads() -> None:
    assert paths.bundled_bank().is_dir()
    assert (paths.bundled_bank() / "bank.yaml").is_file()
    bank = bundled()
    assert bank.id == "gbt27922-2011"
    assert bank.weights is None
    assert len(bank.items) == 71
    assert len(bank.questions) == len({q.id for q in bank.questions})


def test_every_indicator_is_there_in_clause_order() -> None:
    bank = bundled()
    assert [i.id for i in bank.indicators] == INDICATORS
    for ind in bank.indicators:
        assert ind.item_ids, ind.id
        assert ind.group == ind.id.rsplit(".", 1)[0]
    assert [g.indicator_ids for g in bank.groups] == [
        tuple(INDICATORS[:7]),
        tuple(INDICATORS[7:13]),
        tuple(INDICATORS[13:]),
    ]


def test_the_verified_clause_items_exist() -> None:
    bank = bundled()
    items_51 = [i.id for i in bank.items if re.fullmatch(r"5\.1\.\d\.\d", i.id)]
    assert items_51 == VERIFIED_ITEMS
    for iid in VERIFIED_ITEMS:
        item = bank.item(iid)
        assert item.provenance == "verified"
        assert item.indicator == iid.rsplit(".", 1)[0]


def test_item_ids_follow_the_provenance_suffixes() -> None:
    suffix = {"-s": "certifier_list", "-p": "paraphrased", "-i": "inferred"}
    for item in bundled().items:
        m = re.fullmatch(r"(5\.\d\.\d)(?:\.\d|(-[spi])\d)", item.id)
        assert m, item.id
        assert m.group(1) == item.indicator
        if m.group(2):
            assert item.provenance == suffix[m.group(2)], item.id


def test_group_totals_are_exactly_40_35_25() -> None:
    bank = bundled()
    assert [(g.id, g.points) for g in bank.groups] == [
        ("5.1", Fraction(40)),
        ("5.2", Fraction(35)),
        ("5.3", Fraction(25)),
    ]
    for g in bank.groups:
        items = [i for i in bank.items if i.group == g.id]
        assert all(isinstance(i.points, Fraction) for i in items)
        assert sum((i.points for i in items), Fraction(0)) == g.points
    assert bank.total_points == 100


def test_points_are_split_evenly_over_indicators_then_items() -> None:
    bank = bundled()
    for g in bank.groups:
        per_indicator = g.points / len(g.indicator_ids)
        for ind_id in g.indicator_ids:
            ind = bank.indicator(ind_id)
            for iid in ind.item_ids:
                assert bank.item(iid).points == per_indicator / len(ind.item_ids), iid
    assert bank.item("5.1.1.1").points == Fraction(20, 7)
    assert bank.item("5.2.1-s1").points == Fraction(7, 6)


def test_the_weighting_note_says_the_split_is_an_estimate() -> None:
    note = bundled().weighting_note
    assert "估计" in note.zh
    assert "estimate" in note.en


def test_excludable_items_say_why_or_let_the_user_say_why() -> None:
    bank = bundled()
    excludable = [i for i in bank.items if i.excludable]
    assert len(excludable) == 32
    for item in excludable:
        if item.exclude_when is not None:
            assert item.exclude_reason is not None, item.id
            assert item.exclude_reason.zh.strip() and item.exclude_reason.en.strip()
        else:
            assert item.may_exclude, item.id
        # "not applicable" is offered on every question of an excludable item
        assert all(bank.question(q).can_be_na for q in item.question_ids), item.id
    for item in bank.items:
        if not item.excludable:
            assert not any(bank.question(q).can_be_na for q in item.question_ids), item.id
    # group 5.1 is the system itself: none of it may be excluded
    assert not any(i.excludable for i in bank.items if i.group == "5.1")


def test_every_item_is_fully_written_in_both_languages() -> None:
    for item in bundled().items:
        for text in (item.title, item.requirement):
            assert text.zh.strip() and text.en.strip(), item.id
        for lst in (item.evidence, item.fix):
            assert lst.zh and lst.en, item.id
            assert all(s.strip() for s in (*lst.zh, *lst.en)), item.id
        assert re.search(r"[\u4e00-\u9fff]", item.title.zh), item.id
        assert item.effort in ("low", "medium", "high")
        assert item.question_ids, item.id


def test_every_question_is_written_in_both_languages() -> None:
    for q in bundled().questions:
        assert q.text.zh.strip() and q.text.en.strip(), q.id
        assert re.search(r"[\u4e00-\u9fff]", q.text.zh), q.id
        for opt in q.options:
            assert opt.label.zh.strip() and opt.label.en.strip(), (q.id, opt.value)


CLAUSE_NUMBER = re.compile(r"\d+\s*\.\s*\d+")


def test_chinese_question_text_has_no_clause_numbers() -> None:
    # plain language for a small-business owner: no "5.1.3" in what is asked
    offenders = [
        (q.id, text)
        for q in bundled().questions
        for text in (q.text.zh, q.help.zh if q.help else "", q.sample.zh if q.sample else "")
        if CLAUSE_NUMBER.search(text)
    ]
    assert offenders == []


def test_clause_number_check_can_fail() -> None:
    assert CLAUSE_NUMBER.search("按照 5.1.3 条的要求，你们有没有专项经费？")
    assert not CLAUSE_NUMBER.search("至少10%的人员，3个月以上，1/2")


def test_sampled_items_have_one_sampled_question_with_a_sample_text() -> None:
    bank = bundled()
    sampled = [i for i in bank.items if i.sampled]
    assert len(sampled) == 8
    for item in sampled:
        qs = [bank.question(q) for q in item.question_ids if bank.question(q).type == "sampled"]
        assert len(qs) == 1, item.id
        assert qs[0].sample is not None and qs[0].sample.zh.strip()


def test_scored_options_have_credits_between_0_and_1() -> None:
    for q in bundled().questions:
        if q.section in ("item", "eligibility") and q.type == "choice":
            credits = [o.credit for o in q.options]
            assert all(c is not None and 0 <= c <= 1 for c in credits), q.id
            assert max(c for c in credits if c is not None) == 1, q.id
        if q.section == "profile":
            assert all(o.credit is None for o in q.options), q.id


# -- reachability, checked directly through the engine ----------------------------------------------


def _reads(bank: Bank, q: Question) -> list[str]:
    """Every question whose answer can decide whether `q` is asked: its condition, its item's
    exclusion, and (transitively) the same for those questions."""
    found: list[str] = []
    todo = [q]
    while todo:
        cur = todo.pop()
        item = bank.item_of(cur)
        for cond in (cur.when, item.exclude_when if item else None):
            if cond is None:
                continue
            for ref, _ in conditions.references(cond):
                if ref not in found:
                    found.append(ref)
                    todo.append(bank.question(ref))
    return sorted(found, key=bank.order)


def _candidates(bank: Bank, qid: str) -> list[Any]:
    q = bank.question(qid)
    if q.type == "choice":
        return [None, *(o.value for o in q.options)]
    if q.type == "sampled":
        return [None, "0/1", "1/1"]
    return [None, str(q.min), str(q.max)]


def find_assignment(bank: Bank, base: Session, q: Question) -> Session | None:
    """A session (built only through the engine) under which `q` is asked, or None."""
    refs = _reads(bank, q)
    for combo in itertools.product(*(_candidates(bank, r) for r in refs)):
        session = base
        for ref, value in zip(refs, combo, strict=True):
            if value is None:
                continue
            if bank.question(ref).type == "choice":
                session = engine.set_value(bank, session, ref, value, NOW)
            else:
                session = engine.record(bank, session, ref, value, NOW)
        if any(v.id == q.id for v in engine.visible(bank, session, "full")):
            return session
    return None


def test_every_question_can_be_reached_through_the_engine() -> None:
    bank = bundled()
    base = engine.new_session(bank, session_id=SESSION_ID, now=NOW)
    unreachable = [q.id for q in bank.questions if find_assignment(bank, base, q) is None]
    assert unreachable == []


def test_follow_ups_and_exclusions_actually_branch() -> None:
    bank = bundled()
    base = engine.new_session(bank, session_id=SESSION_ID, now=NOW)
    # with no answers, the first question of every item in clause order is asked
    first = [q.id for q in engine.visible(bank, base, "full") if q.section == "item"]
    assert "5.1.1.1-a" in first and "5.1.1.1-b" not in first
    s = engine.set_value(bank, base, "5.1.1.1-a", "documented", NOW)
    assert "5.1.1.1-b" in [q.id for q in engine.visible(bank, s, "full")]
    # answering "no" to repairable drops every repair item
    s = engine.set_value(bank, base, "p.repairable", "no", NOW)
    shown = {q.item_id for q in engine.visible(bank, s, "full") if q.item_id}
    assert not any(i.startswith("5.2.4-") for i in shown)


def test_the_reachability_search_can_fail() -> None:
    bank = bundled()
    impossible = {"all": [{"eq": ["p.delivery", "yes"]}, {"eq": ["p.delivery", "no"]}]}
    q = dataclasses.replace(bank.question("5.1.1.1-b"), when=impossible)
    broken = dataclasses.replace(
        bank, questions=tuple(q if x.id == q.id else x for x in bank.questions)
    )
    base = engine.new_session(broken, session_id=SESSION_ID, now=NOW)
    assert find_assignment(broken, base, broken.question("5.1.1.1-b")) is None
    assert find_assignment(broken, base, broken.question("5.1.1.1-a")) is not None


def test_summary_counts() -> None:
    bank = bundled()
    assert Counter(q.section for q in bank.questions) == {
        "profile": 11,
        "eligibility": 5,
        "special": 5,
        "item": 157,
    }
    assert Counter(i.provenance for i in bank.items) == {
        "verified": 11,
        "paraphrased": 10,
        "certifier_list": 12,
        "inferred": 38,
    }


@pytest.mark.parametrize("kind", ["a", "b", "c", "d"])
def test_one_special_deduction_per_kind(kind: str) -> None:
    deductions = [q for q in bundled().questions if q.effect == "deduction" and q.kind == kind]
    assert len(deductions) == 1
    assert deductions[0].type == "count" and deductions[0].max == 5
