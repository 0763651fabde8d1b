"""Collections: named reading lists of paper keys in the user's order, merged without loss.

Every change is stamped where it happens, so two papertui processes merge
field by field, the change made last winning: a collection's existence (made,
deleted) is one mark, each paper's membership and place in it another. Two
processes adding different papers to one collection keep both; a removal or a
deletion made after an addition wins over it, and the other way round.

In the state file (schema 3)::

    "collections": {"To read": {"alive": [true, "<stamp>"],
                                "papers": {"arxiv:1": [true, 1.0, "<stamp>"]}}}

Pure: no Textual, no Rich.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol, runtime_checkable

Member = tuple[bool, float, str]
"""A paper in a collection: in it or taken out, its place (lower first), when that was set."""
Alive = tuple[bool, str]
"""A collection made (True) or deleted (False), and when."""


def fold(name: str) -> str:
    """How names compare: ``To read``, ``to read`` and `` to  read `` are one collection."""
    return " ".join(name.split()).casefold()


def clean_name(name: str) -> str:
    """A name as stored: spaces collapsed, no control characters."""
    return " ".join("".join(c for c in name if c.isprintable()).split())


@dataclass(slots=True)
class Shelf:
    """One collection: its name as first typed, whether it exists, its papers."""

    name: str
    alive: Alive
    members: dict[str, Member] = field(default_factory=dict)

    def keys(self) -> list[str]:
        """The keys of the papers in it, in the user's order."""
        held = [
            (place, stamp, key) for key, (inside, place, stamp) in self.members.items() if inside
        ]
        return [key for _, _, key in sorted(held)]

    @property
    def shown(self) -> bool:
        """It exists: made and not deleted since, or a paper added after its deletion."""
        if self.alive[0]:
            return True
        return any(inside and stamp > self.alive[1] for inside, _, stamp in self.members.values())

    def copy(self) -> Shelf:
        return Shelf(self.name, self.alive, dict(self.members))


@runtime_checkable
class HasCollections(Protocol):
    """Something that knows the collections (``StateStore`` does): for ``in:`` and the tree."""

    def collection(self, name: str) -> Sequence[str]:
        """The keys of the papers in the collection ``name`` (any case), in order."""
        ...

    def collection_names(self) -> Sequence[str]:
        """The names of every collection, alphabetical."""
        ...


def collection_keys(source: object, name: str) -> Sequence[str]:
    """The ordered keys of collection ``name`` if ``source`` knows collections, else none."""
    return source.collection(name) if isinstance(source, HasCollections) else ()


def collection_names(source: object) -> Sequence[str]:
    """The names of the collections ``source`` knows (none if it knows none)."""
    return source.collection_names() if isinstance(source, HasCollections) else ()


def memberships(source: object) -> dict[str, list[str]]:
    """Paper key -> the names of the collections holding it, for ``source`` (see above)."""
    found: dict[str, list[str]] = {}
    for name in collection_names(source):
        for key in collection_keys(source, name):
            found.setdefault(key, []).append(name)
    return found


