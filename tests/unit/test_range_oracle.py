"""The exact score range (`interviewer.core.outlook.outlook`) against a brute-force oracle
(`tests/range_oracle.py`) on small random banks and partial answer sets, plus hand-written
regressions for the faults of the old range code and hand-computed checks of the oracle itself.

Every bank is generated as a document and loaded through `bankload.load_bank`, so it satisfies the
loader's invariants; a bank the loader rejects is a bug of the generator, never caught here.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from fractions import Fraction as F
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st

from interviewer.core import bankload, engine, scoring
from interviewer.core.bank import Bank, Question

# -- the function under test ----------------------------------------------------------------------
from interviewer.core.outlook import outlook
from interviewer.core.session import Answer, Sampled, Session
from tests.range_oracle import (
    SAMPLED_MAX_M,
    branch_bound,
    branches,
    brute_force_range,
    compared_literals,
    configurations,
    fixed_answer,
    interval_tiers,
    number_representatives,
    provisional,
    shown_open,
)


def under_test(bank: Bank, session: Session) -> tuple[F, F, tuple[str, ...]]:
    r = outlook(bank, session)
    assert isinstance(r.low, F) and isinstance(r.high, F), (type(r.low), type(r.high))
    return r.low, r.high, tuple(r.tiers)


NOW = "2024-05-01T09:00:00+08:00"
SID = "ab" * 16
LIMIT = 20_000
"""At most this many discrete completions per generated example (the generator keeps to it)."""
SETTINGS: dict[str, Any] = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
ALL_TIERS = scoring.TIER_ORDER


# -- building bank documents ----------------------------------------------------------------------


def T(s: str) -> dict[str, str]:
    return {"zh": s, "en": s}


def points_text(x: F) -> str | int:
    return x.numerator if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def options(*pairs: tuple[str, float]) -> list[dict[str, Any]]:
    return [{"value": v, "label": T(v), "credit": c} for v, c in pairs]


FHN = options(("full", 1), ("half", 0.5), ("none", 0))
YN_CREDIT = options(("yes", 1), ("no", 0))


def profile_choice(qid: str, *values: str, when: Any = None) -> dict[str, Any]:
    q: dict[str, Any] = {
        "id": qid,
        "text": T(qid),
        "options": [{"value": v, "label": T(v)} for v in values],
    }
    if when is not None:
        q["when"] = when
    return q


def question(
    qid: str, opts: Any = FHN, *, when: Any = None, sampled: bool = False
) -> dict[str, Any]:
    q: dict[str, Any] = {"id": qid, "text": T(qid)}
    if sampled:
        q["type"] = "sampled"
        q["sample"] = T("count")
    else:
        q["options"] = opts
    if when is not None:
        q["when"] = when
    return q


def item(iid: str, points: F | int, *questions: dict[str, Any], **extra: Any) -> dict[str, Any]:
    indicator = ".".join(iid.split(".")[:3])
    doc: dict[str, Any] = {
        "id": iid,
        "indicator": indicator,
        "title": T(iid),
        "requirement": T(iid),
        "points": points_text(F(points)),
        "provenance": "inferred",
        "evidence": {"zh": ["e"], "en": ["e"]},
        "fix": {"zh": ["f"], "en": ["f"]},
        "effort": "low",
        "questions": list(questions),
    }
    if any(q.get("type") == "sampled" for q in questions):
        doc["sampled"] = True
    if "exclude_when" in extra:
        extra.setdefault("exclude_reason", T("excluded"))
    doc.update(extra)
    return doc


def bank_doc(
    items: list[dict[str, Any]],
    *,
    profile: list[dict[str, Any]] = (),  # type: ignore[assignment]
    eligibility: list[dict[str, Any]] = (),  # type: ignore[assignment]
    special: list[dict[str, Any]] = (),  # type: ignore[assignment]
) -> dict[str, Any]:
    """A bank document; groups and indicators follow from the item ids (group = first two parts,
    indicator = first three), group points = the sum of their items' points."""
    groups: dict[str, F] = {}
    indicators: dict[str, str] = {}
    for it in items:
        parts = it["id"].split("-")[0].split(".")
        gid, ind = ".".join(parts[:2]), ".".join(parts[:3])
        groups[gid] = groups.get(gid, F(0)) + F(str(it["points"]))
        indicators.setdefault(ind, gid)
    doc: dict[str, Any] = {
        "id": "gen",
        "version": "1",
        "title": T("gen"),
        "groups": [{"id": g, "title": T(g), "points": points_text(p)} for g, p in groups.items()],
        "indicators": [
            {"id": i, "group": g, "title": T(i), "provenance": "inferred"}
            for i, g in indicators.items()
        ],
        "items": items,
    }
    for key, value in (("profile", profile), ("eligibility", eligibility), ("special", special)):
        if value:
            doc[key] = list(value)
    return doc


def load(doc: dict[str, Any]) -> Bank:
    return _load(json.dumps(doc, ensure_ascii=False))  # JSON is YAML


