"""A class report is shared, projected and uploaded: it must not hand out the trainees' resume
codes (a session's id opens and changes that session in the browser)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

from openpyxl import load_workbook

from interviewer import cli


def test_no_class_report_format_contains_a_resume_code_or_its_prefix(
    tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"5.1.1.1-a": "1"}), encoding="utf-8")
    folder = tmp_path / "class"
    codes = []
    for name in ("张三", ""):  # one named, one unnamed (the unnamed one showed its code's start)
        argv = ["--sessions-dir", str(folder), "run", "--answers", str(answers)]
        argv += ["--name", name] if name else []
        capsys.readouterr()
        assert cli.main(argv) == 0
        codes.append(Path(capsys.readouterr().out.strip()).stem)
    assert all(len(c) == 32 for c in codes)
    for fmt in ("md", "html", "csv"):
        for lang in ("zh", "en"):
            capsys.readouterr()
            assert cli.main(["class-report", str(folder), "--format", fmt, "--lang", lang]) == 0
            text = capsys.readouterr().out
            for code in codes:
                assert code[:8] not in text, (fmt, lang)
            if fmt == "csv":
                rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
                assert sorted(r["number"] for r in rows) == ["1", "2"]
    for lang in ("zh", "en"):
        out = tmp_path / f"class-{lang}.xlsx"
        argv = ["class-report", str(folder), "--format", "xlsx", "--lang", lang, "--out", str(out)]
        assert cli.main(argv) == 0
        _no_code_in_workbook(out, codes, lang)


def _no_code_in_workbook(path: Path, codes: list[str], lang: str) -> None:
    """Every cell of every sheet, and every raw XML member (shared strings, sheet names,
    document properties), since a code could hide where openpyxl does not read."""
    wb = load_workbook(path)
    cells = [str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value]
    assert any(v == "2" for v in cells)  # the cells were read: participant 2 is numbered
    with zipfile.ZipFile(path) as z:
        raw = [z.read(name).decode("utf-8", "replace") for name in z.namelist()]
    for code in codes:
        for where in (*cells, *wb.sheetnames, *raw):
            assert code[:8] not in where, (lang, where[:80])


def test_no_export_contains_a_resume_code_or_its_hash(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """Every output a session can be turned into, in both languages: the code a trainee types and
    the hash kept in the file appear in none of them."""
    import zipfile

    from interviewer.core import resumecode

    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"5.1.1.1-a": "1", "5.1.1.1-b": "2"}), encoding="utf-8")
    folder = tmp_path / "class"
    base = ["--sessions-dir", str(folder)]
    assert cli.main([*base, "run", "--answers", str(answers), "--name", "王五"]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert cli.main([*base, "code", str(path)]) == 0
    code = capsys.readouterr().out.strip()
    secrets = [code, code.replace("-", ""), resumecode.digest(code)]
    assert json.loads(path.read_text(encoding="utf-8"))["resume_code_sha256"] == secrets[2]
    outputs: dict[str, str] = {}
    runs = [["report", str(path), "--format", f] for f in ("md", "html", "json", "csv")]
    runs += [["plan", str(path), "--format", f] for f in ("md", "csv", "html")]
    runs += [["checklist", str(path)], ["compare", str(path), str(path)], ["sessions"]]
    runs += [["class-report", str(folder), "--format", f] for f in ("md", "html", "csv")]
    for run in runs:
        for lang in ("zh", "en"):
            argv = [*base, *run] + (["--lang", lang] if run[0] != "sessions" else [])
            capsys.readouterr()
            assert cli.main(argv) == 0, argv
            out = capsys.readouterr()
            outputs[" ".join(run[:1] + run[2:]) + f" {lang}"] = out.out + out.err
    for kind in ("report", "plan", "class-report"):
        book = tmp_path / f"{kind}.xlsx"
        where = str(folder) if kind == "class-report" else str(path)
        assert cli.main([*base, kind, where, "--format", "xlsx", "--out", str(book)]) == 0
        with zipfile.ZipFile(book) as z:
            outputs[f"{kind} xlsx"] = "".join(
                z.read(n).decode("utf-8", "replace") for n in z.namelist()
            )
    assert len(outputs) == 2 * len(runs) + 3
    for name, text in outputs.items():
        assert text.strip(), name
        for secret in secrets:
            assert secret.lower() not in text.lower(), (name, secret)
