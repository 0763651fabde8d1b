"""Note text is data: markup shows literally and control characters never reach the terminal."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette
from textual.widgets._header import HeaderTitle

from papertui.tui.palette import PaperProvider, TagProvider
from tests.tui.conftest import INJECTION_TITLES
from tests.tui.pilot import reader, text, wait_until

HOSTILE_NOTE = (
    "---\ntitle: Hostile\ndate: 2024-09-28 08:00:00\ncategories: Paper\ntags:\n"
    "    - '[red]oops'\n---\n\n# 2024-09-28 更新\n\n"
    "## Bell\x07 and \x1b[31mred\x1b[0m title\n\n**Authors:[b]Mallory[/b], Trent**\n\n"
    "Text with [link](javascript:alert(1)) and [@click=app.quit]click me and \x1b]0;pwned\x07.\n\n"
    "[PDF](http://arxiv.org/abs/2409.00099v1)\n"
)


async def test_markup_in_titles_shows_literally_in_list_and_pane(vault: Path) -> None:
    async with reader(vault) as r:
        painted = "\n".join(r.list_lines())
        for title in INJECTION_TITLES:
            assert title in painted
        for title in INJECTION_TITLES:
            r.paper_list.select_key(next(p.key for p in r.main.papers if p.title == title))
            await r.settle()
            assert r.pane_text().splitlines()[0] == title
        assert r.app.is_running  # "[@click=app.quit]x" did nothing


async def test_hostile_note_in_tree_pane_header_and_palette(vault: Path) -> None:
    (vault / "hostile.md").write_text(HOSTILE_NOTE, encoding="utf-8")
    async with reader(vault) as r:

        def painted_tree() -> list[str]:
            return [text(r.tree.render_line(y)) for y in range(r.tree.size.height)]

        # Each step waits for the state it checks (never a fixed sleep): the counts follow
        # the rows after a timer, the pane and the filter work in workers, and the header
        # shows the sub-title a message later. A loaded machine is slow at all of them.
        await wait_until(r, lambda: "[red]oops" in [c.label for c in r.tree.choices], "the tag")
        await wait_until(
            r, lambda: any("[red]oops 1/1" in line for line in painted_tree()), "its counts"
        )
        await wait_until(
            r, lambda: r.pane.shown is not None and r.pane.shown is r.main.current, "the pane"
        )
        paper = r.main.current
        assert paper is not None
        assert "Bell" in paper.title
        pane = r.pane_text()
        assert "\x1b" not in pane
        assert "\x07" not in pane
        assert "[b]Mallory[/b]" in pane
        assert "[@click=app.quit]click me" in pane
        assert "\x1b" not in "".join(r.list_lines())

        await r.press("slash", *"[bold]x")
        await wait_until(r, lambda: r.main.view.filter.text == "[bold]x", "the filtered rows")
        header = r.main.query_one(HeaderTitle)
        await wait_until(
            r,
            lambda: "'[bold]x'" in header.render().plain,  # type: ignore[union-attr]
            "the query, literally, in the sub-title",
        )
        await r.press("escape", "escape")

        await r.press("ctrl+p")
        palette = r.app.screen
        assert isinstance(palette, CommandPalette)
        tags = TagProvider(r.main)
        found = [hit async for hit in tags.search("oops")]
        assert [hit.text for hit in found] == ["[red]oops"]
        assert found[0].prompt.plain == "[red]oops"  # type: ignore[union-attr]
        papers = PaperProvider(r.main)
        hits = [hit async for hit in papers.search("bold")]
        assert any(hit.prompt.plain == "[bold]x" for hit in hits)  # type: ignore[union-attr]
        await r.press("escape")