@functools.lru_cache(maxsize=512)
def _load(text: str) -> Bank:
    """Hypothesis draws the same bank again and again while it explores and shrinks."""
    return bankload.load_bank([("bank.yaml", text.encode("utf-8"))], "bank.yaml")


def deduction(qid: str, top: int, kind: str = "a", when: Any = None) -> dict[str, Any]:
    q: dict[str, Any] = {
        "id": qid,
        "text": T(qid),
        "effect": "deduction",
        "kind": kind,
        "type": "count",
        "max": top,
    }
    if when is not None:
        q["when"] = when
    return q


def bonus(qid: str = "s.bonus", opts: Any = YN_CREDIT, when: Any = None) -> dict[str, Any]:
    q: dict[str, Any] = {"id": qid, "text": T(qid), "effect": "bonus", "options": opts}
    if when is not None:
        q["when"] = when
    return q


def session_of(bank: Bank, answers: dict[str, Answer | Any], mode: str = "full") -> Session:
    """A session with these answers: an Answer as is, "na" / "skip" as those statuses, anything
    else as an answered value."""
    s = engine.new_session(bank, session_id=SID, now=NOW, mode=mode)  # type: ignore[arg-type]
    for qid, a in answers.items():
        if not isinstance(a, Answer):
            if a == "na":
                a = Answer(None, "na", "reason", False, NOW)
            elif a == "skip":
                a = Answer(None, "skipped", "", False, NOW)
            else:
                a = Answer(a, "answered", "", False, NOW)
        s = s.with_answer(qid, a)
    return s


# -- the generator --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    doc: dict[str, Any]
    bank: Bank
    session: Session

    def __repr__(self) -> str:
        return describe(self.doc, self.session)

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:  # how hypothesis prints an example
        p.text(repr(self))


def _cond(c: Any) -> str:
    return json.dumps(c, separators=(",", ":"))


def describe(doc: dict[str, Any], session: Session) -> str:
    """A compact, readable account of a bank and its answers (for shrunk counterexamples)."""
    lines = ["Case("]
    lines.append("  groups: " + ", ".join(f"{g['id']}={g['points']}" for g in doc["groups"]))

    def qline(q: dict[str, Any]) -> str:
        kind = q.get("type", "choice")
        if kind == "choice":
            desc = (
                "["
                + ", ".join(
                    o["value"] + (f":{F(str(o['credit']))}" if "credit" in o else "")
                    for o in q["options"]
                )
                + "]"
            )
        elif kind in ("number", "count"):
            desc = f"{kind} {q.get('min', 0)}..{q['max']}"
        else:
            desc = "sampled"
        extra = f" {q['effect']}" if "effect" in q else ""
        when = f" when {_cond(q['when'])}" if "when" in q else ""
        return f"{q['id']}{extra} {desc}{when}"

    for key in ("profile", "eligibility", "special"):
        for q in doc.get(key, []):
            lines.append(f"  {key}: {qline(q)}")
    for it in doc["items"]:
        flags = []
        if it.get("may_exclude"):
            flags.append("may_exclude")
        if "exclude_when" in it:
            flags.append(f"exclude_when {_cond(it['exclude_when'])}")
        lines.append(f"  item {it['id']} points={it['points']} {' '.join(flags)}".rstrip())
        for q in it["questions"]:
            lines.append(f"    {qline(q)}")
    lines.append(f"  mode: {session.mode}")
    for qid, a in session.answers.items():
        v = f"{a.value.n}/{a.value.m}" if isinstance(a.value, Sampled) else repr(a.value)
        u = " unsure" if a.unsure else ""
        lines.append(f"  answer {qid}: {a.status} {v}{u}")
    lines.append(")")
    return "\n".join(lines)


@st.composite
def atoms(draw: Any, p: dict[str, Any]) -> dict[str, Any]:
    """A comparison with profile question `p` that some answer to `p` makes true."""
    qid = p["id"]
    if p.get("type") == "number":
        lo = p.get("min", 0)
        op = draw(st.sampled_from(["lt", "le", "gt", "ge", "eq", "ne", "in"]))
        ints = [lo + 1, lo + 2]
        if op in ("eq", "ne"):
            return {op: [qid, draw(st.sampled_from(ints))]}
        if op == "in":
            return {"in": [qid, draw(st.lists(st.sampled_from(ints), min_size=1, unique=True))]}
        return {op: [qid, draw(st.sampled_from([*ints, lo + 1.5, lo + 0.5]))]}
    values = [o["value"] for o in p["options"]]
    op = draw(st.sampled_from(["eq", "eq", "ne", "in"]))
    if op == "in":
        return {"in": [qid, draw(st.lists(st.sampled_from(values), min_size=1, unique=True))]}
    return {op: [qid, draw(st.sampled_from(values))]}


