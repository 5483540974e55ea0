"""Work on a list shared with one forked child: the only process the core starts.

A class report of 1,000 sessions is CPU work, and the machine a trainer has usually has two cores.
A bare fork, not a process pool: the pool's threads and queues cost that report 6 ms, and the
child inherits everything already loaded (the bank), so only the result travels back, pickled
through a pipe the two processes own."""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def can_fork() -> bool:
    return (os.cpu_count() or 1) >= 2 and hasattr(os, "fork")


def in_halves(work: Callable[[list[T]], R], items: list[T]) -> tuple[R, R | None]:
    """`work` over every other item here and over the rest in a forked child: (this process's
    result, the child's, or None when the child failed: the caller redoes that half)."""
    theirs = items[1::2]
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child (its result is checked by the parent)
        os.close(read_end)
        code = 1
        try:
            result = work(theirs)
            with os.fdopen(write_end, "wb") as pipe:
                pickle.dump(result, pipe, pickle.HIGHEST_PROTOCOL)
            code = 0
        finally:
            os._exit(code)  # no atexit handlers, no flushing the parent's buffers twice
    os.close(write_end)
    try:
        mine = work(items[0::2])
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
    finally:
        _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0 or not data:
        return mine, None
    return mine, pickle.loads(data)  # our own child's bytes, from our own pipe
