"""The console script's entry: pauses Python's cycle collector while the program starts.

Start-up creates tens of thousands of objects that live as long as the process (Textual's classes
and styles, the bank); every collection during start-up walks all of them again, and on this
machine that was a tenth of the time to the first question. Nothing collectable is made then, so
collection waits until the user can act: `ready()` moves what exists into the permanent
generation (never scanned again) and turns collection back on. Short batch commands (report,
class-report …) finish with it paused: they hold what they read until they exit anyway.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


def main() -> int:
    gc.disable()
    from interviewer.cli import main as cli_main

    return cli_main()


def ready() -> None:
    """The user can act now: collect from here on. Does nothing unless `main` paused collection
    (tests and library callers keep the collector as they set it)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


@contextmanager
def collection_paused() -> Iterator[None]:
    """Reading many session files makes thousands of dicts that are all kept: collections in
    between would walk them again and again for nothing."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