@st.composite
def exclusions(draw: Any, profile: list[dict[str, Any]]) -> dict[str, Any]:
    """An exclusion that some profile answers make false (else the item could never be reached):
    atoms, any/all of atoms are false while their questions are unanswered; `not` is only put
    around an atom or an `any`, which some answers make true (each profile question constrains
    only its own parent, so the answers needed never conflict)."""
    form = draw(st.sampled_from(["atom", "atom", "any", "all", "not", "not_any"]))

    def atom() -> dict[str, Any]:
        return draw(atoms(draw(st.sampled_from(profile))))

    if form == "atom":
        return atom()
    if form == "any":
        return {"any": [atom(), atom()]}
    if form == "all":
        return {"all": [atom(), atom()]}
    if form == "not":
        return {"not": atom()}
    return {"not": {"any": [atom(), atom()]}}


def split(draw: Any, total: F, n: int) -> list[F]:
    """`total` in n positive parts with uneven (fractional) shares, summing exactly to it."""
    weights = [draw(st.integers(1, 6)) for _ in range(n)]
    return [total * w / sum(weights) for w in weights]


@st.composite
def bank_docs(draw: Any) -> dict[str, Any]:
    # profile: 0–3 questions (yes/no, three values, or one number), later ones may depend on earlier
    profile: list[dict[str, Any]] = []
    for k in range(draw(st.integers(0, 3), label="profile size")):
        qid = f"p.q{k}"
        kinds = ["yesno", "three"] + ([] if any(p.get("type") for p in profile) else ["number"])
        kind = draw(st.sampled_from(kinds))
        if kind == "number":
            lo = draw(st.integers(0, 2))
            q: dict[str, Any] = {
                "id": qid,
                "text": T(qid),
                "type": "number",
                "min": lo,
                "max": draw(st.sampled_from([lo + 3, lo + 10, 1_000_000])),
            }
        else:
            q = profile_choice(qid, *(("yes", "no") if kind == "yesno" else ("a", "b", "c")))
        if profile and draw(st.booleans()):
            parent = draw(st.sampled_from(profile))
            q["when"] = (
                {"answered": parent["id"]} if draw(st.integers(0, 4)) == 0 else draw(atoms(parent))
            )
        profile.append(q)

    eligibility = []
    if draw(st.integers(0, 3)) == 0:
        eligibility.append(
            {"id": "e.q0", "text": T("e.q0"), "options": YN_CREDIT, "issue": T("issue")}
        )

    special: list[dict[str, Any]] = []
    for k in range(draw(st.integers(0, 2), label="deductions")):
        when = (
            draw(atoms(draw(st.sampled_from(profile)))) if profile and draw(st.booleans()) else None
        )
        special.append(
            deduction(f"s.d{k}", draw(st.integers(1, 5)), draw(st.sampled_from("abcd")), when)
        )
    if draw(st.booleans()):
        opts = draw(st.sampled_from([YN_CREDIT, options(("yes", 1), ("some", 0.5), ("no", 0))]))
        when = (
            draw(atoms(draw(st.sampled_from(profile)))) if profile and draw(st.booleans()) else None
        )
        special.append(bonus("s.bonus", opts, when))

    # groups (1–3), indicators (1–2 per group), items (1–6 in all, every indicator has one)
    n_groups = draw(st.integers(1, 3), label="groups")
    indicators: list[tuple[str, str]] = []
    for g in range(n_groups):
        for k in range(draw(st.integers(1, 2))):
            if len(indicators) < 6:
                indicators.append((f"5.{g + 1}.{k + 1}", f"5.{g + 1}"))
    groups_used = sorted({g for _, g in indicators})
    n_items = draw(st.integers(len(indicators), 6), label="items")
    per_ind = [1] * len(indicators)
    for _ in range(n_items - len(indicators)):
        per_ind[draw(st.integers(0, len(indicators) - 1))] += 1
    group_points = dict(zip(groups_used, split(draw, F(100), len(groups_used)), strict=True))
    item_points: list[F] = []
    for gid in groups_used:
        count = sum(n for (i, g), n in zip(indicators, per_ind, strict=True) if g == gid)
        item_points += split(draw, group_points[gid], count)

    pool = [draw(exclusions(profile)) for _ in range(draw(st.integers(1, 2)))] if profile else []
    items: list[dict[str, Any]] = []
    for (ind, _gid), count in zip(indicators, per_ind, strict=True):
        for k in range(count):
            iid = f"{ind}.{k + 1}"
            extra: dict[str, Any] = {}
            if pool and draw(st.integers(0, 2)) == 0:
                extra["exclude_when"] = draw(st.sampled_from(pool))
            if draw(st.integers(0, 3)) == 0:
                extra["may_exclude"] = True
            qs: list[dict[str, Any]] = []
            for n in range(draw(st.integers(1, 3), label="questions")):
                qid = f"{iid}-{'abc'[n]}"
                sampled = draw(st.integers(0, 4)) == 0
                credits = draw(st.lists(st.sampled_from([0, 0.5, 1]), min_size=2, max_size=3))
                opts = options(*((f"o{j}", c) for j, c in enumerate(credits)))
                when = None
                if n == 0:
                    if profile and "exclude_when" not in extra and draw(st.integers(0, 3)) == 0:
                        when = draw(atoms(draw(st.sampled_from(profile))))
                else:
                    target = draw(st.sampled_from(["chain", "chain", "first", "none"]))
                    parent = qs[-1] if target == "chain" else qs[0]
                    if target != "none":
                        if parent.get("type") == "sampled" or draw(st.integers(0, 5)) == 0:
                            when = {"answered": parent["id"]}
                        else:
                            values = [o["value"] for o in parent["options"]]
                            when = (
                                {"eq": [parent["id"], draw(st.sampled_from(values))]}
                                if draw(st.integers(0, 3))
                                else {
                                    "in": [
                                        parent["id"],
                                        draw(
                                            st.lists(
                                                st.sampled_from(values), min_size=1, unique=True
                                            )
                                        ),
                                    ]
                                }
                            )
                qs.append(question(qid, opts, when=when, sampled=sampled))
            items.append(item(iid, item_points[len(items)], *qs, **extra))
    return bank_doc(items, profile=profile, eligibility=eligibility, special=special)


