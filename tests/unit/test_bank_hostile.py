"""Hostile banks and weights (review F1, F2): the reachability check is fast on a never-true
condition over many questions and bounded with a clear error; the schemas' points patterns and
the loader agree on every value."""

from __future__ import annotations

import shutil
import time
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interviewer import cli, paths
from interviewer.core import bankload, storage
from interviewer.core.errors import BankError


def never_true_bank(folder: Path, deciders: int = 12, gated: int = 60) -> Path:
    """The bundled bank plus `deciders` profile questions and `gated` questions whose condition
    asks one decider to be both a and b (never true)."""
    shutil.copytree(paths.bundled_bank(), folder)
    lines = ["profile:"]
    for n in range(deciders):
        lines += [
            f"  - id: p.zx{n:02d}",
            f"    text: {{zh: 问{n}, en: Q{n}}}",
            "    options:",
            *(f"      - {{value: {v}, label: {{zh: {v}, en: {v}}}}}" for v in "abc"),
        ]
    cond = ", ".join(f"{{eq: [p.zx{n:02d}, a]}}" for n in range(deciders)) + ", {eq: [p.zx00, b]}"
    for n in range(gated):
        lines += [
            f"  - id: p.zy{n:02d}",
            f"    text: {{zh: 门{n}, en: G{n}}}",
            f"    when: {{all: [{cond}]}}",
            "    options:",
            *(f"      - {{value: {v}, label: {{zh: {v}, en: {v}}}}}" for v in "ab"),
        ]
    (folder / "zz-extra.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    return folder


def test_a_never_true_condition_over_twelve_questions_is_found_fast(tmp_path: Path) -> None:
    folder = never_true_bank(tmp_path / "bank")
    assert 15_000 < (folder / "zz-extra.yaml").stat().st_size < 40_000
    began = time.perf_counter()
    with pytest.raises(BankError) as err:
        bankload.load_bank(storage.read_bank_files(folder), str(folder))
    took = time.perf_counter() - began
    assert "p.zy00 can never be reached" in str(err.value)
    assert len(err.value.problems) == 60
    assert took < 5.0, f"bank check took {took:.1f} s"


def test_a_search_too_large_for_the_budget_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = never_true_bank(tmp_path / "bank", deciders=12, gated=2)
    monkeypatch.setattr(bankload, "REACH_BUDGET", 10)
    assert cli.main(["bank", "check", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "too complex to check" in err and "Traceback" not in err


POINTS = r"^[0-9]{1,4}(\.[0-9]{1,6})?(/[1-9][0-9]{0,4})?$"


def _schema_patterns() -> list[str]:
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "pattern" and isinstance(v, str) and "/" in v:
                    found.append(v)
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    for name in ("bank.schema.json", "weights.schema.json"):
        walk(storage.read_schema(name))
    return found


def test_every_points_pattern_in_the_schemas_is_the_one_the_loader_is_tested_against() -> None:
    patterns = _schema_patterns()
    assert patterns, "no points pattern found"
    import re

    for p in patterns:
        for sample in ("2.5/7", "1.5/2", "9999.999999/1", "3", "0.5", "10/3"):
            assert bool(re.fullmatch(p.strip("^$"), sample)) == bool(
                re.fullmatch(POINTS.strip("^$"), sample)
            )


@settings(max_examples=300, deadline=None)
@given(st.from_regex(POINTS, fullmatch=True))
def test_every_points_value_the_schema_accepts_the_loader_reads(text: str) -> None:
    value = bankload.parse_points(text)
    assert isinstance(value, Fraction)
    whole, _, den = text.partition("/")
    assert value == Fraction(whole) / (int(den) if den else 1)


def test_a_points_fraction_with_decimals_is_read_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tiny = Path(__file__).resolve().parents[1] / "data" / "banks" / "tiny.yaml"
    text = tiny.read_text("utf-8")
    assert "points: 60}" in text
    bank = tmp_path / "bank.yaml"
    bank.write_text(text.replace("points: 60}", 'points: "120.0/2"}'), "utf-8")
    assert cli.main(["bank", "check", str(bank)]) == 0, capsys.readouterr().err
    assert "60 points" in capsys.readouterr().out
    bank.write_text(text.replace("points: 60}", 'points: "2.5/7"}'), "utf-8")
    assert cli.main(["bank", "check", str(bank)]) == 2
    err = capsys.readouterr().err
    assert "should total 100 points" in err and "Traceback" not in err
