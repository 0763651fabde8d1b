"""StateStore: flags by key, merge of two writers, corrupt and newer files, atomic saves."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from papertui import paths
from papertui.vault import atomic
from papertui.vault.flags import Flag
from papertui.vault.state import disk as state_file_module
from papertui.vault.state.store import SCHEMA_VERSION, StateStore
from tests.conftest import PROJECT


def ticking(start: datetime | None = None) -> Callable[[], datetime]:
    """A clock that moves one second a call."""
    moments: Iterator[datetime] = (
        (start or datetime(2026, 1, 1, tzinfo=UTC)) + timedelta(seconds=n) for n in range(10**9)
    )
    return lambda: next(moments)


@pytest.fixture
def state_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "state.json"


def test_flags_round_trip(state_path: Path) -> None:
    store = StateStore.load(state_path)
    assert not store.dirty
    assert store.mark(["arxiv:1"], Flag.READ) == ["arxiv:1"]
    assert store.mark(["arxiv:1"], Flag.READ) == []  # no change, no new time
    store.mark(["arxiv:2"], Flag.STARRED)
    store.mark(["arxiv:3"], Flag.STARRED)
    store.mark(["arxiv:3"], Flag.STARRED, False)
    assert store.dirty
    assert store.save() is True
    assert not store.dirty
    again = StateStore.load(state_path)
    assert again.has("arxiv:1", Flag.READ)
    assert not again.has("arxiv:2", Flag.READ)
    assert again.keys_with(Flag.STARRED) == {"arxiv:2"}
    assert again.keys_with(Flag.READ) == {"arxiv:1"}
    assert again.messages == []


def test_file_format(state_path: Path) -> None:
    store = StateStore.load(state_path, clock=ticking())
    store.mark(["arxiv:2409.17058"], Flag.READ)
    store.mark_notes_seen("/vault", ["b.md", "a.md"])
    store.save()
    document = json.loads(state_path.read_text())
    assert document == {
        "version": SCHEMA_VERSION,
        "papers": {"arxiv:2409.17058": {"read": [True, "2026-01-01T00:00:00.000000+00:00"]}},
        "notes_seen": {"/vault": ["a.md", "b.md"]},
    }


def test_default_path_is_under_papertui_home(papertui_home: Path) -> None:
    store = StateStore.load()
    assert store.path == paths.state_file()
    assert str(store.path).startswith(str(papertui_home))


def test_nothing_to_save_writes_nothing(state_path: Path) -> None:
    assert StateStore.load(state_path).save() is False
    assert not state_path.exists()


def test_two_writers_never_lose_each_others_changes(state_path: Path) -> None:
    clock = ticking()
    first = StateStore.load(state_path, clock=clock)
    second = StateStore.load(state_path, clock=clock)
    first.mark(["arxiv:a"], Flag.READ)
    second.mark(["arxiv:b"], Flag.STARRED)
    second.mark(["arxiv:c"], Flag.READ)
    first.mark(["arxiv:c"], Flag.STARRED)
    assert first.save()
    assert second.save()
    assert second.has("arxiv:a", Flag.READ)  # second picked up first's changes
    assert second.last_merge == {"arxiv:a", "arxiv:c"}
    assert first.save() is False  # nothing new
    first.mark(["arxiv:d"], Flag.READ)
    first.save()
    assert first.has("arxiv:b", Flag.STARRED)
    final = StateStore.load(state_path)
    assert final.keys_with(Flag.READ) == {"arxiv:a", "arxiv:c", "arxiv:d"}
    assert final.keys_with(Flag.STARRED) == {"arxiv:b", "arxiv:c"}


def test_the_mark_set_last_wins_whoever_saves_last(state_path: Path) -> None:
    clock = ticking()
    early = StateStore.load(state_path, clock=clock)
    late = StateStore.load(state_path, clock=clock)
    early.mark(["arxiv:x"], Flag.READ)  # t0
    late.mark(["arxiv:x"], Flag.READ)  # t1
    late.mark(["arxiv:x"], Flag.READ, False)  # t2: the newest say
    early.mark(["arxiv:x"], Flag.STARRED)  # t3
    late.save()
    early.save()  # saved last, but its read mark is older
    final = StateStore.load(state_path)
    assert not final.has("arxiv:x", Flag.READ)
    assert final.has("arxiv:x", Flag.STARRED)
    assert not early.has("arxiv:x", Flag.READ)  # the saver adopts the merge


def test_a_clock_that_goes_back_still_records_the_change(state_path: Path) -> None:
    times = iter([datetime(2026, 5, 1, tzinfo=UTC), datetime(2020, 1, 1, tzinfo=UTC)])
    store = StateStore.load(state_path, clock=lambda: next(times))
    store.mark(["arxiv:x"], Flag.READ)
    store.mark(["arxiv:x"], Flag.READ, False)
    store.save()
    stamp = json.loads(state_path.read_text())["papers"]["arxiv:x"]["read"][1]
    assert stamp == "2026-05-01T00:00:00.000001+00:00"


def test_changes_made_during_a_save_wait_for_the_next(
    state_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = StateStore.load(state_path)
    other = StateStore.load(state_path)
    other.mark(["arxiv:other"], Flag.STARRED)
    other.save()
    store.mark(["arxiv:first"], Flag.READ)
    real_write = atomic.write_atomically

    def write_and_change(path: Path, data: bytes) -> None:
        store.mark(["arxiv:during"], Flag.READ)  # as the UI thread would, while a worker saves
        real_write(path, data)

    monkeypatch.setattr(state_file_module, "write_atomically", write_and_change)
    assert store.save()
    monkeypatch.undo()
    assert store.has("arxiv:during", Flag.READ)
    assert store.has("arxiv:other", Flag.STARRED)
    assert store.dirty
    assert store.save()
    assert StateStore.load(state_path).keys_with(Flag.READ) == {"arxiv:first", "arxiv:during"}


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"\xff\xfe garbage",
        b"[1, 2]",
        b'{"papers": {}}',
        b'{"version": "1", "papers": {}}',
        b'{"version": true}',
        b'{"version": 0}',
        b'{"version": 1, "papers": []}',
        b"",
    ],
)
def test_a_corrupt_file_is_moved_aside_never_deleted(state_path: Path, content: bytes) -> None:
    state_path.parent.mkdir(parents=True)
    state_path.write_bytes(content)
    store = StateStore.load(state_path)
    aside = list(state_path.parent.glob("state.json.corrupt-*"))
    assert len(aside) == 1
    assert aside[0].read_bytes() == content
    assert not state_path.exists()
    assert not store.read_only
    assert len(store.messages) == 1
    assert "moved aside" in store.messages[0]
    assert str(aside[0]) in store.messages[0]
    store.mark(["arxiv:fresh"], Flag.READ)
    assert store.save()
    assert StateStore.load(state_path).keys_with(Flag.READ) == {"arxiv:fresh"}


def test_an_unreadable_file_is_moved_aside(state_path: Path) -> None:
    state_path.mkdir(parents=True)  # a folder where the file should be
    store = StateStore.load(state_path)
    assert any(path.is_dir() for path in state_path.parent.glob("state.json.corrupt-*"))
    assert "moved aside" in store.messages[0]
    store.mark(["arxiv:x"], Flag.READ)
    assert store.save()


def test_damaged_entries_are_dropped_and_the_file_kept(state_path: Path) -> None:
    state_path.parent.mkdir(parents=True)
    good = [True, "2026-01-01T00:00:00.000000+00:00"]
    content = json.dumps(
        {
            "version": 1,
            "papers": {
                "arxiv:good": {"read": good, "starred": [False, "2026-01-01T00:00:00Z"]},
                "arxiv:bad1": {"read": [1, "2026-01-01T00:00:00+00:00"]},
                "arxiv:bad2": {"read": [True, "yesterday"]},
                "arxiv:bad3": "read",
            },
            "notes_seen": {"/v": "not a list"},
        }
    ).encode()
    state_path.write_bytes(content)
    store = StateStore.load(state_path)
    assert store.keys_with(Flag.READ) == {"arxiv:good"}
    assert not store.read_only
    kept = list(state_path.parent.glob("state.json.corrupt-*"))
    assert [path.read_bytes() for path in kept] == [content]
    assert "4 unreadable entries" in store.messages[0]
    # Dropped once: the file is written again without them, so no later load copies it.
    for _ in range(3):
        again = StateStore.load(state_path)
        assert again.messages == []
        assert again.keys_with(Flag.READ) == {"arxiv:good"}
    assert len(list(state_path.parent.glob("state.json.corrupt-*"))) == 1


def test_a_read_only_load_never_touches_the_file(state_path: Path) -> None:
    state_path.parent.mkdir(parents=True)
    good = [True, "2026-01-01T00:00:00.000000+00:00"]
    damaged = {"version": 1, "papers": {"arxiv:good": {"read": good}, "arxiv:bad": "read"}}
    for content in (json.dumps(damaged).encode(), b"{ not json"):
        state_path.write_bytes(content)
        for _ in range(3):
            store = StateStore.load(state_path, writable=False)
            assert len(store.messages) == 1
            store.mark(["arxiv:new"], Flag.READ)
            assert store.save() is False
        assert state_path.read_bytes() == content
        assert sorted(os.listdir(state_path.parent)) == ["state.json"]


def test_a_newer_schema_opens_read_only_and_is_never_written(state_path: Path) -> None:
    state_path.parent.mkdir(parents=True)
    content = json.dumps(
        {
            "version": SCHEMA_VERSION + 1,
            "papers": {"arxiv:x": {"read": [True, "2026-01-01T00:00:00+00:00"]}},
        }
    ).encode()
    state_path.write_bytes(content)
    store = StateStore.load(state_path)
    assert store.read_only
    assert "newer papertui" in store.messages[0]
    assert store.has("arxiv:x", Flag.READ)  # what can be read is shown
    store.mark(["arxiv:y"], Flag.STARRED)
    assert store.has("arxiv:y", Flag.STARRED)  # works for the session
    assert store.save() is False
    assert state_path.read_bytes() == content
    assert not list(state_path.parent.glob("state.json.corrupt-*"))


def test_a_newer_schema_with_another_shape_is_not_moved_aside(state_path: Path) -> None:
    state_path.parent.mkdir(parents=True)
    state_path.write_text('{"version": 7, "papers": [["arxiv:x", 1]]}')
    store = StateStore.load(state_path)
    assert store.read_only
    assert state_path.exists()


def test_a_file_replaced_by_a_newer_papertui_stops_the_saves(state_path: Path) -> None:
    store = StateStore.load(state_path)
    store.mark(["arxiv:x"], Flag.READ)
    store.save()
    newer = f'{{"version": {SCHEMA_VERSION + 1}}}'
    state_path.write_text(newer)
    store.mark(["arxiv:y"], Flag.READ)
    assert store.save() is False
    assert store.read_only
    assert state_path.read_text() == newer


def test_a_failed_save_keeps_the_changes_for_later(state_path: Path) -> None:
    state_path.parent.mkdir(parents=True)
    blocker = state_path.parent / "blocked"
    blocker.write_text("a file, not a folder")
    store = StateStore.load(blocker / "state.json")
    store.mark(["arxiv:x"], Flag.READ)
    assert store.save() is False
    assert store.dirty
    assert "could not save" in store.messages[-1]
    blocker.unlink()
    assert store.save() is True
    assert StateStore.load(blocker / "state.json").has("arxiv:x", Flag.READ)


def test_new_notes_are_those_not_seen_by_the_last_session(state_path: Path) -> None:
    first = StateStore.load(state_path)
    assert first.notes_seen("/v") is None
    assert first.new_notes("/v", ["a.md"]) == set()  # the first session: nothing is new
    first.mark_notes_seen("/v", ["a.md", "b.md"])
    assert first.dirty
    first.save()
    second = StateStore.load(state_path)
    assert second.notes_seen("/v") == frozenset({"a.md", "b.md"})
    assert second.new_notes("/v", ["a.md", "b.md", "c.md"]) == {"c.md"}
    second.mark_notes_seen("/v", ["a.md", "b.md", "c.md"])
    assert second.new_notes("/v", ["a.md", "c.md"]) == {"c.md"}  # stays new all session
    assert second.new_notes("/other", ["a.md"]) == set()
    second.save()
    assert StateStore.load(state_path).new_notes("/v", ["c.md", "d.md"]) == {"d.md"}


def test_seen_notes_of_two_writers_are_merged(state_path: Path) -> None:
    first = StateStore.load(state_path)
    second = StateStore.load(state_path)
    first.mark_notes_seen("/v", ["a.md"])
    second.mark_notes_seen("/v", ["b.md"])
    first.save()
    second.save()
    assert StateStore.load(state_path).notes_seen("/v") == frozenset({"a.md", "b.md"})


def test_stale_temp_files_are_cleaned_up(state_path: Path) -> None:
    state_path.parent.mkdir(parents=True)
    stale = state_path.parent / ".state.json.abc123.tmp"
    stale.write_text("half a save")
    store = StateStore.load(state_path)
    store.mark(["arxiv:x"], Flag.READ)
    store.save()
    assert not stale.exists()
    assert json.loads(state_path.read_text())["version"] == SCHEMA_VERSION


def test_pop_messages_takes_them_once(state_path: Path) -> None:
    state_path.parent.mkdir(parents=True)
    state_path.write_text("{")
    store = StateStore.load(state_path)
    assert len(store.pop_messages()) == 1
    assert store.pop_messages() == []


_WRITER = """
import sys
from pathlib import Path
from papertui.vault.flags import Flag
from papertui.vault.state.store import StateStore
path, prefix, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
store = StateStore.load(path)
if store.messages:
    print("MESSAGES", store.messages, flush=True)
