"""bankload.load_bank: hostile and broken banks (reliability.md §4.3 B1–B12) and fuzzing (§4.5).

Every case asserts the exact `file:line:column: message` the author sees. Variants of tiny.yaml are
made by replacing text in place (`tiny_with`), so the positions below are tiny.yaml's lines:
line 15 the "no" option of `practice`, 48 question 5.1.1.1-a, 49–50 question 5.1.1.1-b and its
`when`, 6 group 5.1, 79 the `exclude_when` of item 5.2.1-i1.
"""

from __future__ import annotations

import time
from fractions import Fraction
from typing import Any

import pytest
from bank_helpers import (
    BANKS,
    TINY_TEXT,
    TINY_WHEN,
    file_problems,
    load_text,
    problems,
    read_folder,
    tiny,
    tiny_with,
)
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from interviewer.core import bankload
from interviewer.core.errors import BankError
from tests.banks import TINY_ORDER

HOSTILE = BANKS / "hostile"
ISO = "banks/iso.yaml"
ALIAS = "YAML aliases (*name) are not allowed in question banks — write the value out in full"
ALLOWED = "all, any, not, answered, eq, ne, lt, le, gt, ge, in"
Q_B = "tiny.yaml:50:15: question 5.1.1.1-b"


def tiny_problems(old: str, new: str) -> tuple[str, ...]:
    return problems(tiny_with(old, new), "tiny.yaml")


def test_tiny_bank_loads_in_asking_order() -> None:
    bank = tiny()
    assert [q.id for q in bank.questions] == TINY_ORDER
    assert [g.points for g in bank.groups] == [60, 40]
    assert bank.question("5.1.1.1-b").when == {"eq": ["5.1.1.1-a", "documented"]}
    assert bank.question("5.1.1.1-a").option("no") is not None  # quoted "no" stays text
    assert len(bank.sha256) == 64


# -- B1–B4, B6, B12 through the loader ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("b1_tab.yaml", f"{ISO}:5:1: found character '\\t' that cannot start any token"),
        (
            "b1_unclosed_quote.yaml",
            f"{ISO}:6:1: found unexpected end of stream "
            "(while scanning a quoted scalar that starts at line 3, column 10)",
        ),
        ("b2_alias.yaml", f"{ISO}:5:17: {ALIAS}"),
        ("b2_billion_laughs.yaml", f"{ISO}:3:8: {ALIAS}"),
        ("b2_recursive_alias.yaml", f"{ISO}:3:15: {ALIAS}"),
        (
            "b4_python_tag.yaml",
            f"{ISO}:3:10: could not determine a constructor for the tag "
            "'tag:yaml.org,2002:python/object/apply:os.system'",
        ),
        ("b6_duplicate_key.yaml", f"{ISO}:5:1: duplicate key 'id' (first at line 2)"),
        ("b12_empty.yaml", f"{ISO}: file is empty"),
        ("b12_comments.yaml", f"{ISO}: file is empty"),
        ("b12_list.yaml", f"{ISO}:2:1: expected a mapping (key: value) at the top level"),
    ],
)
def test_hostile_fixture_is_rejected_with_its_position(fixture: str, expected: str) -> None:
    start = time.perf_counter()
    assert problems((HOSTILE / fixture).read_bytes(), ISO) == (expected,)
    assert time.perf_counter() - start < 2.0


def test_b4_tag_did_not_run(tmp_path: Any) -> None:
    # the fixture's payload would write /tmp/pwned; make sure no constructor ran anything
    problems((HOSTILE / "b4_python_tag.yaml").read_bytes(), ISO)
    problems(b'a: !!python/object/apply:os.system ["touch ' + str(tmp_path).encode() + b'/x"]')
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("depth", [500, 30_000])
def test_b3_deep_nesting_in_a_bank(depth: int) -> None:
    text = TINY_TEXT + "extra: " + "[" * depth + "]" * depth + "\n"
    assert problems(text, ISO) == (f"{ISO}:1:1: nesting too deep",)


