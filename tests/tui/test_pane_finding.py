"""Find in the pane: matches as cell ranges (CJK is two cells), lit over the text's colours."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from papertui.tui.widgets.pane_finding import Find, Match, find_matches, lit


def strips(*lines: str) -> list[Strip]:
    return [Strip([Segment(line, Style(color="red"))]) for line in lines]


def test_matches_are_cell_ranges_case_insensitive() -> None:
    lines = strips("基于CLIP的方法 clip", "nothing", "CLIP")
    assert find_matches(lines, "clip") == [Match(0, 4, 8), Match(0, 15, 19), Match(2, 0, 4)]
    assert find_matches(lines, "") == []


def test_step_wraps_and_the_status_counts() -> None:
    find = Find(text="clip")
    find.search(strips("clip", "x", "clip clip"), near=1)
    assert find.current == 1
    assert find.status == "find: clip▏  2 of 3"
    assert find.step(1) == Match(2, 5, 9)
    assert find.step(1) == Match(0, 0, 4)
    find.typing = False
    assert find.status == "find: clip  1 of 3"
    find.text = "zzz"
    find.search(strips("clip"))
    assert find.status.endswith("no match")


def test_typing_edits_the_text() -> None:
    find = Find()
    assert find.type_key("a", "a")
    assert find.type_key("b", "b")
    assert find.type_key("backspace", None)
    assert not find.type_key("f1", None)
    assert find.text == "a"
    assert find.type_key("enter", None)
    assert not find.typing


def test_lit_puts_the_match_style_over_the_text() -> None:
    line = strips("a clip b")[0]
    matches = [(Match(0, 2, 6), True)]
    shown = lit(line, matches, Style(bgcolor="yellow"), Style(bgcolor="green"))
    assert shown.text == "a clip b"
    middle = next(segment for segment in shown if segment.text == "clip")
    assert middle.style is not None
    assert middle.style.bgcolor is not None
    assert middle.style.bgcolor.name == "green"
    assert middle.style.color is not None
    assert middle.style.color.name == "red"