def valid_value(draw: Any, bank: Bank, q: Question) -> Any:
    if q.type == "choice":
        return draw(st.sampled_from([o.value for o in q.options]))
    if q.type == "sampled":
        m = draw(st.integers(1, 12))
        return Sampled(draw(st.integers(0, m)), m)
    if q.type == "count":
        return draw(st.integers(q.min, q.max or q.min))
    reps = number_representatives(q, compared_literals(bank, q.id))
    return draw(st.one_of(st.sampled_from(reps), st.integers(q.min, q.max or q.min)))


def invalid_value(draw: Any, q: Question) -> Any:
    if q.type == "choice":
        return draw(st.sampled_from(["bogus", Sampled(1, 2), 1]))
    if q.type == "sampled":
        return draw(st.sampled_from(["3/4", "o0", 3]))
    return draw(st.sampled_from(["many", Sampled(1, 1), "2"]))


def answer_for(draw: Any, bank: Bank, q: Question, kind: str) -> Answer:
    if kind == "na":
        return Answer(None, "na", "reason", False, NOW)
    if kind == "skipped":
        return Answer(None, "skipped", "", False, NOW)
    value = valid_value(draw, bank, q) if kind == "valid" else invalid_value(draw, q)
    return Answer(value, "answered", "", draw(st.integers(0, 4)) == 0, NOW)


@st.composite
def cases(draw: Any) -> Case:
    doc = draw(bank_docs())
    bank = load(doc)  # never caught: a rejected bank is a generator bug
    mode = draw(st.sampled_from(["full", "full", "triage", "training"]))
    s = engine.new_session(
        bank, session_id=SID, now=NOW, mode=mode, triage_limit=draw(st.integers(1, 4))
    )
    for q in bank.questions:
        kinds = (
            ["none"] * 4 + ["valid"] * 4 + ["skipped", "invalid"] + (["na"] if q.can_be_na else [])
        )
        kind = draw(st.sampled_from(kinds), label=f"{q.id} answer")
        if kind != "none":
            s = s.with_answer(q.id, answer_for(draw, bank, q, kind))
    # keep the enumeration small: answer the open question with the most branches until the
    # product of the open questions' branch counts (a bound on the completions) is within LIMIT
    while branch_bound(bank, s) > LIMIT:
        open_qs = [q for q in bank.questions if fixed_answer(q, s.answers.get(q.id)) is None]
        q = max(reversed(open_qs), key=lambda x: len(branches(bank, x)))
        s = s.with_answer(q.id, answer_for(draw, bank, q, "valid"))
    return Case(doc, bank, s)


def completed(draw: Any, bank: Bank, s: Session) -> Session:
    """The session with every question shown under its answers given a fixed answer (in asking
    order, since each answer can show or hide later questions); kept answers stay as they are."""
    for _ in range(len(bank.questions) + 1):
        pending = shown_open(bank, s)
        if not pending:
            return s
        q = bank.question(pending[0])
        kind = "na" if q.can_be_na and draw(st.integers(0, 5)) == 0 else "valid"
        s = s.with_answer(q.id, answer_for(draw, bank, q, kind))
    raise AssertionError("completing the session did not end")


@st.composite
def complete_cases(draw: Any) -> Case:
    case = draw(cases())
    return Case(case.doc, case.bank, completed(draw, case.bank, case.session))


# -- 1. the property ------------------------------------------------------------------------------


@settings(max_examples=400, **SETTINGS)
@given(case=cases())
def test_outlook_matches_brute_force(case: Case) -> None:
    assert branch_bound(case.bank, case.session) <= LIMIT  # the generator keeps the search small
    expected = brute_force_range(case.bank, case.session)
    assert under_test(case.bank, case.session) == expected


@settings(max_examples=150, **SETTINGS)
@given(case=complete_cases())
def test_nothing_open_is_one_exact_score(case: Case) -> None:
    score, tier = provisional(case.bank, case.session)
    assert brute_force_range(case.bank, case.session) == (score, score, (tier,))
    # the oracle's own scorer agrees with the app's provisional score on a complete session
    today = scoring.evaluate(case.bank, case.session)
    assert (today.score, today.tier) == (score, tier)
    assert under_test(case.bank, case.session) == (score, score, (tier,))


