"""Section rows from every note merged into papers, kept up to date as notes come and go."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import fields
from datetime import date
from typing import Any, TypeAlias

from papertui.vault.paper import Appearance, Image, Links, Paper, SectionRow

Pair: TypeAlias = tuple[str, SectionRow]
"""A section row and the path of the note it is in."""
Order: TypeAlias = tuple[int, str, tuple[str, ...], int]
"""How papers sort: newest day first, then title, then where each was first seen."""


def _setters(cls: type) -> list[Callable[[Any, Any], None]]:
    """The slot setters of a frozen, slotted dataclass, in field order.

    The generated ``__init__`` of a frozen dataclass calls ``object.__setattr__``
    once per field; a scan builds some 150,000 papers with their links and
    appearances, and setting the slots directly halves that time. The classes
    have no ``__post_init__``, so the objects are the same.
    """
    assert "__post_init__" not in cls.__dict__
    return [getattr(cls, field.name).__set__ for field in fields(cls)]


_NEW = object.__new__
_P = _setters(Paper)
_A = _setters(Appearance)
_L = _setters(Links)


def _paper(*values: Any) -> Paper:
    paper: Paper = _NEW(Paper)
    _P[0](paper, values[0])
    _P[1](paper, values[1])
    _P[2](paper, values[2])
    _P[3](paper, values[3])
    _P[4](paper, values[4])
    _P[5](paper, values[5])
    _P[6](paper, values[6])
    _P[7](paper, values[7])
    _P[8](paper, values[8])
    _P[9](paper, values[9])
    _P[10](paper, values[10])
    _P[11](paper, values[11])
    return paper


def _appearance(path: str, line: int, end_line: int, day: date | None) -> Appearance:
    appearance: Appearance = _NEW(Appearance)
    _A[0](appearance, path)
    _A[1](appearance, line)
    _A[2](appearance, end_line)
    _A[3](appearance, day)
    return appearance


def _links(abs_link: str | None, pdf: str | None, code: str | None) -> Links:
    links: Links = _NEW(Links)
    _L[0](links, abs_link)
    _L[1](links, pdf)
    _L[2](links, code)
    return links


_DAYS: dict[int, date | None] = {0: None}


def day(ordinal: int) -> date | None:
    """The day of a row's ordinal (0 for none), one shared object per day."""
    found = _DAYS.get(ordinal)
    if found is None and ordinal:
        found = _DAYS[ordinal] = date.fromordinal(ordinal)
    return found


_PARTS: dict[str, tuple[str, ...]] = {}


def path_order(path: str) -> tuple[str, ...]:
    """A note path as the walk orders notes: folder by folder (``a/x.md`` before ``a.md``)."""
    parts = _PARTS.get(path)
    if parts is None:
        parts = _PARTS[path] = tuple(path.split("/"))
    return parts


def _pair_order(pair: Pair) -> tuple[tuple[str, ...], int]:
    return path_order(pair[0]), pair[1][11]


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
        self.groups: dict[str, list[Pair]] = {}
        self.built: dict[str, Paper] = {}
        self._note_keys: dict[str, list[str]] | None = {}
        """The keys of each note's rows (a key twice for a paper twice in a note); None
        until a note is removed after groups came from a cache."""
        self._stale: set[str] = set()
        """Keys whose paper must be made again (or at all)."""
        self._unbuilt: list[str] = []
        """Keys from a cache whose paper is not made yet."""
        self._unsorted: set[str] = set()
        """Groups whose rows came out of scan order."""
        self._order: dict[str, Order] = {}
        """Each paper's place, computed when a sort needs it."""
        self._sorted: list[str] = []
        """Keys in order as of the last sort (some may be gone since)."""
        self._fresh: list[str] = []
        """Keys first seen since then."""
        self._resort = False
        self._snapshot: tuple[Paper, ...] | None = ()

    def __len__(self) -> int:
        return len(self.groups)

    def add(self, path: str, rows: Iterable[SectionRow], *, in_order: bool = True) -> None:
        """The rows of the note at ``path``.

        Args:
            path: The note.
            rows: Its section rows, in line order.
            in_order: False when the note may come before notes already added
                (a note read again), so the groups it joins need sorting.
        """
        groups = self.groups
        built = self.built
        keys = [] if self._note_keys is None else self._note_keys.setdefault(path, [])
        for row in rows:
            key = row[14]
            keys.append(key)
            group = groups.get(key)
            if group is None:
                groups[key] = group = [(path, row)]
                if self.eager:
                    built[key] = paper_from_rows(key, group)
                else:
                    self._unbuilt.append(key)
                self._fresh.append(key)
            else:
                group.append((path, row))
                self._stale.add(key)
                if not in_order:
                    self._unsorted.add(key)
        self._snapshot = None

    def add_group(self, group: list[Pair]) -> None:
        """A whole paper's rows, from a cache that lists papers in their sorted order."""
        key = group[0][1][14]
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
            kept = [pair for pair in groups[key] if pair[0] != path]
            if kept:
                groups[key] = kept
                self._stale.add(key)
            else:
                del groups[key]
                self.built.pop(key, None)
                self._order.pop(key, None)
                self._stale.discard(key)
                self._unsorted.discard(key)
                self._resort = True
        self._snapshot = None

    def note_keys(self) -> dict[str, list[str]]:
        """The keys of each note's rows (a key twice for a paper twice in a note)."""
        if self._note_keys is None:
            found: dict[str, list[str]] = {}
            for key, group in self.groups.items():
                for path, _ in group:
                    keys = found.get(path)
                    if keys is None:
                        found[path] = [key]
                    else:
                        keys.append(key)
            self._note_keys = found
        return self._note_keys

    def replace(self, key: str, group: list[Pair]) -> None:
        """New rows for one paper, from the same notes (its images looked at again)."""
        self.groups[key] = group
        self._stale.add(key)
        self._snapshot = None

    def _arrange(self) -> list[str]:
        """The keys in order, sorted again if papers came, went or changed since."""
        groups = self.groups
        order = self._order
        for key in self._unsorted:
            groups[key].sort(key=_pair_order)
        self._unsorted.clear()
        if self._stale:
            for key in self._stale:
                order.pop(key, None)
            self._resort = True
        if self._fresh or self._resort:
            # A key may have come, gone and come again since the last sort.
            fresh = [key for key in dict.fromkeys(self._fresh) if key in groups]
            seen = set(fresh)
            keys = [key for key in self._sorted if key in groups and key not in seen]
            keys.extend(fresh)
            self._fresh = []
            for key in keys:
                if key not in order:
                    order[key] = group_order(groups[key])
            keys.sort(key=order.__getitem__)
            self._sorted = keys
            self._resort = False
        return self._sorted

    def papers(self) -> tuple[Paper, ...]:
        """One paper per key; newest day first, then by title (see :data:`Order`)."""
        if self._snapshot is not None:
            return self._snapshot
        keys = self._arrange()
        built = self.built
        groups = self.groups
        for key in self._unbuilt:
            if key not in built and key in groups:
                built[key] = paper_from_rows(key, groups[key])
        self._unbuilt = []
        for key in self._stale:
            built[key] = paper_from_rows(key, groups[key])
        self._stale.clear()
        self._snapshot = tuple([built[key] for key in keys])
        return self._snapshot

    def in_order(self) -> Iterator[list[Pair]]:
        """Each paper's rows, in the papers' order (no paper is made for it)."""
        groups = self.groups
        for key in self._arrange():
            yield groups[key]


