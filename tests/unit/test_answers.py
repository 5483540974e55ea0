"""Typed answers: what a user may type, what it becomes, and the message for what it cannot be."""

from __future__ import annotations

import re

import pytest

from interviewer.core import answers, engine
from interviewer.core.answers import Parsed
from interviewer.core.bank import Option, Question
from interviewer.core.errors import InvalidAnswer
from interviewer.core.session import Sampled
from interviewer.core.text import I18n

NOW = "2024-05-01T09:00:00+08:00"
CJK = re.compile(r"[\u4e00-\u9fff]")


def fresh(bank, lang="zh"):
    return engine.new_session(bank, session_id="ab" * 16, now=NOW, language=lang)


def number_question(lo=0, hi=10_000):
    return Question(
        id="p.staff",
        section="profile",
        text=I18n.of("人数", "Staff"),
        type="number",
        min=lo,
        max=hi,
    )


def assert_language(message: str, lang: str) -> None:
    assert message.strip()
    if lang == "zh":
        assert CJK.search(message), message
    else:
        assert not CJK.search(message.replace("“", "").replace("”", "")), message


# -- choice questions ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("是", "documented"),
        ("有", "documented"),
        ("对", "documented"),
        ("yes", "documented"),
        ("Y", "documented"),
        ("部分", "informal"),
        ("partial", "informal"),
        ("没有", "no"),
        ("否", "no"),
        ("no", "no"),
        ("n", "no"),
        ("NO.", "no"),
        ("1", "documented"),
        ("2", "informal"),
        ("3", "no"),
        ("２", "informal"),  # full-width digit
        ("３", "no"),
        (" 1 ", "documented"),
        ("有书面记录", "documented"),  # the zh label itself
        ("Documented", "documented"),  # the en label
        ("informal", "informal"),  # the option value
    ],
)
def test_choice_words_numbers_and_labels(tiny_bank, lang, typed, value):
    s = engine.record(tiny_bank, fresh(tiny_bank, lang), "5.1.1.1-a", typed, NOW)
    a = s.answers["5.1.1.1-a"]
    assert (a.value, a.status) == (value, "answered")


@pytest.mark.parametrize(
    ("typed", "value"), [("是", "yes"), ("有", "yes"), ("否", "no"), ("没有", "no"), ("2", "no")]
)
def test_profile_yes_no(tiny_bank, typed, value):
    s = engine.record(tiny_bank, fresh(tiny_bank), "p.delivery", typed, NOW)
    assert s.answers["p.delivery"].value == value


@pytest.mark.parametrize("typed", ["不知道", "不清楚", "skip", "Skip", "s", "?", "跳过", "dk"])
@pytest.mark.parametrize("qid", ["5.1.1.1-a", "5.1.1.2-b", "s.law", "p.delivery"])
def test_skip_words_on_every_type(tiny_bank, typed, qid):
    s = engine.record(tiny_bank, fresh(tiny_bank), qid, typed, NOW)
    assert s.answers[qid].status == "skipped"
    assert s.answers[qid].value is None


@pytest.mark.parametrize(
    ("lang", "typed", "fragment"),
    [
        ("zh", "0", "请输入 1 到 3 之间的序号"),
        ("zh", "4", "请输入 1 到 3 之间的序号"),
        ("zh", "４", "请输入 1 到 3 之间的序号"),
        ("en", "0", "Choose a number from 1 to 3"),
        ("en", "4", "Choose a number from 1 to 3"),
        ("zh", "abc", "没看懂“abc”"),
        ("en", "abc", "I didn't understand 'abc'"),
        ("zh", "٣", "没看懂“٣”"),  # Arabic-Indic three is not an option number
        ("en", "٣", "I didn't understand '٣'"),
        ("zh", "1e309", "没看懂"),
        ("en", "1e309", "I didn't understand '1e309'"),
        ("zh", "0x10", "没看懂"),
        ("en", "0x10", "I didn't understand '0x10'"),
        ("zh", "1_000", "没看懂"),
        ("en", "1_000", "I didn't understand '1_000'"),
        ("zh", "", "请先输入回答"),
        ("en", "   ", "Please type an answer first"),
        ("zh", "3/10", "没看懂"),
    ],
)
def test_choice_rejects(tiny_bank, lang, typed, fragment):
    s = fresh(tiny_bank, lang)
    with pytest.raises(InvalidAnswer) as exc:
        engine.record(tiny_bank, s, "5.1.1.1-a", typed, NOW)
    assert fragment in str(exc.value)
    assert_language(str(exc.value), lang)
    assert "5.1.1.1-a" not in s.answers