def test_b12_no_files_at_all() -> None:
    with pytest.raises(BankError) as info:
        bankload.load_bank([], "banks/empty")
    assert info.value.problems == ('banks/empty: expected a mapping with "items" at the top level',)


def test_b12_scalar_top_level() -> None:
    assert problems("just some text\n", ISO) == (
        f"{ISO}:1:1: expected a mapping (key: value) at the top level",
    )


# -- B5, B11: size limits ----------------------------------------------------------------------------


def test_b5_file_over_the_cap() -> None:
    data = TINY_TEXT.encode() + b"# " + b"x" * 1_000_000 + b"\n"
    start = time.perf_counter()
    assert problems(data, ISO) == (f"{ISO}: file larger than 1000000 bytes — split it or trim it",)
    assert time.perf_counter() - start < 0.5


def test_b11_one_megabyte_question_text_hits_the_size_cap_quickly() -> None:
    text = tiny_with('en: "Department?"', 'en: "' + "x" * 1_000_000 + '"')
    start = time.perf_counter()
    assert problems(text, "tiny.yaml") == (
        "tiny.yaml: file larger than 1000000 bytes — split it or trim it",
    )
    assert time.perf_counter() - start < 0.5


def test_b11_huge_text_under_the_cap_is_a_length_error() -> None:
    text = tiny_with('en: "Department?"', 'en: "' + "长" * 300_000 + '"')
    start = time.perf_counter()
    assert problems(text, "tiny.yaml") == (
        "tiny.yaml:48:48: too long: 300000 characters (at most 4000)",
    )
    assert time.perf_counter() - start < 3.0


def test_text_length_boundary() -> None:
    assert load_text(tiny_with('en: "Department?"', 'en: "' + "x" * 4000 + '"'))
    assert tiny_problems('en: "Department?"', 'en: "' + "x" * 4001 + '"') == (
        "tiny.yaml:48:48: too long: 4001 characters (at most 4000)",
    )


def options_block(n: int, indent: int) -> str:
    pad = " " * indent
    return "".join(
        f"{pad}- {{value: v{i}, label: {{zh: 选项, en: Option}}, credit: 1}}\n" for i in range(n)
    )


LAST_QUESTION = '      - {id: "5.2.1-i2-a", text: {zh: 签收吗, en: "Signed?"}, options: practice}'
LAST_QUESTION_HEAD = (
    '      - id: "5.2.1-i2-a"\n        text: {zh: 签收吗, en: "Signed?"}\n        options:\n'
)


def test_b11_ten_thousand_options_is_a_clear_limit_error() -> None:
    # ~570 KB of YAML: the pure-Python parser needs a few seconds, then one clear message
    text = tiny_with(LAST_QUESTION, LAST_QUESTION_HEAD + options_block(10_000, 10))
    start = time.perf_counter()
    assert problems(text, "tiny.yaml") == ("tiny.yaml:97:11: too many entries: 10000 (at most 20)",)
    assert time.perf_counter() - start < 20.0


def test_option_count_boundary_and_the_message_names_the_list_not_the_string_form() -> None:
    # `options` is "a set name or a list": the message must describe the list branch
    bank = load_text(tiny_with(LAST_QUESTION, LAST_QUESTION_HEAD + options_block(20, 10)))
    assert len(bank.question("5.2.1-i2-a").options) == 20
    assert tiny_problems(LAST_QUESTION, LAST_QUESTION_HEAD + options_block(21, 10)) == (
        "tiny.yaml:97:11: too many entries: 21 (at most 20)",
    )


# -- B6: duplicate ids -------------------------------------------------------------------------------


def test_b6_duplicate_question_id_across_two_files_reports_both_positions() -> None:
    assert file_problems(read_folder(BANKS / "folder_dup_qid"), "folder_dup_qid") == (
        'items-5.2.yaml:15:14: question id "5.1.1.2-a" is used twice '
        "(items-5.1.yaml:29:14 and items-5.2.yaml:15:14)",
    )


