"""Paper flags (read, starred, ...): a versioned JSON file, merged, saved atomically."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TypeVar

from papertui import paths
from papertui.vault.flags import Flag
from papertui.vault.state.annotations import OwnLayer, Recovered
from papertui.vault.state.collections import Collections
from papertui.vault.state.disk import StateFile, Written
from papertui.vault.state.schema import (
    FLAGS,
    SCHEMA_VERSION,
    Marks,
    StateDocument,
    lay_over,
    stamp_of,
    utc_now,
)

__all__ = ["SCHEMA_VERSION", "StateStore"]

Clock = Callable[[], datetime]
_T = TypeVar("_T")


class StateStore:
    """Which papers carry which flag (read, starred, ...), by key, and which notes were seen.

    ``save()`` merges with what other papertui processes saved (per paper and
    flag, the mark set last wins) and never loses either side's changes.
    Problems (a corrupt file moved aside, a newer schema, a failed save) are
    recorded in ``messages`` for the user, never raised. ``save()`` may run in
    a worker thread while the UI thread keeps setting flags: it writes a
    snapshot, and changes made meanwhile wait for the next save.
    """

    def __init__(self, path: Path, *, clock: Clock = utc_now) -> None:
        self.file = StateFile(path, clock=clock)
        """Where the state is kept: reading, merging and writing it, and its problems."""
        self.last_merge: frozenset[str] = frozenset()
        """Keys whose flags the last save took from another papertui."""
        self._clock = clock
        self._marks: Marks = {}
        self._true: dict[Flag, set[str]] = {flag: set() for flag in FLAGS}
        self._local: set[str] = set()
        self._notes: dict[str, set[str]] = {}
        self._notes_at_load: dict[str, frozenset[str]] = {}
        self._notes_dirty = False
        self.collections = Collections()
        """The collections (edit them through ``collect``, ``uncollect``... for stamps)."""
        self._collections_dirty = False
        self._mutex = threading.RLock()
        self._own = OwnLayer()
        self._own_snapshot: OwnLayer | None = None

    @classmethod
    def load(
        cls, path: Path | None = None, *, clock: Clock = utc_now, writable: bool = True
    ) -> StateStore:
        """The state saved at ``path`` (default: ``paths.state_file()``); empty if none.

        Args:
            path: The state file.
            clock: Where the stamps of new marks come from.
            writable: False for a command that only reads (``list --query``,
                ``export``): the file is then never touched, not even to set a
                corrupt one aside, and ``save()`` writes nothing.
        """
        store = cls(path or paths.state_file(), clock=clock)
        document = store.file.load() if writable else store.file.peek()
        if document is not None:
            store._adopt(document)
            if writable:
                store._notes_at_load = {
                    vault: frozenset(seen) for vault, seen in document.notes.items()
                }
        return store

    # -- the file (vault/state/disk.py) -------------------------------------------

    @property
    def path(self) -> Path:
        """The state file."""
        return self.file.path

    @property
    def read_only(self) -> bool:
        """True for a file from a newer papertui, or one that could not be moved aside,
        and when loaded for a command that only reads."""
        return self.file.read_only

    @property
    def messages(self) -> list[str]:
        """What the user should be told, oldest first."""
        return self.file.messages

    @property
    def save_error(self) -> str | None:
        """Why the last save failed (its changes wait for the next); None once one succeeds."""
        return self.file.save_error

    def pop_messages(self) -> list[str]:
        """The messages not taken yet, and forget them."""
        return self.file.pop_messages()

    # -- flags -----------------------------------------------------------------

    def has(self, key: str, flag: Flag) -> bool:
        """True when the paper ``key`` carries ``flag``."""
        return key in self._true[flag]

    def keys_with(self, flag: Flag) -> frozenset[str]:
        """The keys of every paper that carries ``flag`` now (a snapshot)."""
        with self._mutex:
            return frozenset(self._true[flag])

    def since(self, key: str, flag: Flag) -> str:
        """When the paper ``key`` got ``flag`` (a canonical UTC stamp); "" if it has not."""
        mark = self._marks.get(key, {}).get(flag)
        return mark[1] if mark is not None and mark[0] else ""

    def mark(self, keys: Iterable[str], flag: Flag, value: bool = True) -> list[str]:
        """Set (or clear) ``flag`` on many papers as one change; the keys that changed."""
        changed: list[str] = []
        with self._mutex:
            now = stamp_of(self._clock())
            flagged = self._true[flag]
            for key in keys:
                marks = self._marks.get(key, {})
                old = marks.get(flag)
                if (old[0] if old else False) == value:
                    continue
                # A clock that went back must not make this change lose to the older one.
                stamp = now if old is None or now > old[1] else _just_after(old[1])
                # A new dict, never an edit: a save may be writing a snapshot of the old one.
                self._marks[key] = {**marks, flag: (value, stamp)}
                (flagged.add if value else flagged.discard)(key)
                changed.append(key)
            self._local.update(changed)
        return changed

    # -- your annotations and tags (vault/state/annotations.py) --------------------

    def annotation(self, key: str) -> str:
        """Your note on the paper ``key`` ("" when there is none)."""
        return self._own.text(key)

    def recovered(self, key: str) -> tuple[Recovered, ...]:
        """Older versions of the paper's note that another papertui's newer edit replaced."""
        found = self._own.annotations.get(key)
        return found.recovered if found is not None else ()

    def user_tags(self, key: str) -> tuple[str, ...]:
        """The tags you gave the paper ``key``."""
        return self._own.user_tags(key)

    def own_layer(self) -> OwnLayer:
        """Every annotation and tag of yours now: a snapshot, the same object until one
        changes (so a search index sees at a glance that nothing did)."""
        with self._mutex:
            if self._own_snapshot is None:
                self._own_snapshot = self._own.copy()
            return self._own_snapshot

    def annotate(self, key: str, text: str) -> bool:
        """Set your note on the paper ``key`` ("" deletes it); False when it already says that."""
        with self._mutex:
            stamp = self._stamp_after(self._own.annotations.get(key, (None, ""))[1])
            changed = self._own.annotate(key, text, stamp, unsaved=key in self._local)
            if changed:
                self._local.add(key)
                self._own_snapshot = None
            return changed

    def tag(self, key: str, tags: Iterable[str], value: bool = True) -> list[str]:
        """Give the paper ``key`` each of ``tags`` (or take it away); the tags that changed."""
        with self._mutex:
            stamp = stamp_of(self._clock())
            changed = [tag for tag in tags if self._own.set_tag(key, tag, value, stamp)]
            if changed:
                self._local.add(key)
                self._own_snapshot = None
            return changed

    def _stamp_after(self, old: str) -> str:
        now = stamp_of(self._clock())
        return now if now > old else _just_after(old)

    @property
    def dirty(self) -> bool:
        """True when there are changes ``save()`` has not written."""
        return bool(self._local) or self._notes_dirty or self._collections_dirty

    # -- collections -------------------------------------------------------------

    def collection(self, name: str) -> list[str]:
        """The keys of the papers in collection ``name`` (any case), in the user's order."""
        with self._mutex:
            return self.collections.keys(name)

    def collection_names(self) -> list[str]:
        """The names of every collection, alphabetical."""
        with self._mutex:
            return self.collections.names()

    def collect(self, name: str, keys: Iterable[str]) -> list[str]:
        """Add ``keys`` to the end of collection ``name`` (made if new); the keys added."""
        return self._edit(lambda now: self.collections.add(name, keys, now))

    def uncollect(self, name: str, keys: Iterable[str]) -> list[str]:
        """Take ``keys`` out of collection ``name``; the keys taken out."""
        return self._edit(lambda now: self.collections.remove(name, keys, now))

    def move_in_collection(self, name: str, key: str, step: int) -> bool:
        """Move ``key`` one place up (-1) or down (+1) in collection ``name``."""
        return bool(self._edit(lambda now: self.collections.move(name, key, step, now)))

    def delete_collection(self, name: str) -> list[str]:
        """Delete collection ``name``; the keys it held."""
        return self._edit(lambda now: self.collections.delete(name, now))

    def rename_collection(self, name: str, new: str) -> bool:
        """Rename collection ``name`` to ``new``; False if it cannot be done."""
        return bool(self._edit(lambda now: self.collections.rename(name, new, now)))

    def _edit(self, change: Callable[[str], _T]) -> _T:
        with self._mutex:
            done = change(stamp_of(self._clock()))
            if done:
                self._collections_dirty = True
            return done

    # -- notes seen ------------------------------------------------------------

    def notes_seen(self, vault: str) -> frozenset[str] | None:
        """The notes of ``vault`` seen by the last session; None if there was none."""
        return self._notes_at_load.get(vault)

    def new_notes(self, vault: str, notes: Iterable[str]) -> frozenset[str]:
        """Those of ``notes`` that appeared since the last session (none at the first)."""
        seen = self._notes_at_load.get(vault)
        return frozenset() if seen is None else frozenset(notes) - seen

    def mark_notes_seen(self, vault: str, notes: Iterable[str]) -> None:
        """Remember ``notes`` as seen, for the next session's "New"."""
        with self._mutex:
            current = set(self._notes.get(vault, ()))
            before = len(current)
            current.update(notes)
            if len(current) != before or vault not in self._notes:
                self._notes[vault] = current
                self._notes_dirty = True

    # -- taking in a document -----------------------------------------------------

    def _adopt(self, document: StateDocument) -> None:
        self._marks = document.marks
        self._own, self._own_snapshot = document.own, None
        self._true = {
            flag: {key for key, marks in self._marks.items() if marks.get(flag, (False,))[0]}
            for flag in FLAGS
        }
        for vault, seen in document.notes.items():
            self._notes[vault] = self._notes.get(vault, set()) | seen
        self.collections = document.collections

    # -- merging another state (see papertui.vault.state.sync) ------------------

    def take_in(self, other: StateDocument) -> dict[Flag, tuple[frozenset[str], frozenset[str]]]:
        """Merge ``other`` in as a change of ours (the next save writes it): per paper and
        flag the mark set last wins, through the same :func:`lay_over` as every save.

        Returns:
            Per flag, the keys that gained it and the keys that lost it.
        """
        with self._mutex:
            before = {flag: frozenset(keys) for flag, keys in self._true.items()}
            notes_before = {vault: len(seen) for vault, seen in self._notes.items()}
            merged = lay_over(self.snapshot(), other, taken_keys(other))
            changed = {
                key
                for key in taken_keys(other)
                if merged.marks.get(key, {}) != self._marks.get(key, {})
                or merged.own.entry(key) != self._own.entry(key)
            }
            self._adopt(merged)
            self._local.update(changed)
            if {vault: len(seen) for vault, seen in self._notes.items()} != notes_before:
                self._notes_dirty = True
            if other.collections.shelves:  # (merging none changes none)
                self._collections_dirty = True
            return {
                flag: (frozenset(self._true[flag] - before[flag]), before[flag] - self._true[flag])
                for flag in FLAGS
            }

    # -- saving ----------------------------------------------------------------

    def save(self) -> bool:
        """Merge with the file under its lock and write it atomically; True if written."""
        with self._mutex:
            if self.read_only or not self.dirty:
                return False
            snapshot = self.snapshot()
            local, self._local = self._local, set()
            notes_dirty, self._notes_dirty = self._notes_dirty, False
            collections_dirty, self._collections_dirty = self._collections_dirty, False
        written = self.file.save(snapshot, local)
        if written is not None:
            self._after_save(written)
        if written is None:
            with self._mutex:
                self._local |= local
                self._notes_dirty |= notes_dirty
                self._collections_dirty |= collections_dirty
        return written is not None

    def snapshot(self) -> StateDocument:
        """Every mark and seen note held now (what a save would write, before merging)."""
        with self._mutex:
            snapshot = StateDocument()
            snapshot.marks = self._marks.copy()  # inner dicts are never edited in place
            snapshot.notes = {vault: set(seen) for vault, seen in self._notes.items()}
            snapshot.collections = self.collections.copy()
            snapshot.own = self._own.copy()
            return snapshot

    @property
    def pending(self) -> frozenset[str]:
        """Keys whose changes no save has written yet."""
        with self._mutex:
            return frozenset(self._local)

    def _after_save(self, written: Written) -> None:
        """Take in what another papertui had saved, when the save merged with it."""
        if not written.merged:
            self.last_merge = frozenset()
            return
        with self._mutex:
            # Keep what was set while we wrote: it waits in _local for the next save.
            mine = StateDocument.of(self._marks, self._own)
            mine.collections = self.collections  # with what was changed while we wrote
            merged = lay_over(written.document, mine, self._local)
            before, own, held = self._true, self._own, self.collections.held()
            self._adopt(merged)
            self.last_merge = (
                frozenset(key for flag in FLAGS for key in before[flag] ^ self._true[flag])
                | {key for _, key in held ^ self.collections.held()}
                | {
                    key
                    for key in own.touched() | self._own.touched()
                    if own.entry(key) != self._own.entry(key)
                }
            )


def taken_keys(document: StateDocument) -> frozenset[str]:
    """The paper keys a document has something for (what merging it may change)."""
    return frozenset(document.marks) | document.own.touched()


def _just_after(stamp: str) -> str:
    """The stamp one microsecond after ``stamp`` (or ``stamp`` at the end of time)."""
    try:
        return stamp_of(datetime.fromisoformat(stamp) + timedelta(microseconds=1))
    except OverflowError:
        return stamp
