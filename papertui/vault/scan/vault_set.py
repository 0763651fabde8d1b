"""Several vaults read as one: a Scanner (and its index cache) per vault, their papers merged.

The papers of ``~/notes`` and ``~/digests`` are merged as one vault's are
(by arXiv id, an id-keyed and a title-keyed paper of one title being one): a
paper in both vaults is one paper with the appearances of both. A note's path
is relative to the folder the vaults share (``notes/2024/x.md``,
``digests/y.md``): its vault's name leads it, so no two notes share a path and
every path still reads from that folder. The state's seen notes stay keyed by
vault (:meth:`VaultSet.vault_notes`).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path, PurePath

from papertui.vault.collector import collector_paused
from papertui.vault.paper import SectionRow
from papertui.vault.scan.changed_paths import relative_path
from papertui.vault.scan.merger import Merger
from papertui.vault.scan.result import (
    NoteReport,
    ScanProgress,
    ScanResult,
    ScanRows,
    final_result,
)
from papertui.vault.scan.scanner import Scanner


class VaultError(ValueError):
    """Vaults that cannot be read together (one inside another)."""


def common_root(vaults: Sequence[Path]) -> Path:
    """The folder the vaults share, which their notes' paths are relative to.

    Raises:
        VaultError: One vault is inside another (its notes would be read twice).
    """
    absolute = [os.path.abspath(vault) for vault in vaults]
    for index, one in enumerate(absolute):
        for other in absolute[index + 1 :]:
            if one == other:
                continue
            inner, outer = (one, other) if len(one) > len(other) else (other, one)
            if os.path.commonpath([inner, outer]) == outer:
                raise VaultError(f"{inner} is inside {outer}: give one or the other")
    return Path(os.path.commonpath(absolute))


def distinct(vaults: Iterable[Path]) -> tuple[Path, ...]:
    """The vaults, each once (the same folder named twice is read once)."""
    seen: dict[str, Path] = {}
    for vault in vaults:
        seen.setdefault(os.path.abspath(vault), vault)
    return tuple(seen.values())


def vault_label(root: Path, vault: Path) -> str:
    """How notes of ``vault`` are named below ``root``: ``notes``, ``a/notes``."""
    return PurePath(os.path.relpath(os.path.abspath(vault), root)).as_posix()


class VaultSet:
    """The papers of several vaults, as one :class:`Scanner` gives one vault's.

    It answers what the reader and the commands ask of a Scanner (``scan``,
    ``iter_batches``, ``apply_watch``, ``refresh``, ``save_cache``, ``result``,
    ``roots``): each vault is scanned (and cached) by its own Scanner, and the
    rows of all are merged whenever one changes.
    """

    def __init__(
        self,
        vaults: Sequence[Path],
        *,
        include: Sequence[str] = (),
        exclude: Sequence[str] = (),
        cache: bool = True,
        parallel: bool | None = None,
    ) -> None:
        """A scanner of ``vaults`` (VaultError if one is inside another)."""
        self.roots = distinct(vaults)
        self.root = common_root(self.roots)
        self.labels = tuple(vault_label(self.root, vault) for vault in self.roots)
        self.scanners = tuple(
            Scanner(vault, include=include, exclude=exclude, cache=cache, parallel=parallel)
            for vault in self.roots
        )
        self._result: ScanResult | None = None

    @property
    def result(self) -> ScanResult | None:
        """The latest complete result, or None before the first scan ends."""
        if self._result is None and all(s.result is not None for s in self.scanners):
            self._result = self._combine()
        return self._result

    def scan(self, progress: Callable[[ScanProgress], None] | None = None) -> ScanResult:
        """Scan every vault; the papers of all (see :meth:`Scanner.scan`)."""
        return final_result(self.iter_batches(interval=0.1, snapshots=False), progress)

    def rows(self, progress: Callable[[ScanProgress], None] | None = None) -> ScanRows:
        """Every note's report and each paper's rows, the vaults merged (``list --json``);
        no paper is made (each vault is read as :meth:`Scanner.read` reads it)."""
        done_before = total = 0

        def told(report: ScanProgress) -> None:
            nonlocal total
            total = report.total
            if progress is not None:
                progress(replace(report, done=done_before + report.done))

        for scanner in self.scanners:
            total = 0
            scanner.read(told)
            done_before += total
        return ScanRows(self._notes(), self._merged().in_order())

    def iter_batches(
        self,
        *,
        interval: float = 0.25,
        snapshots: bool | threading.Event = True,
        freeze: bool = True,
    ) -> Iterator[ScanProgress]:
        """Scan the vaults one after another; a snapshot of all so far after each.

        The arguments are :meth:`Scanner.iter_batches`'s.
        """
        done_before = 0
        totals = [0] * len(self.scanners)
        for number, scanner in enumerate(self.scanners):
            last: ScanProgress | None = None
            for last in scanner.iter_batches(interval=interval, snapshots=False, freeze=False):
                totals[number] = last.total
                if not last.final:
                    yield ScanProgress(
                        done_before + last.done, sum(totals), last.papers, None, final=False
                    )
            done_before += last.total if last is not None else 0
            if number < len(self.scanners) - 1 and _wants(snapshots):
                with collector_paused():
                    partial = self._combine(upto=number + 1)
                yield ScanProgress(done_before, sum(totals), len(partial.papers), partial)
        with collector_paused(freeze=freeze):
            self._result = self._combine()
        total = sum(totals)
        yield ScanProgress(total, total, len(self._result.papers), self._result, final=True)

    def apply_watch(self, changes: Iterable[tuple[int, str]]) -> ScanResult:
        """Take in watchfiles' (``Change``, path) pairs, each in the vault it is in."""
        return self.apply_changes(modified=[path for _, path in changes])

    def apply_changes(
        self,
        added: Iterable[str | os.PathLike[str]] = (),
        modified: Iterable[str | os.PathLike[str]] = (),
        deleted: Iterable[str | os.PathLike[str]] = (),
    ) -> ScanResult:
        """Notes added, changed or deleted, each vault told of its own (paths absolute, or
        relative to the shared folder as this set names notes)."""
        root = os.fspath(self.root)
        paths = [os.path.join(root, os.fspath(path)) for path in (*added, *modified, *deleted)]
        for vault, scanner in zip(self.roots, self.scanners, strict=True):
            bases = (os.path.abspath(vault), os.path.realpath(vault))
            own = [path for path in paths if relative_path(path, bases) is not None]
            if own:
                scanner.apply_changes(modified=own)
        self._result = self._combine()
        return self._result

    def refresh(self) -> ScanResult:
        """Walk every vault again and take in whatever changed."""
        for scanner in self.scanners:
            scanner.refresh()
        self._result = self._combine()
        return self._result

    def save_cache(self) -> bool:
        """Write each vault's cache that changed; True if any was written."""
        return any([scanner.save_cache() for scanner in self.scanners])

    def vault_notes(self, paths: Iterable[str]) -> list[tuple[Path, dict[str, str]]]:
        """``paths`` (as this set names notes) by vault: each vault's, relative to it
        (how the state keeps seen notes) -> as named here."""
        found: list[tuple[Path, dict[str, str]]] = [(vault, {}) for vault in self.roots]
        prefixes = [label + "/" for label in self.labels]
        for path in paths:
            for (_, notes), prefix in zip(found, prefixes, strict=True):
                if path.startswith(prefix):
                    notes[path[len(prefix) :]] = path
                    break
        return found

    # -- merging ----------------------------------------------------------------------

    def _merged(self, upto: int | None = None) -> Merger:
        merger = Merger(eager=False)
        for label, scanner in list(zip(self.labels, self.scanners, strict=True))[:upto]:
            prefix = label + "/"
            for group in scanner.groups():
                for path, row in group:
                    merger.add(prefix + path, (_named_in(row, prefix),), in_order=False)
        return merger

    def _notes(self, upto: int | None = None) -> tuple[NoteReport, ...]:
        """Every vault's note reports, named below the vaults' shared folder."""
        notes: list[NoteReport] = []
        for label, scanner in list(zip(self.labels, self.scanners, strict=True))[:upto]:
            notes.extend(replace(note, path=f"{label}/{note.path}") for note in scanner.notes())
        return tuple(notes)

    def _combine(self, upto: int | None = None) -> ScanResult:
        return ScanResult(self.root, self._merged(upto).papers(), self._notes(upto))


def _wants(snapshots: bool | threading.Event) -> bool:
    if isinstance(snapshots, threading.Event):
        if not snapshots.is_set():
            return False
        snapshots.clear()
        return True
    return snapshots


def _named_in(row: SectionRow, prefix: str) -> SectionRow:
    """The row with its local images' paths below the vaults' shared folder."""
    if not any(image.path for image in row.images):
        return row
    images = tuple(
        image._replace(path=prefix + image.path) if image.path else image for image in row.images
    )
    return row._replace(images=images)