def test_the_same_folder_without_the_duplicate_loads_like_tiny() -> None:
    bank = bankload.load_bank(read_folder(BANKS / "folder"), "folder")
    assert [q.id for q in bank.questions] == [q.id for q in tiny().questions]
    assert [(i.id, i.points) for i in bank.items] == [(i.id, i.points) for i in tiny().items]


def test_positions_in_a_later_file_of_a_list_key_point_into_that_file() -> None:
    files = dict(read_folder(BANKS / "folder"))
    files["items-5.2.yaml"] = files["items-5.2.yaml"].replace(
        b'exclude_when: {eq: [p.delivery, "no"]}', b"exclude_when: {eq: [p.delivery, maybe]}"
    )
    assert file_problems(list(files.items())) == (
        "items-5.2.yaml:12:19: question 5.2.1-i1-a, exclude_when: question p.delivery has no "
        "option 'maybe' (options: yes, no)",
    )


def test_duplicate_question_id_in_one_file() -> None:
    assert tiny_problems('{id: "5.2.1-i2-a"', '{id: "5.1.1.1-a"') == (
        'tiny.yaml:94:14: question id "5.1.1.1-a" is used twice '
        "(tiny.yaml:48:14 and tiny.yaml:94:14)",
    )


def test_duplicate_item_id() -> None:
    assert tiny_problems('  - id: "5.2.1-i2"\n', '  - id: "5.2.1-i1"\n') == (
        "tiny.yaml:83:9: item id '5.2.1-i1' is used twice (first at tiny.yaml:70:9)",
    )


def test_top_level_key_in_two_files() -> None:
    files = read_folder(BANKS / "folder")
    files.append(("zz-extra.yaml", b'# again\nversion: "2"\n'))
    assert file_problems(files) == (
        "zz-extra.yaml:2:10: 'version' is already defined in bank.yaml",
    )


def test_every_broken_file_of_a_folder_is_reported() -> None:
    files = read_folder(BANKS / "folder")
    files += [
        ("a.yaml", b"x: [1\n"),
        ("b.yaml", b"y: *z\n"),
        ("c.yaml", b"- 1\n"),
    ]
    assert file_problems(files) == (
        "a.yaml:2:1: expected ',' or ']', but got '<stream end>' "
        "(while parsing a flow sequence that starts at line 1, column 4)",
        f"b.yaml:1:4: {ALIAS}",
        "c.yaml:1:1: expected a mapping (key: value) at the top level",
    )


# -- B7: references, loops, reachability -------------------------------------------------------------


def test_b7_when_refers_to_an_unknown_question() -> None:
    assert tiny_problems(TINY_WHEN, 'when: {eq: ["q99", documented]}') == (
        f"{Q_B}, when: unknown question id 'q99'",
    )


def test_b7_when_refers_to_a_later_question_is_a_loop() -> None:
    assert tiny_problems(TINY_WHEN, 'when: {eq: ["5.1.1.2-a", documented]}') == (
        f"{Q_B}, when: refers to 5.1.1.2-a, which is asked later — questions 5.1.1.1-b → "
        "5.1.1.2-a would form a loop; a condition may only read earlier answers",
    )


def test_b7_when_refers_to_itself() -> None:
    assert tiny_problems(TINY_WHEN, 'when: {eq: ["5.1.1.1-b", documented]}') == (
        f"{Q_B}, when: refers to itself — questions 5.1.1.1-b → 5.1.1.1-b would form a loop; "
        "a condition may only read earlier answers",
    )


def test_b7_unreachable_question() -> None:
    impossible = 'when: {all: [{eq: ["5.1.1.1-a", documented]}, {eq: ["5.1.1.1-a", "no"]}]}'
    assert tiny_problems(TINY_WHEN, impossible) == (
        "tiny.yaml:49:9: question 5.1.1.1-b can never be reached "
        "(no profile and no earlier answers make its conditions true)",
    )


