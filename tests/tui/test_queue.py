"""The reading queue and dismissal: ``w``, ``d``, the Later entry, Unread less the dismissed."""

from __future__ import annotations

import json
from pathlib import Path

from papertui.tui.choices import Choice
from papertui.tui.messages import GoToTag
from papertui.vault.flags import Flag
from papertui.vault.state.store import SCHEMA_VERSION
from tests.tui.pilot import Reader, reader


def _entry(r: Reader, label: str) -> Choice:
    return next(choice for choice in r.tree.choices if choice.label == label)


async def _counts_settle(r: Reader) -> None:
    await r.pilot.pause(0.3)  # the counts follow a moment after the rows
    await r.settle()


async def test_w_queues_and_later_lists_the_queue_oldest_first(vault: Path) -> None:
    async with reader(vault) as r:
        store = r.main.store
        assert store is not None
        titles = r.titles()
        await r.press("j", "j", "w")  # the third paper first
        await r.press("g", "w")  # then the first
        assert store.keys_with(Flag.LATER) == {r.main.papers[0].key, r.main.papers[2].key}
        assert r.list_lines()[0].startswith(" ◷ ")
        assert r.list_lines()[1].startswith("   ")
        assert "◷ later · unread" in r.pane_text()
        later = _entry(r, "Later")
        r.main.post_message(GoToTag(later))
        await r.settle()
        assert r.titles() == [titles[2], titles[0]]  # as queued, not newest first
        assert r.sub_title.startswith("vault · Later — 2 of")
        await _counts_settle(r)
        assert r.main.counts.of(later) == (2, 2)
        assert any(line.startswith("Later 2/2") for line in r.tree_lines())
        await r.press("g", "w")  # the oldest off the queue again
        assert not store.has(r.main.papers[2].key, Flag.LATER)
        await _counts_settle(r)
        assert r.main.counts.of(later) == (1, 1)
        await r.press("z")  # undo puts it back
        assert store.has(r.main.papers[2].key, Flag.LATER)


async def test_d_dismisses_out_of_unread_and_keeps_the_paper(vault: Path) -> None:
    async with reader(vault) as r:
        store = r.main.store
        assert store is not None
        first = r.main.papers[0]
        total = len(r.titles())
        unread = _entry(r, "Unread")
        await _counts_settle(r)
        assert r.main.counts.of(unread) == (total, total)
        await r.press("d")
        assert store.has(first.key, Flag.DISMISSED)
        assert not store.has(first.key, Flag.READ)  # dismissed, not read
        assert r.pane_text().count("dismissed") == 1
        assert "unread" not in r.pane_text().splitlines()[2]
        await _counts_settle(r)
        assert r.main.counts.of(unread) == (total - 1, total - 1)
        r.main.post_message(GoToTag(unread))
        await r.settle()
        assert first.title not in r.titles()
        await r.press("slash", *"is:dismissed", "enter")
        assert r.titles() == []  # Unread and is:dismissed: none
        await r.press("escape")  # clear the filter, back to All
        r.main.post_message(GoToTag(_entry(r, "All")))
        await r.settle()
        assert len(r.titles()) == total  # never deleted
        await r.press("slash", *"is:dismissed", "enter")
        assert r.titles() == [first.title]
        await r.press("d")  # brought back
        assert not store.has(first.key, Flag.DISMISSED)
        await _counts_settle(r)
        assert r.main.counts.of(unread) == (1, 1)  # back in Unread (the filter still holds it)


async def test_the_new_flags_are_saved_as_schema_2(vault: Path, tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    async with reader(vault, state=state) as r:
        await r.press("w", "j", "d")
        r.main.feed.save_now()
    document = json.loads(state.read_text())
    assert document["version"] == SCHEMA_VERSION == 3
    flags = [sorted(marks) for marks in document["papers"].values()]
    assert sorted(flags) == [["dismissed"], ["later"]]
