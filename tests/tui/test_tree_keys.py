"""The tag tree is a pane of its own: driven from the keyboard, counts never cut."""

from __future__ import annotations

import re
from pathlib import Path

from papertui.tui.choices import Kind
from tests.tui.pilot import reader, wait_until


def _cursor(r: object) -> str:
    node = r.tree.cursor_node  # type: ignore[attr-defined]
    assert node is not None
    return str(node.data.label)


async def test_number_keys_go_to_tree_list_and_pane(vault: Path) -> None:
    async with reader(vault) as r:
        await r.press("1")
        assert r.has_focus(r.tree)
        await r.press("3")
        assert r.has_focus(r.pane)
        await r.press("2")
        assert r.has_focus(r.paper_list)


async def test_j_and_k_move_the_tree_not_the_list(vault: Path) -> None:
    async with reader(vault) as r:
        before = r.current_title()
        await r.press("1")
        assert _cursor(r) == "All"
        await r.press("j", "j")
        assert _cursor(r) == "Starred"
        await r.press("k")
        assert _cursor(r) == "Unread"
        assert r.current_title() == before  # the list did not move


async def test_l_opens_a_tag_then_enters_it_and_h_comes_back(vault: Path) -> None:
    async with reader(vault) as r:
        await r.press("1", "end")
        while _cursor(r) != "ml":
            await r.press("k")
        node = r.tree.cursor_node
        assert node is not None
        assert not node.is_expanded
        await r.press("l")
        assert node.is_expanded
        await r.press("l")
        assert _cursor(r) == "diffusion"
        await r.press("h")
        assert _cursor(r) == "ml"
        await r.press("h")
        assert not node.is_expanded
        await r.press("right")
        assert node.is_expanded
        await r.press("left")
        assert not node.is_expanded


async def test_enter_on_a_tag_lists_its_papers_and_goes_to_the_list(vault: Path) -> None:
    async with reader(vault) as r:
        await r.press("1")
        while _cursor(r) != "3DGS":
            await r.press("j")
        await r.press("enter")
        assert r.has_focus(r.paper_list)
        await wait_until(r, lambda: r.main.view.filter.choice.kind is Kind.TAG, "the tag chosen")
        assert r.main.view.filter.choice.tag == "3DGS"
        await wait_until(r, lambda: len(r.titles()) == 2, "the tag's two papers")


async def test_counts_are_never_cut_in_a_narrow_tree(vault: Path) -> None:
    long_tag = "Talking Head Generation and Other Very Long Topics"
    (vault / "daily.2024.09.11.md").write_text(
        "---\nid: x\ntitle: '20240911'\ndesc: ''\nupdated: 1\ncreated: 1\n---\n\n"
        f"## A Paper Under A Long Tag\n#{long_tag.replace(' ', '_')}\n\n- ours\n",
        encoding="utf-8",
    )
    async with reader(vault, size=(80, 24)) as r:
        assert not r.tree.display or r.tree.size.width == 0  # hidden below 100 columns
        await r.press("1")
        assert r.has_focus(r.tree)
        lines = [line for line in r.tree_lines() if line]
        assert any("…" in line for line in lines), "the long tag is cut"
        for line in lines:
            assert re.search(r" \d+(\.\d+)?k?/\d+(\.\d+)?k?$", line), line
