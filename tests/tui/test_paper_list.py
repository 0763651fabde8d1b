"""The virtual paper list on its own: rows, cursor, messages, and only visible rows painted."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.message import Message

from papertui.tui.widgets.paper_list import PaperList
from papertui.vault.flags import NO_FLAGS, Flag, Flags
from papertui.vault.paper import Paper
from papertui.vault.state.store import StateStore
from tests.tui.conftest import make_paper
from tests.tui.pilot import text


class ListApp(App[None]):
    CSS_PATH = "../../papertui/tui/app.tcss"

    def __init__(self, flags: Flags) -> None:
        super().__init__()
        self.flags = flags
        self.seen: list[Message] = []

    def compose(self) -> ComposeResult:
        yield PaperList(flags=self.flags)

    def on_paper_list_highlighted(self, message: PaperList.Highlighted) -> None:
        self.seen.append(message)

    def on_paper_list_selected(self, message: PaperList.Selected) -> None:
        self.seen.append(message)


def rows(count: int) -> list[Paper]:
    return [make_paper(i, appearances=1 + i % 3) for i in range(count)]


def painted(widget: PaperList) -> list[str]:
    return [text(widget.render_line(y)) for y in range(widget.size.height)]


async def test_rows_show_star_day_title_and_appearances(tmp_path: Path) -> None:
    flags = StateStore(tmp_path / "state.json")
    app = ListApp(flags)
    async with app.run_test(size=(80, 10)) as pilot:
        widget = app.query_one(PaperList)
        data = rows(20)
        flags.mark([data[1].key], Flag.STARRED)
        widget.show(data)
        await pilot.pause()
        lines = painted(widget)
        assert lines[0].startswith("   2024-09-30  Paper number 0 on sampling")
        assert lines[1].startswith(" ★ 2024-09-29  Paper number 1 on sampling")
        assert lines[1].rstrip().endswith("\N{MULTIPLICATION SIGN}2")
        assert all(len(line) == widget.scrollable_content_region.width for line in lines)


async def test_unread_rows_are_bold_and_matches_lit(tmp_path: Path) -> None:
    flags = StateStore(tmp_path / "state.json")
    app = ListApp(flags)
    async with app.run_test(size=(80, 6)) as pilot:
        widget = app.query_one(PaperList)
        data = [make_paper(0), make_paper(1)]
        flags.mark([data[1].key], Flag.READ)
        asked: list[str] = []

        def highlight(title: str) -> tuple[int, ...]:
            asked.append(title)
            return (0, 1) if title == data[0].title else ()

        widget.show(data, highlight=highlight)
        await pilot.pause()
        first = list(widget.render_line(0))
        second = list(widget.render_line(1))
        title_segments = [s for s in first if s.text.strip() == "Pa"]
        assert title_segments
        assert title_segments[0].style is not None
        assert title_segments[0].style.underline
        assert any(s.style and s.style.bold for s in first if "number 0" in s.text)
        assert not any(s.style and s.style.bold for s in second if "Paper" in s.text)
        assert sorted(set(asked)) == sorted(paper.title for paper in data)


async def test_long_and_wide_titles_are_cut_to_the_width() -> None:
    app = ListApp(NO_FLAGS)
    async with app.run_test(size=(40, 4)) as pilot:
        widget = app.query_one(PaperList)
        wide = make_paper(0, title="扩散模型" * 20)
        widget.show([wide], highlight=lambda title: (0, 1, 2))
        await pilot.pause()
        line = painted(widget)[0]
        assert "…" in line
        assert widget.render_line(0).cell_length == 40


async def test_cursor_keys_post_highlighted_and_enter_selects() -> None:
    app = ListApp(NO_FLAGS)
    async with app.run_test(size=(80, 10)) as pilot:
        widget = app.query_one(PaperList)
        data = rows(50)
        widget.show(data)
        widget.focus()
        await pilot.press("down", "down", "pagedown", "up", "end", "home", "enter")
        await pilot.pause()
        highlighted = [m for m in app.seen if isinstance(m, PaperList.Highlighted)]
        assert highlighted[-1].paper is data[0]
        assert isinstance(app.seen[-1], PaperList.Selected)
        assert app.seen[-1].paper is data[0]


async def test_replacing_rows_keeps_the_highlighted_paper() -> None:
    app = ListApp(NO_FLAGS)
    async with app.run_test(size=(80, 10)) as pilot:
        widget = app.query_one(PaperList)
        data = rows(100)
        widget.show(data)
        widget.move_to(40)
        await pilot.pause()
        widget.show(list(reversed(data)))
        await pilot.pause()
        assert widget.current is data[40]
        assert widget.cursor == 59
        top = widget.scroll_offset.y
        assert top <= 59 < top + widget.size.height


async def test_only_visible_rows_are_rendered(monkeypatch: pytest.MonkeyPatch) -> None:
    app = ListApp(NO_FLAGS)
    async with app.run_test(size=(80, 20)) as pilot:
        widget = app.query_one(PaperList)
        data = rows(2_000) * 75  # 150,000 rows
        calls: list[int] = []
        render_row = PaperList._render_row

        def counting(self: PaperList, paper: Paper, *args: object) -> object:
            calls.append(1)
            return render_row(self, paper, *args)  # type: ignore[arg-type]

        monkeypatch.setattr(PaperList, "_render_row", counting)
        widget.show(data)
        await pilot.pause()
        assert widget.virtual_size.height == 150_000
        assert 0 < len(calls) <= 3 * 20
        calls.clear()
        widget.focus()
        await pilot.press("end")
        assert widget.cursor == 149_999
        assert painted(widget)[-1].startswith(" ")
        assert len(calls) <= 3 * 20


async def test_empty_list_says_so() -> None:
    app = ListApp(NO_FLAGS)
    async with app.run_test(size=(40, 4)) as pilot:
        widget = app.query_one(PaperList)
        widget.empty_text = "No papers match."
        empty: Sequence[Paper] = []
        widget.show(empty)
        await pilot.pause()
        assert painted(widget)[0].strip() == "No papers match."
        assert widget.current is None
