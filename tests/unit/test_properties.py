"""Property tests (hypothesis): random interviews always end, scores stay in 0..100, every completion
of a partial session lands inside its announced range, and the upgrade path is the cheapest one."""

from __future__ import annotations

import itertools
from fractions import Fraction as F

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interviewer.core import engine, scoring
from interviewer.core.bank import EFFORT_COST, Bank, Group, Indicator, Item, Option, Question
from interviewer.core.errors import InvalidAnswer
from interviewer.core.session import Sampled
from interviewer.core.text import I18n, I18nList
from interviewer.core.upgrade import upgrade_path

NOW = "2024-05-01T09:00:00+08:00"
SETTINGS = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
# never a valid answer to any question type of either bank
INVALID = [
    "abc",
    "٣",
    "1e309",
    "0x10",
    "1_000",
    "",
    "   ",
    "0/0",
    "11/10",
    "-1",
    "NaN",
    "1.5",
    "٣/10",
]
NOISE_BUDGET = 15
CHANGE_BUDGET = 6


def valid_reply(data, q, *, skip=True, na=True):
    """Something a user could type that the question accepts (one of several spellings)."""
    kinds = ["answer"] * 4 + (["skip"] if skip else []) + (["na"] if na and q.can_be_na else [])
    kind = data.draw(st.sampled_from(kinds), label=f"{q.id} kind")
    if kind == "skip":
        return data.draw(st.sampled_from(["不知道", "skip", "?"]))
    if kind == "na":
        reason = data.draw(st.sampled_from(["我们不做这个", "no delivery", "外包"]))
        return data.draw(st.sampled_from(["不适用：", "na: ", "不适用:"])) + reason
    if q.type == "choice":
        n = data.draw(st.integers(1, len(q.options)), label=f"{q.id} option")
        return data.draw(st.sampled_from([str(n), chr(0xFF10 + n) if n < 10 else str(n)]))
    if q.type == "sampled":
        m = data.draw(st.integers(1, 12), label=f"{q.id} m")
        n = data.draw(st.integers(0, m), label=f"{q.id} n")
        return data.draw(st.sampled_from([f"{n}/{m}", f"{n} / {m}"]))
    top = min(q.max if q.max is not None else 10, 12)
    return str(data.draw(st.integers(q.min, top), label=f"{q.id} number"))


def check_report(bank, s):
    r = scoring.evaluate(bank, s)
    assert isinstance(r.score, F)
    assert 0 <= r.score <= 100
    assert 0 <= r.outlook.low <= r.outlook.high <= 100
    assert r.outlook.tiers and r.outlook.exact
    assert r.tier == scoring.tier_of(r.score, r.deductions)
    if r.complete:  # nothing left to ask: one score, one tier
        assert (r.outlook.low, r.outlook.high, r.outlook.tiers) == (r.score, r.score, (r.tier,))
    return r


def random_walk(bank, data, *, check_every_step, stop_after=None):
    """Answer the interview with random replies, noise and changes. Returns the session."""
    mode = data.draw(st.sampled_from(["full", "full", "triage"]), label="mode")
    limit = data.draw(st.integers(1, 8), label="triage limit")
    s = engine.new_session(bank, session_id="ab" * 16, now=NOW, mode=mode, triage_limit=limit)
    noise = changes = progress = 0
    cap = len(bank.questions) + NOISE_BUDGET + CHANGE_BUDGET + 1
    for _ in range(cap):
        q = engine.next_question(bank, s)
        if q is None or (stop_after is not None and progress >= stop_after):
            break
        action = data.draw(
            st.sampled_from(["reply"] * 6 + ["invalid", "text", "change", "unsure"]), label="action"
        )
        if action == "invalid" and noise < NOISE_BUDGET:
            noise += 1
            text = data.draw(st.sampled_from(INVALID), label="invalid")
            with pytest.raises(InvalidAnswer) as exc:
                engine.record(bank, s, q.id, text, NOW)
            assert str(exc.value).strip()
        elif action == "text" and noise < NOISE_BUDGET:
            noise += 1
            text = data.draw(st.text(max_size=12), label="text")
            try:
                s = engine.record(bank, s, q.id, text, NOW)
                progress += 1
            except InvalidAnswer as exc:
                assert str(exc).strip()
        elif action == "change" and changes < CHANGE_BUDGET:
            changes += 1
            earlier = [x for x in engine.visible(bank, s) if x.id in s.answers]
            if earlier:
                target = data.draw(st.sampled_from(earlier), label="change")
                s = engine.record(bank, s, target.id, valid_reply(data, target), NOW)
        elif action == "unsure" and noise < NOISE_BUDGET:
            noise += 1
            answered = [
                x
                for x in engine.visible(bank, s)
                if x.id in s.answers and s.answers[x.id].status == "answered"
            ]
            if answered:
                target = data.draw(st.sampled_from(answered), label="unsure")
                s = engine.set_unsure(s, target.id, True, NOW)
        else:
            s = engine.record(bank, s, q.id, valid_reply(data, q), NOW)
            progress += 1
        if check_every_step:
            check_report(bank, s)
    return s


