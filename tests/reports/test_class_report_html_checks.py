"""The class report's HTML (zh and en, anonymised or not) against the Nu HTML Checker and
axe-core in headless Chromium, as the session report is (skipped where the tools are missing)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from interviewer import cli
from tests.reports.test_html_checks import AXE, CHROMIUM, VNU

TINY = str(Path(__file__).resolve().parent.parent / "data" / "banks" / "tiny.yaml")
ANSWERS = """p.delivery: "yes"
e.legal: 是
s.law: {law}
s.bonus: 否
5.1.1.1-a: 有
5.1.1.1-b: {b}
5.1.1.2-a: 1
5.1.1.2-b: {sample}
5.2.1-i1-a: 是
5.2.1-i2-a: 是
"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """A small class: finished, one with deductions, one started; rendered zh, en, anonymised."""
    work = tmp_path_factory.mktemp("classhtml")
    folder = work / "class"
    for n, (law, b, sample) in enumerate(
        ((0, "有", "10/10"), (5, "有", "9/10"), (0, "部分", "6/10"))
    ):
        src = work / f"{n}.yaml"
        src.write_text(ANSWERS.format(law=law, b=b, sample=sample), encoding="utf-8")
        out = folder / f"{n + 1:032x}.json"
        argv = ["run", "--bank", TINY, "--answers", str(src), "--out", str(out)]
        assert cli.main([*argv, "--name", f"学员<b>{n}</b>", "--company", "Acme & Co"]) == 0
    src = work / "started.yaml"
    src.write_text('p.delivery: "yes"\n', encoding="utf-8")
    assert (
        cli.main(
            ["run", "--bank", TINY, "--answers", str(src), "--out", str(folder / f"{9:032x}.json")]
        )
        == 0
    )
    out = []
    for lang, extra in (("zh", []), ("en", []), ("en", ["--anonymise"])):
        path = work / f"class-{lang}{'-anon' if extra else ''}.html"
        argv = ["class-report", "--bank", TINY, str(folder), "--format", "html", "--lang", lang]
        assert cli.main([*argv, *extra, "--out", str(path)]) == 0
        out.append(path)
    return out


@pytest.mark.skipif(
    not (VNU.exists() and shutil.which("java")), reason="vnu-jar or java not installed"
)
def test_the_class_report_passes_the_nu_checker(pages: list[Path]) -> None:
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(run.stderr or '{"messages": []}')["messages"]
    assert messages == [], messages[:5]


@pytest.mark.skipif(not (AXE.exists() and CHROMIUM), reason="axe-core or chromium not installed")
def test_the_class_report_has_no_axe_violations(pages: list[Path]) -> None:
    script = (
        "<script>" + AXE.read_text(encoding="utf-8") + "</script><script>"
        "axe.run(document,{resultTypes:['violations']}).then(function(r){"
        "var p=document.createElement('pre');p.id='axe-result';"
        "p.textContent=JSON.stringify(r.violations.map(function(v){"
        "return {id:v.id,impact:v.impact,nodes:v.nodes.length}}));document.body.appendChild(p);});</script>"
    )
    for page in pages:
        probe = page.with_name(page.stem + "-axe.html")
        probe.write_text(
            page.read_text(encoding="utf-8").replace("</body>", script + "</body>"),
            encoding="utf-8",
        )
        dom = subprocess.run(
            [
                CHROMIUM or "",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--virtual-time-budget=30000",
                "--dump-dom",
                probe.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=300,
        ).stdout
        found = re.search(r'<pre id="axe-result">(.*?)</pre>', dom, re.S)
        assert found, f"axe did not report for {page.name}"
        violations = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))
        assert violations == [], (page.name, violations)  # every rule counts, not only serious
