"""A class report is shared, projected and uploaded: it must not hand out the trainees' resume
codes (a session's id opens and changes that session in the browser)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

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