def test_b7_unreachable_because_the_item_is_always_excluded_when_asked() -> None:
    text = tiny_with(
        '      - {id: "5.2.1-i1-a", text: {zh: 按时送吗, en: "On time?"}, options: practice}',
        '      - {id: "5.2.1-i1-a", when: {eq: [p.delivery, "no"]}, '
        'text: {zh: 按时送吗, en: "On time?"}, options: practice}',
    )
    assert problems(text, "tiny.yaml") == (
        "tiny.yaml:82:9: question 5.2.1-i1-a can never be reached "
        "(no profile and no earlier answers make its conditions true)",
    )


def test_b7_unreachable_through_an_unreachable_parent() -> None:
    # 5.1.1.1-b can never be asked, so a question that needs its answer can't be either
    text = tiny_with(
        TINY_WHEN, 'when: {all: [{eq: ["5.1.1.1-a", documented]}, {eq: ["5.1.1.1-a", "no"]}]}'
    ).replace('when: {eq: ["5.1.1.2-a", documented]}', 'when: {eq: ["5.1.1.1-b", documented]}', 1)
    assert problems(text, "tiny.yaml") == (
        "tiny.yaml:49:9: question 5.1.1.1-b can never be reached "
        "(no profile and no earlier answers make its conditions true)",
        "tiny.yaml:65:9: question 5.1.1.2-b can never be reached "
        "(no profile and no earlier answers make its conditions true)",
    )


def test_empty_in_list_cannot_hide_an_unknown_id() -> None:
    # `in` with [] used to pass the checks: the unknown id was never looked at
    assert tiny_problems(TINY_WHEN, 'when: {in: ["q99", []]}') == (
        f"{Q_B}, when.in: expected [question_id, [value, ...]]",
    )


# -- B8: bad conditions ------------------------------------------------------------------------------


def test_b8_unknown_operator_import() -> None:
    cond = 'when: {any: [{eq: ["5.1.1.1-a", documented]}, {__import__: os}]}'
    assert tiny_problems(TINY_WHEN, cond) == (
        f"{Q_B}, when.any[1]: unknown operator '__import__' (allowed: {ALLOWED})",
    )


@pytest.mark.parametrize(
    ("cond", "message"),
    [
        ('when: {eq: ["5.1.1.1-a"]}', "when.eq: expected [question_id, value]"),
        ('when: {eq: ["5.1.1.1-a", a, b]}', "when.eq: expected [question_id, value]"),
        ('when: {in: ["5.1.1.1-a", documented]}', "when.in: expected [question_id, [value, ...]]"),
        ("when: {answered: [a]}", "when.answered: expected a question id"),
        ("when: {all: []}", "when.all: expected a non-empty list of conditions"),
    ],
)
def test_b8_bad_arity(cond: str, message: str) -> None:
    assert tiny_problems(TINY_WHEN, cond) == (f"{Q_B}, {message}",)


def test_b8_two_operators_in_one_condition_are_a_schema_error() -> None:
    assert tiny_problems(TINY_WHEN, 'when: {eq: ["5.1.1.1-a", documented], answered: x}') == (
        "tiny.yaml:50:15: too many entries: 2 (at most 1)",
    )


def test_b8_condition_too_deep() -> None:
    deep = "{not: " * 17 + '{answered: "5.1.1.1-a"}' + "}" * 17
    assert tiny_problems(TINY_WHEN, f"when: {deep}") == (
        f"{Q_B}, when{'.not' * 17}: condition nested deeper than 16 levels",
    )
    ok = "{not: " * 16 + '{answered: "5.1.1.1-a"}' + "}" * 16
    assert load_text(tiny_with(TINY_WHEN, f"when: {ok}"))


def test_condition_value_that_the_question_does_not_have() -> None:
    assert tiny_problems(TINY_WHEN, 'when: {eq: ["5.1.1.1-a", maybe]}') == (
        f"{Q_B}, when: question 5.1.1.1-a has no option 'maybe' "
        "(options: documented, informal, no)",
    )


def test_condition_value_inside_in_list() -> None:
    assert tiny_problems(TINY_WHEN, 'when: {in: ["5.1.1.1-a", [documented, "yes"]]}') == (
        f"{Q_B}, when: question 5.1.1.1-a has no option 'yes' (options: documented, informal, no)",
    )