def complete(bank, s, data, *, revisit_skipped):
    """Answer every remaining visible question (never 'don't know'), leaving existing answers alone
    — except, with revisit_skipped, questions skipped earlier get a real answer too."""
    for _ in range(2 * len(bank.questions) + 2):
        q = engine.next_question(bank, s)
        if q is None and revisit_skipped:
            q = next(
                (x for x in engine.visible(bank, s) if s.answers[x.id].status == "skipped"), None
            )
        if q is None:
            return s
        s = engine.record(bank, s, q.id, valid_reply(data, q, skip=False), NOW)
    raise AssertionError("completion did not end")


# -- 1. random interviews end, only InvalidAnswer is ever raised, score in 0..100 -------------------


@settings(max_examples=200, **SETTINGS)
@given(data=st.data())
def test_random_interview_on_tiny_bank(tiny_bank, data):
    s = random_walk(tiny_bank, data, check_every_step=True)
    assert engine.next_question(tiny_bank, s) is None
    assert engine.progress(tiny_bank, s).finished
    check_report(tiny_bank, s)


@settings(max_examples=25, **SETTINGS)
@given(data=st.data())
def test_random_interview_on_bundled_bank(bundled_bank, data):
    s = random_walk(bundled_bank, data, check_every_step=False)
    assert engine.next_question(bundled_bank, s) is None
    assert engine.progress(bundled_bank, s).finished
    check_report(bundled_bank, s)


# -- 2. every completion lands inside the announced range ------------------------------------------


def _completions_in_range(bank, data, completions):
    stop = data.draw(st.integers(0, len(bank.questions)), label="answered before the report")
    s = random_walk(bank, data, check_every_step=False, stop_after=stop)
    r = check_report(bank, s)
    revisit = data.draw(st.booleans(), label="revisit skipped")
    for _ in range(completions):
        f = complete(bank, s, data, revisit_skipped=revisit)
        assert engine.next_question(bank, f) is None
        for qid, a in s.answers.items():  # existing answers untouched
            if not (revisit and a.status == "skipped"):
                assert f.answers[qid] == a
        fr = check_report(bank, f)
        # answering more can only narrow what the interview can still end as
        assert r.outlook.low <= fr.outlook.low <= fr.outlook.high <= r.outlook.high
        assert set(fr.outlook.tiers) <= set(r.outlook.tiers), (fr.outlook.tiers, r.outlook.tiers)
        if fr.complete:
            assert r.outlook.low <= fr.score <= r.outlook.high
            assert fr.tier in r.outlook.tiers


@settings(max_examples=200, **SETTINGS)
@given(data=st.data())
def test_completion_within_range_tiny(tiny_bank, data):
    _completions_in_range(tiny_bank, data, completions=3)


@settings(max_examples=20, **SETTINGS)
@given(data=st.data())
def test_completion_within_range_bundled(bundled_bank, data):
    _completions_in_range(bundled_bank, data, completions=2)


