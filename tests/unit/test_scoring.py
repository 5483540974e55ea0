"""Scoring (facts file §3): exact, table-driven, on banks whose points make every number checkable.

score.yaml: 5.1.1.1 = 30 (low), 5.1.1.2 = 20 (medium, sampled), 5.1.1.3 = 10 (high),
            5.2.1-i1 = 25 (medium, may be excluded), 5.2.1-i2 = 15 (low, excluded when p.delivery = no).
one_sampled.yaml: one 100-point sampled item, so the score is n/m × 100 − deductions + bonus.
"""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from interviewer.core import engine, report, scoring
from interviewer.core.robustness import for_tally
from interviewer.core.scoring import TIER_ORDER, tier_of
from interviewer.core.upgrade import upgrade_path

NOW = "2024-05-01T09:00:00+08:00"
MET = {
    "p.delivery": "yes",
    "e.legal": "yes",
    "s.law": "0",
    "s.rules": "0",
    "s.bonus": "no",
    "s.bonus2": "no",
    "5.1.1.1-a": "1",
    "5.1.1.2-a": "10/10",
    "5.1.1.3-a": "1",
    "5.2.1-i1-a": "1",
    "5.2.1-i2-a": "1",
}


@pytest.fixture
def score(score_bank, interview):
    def run(lang="zh", **changes):
        replies = dict(MET)
        for k, v in changes.items():
            key = k.replace("_", ".", 1) if k.startswith(("s_", "p_", "e_")) else k
            if v is None:
                replies.pop(key)
            else:
                replies[key] = v
        s = interview(score_bank, replies, language=lang)
        return s, scoring.evaluate(score_bank, s)

    return run


def ids(fix):
    return tuple(r.item.id for r in fix.items)


def answers(**kw):
    """Keyword-friendly question ids: q1111 → 5.1.1.1-a, qi1 → 5.2.1-i1-a, s_law → s.law."""
    names = {
        "q1111": "5.1.1.1-a",
        "q1112": "5.1.1.2-a",
        "q1113": "5.1.1.3-a",
        "qi1": "5.2.1-i1-a",
        "qi2": "5.2.1-i2-a",
    }
    return {names.get(k, k): v for k, v in kw.items()}


# -- the score formula, table-driven ---------------------------------------------------------------

CASES = [
    # id, changes, score, tier, earned, applicable, deductions, bonus
    ("all met", {}, F(100), "five_star", 100, 100, 0, 0),
    ("one item not met", answers(q1111="no"), F(70), "compliant", 70, 100, 0, 0),
    ("informal earns nothing", answers(q1111="部分"), F(70), "compliant", 70, 100, 0, 0),
    (
        "na removes points from the denominator",
        answers(qi1="不适用：不需要签收"),
        F(100),
        "five_star",
        75,
        75,
        0,
        0,
    ),
    (
        "na plus a gap",
        answers(qi1="不适用：不需要签收", q1111="no"),
        F(60),
        "fail",
        45,
        75,
        0,
        0,
    ),
    ("profile exclusion", {"p_delivery": "no"}, F(100), "five_star", 85, 85, 0, 0),
    (
        "profile exclusion plus a gap",
        {"p_delivery": "no", **answers(q1113="no")},
        F(1500, 17),
        "three_star",
        75,
        85,
        0,
        0,
    ),
    ("pro rata 7/10", answers(q1112="7/10"), F(94), "four_star", 94, 100, 0, 0),
    ("pro rata 1/3", answers(q1112="1/3"), F(260, 3), "three_star", F(260, 3), 100, 0, 0),
    ("pro rata 0/4", answers(q1112="0/4"), F(80), "three_star", 80, 100, 0, 0),
    ("one deduction", {"s_law": "1"}, F(99), "five_star", 100, 100, 1, 0),
    (
        "deductions add up across kinds",
        {"s_law": "2", "s_rules": "2"},
        F(96),
        "five_star",
        100,
        100,
        4,
        0,
    ),
    (
        "five deductions fail even at 95",
        {"s_law": "3", "s_rules": "2"},
        F(95),
        "fail",
        100,
        100,
        5,
        0,
    ),
    ("five deductions in one kind", {"s_law": "5"}, F(95), "fail", 100, 100, 5, 0),
    ("ten deductions", {"s_law": "5", "s_rules": "5"}, F(90), "fail", 100, 100, 10, 0),
    ("bonus", {"s_bonus": "yes", **answers(q1113="no")}, F(91), "four_star", 90, 100, 0, 1),
    (
        "at most one bonus",
        {"s_bonus": "yes", "s_bonus2": "yes", **answers(q1113="no")},
        F(91),
        "four_star",
        90,
        100,
        0,
        1,
    ),
    (
        "second bonus alone",
        {"s_bonus2": "yes", **answers(q1113="no")},
        F(91),
        "four_star",
        90,
        100,
        0,
        1,
    ),
    ("clamped at 100", {"s_bonus": "yes"}, F(100), "five_star", 100, 100, 0, 1),
    (
        "clamped at 0",
        {"s_law": "5", **answers(q1111="no", q1112="0/10", q1113="no", qi1="no", qi2="no")},
        F(0),
        "fail",
        0,
        100,
        5,
        0,
    ),
    (
        "bonus lifts to a boundary",
        {"s_bonus": "yes", **answers(q1111="no", q1112="9/10")},
        F(69),
        "fail",
        68,
        100,
        0,
        1,
    ),
    (
        "deduction and bonus cancel",
        {"s_law": "1", "s_bonus": "yes", **answers(q1111="no")},
        F(70),
        "compliant",
        70,
        100,
        1,
        1,
    ),
]


