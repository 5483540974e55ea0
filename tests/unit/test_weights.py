"""Weight profiles: a certifier's item points replace the bank's even-split estimate (FORMAT.md).

Fixtures in tests/data/weights/: certifier-example.yaml (valid), wrong-bank.yaml, unknown-item.yaml,
bad-totals.yaml, schema-errors.yaml.
"""

from __future__ import annotations

import hashlib
from fractions import Fraction

import pytest
from bank_helpers import WEIGHTS, bundled

from interviewer import cli
from interviewer.core import bankload, engine, weights
from interviewer.core.errors import BankError

HEAD = "weights_for: gbt27922-2011\nname: {zh: 细则, en: Rules}\n"


def apply(text: str | bytes, name: str = "w.yaml") -> bankload.Bank:
    data = text.encode() if isinstance(text, str) else text
    return weights.apply_profile(bundled(), data, name, hashlib.sha256(data).hexdigest())


def rejected(text: str | bytes, name: str = "w.yaml") -> tuple[str, ...]:
    with pytest.raises(BankError) as info:
        apply(text, name)
    return info.value.problems


def fixture(name: str) -> tuple[bytes, str]:
    path = WEIGHTS / name
    return path.read_bytes(), f"weights/{name}"


def test_valid_profile_moves_points_and_keeps_the_totals() -> None:
    data, name = fixture("certifier-example.yaml")
    bank = bundled()
    weighted = apply(data, name)
    assert weighted.item("5.1.1.1").points == Fraction(15, 7)
    assert weighted.item("5.1.1.2").points == Fraction(25, 7)
    assert bank.item("5.1.1.1").points == Fraction(20, 7)  # the loaded bank is not modified
    for item in bank.items:
        if item.id not in ("5.1.1.1", "5.1.1.2"):
            assert weighted.item(item.id).points == item.points
    for g in weighted.groups:
        got = sum((i.points for i in weighted.items if i.group == g.id), Fraction(0))
        assert got == g.points
    assert [g.points for g in weighted.groups] == [40, 35, 25]
    assert weighted.weights is not None
    assert weighted.weights.name.zh == "示例认证机构评分细则"
    assert weighted.weights.name.en == "Example certifier's scoring rules"
    assert weighted.weights.source == "Test fixture, not a real certifier's rules"
    assert weighted.weights.sha256 == hashlib.sha256(data).hexdigest()
    assert weighted.weights.path == name
    # a session started on the weighted bank records which profile it used, points included
    s = engine.new_session(weighted, session_id="0" * 32, now="2024-01-01T00:00:00+00:00")
    assert s.weights is not None
    assert (s.weights.name, s.weights.sha256, s.weights.path) == (
        "Example certifier's scoring rules",
        weighted.weights.sha256,
        name,
    )
    assert s.weights.points == {i.id: i.points for i in weighted.items}


def test_decimal_points_are_exact() -> None:
    weighted = apply(HEAD + 'points:\n  "5.3.1-p1": 2.7\n  "5.3.1-p2": 2.2\n  "5.3.1-p3": 2.6\n')
    assert weighted.item("5.3.1-p1").points == Fraction(27, 10)
    assert weighted.item("5.3.1-p2").points == Fraction(11, 5)
    assert sum((i.points for i in weighted.items if i.group == "5.3"), Fraction(0)) == 25


def test_plain_text_name_is_used_for_both_languages() -> None:
    weighted = apply('weights_for: gbt27922-2011\nname: Rules\npoints: {"5.1.1.1": "20/7"}\n')
    assert weighted.weights is not None
    assert (weighted.weights.name.zh, weighted.weights.name.en) == ("Rules", "Rules")
    assert weighted.weights.source == ""


def test_profile_for_another_bank() -> None:
    assert rejected(*fixture("wrong-bank.yaml")) == (
        "weights/wrong-bank.yaml:2:14: this profile is for bank 'iso-9001', not 'gbt27922-2011'",
    )


def test_unknown_item() -> None:
    assert rejected(*fixture("unknown-item.yaml")) == (
        "weights/unknown-item.yaml:6:14: unknown item '5.1.1.9'",
    )


def test_totals_that_no_longer_add_up() -> None:
    assert rejected(*fixture("bad-totals.yaml")) == (
        "weights/bad-totals.yaml:5:3: group 5.1 should total 40 points "
        "but its items add up to 40.1429 (281/7)",
        "weights/bad-totals.yaml:5:3: group 5.3 should total 25 points "
        "but its items add up to 25.5000 (51/2)",
    )