# -- 3. upgrade path against brute force on small random banks ------------------------------------

T = I18n.of("文", "text")
L = I18nList(("x",), ("x",))
YES_NO = (Option("yes", T, F(1), "yes"), Option("no", T, F(0), "no"))


@st.composite
def small_cases(draw):
    """A bank of 3–8 items (groups 40/35/25, random points summing to them), and per item a
    random credit n/m, or 'not applicable', or no answer; plus deductions and a bonus."""
    n = draw(st.integers(3, 8))
    group_of = [0, 1, 2] + [draw(st.integers(0, 2)) for _ in range(n - 3)]
    totals = (40, 35, 25)
    raw = [draw(st.integers(1, 20)) for _ in range(n)]
    points = [F(0)] * n
    for g in range(3):
        members = [i for i in range(n) if group_of[i] == g]
        weight = sum(raw[i] for i in members)
        for i in members:
            points[i] = F(totals[g] * raw[i], weight)
    items, questions = [], []
    for g in range(3):
        for k, i in enumerate(x for x in range(n) if group_of[x] == g):
            iid = f"5.{g + 1}.1.{k + 1}"
            qid = f"{iid}-a"
            items.append(
                Item(
                    id=iid,
                    indicator=f"5.{g + 1}.1",
                    group=f"5.{g + 1}",
                    title=T,
                    requirement=T,
                    why=None,
                    points=points[i],
                    provenance="inferred",
                    evidence=L,
                    fix=L,
                    effort=draw(st.sampled_from(["low", "medium", "high"])),
                    may_exclude=True,
                    exclude_when=None,
                    exclude_reason=None,
                    sampled=True,
                    question_ids=(qid,),
                )
            )
            questions.append(
                Question(qid, "item", T, type="sampled", sample=T, item_id=iid, can_be_na=True)
            )
    special = [
        Question("s.law", "special", T, type="count", max=5, effect="deduction", kind="a"),
        Question("s.rules", "special", T, type="count", max=5, effect="deduction", kind="b"),
        Question("s.bonus", "special", T, options=YES_NO, effect="bonus"),
    ]
    bank = Bank(
        id="random",
        version="1",
        title=T,
        weighting_note=T,
        groups=tuple(Group(f"5.{g + 1}", T, F(totals[g]), (f"5.{g + 1}.1",)) for g in range(3)),
        indicators=tuple(
            Indicator(
                f"5.{g + 1}.1",
                f"5.{g + 1}",
                T,
                "inferred",
                tuple(i.id for i in items if i.group == f"5.{g + 1}"),
            )
            for g in range(3)
        ),
        items=tuple(items),
        questions=tuple(special + questions),
        sha256="0" * 64,
        source="generated",
    )
    answers = {}
    for q in questions:
        state = draw(st.sampled_from(["credit"] * 6 + ["full", "zero", "na", "open"]))
        if state == "credit":
            m = draw(st.integers(1, 10))
            answers[q.id] = ("answered", Sampled(draw(st.integers(0, m)), m))
        elif state in ("full", "zero"):
            answers[q.id] = ("answered", Sampled(1 if state == "full" else 0, 1))
        elif state == "na":
            answers[q.id] = ("na", None)
    law, rules = draw(st.integers(0, 5)), draw(st.integers(0, 2))
    bonus = draw(st.booleans())
    return bank, answers, law, rules, bonus


def _session(bank, answers, law, rules, bonus):
    s = engine.new_session(bank, session_id="ab" * 16, now=NOW)
    s = engine.set_value(bank, s, "s.law", law, NOW)
    s = engine.set_value(bank, s, "s.rules", rules, NOW)
    s = engine.set_value(bank, s, "s.bonus", "yes" if bonus else "no", NOW)
    for qid, (status, value) in answers.items():
        if status == "na":
            s = engine.mark_na(bank, s, qid, "generated", NOW)
        else:
            s = engine.set_value(bank, s, qid, value, NOW)
    return s