def test_exclude_when_value_that_the_profile_question_does_not_have() -> None:
    assert tiny_problems(
        'exclude_when: {eq: [p.delivery, "no"]}', "exclude_when: {eq: [p.delivery, nope]}"
    ) == (
        "tiny.yaml:79:19: question 5.2.1-i1-a, exclude_when: question p.delivery has no "
        "option 'nope' (options: yes, no)",
    )


def test_number_question_compared_with_text() -> None:
    assert tiny_problems(TINY_WHEN, 'when: {ge: [s.law, "2"]}') == (
        f"{Q_B}, when: question s.law takes a number; compare it with a number",
    )
    assert load_text(tiny_with(TINY_WHEN, "when: {ge: [s.law, 2]}"))


# -- B9: YAML 1.1 surprises --------------------------------------------------------------------------


def test_b9_unquoted_no_as_option_value() -> None:
    assert tiny_problems('{value: "no", label: {zh: 没有', "{value: no, label: {zh: 没有") == (
        "tiny.yaml:15:15: value should be text but YAML read 'no' as false — "
        'put it in quotes: "no"',
    )


@pytest.mark.parametrize(
    ("raw", "read_as"),
    [
        ("no", "false"),
        ("Yes", "true"),
        ("off", "false"),
        ("012", "10"),
        ("1:20", "80"),
        ("1.10", "1.1"),
        ("2024-01-02", "datetime.date(2024, 1, 2)"),
    ],
)
def test_b9_yaml11_where_text_is_expected(raw: str, read_as: str) -> None:
    # one message, at the value — not also "unknown field 'id', 'text', 'options'" for the question
    assert tiny_problems('en: "Department?"', f"en: {raw}") == (
        f"tiny.yaml:48:48: value should be text but YAML read '{raw}' as {read_as} — "
        f'put it in quotes: "{raw}"',
    )


def test_misspelt_field_is_named_even_next_to_another_problem() -> None:
    assert tiny_problems(TINY_WHEN, 'whne: {eq: ["5.1.1.1-a", documented]}') == (
        "tiny.yaml:49:9: unknown field ('whne' was unexpected)",
    )
    assert tiny_problems(
        'en: "Department?"}, options: practice}', "en: no}, options: practice, colour: red}"
    ) == (
        "tiny.yaml:48:9: unknown field ('colour' was unexpected)",
        "tiny.yaml:48:48: value should be text but YAML read 'no' as false — "
        'put it in quotes: "no"',
    )
    # `kind` is a field of special questions (bad value), `issue` belongs to eligibility only
    assert tiny_problems(
        "  - id: s.bonus\n    effect: bonus",
        "  - id: s.bonus\n    effect: bonus\n    kind: z\n    issue: {zh: a, en: b}",
    ) == (
        "tiny.yaml:31:5: unknown field ('issue' was unexpected)",
        "tiny.yaml:33:11: 'z' is not allowed here (use one of: a, b, c, d)",
    )


def test_b9_quoted_values_load() -> None:
    bank = load_text(tiny_with('en: "Department?"', 'en: "no"'))
    assert bank.question("5.1.1.1-a").text.en == "no"


# -- B10: hostile text is data -----------------------------------------------------------------------


def test_b10_markup_escape_and_bidi_are_loaded_verbatim() -> None:
    hostile_en = "[bold red]x[/] [@click=app.quit]y[/] [link=file:///etc/passwd]z[/link]"
    text = tiny_with(
        'en: "Department?"',
        f'en: "{hostile_en} \\e[2J\\e]8;;http://x\\a \\u202e\\u2066 end"',
    ).replace("zh: 有部门吗", "zh: 有部门吗\u202e吗门部有", 1)
    bank = load_text(text, "tiny.yaml")
    q = bank.question("5.1.1.1-a")
    assert q.text.en == f"{hostile_en} \x1b[2J\x1b]8;;http://x\x07 \u202e\u2066 end"
    assert q.text.zh == "有部门吗\u202e吗门部有"


