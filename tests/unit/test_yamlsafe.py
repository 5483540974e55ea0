"""yamlsafe: untrusted YAML → plain data with positions (reliability.md §3.3, §4.3 B1–B5, B9, B12).

Every rejection is a BankError whose message starts with `file:line:column:` (or `file:` when the
problem concerns the whole file), and nothing but BankError ever escapes.
"""

from __future__ import annotations

import datetime as dt
import sys
import time

import pytest
from bank_helpers import BANKS

from interviewer.core import yamlsafe
from interviewer.core.errors import BankError

HOSTILE = BANKS / "hostile"


def rejected(text: str, source: str = "banks/iso.yaml") -> str:
    with pytest.raises(BankError) as info:
        yamlsafe.load(text, source)
    assert len(info.value.problems) == 1
    return info.value.problems[0]


def rejected_file(name: str, source: str = "banks/iso.yaml") -> str:
    data = (HOSTILE / name).read_bytes()
    with pytest.raises(BankError) as info:
        yamlsafe.load(yamlsafe.decode(data, source), source)
    assert len(info.value.problems) == 1
    return info.value.problems[0]


# -- B1: not YAML ------------------------------------------------------------------------------------


def test_b1_tab_indentation_reports_line_and_column() -> None:
    assert rejected_file("b1_tab.yaml") == (
        "banks/iso.yaml:5:1: found character '\\t' that cannot start any token"
    )


def test_b1_unclosed_quote_says_where_the_quote_opened() -> None:
    # the scanner fails at the end of the file; the message also points at the opening quote
    assert rejected_file("b1_unclosed_quote.yaml") == (
        "banks/iso.yaml:6:1: found unexpected end of stream "
        "(while scanning a quoted scalar that starts at line 3, column 10)"
    )


def test_bad_indentation_points_at_the_offending_line() -> None:
    assert rejected("a:\n  b: 1\n c: 2\n", "f.yaml") == (
        "f.yaml:3:2: expected <block end>, but found '<block mapping start>' "
        "(while parsing a block mapping that starts at line 1, column 1)"
    )


def test_mapping_value_in_plain_scalar() -> None:
    assert rejected("a: b: c\n", "f.yaml") == "f.yaml:1:5: mapping values are not allowed here"


def test_two_documents_are_rejected() -> None:
    assert rejected("a: 1\n---\nb: 2\n", "f.yaml").startswith(
        "f.yaml:2:1: but found another document"
    )


# -- B2: aliases and anchors -------------------------------------------------------------------------

ALIAS_MESSAGE = (
    "YAML aliases (*name) are not allowed in question banks — write the value out in full"
)


def test_b2_alias_is_rejected_at_the_alias() -> None:
    assert rejected_file("b2_alias.yaml") == f"banks/iso.yaml:5:17: {ALIAS_MESSAGE}"


def test_b2_billion_laughs_is_rejected_at_the_first_alias_without_expanding() -> None:
    start = time.perf_counter()
    assert rejected_file("b2_billion_laughs.yaml") == f"banks/iso.yaml:3:8: {ALIAS_MESSAGE}"
    assert time.perf_counter() - start < 1.0


def test_b2_recursive_alias_is_rejected() -> None:
    assert rejected_file("b2_recursive_alias.yaml") == f"banks/iso.yaml:3:15: {ALIAS_MESSAGE}"


def test_anchor_without_alias_is_harmless_plain_data() -> None:
    doc = yamlsafe.load("a: &x 1\nb: 2\n", "f.yaml")
    assert doc.data == {"a": 1, "b": 2}


# -- B3: nesting -------------------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [500, 30_000])
def test_b3_deep_flow_nesting_is_an_error_not_a_crash(depth: int) -> None:
    # in-process on purpose: libyaml segfaults at 30 000 levels, which no `except` could catch
    limit = sys.getrecursionlimit()
    assert rejected("[" * depth) == "banks/iso.yaml:1:1: nesting too deep"
    assert rejected("a: " + "[" * depth + "]" * depth) == "banks/iso.yaml:1:1: nesting too deep"
    assert sys.getrecursionlimit() == limit
    # the interpreter is still fine afterwards
    assert yamlsafe.load("a: [[1]]\n", "f.yaml").data == {"a": [[1]]}


def test_deep_block_nesting_is_an_error_not_a_crash() -> None:
    text = "".join(" " * i + f"k{i}:\n" for i in range(800)) + " " * 800 + "v\n"
    assert rejected(text) == "banks/iso.yaml:1:1: nesting too deep"


