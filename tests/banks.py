"""Facts about the test banks that several test files assert on."""

from __future__ import annotations

# tests/data/banks/tiny.yaml, every question in asking order (profile, eligibility, special, items)
TINY_ORDER = [
    "p.delivery",
    "e.legal",
    "s.law",
    "s.bonus",
    "5.1.1.1-a",
    "5.1.1.1-b",
    "5.1.1.2-a",
    "5.1.1.2-b",
    "5.2.1-i1-a",
    "5.2.1-i2-a",
]