@settings(max_examples=40, **SETTINGS)
@given(case=cases())
def test_oracle_sampled_intervals_against_fixed_sampled_answers(case: Case) -> None:
    """The oracle's interval reasoning, checked by the oracle itself: fixing every open sampled
    question at 0/1, 1/1 (or "na") reaches exactly the range's ends, and other credits on the grid
    (1/2, 1/3) stay inside the range and its tiers."""
    bank, s = case.bank, case.session
    open_sampled = [
        q
        for q in bank.questions
        if q.type == "sampled" and fixed_answer(q, s.answers.get(q.id)) is None
    ]
    if not open_sampled or len(open_sampled) > 2:
        return
    low, high, tiers = brute_force_range(bank, s)
    ends: list[tuple[F, F, tuple[str, ...]]] = []
    inner: list[tuple[F, F, tuple[str, ...]]] = []

    def refine(k: int, s2: Session, at_ends: bool) -> None:
        if k == len(open_sampled):
            (ends if at_ends else inner).append(brute_force_range(bank, s2))
            return
        q = open_sampled[k]
        values = [
            (Sampled(0, 1), True),
            (Sampled(1, 1), True),
            (Sampled(1, 2), False),
            (Sampled(1, 3), False),
        ]
        for value, end in values:
            refine(
                k + 1,
                s2.with_answer(q.id, Answer(value, "answered", "", False, NOW)),
                at_ends and end,
            )
        if q.can_be_na:
            refine(k + 1, s2.with_answer(q.id, Answer(None, "na", "reason", False, NOW)), at_ends)

    refine(0, s, True)
    assert min(r[0] for r in ends) == low
    assert max(r[1] for r in ends) == high
    for r in ends + inner:
        assert low <= r[0] <= r[1] <= high
        assert set(r[2]) <= set(tiers)


# the generator reaches every feature the property must cover
def _items(c: Case) -> list[dict[str, Any]]:
    return c.doc["items"]


def _depth3(c: Case) -> bool:
    return any(
        len(it["questions"]) == 3
        and it["questions"][1].get("when", {}).get("eq", [None])[0] == it["questions"][0]["id"]
        and it["questions"][2].get("when", {}).get("eq", [None])[0] == it["questions"][1]["id"]
        for it in _items(c)
    )


def _hidden_kept(c: Case) -> bool:
    shown = {q.id for q in engine.visible(c.bank, c.session, "full")}
    return any(
        qid not in shown and a.status == "answered" and c.bank.question(qid).item_id
        for qid, a in c.session.answers.items()
    )


def _correlated(c: Case) -> bool:
    conds = [_cond(it["exclude_when"]) for it in _items(c) if "exclude_when" in it]
    return len(conds) != len(set(conds))


FEATURES = {
    "three groups, six items": lambda c: len(c.doc["groups"]) == 3 and len(_items(c)) == 6,
    "fractional item points": lambda c: sum("/" in str(it["points"]) for it in _items(c)) >= 2,
    "credit 1/2 option": lambda c: any(
        o.credit == F(1, 2) for q in c.bank.questions if q.item_id for o in q.options
    ),
    "one profile answer excludes two items": _correlated,
    "exclusion by any": lambda c: any('"any"' in _cond(it.get("exclude_when")) for it in _items(c)),
    "exclusion by all": lambda c: any('"all"' in _cond(it.get("exclude_when")) for it in _items(c)),
    "exclusion by not": lambda c: any('"not"' in _cond(it.get("exclude_when")) for it in _items(c)),
    "may_exclude answered na": lambda c: any(
        a.status == "na" and c.bank.item(c.bank.question(q).item_id).may_exclude
        for q, a in c.session.answers.items()
    ),
    "chain three deep": _depth3,
    "profile chain": lambda c: sum("when" in p for p in c.doc.get("profile", [])) >= 2,
    "number profile in an exclusion": lambda c: any(
        f'"{q.id}"' in _cond(it.exclude_when)
        for q in c.bank.questions
        if q.type == "number"
        for it in c.bank.items
        if it.exclude_when is not None
    ),
    "open sampled": lambda c: any(
        q.type == "sampled" and fixed_answer(q, c.session.answers.get(q.id)) is None
        for q in c.bank.questions
    ),
    "deductions can reach 5": lambda c: (
        sum(q.max or 0 for q in c.bank.questions if q.effect == "deduction") >= 5
    ),
    "bonus": lambda c: any(q.effect == "bonus" for q in c.bank.questions),
    "eligibility": lambda c: any(q.section == "eligibility" for q in c.bank.questions),
    "kept answer under a hidden branch": _hidden_kept,
    "unsure": lambda c: any(a.unsure for a in c.session.answers.values()),
    "value that is not an option": lambda c: any(
        a.status == "answered" and fixed_answer(c.bank.question(q), a) is None
        for q, a in c.session.answers.items()
    ),
    "skipped": lambda c: any(a.status == "skipped" for a in c.session.answers.values()),
}