class Collections:
    """Every collection, by folded name; edits take the stamp to write (see :func:`later`)."""

    def __init__(self, shelves: dict[str, Shelf] | None = None) -> None:
        self.shelves: dict[str, Shelf] = shelves or {}

    def copy(self) -> Collections:
        """A copy whose edits leave this one alone (what a save writes while edits go on)."""
        return Collections({folded: shelf.copy() for folded, shelf in self.shelves.items()})

    # -- reading -------------------------------------------------------------

    def names(self) -> list[str]:
        """The names of the collections that exist, in alphabetical order."""
        shown = [shelf.name for shelf in self.shelves.values() if shelf.shown]
        return sorted(shown, key=str.casefold)

    def find(self, name: str) -> str | None:
        """The stored name of the existing collection ``name`` (any case), or None."""
        shelf = self.shelves.get(fold(name))
        return shelf.name if shelf is not None and shelf.shown else None

    def keys(self, name: str) -> list[str]:
        """The keys in collection ``name`` (any case), in order; none if there is no such."""
        shelf = self.shelves.get(fold(name))
        return shelf.keys() if shelf is not None and shelf.shown else []

    def holds(self, name: str, key: str) -> bool:
        shelf = self.shelves.get(fold(name))
        member = shelf.members.get(key) if shelf is not None and shelf.shown else None
        return member is not None and member[0]

    def held(self) -> set[tuple[str, str]]:
        """(folded name, key) for every paper in every collection: what a merge compares."""
        return {
            (folded, key)
            for folded, shelf in self.shelves.items()
            for key in (shelf.keys() if shelf.shown else ())
        }

    # -- editing (each returns the keys it changed) -----------------------------

    def add(self, name: str, keys: Iterable[str], now: str) -> list[str]:
        """Put ``keys`` at the end of collection ``name``, making it if needed."""
        name = clean_name(name)
        folded = fold(name)
        if not folded:
            raise ValueError("a collection needs a name")
        shelf = self.shelves.get(folded)
        if shelf is None:
            shelf = self.shelves[folded] = Shelf(name, (True, now))
        elif not shelf.shown:
            shelf.name, shelf.alive = name, (True, later(now, shelf.alive[1]))
        places = [place for inside, place, _ in shelf.members.values() if inside]
        # Places after the last one and after the time: what two processes append
        # without seeing each other comes in the order it was added.
        end = max(max(places, default=0.0) + 1.0, _seconds(now))
        changed: list[str] = []
        for key in dict.fromkeys(keys):
            old = shelf.members.get(key)
            if old is not None and old[0]:
                continue
            end += 1e-6  # (a microsecond: below the time between two adds)
            shelf.members[key] = (True, end, later(now, old[2] if old else ""))
            changed.append(key)
        return changed

    def remove(self, name: str, keys: Iterable[str], now: str) -> list[str]:
        """Take ``keys`` out of collection ``name``."""
        shelf = self.shelves.get(fold(name))
        changed: list[str] = []
        if shelf is None:
            return changed
        for key in dict.fromkeys(keys):
            old = shelf.members.get(key)
            if old is not None and old[0]:
                shelf.members[key] = (False, old[1], later(now, old[2]))
                changed.append(key)
        return changed

    def move(self, name: str, key: str, step: int, now: str) -> bool:
        """Swap the paper ``key`` with its neighbour ``step`` (±1) places on; False at an end."""
        shelf = self.shelves.get(fold(name))
        if shelf is None:
            return False
        order = shelf.keys()
        if key not in order:
            return False
        here = order.index(key)
        there = here + step
        if not 0 <= there < len(order):
            return False
        other = order[there]
        mine, theirs = shelf.members[key], shelf.members[other]
        if mine[1] == theirs[1]:  # two processes appended at once: spread the places first
            for place, each in enumerate(order, 1):
                old = shelf.members[each]
                shelf.members[each] = (True, float(place), later(now, old[2]))
            mine, theirs = shelf.members[key], shelf.members[other]
        shelf.members[key] = (True, theirs[1], later(now, mine[2]))
        shelf.members[other] = (True, mine[1], later(now, theirs[2]))
        return True

    def delete(self, name: str, now: str) -> list[str]:
        """Delete collection ``name`` (its papers stay in the vault); the keys it held."""
        shelf = self.shelves.get(fold(name))
        if shelf is None or not shelf.shown:
            return []
        held = shelf.keys()
        stamp = later(now, max((m[2] for m in shelf.members.values()), default=shelf.alive[1]))
        stamp = later(stamp, shelf.alive[1])
        for key in held:
            _, place, _ = shelf.members[key]
            shelf.members[key] = (False, place, stamp)
        shelf.alive = (False, stamp)
        return held

    def rename(self, name: str, new: str, now: str) -> bool:
        """Give collection ``name`` the name ``new`` (its papers in their order); False if
        there is no such collection or ``new`` names another one."""
        shelf = self.shelves.get(fold(name))
        new = clean_name(new)
        if shelf is None or not shelf.shown or not fold(new):
            return False
        if fold(new) == fold(name):
            shelf.name = new
            shelf.alive = (True, later(now, shelf.alive[1]))
            return True
        if self.find(new) is not None:
            return False
        held = shelf.keys()
        self.delete(name, now)
        self.add(new, held, now)
        return True

    # -- merging and the file -----------------------------------------------------

    def merge(self, other: Collections) -> None:
        """Take in ``other``'s changes: per collection and paper, the newer mark wins."""
        for folded, theirs in other.shelves.items():
            ours = self.shelves.get(folded)
            if ours is None:
                self.shelves[folded] = theirs.copy()
                continue
            if theirs.alive[0] and ours.alive[0]:
                if theirs.alive[1] < ours.alive[1]:  # made in both: the first making names it
                    ours.alive, ours.name = theirs.alive, theirs.name
            elif (theirs.alive[1], theirs.alive[0]) > (ours.alive[1], ours.alive[0]):
                ours.alive, ours.name = theirs.alive, theirs.name
            for key, member in theirs.members.items():
                mine = ours.members.get(key)
                if mine is None or (member[2], member[0], member[1]) > (mine[2], mine[0], mine[1]):
                    ours.members[key] = member

    def to_json(self) -> dict[str, object]:
        return {
            shelf.name: {
                "alive": list(shelf.alive),
                "papers": {key: list(member) for key, member in shelf.members.items()},
            }
            for shelf in self.shelves.values()
        }

    @classmethod
    def from_json(
        cls, raw: object, canonical: Callable[[object], str | None]
    ) -> tuple[Collections, int]:
        """The collections in ``raw`` (a state file's ``collections``), and how many entries
        were unreadable (left out). ``canonical`` checks a stamp."""
        collections = cls()
        if raw is None:
            return collections, 0
        if not isinstance(raw, dict):
            return collections, 1
        bad = 0
        for name, entry in raw.items():
            shelf = _shelf(name, entry, canonical)
            if shelf is None:
                bad += 1
                continue
            folded = fold(shelf.name)
            if folded in collections.shelves:  # two spellings of one name: merge them
                collections.merge(cls({folded: shelf}))
            else:
                collections.shelves[folded] = shelf
        return collections, bad


