"""The state file's schema: older files read as they are, the flags of schema 2 kept."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from itertools import count
from pathlib import Path

from papertui.vault.flags import Flag
from papertui.vault.state.store import SCHEMA_VERSION, StateStore


def ticking(start: datetime = datetime(2026, 1, 1, tzinfo=UTC)) -> Callable[[], datetime]:
    """A clock that moves one second a call."""
    seconds = count()
    return lambda: start + timedelta(seconds=next(seconds))


# Written by papertui before schema 2 (byte for byte what it saved).
SCHEMA_1 = (
    '{"version":1,"papers":{"arxiv:1":{"read":[true,"2026-01-01T00:00:00.000000+00:00"],'
    '"starred":[true,"2026-01-01T00:00:01.000000+00:00"]},'
    '"title:x":{"read":[false,"2025-12-31T23:00:00.000000+00:00"]}},'
    '"notes_seen":{"/v":["a.md"]}}\n'
)


def test_a_schema_1_file_is_read_as_it_is_and_saved_as_schema_3(tmp_path: Path) -> None:
    state_path = tmp_path / "data" / "state.json"
    state_path.parent.mkdir(parents=True)
    state_path.write_text(SCHEMA_1)
    store = StateStore.load(state_path, clock=ticking(datetime(2026, 2, 1, tzinfo=UTC)))
    assert (store.read_only, store.messages) == (False, [])
    assert store.keys_with(Flag.READ) == store.keys_with(Flag.STARRED) == {"arxiv:1"}
    assert store.notes_seen("/v") == frozenset({"a.md"})
    store.mark(["arxiv:1"], Flag.LATER)
    store.mark(["title:x"], Flag.DISMISSED)
    assert store.save()
    document = json.loads(state_path.read_text())
    assert document["version"] == SCHEMA_VERSION == 3
    assert document["papers"] == {
        "arxiv:1": {
            "read": [True, "2026-01-01T00:00:00.000000+00:00"],
            "starred": [True, "2026-01-01T00:00:01.000000+00:00"],
            "later": [True, "2026-02-01T00:00:00.000000+00:00"],
        },
        "title:x": {
            "read": [False, "2025-12-31T23:00:00.000000+00:00"],
            "dismissed": [True, "2026-02-01T00:00:01.000000+00:00"],
        },
    }


def test_later_and_dismissed_round_trip_with_when_they_were_set(tmp_path: Path) -> None:
    state_path = tmp_path / "state.json"
    store = StateStore.load(state_path, clock=ticking())
    store.mark(["arxiv:b"], Flag.LATER)
    store.mark(["arxiv:a", "arxiv:c"], Flag.LATER)
    store.mark(["arxiv:c"], Flag.LATER, False)
    store.mark(["arxiv:d"], Flag.DISMISSED)
    assert store.since("arxiv:b", Flag.LATER) < store.since("arxiv:a", Flag.LATER)
    assert store.since("arxiv:c", Flag.LATER) == ""  # taken off the queue
    assert store.since("arxiv:b", Flag.READ) == ""
    store.save()
    again = StateStore.load(state_path)
    assert again.keys_with(Flag.LATER) == {"arxiv:a", "arxiv:b"}
    assert again.keys_with(Flag.DISMISSED) == {"arxiv:d"}
    assert again.since("arxiv:a", Flag.LATER) == store.since("arxiv:a", Flag.LATER)