def test_moderate_nesting_beyond_the_data_limit_has_a_position() -> None:
    assert rejected("a: " + "[" * 45 + "]" * 45, "f.yaml") == (
        "f.yaml:1:44: nesting too deep (more than 40 levels)"
    )
    # 39 list levels under one key = 40 path steps: still allowed
    ok = yamlsafe.load("a: " + "[" * 39 + "]" * 39, "f.yaml")
    assert isinstance(ok.data["a"], list)


# -- B4: tags ----------------------------------------------------------------------------------------


def test_b4_python_tag_is_not_constructed() -> None:
    assert rejected_file("b4_python_tag.yaml") == (
        "banks/iso.yaml:3:10: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/object/apply:os.system'"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "!!python/object/apply:os.system ['echo hi']\n",
            "f.yaml:1:1: could not determine a constructor for the tag "
            "'tag:yaml.org,2002:python/object/apply:os.system'",
        ),
        (
            "a: !!python/name:os.system ''\n",
            "f.yaml:1:4: could not determine a constructor for the tag "
            "'tag:yaml.org,2002:python/name:os.system'",
        ),
        (
            "a: !!binary aGVsbG8=\n",
            "f.yaml:1:4: could not determine a constructor for the tag 'tag:yaml.org,2002:binary'",
        ),
        (
            "a: !!set {x, y}\n",
            "f.yaml:1:4: could not determine a constructor for the tag 'tag:yaml.org,2002:set'",
        ),
        (
            "a: !!omap [x: 1]\n",
            "f.yaml:1:4: could not determine a constructor for the tag 'tag:yaml.org,2002:omap'",
        ),
        ("a: !local x\n", "f.yaml:1:4: could not determine a constructor for the tag '!local'"),
    ],
)
def test_other_tags_are_rejected(text: str, message: str) -> None:
    assert rejected(text, "f.yaml") == message


def test_plain_str_tag_is_allowed_and_keeps_the_text() -> None:
    assert yamlsafe.load("a: !!str 012\n", "f.yaml").data == {"a": "012"}


# -- keys --------------------------------------------------------------------------------------------


def test_b6_duplicate_key_reports_both_lines() -> None:
    assert rejected_file("b6_duplicate_key.yaml") == (
        "banks/iso.yaml:5:1: duplicate key 'id' (first at line 2)"
    )


def test_duplicate_key_in_nested_flow_mapping() -> None:
    assert rejected("x:\n  y: {a: 1, a: 2}\n", "f.yaml") == (
        "f.yaml:2:13: duplicate key 'a' (first at line 2)"
    )


def test_number_key_and_quoted_key_with_same_text_are_duplicates() -> None:
    assert rejected('1: a\n"1": b\n', "f.yaml") == "f.yaml:2:1: duplicate key '1' (first at line 1)"


def test_complex_key_is_rejected_not_a_type_error() -> None:
    # the first version of the reference loader crashed here with "unhashable type: 'list'"
    assert rejected("? [a, b]\n: 1\n", "f.yaml") == "f.yaml:1:3: mapping keys must be plain text"
    assert rejected("? {a: 1}\n: 1\n", "f.yaml") == "f.yaml:1:3: mapping keys must be plain text"


def test_merge_key_is_rejected() -> None:
    assert rejected("x:\n  <<: {a: 1}\n", "f.yaml") == (
        "f.yaml:2:3: YAML merge keys (<<) are not allowed"
    )


def test_non_text_keys_keep_their_source_text() -> None:
    doc = yamlsafe.load("no: a\n5.10: b\n~: c\n", "f.yaml")
    assert doc.data == {"no": "a", "5.10": "b", "~": "c"}


# -- scalars (B9 raw text) ---------------------------------------------------------------------------


def test_nan_is_rejected() -> None:
    assert rejected("a: .nan\n", "f.yaml") == "f.yaml:1:4: NaN is not allowed"


def test_yaml11_values_are_read_as_yaml_does_but_the_source_text_is_kept() -> None:
    doc = yamlsafe.load('a: no\nb: 012\nc: 1:20\nd: 2024-01-02\ne: "no"\nf: 1.10\ng: ~\n', "f.yaml")
    assert doc.data == {
        "a": False,
        "b": 10,
        "c": 80,
        "d": dt.date(2024, 1, 2),
        "e": "no",
        "f": 1.1,
        "g": None,
    }
    # the raw text is what the "put it in quotes" message quotes back to the author
    assert doc.raw[("a",)] == "no"
    assert doc.raw[("b",)] == "012"
    assert doc.raw[("c",)] == "1:20"
    assert doc.raw[("d",)] == "2024-01-02"
    assert doc.raw[("f",)] == "1.10"
    assert ("e",) not in doc.raw


