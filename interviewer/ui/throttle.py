"""Wrong resume codes, counted per client so that a reload or a second tab does not reset them.

In the terminal one process is one user, so a list in memory is enough. In the browser each tab is
its own process (forked by `serve`), so the count lives in a small file per client address in a
folder private to the server, updated under an exclusive lock; every tab of that address sees it.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import time
from collections.abc import Callable
from pathlib import Path

LIMIT = 5
"""Wrong codes allowed per client within `WINDOW` seconds."""
WINDOW = 60.0


class CodeThrottle:
    def __init__(
        self, folder: Path | None = None, client: str = "", clock: Callable[[], float] = time.time
    ) -> None:
        self.folder = folder
        self.client = client
        self.clock = clock
        self._memory: list[float] = []

    def _file(self) -> Path:
        assert self.folder is not None
        name = hashlib.sha256(self.client.encode("utf-8", "replace")).hexdigest()[:32]
        return self.folder / name

    def _update(self, add: bool) -> int:
        """The number of wrong codes within the window, after recording one more if `add`."""
        now = self.clock()
        if self.folder is None:
            self._memory = [x for x in self._memory if now - x < WINDOW]
            if add:
                self._memory.append(now)
            return len(self._memory)
        fd = os.open(self._file(), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            with os.fdopen(os.dup(fd), "r+", encoding="ascii") as f:
                stamps: list[float] = []
                for line in f.read().split():
                    with contextlib.suppress(ValueError):
                        stamps.append(float(line))
                stamps = [x for x in stamps if now - x < WINDOW]
                if add:
                    stamps.append(now)
                    f.seek(0)
                    f.truncate()
                    f.write("\n".join(repr(x) for x in stamps[-LIMIT * 2 :]))
            return len(stamps)
        finally:
            os.close(fd)

    def blocked(self) -> bool:
        return self._update(add=False) >= LIMIT

    def failed(self) -> None:
        self._update(add=True)