@pytest.mark.parametrize("feature", list(FEATURES))
def test_generator_covers(feature: str) -> None:
    found = find(
        cases(),
        FEATURES[feature],
        settings=settings(
            max_examples=3000, database=None, phases=[Phase.generate], derandomize=True, **SETTINGS
        ),
    )
    assert FEATURES[feature](found)


# -- 2. regressions: the faults of the old range code ---------------------------------------------


def check(bank: Bank, session: Session, expected: tuple[F, F, tuple[str, ...]]) -> None:
    assert brute_force_range(bank, session) == expected  # the oracle, against the hand result
    assert under_test(bank, session) == expected


def test_third_level_follow_up_under_hidden_second_level_is_not_open() -> None:
    # a = half hides b, and with it c: the item's credit is exactly 1/2, nothing is open
    bank = load(
        bank_doc(
            [
                item(
                    "5.1.1.1",
                    20,
                    question("5.1.1.1-a"),
                    question("5.1.1.1-b", when={"eq": ["5.1.1.1-a", "full"]}),
                    question("5.1.1.1-c", when={"eq": ["5.1.1.1-b", "full"]}),
                ),
                item("5.1.1.2", 80, question("5.1.1.2-a")),
            ]
        )
    )
    s = session_of(bank, {"5.1.1.1-a": "half", "5.1.1.2-a": "full"})
    check(bank, s, (F(90), F(90), ("four_star",)))


def test_kept_answer_under_hidden_branch_counts_when_it_comes_back() -> None:
    # a is open; b's kept "none" is hidden now, but shown (and counted) whenever a = full
    bank = load(
        bank_doc(
            [
                item(
                    "5.1.1.1",
                    100,
                    question("5.1.1.1-a"),
                    question("5.1.1.1-b", when={"eq": ["5.1.1.1-a", "full"]}),
                )
            ]
        )
    )
    s = session_of(bank, {"5.1.1.1-b": "none"})
    check(bank, s, (F(0), F(50), ("fail",)))


def test_one_open_profile_answer_excludes_several_items_together() -> None:
    # p = yes: (40 + 0 + 10) / 100; p = no: 10 / 20. Both 50: excluding 5.1.1.2 alone is impossible
    no = {"eq": ["p.x", "no"]}
    bank = load(
        bank_doc(
            [
                item("5.1.1.1", 40, question("5.1.1.1-a"), exclude_when=no),
                item("5.1.1.2", 40, question("5.1.1.2-a"), exclude_when=no),
                item("5.1.1.3", 20, question("5.1.1.3-a")),
            ],
            profile=[profile_choice("p.x", "yes", "no")],
        )
    )
    s = session_of(bank, {"5.1.1.1-a": "full", "5.1.1.2-a": "none", "5.1.1.3-a": "half"})
    check(bank, s, (F(50), F(50), ("fail",)))


def test_tier_reachable_only_with_five_deductions_is_a_fail() -> None:
    # ratio 99: 0–4 deductions give 95..99 (five_star); 5 give 94, which is a fail, not four_star
    bank = load(
        bank_doc(
            [
                item("5.1.1.1", 99, question("5.1.1.1-a")),
                item("5.1.1.2", 1, question("5.1.1.2-a")),
            ],
            special=[deduction("s.d0", 5)],
        )
    )
    s = session_of(bank, {"5.1.1.1-a": "full", "5.1.1.2-a": "none"})
    check(bank, s, (F(94), F(99), ("fail", "five_star")))


def test_tiers_need_not_be_contiguous() -> None:
    # the open item is worth 95 of 100 points: 5 or 100, nothing in between
    bank = load(
        bank_doc(
            [
                item("5.1.1.1", 95, question("5.1.1.1-a", options(("full", 1), ("none", 0)))),
                item("5.1.1.2", 5, question("5.1.1.2-a")),
            ]
        )
    )
    s = session_of(bank, {"5.1.1.2-a": "full"})
    check(bank, s, (F(5), F(100), ("fail", "five_star")))


# further faults of the old range code that the property found (shrunk, then tidied by hand)

NONE_FULL = options(("none", 0), ("full", 1))
P_YES = {"eq": ["p.x", "yes"]}


def test_open_question_ranges_over_its_own_options_credits() -> None:
    # the worst option earns 1/2, the best 1: not 0..1
    bank = load(
        bank_doc([item("5.1.1.1", 100, question("5.1.1.1-a", options(("half", 0.5), ("full", 1))))])
    )
    check(bank, session_of(bank, {}), (F(50), F(100), ("fail", "five_star")))
    # no option earns anything (and "not applicable" leaves nothing applicable: 0 too)
    bank = load(
        bank_doc(
            [
                item(
                    "5.1.1.1",
                    100,
                    question("5.1.1.1-a", options(("no", 0), ("informal", 0))),
                    may_exclude=True,
                )
            ]
        )
    )
    check(bank, session_of(bank, {}), (F(0), F(0), ("fail",)))


def test_an_unsure_answer_is_still_an_answer() -> None:
    bank = load(bank_doc([item("5.1.1.1", 100, question("5.1.1.1-a", sampled=True))]))
    s = session_of(bank, {"5.1.1.1-a": Answer(Sampled(1, 1), "answered", "", True, NOW)})
    check(bank, s, (F(100), F(100), ("five_star",)))


