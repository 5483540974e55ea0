"""What start-up speed rests on: the collector paused by the console script only, and the
interview's own argument parser agreeing with the full one."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from interviewer import cli, launch


def test_ready_turns_a_paused_collector_back_on_and_freezes_what_exists() -> None:
    frozen = gc.get_freeze_count()
    gc.disable()
    try:
        launch.ready()
        assert gc.isenabled()
        assert gc.get_freeze_count() > frozen
    finally:
        gc.enable()
        gc.unfreeze()


def test_ready_leaves_a_running_collector_alone() -> None:
    frozen = gc.get_freeze_count()
    launch.ready()
    assert gc.isenabled() and gc.get_freeze_count() == frozen


def test_collection_paused_restores_the_previous_state() -> None:
    with launch.collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with launch.collection_paused():
            pass
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()


def test_the_console_script_collects_again_once_the_interview_can_be_used(tmp_path) -> None:
    """Through the real entry point: paused while starting, on again when the first question is
    on screen (an app that never re-enabled it would grow without bound in a long session)."""
    probe = (
        "import gc, sys\n"
        "from interviewer import launch\n"
        "from interviewer.ui import app as ui\n"
        "seen = []\n"
        "exit_ = ui.InterviewerApp.exit\n"
        "def exit(self, *a, **k):\n"
        "    seen.append(gc.isenabled())\n"
        "    return exit_(self, *a, **k)\n"
        "ui.InterviewerApp.exit = exit\n"
        f"sys.argv = ['interviewer', '--sessions-dir', {str(tmp_path)!r}, '--name', 'x',"
        " '--exit-after-first-question']\n"
        "code = launch.main()\n"
        "print('enabled-at-exit', seen)\n"
        "raise SystemExit(code)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert "enabled-at-exit [True]" in out.stdout


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--name", "bench", "--sessions-dir", "/tmp/x"],
        ["--resume", "abc", "--lang", "en", "--mode", "triage", "--triage-limit", "10"],
        ["--plain", "--company", "宏达", "--bank", "b", "--weights", "w"],
    ],
)
def test_the_interview_parser_reads_its_options_as_the_full_parser_does(argv) -> None:
    fast, rest = cli._interview_parser().parse_known_args(argv)
    assert rest == []
    assert vars(fast) == vars(cli.build_parser().parse_args(argv))


@pytest.mark.parametrize("argv", [["locate"], ["--lang", "en", "sessions"], ["bank", "check"]])
def test_anything_else_goes_to_the_full_parser(argv) -> None:
    _, rest = cli._interview_parser().parse_known_args(argv)
    assert rest  # so main() builds the subcommands
    assert cli.build_parser().parse_args(argv).func is not cli.cmd_interview
