"""Child for the two-writer test: N read-modify-write cycles on one session, each adding one line
to a note. `locked` goes through the project's API (lock, read, save, close); `unlocked` reads and
atomically writes the file directly, as a control that must lose updates."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from interviewer.core import bankload, engine, storage, store
from interviewer.core.errors import SessionInUse

BANK = Path(__file__).resolve().parent.parent / "data" / "banks" / "tiny.yaml"


def main() -> None:
    path, mode, tag, cycles = Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
    bank = bankload.load_bank(storage.read_bank_files(BANK), "tiny.yaml")
    done = 0
    while done < cycles:
        if mode == "locked":
            try:
                opened = store.open_for_writing(bank, path, lambda: "t")
            except SessionInUse:
                time.sleep(0.0005)
                continue
            s = opened.session
            note = s.answers["p.delivery"].note
            opened.save(engine.set_note(s, "p.delivery", note + f"{tag}\n", "t"))
            opened.close()
        else:
            doc = json.loads(path.read_bytes())
            doc["answers"]["p.delivery"]["note"] += f"{tag}\n"
            doc["revision"] += 1
            time.sleep(0.0005)  # a little work between read and write, as a real editor has
            storage.atomic_write(path, json.dumps(doc, ensure_ascii=False).encode())
        done += 1


if __name__ == "__main__":
    main()