@pytest.mark.parametrize(
    ("changes", "expected", "tier", "earned", "applicable", "deductions", "bonus"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_score_table(score, changes, expected, tier, earned, applicable, deductions, bonus):
    _, r = score(**changes)
    assert isinstance(r.score, F)
    assert r.score == expected
    assert r.tier == tier
    assert (r.earned, r.applicable) == (F(earned), F(applicable))
    assert (r.deductions, r.bonus) == (deductions, bonus)
    assert r.complete
    assert (r.outlook.low, r.outlook.high, r.outlook.tiers) == (expected, expected, (tier,))


# -- tier boundaries -------------------------------------------------------------------------------

BOUNDARIES = [
    ("7/10", 0, "no", F(70), "compliant"),
    ("6999/10000", 0, "no", F(6999, 100), "fail"),
    ("69999/100000", 0, "no", F(69999, 1000), "fail"),
    ("8/10", 0, "no", F(80), "three_star"),
    ("7999/10000", 0, "no", F(7999, 100), "compliant"),
    ("9/10", 0, "no", F(90), "four_star"),
    ("8999/10000", 0, "no", F(8999, 100), "three_star"),
    ("95/100", 0, "no", F(95), "five_star"),
    ("9499/10000", 0, "no", F(9499, 100), "four_star"),
    ("71/100", 1, "no", F(70), "compliant"),
    ("7099/10000", 1, "no", F(6999, 100), "fail"),
    ("6999/10000", 0, "yes", F(7099, 100), "compliant"),
    ("69/100", 0, "yes", F(70), "compliant"),
    ("94/100", 0, "yes", F(95), "five_star"),
    ("99/100", 4, "no", F(95), "five_star"),
    ("1/1", 5, "no", F(95), "fail"),
    ("1/1", 4, "yes", F(97), "five_star"),
    ("0/1", 1, "no", F(0), "fail"),
]


@pytest.mark.parametrize(("sample", "deductions", "bonus", "expected", "tier"), BOUNDARIES)
def test_tier_boundaries(one_sampled_bank, interview, sample, deductions, bonus, expected, tier):
    s = interview(
        one_sampled_bank, {"s.law": str(deductions), "s.bonus": bonus, "5.1.1.1-a": sample}
    )
    r = scoring.evaluate(one_sampled_bank, s)
    assert (r.score, r.tier) == (expected, tier)


@pytest.mark.parametrize(
    ("value", "tier"),
    [
        (F(0), "fail"),
        (F(70) - F(1, 10**9), "fail"),
        (F(70), "compliant"),
        (F(80) - F(1, 10**9), "compliant"),
        (F(80), "three_star"),
        (F(90) - F(1, 10**9), "three_star"),
        (F(90), "four_star"),
        (F(95) - F(1, 10**9), "four_star"),
        (F(95), "five_star"),
        (F(100), "five_star"),
    ],
)
def test_tier_of(value, tier):
    assert tier_of(value, 0) == tier
    assert tier_of(value, 4) == tier
    assert tier_of(value, 5) == "fail"


# -- weakest, unknown, unsure ----------------------------------------------------------------------


def test_weakest_by_points_lost(score):
    _, r = score(**answers(q1111="no", q1112="4/10", q1113="no", qi2="部分"))
    assert [(x.item.id, x.points_lost) for x in r.weakest] == [
        ("5.1.1.1", F(30)),
        ("5.2.1-i2", F(15)),
        ("5.1.1.2", F(12)),
        ("5.1.1.3", F(10)),
    ]
    by_id = {x.item.id: x for x in r.items}
    assert by_id["5.2.1-i2"].quick_win and not by_id["5.1.1.1"].quick_win
    assert by_id["5.1.1.2"].status == "partial" and by_id["5.1.1.2"].credit == F(2, 5)


def test_weakest_ties_keep_clause_order(score):
    _, r = score(**answers(q1112="5/10", q1113="no"))
    assert [(x.item.id, x.points_lost) for x in r.weakest] == [
        ("5.1.1.2", F(10)),
        ("5.1.1.3", F(10)),
    ]


def test_open_items_are_listed_as_unknown(score, score_bank):
    _, r = score(**answers(q1111="no", q1113=None, qi1="skip"))
    assert [x.item.id for x in r.unknown] == ["5.1.1.3", "5.2.1-i1"]
    assert not r.complete
    assert (r.earned, r.applicable) == (F(35), F(65))
    assert r.score == F(700, 13)
    # 5.1.1.3 may still earn 0..10; 5.2.1-i1 may also be excluded: min 35/100, max 70/100
    assert (r.outlook.low, r.outlook.high) == (F(35), F(70))
    assert r.outlook.tiers == ("fail", "compliant")
    assert r.open_count == 2
    assert [x.item.id for x in r.weakest] == ["5.1.1.1"]
    groups = {g.id: g for g in scoring.breakdowns(score_bank, r)[0]}
    assert (groups["5.1"].open, groups["5.2"].open) == (F(10), F(25))


def test_nothing_answered(score_bank):
    s = engine.new_session(score_bank, session_id="ab" * 16, now=NOW)
    r = scoring.evaluate(score_bank, s)
    assert (r.score, r.tier, r.applicable) == (0, "fail", 0)
    assert (r.outlook.low, r.outlook.high) == (F(0), F(100))
    assert r.outlook.tiers == TIER_ORDER
    assert r.eligible is None and r.eligibility_open == ("e.legal",)
    assert [(f.tier, f.reachable, f.reason) for f in upgrade_path(r)] == [
        (t, False, "nothing_answered") for t in TIER_ORDER[1:]
    ]


def test_an_unsure_answer_counts_as_given_and_is_listed_to_verify(score, score_bank):
    s, r = score()
    s = engine.set_unsure(s, "5.1.1.1-a", True, NOW)
    r = scoring.evaluate(score_bank, s)
    assert r.score == 100 and r.tier == "five_star" and r.complete
    assert (r.outlook.low, r.outlook.high, r.outlook.tiers) == (F(100), F(100), ("five_star",))
    assert r.unsure == ("5.1.1.1-a",)
    data = report.build(score_bank, s, "en")
    assert data["verify_before_applying"] == [
        {"question": "5.1.1.1-a", "text": "Department?", "clause": "5.1.1.1", "title": "Department"}
    ]
    assert data["range"] == {
        "min": 100.0,
        "max": 100.0,
        "tiers": ["five_star"],
        "tier_labels": ["Five-star"],
    }


def test_an_unsure_deduction_count_counts_as_given(score, score_bank):
    s, _ = score(s_law="1")
    s = engine.set_unsure(s, "s.law", True, NOW)
    r = scoring.evaluate(score_bank, s)
    assert (r.score, r.deductions, r.deductions_open) == (F(99), 1, ())
    assert (r.outlook.low, r.outlook.high, r.outlook.tiers) == (F(99), F(99), ("five_star",))


def test_unanswered_deduction_puts_fail_in_range(score):
    _, r = score(s_law=None)
    assert r.score == 100
    assert (r.outlook.low, r.outlook.high) == (F(95), F(100))
    assert r.outlook.tiers == ("fail", "five_star")


@pytest.mark.parametrize(
    ("law", "rules", "warned"),
    [(0, 0, False), (2, 1, False), (3, 1, True), (2, 2, True), (4, 1, False)],
)
def test_deduction_warning_at_four(score, score_bank, law, rules, warned):
    s, r = score(s_law=str(law), s_rules=str(rules))
    assert r.deductions == law + rules
    for lang, text in [("zh", "已有 4 项特别扣分"), ("en", "4 special deductions already")]:
        warning = report.build(score_bank, s, lang)["deduction_warning"]
        assert (text in warning) if warned else warning == ""


def test_eligibility_failure_is_reported_apart_from_the_score(score, score_bank):
    s_ok, ok = score(**answers(q1113="no"))
    s_bad, bad = score(e_legal="no", **answers(q1113="no"))
    assert ok.score == bad.score == 90
    assert ok.tier == bad.tier == "four_star"
    assert (ok.eligible, bad.eligible) == (True, False)
    assert bad.eligibility_failed == ("e.legal",)
    assert report.build(score_bank, s_bad, "zh")["eligibility_issues"] == ["需要独立法人资格"]
    assert report.build(score_bank, s_bad, "en")["eligibility_issues"] == [
        "Needs independent legal-person status"
    ]
    assert report.build(score_bank, s_ok, "en")["eligibility_issues"] == []


def test_groups_and_indicators(score, score_bank):
    _, r = score(p_delivery="no", **answers(q1111="no", q1112="1/2", qi1="不适用：无"))
    g = {x.id: x for x in scoring.breakdowns(score_bank, r)[0]}
    assert (g["5.1"].earned, g["5.1"].applicable, g["5.1"].max, g["5.1"].excluded) == (
        20,
        60,
        60,
        0,
    )
    assert (g["5.2"].earned, g["5.2"].applicable, g["5.2"].max, g["5.2"].excluded) == (0, 0, 40, 40)
    assert r.score == F(20, 60) * 100


# -- upgrade path ----------------------------------------------------------------------------------


def test_upgrade_path_known_example(score):
    _, r = score(**answers(q1111="no", q1112="0/10", q1113="no", qi1="no"))
    assert (r.score, r.tier) == (F(15), "fail")
    got = [(f.tier, f.reachable, ids(f), f.effort, f.score_after) for f in upgrade_path(r)]
    assert got == [
        # +55 needed: 30 (low, 1) + 25 (medium, 2) is the cheapest, landing exactly on 70
        ("compliant", True, ("5.1.1.1", "5.2.1-i1"), 3, F(70)),
        # +65: 30 + 20 + 25 (effort 5) beats 30 + 25 + 10 (effort 6)
        # listed by points gained per unit of effort: 30/1, 25/2, 20/3 (then 10/3)
        ("three_star", True, ("5.1.1.1", "5.2.1-i1", "5.1.1.2"), 5, F(90)),
        ("four_star", True, ("5.1.1.1", "5.2.1-i1", "5.1.1.2"), 5, F(90)),
        ("five_star", True, ("5.1.1.1", "5.2.1-i1", "5.1.1.2", "5.1.1.3"), 8, F(100)),
    ]


def test_upgrade_path_only_lists_higher_tiers(score):
    _, r = score(**answers(q1113="no"))
    assert r.tier == "four_star"
    assert [(f.tier, ids(f), f.effort, f.score_after) for f in upgrade_path(r)] == [
        ("five_star", ("5.1.1.3",), 3, F(100))
    ]
    _, top = score()
    assert upgrade_path(top) == ()


def test_upgrade_path_accounts_for_deductions_and_bonus(score):
    _, r = score(
        s_law="3",
        s_rules="1",
        s_bonus="yes",
        **answers(q1112="3/4", q1113="no", qi1="不适用：无", qi2="部分"),
    )
    assert (r.score, r.tier) == (F(57), "fail")
    assert [(f.tier, ids(f), f.effort, f.score_after) for f in upgrade_path(r)] == [
        ("compliant", ("5.2.1-i2",), 1, F(77)),
        ("three_star", ("5.2.1-i2", "5.1.1.2"), 3, F(251, 3)),  # the quick win first
        ("four_star", ("5.2.1-i2", "5.1.1.3"), 4, F(271, 3)),
        ("five_star", ("5.2.1-i2", "5.1.1.3", "5.1.1.2"), 6, F(97)),  # 10/3 per effort beats 5/3
    ]


def test_five_deductions_make_every_tier_unreachable(score):
    _, r = score(s_law="5", **answers(q1111="no"))
    assert (r.score, r.tier) == (F(65), "fail")
    assert [(f.tier, f.reachable, ids(f), f.reason) for f in upgrade_path(r)] == [
        (t, False, (), "deductions") for t in TIER_ORDER[1:]
    ]


def test_every_tier_is_reachable_below_five_deductions(score):
    """Fixing every gap gives 100 − d + b ≥ 96 when d ≤ 4: each higher tier has a plan."""
    for d in range(5):
        _, r = score(
            s_law=str(d), **answers(q1111="no", q1112="0/10", q1113="no", qi1="no", qi2="no")
        )
        fixes = upgrade_path(r)
        assert [f.reachable for f in fixes] == [True] * 4
        assert fixes[-1].score_after == 100 - d


def test_the_plan_lists_quick_wins_first_then_points_per_effort(score):
    _, r = score(**answers(q1111="no", q1112="0/10", q1113="no", qi1="no", qi2="部分"))
    top = upgrade_path(r)[-1]
    assert ids(top) == ("5.2.1-i2", "5.1.1.1", "5.2.1-i1", "5.1.1.2", "5.1.1.3")
    assert top.items[0].quick_win


# -- weight robustness -----------------------------------------------------------------------------


def test_weight_robustness_robust(score):
    _, r = score()
    rob = for_tally(r)
    assert (rob.verdict, rob.tiers_seen, rob.method) == ("robust", ("five_star",), "exact")
    assert (rob.low, rob.high) == (100, 100)


def test_weight_robustness_depends_on_weighting(score):
    _, r = score(**answers(q1111="no"))
    assert (r.score, r.tier) == (70, "compliant")
    rob = for_tally(r)
    assert (rob.verdict, rob.tiers_seen, rob.method) == (
        "depends_on_weighting",
        ("fail", "compliant", "three_star"),
        "exact",
    )
    # each weight moves on its own (no group kept at its total): 5.1.1.1 (30, not met) at +30%
    # and the 70 met points at −30% give 49 / 88; the other way round 91 / 112 = 81.25 (三星)
    assert rob.low == F(4900, 88)
    assert rob.high == F(8125, 100)


def test_weight_robustness_far_from_a_boundary_is_robust(score):
    _, r = score(
        s_law="3",
        s_rules="1",
        s_bonus="yes",
        **answers(q1112="3/4", q1113="no", qi1="不适用：无", qi2="部分"),
    )
    rob = for_tally(r)
    assert (rob.verdict, rob.tiers_seen, rob.method) == ("robust", ("fail",), "exact")


def test_weight_robustness_exact_and_repeatable_on_the_bundled_bank(bundled_bank, interview):
    replies = {q.id: "1" for q in bundled_bank.questions if q.type == "choice"}
    replies.update({q.id: "7/10" for q in bundled_bank.questions if q.type == "sampled"})
    replies.update({q.id: "0" for q in bundled_bank.questions if q.type in ("count", "number")})
    s = interview(bundled_bank, replies)
    r = scoring.evaluate(bundled_bank, s)
    a, b = for_tally(r), for_tally(scoring.evaluate(bundled_bank, s))
    assert a == b
    assert a.method == "exact" and a.low <= r.score <= a.high


def test_no_robustness_without_scored_items(score_bank):
    s = engine.new_session(score_bank, session_id="ab" * 16, now=NOW)
    rob = for_tally(scoring.evaluate(score_bank, s))
    assert (rob.verdict, rob.tiers_seen, rob.method) == ("not_applicable", (), "none")
