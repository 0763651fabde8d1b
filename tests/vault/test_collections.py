"""Collections in the state file (schema 3): order, merging two stores, old files, bad entries."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from itertools import count
from pathlib import Path

import pytest

from papertui.vault.flags import Flag
from papertui.vault.state.collections import Collections, fold, memberships
from papertui.vault.state.schema import canonical_stamp
from papertui.vault.state.store import SCHEMA_VERSION, StateStore


def ticking(start: datetime = datetime(2026, 1, 1, tzinfo=UTC)) -> Callable[[], datetime]:
    """A clock that moves one second a call."""
    seconds = count()
    return lambda: start + timedelta(seconds=next(seconds))


SCHEMA_2 = (
    '{"version":2,"papers":{"arxiv:1":{"read":[true,"2026-01-01T00:00:00.000000+00:00"],'
    '"later":[true,"2026-01-01T00:00:01.000000+00:00"]}},"notes_seen":{"/v":["a.md"]}}\n'
)
SCHEMA_1 = (
    '{"version":1,"papers":{"arxiv:1":{"starred":[true,"2026-01-01T00:00:00.000000+00:00"]}},'
    '"notes_seen":{}}\n'
)


@pytest.mark.parametrize("text", [SCHEMA_1, SCHEMA_2])
def test_old_files_open_without_collections_and_save_as_schema_3(tmp_path: Path, text: str) -> None:
    path = tmp_path / "state.json"
    path.write_text(text)
    store = StateStore.load(path)
    assert (store.read_only, store.messages) == (False, [])
    assert store.collection_names() == []
    assert store.keys_with(Flag.READ) | store.keys_with(Flag.STARRED) == {"arxiv:1"}
    store.collect("To read", ["arxiv:1"])
    assert store.save()
    document = json.loads(path.read_text())
    assert document["version"] == SCHEMA_VERSION == 3
    assert list(document["collections"]) == ["To read"]
    assert StateStore.load(path).collection("to read") == ["arxiv:1"]


def test_a_collection_keeps_the_users_order_and_moves(tmp_path: Path) -> None:
    store = StateStore.load(tmp_path / "state.json", clock=ticking())
    store.collect("Survey", ["c", "a", "b"])
    store.collect("survey", ["a", "d"])  # a is in already: only d is added, at the end
    assert store.collection("SURVEY") == ["c", "a", "b", "d"]
    assert store.move_in_collection("Survey", "d", -1)
    assert store.move_in_collection("Survey", "c", 1)
    assert not store.move_in_collection("Survey", "d", 5)
    assert store.collection("Survey") == ["a", "c", "d", "b"]
    assert not store.move_in_collection("Survey", "a", -1)  # already first
    store.save()
    assert StateStore.load(store.path).collection("survey") == ["a", "c", "d", "b"]


def test_two_stores_adding_to_one_collection_keep_both(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    first, second = StateStore.load(path), StateStore.load(path)
    first.collect("To read", ["arxiv:1", "arxiv:2"])
    second.collect("to read", ["arxiv:3"])
    second.collect("Ideas", ["arxiv:9"])
    assert first.save()
    assert second.save()
    first.collect("To read", ["arxiv:4"])
    assert first.save()
    final = StateStore.load(path)
    assert final.collection("to read") == ["arxiv:1", "arxiv:2", "arxiv:3", "arxiv:4"]
    assert final.collection_names() == ["Ideas", "To read"]  # the first making names it
    assert second.collection("to read") == ["arxiv:1", "arxiv:2", "arxiv:3"]  # merged in


def test_removals_deletions_and_renames_merge_too(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    setup = StateStore.load(path)
    setup.collect("To read", ["a", "b", "c"])
    setup.collect("Old", ["x"])
    assert setup.save()
    first, second = StateStore.load(path), StateStore.load(path)
    first.uncollect("To read", ["b"])
    first.delete_collection("Old")
    second.collect("To read", ["d"])
    assert second.rename_collection("To read", "Queue")
    assert first.save()
    assert second.save()
    final = StateStore.load(path)
    # The rename moved the papers its process saw (b among them) to the new name;
    # the old name is gone in both, the deletion of Old holds.
    assert final.collection_names() == ["Queue"]
    assert final.collection("queue") == ["a", "b", "c", "d"]
    assert final.collection("old") == final.collection("to read") == []


def test_an_addition_after_a_deletion_brings_the_collection_back(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    first, second = StateStore.load(path), StateStore.load(path)
    first.collect("Ideas", ["a"])
    assert first.save()
    second.delete_collection("Ideas")  # it never saw it: nothing to delete
    first.delete_collection("Ideas")
    assert first.save()
    again = StateStore.load(path)
    assert again.collection_names() == []
    again.collect("ideas", ["b"])
    assert again.save()
    assert StateStore.load(path).collection("Ideas") == ["b"]


def test_a_clock_that_goes_back_never_loses_a_change(tmp_path: Path) -> None:
    late = datetime(2030, 1, 1, tzinfo=UTC)
    store = StateStore.load(tmp_path / "state.json", clock=lambda: late)
    store.collect("X", ["a"])
    store.save()
    early = StateStore.load(store.path, clock=lambda: datetime(2020, 1, 1, tzinfo=UTC))
    early.uncollect("X", ["a"])
    early.save()
    assert StateStore.load(store.path).collection("x") == []


def test_bad_entries_are_left_out_and_counted() -> None:
    stamp = "2026-01-01T00:00:00.000000+00:00"
    raw = {
        "Good": {"alive": [True, stamp], "papers": {"a": [True, 1, stamp], "b": ["yes", 1, 2]}},
        "No stamp": {"alive": [True, "then"], "papers": {}},
        "": {"alive": [True, stamp]},
        "Shape": [1, 2],
    }
    collections, bad = Collections.from_json(raw, canonical_stamp)
    assert bad == 3
    assert collections.names() == ["Good"]
    assert collections.keys("good") == ["a"]
    assert Collections.from_json("nonsense", canonical_stamp)[1] == 1


def test_a_file_with_a_bad_collection_keeps_its_flags(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text(
        '{"version":3,"papers":{"arxiv:1":{"read":[true,"2026-01-01T00:00:00.000000+00:00"]}},'
        '"notes_seen":{},"collections":{"X":{"alive":"no"}}}'
    )
    store = StateStore.load(path)
    assert store.keys_with(Flag.READ) == {"arxiv:1"}
    assert store.collection_names() == []
    assert any("unreadable entries" in message for message in store.messages)


def test_names_fold_case_and_spaces_and_records_list_memberships(tmp_path: Path) -> None:
    assert fold("  To   Read ") == fold("to read")
    store = StateStore.load(tmp_path / "state.json")
    store.collect("To read", ["a", "b"])
    store.collect("Ideas", ["b"])
    assert memberships(store) == {"a": ["To read"], "b": ["Ideas", "To read"]}
    with pytest.raises(ValueError, match="name"):
        store.collect("   ", ["a"])


def test_a_merge_reports_the_papers_whose_collections_another_store_changed(
    tmp_path: Path,
) -> None:
    path = tmp_path / "state.json"
    first, second = StateStore.load(path), StateStore.load(path)
    first.collect("To read", ["a"])
    assert first.save()
    second.mark(["z"], Flag.READ)
    assert second.save()
    assert second.last_merge == {"a"}  # the reader repaints and recounts for it
    assert second.collection("to read") == ["a"]