def test_items_dropping_out_together_with_equal_ratios() -> None:
    # p.x = yes excludes both items (nothing applicable: 0); p.x = no lets both earn up to 1
    bank = load(
        bank_doc(
            [
                item("5.1.1.1", 50, question("5.1.1.1-a", NONE_FULL), exclude_when=P_YES),
                item("5.1.2.1", 50, question("5.1.2.1-a", NONE_FULL), exclude_when=P_YES),
            ],
            profile=[profile_choice("p.x", "yes", "no")],
        )
    )
    check(bank, session_of(bank, {}), (F(0), F(100), ("fail", "five_star")))


def test_an_item_with_no_question_shown_counts_nothing() -> None:
    # p.x = no hides 5.1.1.1 entirely: the score is over the other two items only
    third = F(100, 3)
    bank = load(
        bank_doc(
            [
                item("5.1.1.1", third, question("5.1.1.1-a", NONE_FULL, when=P_YES)),
                item("5.1.1.2", third, question("5.1.1.2-a", NONE_FULL)),
                item("5.1.1.3", third, question("5.1.1.3-a", NONE_FULL)),
            ],
            profile=[profile_choice("p.x", "yes", "no")],
        )
    )
    s = session_of(bank, {"p.x": "no", "5.1.1.2-a": "full"})
    check(bank, s, (F(50), F(100), ("fail", "five_star")))


def test_special_questions_behind_an_open_profile_answer() -> None:
    bank = load(
        bank_doc(
            [item("5.1.1.1", 100, question("5.1.1.1-a"))],
            profile=[profile_choice("p.x", "yes", "no")],
            special=[deduction("s.d0", 5, when=P_YES), bonus(when=P_YES)],
        )
    )
    # p.x = yes brings up to 5 deductions (95 with 5 is a fail)
    check(
        bank,
        session_of(bank, {"5.1.1.1-a": "full", "s.bonus": "no"}),
        (F(95), F(100), ("fail", "five_star")),
    )
    # p.x = yes brings the bonus
    check(bank, session_of(bank, {"5.1.1.1-a": "half", "s.d0": 0}), (F(50), F(51), ("fail",)))


def test_kept_deduction_under_a_hidden_branch_counts_in_every_completion() -> None:
    # s.d0 is hidden only while p.x is unanswered; every completion answers p.x, so D = 3
    bank = load(
        bank_doc(
            [item("5.1.1.1", 100, question("5.1.1.1-a"))],
            profile=[profile_choice("p.x", "yes", "no")],
            special=[deduction("s.d0", 5, when={"answered": "p.x"})],
        )
    )
    check(bank, session_of(bank, {"5.1.1.1-a": "full", "s.d0": 3}), (F(97), F(97), ("five_star",)))


# -- 3. the oracle itself, on hand-computed cases -------------------------------------------------


def test_oracle_tiny_bank_hand_computed(tiny_bank: Bank) -> None:
    s = session_of(
        tiny_bank,
        {
            "p.delivery": "yes",
            "e.legal": "yes",
            "s.law": 0,
            "s.bonus": "no",
            "5.1.1.1-a": "documented",
            "5.1.1.1-b": "documented",
            "5.1.1.2-a": "documented",
            "5.2.1-i1-a": "no",
        },
    )
    # 5.1.1.2-b (sampled, 30 points) open: s in [0, 1]; 5.2.1-i2-a (20) open: 1, 0 or na
    #   documented: (50 + 30s) / 100 -> 50..80;  0: (30 + 30s) / 100 -> 30..60;
    #   na: (30 + 30s) / 80 -> 37.5..75
    assert brute_force_range(tiny_bank, s) == (F(30), F(80), ("fail", "compliant", "three_star"))
    configs = sorted((c.low, c.high) for c in configurations(tiny_bank, s))
    assert configs == [(F(30), F(60)), (F(30), F(60)), (F(75, 2), F(75)), (F(50), F(80))]
    assert branch_bound(tiny_bank, s) == 4  # open: 5.1.1.2-b (1 branch), 5.2.1-i2-a (3 + na)


def test_oracle_empty_tiny_session(tiny_bank: Bank) -> None:
    s = session_of(tiny_bank, {})
    assert brute_force_range(tiny_bank, s) == (F(0), F(100), ALL_TIERS)


def test_oracle_fixed_sampled_credit_and_fractional_points() -> None:
    third = F(100, 3)
    bank = load(
        bank_doc(
            [
                item("5.1.1.1", third, question("5.1.1.1-a", sampled=True)),
                item("5.1.1.2", third, question("5.1.1.2-a")),
                item("5.1.1.3", third, question("5.1.1.3-a")),
            ]
        )
    )
    s = session_of(bank, {"5.1.1.1-a": Sampled(3, 4), "5.1.1.2-a": "half"})
    # (3/4 + 1/2 + {0, 1/2, 1}) / 3 * 100 = 125/3, 175/3, 225/3: fail only up to 75 = compliant
    assert brute_force_range(bank, s) == (F(125, 3), F(75), ("fail", "compliant"))
    s = s.with_answer("5.1.1.3-a", Answer("none", "answered", "", True, NOW))  # unsure: still given
    assert provisional(bank, s) == (F(125, 3), "fail")


