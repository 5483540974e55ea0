"""What start-up speed rests on: the collector paused by the console script only, and turned back
on once the user can act."""

from __future__ import annotations

import gc
import subprocess
import sys

from interviewer import startup


def test_ready_turns_a_paused_collector_back_on_and_freezes_what_exists() -> None:
    frozen = gc.get_freeze_count()
    gc.disable()
    try:
        startup.ready()
        assert gc.isenabled()
        assert gc.get_freeze_count() > frozen
    finally:
        gc.enable()
        gc.unfreeze()


def test_ready_leaves_a_running_collector_alone() -> None:
    frozen = gc.get_freeze_count()
    startup.ready()
    assert gc.isenabled() and gc.get_freeze_count() == frozen


def test_the_console_script_collects_again_once_the_interview_can_be_used(tmp_path) -> None:
    """Through the real entry point: paused while starting, on again when the first question is
    on screen (an app that never re-enabled it would grow without bound in a long session)."""
    probe = (
        "import gc, sys\n"
        "gc.disable()  # as the console script does\n"
        "from interviewer import cli\n"
        "from interviewer.ui import app as ui\n"
        "seen = []\n"
        "class Once(ui.InterviewerApp):\n"
        "    def first_question_shown(self):\n"
        "        super().first_question_shown()\n"
        "        self.call_after_refresh(self.leave)\n"
        "    def leave(self):\n"
        "        seen.append(gc.isenabled())\n"
        "        self.exit()\n"
        f"code = cli.main(['--sessions-dir', {str(tmp_path)!r}, '--name', 'x'], app_type=Once)\n"
        "print('enabled-at-exit', seen)\n"
        "raise SystemExit(code)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert "enabled-at-exit [True]" in out.stdout
