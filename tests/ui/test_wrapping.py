"""Chinese is set with breaks between any two characters; Rich breaks only at spaces."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment

from interviewer.ui.widgets.transcript import Prose, break_offsets

GREETING = (
    "您好！我会按 GB/T 27922-2011《商品售后服务评价体系》一条一条问您企业的售后情况，"
    "最后告诉您大概能评到哪个星级。"
)


def lines(text: str, width: int) -> list[str]:
    console = Console(width=width)
    segments = console.render(Prose(text), console.options.update_width(width))
    return ["".join(s.text for s in line).rstrip() for line in Segment.split_lines(segments)]


def test_a_chinese_sentence_after_a_space_fills_the_line_instead_of_jumping_whole() -> None:
    out = lines(GREETING, 40)
    assert out[0].startswith("您好！我会按 GB/T 27922-2011《商品")
    assert all(cell_len(line) >= 36 for line in out[:-1])


def test_no_line_starts_with_closing_or_ends_with_opening_punctuation() -> None:
    for width in range(12, 60):
        for line in lines(GREETING + "（注：不适用时输入“不适用”）。", width):
            assert line[:1] not in "，。、；：？！”’）》", (width, line)
            assert line[-1:] not in "“‘（《", (width, line)


def test_english_still_breaks_at_spaces() -> None:
    text = "If it does not apply, type: na: reason. Deductions are counted separately."
    out = lines(text, 30)
    assert out == [
        "If it does not apply, type:",
        "na: reason. Deductions are",
        "counted separately.",
    ]


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(
        alphabet=st.sampled_from(list("售后服务评价，。《》“”（）abc XYZ-12/")), max_size=80
    ),
    width=st.integers(4, 50),
)
def test_breaks_keep_every_character_and_each_line_fits(text: str, width: int) -> None:
    offsets = break_offsets(text, width)
    assert offsets == sorted(set(offsets)) and all(0 < o < len(text) for o in offsets)
    for line in lines(text, width):
        assert cell_len(line) <= width
    pieces = [text[a:b] for a, b in zip([0, *offsets], [*offsets, len(text)], strict=True)]
    assert "".join(pieces) == text
