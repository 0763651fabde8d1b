"""Merger: a vault's papers from its notes' rows, kept up to date as notes come and go."""

from __future__ import annotations

from bisect import insort
from collections.abc import Iterator, Sequence

from papertui.vault.paper import Paper, SectionRow, paper_key
from papertui.vault.scan.paper_making import (
    Order,
    group_order,
    kept_whole,
    pair_order,
    paper_from_row,
    paper_from_rows,
    paper_order,
    row_of,
)
from papertui.vault.scan.result import Pair

_FEW = 256
"""Up to this many papers to place are put in place one by one; more, and all are sorted."""


def rekeyed(row: SectionRow, key: str) -> SectionRow:
    """The row under another paper key (a title-keyed row that joins an id-keyed paper,
    whose arXiv id it then carries too, or goes back to its own title key)."""
    if key.startswith("arxiv:"):
        return row._replace(arxiv_id=key[6:], key=key)
    if key.startswith("title:"):
        return row._replace(arxiv_id=None, key=key)
    return row._replace(key=key)


class Merger:
    """The papers of a vault from the rows of its notes; notes can be added and removed.

    Rows are grouped by paper key in scan order (note path order, then line).
    Rows that come one note at a time (a scan) make their paper at once, so the
    work is done while worker processes read (unless ``eager`` is False);
    whole groups from a cache make theirs only when :meth:`papers` asks
    (``papertui list --json`` never does: it writes the rows). Papers sort by
    :data:`Order`, which gives the same order however the rows arrived: an
    incremental update equals a scan from scratch.
    """

    def __init__(self, *, eager: bool = True) -> None:
        """A merger.

        Args:
            eager: Make each paper as its first row comes (while workers read
                the rest); False leaves all making to :meth:`papers`.
        """
        self.eager = eager
        self.groups: dict[str, list[Pair] | None] = {}
        """Each paper's rows; None for a paper made from its one row, which the
        paper holds all of (see :func:`row_of`): 150,000 rows take 30 MB."""
        self.built: dict[str, Paper] = {}
        self._note_keys: dict[str, list[str]] | None = None
        """The keys of each note's rows (a key twice for a paper twice in a note): made
        when a note is first removed, kept up to date from then on."""
        self._stale: set[str] = set()
        """Keys whose paper must be made again (or at all)."""
        self._unbuilt: list[str] = []
        """Keys from a cache whose paper is not made yet."""
        self._unsorted: set[str] = set()
        """Groups whose rows came out of scan order."""
        self._order: dict[str, Order] = {}
        """Papers' places, kept from a full sort for the next (a scan sorts again and
        again as rows come); :meth:`forget_orders` lets them go."""
        self._sorted: list[str] = []
        """Keys in order as of the last sort (some may be gone since)."""
        self._fresh: list[str] = []
        """Keys first seen since then."""
        self._moved: set[str] = set()
        """Keys whose rows changed since then: their place may have too."""
        self._resort = False
        self._snapshot: tuple[Paper, ...] | None = ()
        self._aliases: dict[str, str] | None = None
        """``title:`` key -> the id key of the paper with that normalised title: made when the
        first title-keyed row comes (a vault of arXiv digests never pays for it)."""
        self._rekeyed: set[int] = set()
        """The rows (by ``id``) that joined an id-keyed paper under its key."""
        self._moves: list[tuple[str, str]] = []

    def __len__(self) -> int:
        return len(self.groups)

    def add(self, path: str, rows: Sequence[SectionRow], *, in_order: bool = True) -> None:
        """The rows of the note at ``path``.

        Args:
            path: The note.
            rows: Its section rows, in line order.
            in_order: False when the note may come before notes already added
                (a note read again), so the groups it joins need sorting.
        """
        groups = self.groups
        built = self.built
        keys: list[str] = []
        for row in rows:
            key = row.key
            # (a known key needs no alias: its title was looked at with its first row)
            if key not in groups and (self._aliases is not None or key.startswith("title:")):
                row, key = self._alias(row, key)
            keys.append(key)
            if key not in groups:
                if self.eager:
                    built[key] = paper = paper_from_row(key, path, row)
                    groups[key] = None if kept_whole(paper, row) else [(path, row)]
                else:
                    groups[key] = [(path, row)]
                    self._unbuilt.append(key)
                self._fresh.append(key)
            else:
                group = self.group(key)
                groups[key] = group
                group.append((path, row))
                self._moved.add(key)
                if not in_order:
                    self._unsorted.add(key)
                if self.eager and key not in self._unsorted:
                    # Made again now, while its rows are fresh in memory and the
                    # workers read on, rather than all at the end of the scan.
                    built[key] = paper_from_rows(key, group)
                else:
                    self._stale.add(key)
        if self._note_keys is not None:
            self._note_keys.setdefault(path, []).extend(keys)
        self._snapshot = None
        while self._moves:
            self._move(*self._moves.pop())

    def _alias(self, row: SectionRow, key: str) -> tuple[SectionRow, str]:
        """The row and its key once an id-keyed and a title-keyed paper of one title are one.

        A title-keyed row joins the id-keyed paper of its normalised title; an id-keyed
        row takes in the title-keyed rows that came before it (moved after this note).
        """
        aliases = self._aliases
        if aliases is None:
            aliases = self._aliases = {}
            for other in self.groups:
                if not other.startswith("title:"):
                    aliases.setdefault(paper_key(None, self._title(other)), other)
        if key.startswith("title:"):
            target = aliases.get(key)
            if target is None or target not in self.groups:
                return row, key
            row = rekeyed(row, target)
            self._rekeyed.add(id(row))
            return row, target
        title_key = paper_key(None, row.title)
        if aliases.setdefault(title_key, key) == key and title_key in self.groups:
            self._moves.append((title_key, key))
        return row, key

    def _title(self, key: str) -> str:
        group = self.groups[key]
        if group is None:
            return self.built[key].title
        _, first = group[0]
        return first.title

    def _move(self, old: str, new: str) -> None:
        """The rows of paper ``old`` join paper ``new`` (or go back to their own title key)."""
        pairs = self.group(old)
        self._drop(old)
        paths = {path for path, _ in pairs}
        if self._note_keys is not None:
            for path in paths:
                keys = self._note_keys.get(path, [])
                keys[:] = [new if key == old else key for key in keys]
        for path, row in pairs:
            moved = rekeyed(row, new)
            if new.startswith("title:"):
                self._rekeyed.discard(id(row))
            else:
                self._rekeyed.add(id(moved))
            self._add_moved(path, moved)

    def _add_moved(self, path: str, row: SectionRow) -> None:
        notes = self._note_keys
        self._note_keys = None  # (already rewritten by _move)
        try:
            self.add(path, (row,), in_order=False)
        finally:
            self._note_keys = notes

    def _drop(self, key: str) -> None:
        """Forget paper ``key`` and its rows."""
        del self.groups[key]
        self.built.pop(key, None)
        self._order.pop(key, None)
        self._stale.discard(key)
        self._unsorted.discard(key)
        self._resort = True

    def add_group(self, group: list[Pair]) -> None:
        """A whole paper's rows, from a cache that lists papers in their sorted order."""
        _, first = group[0]
        key = first.key
        if key in self.groups:  # a cache never lists a key twice, but never trust one
            for path, row in group:
                self.add(path, (row,), in_order=False)
            return
        self.groups[key] = group
        self._note_keys = None
        self._sorted.append(key)
        self._unbuilt.append(key)
        self._snapshot = None

    def remove(self, path: str) -> None:
        """Forget the rows of the note at ``path``."""
        keys = self.note_keys().pop(path, None)
        if not keys:
            return
        groups = self.groups
        for key in dict.fromkeys(keys):
            pairs = self.group(key)
            kept = [(where, row) for where, row in pairs if where != path]
            if self._rekeyed:
                self._rekeyed.difference_update(id(row) for where, row in pairs if where == path)
            if kept and self._rekeyed and all(id(row) in self._rekeyed for _, row in kept):
                # Only title-keyed rows are left of an id-keyed paper: back to their own key.
                _, first = kept[0]
                title_key = paper_key(None, first.title)
                if self._aliases is not None:
                    self._aliases.pop(title_key, None)
                groups[key] = kept
                self._move(key, title_key)
            elif kept:
                groups[key] = kept
                self._stale.add(key)
                self._moved.add(key)
            else:
                self._drop(key)
        self._snapshot = None

    def note_keys(self) -> dict[str, list[str]]:
        """The keys of each note's rows (a key twice for a paper twice in a note)."""
        if self._note_keys is None:
            found: dict[str, list[str]] = {}
            built = self.built
            for key, group in self.groups.items():
                paths = [built[key].appearances[0].path] if group is None else [p for p, _ in group]
                for path in paths:
                    keys = found.get(path)
                    if keys is None:
                        found[path] = [key]
                    else:
                        keys.append(key)
            self._note_keys = found
        return self._note_keys

    def group(self, key: str) -> list[Pair]:
        """The rows of the paper ``key`` (made again from the paper, if it was made from one)."""
        group = self.groups[key]
        if group is None:
            paper = self.built[key]
            return [(paper.appearances[0].path, row_of(paper))]
        return group

    def with_images(self) -> Iterator[tuple[str, list[Pair]]]:
        """(key, rows) of every paper that shows local images."""
        built = self.built
        for key, group in list(self.groups.items()):
            if group is None:
                if built[key].images:
                    yield key, self.group(key)
            elif any(row.images for _, row in group):
                yield key, group

    def replace(self, key: str, group: list[Pair]) -> None:
        """New rows for one paper, from the same notes (its images looked at again)."""
        self.groups[key] = group
        self._stale.add(key)
        self._snapshot = None

    def _arrange(self) -> list[str]:
        """The keys in order, placed again if papers came, went or changed since."""
        groups = self.groups
        order = self._order
        for key in self._unsorted:
            self.group(key).sort(key=pair_order)  # (rows that came out of order: a list)
        self._unsorted.clear()
        for key in self._moved:
            order.pop(key, None)
        if not (self._fresh or self._moved or self._resort):
            return self._sorted
        # A key may have come, gone and come again since the last sort.
        placing = dict.fromkeys(self._fresh)
        placing.update(dict.fromkeys(self._moved))
        for key in placing.keys() - groups.keys():
            del placing[key]
        keys = [key for key in self._sorted if key in groups and key not in placing]
        self._fresh = []
        self._moved.clear()
        self._resort = False
        if len(placing) <= _FEW:
            # A live change: each paper put in its place, no sort, no order kept.
            for key in placing:
                insort(keys, key, key=self._place)
        else:
            keys.extend(placing)
            for key in keys:
                if key not in order:
                    order[key] = self._order_of(key)
            keys.sort(key=order.__getitem__)
        self._sorted = keys
        return keys

    def _place(self, key: str) -> Order:
        found = self._order.get(key)
        return self._order_of(key) if found is None else found

    def _order_of(self, key: str) -> Order:
        group = self.groups[key]
        return paper_order(self.built[key]) if group is None else group_order(group)

    def forget_orders(self) -> None:
        """Let the papers' places go (a 150,000-paper scan keeps 30 MB of them)."""
        self._order = {}

    def papers(self) -> tuple[Paper, ...]:
        """One paper per key; newest day first, then by title (see :data:`Order`)."""
        if self._snapshot is not None:
            return self._snapshot
        keys = self._arrange()
        built = self.built
        groups = self.groups
        for key in (*self._unbuilt, *self._stale):
            group = groups.get(key, ())
            if group:  # made from its rows, unless made already (or gone)
                built[key] = paper = paper_from_rows(key, group)
                if len(group) == 1:
                    ((_, row),) = group
                    if kept_whole(paper, row):
                        groups[key] = None
        self._unbuilt = []
        self._stale.clear()
        self._snapshot = tuple([built[key] for key in keys])
        return self._snapshot

    def in_order(self) -> Iterator[list[Pair]]:
        """Each paper's rows, in the papers' order (no paper is made for it)."""
        group = self.group
        for key in self._arrange():
            yield group(key)
