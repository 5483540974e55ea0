"""No escape reaches the terminal (review D1): a poisoned session and a poisoned bank walked
through every command; no raw control byte, C1 control or bidi override reaches stdout/stderr."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from interviewer import cli, plain
from interviewer.core import engine, sessionfile, store
from interviewer.core.terminal import has_control, safe
from tests.ui.conftest import tiny

DATA = Path(__file__).resolve().parents[1] / "data"
TINY = DATA / "banks" / "tiny.yaml"
SID = "c" * 32
EVIL = "\x1b]0;PWNED\x07\x1b[2J\x9b31m\u202eEVIL"


def poisoned_session(folder: Path) -> Path:
    bank = tiny()
    s = engine.new_session(bank, session_id=SID, now="t", display_name=EVIL, company=EVIL)
    s = engine.set_value(bank, s, "p.delivery", "yes", "t")
    doc = sessionfile.to_dict(s)
    doc["respondent"] = EVIL
    doc["updated_at"] = "\x1b[1;1H\x1b[2Kforged"
    doc["answers"]["p.delivery"]["note"] = EVIL + "\nnote"
    doc["orphaned_answers"] = {
        EVIL + "\n# FAKE": {"value": "x", "status": "answered", "note": EVIL}
    }
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{SID}.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    return path


def poisoned_bank(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    text = TINY.read_text("utf-8").replace(
        "{zh: 体系, en: System}", '{zh: "\\e]0;BANK\\a\\e[2J体系", en: "\\e[31mSystem"}'
    )
    path = folder / "bank.yaml"
    path.write_text(text, "utf-8")
    return path


def assert_clean(text: str, what: str) -> None:
    bad = sorted({f"U+{ord(c):04X}" for c in text if has_control(c)})
    assert not bad, f"{what}: raw control characters reach the terminal: {bad}"


@pytest.fixture
def poisoned(tmp_sessions: Path) -> Path:
    return poisoned_session(tmp_sessions)


COMMANDS = [
    ["sessions"],
    ["validate", "{s}"],
    ["report", "{s}"],
    ["report", "{s}", "--format", "md", "--lang", "en"],
    ["report", "{s}", "--format", "csv"],
    ["report", "{s}", "--format", "html"],
    ["report", "{s}", "--format", "json"],
    ["checklist", "{s}"],
    ["compare", "{s}", "{s}"],
    ["class-report", "{s}"],
    ["class-report", "{s}", "--format", "csv"],
]


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a))
def test_every_command_shows_a_poisoned_session_safely(
    argv: list[str], poisoned: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(["--bank", str(TINY), *(a.format(s=poisoned) for a in argv)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert_clean(out, "stdout")
    assert_clean(err, "stderr")
    assert "EVIL" in out or "EVIL" in err or argv[0] in ("report", "class-report")


def test_damaged_files_errors_are_shown_safely(
    tmp_sessions: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tmp_sessions.mkdir(parents=True)
    dup = tmp_sessions / f"{'d' * 32}.json"
    dup.write_text('{"schema_version":3,"\\u001b]0;DUP\\u0007":1,"\\u001b]0;DUP\\u0007":2}')
    for argv in (
        ["validate", str(dup)],
        ["report", str(dup)],
        ["sessions"],
        ["class-report", str(dup)],
    ):
        cli.main(["--bank", str(TINY), *argv])
        out, err = capsys.readouterr()
        assert_clean(out + err, " ".join(argv))
        assert "DUP" in out + err


def test_bank_check_shows_a_poisoned_bank_safely(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bank = poisoned_bank(tmp_path / "bank")
    assert cli.main(["bank", "check", str(bank)]) == 0
    out, err = capsys.readouterr()
    assert "BANK" in out
    assert_clean(out + err, "bank check")


def test_plain_mode_shows_a_poisoned_session_safely(poisoned: Path) -> None:
    opened = store.open_for_writing(tiny(), poisoned, lambda: "t")
    out = io.StringIO()
    try:
        plain.run(opened, io.StringIO("/report\n/quit\n"), out, new_id=lambda: "f" * 32)
    finally:
        opened.close()
    assert "EVIL" in out.getvalue()
    assert_clean(out.getvalue(), "plain mode")


def test_the_sanitiser_shows_every_control_visibly_and_keeps_text() -> None:
    assert safe("a\x1b[2Jb") == "a␛[2Jb"
    assert safe("\x07\x7f\x9b\u202e\u2066\u2028") == "␇␡<U+009B><U+202E><U+2066><U+2028>"
    assert safe("行\n\t列") == "行\n\t列"
    assert safe("a\nb\tc", one_line=True) == "a␊b␉c"
    for code in range(0x110000):
        ch = chr(code)
        if 0xD800 <= code < 0xE000:
            continue
        if code < 0x20 or 0x7F <= code < 0xA0:
            assert safe(ch, one_line=True) != ch


def test_a_csv_report_piped_to_a_file_keeps_its_rows(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """CSV rows end in CR LF: to standard output they are plain rows, not rows ending in ␍."""
    import csv as csvmod

    tiny_bank = str(DATA / "banks" / "tiny.yaml")
    answers = str(DATA / "answers" / "tiny_full.yaml")
    s = tmp_path / "s.json"
    assert cli.main(["run", "--answers", answers, "--bank", tiny_bank, "--out", str(s)]) == 0
    capsys.readouterr()
    assert cli.main(["report", str(s), "--bank", tiny_bank, "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "\u240d" not in out
    rows = list(csvmod.reader(io.StringIO(out)))
    assert len(rows) > 2 and all(not r or not r[-1].endswith("\u240d") for r in rows)
