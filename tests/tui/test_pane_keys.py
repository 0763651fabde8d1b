"""The pane's own keys: find (highlight, count, n/N), folded blocks, outline, links, width."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette

from papertui.config import Config
from papertui.tui.pane_renders import RenderJob
from papertui.tui.screens.annotate import AnnotationScreen
from papertui.tui.widgets.paper_view import PaperView
from tests.tui.pane_notes import LONG_URL, write_pane_vault
from tests.tui.pilot import Reader, reader, text

TITLE = "Retrieval Heads Read Long Videos"


@pytest.fixture
def pane_vault(tmp_path: Path) -> Path:
    return write_pane_vault(tmp_path / "pane")


async def _on(r: Reader, title: str) -> None:
    index = next(n for n, paper in enumerate(r.paper_list.rows) if paper.title.startswith(title))
    r.paper_list.move_to(index)
    await r.settle()
    assert r.pane.shown is not None
    assert r.pane.shown.title.startswith(title)


def _said(r: Reader) -> str:
    return " ".join(r.pane_text().split())


async def test_the_ol_summary_reads_in_full_and_numbered(pane_vault: Path) -> None:
    async with reader(pane_vault) as r:
        await _on(r, TITLE)
        said = r.pane_text()
        assert "1 标题：检索头阅读长视频" in said
        assert "（2）方法：只用少数注意力头。" in said
        assert "4 结论：头越少越快。" in said
        assert "<" not in said


async def test_details_open_and_close_with_a_key(pane_vault: Path) -> None:
    async with reader(pane_vault) as r:
        await _on(r, TITLE)
        assert "▸ 点此查看论文截图 · 2 images" in r.pane_text()
        assert "image 1" not in r.pane_text()
        r.pane.focus()
        await r.press("d")
        assert "▾ 点此查看论文截图 · 2 images" in r.pane_text()
        assert "image 1" in r.pane_text()
        await r.press("d")
        assert "image 1" not in r.pane_text()


async def test_find_lights_every_match_counts_and_steps(pane_vault: Path) -> None:
    async with reader(pane_vault, size=(120, 30)) as r:
        await _on(r, TITLE)
        r.pane.focus()
        await r.press("slash", *"notes on")
        height = r.pane.scrollable_content_region.height
        assert text(r.pane.render_line(height - 1)).startswith("find: notes on▏  1 of 2")
        await r.press("enter")
        assert r.pane.finding
        first = r.pane.scroll_offset.y
        await r.press("n")
        assert text(r.pane.render_line(height - 1)).startswith("find: notes on  2 of 2")
        assert r.pane.scroll_offset.y >= first
        await r.press("N")
        assert "1 of 2" in text(r.pane.render_line(height - 1))
        await r.press("escape")
        assert not r.pane.finding
        assert r.main.wanted.text == ""  # Esc closed the find, not the list's filter


async def test_n_without_a_find_annotates_the_paper(pane_vault: Path) -> None:
    async with reader(pane_vault) as r:
        await _on(r, "Bar Charts")
        r.pane.focus()
        await r.press("n")
        assert isinstance(r.top, AnnotationScreen)
        await r.press("escape")
        assert r.on_top(r.main)
        before = r.paper_list.cursor
        await r.press("J")  # next unread, from the pane too
        assert r.paper_list.cursor != before


async def test_ctrl_f_finds_from_the_list(pane_vault: Path) -> None:
    async with reader(pane_vault) as r:
        await _on(r, TITLE)
        r.paper_list.focus()
        await r.press("ctrl+f", *"ego4d")
        assert r.has_focus(r.pane)
        height = r.pane.scrollable_content_region.height
        assert "1 of 1" in text(r.pane.render_line(height - 1))


async def test_outline_goes_to_a_heading(pane_vault: Path) -> None:
    async with reader(pane_vault, size=(100, 20)) as r:
        await _on(r, TITLE)
        titles = [title for title, _line in r.pane.outline]
        assert "Notes on the results" in titles
        r.pane.focus()
        await r.press("O")
        assert isinstance(r.top, CommandPalette)
        await r.press(*"results", "enter")
        line = dict(r.pane.outline)["Notes on the results"]
        top = r.pane.scroll_offset.y
        assert top <= line < top + r.pane.scrollable_content_region.height


async def test_links_show_their_text_and_y_copies_the_address(
    pane_vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with reader(pane_vault) as r:
        await _on(r, TITLE)
        said = _said(r)
        assert "example.org/…/figure-7-full-resolution.png" in said
        assert LONG_URL not in said
        r.pane.focus()
        copied: list[str] = []
        monkeypatch.setattr(r.app, "copy_to_clipboard", copied.append)
        await r.press("y")
        assert copied
        assert copied[0].startswith("http")


async def test_text_is_no_wider_than_the_config_says(pane_vault: Path) -> None:
    async with reader(pane_vault, size=(200, 40), config=Config(max_text_width=60)) as r:
        await _on(r, TITLE)
        widths = [len(text(line).rstrip()) for line in r.pane.lines]
        assert max(widths) <= 60


async def test_math_reads_as_unicode_in_the_list_title_and_pane(pane_vault: Path) -> None:
    async with reader(pane_vault) as r:
        await _on(r, "I$^2$OL-Net")
        assert any("I²OL-Net: α-blend Layers" in line for line in r.list_lines())
        assert r.pane_text().startswith("I²OL-Net: α-blend Layers for 𝒪(n) Attention")
        assert "costs 𝒪(n) with α-blend" in _said(r)


async def test_the_next_paper_is_rendered_ahead(
    pane_vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with reader(pane_vault) as r:
        await _on(r, "Bar Charts")
        following = r.paper_list.rows[r.paper_list.cursor + 1]
        rendered_on_demand: list[str] = []
        original = PaperView._render_paper

        def spy(self: PaperView, job: RenderJob) -> object:
            rendered_on_demand.append(job.paper.title)
            return original(self, job)

        monkeypatch.setattr(PaperView, "_render_paper", spy)
        await r.press("j")
        assert r.pane.shown is following
        assert rendered_on_demand == []  # it was ready: no render when j was pressed


def test_exports_keep_the_math_as_written(
    pane_vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from papertui.cli import main

    assert main(["list", "--json", str(pane_vault)]) == 0
    out = capsys.readouterr().out
    assert "I$^2$OL-Net: $\\\\alpha$-blend" in out  # JSON escapes the backslash
    assert "I²OL-Net" not in out