def test_ambiguous_word_asks_for_the_number():
    yes = I18n.of("有，全部", "Yes, all")
    also = I18n.of("有，大部分", "Yes, most")
    q = Question(
        id="x-a",
        section="item",
        text=I18n.of("问", "Q"),
        options=(
            Option("all", yes, credit=None, means="yes"),
            Option("most", also, credit=None, means="yes"),
            Option("none", I18n.of("无", "None"), credit=None, means="no"),
        ),
    )
    with pytest.raises(InvalidAnswer, match=r"请输入序号（1、2）"):
        answers.parse(q, "是", "zh")
    with pytest.raises(InvalidAnswer, match=r"type the number \(1, 2\)"):
        answers.parse(q, "yes", "en")
    assert answers.parse(q, "没有", "zh") == Parsed("answer", "none")


# -- sampled questions -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    ("typed", "n", "m"),
    [
        ("3/10", 3, 10),
        ("３／１０", 3, 10),
        ("3 / 10", 3, 10),
        ("0/1", 0, 1),
        ("10/10", 10, 10),
        ("100000/100000", 100000, 100000),
        ("8 of 10", 8, 10),
    ],
)
def test_sampled_ok(tiny_bank, lang, typed, n, m):
    s = engine.record(tiny_bank, fresh(tiny_bank, lang), "5.1.1.2-b", typed, NOW)
    assert s.answers["5.1.1.2-b"].value == Sampled(n, m)


@pytest.mark.parametrize(
    ("lang", "typed", "fragment"),
    [
        ("zh", "0/0", "抽查数要在 1 到 100000 之间"),
        ("en", "0/0", "The number checked must be between 1 and 100000"),
        ("zh", "11/10", "合格数（11）不能大于抽查数（10）"),
        ("en", "11/10", "The number fine (11) cannot exceed the number checked (10)"),
        ("zh", "1/100001", "抽查数要在 1 到 100000 之间"),
        ("zh", "abc", "请按“合格数/抽查数”输入"),
        ("en", "abc", "Type it as good/checked"),
        ("zh", "٣/10", "请按“合格数/抽查数”输入"),
        ("en", "٣/10", "Type it as good/checked"),
        ("en", "1e309", "Type it as good/checked"),
        ("en", "0x10", "Type it as good/checked"),
        ("en", "1_000", "Type it as good/checked"),
        ("en", "3", "Type it as good/checked"),
        ("en", "-1/10", "Type it as good/checked"),
        ("zh", "3.5/10", "请按“合格数/抽查数”输入"),
    ],
)
def test_sampled_rejects(tiny_bank, lang, typed, fragment):
    with pytest.raises(InvalidAnswer) as exc:
        engine.record(tiny_bank, fresh(tiny_bank, lang), "5.1.1.2-b", typed, NOW)
    assert fragment in str(exc.value)
    assert_language(str(exc.value), lang)


# -- numbers and counts ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "value"),
    [("0", 0), ("3", 3), ("５", 5), ("5", 5), ("9", 5), ("no", 0), ("没有", 0), ("5+", 5)],
)
def test_count_question(tiny_bank, typed, value):
    """Special deductions: 0..max, the top value meaning "that many or more"."""
    s = engine.record(tiny_bank, fresh(tiny_bank), "s.law", typed, NOW)
    assert s.answers["s.law"].value == value


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("typed", ["abc", "٣", "1e309", "0x10", "1_000", "-1", "NaN", "1.5"])
def test_count_rejects(tiny_bank, lang, typed):
    with pytest.raises(InvalidAnswer) as exc:
        engine.record(tiny_bank, fresh(tiny_bank, lang), "s.law", typed, NOW)
    expected = (
        "请输入 0 到 5 之间的整数" if lang == "zh" else "Enter a whole number between 0 and 5"
    )
    assert expected in str(exc.value)
    assert typed.lower() in str(exc.value)  # says what it got


