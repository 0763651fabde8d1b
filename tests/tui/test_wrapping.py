"""CJK text wraps by cell width, keeping Latin words and closing punctuation in place."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st
from rich._wrap import divide_line as rich_divide_line

from papertui.tui.wrapping import divide_line


def lines(text: str, width: int) -> list[str]:
    breaks = [0, *divide_line(text, width), len(text)]
    return [text[a:b] for a, b in pairwise(breaks)]


def test_latin_words_are_never_split_between_cjk() -> None:
    text = (
        "我们提出了一种基于CLIP的方法，用于图像生成；采样时间更短。结果表明GaussianSplatting很好！"
    )
    shown = lines(text, 20)
    assert "".join(shown) == text
    assert any("CLIP" in line for line in shown)
    assert any("GaussianSplatting" in line for line in shown)
    for line in shown:
        assert line[0] not in "。，；：！？）"


def test_a_closing_mark_goes_with_the_character_before_it() -> None:
    # Width 8 ends the line right before "；": the mark moves down with "成".
    shown = lines("一二三四五六七成；八九", 16)
    assert shown[0] == "一二三四五六七"
    assert shown[1].startswith("成；")


@given(st.text(alphabet="abc de\n-", max_size=60), st.integers(min_value=1, max_value=30))
def test_text_without_wide_characters_wraps_as_rich_does(text: str, width: int) -> None:
    assert divide_line(text, width) == rich_divide_line(text, width)