for n in range(count):
    store.mark([f"{prefix}:{n}"], Flag.READ)
    store.mark([f"{prefix}:{n}"], Flag.STARRED, n % 2 == 0)
    if store.save():
        print(f"saved {n}", flush=True)
"""


def _writer(path: Path, prefix: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(path), prefix, str(count)],
        cwd=PROJECT,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
        stdout=subprocess.PIPE,
        text=True,
    )


def test_two_processes_saving_at_once_lose_nothing(state_path: Path) -> None:
    state_path.parent.mkdir(parents=True)
    writers = [_writer(state_path, prefix, 40) for prefix in ("one", "two")]
    for writer in writers:
        out, _ = writer.communicate(timeout=60)
        assert writer.returncode == 0
        assert "MESSAGES" not in out
    final = StateStore.load(state_path)
    assert final.keys_with(Flag.READ) == {f"{p}:{n}" for p in ("one", "two") for n in range(40)}
    assert final.keys_with(Flag.STARRED) == {
        f"{p}:{n}" for p in ("one", "two") for n in range(0, 40, 2)
    }


def test_sigkill_mid_save_leaves_a_valid_file(state_path: Path) -> None:
    # A big file makes each save take long enough that random kills land inside it.
    state_path.parent.mkdir(parents=True)
    seed = StateStore.load(state_path)
    for n in range(20_000):
        seed.mark([f"seed:{n}"], Flag.READ)
    seed.save()
    rng = random.Random(3)
    for run in range(6):
        writer = _writer(state_path, f"run{run}", 10_000)
        assert writer.stdout is not None
        assert writer.stdout.readline() == "saved 0\n"
        time.sleep(rng.uniform(0.0, 0.15))
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
        # Every save the writer saw succeed is in the file, whatever the kill cut short.
        saved = [0, *(int(line.split()[1]) for line in writer.stdout.read().splitlines())]
        document = json.loads(state_path.read_text(encoding="utf-8"))
        assert document["version"] == SCHEMA_VERSION
        store = StateStore.load(state_path)
        assert store.messages == []
        assert not store.read_only
        assert "seed:19999" in store.keys_with(Flag.READ)
        assert {f"run{run}:{n}" for n in saved} <= store.keys_with(Flag.READ)
        assert {f"run{run}:{n}" for n in saved if n % 2 == 0} <= store.keys_with(Flag.STARRED)


def test_marking_many_is_one_change_at_one_time(state_path: Path) -> None:
    store = StateStore.load(state_path, clock=ticking())
    store.mark(["arxiv:2"], Flag.READ)
    changed = store.mark(["arxiv:1", "arxiv:2", "arxiv:3", "arxiv:1"], Flag.READ)
    assert changed == ["arxiv:1", "arxiv:3"]
    assert store.keys_with(Flag.READ) == {"arxiv:1", "arxiv:2", "arxiv:3"}
    store.save()
    papers = json.loads(state_path.read_text())["papers"]
    assert papers["arxiv:1"]["read"][1] == papers["arxiv:3"]["read"][1]
    assert store.mark(["arxiv:1", "arxiv:9"], Flag.READ, False) == ["arxiv:1"]