@pytest.mark.parametrize(("typed", "value"), [("12", 12), ("１２", 12), ("0", 0), ("10000", 10000)])
def test_number_ok(typed, value):
    assert answers.parse(number_question(), typed, "en") == Parsed("answer", value)


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("1e309", "(got '1e309')"),
        ("NaN", "(got 'nan')"),
        ("٣", "(got '٣')"),
        ("0x10", "(got '0x10')"),
        ("1_000", "(got '1_000')"),
        ("10001", "between 0 and 10000"),
        ("-3", "(got '-3')"),
    ],
)
def test_number_rejects(typed, fragment):
    with pytest.raises(InvalidAnswer) as exc:
        answers.parse(number_question(), typed, "en")
    assert "Enter a whole number between 0 and 10000" in str(exc.value)
    assert fragment in str(exc.value)
    with pytest.raises(InvalidAnswer, match="请输入 0 到 10000 之间的整数"):
        answers.parse(number_question(), typed, "zh")


def test_number_minimum_is_enforced():
    with pytest.raises(InvalidAnswer, match="between 1 and 50"):
        answers.parse(number_question(1, 50), "0", "en")
    assert answers.parse(number_question(1, 50), "50", "en").value == 50


# -- not applicable --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("不适用：我们不送货", "我们不送货"),
        ("不适用:我们不送货", "我们不送货"),
        ("不适用： 只在门店交货 ", "只在门店交货"),
        ("na: we do not deliver", "we do not deliver"),
        ("N/A: customers collect", "customers collect"),
        ("not applicable: pick-up only", "pick-up only"),
    ],
)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_na_with_reason(tiny_bank, typed, reason, lang):
    s = engine.record(tiny_bank, fresh(tiny_bank, lang), "5.2.1-i2-a", typed, NOW)
    a = s.answers["5.2.1-i2-a"]
    assert (a.status, a.value, a.note) == ("na", None, reason)


def test_na_reason_may_come_as_a_note(tiny_bank):
    s = engine.record(tiny_bank, fresh(tiny_bank), "5.2.1-i2-a", "不适用", NOW, note="门店自提")
    assert (s.answers["5.2.1-i2-a"].status, s.answers["5.2.1-i2-a"].note) == ("na", "门店自提")


@pytest.mark.parametrize(
    ("lang", "typed", "fragment"),
    [
        ("zh", "不适用", "选“不适用”时请写明原因"),
        ("zh", "不适用：", "选“不适用”时请写明原因"),
        ("zh", "不适用：   ", "选“不适用”时请写明原因"),
        ("en", "na", "Give a reason for 'not applicable'"),
        ("en", "n/a", "Give a reason for 'not applicable'"),
        ("en", "na:", "Give a reason for 'not applicable'"),
    ],
)
def test_bare_na_asks_for_a_reason(tiny_bank, lang, typed, fragment):
    s = fresh(tiny_bank, lang)
    with pytest.raises(InvalidAnswer) as exc:
        engine.record(tiny_bank, s, "5.2.1-i2-a", typed, NOW)
    assert fragment in str(exc.value)


def test_na_also_offered_on_items_excluded_by_profile(tiny_bank):
    """5.2.1-i1 has exclude_when: 'not applicable' is offered there too."""
    assert tiny_bank.question("5.2.1-i1-a").can_be_na
    s = engine.record(tiny_bank, fresh(tiny_bank), "5.2.1-i1-a", "不适用：外包给物流", NOW)
    assert s.answers["5.2.1-i1-a"].status == "na"


@pytest.mark.parametrize(
    ("lang", "fragment"),
    [("zh", "这一条不能选“不适用”"), ("en", "This one cannot be marked not applicable")],
)
@pytest.mark.parametrize("qid", ["5.1.1.1-a", "5.1.1.2-b", "p.delivery", "e.legal", "s.law"])
@pytest.mark.parametrize("typed", ["不适用：理由", "na: reason", "不适用"])
def test_na_refused_where_the_item_cannot_be_excluded(tiny_bank, lang, fragment, qid, typed):
    with pytest.raises(InvalidAnswer) as exc:
        engine.record(tiny_bank, fresh(tiny_bank, lang), qid, typed, NOW)
    assert fragment in str(exc.value)