def group_order(group: list[Pair]) -> Order:
    """Where the paper of these rows sorts: newest day first, then title, then first appearance.

    The same as the paper's own (its title and first appearance are its first
    row's, its day the earliest); the last two make the order total, so it
    equals a stable sort of the papers in the order a full scan meets them.
    """
    path, first = group[0]
    ordinal = first[13]
    if len(group) > 1:
        ordinal = min((row[13] for _, row in group if row[13]), default=0)
    return -ordinal, first[0].casefold(), path_order(path), first[11]


def merge(rows: Iterable[Pair]) -> tuple[Paper, ...]:
    """One paper per key from (note path, row) pairs in scan order, sorted as a scan sorts."""
    merger = Merger()
    for path, row in rows:
        merger.add(path, (row,))
    return merger.papers()


def paper_from_rows(key: str, rows: list[Pair]) -> Paper:
    """One paper from the (note path, row) of each of its sections, in scan order.

    The same merge as :meth:`Paper.from_sections`, on rows: the first section
    gives title and id; the highest version wins, with its links; tags and
    local images are the union; authors, code link, keywords and summary come
    from the first section that has them; the day is the earliest.
    """
    path, first = rows[0]
    first_day = day(first[13])
    appearance = _appearance(path, first[11], first[12], first_day)
    if len(rows) == 1:
        return _paper(
            key,
            first[0],
            first[3],
            first[1],
            first[2],
            _links(first[4], first[5], first[6]) if first[4] or first[6] else _NO_LINKS,
            first[7],
            first_day,
            first[8],
            first[9],
            tuple([Image(*image) for image in first[10]]) if first[10] else (),
            (appearance,),
        )
    appearances = [appearance]
    authors, version, keywords, summary = first[3], first[2], first[8], first[9]
    abs_link, pdf_link, code = first[4], first[5], first[6]
    tags = dict.fromkeys(first[7])
    images = {image[0]: image for image in first[10]}
    days = [first[13]] if first[13] else []
    for path, row in rows[1:]:
        appearances.append(_appearance(path, row[11], row[12], day(row[13])))
        authors = authors or row[3]
        if row[2] is not None and (version is None or row[2] > version):
            version, abs_link, pdf_link = row[2], row[4] or abs_link, row[5] or pdf_link
        abs_link, pdf_link, code = abs_link or row[4], pdf_link or row[5], code or row[6]
        keywords = keywords or row[8]
        summary = summary or row[9]
        tags.update(dict.fromkeys(row[7]))
        for image in row[10]:
            images.setdefault(image[0], image)
        if row[13]:
            days.append(row[13])
    return _paper(
        key,
        first[0],
        authors,
        first[1],
        version,
        _links(abs_link, pdf_link, code),
        tuple(tags),
        day(min(days)) if days else None,
        keywords,
        summary,
        tuple([Image(*image) for image in images.values()]),
        tuple(appearances),
    )


_NO_LINKS = Links()
