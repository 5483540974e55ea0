"""A session answered with `--weights FILE` is scored with that profile by every later command,
without the flag; when the profile file is gone or changed, the commands say so and say which
weights they used. Without a profile every score is labelled as resting on estimated weights."""

from __future__ import annotations

import csv
import io
import json
import shutil
from fractions import Fraction
from pathlib import Path

import pytest

from interviewer import cli, paths
from interviewer.core import scoring, store
from interviewer.core.bankopen import open_bank
from interviewer.core.figures import score_text

WEIGHTS = Path(__file__).resolve().parents[1] / "data" / "weights" / "certifier-example.yaml"


def answers_file(tmp_path: Path) -> Path:
    """Every question of the bundled bank met, except 5.1.1.1 (the item the profile reweights)."""
    bank = open_bank(paths.bundled_bank())
    lines = []
    for q in bank.questions:
        if q.type == "sampled":
            reply = "10/10"
        elif q.type in ("count", "number"):
            reply = "0" if q.type == "count" else "5"
        else:
            reply = str(len(q.options)) if q.id == "5.1.1.1-a" else "1"
        lines.append(f'"{q.id}": "{reply}"')
    path = tmp_path / "answers.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    capsys.readouterr()
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def weighted(tmp_path: Path, capsys) -> tuple[Path, Path, Fraction, Fraction]:  # type: ignore[no-untyped-def]
    """A session answered with a copy of the profile; its score with the profile and without."""
    profile = tmp_path / "rules.yaml"
    shutil.copyfile(WEIGHTS, profile)
    code, out, err = run(
        capsys, "--weights", str(profile), "run", "--answers", str(answers_file(tmp_path))
    )
    assert code == 0, err
    session = Path(out.strip())
    s, _ = store.read(session)
    with_profile = scoring.tally(open_bank(paths.bundled_bank(), profile), s).score
    estimated = scoring.tally(open_bank(paths.bundled_bank()), s).score
    assert with_profile != estimated  # the profile really changes this session's score
    return session, profile, with_profile, estimated


def report_json(capsys, session: Path) -> tuple[dict, str]:  # type: ignore[no-untyped-def,type-arg]
    code, out, err = run(capsys, "report", str(session), "--format", "json", "--lang", "en")
    assert code == 0, err
    return json.loads(out), err


def test_every_command_scores_with_the_profile_the_session_was_answered_with(
    weighted, capsys
) -> None:  # type: ignore[no-untyped-def]
    session, _, with_profile, estimated = weighted
    data, err = report_json(capsys, session)
    assert data["exact"]["score"] == str(with_profile) and err == ""
    assert data["weights"]["estimated"] is False
    assert "Example certifier's scoring rules" in data["weights"]["note"]
    shown = score_text(with_profile)
    _, md, _ = run(capsys, "report", str(session), "--format", "md", "--lang", "en")
    assert shown in md and score_text(estimated) not in md
    assert "estimate" not in md.lower()
    _, listing, _ = run(capsys, "--sessions-dir", str(session.parent), "sessions", "--lang", "en")
    assert shown in listing
    _, table, _ = run(capsys, "class-report", str(session.parent), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(table.lstrip("\ufeff"))))
    assert [r["score"] for r in rows] == [shown]
    _, comparison, _ = run(capsys, "compare", str(session), str(session), "--lang", "en")
    assert comparison.count(shown) == 2


def test_a_missing_profile_is_said_and_the_weights_kept_in_the_session_are_used(
    weighted, capsys
) -> None:  # type: ignore[no-untyped-def]
    session, profile, with_profile, _ = weighted
    profile.unlink()
    data, err = report_json(capsys, session)
    assert data["exact"]["score"] == str(with_profile)
    assert f"The weight profile {profile} used when answering is gone" in err
    assert "scored with the weights saved in the session" in err


def test_a_changed_profile_is_said_and_the_weights_as_answered_are_used(weighted, capsys) -> None:  # type: ignore[no-untyped-def]
    session, profile, with_profile, _ = weighted
    profile.write_text(profile.read_text("utf-8") + "\n# edited\n", encoding="utf-8")
    data, err = report_json(capsys, session)
    assert data["exact"]["score"] == str(with_profile)
    assert f"The weight profile {profile} changed after the session was answered" in err


def test_a_profile_given_again_overrides_and_says_so(weighted, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    session, profile, _, _ = weighted
    other = tmp_path / "other.yaml"
    other.write_text(profile.read_text("utf-8").replace("Example", "Other"), encoding="utf-8")
    code, _, err = run(capsys, "--weights", str(other), "report", str(session), "--lang", "en")
    assert code == 0
    assert f"Scored with the weight profile given on the command line ({other})" in err


def test_without_a_profile_the_estimate_is_said_everywhere_a_score_is(
    tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "run", "--answers", str(answers_file(tmp_path)))
    session = Path(out.strip())
    for argv in (
        ["report", str(session), "--format", "md"],
        ["class-report", str(session.parent), "--format", "md"],
        ["class-report", str(session.parent), "--format", "html"],
        ["class-report", str(session.parent), "--format", "csv"],
    ):
        code, text, err = run(capsys, *argv)
        assert code == 0, err
        assert "估计" in text, argv