def test_mark_na_directly_refuses_non_excludable(tiny_bank):
    with pytest.raises(InvalidAnswer, match="cannot be marked not applicable"):
        engine.mark_na(tiny_bank, fresh(tiny_bank, "en"), "5.1.1.1-a", "reason", NOW)


def test_reason_is_cleaned_of_control_characters(tiny_bank):
    s = engine.record(tiny_bank, fresh(tiny_bank), "5.2.1-i2-a", "不适用：\x1b[2J不送货\u202e", NOW)
    assert s.answers["5.2.1-i2-a"].note == "[2J不送货"


# -- engine-level rejects --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "fragment"), [("zh", "没有这个问题编号：9.9-a"), ("en", "unknown question id 9.9-a")]
)
def test_unknown_question_id(tiny_bank, lang, fragment):
    with pytest.raises(InvalidAnswer, match=re.escape(fragment)):
        engine.record(tiny_bank, fresh(tiny_bank, lang), "9.9-a", "1", NOW)


def test_set_value_rejects_a_value_that_is_not_an_option(tiny_bank):
    with pytest.raises(InvalidAnswer, match="'maybe' is not one of its options"):
        engine.set_value(tiny_bank, fresh(tiny_bank), "5.1.1.1-a", "maybe", NOW)


def test_invalid_answer_is_a_value_error_and_leaves_the_session_alone(tiny_bank):
    s = engine.record(tiny_bank, fresh(tiny_bank), "5.1.1.1-a", "1", NOW)
    with pytest.raises(ValueError):
        engine.record(tiny_bank, s, "5.1.1.1-a", "abc", NOW)
    assert s.answers["5.1.1.1-a"].value == "documented"


# -- read-back -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("qid", "value", "lang", "shown"),
    [
        ("5.1.1.1-a", "documented", "zh", "有书面记录"),
        ("5.1.1.1-a", "documented", "en", "Documented"),
        ("5.1.1.2-b", Sampled(8, 10), "zh", "抽查 10 份，8 份合格"),
        ("5.1.1.2-b", Sampled(8, 10), "en", "8 of 10 fine"),
        ("s.law", 5, "en", "5 or more"),
        ("s.law", 5, "zh", "5 次或更多"),
        ("s.law", 2, "en", "2"),
        ("5.1.1.1-a", None, "en", ""),
    ],
)
def test_describe(tiny_bank, qid, value, lang, shown):
    assert answers.describe(tiny_bank.question(qid), value, lang) == shown


@pytest.mark.parametrize(
    "text", ["10张中有8张", "10份中8份", "10中8", "8/10", "8 of 10", "８／１０"]
)
def test_sampled_counts_in_chinese_word_order(text: str) -> None:
    q = Question(id="x", section="item", text=I18n.of("抽查"), type="sampled")
    assert answers.parse(q, text, "zh").value == Sampled(8, 10)


def _yes_no() -> Question:
    return Question(
        id="e.staff_funding",
        section="eligibility",
        text=I18n.of("有专门经费吗", "Dedicated budget?"),
        options=(
            Option("yes", I18n.of("是", "Yes"), credit=None, means="yes"),
            Option("no", I18n.of("否", "No"), credit=None, means="no"),
        ),
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_hint_offers_only_replies_that_work_on_the_question(lang: str) -> None:
    with pytest.raises(InvalidAnswer) as caught:
        answers.parse(_yes_no(), "部分" if lang == "zh" else "partial", lang)
    message = str(caught.value)
    if lang == "zh":
        assert message.endswith("或“是/否/不知道”。")
    else:
        assert message.endswith("or yes / no / skip.")


def test_the_start_of_an_option_label_picks_it() -> None:
    q = Question(
        id="p.repairable",
        section="profile",
        text=I18n.of("能修吗", "Repairable?"),
        options=(
            Option("yes", I18n.of("能修（家电、电子产品等）", "Yes, repairable"), means="yes"),
            Option("no", I18n.of("基本不修（一次性用品等）", "Mostly not"), means="no"),
        ),
    )
    assert answers.parse(q, "能修", "zh") == Parsed("answer", "yes")
    assert answers.parse(q, "基本不修", "zh") == Parsed("answer", "no")
    with pytest.raises(InvalidAnswer):
        answers.parse(q, "能", "zh")  # one character is too little to tell
