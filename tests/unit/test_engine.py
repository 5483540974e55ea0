"""The interview engine: asking order, progress, skips, notes, branches, exclusions, triage, back."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from interviewer.core import engine, scoring, sessionfile
from interviewer.core.conditions import evaluate as holds
from interviewer.core.errors import InvalidAnswer
from interviewer.core.session import DEFAULT_TRIAGE_LIMIT
from tests.banks import TINY_ORDER

NOW = "2024-05-01T09:00:00+08:00"
LATER = "2024-05-01T10:00:00+08:00"
ALL_MET = {
    "p.delivery": "yes",
    "e.legal": "yes",
    "s.law": "0",
    "s.bonus": "no",
    "5.1.1.1-a": "是",
    "5.1.1.1-b": "是",
    "5.1.1.2-a": "是",
    "5.1.1.2-b": "8/10",
    "5.2.1-i1-a": "是",
    "5.2.1-i2-a": "是",
}
FULL_ORDER = TINY_ORDER


def fresh(bank, **meta):
    return engine.new_session(bank, session_id="ab" * 16, now=NOW, **meta)


def walk(bank, s, replies):
    """Answer whatever the engine asks next, until it asks nothing; return (session, order asked)."""
    asked = []
    while (q := engine.next_question(bank, s)) is not None:
        asked.append(q.id)
        assert len(asked) <= len(bank.questions), "the interview does not end"
        s = engine.record(bank, s, q.id, replies[q.id], NOW)
    return s, asked


def ids(questions):
    return [q.id for q in questions]


# -- order and progress ----------------------------------------------------------------------------


def test_sections_come_in_order_then_items_in_clause_order(tiny_bank):
    assert [q.section for q in tiny_bank.questions] == [
        "profile",
        "eligibility",
        "special",
        "special",
    ] + ["item"] * 6
    s, asked = walk(tiny_bank, fresh(tiny_bank), ALL_MET)
    assert asked == FULL_ORDER
    assert engine.next_question(tiny_bank, s) is None


def test_bundled_bank_order(bundled_bank):
    sections = [q.section for q in bundled_bank.questions]
    assert sections == sorted(sections, key=["profile", "eligibility", "special", "item"].index)
    item_ids = [bundled_bank.item_of(q).id for q in bundled_bank.questions if q.section == "item"]
    order = [i.id for i in bundled_bank.items]
    assert [order.index(i) for i in item_ids] == sorted(order.index(i) for i in item_ids)
    first = engine.next_question(bundled_bank, fresh(bundled_bank))
    assert first.id == bundled_bank.questions[0].id == "p.type"


def test_progress_counts_and_follow_ups_grow_the_total(tiny_bank):
    s = fresh(tiny_bank)
    p = engine.progress(tiny_bank, s)
    assert (p.answered, p.skipped, p.total, p.remaining, p.finished) == (0, 0, 8, 8, False)
    seen = []
    for qid in FULL_ORDER:
        s = engine.record(tiny_bank, s, qid, ALL_MET[qid], NOW)
        p = engine.progress(tiny_bank, s)
        seen.append((p.answered, p.total))
    assert seen == [
        (1, 8),
        (2, 8),
        (3, 8),
        (4, 8),
        (5, 9),
        (6, 9),
        (7, 10),
        (8, 10),
        (9, 10),
        (10, 10),
    ]
    assert engine.progress(tiny_bank, s).finished


def test_skip_leaves_the_item_open(tiny_bank):
    s = fresh(tiny_bank)
    for qid in ["p.delivery", "e.legal", "s.law", "s.bonus"]:
        s = engine.record(tiny_bank, s, qid, ALL_MET[qid], NOW)
    s = engine.record(tiny_bank, s, "5.1.1.1-a", "不知道", NOW)
    assert engine.next_question(tiny_bank, s).id == "5.1.1.2-a"  # moves on
    p = engine.progress(tiny_bank, s)
    assert (p.answered, p.skipped, p.total, p.remaining) == (4, 1, 8, 3)
    s, _ = walk(tiny_bank, s, ALL_MET)
    p = engine.progress(tiny_bank, s)
    assert p.finished and (p.answered, p.skipped, p.total) == (8, 1, 9)
    r = scoring.evaluate(tiny_bank, s)
    assert [x.item.id for x in r.unknown] == ["5.1.1.1"]
    assert next(x for x in r.items if x.item.id == "5.1.1.1").status == "open"
    assert not r.complete
    # answered later, the skip is replaced
    s = engine.record(tiny_bank, s, "5.1.1.1-a", "1", NOW)
    assert engine.next_question(tiny_bank, s).id == "5.1.1.1-b"


def test_skip_via_function_keeps_the_note(tiny_bank):
    s = engine.record(tiny_bank, fresh(tiny_bank), "5.1.1.1-a", "1", NOW, note="问老板")
    s = engine.skip(tiny_bank, s, "5.1.1.1-a", NOW)
    assert (s.answers["5.1.1.1-a"].status, s.answers["5.1.1.1-a"].note) == ("skipped", "问老板")


# -- notes and unsure ------------------------------------------------------------------------------


def test_notes(tiny_bank):
    s = engine.record(tiny_bank, fresh(tiny_bank), "5.1.1.1-a", "1", NOW, note="见组织架构图 v3")
    assert s.answers["5.1.1.1-a"].note == "见组织架构图 v3"
    s = engine.record(tiny_bank, s, "5.1.1.1-a", "2", LATER)  # re-answer keeps the note
    assert (s.answers["5.1.1.1-a"].value, s.answers["5.1.1.1-a"].note) == (
        "informal",
        "见组织架构图 v3",
    )
    s = engine.set_note(s, "5.1.1.1-a", "第一行\n第二行\x1b[31m", LATER)
    assert s.answers["5.1.1.1-a"].note == "第一行\n第二行[31m"
    assert s.answers["5.1.1.1-a"].at == LATER and s.updated_at == LATER
    with pytest.raises(InvalidAnswer, match="Answer the question first"):
        engine.set_note(fresh(tiny_bank, language="en"), "5.1.1.1-a", "x", NOW)


def test_unsure_flag(tiny_bank):
    s = engine.record(tiny_bank, fresh(tiny_bank), "5.1.1.1-a", "1", NOW)
    s = engine.set_unsure(s, "5.1.1.1-a", True, NOW)
    assert s.answers["5.1.1.1-a"].unsure
    assert scoring.evaluate(tiny_bank, s).unsure == ("5.1.1.1-a",)
    s = engine.set_unsure(s, "5.1.1.1-a", False, NOW)
    assert scoring.evaluate(tiny_bank, s).unsure == ()
    skipped = engine.record(tiny_bank, fresh(tiny_bank), "5.1.1.1-a", "skip", NOW)
    with pytest.raises(InvalidAnswer, match="只有已回答的问题"):
        engine.set_unsure(skipped, "5.1.1.1-a", True, NOW)
    with pytest.raises(InvalidAnswer, match="Only an answered question"):
        engine.set_unsure(fresh(tiny_bank, language="en"), "5.1.1.1-a", True, NOW)


# -- branches --------------------------------------------------------------------------------------


def test_changing_an_answer_hides_a_branch_but_keeps_its_answers(tiny_bank):
    s, _ = walk(tiny_bank, fresh(tiny_bank), ALL_MET)
    before = scoring.evaluate(tiny_bank, s).score
    assert before == 30 + Fraction(8, 10) * 30 + 20 + 20 == 94

    closed = engine.record(tiny_bank, s, "5.1.1.1-a", "没有", NOW)
    assert "5.1.1.1-b" not in ids(engine.visible(tiny_bank, closed))
    assert closed.answers["5.1.1.1-b"].value == "documented"  # kept, not deleted
    assert "5.1.1.1-b" not in engine.active_ids(tiny_bank, closed)
    assert engine.progress(tiny_bank, closed).total == 9
    assert engine.next_question(tiny_bank, closed) is None
    assert scoring.evaluate(tiny_bank, closed).score == 64  # 0 + 24 + 20 + 20

    # the hidden answer does not count: even "no" under the closed branch changes nothing
    closed_no = engine.set_value(tiny_bank, closed, "5.1.1.1-b", "no", NOW)
    assert scoring.evaluate(tiny_bank, closed_no).score == 64

    # saved as it was given (the file holds facts; whether it counts is derived), read back unchanged
    doc = json.loads(sessionfile.dumps(closed))
    assert doc["answers"]["5.1.1.1-b"]["value"] == "documented"
    assert "active" not in doc["answers"]["5.1.1.1-b"]
    assert sessionfile.from_dict(doc) == closed

    reopened = engine.record(tiny_bank, closed, "5.1.1.1-a", "1", NOW)
    assert "5.1.1.1-b" in engine.active_ids(tiny_bank, reopened)
    assert engine.next_question(tiny_bank, reopened) is None  # not asked again: already answered
    assert scoring.evaluate(tiny_bank, reopened).score == before


def test_follow_up_answer_counts_again_with_its_value(tiny_bank):
    s, _ = walk(tiny_bank, fresh(tiny_bank), dict(ALL_MET, **{"5.1.1.1-b": "no"}))
    assert scoring.evaluate(tiny_bank, s).score == 64  # item 5.1.1.1 earns min(1, 0) = 0
    s = engine.record(tiny_bank, s, "5.1.1.1-a", "no", NOW)
    s = engine.record(tiny_bank, s, "5.1.1.1-a", "yes", NOW)
    assert s.answers["5.1.1.1-b"].value == "no"
    assert scoring.evaluate(tiny_bank, s).score == 64


def test_undo_forgets_an_answer(tiny_bank):
    s, _ = walk(tiny_bank, fresh(tiny_bank), ALL_MET)
    s = engine.undo(s, "5.1.1.2-a", LATER)
    assert engine.next_question(tiny_bank, s).id == "5.1.1.2-a"
    assert "5.1.1.2-b" not in ids(engine.visible(tiny_bank, s))
    assert s.answers["5.1.1.2-b"].value.n == 8  # follow-up still stored


# -- exclusion -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "reason"), [("zh", "不送货"), ("en", "No delivery")])
def test_profile_excludes_item_with_its_reason(tiny_bank, lang, reason):
    from interviewer.core import report

    s = engine.record(tiny_bank, fresh(tiny_bank, language=lang), "p.delivery", "否", NOW)
    assert "5.2.1-i1-a" not in ids(engine.visible(tiny_bank, s))
    r = scoring.evaluate(tiny_bank, s)
    row = next(x for x in r.items if x.item.id == "5.2.1-i1")
    assert (row.status, row.excluded) == ("excluded", True)
    data = report.build(tiny_bank, s)
    assert [(x["clause"], x["excluded_reason"]) for x in data["excluded"]] == [("5.2.1-i1", reason)]
    # answering "yes" brings it back
    s = engine.record(tiny_bank, s, "p.delivery", "是", NOW)
    assert "5.2.1-i1-a" in ids(engine.visible(tiny_bank, s))


def test_na_hides_the_rest_of_the_item_and_keeps_the_typed_reason(tiny_bank):
    from interviewer.core import report

    s, _ = walk(
        tiny_bank, fresh(tiny_bank, language="en"), dict(ALL_MET, **{"5.2.1-i2-a": "na: 自提"})
    )
    data = report.build(tiny_bank, s)
    assert [(x["clause"], x["excluded_reason"]) for x in data["excluded"]] == [("5.2.1-i2", "自提")]


# -- triage ----------------------------------------------------------------------------------------


def test_triage_asks_profile_then_the_items_worth_most(tiny_bank):
    s = fresh(tiny_bank, mode="triage", triage_limit=4)
    s, asked = walk(tiny_bank, s, ALL_MET)
    # only the profile question an exclusion reads (no eligibility, no special clauses), then the
    # rest of the limit: 30, 30, then 20 (the first of the two 20-point items); no follow-ups
    assert asked == ["p.delivery", "5.1.1.1-a", "5.1.1.2-a", "5.2.1-i1-a"]


def test_triage_skips_items_the_profile_excludes(tiny_bank):
    s = fresh(tiny_bank, mode="triage", triage_limit=4)
    s, asked = walk(tiny_bank, s, dict(ALL_MET, **{"p.delivery": "no"}))
    assert asked == ["p.delivery", "5.1.1.1-a", "5.1.1.2-a", "5.2.1-i2-a"]


def test_triage_limit_one_still_asks_a_clause(tiny_bank):
    _, asked = walk(tiny_bank, fresh(tiny_bank, mode="triage", triage_limit=1), ALL_MET)
    assert asked == ["p.delivery", "5.1.1.1-a"]
    assert engine.triage_size(tiny_bank, 1) == (2, 2)
    assert engine.triage_size(tiny_bank, 4) == (4, 4)


def test_triage_profile_is_what_exclusions_read(bundled_bank):
    # p.outsourced_delivery is read by an exclusion, and is asked only after p.delivery or
    # p.installation: both come with it; p.outlets and p.service_staff change no triage clause
    assert engine.triage_profile(bundled_bank) == {
        "p.type",
        "p.delivery",
        "p.installation",
        "p.outsourced_delivery",
        "p.tech_support",
        "p.repairable",
        "p.takeback",
        "p.digital",
    }


@pytest.mark.parametrize("pick", [0, -1])
def test_triage_asks_the_number_it_promises(bundled_bank, pick):
    """Every first option (p.outsourced_delivery is asked) or every last (it is not): the triage
    asks its limit either way; it asked 46 or 45 of a promised 25 before."""
    s = fresh(bundled_bank, mode="triage")
    asked = []
    while (q := engine.next_question(bundled_bank, s)) is not None:
        asked.append(q)
        value = q.options[pick].value if q.options else q.min
        s = engine.set_value(bundled_bank, s, q.id, value, NOW)
    assert engine.triage_size(bundled_bank, DEFAULT_TRIAGE_LIMIT) == (25, 25)
    assert len(asked) == DEFAULT_TRIAGE_LIMIT
    assert ("p.outsourced_delivery" in ids(asked)) is (pick == 0)
    assert {q.section for q in asked} == {"profile", "item"}


def test_triage_limit_is_clamped(tiny_bank):
    assert fresh(tiny_bank, mode="triage", triage_limit=0).triage_limit == 1
    assert fresh(tiny_bank, mode="triage", triage_limit=10_000).triage_limit == 500
    assert fresh(tiny_bank).triage_limit == DEFAULT_TRIAGE_LIMIT


@pytest.mark.parametrize("limit", [1, 5, 12])
def test_triage_on_bundled_bank(bundled_bank, limit):
    s = fresh(bundled_bank, mode="triage", triage_limit=limit)
    for q in bundled_bank.questions:
        if q.section == "profile":
            s = engine.record(bundled_bank, s, q.id, "1", NOW)
    shown = engine.visible(bundled_bank, s)
    non_items = [q for q in shown if q.section != "item"]
    items = [bundled_bank.item_of(q) for q in shown if q.section == "item"]
    profile = engine.triage_profile(bundled_bank)
    assert ids(non_items) == [q.id for q in bundled_bank.questions if q.id in profile]
    assert len({i.id for i in items}) == len(items)  # one question per item
    seats = max(1, limit - len(non_items))  # the clauses take what the profile leaves
    assert len(items) == seats
    limit = seats
    # each group gets questions in proportion to its points; within a group, the items worth most
    for group in bundled_bank.groups:
        mine = [i for i in items if i.group == group.id]
        assert abs(len(mine) - limit * group.points / 100) < 1 + 1e-9, (group.id, len(mine))
        left_out = [
            i
            for i in bundled_bank.items
            if i.group == group.id
            and i not in items
            and not (i.exclude_when and holds(i.exclude_when, engine.values(s)))
        ]
        if mine and left_out:
            assert min(i.points for i in mine) >= max(i.points for i in left_out)


def test_default_triage_covers_all_three_groups(bundled_bank):
    s = fresh(bundled_bank, mode="triage")
    for q in bundled_bank.questions:
        if q.section == "profile":
            s = engine.record(bundled_bank, s, q.id, "1", NOW)
    groups = [
        bundled_bank.item_of(q).group
        for q in engine.visible(bundled_bank, s)
        if q.section == "item"
    ]
    assert (groups.count("5.1"), groups.count("5.2"), groups.count("5.3")) == (
        7,
        6,
        4,
    )  # 25 less 8 profile questions = 17 clauses × 40/35/25


# -- back ------------------------------------------------------------------------------------------


def test_previous_question(tiny_bank):
    s = fresh(tiny_bank)
    assert engine.previous_question(tiny_bank, s, "p.delivery") is None
    assert engine.previous_question(tiny_bank, s, None) is None
    for qid in FULL_ORDER[:6]:
        s = engine.record(tiny_bank, s, qid, ALL_MET[qid], NOW)
    current = engine.next_question(tiny_bank, s).id
    assert current == "5.1.1.2-a"
    back = engine.previous_question(tiny_bank, s, current)
    assert back.id == "5.1.1.1-b"
    assert engine.previous_question(tiny_bank, s, back.id).id == "5.1.1.1-a"
    assert engine.previous_question(tiny_bank, s, "s.law").id == "e.legal"
    # hidden follow-ups are skipped over when going back
    s = engine.record(tiny_bank, s, "5.1.1.1-a", "no", NOW)
    assert engine.previous_question(tiny_bank, s, "5.1.1.2-a").id == "5.1.1.1-a"
    s, _ = walk(tiny_bank, s, ALL_MET)
    assert engine.previous_question(tiny_bank, s, None).id == "5.2.1-i2-a"


def test_new_session_cleans_names(tiny_bank):
    s = fresh(tiny_bank, display_name="Acme\u202e Q3\x1b[2J\n", company="  某公司\t ")
    assert (s.display_name, s.company) == ("Acme Q3[2J", "某公司")
    assert (s.revision, s.created_at, s.updated_at, s.bank_id) == (0, NOW, NOW, "tiny")
    assert s.bank_sha256 == tiny_bank.sha256
