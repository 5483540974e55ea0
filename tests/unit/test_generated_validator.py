"""The session validator ships pre-generated (compiling it at start-up cost ~25 ms). It must be
exactly what fastjsonschema generates from the shipped schema today."""

from __future__ import annotations

import os
from pathlib import Path

from interviewer.core import validation

TARGET = Path(validation.__file__).parent / "_session_schema_check.py"


def test_generated_validator_matches_the_schema() -> None:
    fresh = validation.generated_source("session.schema.json")
    if os.environ.get("INTERVIEWER_REGENERATE") == "1":
        TARGET.write_text(fresh, encoding="utf-8")
    assert TARGET.read_text(encoding="utf-8") == fresh, (
        "schemas/session.schema.json changed: regenerate with "
        "INTERVIEWER_REGENERATE=1 pytest tests/unit/test_generated_validator.py"
    )


def test_the_shipped_validator_is_the_one_in_use() -> None:
    from interviewer.core import _session_schema_check

    assert validation.fast_check("session.schema.json") is _session_schema_check.validate
