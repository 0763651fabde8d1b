"""Marking several papers (v, V, Esc) and the verbs acting on the marked set with one undo."""

from __future__ import annotations

from pathlib import Path

from papertui.tui.screens.export import ExportScreen
from papertui.tui.screens.name import NameScreen
from papertui.vault.flags import Flag
from tests.tui.pilot import Reader, reader, wait_until


def _told(r: Reader) -> list[str]:
    return [n.message for n in r.app._notifications]


def _store(r: Reader):  # type: ignore[no-untyped-def]
    store = r.main.store
    assert store is not None
    return store


async def test_v_marks_and_moves_down_and_the_list_shows_the_mark(vault: Path) -> None:
    async with reader(vault) as r:
        keys = [paper.key for paper in r.paper_list.rows]
        await r.press("v", "v")
        assert r.main.marks.keys == tuple(keys[:2])
        assert r.paper_list.cursor == 2
        lines = r.list_lines()
        assert lines[0].startswith("▌")
        assert lines[1].startswith("▌")
        assert not lines[2].startswith("▌")
        assert "2 marked" in r.sub_title
        await r.press("k", "v")  # unmark the second
        assert r.main.marks.keys == (keys[0],)
        assert "1 marked" in r.sub_title


async def test_capital_v_marks_every_paper_in_the_filter_and_again_unmarks(vault: Path) -> None:
    async with reader(vault) as r:
        await r.press("slash", *"gauss", "enter")
        shown = [paper.key for paper in r.paper_list.rows]
        assert 0 < len(shown) < r.main.index.__len__()
        await r.press("V")
        assert set(r.main.marks) == set(shown)
        assert f"{len(shown)} marked" in r.sub_title
        await r.press("V")
        assert not r.main.marks
        assert "marked" not in r.sub_title


async def test_star_acts_on_the_marked_set_with_the_count_and_one_undo(vault: Path) -> None:
    async with reader(vault) as r:
        await r.press("V")
        count = len(r.main.marks)
        assert count >= 5
        await r.press("s")
        store = _store(r)
        assert store.keys_with(Flag.STARRED) == frozenset(r.main.marks)
        assert any(f"{count} papers starred" in told for told in _told(r))
        await r.press("r")
        assert len(store.keys_with(Flag.READ)) == count
        await r.press("z")  # one undo takes back the whole batch of read
        assert not store.keys_with(Flag.READ)
        assert len(store.keys_with(Flag.STARRED)) == count
        await r.press("z")
        assert not store.keys_with(Flag.STARRED)


async def test_escape_clears_the_marks_before_the_filter(vault: Path) -> None:
    async with reader(vault) as r:
        await r.press("slash", *"gauss", "enter", "v")
        assert r.main.marks
        await r.press("escape")
        assert not r.main.marks
        assert r.main.wanted.text == "gauss"
        await r.press("escape")
        assert r.main.wanted.text == ""


async def test_without_marks_verbs_act_on_the_paper_under_the_cursor(vault: Path) -> None:
    async with reader(vault) as r:
        await r.press("v", "escape", "s")
        assert len(_store(r).keys_with(Flag.STARRED)) == 1


async def test_export_offers_the_marked_papers_first(vault: Path) -> None:
    async with reader(vault) as r:
        await r.press("v", "v", "e")
        await wait_until(r, lambda: isinstance(r.top, ExportScreen), "the export dialog")
        dialog = r.top
        assert isinstance(dialog, ExportScreen)
        assert dialog._what == "marked"
        assert len(dialog._papers["marked"]) == 2


async def test_c_collects_the_marked_papers_in_one_undoable_batch(vault: Path) -> None:
    async with reader(vault) as r:
        keys = [paper.key for paper in r.paper_list.rows]
        await r.press("v", "v", "v", "c")
        await wait_until(r, lambda: isinstance(r.top, NameScreen), "the collect dialog")
        await r.press(*"To read", "enter")
        store = _store(r)
        assert store.collection("to read") == keys[:3]
        assert any("3 papers added to 'To read'" in told for told in _told(r))
        await r.press("z")
        assert store.collection("to read") == []


async def test_t_tags_every_marked_paper_with_the_count_and_one_undo(vault: Path) -> None:
    async with reader(vault) as r:
        await r.press("v", "v", "v")
        marked = r.main.marks.keys
        assert len(marked) == 3
        await r.press("t", *"batch", "enter")
        store = _store(r)
        assert all(store.user_tags(key) == ("batch",) for key in marked)
        assert any("3 papers tagged +batch" in told for told in _told(r))
        await r.press("t", *"batch", "enter")  # every marked paper has it: it comes off all
        assert all(store.user_tags(key) == () for key in marked)
        await r.press("z")  # one undo puts it back on all three
        assert all(store.user_tags(key) == ("batch",) for key in marked)
        await r.press("z")
        assert all(store.user_tags(key) == () for key in marked)