def test_marks_give_one_based_positions_and_where_falls_back_to_the_parent() -> None:
    doc = yamlsafe.load("top:\n  items:\n    - {id: x, n: 1}\n", "f.yaml")
    assert doc.where(()) == "f.yaml:1:1"
    assert doc.where(("top",)) == "f.yaml:2:3"
    assert doc.where(("top", "items", 0)) == "f.yaml:3:7"
    assert doc.where(("top", "items", 0, "n")) == "f.yaml:3:18"
    assert doc.where(("top", "items", 0, "missing", 3)) == "f.yaml:3:7"
    assert doc.where(("nowhere",)) == "f.yaml:1:1"


# -- B10: hostile text is data, loaded verbatim ----------------------------------------------------


def test_b10_markup_escapes_and_bidi_are_loaded_verbatim() -> None:
    text = (
        'a: "[bold red]x[/] [@click=app.quit]y[/] \\e[2J \\u202e\\u200f end"\nb: 中文\u202e反转\n'
    )
    doc = yamlsafe.load(text, "f.yaml")
    assert doc.data["a"] == "[bold red]x[/] [@click=app.quit]y[/] \x1b[2J \u202e\u200f end"
    assert doc.data["b"] == "中文\u202e反转"


def test_raw_control_character_is_a_positioned_error_not_a_crash() -> None:
    # PyYAML's reader refuses control characters before parsing: this used to escape as ReaderError
    assert rejected('id: x\nt: "a\x1b[2J"\n', "f.yaml") == (
        "f.yaml:2:6: unacceptable character #x001b: special characters are not allowed "
        '(write control characters as escapes in double quotes, e.g. "\\e")'
    )
    assert rejected("a: \x07\n", "f.yaml").startswith("f.yaml:1:4: unacceptable character #x0007")


# -- B5 / B12: size, empty, encoding -----------------------------------------------------------------


def test_b5_size_cap_is_checked_before_parsing() -> None:
    big = b"a: '" + b"x" * yamlsafe.MAX_BYTES + b"'\n"
    start = time.perf_counter()
    with pytest.raises(BankError) as info:
        yamlsafe.decode(big, "banks/iso.yaml")
    assert info.value.problems == (
        "banks/iso.yaml: file larger than 1000000 bytes — split it or trim it",
    )
    with pytest.raises(BankError) as info:
        yamlsafe.load(big.decode(), "banks/iso.yaml")
    assert info.value.problems == (
        "banks/iso.yaml: file larger than 1000000 bytes — split it or trim it",
    )
    assert time.perf_counter() - start < 0.5


def test_size_cap_counts_bytes_not_characters() -> None:
    # 350 000 Chinese characters = 1 050 000 UTF-8 bytes
    with pytest.raises(BankError, match="file larger than 1000000 bytes"):
        yamlsafe.load("a: " + "中" * 350_000, "f.yaml")


@pytest.mark.parametrize("name", ["b12_empty.yaml", "b12_comments.yaml"])
def test_b12_empty_or_only_comments(name: str) -> None:
    assert rejected_file(name) == "banks/iso.yaml: file is empty"


def test_decode_rejects_utf16_with_bom() -> None:
    with pytest.raises(BankError) as info:
        yamlsafe.decode("a: 1".encode("utf-16"), "f.yaml")
    assert info.value.problems == ("f.yaml:1:1: is not UTF-8 text (it is UTF-16)",)


def test_decode_reports_the_offset_of_an_invalid_byte() -> None:
    with pytest.raises(BankError) as info:
        yamlsafe.decode(b"id: x\nt: \xe4\xb8", "f.yaml")
    assert info.value.problems == ("f.yaml: is not UTF-8 text (invalid byte 0xe4 at offset 9)",)


def test_decode_rejects_nul() -> None:
    with pytest.raises(BankError) as info:
        yamlsafe.decode(b"a: b\x00c", "f.yaml")
    assert info.value.problems == ("f.yaml: contains a NUL byte at offset 4",)


def test_decode_strips_one_utf8_bom() -> None:
    assert yamlsafe.decode(b"\xef\xbb\xbfa: 1", "f.yaml") == "a: 1"
    text = yamlsafe.decode("\ufeffa: 中".encode(), "f.yaml")
    assert yamlsafe.load(text, "f.yaml").data == {"a": "中"}