def _shelf(name: object, entry: object, canonical: Callable[[object], str | None]) -> Shelf | None:
    if not isinstance(name, str) or not fold(name) or not isinstance(entry, dict):
        return None
    alive, papers = entry.get("alive"), entry.get("papers", {})
    if not (isinstance(alive, list) and len(alive) == 2 and isinstance(alive[0], bool)):
        return None
    stamp = canonical(alive[1])
    if stamp is None or not isinstance(papers, dict):
        return None
    shelf = Shelf(clean_name(name), (alive[0], stamp))
    for key, member in papers.items():
        if not (isinstance(member, list) and len(member) == 3 and isinstance(member[0], bool)):
            continue
        place, when = member[1], canonical(member[2])
        if isinstance(place, bool) or not isinstance(place, int | float) or when is None:
            continue
        shelf.members[key] = (member[0], float(place), when)
    return shelf


def later(now: str, old: str) -> str:
    """``now``, or just after ``old`` when the clock went back: a change never loses to an
    older one because of it."""
    if not old or now > old:
        return now
    try:
        moment = datetime.fromisoformat(old) + timedelta(microseconds=1)
        return moment.astimezone(UTC).isoformat(timespec="microseconds")
    except (ValueError, OverflowError):
        return old


def _seconds(stamp: str) -> float:
    try:
        return datetime.fromisoformat(stamp).timestamp()
    except ValueError:
        return 0.0