def test_b10_raw_escape_character_in_the_file_is_reported_not_a_crash() -> None:
    assert tiny_problems('en: "Department?"', 'en: "\x1b[2J"') == (
        "tiny.yaml:48:49: unacceptable character #x001b: special characters are not allowed "
        '(write control characters as escapes in double quotes, e.g. "\\e")',
    )


# -- totals, and several problems at once ------------------------------------------------------------


def test_group_totals_must_match() -> None:
    assert tiny_problems("points: 30\n", "points: 31\n") == (
        "tiny.yaml:6:5: group 5.1 should total 60 points but its items add up to 61",
    )


def test_groups_must_total_100_exactly_as_fractions() -> None:
    # 179/3 + 121/3 = 100 exactly; in floats 59.666… + 40.333… need not be
    text = (
        tiny_with("points: 60}", 'points: "179/3"}')
        .replace("points: 40}", 'points: "121/3"}', 1)
        .replace("    points: 30\n", '    points: "89/3"\n', 1)
    )
    head, tail = text.rsplit("    points: 20\n", 1)
    bank = load_text(head + '    points: "61/3"\n' + tail)
    assert bank.group("5.1").points == Fraction(179, 3)
    assert bank.item("5.1.1.1").points == Fraction(89, 3)
    assert bank.item("5.2.1-i2").points == Fraction(61, 3)
    assert bank.total_points == 100
    # groups that do not add up to 100
    text = tiny_with("points: 60}", "points: 61}").replace("points: 30\n", "points: 31\n", 1)
    assert problems(text) == ("bank.yaml:6:5: the groups should total 100 points, not 101",)


def test_fractional_shortfall_is_shown_exactly() -> None:
    assert tiny_problems("    points: 30\n", '    points: "89/3"\n') == (
        "tiny.yaml:6:5: group 5.1 should total 60 points but its items add up to 59.6667 (179/3)",
    )


def test_three_independent_problems_are_reported_together() -> None:
    text = (
        tiny_with(TINY_WHEN, 'when: {eq: ["q99", documented]}')
        .replace("    points: 30\n", "    points: 31\n", 1)
        .replace('exclude_when: {eq: [p.delivery, "no"]}', "exclude_when: {eq: [p.delivery, nope]}")
    )
    assert problems(text, "tiny.yaml") == (
        f"{Q_B}, when: unknown question id 'q99'",
        "tiny.yaml:79:19: question 5.2.1-i1-a, exclude_when: question p.delivery has no "
        "option 'nope' (options: yes, no)",
        "tiny.yaml:6:5: group 5.1 should total 60 points but its items add up to 61",
    )


def test_three_schema_problems_are_reported_together() -> None:
    text = (
        tiny_with("title: {zh: 人员, en: Staff}", "title: {zh: 人员}")
        .replace("effort: high", "effort: huge", 1)
        .replace("provenance: inferred\n    evidence", "provenance: guessed\n    evidence", 1)
    )
    assert problems(text, "tiny.yaml") == (
        "tiny.yaml:61:13: 'huge' is not allowed here (use one of: low, medium, high)",
        "tiny.yaml:55:12: 'en' is missing",
        "tiny.yaml:75:17: 'guessed' is not allowed here "
        "(use one of: verified, paraphrased, certifier_list, inferred)",
    )


def test_the_line_counting_problems_left_out_names_the_file_too() -> None:
    """Past 25 schema problems the list ends with a count; like every other line it says which
    file, so a list gathered from several files still tells the author where to look."""
    with pytest.raises(BankError) as caught:
        bankload.load_bank([("many.yaml", TINY_TEXT.replace("zh: ", "zz: ").encode())], "many.yaml")
    *listed, summary = caught.value.problems
    assert len(listed) == 25 and all(p.startswith("many.yaml:") for p in listed)
    assert summary == "many.yaml: ... and 52 more problem(s)"


