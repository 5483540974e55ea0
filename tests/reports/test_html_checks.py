"""The HTML report (zh and en) against the Nu HTML Checker and axe-core in headless Chromium,
where the tools are installed (skipped otherwise).

Install once: `npm install --prefix ~/.cache/interviewer-webtools vnu-jar axe-core` (vnu needs
java) and `apt-get install chromium fonts-noto-cjk`; INTERVIEWER_WEBTOOLS may point elsewhere."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from interviewer import paths
from interviewer.core import bankload, engine, report, storage
from interviewer.core.bank import Bank
from interviewer.export import render
from tests.conftest import NOW, SID

TOOLS = Path(
    os.environ.get("INTERVIEWER_WEBTOOLS", Path.home() / ".cache" / "interviewer-webtools")
)
VNU = TOOLS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = TOOLS / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = next(
    (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None
)


def owner_report(bank: Bank, lang: str, mode: str) -> str:
    """A long, mixed interview with a note, as an owner or a consultant would leave it."""
    s = engine.new_session(
        bank,
        session_id=SID,
        now=NOW,
        language=lang,
        mode=mode,  # type: ignore[arg-type]
        display_name="华德电器 <b>x</b>",
        company="Acme Home Appliances Ltd",
    )
    for n in range(200):
        q = engine.next_question(bank, s)
        if q is None:
            break
        reply = (
            ("2", "3", "1")[n % 3] if q.type == "choice" else "6/10" if q.type == "sampled" else "0"
        )
        for attempt in (reply, "1"):
            try:
                s = engine.record(bank, s, q.id, attempt, NOW)
                break
            except Exception:
                continue
        else:
            s = engine.skip(bank, s, q.id, NOW)
        if n == 30:
            s = engine.set_note(s, q.id, "手册有（v2.1），但缺投诉一章 <script>x</script>", NOW)
    return render("html", report.build(bank, s, lang))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    bank = bankload.load_bank(storage.read_bank_files(paths.bundled_bank()), "bundled")
    folder = tmp_path_factory.mktemp("html")
    out = []
    for lang, mode in (("zh", "full"), ("en", "triage")):
        path = folder / f"{lang}.html"
        path.write_text(owner_report(bank, lang, mode), encoding="utf-8")
        out.append(path)
    return out


@pytest.mark.skipif(
    not (VNU.exists() and shutil.which("java")), reason="vnu-jar or java not installed"
)
def test_html_report_passes_the_nu_checker(pages: list[Path]) -> None:
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(run.stderr or '{"messages": []}')["messages"]
    assert messages == [], messages[:5]


@pytest.mark.skipif(not (AXE.exists() and CHROMIUM), reason="axe-core or chromium not installed")
def test_html_report_has_no_serious_axe_violations(pages: list[Path]) -> None:
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
        # every landmark and contrast rule counts, not only the serious ones
        assert violations == [], (page.name, violations)