@settings(max_examples=250, **SETTINGS)
@given(case=small_cases())
def test_upgrade_path_is_minimal(case):
    bank, answers, law, rules, bonus = case
    s = _session(bank, answers, law, rules, bonus)
    r = scoring.evaluate(bank, s)
    d, b = law + rules, int(bonus)

    # the score, recomputed independently from the generated answers
    scored = [
        (i, F(answers[i.question_ids[0]][1].n, answers[i.question_ids[0]][1].m))
        for i in bank.items
        if answers.get(i.question_ids[0], ("open",))[0] == "answered"
    ]
    earned = sum((c * i.points for i, c in scored), F(0))
    applicable = sum((i.points for i, _ in scored), F(0))
    assert (r.earned, r.applicable) == (earned, applicable)
    expected = max(F(0), min(F(100), (earned / applicable if applicable else 0) * 100 - d + b))
    assert r.score == expected
    assert r.tier == scoring.tier_of(expected, d)

    gaps = [(i, c) for i, c in scored if c < 1]
    current = scoring.TIER_ORDER.index(r.tier)
    fixes = upgrade_path(r)
    assert [f.tier for f in fixes] == list(scoring.TIER_ORDER[current + 1 :])
    for fix in fixes:
        floor = scoring.threshold(fix.tier)
        if d >= scoring.FAIL_DEDUCTIONS:
            assert (fix.reachable, fix.reason, fix.items) == (False, "deductions", ())
            continue
        if not applicable:
            assert (fix.reachable, fix.reason) == (False, "nothing_answered")
            continue
        best = None
        for size in range(len(gaps) + 1):
            for subset in itertools.combinations(gaps, size):
                gain = sum(((1 - c) * i.points for i, c in subset), F(0))
                if (earned + gain) / applicable * 100 - d + b >= floor:
                    cost = sum(EFFORT_COST[i.effort] for i, _ in subset)
                    best = cost if best is None else min(best, cost)
        assert fix.reachable == (best is not None)
        assert fix.reachable  # with d ≤ 4 every tier can be reached by fixing every gap
        chosen = [(i, c) for i, c in gaps if i.id in {x.item.id for x in fix.items}]
        assert len(chosen) == len(fix.items)  # only gaps, no duplicates
        assert fix.effort == best == sum(EFFORT_COST[i.effort] for i, _ in chosen)
        gain = sum(((1 - c) * i.points for i, c in chosen), F(0))
        after = min(F(100), (earned + gain) / applicable * 100 - d + b)
        assert fix.score_after == after >= floor


# -- 4. the serialiser writes valid files (so saving needs no schema check) --------------------------


@settings(max_examples=150, **SETTINGS)
@given(data=st.data())
def test_every_session_an_interview_can_make_serialises_to_a_valid_file(tiny_bank, data):
    """The oracle is the reference JSON Schema validator (not the one the app loads files with)."""
    import json
    from dataclasses import replace

    import jsonschema

    from interviewer.core import sessionfile
    from interviewer.core.session import WeightsUsed
    from interviewer.core.storage import read_schema

    s = random_walk(tiny_bank, data, check_every_step=False)
    if data.draw(st.booleans(), label="notes"):
        s = engine.set_note(s, next(iter(s.answers)), data.draw(st.text(max_size=40)), NOW)
    if data.draw(st.booleans(), label="weights"):
        points = {
            i.id: i.points * data.draw(st.sampled_from([F(7, 10), F(1), F(13, 10)]))
            for i in tiny_bank.items
        }
        s = replace(s, weights=WeightsUsed("profile", "0" * 64, "w.yaml", "test", points))
    if data.draw(st.booleans(), label="orphans"):
        kept = engine.adopt_orphans(
            tiny_bank, s.with_answer("9.9.9-a", s.answers[next(iter(s.answers))])
        )
        s = replace(s, orphaned=kept.orphaned)
    doc = json.loads(sessionfile.dumps(s))
    jsonschema.Draft202012Validator(read_schema("session.schema.json")).validate(doc)
    assert sessionfile.from_dict(doc) == s
