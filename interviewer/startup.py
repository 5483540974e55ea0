"""The moment start-up ends. The console script (`launch`) pauses Python's cycle collector while
the program starts; `ready()` is called once the user can act (the first question painted, a
plain-mode prompt, a server listening)."""

from __future__ import annotations

import gc


def ready() -> None:
    """Move what start-up made into the permanent generation (never scanned again) and collect
    from here on. Does nothing unless the launcher paused collection, so tests and library
    callers keep the collector as they set it."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
