"""State sync: another state file merged into ours, and a sync tool's conflict copies.

A state file kept in Syncthing or Dropbox gets conflict copies when two
machines save while apart (``state.sync-conflict-20240101-123456-ABCDEFG.json``,
``state (conflicted copy 2024-01-01).json``). Each is an ordinary state file:
it is merged in the way every save merges (per paper and flag, the mark set
last wins), then renamed ``*.merged`` so it is not merged again.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from papertui.vault.flags import Flag
from papertui.vault.state.schema import SCHEMA_VERSION, CorruptState, StateDocument
from papertui.vault.state.store import StateStore

MERGED_SUFFIX = ".merged"
"""What a conflict copy is renamed with once merged in."""

_MAX_STATE_BYTES = 512 * 1024 * 1024


class StateFileError(Exception):
    """Another state file cannot be merged (unreadable, not a state file, too new)."""


@dataclass(frozen=True, slots=True)
class MergeReport:
    """What merging another state changed in ours: per flag, the papers that gained or
    lost it."""

    gained: Mapping[Flag, frozenset[str]]
    lost: Mapping[Flag, frozenset[str]]

    @classmethod
    def of(cls, changes: Mapping[Flag, tuple[frozenset[str], frozenset[str]]]) -> MergeReport:
        return cls(
            {flag: gained for flag, (gained, _) in changes.items()},
            {flag: lost for flag, (_, lost) in changes.items()},
        )

    @property
    def papers(self) -> frozenset[str]:
        """Every paper whose flags changed."""
        keys: set[str] = set()
        for group in (*self.gained.values(), *self.lost.values()):
            keys |= group
        return frozenset(keys)

    def __add__(self, other: MergeReport) -> MergeReport:
        flags = set(self.gained) | set(other.gained)
        empty: frozenset[str] = frozenset()
        return MergeReport(
            {f: self.gained.get(f, empty) | other.gained.get(f, empty) for f in flags},
            {f: self.lost.get(f, empty) | other.lost.get(f, empty) for f in flags},
        )

    def summary(self) -> str:
        """``12 papers changed: 5 marked read, 3 starred, ...`` (or ``no paper changed``)."""
        count = len(self.papers)
        if not count:
            return "no paper changed"
        parts = []
        for flag in Flag:
            on, off = flag.spec.turned
            for keys, word in ((self.gained.get(flag), on), (self.lost.get(flag), off)):
                if keys:
                    parts.append(f"{len(keys):,} {word}")
        return f"{_papers(count)} changed: {', '.join(parts)}"


def _papers(count: int) -> str:
    return f"{count:,} paper{'' if count == 1 else 's'}"


EMPTY_REPORT = MergeReport({}, {})


def read_state_file(path: Path) -> StateDocument:
    """Another state file, checked.

    Raises:
        StateFileError: It cannot be read, is not a state file, or is from a newer papertui.
    """
    try:
        if os.path.getsize(path) > _MAX_STATE_BYTES:
            raise StateFileError(f"{path} is too large to be a state file")
        document = StateDocument.parse(path.read_bytes())
    except FileNotFoundError:
        raise StateFileError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise StateFileError(f"{path} is a folder, not a state file") from None
    except OSError as error:
        raise StateFileError(f"cannot read {path}: {error.strerror or error}") from None
    except CorruptState as error:
        raise StateFileError(f"{path} is not a papertui state file ({error})") from None
    if document.version > SCHEMA_VERSION:
        raise StateFileError(
            f"{path} was written by a newer papertui (schema {document.version}); not merged"
        )
    return document


def merge_file(store: StateStore, path: Path) -> MergeReport:
    """Merge the state file at ``path`` into ``store`` (saved by the next ``store.save()``).

    Raises:
        StateFileError: See :func:`read_state_file`.
    """
    return MergeReport.of(store.take_in(read_state_file(path)))


# -- conflict copies --------------------------------------------------------------


def conflict_copies(state_path: Path) -> list[tuple[Path, str]]:
    """The sync tools' conflict copies of ``state_path`` beside it, each with the tool's
    name, oldest name first."""
    stem, suffix = state_path.stem, state_path.suffix
    patterns = (
        (
            re.compile(
                re.escape(stem) + r"\.sync-conflict-\d{8}-\d{6}(?:-[A-Z0-9]+)?" + re.escape(suffix)
            ),
            "Syncthing",
        ),
        (
            re.compile(
                re.escape(stem)
                + r" \((?:[^()]*?['’]s )?conflicted copy(?: [^()]*)?\)(?: \(\d+\))?"
                + re.escape(suffix),
                re.IGNORECASE,
            ),
            "Dropbox",
        ),
    )
    try:
        names = sorted(os.listdir(state_path.parent))
    except OSError:
        return []
    found: list[tuple[Path, str]] = []
    for name in names:
        for pattern, tool in patterns:
            if pattern.fullmatch(name) and (state_path.parent / name).is_file():
                found.append((state_path.parent / name, tool))
                break
    return found


def load_merging_copies(path: Path) -> StateStore:
    """The state at ``path`` (writable), any conflict copies beside it merged in and
    saved; what was merged is among the store's ``messages``."""
    store = StateStore.load(path)
    store.messages.extend(merge_conflict_copies(store))
    return store