def test_schema_violations_are_all_reported() -> None:
    assert rejected(*fixture("schema-errors.yaml")) == (
        "weights/schema-errors.yaml:2:1: unknown field ('note' was unexpected)",
        "weights/schema-errors.yaml:3:7: 'en' is missing",
        "weights/schema-errors.yaml:6:3: 'five' is not in the allowed form "
        "(^[0-9]+(\\.[0-9]+)*(-[a-z][0-9]+)?$)",
        "weights/schema-errors.yaml:6:14: -1 is less than the minimum of 0",
        "weights/schema-errors.yaml:7:14: 'lots' is not in the allowed form "
        "(^[0-9]{1,4}(\\.[0-9]{1,6})?(/[1-9][0-9]{0,4})?$)",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ("w.yaml: file is empty",)),
        ("- a\n", ("w.yaml:1:1: expected a mapping with weights_for, name and points",)),
        (
            "name: x\npoints: {}\n",
            ("w.yaml:1:1: 'weights_for' is missing", "w.yaml:2:9: {} is empty or too short"),
        ),
        (
            HEAD + 'points:\n  "5.1.1.1": &p 1\n  "5.1.1.2": *p\n',
            (
                "w.yaml:5:14: YAML aliases (*name) are not allowed in question banks — "
                "write the value out in full",
            ),
        ),
        (
            HEAD + 'source: 2024-01-01\npoints: {"5.1.1.1": 1}\n',
            (
                "w.yaml:3:9: value should be text but YAML read '2024-01-01' as "
                'datetime.date(2024, 1, 1) — put it in quotes: "2024-01-01"',
            ),
        ),
        (
            HEAD + 'points: {"5.1.1.1": 101}\n',
            ("w.yaml:3:21: 101 is greater than the maximum of 100",),
        ),
        (
            HEAD + 'points: {"5.1.1.1": 1, "5.1.1.1": 2}\n',
            ("w.yaml:3:24: duplicate key '5.1.1.1' (first at line 3)",),
        ),
    ],
)
def test_other_broken_profiles(text: str, expected: tuple[str, ...]) -> None:
    assert rejected(text) == expected


def test_unquoted_numeric_item_id_keeps_its_text() -> None:
    # `5.10: 1` is read as the float 5.1; the loader uses the key as written
    assert rejected(HEAD + "points: {5.10: 1}\n") == ("w.yaml:3:16: unknown item '5.10'",)


# -- the CLI -----------------------------------------------------------------------------------------


def test_cli_bank_check_with_valid_weights(capsys: pytest.CaptureFixture[str]) -> None:
    path = WEIGHTS / "certifier-example.yaml"
    assert cli.main(["bank", "check", "--weights", str(path)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert f"  weights: Example certifier's scoring rules ({path})" in out.splitlines()
    assert (
        "  5.1 售后服务体系 / After-sales service system: 40 points, 7 indicators, 18 items" in out
    )


@pytest.mark.parametrize(
    ("name", "first_problem"),
    [
        ("wrong-bank.yaml", "2:14: this profile is for bank 'iso-9001', not 'gbt27922-2011'"),
        ("unknown-item.yaml", "6:14: unknown item '5.1.1.9'"),
        (
            "bad-totals.yaml",
            "5:3: group 5.1 should total 40 points but its items add up to 40.1429 (281/7)",
        ),
        ("schema-errors.yaml", "2:1: unknown field ('note' was unexpected)"),
    ],
)
def test_cli_bank_check_with_bad_weights_exits_2(
    capsys: pytest.CaptureFixture[str], name: str, first_problem: str
) -> None:
    path = WEIGHTS / name
    assert cli.main(["bank", "check", "--weights", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert lines[0] == "Question bank problem:"
    assert lines[1] == f"{path}:{first_problem}"
    assert "Traceback" not in err


def test_cli_missing_weights_file(capsys: pytest.CaptureFixture[str], tmp_path: object) -> None:
    missing = f"{tmp_path}/nope.yaml"
    assert cli.main(["bank", "check", "--weights", missing]) == 2
    out, err = capsys.readouterr()
    assert (out, err) == ("", f"Question bank problem:\n{missing}: no such file\n")
