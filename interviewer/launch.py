"""The console script's entry: pauses Python's cycle collector while the program starts.

Start-up creates tens of thousands of objects that live as long as the process (Textual's classes
and styles, the bank); every collection during start-up walks all of them again for nothing. So
collection waits until the user can act (`startup.ready`). Batch commands (report, class-report …)
never call it: they run uncollected to the end, holding what they read until they exit anyway.
"""

from __future__ import annotations

import gc


def main() -> int:
    gc.disable()
    from interviewer.cli import main as cli_main

    return cli_main()
