"""Sessions that score just under a tier line, for the tests that no output rounds one over it.

one_sampled.yaml has a single 100-point sampled item, so a sample of n/m scores exactly n/m × 100:
6998/10000 is 69.98 (不合格, though it rounds to 70.0), 7999/10000 is 79.99 (达标, not 三星).
"""

from __future__ import annotations

from pathlib import Path

from interviewer import cli

DATA = Path(__file__).resolve().parent / "data"
ONE_SAMPLED = str(DATA / "banks" / "one_sampled.yaml")
SCORE = str(DATA / "banks" / "score.yaml")

# (sample, how every output shows the score, what no output may show, tier)
NEAR = [
    ("6998/10000", "69.9", "70.0", "fail"),
    ("7999/10000", "79.9", "80.0", "compliant"),
]
# the bonus left open: the score is 78.99 and the range 78.99 – 79.99 (达标 only)
OPEN_SAMPLE = "7899/10000"
OPEN_RANGE = ("79.0", "79.9")

# score.yaml with 5.1.1.1 (30 points, low effort) not met and 5.1.1.2 at 4995/10000 of 20 points:
# 59.99 now, and fixing 5.1.1.1 alone gives 89.99 — enough for 达标 and 三星, not for 四星
UPGRADE_REPLIES = {
    "p.delivery": "yes",
    "e.legal": "yes",
    "s.law": "0",
    "s.rules": "0",
    "s.bonus": "no",
    "s.bonus2": "no",
    "5.1.1.1-a": "no",
    "5.1.1.2-a": "4995/10000",
    "5.1.1.3-a": "1",
    "5.2.1-i1-a": "1",
    "5.2.1-i2-a": "1",
}


def sampled_replies(sample: str, bonus: str | None = "no") -> dict[str, str]:
    """Replies to one_sampled.yaml; bonus None leaves the bonus question open (a range)."""
    replies = {"s.law": "0", "5.1.1.1-a": sample}
    if bonus is not None:
        replies["s.bonus"] = bonus
    return replies


def write_session(
    folder: Path, name: str, replies: dict[str, str], bank: str = ONE_SAMPLED
) -> Path:
    """A session file made by `interviewer run`, as a user would make it."""
    folder.mkdir(parents=True, exist_ok=True)
    src = folder.parent / f"answers-{name}.yaml"
    src.write_text("".join(f'"{k}": "{v}"\n' for k, v in replies.items()), encoding="utf-8")
    out = folder / f"{abs(hash((name, str(folder)))) % 16**32:032x}.json"
    code = cli.main(
        ["run", "--bank", bank, "--answers", str(src), "--out", str(out), "--name", name]
    )
    assert code == 0
    return out