def merge_conflict_copies(store: StateStore) -> list[str]:
    """Merge every conflict copy beside the store's file, save, and rename the copies
    ``*.merged``; the lines to tell the user (none when there were no copies).

    A read-only store (a newer file, a command that only reads) merges nothing:
    the copies stay for a papertui that can save.
    """
    copies = conflict_copies(store.path)
    if not copies or store.read_only:
        return []
    lines: list[str] = []
    report = EMPTY_REPORT
    merged: list[tuple[Path, str]] = []
    for path, tool in copies:
        try:
            report = report + merge_file(store, path)
        except StateFileError as error:
            lines.append(f"conflict copy not merged, left in place: {error}")
            continue
        merged.append((path, tool))
    if not merged:
        return lines
    if store.dirty and not store.save():
        lines.append(
            f"merged {_copies(merged)} but could not save {store.path}: "
            "the copies stay and are merged again next time"
        )
        return lines
    for path, _ in merged:
        _move_aside(path)
    lines.insert(0, f"merged {_copies(merged)}: {report.summary()}")
    return lines


def _copies(merged: Iterable[tuple[Path, str]]) -> str:
    merged = list(merged)
    tools = sorted({tool for _, tool in merged})
    noun = "conflict copy" if len(merged) == 1 else "conflict copies"
    return f"{len(merged)} {noun} from {' and '.join(tools)}"


def _move_aside(path: Path) -> Path | None:
    target = path.with_name(path.name + MERGED_SUFFIX)
    counter = 0
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}{MERGED_SUFFIX}-{counter}")
    try:
        os.rename(path, target)
    except OSError:
        return None
    return target


# -- replacing ------------------------------------------------------------------


def replace_state(state_path: Path, document: StateDocument, *, moment: str) -> Path | None:
    """Write ``document`` over the state file, under its lock, the old file first kept
    as ``<name>.backup-<moment>``; that backup's path (None when there was no old file).

    Raises:
        OSError: The backup or the new file could not be written (the old file is then
            untouched).
        filelock.Timeout: Another papertui holds the state file's lock.
    """
    from filelock import FileLock

    from papertui.vault.atomic import write_atomically
    from papertui.vault.state.disk import LOCK_TIMEOUT

    state_path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(f"{state_path}.lock", timeout=LOCK_TIMEOUT):
        backup: Path | None = None
        try:
            old = state_path.read_bytes()
        except FileNotFoundError:
            old = None
        if old is not None:
            backup = state_path.with_name(f"{state_path.name}.backup-{moment}")
            counter = 0
            while backup.exists():
                counter += 1
                backup = state_path.with_name(f"{state_path.name}.backup-{moment}-{counter}")
            write_atomically(backup, old, overwrite=False)
        write_atomically(state_path, document.dump({}).encode("utf-8"))
    return backup
