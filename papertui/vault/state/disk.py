"""StateFile: the state file on disk: its lock, reading it (a corrupt one set aside),
merging with what another papertui saved, and writing it atomically."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from filelock import FileLock, Timeout

from papertui.vault.atomic import remove_stale_temps, write_atomically
from papertui.vault.state.schema import SCHEMA_VERSION, CorruptState, Mark, StateDocument, lay_over

__all__ = ["LOCK_TIMEOUT", "StateFile", "Written"]

LOCK_TIMEOUT = 10.0
"""Seconds to wait for another papertui to finish saving."""


class Written(NamedTuple):
    """What a save wrote."""

    document: StateDocument
    """The document now on disk."""
    merged: bool
    """True when another papertui had saved since: ``document`` holds its changes too."""


class StateFile:
    """The file one :class:`~papertui.vault.state.store.StateStore` is kept in.

    Problems (a corrupt file moved aside, a newer schema, a failed save) are
    recorded in ``messages`` for the user, never raised.
    """

    def __init__(self, path: Path, *, clock: Callable[[], datetime]) -> None:
        self.path = path
        self.read_only = False
        """True for a file from a newer papertui, or one that could not be moved aside."""
        self.messages: list[str] = []
        """What the user should be told, oldest first."""
        self.save_error: str | None = None
        """Why the last save failed (its changes wait for the next); None once one succeeds."""
        self._clock = clock
        self._signature: tuple[int, int, int] | None = None
        self._encoded: dict[str, tuple[dict[str, Mark], str]] = {}

    # -- reading ---------------------------------------------------------------

    def load(self) -> StateDocument | None:
        """The file's document, under its lock (None: no file, or none that can be used)."""
        if not self.path.exists() and not self.path.is_symlink():
            return None
        try:
            with FileLock(self._lock_path(), timeout=LOCK_TIMEOUT):
                document = self._read_or_set_aside()
        except (Timeout, OSError) as error:
            # Cannot lock (read-only folder, a stuck writer): read without moving anything.
            try:
                document = StateDocument.parse(self.path.read_bytes())
            except (CorruptState, OSError) as problem:
                self._refuse(f"state file {self.path} cannot be used ({problem})")
                return None
            self.note(f"state file {self.path} could not be locked ({error})")
        if document is not None and document.version > SCHEMA_VERSION:
            self._refuse(
                f"state file {self.path} was written by a newer papertui "
                f"(schema {document.version}); opened read-only"
            )
        return document

    def peek(self) -> StateDocument | None:
        """Read the file without a lock and without changing it; from now on it is read-only."""
        self.read_only = True
        try:
            document = StateDocument.parse(self.path.read_bytes())
        except FileNotFoundError:
            return None
        except (CorruptState, OSError) as problem:
            self.note(f"state file {self.path} cannot be used ({problem}); read as empty")
            return None
        if document.bad_entries:
            self.note(f"{document.bad_entries} unreadable entries in {self.path} were ignored")
        return document

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
                self.note(
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
            self.note(
                f"state file {self.path} was unreadable ({reason}); moved aside to {aside}, "
                "starting fresh"
            )
        return aside

    # -- writing ---------------------------------------------------------------

    def save(self, snapshot: StateDocument, local: set[str]) -> Written | None:
        """Merge ``snapshot`` with the file under its lock (``local``: the keys whose
        changes are ours) and write it atomically; None if nothing was written."""
        written: Written | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with FileLock(self._lock_path(), timeout=LOCK_TIMEOUT):
                written = self._merge_and_write(snapshot, local)
        except Timeout:
            self._failed(f"state file {self.path} is locked by another papertui; not saved yet")
        except (OSError, ValueError) as error:  # (ValueError: text that cannot be written)
            self._failed(f"could not save {self.path}: {getattr(error, 'strerror', None) or error}")
        else:
            if written is not None:
                self.save_error = None
        return written

    def _merge_and_write(self, snapshot: StateDocument, local: set[str]) -> Written | None:
        remove_stale_temps(self.path)
        disk: StateDocument | None = None
        if self._stat() not in (None, self._signature):
            # Another papertui saved since we last read or wrote: merge with it.
            disk = self._read_or_set_aside()
            if disk is not None and disk.version > SCHEMA_VERSION:
                self._refuse(f"{self.path} was replaced by a newer papertui")
                return None
        merged = snapshot if disk is None else lay_over(disk, snapshot, local)
        write_atomically(self.path, merged.dump(self._encoded).encode("utf-8"))
        self._signature = self._stat()
        return Written(merged, merged=disk is not None)

    # -- helpers ---------------------------------------------------------------

    def _lock_path(self) -> str:
        return f"{self.path}.lock"

    def _stat(self) -> tuple[int, int, int] | None:
        try:
            status = os.stat(self.path)
        except OSError:
            return None
        return status.st_ino, status.st_size, status.st_mtime_ns

    def note(self, message: str) -> None:
        """Tell the user ``message`` (once, if it repeats the last one)."""
        if not self.messages or self.messages[-1] != message:
            self.messages.append(message)

    def _failed(self, message: str) -> None:
        self.save_error = message
        self.note(message)

    def _refuse(self, message: str) -> None:
        self.read_only = True
        self.note(f"{message}: changes made now will not be saved")

    def pop_messages(self) -> list[str]:
        """The messages not taken yet, and forget them."""
        messages, self.messages = self.messages, []
        return messages
