"""Child process for the crash tests: saves a session over and over through the real save path and
prints each revision only after its save has returned. `naive` mode writes the same bytes with a
plain truncate-and-write, as a control that shows the test can fail."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import sys
from pathlib import Path

from interviewer.core import bankload, engine, sessionfile, storage, store

BANK = Path(__file__).resolve().parent.parent / "data" / "banks" / "tiny.yaml"


def main() -> None:
    path, mode = Path(sys.argv[1]), sys.argv[2]
    payload = int(sys.argv[3]) if len(sys.argv) > 3 else 50_000
    crash_at = os.environ.get(
        "CRASH_AT"
    )  # e.g. "replace:3": SIGKILL ourselves at the 3rd os.replace
    bank = bankload.load_bank(storage.read_bank_files(BANK), "tiny.yaml")
    clock = lambda: "2026-11-23T10:00:00+08:00"  # noqa: E731
    if path.exists():
        opened = store.open_for_writing(bank, path, clock)
    else:
        opened = store.start(bank, path.parent, session_id=path.stem, clock=clock)
    if crash_at:
        name, _, nth = crash_at.partition(":")
        real = getattr(os, name)
        count = [0]

        def dying(*args: object, **kwargs: object) -> object:
            count[0] += 1
            if count[0] == int(nth):
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)

        setattr(os, name, dying)
    # bulk that makes every save write `payload` characters (kept answers of a retired question)
    s = dataclasses.replace(
        opened.session,
        orphaned={"old.q": {"value": None, "status": "skipped", "note": "长" * payload}},
    )
    n = 0
    while True:
        n += 1
        s = engine.set_value(bank, s, "p.delivery", "yes" if n % 2 else "no", clock())
        s = engine.set_note(s, "p.delivery", f"save {n}", clock())
        if mode == "naive":
            s = dataclasses.replace(s, revision=s.revision + 1)
            doc = sessionfile.to_dict(s)
            with open(
                path, "w", encoding="utf-8"
            ) as f:  # the control: truncate, then stream the JSON
                json.dump(doc, f, ensure_ascii=False, indent=1)
        else:
            s = opened.save(s)
        print(s.revision, flush=True)


if __name__ == "__main__":
    main()