def test_oracle_sampled_interval_meets_bands() -> None:
    # an open sampled item worth 50 beside a met one: 50..100, every tier from fail up
    bank = load(
        bank_doc(
            [
                item("5.1.1.1", 50, question("5.1.1.1-a", sampled=True)),
                item("5.1.1.2", 50, question("5.1.1.2-a")),
            ]
        )
    )
    s = session_of(bank, {"5.1.1.2-a": "full"})
    assert brute_force_range(bank, s) == (F(50), F(100), ALL_TIERS)
    # capped by a fixed credit in the same item: min(s, 1/2)
    bank = load(
        bank_doc(
            [
                item(
                    "5.1.1.1",
                    50,
                    question("5.1.1.1-a"),
                    question("5.1.1.1-b", sampled=True),
                ),
                item("5.1.1.2", 50, question("5.1.1.2-a")),
            ]
        )
    )
    s = session_of(bank, {"5.1.1.1-a": "half", "5.1.1.2-a": "full"})
    assert brute_force_range(bank, s) == (F(50), F(75), ("fail", "compliant"))
    assert SAMPLED_MAX_M == 100_000


def test_oracle_number_profile_representatives() -> None:
    bank = load(
        bank_doc(
            [
                item("5.1.1.1", 50, question("5.1.1.1-a"), exclude_when={"gt": ["p.n", 9.5]}),
                item("5.1.1.2", 50, question("5.1.1.2-a")),
            ],
            profile=[{"id": "p.n", "text": T("n"), "type": "number", "min": 0, "max": 1_000_000}],
        )
    )
    q = bank.question("p.n")
    assert number_representatives(q, [9.5]) == [0, 8, 9, 10, 11, 1_000_000]
    assert number_representatives(q, [0]) == [0, 1, 1_000_000]
    s = session_of(bank, {"5.1.1.1-a": "none", "5.1.1.2-a": "full"})
    # n <= 9: (0 + 50) / 100; n >= 10: the first item drops out, 50 / 50
    assert brute_force_range(bank, s) == (F(50), F(100), ("fail", "five_star"))
    assert brute_force_range(bank, s.with_answer("p.n", Answer(9, "answered"))) == (
        F(50),
        F(50),
        ("fail",),
    )
    # a value the question cannot take leaves it open
    assert brute_force_range(bank, s.with_answer("p.n", Answer("9", "answered")))[1] == 100


def test_oracle_deductions_bonus_and_clamp() -> None:
    bank = load(
        bank_doc(
            [item("5.1.1.1", 100, question("5.1.1.1-a"))],
            special=[deduction("s.d0", 3), deduction("s.d1", 3, "b"), bonus()],
        )
    )
    s = session_of(bank, {"5.1.1.1-a": "full", "s.d0": 2})
    # D = 2 + 0..3, B = 0 or 1: 100 - 5 + 0 = 95 (fail: 5 deductions) .. 100 - 2 + 1 = 99
    assert brute_force_range(bank, s) == (F(95), F(99), ("fail", "five_star"))
    s = session_of(bank, {"5.1.1.1-a": "full", "s.d0": 0, "s.d1": 0, "s.bonus": "yes"})
    assert provisional(bank, s) == (F(100), "five_star")  # 101, clamped
    s = session_of(bank, {"5.1.1.1-a": "none", "s.d0": 3, "s.d1": 3, "s.bonus": "no"})
    assert provisional(bank, s) == (F(0), "fail")  # -6, clamped


def test_oracle_na_and_nothing_applicable() -> None:
    bank = load(
        bank_doc(
            [
                item("5.1.1.1", 60, question("5.1.1.1-a"), question("5.1.1.1-b"), may_exclude=True),
                item("5.1.1.2", 40, question("5.1.1.2-a"), may_exclude=True),
            ]
        )
    )
    s = session_of(bank, {"5.1.1.1-a": "na", "5.1.1.1-b": "full", "5.1.1.2-a": "na"})
    assert provisional(bank, s) == (F(0), "fail")  # nothing applicable scores 0
    s = session_of(bank, {"5.1.1.1-a": "full", "5.1.1.1-b": "half", "5.1.1.2-a": "na"})
    assert provisional(bank, s) == (F(50), "fail")  # min(1, 1/2) over the item's questions
    s = session_of(bank, {"5.1.1.1-a": "full", "5.1.1.2-a": "full"})
    # b open: full, half, none or na (the whole item then drops out: 40 / 40)
    assert brute_force_range(bank, s) == (F(40), F(100), ("fail", "compliant", "five_star"))


def test_interval_tiers() -> None:
    assert interval_tiers(F(69), F(80), 0) == ("fail", "compliant", "three_star")
    assert interval_tiers(F(95), F(100), 5) == ("fail",)
    assert interval_tiers(F(80), F(80), 4) == ("three_star",)
