"""Saved searches (config and b) in the tree with counts; the tree as it was left, remembered."""

from __future__ import annotations

import json
from pathlib import Path

from papertui.config import Config
from papertui.tui.choices import Kind
from papertui.tui.palette import TagProvider
from papertui.tui.remembered import Remembered, load, path_beside, save
from papertui.tui.screens.name import NameScreen
from tests.tui.pilot import Reader, reader, wait_until

CONFIG = Config(searches={"Gaussians": "gauss", "Broken": "tag:"})


def _labels(r: Reader) -> list[str]:
    return [line for line in r.tree_lines() if line]


def _at(r: Reader) -> str:
    node = r.tree.cursor_node
    return node.data.label if node is not None and node.data is not None else ""


async def test_config_searches_are_tree_entries_with_live_counts(vault: Path) -> None:
    async with reader(vault, config=CONFIG) as r:
        await wait_until(r, lambda: "⌕ Gaussians 2/2" in _labels(r), "the search's counts")
        assert "⌕ Broken 0/0" in _labels(r)  # a query that cannot be parsed shows nothing
        await r.press("1")
        while _at(r) != "Gaussians":
            await r.press("j")
        await r.press("enter")
        await wait_until(r, lambda: len(r.titles()) == 2, "the search's papers")
        assert r.main.wanted.choice.kind is Kind.SEARCH
        await r.press("s")  # counts follow the flags
        await wait_until(r, lambda: "⌕ Gaussians 2/2" in _labels(r), "still two")
        found = [hit.text async for hit in TagProvider(r.main).search("gaus")]
        assert "Gaussians" in found


async def test_b_saves_the_filter_and_delete_forgets_it(vault: Path, tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    async with reader(vault, state=state) as r:
        await r.press("b")  # nothing to save yet
        assert r.on_top(r.main)
        await r.press("slash", *"sparse", "enter", "b")
        assert isinstance(r.top, NameScreen)
        await r.press("ctrl+u", *"Voxels", "enter")
        assert r.on_top(r.main)
        await wait_until(r, lambda: "⌕ Voxels 1/1" in _labels(r), "the saved search")
    remembered, problem = load(path_beside(state))
    assert problem is None
    assert dict(remembered.searches) == {"Voxels": "sparse"}
    async with reader(vault, state=state) as r:
        await wait_until(r, lambda: "⌕ Voxels 1/1" in _labels(r), "kept across sessions")
        await r.press("1")
        while _at(r) != "Voxels":
            await r.press("j")
        await r.press("delete")
        await wait_until(r, lambda: not any("Voxels" in line for line in _labels(r)), "gone")
    assert dict(load(path_beside(state))[0].searches) == {}


async def test_open_tags_and_the_last_node_are_remembered(vault: Path, tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    async with reader(vault, state=state) as r:
        await r.press("1", "end")
        while _at(r) != "ml":
            await r.press("k")
        await r.press("l", "l", "enter")  # open ml, go to ml/diffusion, list it
        await wait_until(r, lambda: r.main.wanted.choice.tag == "ml/diffusion", "chosen")
    remembered, _ = load(path_beside(state))
    assert remembered.node == ("tag", "ml/diffusion")
    assert "ml" in remembered.expanded
    async with reader(vault, state=state) as r:
        await wait_until(r, lambda: r.main.wanted.choice.tag == "ml/diffusion", "restored")
        assert r.titles() == ["Region Editing by Words"]
        node = r.tree.cursor_node
        assert node is not None
        assert node.data is not None
        assert node.data.tag == "ml/diffusion"


def test_a_broken_reader_state_is_reported_and_replaced(tmp_path: Path) -> None:
    path = path_beside(tmp_path / "state.json")
    assert path.name == "state.reader.json"
    path.write_text("{not json")
    remembered, problem = load(path)
    assert remembered == Remembered()
    assert problem is not None
    assert "could not be read" in problem
    path.write_text(json.dumps({"version": 1, "expanded": "ml"}))
    assert load(path)[1] is not None
    assert save(path, Remembered().with_search("a", "b")) is None
    assert dict(load(path)[0].searches) == {"a": "b"}