def test_three_build_problems_are_reported_together() -> None:
    text = (
        tiny_with(
            'options: practice}\n      - id: "5.1.1.1-b"',
            'options: practis}\n      - id: "5.1.1.1-b"',
        )
        .replace(
            'indicator: "5.1.1"\n    title: {zh: 人员',
            'indicator: "5.9.9"\n    title: {zh: 人员',
            1,
        )
        .replace("    may_exclude: true\n", "    may_exclude: true\n    sampled: true\n", 1)
    )
    assert problems(text, "tiny.yaml") == (
        "tiny.yaml:48:73: unknown option set 'practis' (defined: practice)",
        "tiny.yaml:93:14: 'sampled' must be true exactly when the item has a question of type sampled",
        "tiny.yaml:54:16: unknown indicator '5.9.9'",
    )


def test_unknown_option_set_with_no_sets_defined() -> None:
    text = tiny_with("option_sets:\n  practice:", "option_sets:\n  practise:")
    found = problems(text, "tiny.yaml")
    assert found[0] == "tiny.yaml:48:73: unknown option set 'practice' (defined: practise)"
    assert len(found) == 5  # one per question that uses the set, nothing else


# -- fuzzing (reliability.md §4.5): only BankError ever escapes --------------------------------------

FUZZ = settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

TOKENS = [
    "- ",
    ": ",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "&a ",
    "*a",
    "!!python/object/apply:os.system ",
    "!!str ",
    "!!binary ",
    "!local ",
    "? ",
    "|",
    ">-",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "%TAG !e! tag:x,2000:\n",
    "\t",
    "\ufeff",
    "\x00",
    "\x1b",
    "\u202e",
    "\r\n",
    "\x85",
    "no",
    "yes",
    "0o17",
    "012",
    "1:20",
    "2024-01-02",
    ".nan",
    ".inf",
    "~",
    "<<",
    '"',
    "'",
    '"\\e"',
    "# c",
    "\n",
    "  ",
    "id",
    "items",
    "groups",
    "questions",
    "when",
    "eq",
    "5.1",
    "中文",
]


def _only_bank_errors(data: bytes) -> None:
    try:
        bankload.load_bank([("fuzz.yaml", data)], "fuzz.yaml")
    except BankError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.startswith("fuzz.yaml")


@FUZZ
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
@example("? - \n")  # the complex key that crashed the reference loader's first version
@example("a: \x1b")  # raw control character: used to escape as yaml.reader.ReaderError
def test_fuzz_random_text(text: str) -> None:
    _only_bank_errors(text.encode("utf-8"))


@FUZZ
@given(st.lists(st.sampled_from(TOKENS), max_size=60).map("".join))
def test_fuzz_yaml_shaped_token_soup(text: str) -> None:
    _only_bank_errors(text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(st.binary(max_size=300))
def test_fuzz_random_bytes(data: bytes) -> None:
    _only_bank_errors(data)


TINY_LINES = TINY_TEXT.splitlines()
WORDS = [
    '"5.1.1.1-a"',
    '"5.2.1-i1-a"',
    "p.delivery",
    "s.law",
    "documented",
    '"no"',
    "no",
    "practice",
    '"5.1"',
    '"5.2.1"',
    "0",
    "100",
    '"20/7"',
    "true",
    "sampled",
    "count",
    "number",
    "bonus",
    '{eq: [p.delivery, "yes"]}',
    "{ge: [s.law, 2]}",
    "{in: [p.delivery, []]}",
    "[]",
    "{}",
    "null",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["delete", "duplicate", "swap", "value"]),
            st.integers(0, len(TINY_LINES) - 1),
            st.integers(0, len(TINY_LINES) - 1),
            st.sampled_from(WORDS),
        ),
        min_size=1,
        max_size=3,
    )
)
def test_fuzz_mutated_tiny_bank(mutations: list[tuple[str, int, int, str]]) -> None:
    # near-valid banks reach the schema, builder and semantic checks, not just the parser
    lines = list(TINY_LINES)
    for kind, i, j, word in mutations:
        i, j = i % len(lines), j % len(lines)
        if kind == "delete" and len(lines) > 1:
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif ": " in lines[i]:
            lines[i] = lines[i][: lines[i].rfind(": ") + 2] + word
    _only_bank_errors(("\n".join(lines) + "\n").encode())
