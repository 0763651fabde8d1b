"""Paper flags (read, starred, ...): a versioned JSON file, merged, saved atomically."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from filelock import FileLock, Timeout

from papertui import paths
from papertui.vault.atomic import remove_stale_temps, write_atomically
from papertui.vault.flags import Flag
from papertui.vault.state.annotations import OwnLayer, Recovered
from papertui.vault.state.collections import Collections
from papertui.vault.state.schema import (
    FLAGS,
    SCHEMA_VERSION,
    CorruptState,
    Mark,
    Marks,
    StateDocument,
    lay_over,
    stamp_of,
    utc_now,
)

__all__ = ["LOCK_TIMEOUT", "SCHEMA_VERSION", "StateStore"]

LOCK_TIMEOUT = 10.0
"""Seconds to wait for another papertui to finish saving."""
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
        self.path = path
        self.read_only = False
        """True for a file from a newer papertui, or one that could not be moved aside."""
        self.messages: list[str] = []
        """What the user should be told, oldest first."""
        self.last_merge: frozenset[str] = frozenset()
        """Keys whose flags the last save took from another papertui."""
        self.save_error: str | None = None
        """Why the last save failed (its changes wait for the next); None once one succeeds."""
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
        self._signature: tuple[int, int, int] | None = None
        self._mutex = threading.RLock()
        self._encoded: dict[str, tuple[dict[str, Mark], str]] = {}
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
        if writable:
            store._load()
        else:
            store.read_only = True
            store._peek()
        return store

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

    # -- loading ---------------------------------------------------------------

    def _load(self) -> None:
        if not self.path.exists() and not self.path.is_symlink():
            return
        try:
            with FileLock(self._lock_path(), timeout=LOCK_TIMEOUT):
                document = self._read_or_set_aside()
        except (Timeout, OSError) as error:
            # Cannot lock (read-only folder, a stuck writer): read without moving anything.
            try:
                document = StateDocument.parse(self.path.read_bytes())
            except (CorruptState, OSError) as problem:
                self._refuse(f"state file {self.path} cannot be used ({problem})")
                return
            self._note(f"state file {self.path} could not be locked ({error})")
        if document is None:
            return
        if document.version > SCHEMA_VERSION:
            self._refuse(
                f"state file {self.path} was written by a newer papertui "
                f"(schema {document.version}); opened read-only"
            )
        self._adopt(document)
        self._notes_at_load = {vault: frozenset(seen) for vault, seen in document.notes.items()}

    def _peek(self) -> None:
        """Read the file without a lock and without changing it (see ``writable``)."""
        try:
            document = StateDocument.parse(self.path.read_bytes())
        except FileNotFoundError:
            return
        except (CorruptState, OSError) as problem:
            self._note(f"state file {self.path} cannot be used ({problem}); read as empty")
            return
        if document.bad_entries:
            self._note(f"{document.bad_entries} unreadable entries in {self.path} were ignored")
        self._adopt(document)

    def _read_or_set_aside(self) -> StateDocument | None:
        """The file's document; a corrupt one is moved aside (None), a damaged one copied."""
        try:
            data = self.path.read_bytes()
            signature = self._stat()
            document = StateDocument.parse(data)
        except FileNotFoundError:
            self._signature = None
            return None
        except (CorruptState, OSError) as error:
            self._set_aside(str(getattr(error, "strerror", None) or error), move=True)
            return None
        if document.bad_entries and document.version <= SCHEMA_VERSION:
            aside = self._set_aside("", move=False, data=data)
            if aside:
                self._note(
                    f"{document.bad_entries} unreadable entries in {self.path} were dropped; "
                    f"the file as it was is kept at {aside}"
                )
                signature = self._drop_bad_entries(document) or signature
        self._signature = signature
        return document

    def _drop_bad_entries(self, document: StateDocument) -> tuple[int, int, int] | None:
        """Write the file again without its bad entries (kept aside): they are dropped once,
        not copied at every load. Its new signature, or None if it could not be written."""
        try:
            write_atomically(self.path, document.dump(self._encoded).encode("utf-8"))
        except (OSError, ValueError):
            return None
        document.bad_entries = 0
        return self._stat()

    def _set_aside(self, reason: str, *, move: bool, data: bytes | None = None) -> Path | None:
        moment = self._clock().astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{moment}")
        counter = 0
        while aside.exists():
            counter += 1
            aside = self.path.with_name(f"{self.path.name}.corrupt-{moment}-{counter}")
        try:
            if move:
                os.rename(self.path, aside)
            else:
                write_atomically(aside, data or b"")
        except OSError as error:
            if move:
                self._refuse(
                    f"state file {self.path} is unreadable ({reason}) and could not be "
                    f"moved aside ({error.strerror or error})"
                )
            return None
        if move:
            self._note(
                f"state file {self.path} was unreadable ({reason}); moved aside to {aside}, "
                "starting fresh"
            )
        return aside

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
        written = False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with FileLock(self._lock_path(), timeout=LOCK_TIMEOUT):
                written = self._merge_and_write(snapshot, local)
        except Timeout:
            self._failed(f"state file {self.path} is locked by another papertui; not saved yet")
        except (OSError, ValueError) as error:  # (ValueError: text that cannot be written)
            self._failed(f"could not save {self.path}: {getattr(error, 'strerror', None) or error}")
        else:
            if written:
                self.save_error = None
        if not written:
            with self._mutex:
                self._local |= local
                self._notes_dirty |= notes_dirty
                self._collections_dirty |= collections_dirty
        return written

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

    def _merge_and_write(self, snapshot: StateDocument, local: set[str]) -> bool:
        remove_stale_temps(self.path)
        disk: StateDocument | None = None
        if self._stat() not in (None, self._signature):
            # Another papertui saved since we last read or wrote: merge with it.
            disk = self._read_or_set_aside()
            if disk is not None and disk.version > SCHEMA_VERSION:
                self._refuse(f"{self.path} was replaced by a newer papertui")
                return False
        merged = snapshot if disk is None else lay_over(disk, snapshot, local)
        write_atomically(self.path, merged.dump(self._encoded).encode("utf-8"))
        self._signature = self._stat()
        if disk is not None:
            with self._mutex:
                # Keep what was set while we wrote: it waits in _local for the next save.
                mine = StateDocument.of(self._marks, self._own)
                mine.collections = self.collections  # with what was changed while we wrote
                merged = lay_over(merged, mine, self._local)
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
        else:
            self.last_merge = frozenset()
        return True

    # -- helpers ---------------------------------------------------------------

    def _lock_path(self) -> str:
        return f"{self.path}.lock"

    def _stat(self) -> tuple[int, int, int] | None:
        try:
            status = os.stat(self.path)
        except OSError:
            return None
        return status.st_ino, status.st_size, status.st_mtime_ns

    def _note(self, message: str) -> None:
        if not self.messages or self.messages[-1] != message:
            self.messages.append(message)

    def _failed(self, message: str) -> None:
        self.save_error = message
        self._note(message)

    def _refuse(self, message: str) -> None:
        self.read_only = True
        self._note(f"{message}: changes made now will not be saved")

    def pop_messages(self) -> list[str]:
        """The messages not taken yet, and forget them."""
        messages, self.messages = self.messages, []
        return messages


def taken_keys(document: StateDocument) -> frozenset[str]:
    """The paper keys a document has something for (what merging it may change)."""
    return frozenset(document.marks) | document.own.touched()


def _just_after(stamp: str) -> str:
    """The stamp one microsecond after ``stamp`` (or ``stamp`` at the end of time)."""
    try:
        return stamp_of(datetime.fromisoformat(stamp) + timedelta(microseconds=1))
    except OverflowError:
        return stamp
