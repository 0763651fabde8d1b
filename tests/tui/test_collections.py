"""Collections in the reader: c with completion, the tree entries, the user's order, delete."""

from __future__ import annotations

from pathlib import Path

from papertui.tui.choices import Kind
from papertui.tui.screens.confirm import ConfirmScreen
from papertui.tui.screens.name import NameScreen
from papertui.vault.state.store import StateStore
from tests.tui.pilot import Reader, reader, wait_until


def _labels(r: Reader) -> list[str]:
    return [line.strip() for line in r.tree_lines() if line]


def _shows(r: Reader, text: str) -> bool:
    """A line of the tree holds ``text`` (after its guides)."""
    return any(text in line for line in _labels(r))


def _store(r: Reader) -> StateStore:
    store = r.main.store
    assert store is not None
    return store


def _told(r: Reader) -> list[str]:
    return [n.message for n in r.app._notifications]


async def _collect(r: Reader, name: str, *keys: str) -> None:
    await r.press("c")
    await wait_until(r, lambda: isinstance(r.top, NameScreen), "the collect dialog")
    await r.press(*name, *keys, "enter")


async def test_collect_makes_a_tree_entry_listing_papers_in_the_users_order(
    vault: Path,
) -> None:
    async with reader(vault) as r:
        titles = r.titles()
        await r.press("j", "j")
        await _collect(r, "Reading")
        await r.press("g")
        await _collect(r, "rea", "tab")  # completion: Tab takes the known name
        assert r.on_top(r.main)
        rows = r.paper_list.rows
        assert _store(r).collection("reading") == [rows[2].key, rows[0].key]
        await wait_until(r, lambda: _shows(r, "≡ Reading 2/2"), "the collection's entry")
        assert _shows(r, "Collections 2/2")
        await r.choose("Reading")
        await wait_until(r, lambda: len(r.titles()) == 2, "the collection's papers")
        assert r.main.wanted.choice.kind is Kind.COLLECTION
        assert r.titles() == [titles[2], titles[0]]  # as collected, not newest first
        await r.press("g", "alt+down")  # reorder from the keyboard
        await wait_until(r, lambda: r.titles() == [titles[0], titles[2]], "the new order")
        assert r.current_title() == titles[2]  # the cursor went with the paper
        await r.press("ctrl+up")
        await wait_until(r, lambda: r.titles() == [titles[2], titles[0]], "the order back")


async def test_completion_takes_a_known_name_with_tab(vault: Path) -> None:
    async with reader(vault) as r:
        await _collect(r, "Reading list")
        await r.press("j", "c")
        await wait_until(r, lambda: isinstance(r.top, NameScreen), "the collect dialog")
        await r.press(*"read", "tab", "enter")
        assert r.on_top(r.main)
        assert len(_store(r).collection("Reading list")) == 2
        assert _store(r).collection_names() == ["Reading list"]


async def test_collecting_a_paper_already_in_offers_to_take_it_out(vault: Path) -> None:
    async with reader(vault) as r:
        key = r.paper_list.rows[0].key
        await _collect(r, "Ideas")
        await _collect(r, "ideas")
        await wait_until(r, lambda: isinstance(r.top, ConfirmScreen), "the offer to take out")
        await r.press("y")
        assert _store(r).collection("Ideas") == []
        assert any("taken out of 'Ideas'" in told or "Taken out" in told for told in _told(r))
        await r.press("z")  # one undo puts it back
        assert _store(r).collection("Ideas") == [key]


async def test_the_filter_language_selects_a_collection(vault: Path) -> None:
    async with reader(vault) as r:
        await r.press("v", "v")
        await _collect(r, "To read")
        await r.press("escape", "slash", *'in:"to read"', "enter")
        await wait_until(r, lambda: len(r.titles()) == 2, "the collection's papers")
        r.main.filter_bar.set_text("collection:nothing")
        await wait_until(r, lambda: not r.titles(), "no such collection")


async def test_delete_in_the_tree_asks_then_deletes_and_z_brings_it_back(vault: Path) -> None:
    async with reader(vault) as r:
        await r.press("v", "v", "v")
        await _collect(r, "Gone soon")
        await r.press("escape")
        keys = _store(r).collection("gone soon")
        await wait_until(r, lambda: _shows(r, "≡ Gone soon 3/3"), "the entry")
        await r.choose("Gone soon")
        await r.press("1", "delete")
        await wait_until(r, lambda: isinstance(r.top, ConfirmScreen), "the question")
        await r.press("y")
        assert _store(r).collection_names() == []
        await wait_until(r, lambda: not any("Gone soon" in x for x in _labels(r)), "no entry")
        assert r.main.wanted.choice.kind is Kind.ALL
        await r.press("2", "z")
        assert _store(r).collection("gone soon") == keys


async def test_collections_are_saved_and_read_back(vault: Path, tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    async with reader(vault, state=state) as r:
        await _collect(r, "Kept")
        key = r.paper_list.rows[0].key
        r.main.feed.save_now()
    assert StateStore.load(state).collection("kept") == [key]
    async with reader(vault, state=state) as r:
        await wait_until(r, lambda: _shows(r, "≡ Kept 1/1"), "the entry again")
