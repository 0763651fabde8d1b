"""What a filter returns: hits best first, and the title characters to highlight."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import overload

from papertui.vault.paper import Paper
from papertui.vault.query.fold import fold
from papertui.vault.query.language import Kind, Mode, Query, normalise
from papertui.vault.query.text import initials_pattern, subsequence_pattern


@dataclass(frozen=True, slots=True)
class Hit:
    """One paper that passed a filter."""

    paper: Paper
    score: float
    """0 to 100; higher is a better match. 0 when the query has no bare words."""
    title_positions: tuple[int, ...] = ()
    """Indices of matched title characters; filled by :meth:`Hits.highlighted`."""


class Hits(Sequence[Hit]):
    """The papers that passed a filter, best first, as a lazy sequence.

    Hit objects are made only for the rows asked for, so a result of 150,000
    papers costs two lists of ints, not 150,000 objects.
    """

    __slots__ = ("_ids", "_papers", "_scores", "query")

    def __init__(
        self,
        papers: Sequence[Paper],
        ids: Sequence[int],
        scores: Sequence[int] | None,
        query: Query,
    ) -> None:
        self._papers = papers
        self._ids = ids
        self._scores = scores
        self.query = query
        """The query these hits answer."""

    def __len__(self) -> int:
        return len(self._ids)

    @overload
    def __getitem__(self, index: int) -> Hit: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Hit]: ...

    def __getitem__(self, index: int | slice) -> Hit | Sequence[Hit]:
        if isinstance(index, slice):
            return [self._hit(i) for i in range(*index.indices(len(self._ids)))]
        if index < 0:
            index += len(self._ids)
        if not 0 <= index < len(self._ids):
            raise IndexError("hit index out of range")
        return self._hit(index)

    def __iter__(self) -> Iterator[Hit]:
        return (self._hit(i) for i in range(len(self._ids)))

    def _hit(self, row: int) -> Hit:
        score = float(self._scores[row]) if self._scores is not None else 0.0
        return Hit(self._papers[self._ids[row]], score)

    @property
    def ids(self) -> Sequence[int]:
        """The positions of the hits in the searched sequence, in hit order."""
        return self._ids

    @property
    def papers(self) -> list[Paper]:
        """The papers, in hit order."""
        return list(map(self._papers.__getitem__, self._ids))

    @property
    def ranked(self) -> bool:
        """True when the order is by relevance (the query has bare words)."""
        return self._scores is not None

    def highlighted(self, row: int) -> Hit:
        """The hit at ``row`` with its ``title_positions`` filled in."""
        hit = self[row]
        positions = highlight_positions(hit.paper.title, self.query)
        return Hit(hit.paper, hit.score, positions)


def highlight_positions(title: str, query: Query) -> tuple[int, ...]:
    """The indices of the characters of ``title`` that the query's words match.

    Cheap enough per visible row, too dear for every hit: call it only for the
    rows on screen.
    """
    terms = query.text_terms
    if not terms:
        return ()
    # Normalise character by character so indices stay those of the title.
    chars = [normalise(char)[:1] or " " for char in title]
    text = "".join(chars)
    positions: set[int] = set()
    for term in terms:
        if term.kind is Kind.SYMBOLS:
            positions.update(_symbol_positions(title, term.value))
        else:
            positions.update(_term_positions(text, term.value, term.mode))
    return tuple(sorted(positions))


def _symbol_positions(title: str, value: str) -> range:
    folded = title.casefold()
    start = folded.find(value) if len(folded) == len(title) else -1
    return range(start, start + len(value)) if start >= 0 else range(0)


def _folded_positions(text: str, value: str) -> tuple[int, ...]:
    """Where ``value`` matches ``text`` with separators folded, or by word starts."""
    kept = [i for i, char in enumerate(text) if char != " "]
    folded = fold(value)
    start = "".join(text[i] for i in kept).find(folded)
    if start >= 0:
        return tuple(kept[start : start + len(folded)])
    pattern = initials_pattern(folded, capture=True)
    match = pattern.search(f" {text}") if pattern is not None else None
    if match is None:
        return ()
    return tuple(match.start(group) - 1 for group in range(1, len(folded) + 1))


def _term_positions(text: str, value: str, mode: Mode) -> range | tuple[int, ...]:
    if mode is Mode.PREFIX or mode is Mode.EQUAL:
        stripped = text.lstrip()
        start = len(text) - len(stripped)
        ok = stripped.startswith(value)
        if mode is Mode.EQUAL:
            ok = ok and not stripped[len(value) :].strip()
        return range(start, start + len(value)) if ok else ()
    if mode is Mode.SUFFIX:
        stripped = text.rstrip()
        return range(len(stripped) - len(value), len(stripped)) if stripped.endswith(value) else ()
    start = text.find(value)
    if start >= 0:
        return range(start, start + len(value))
    if mode is Mode.FUZZY and (folded := _folded_positions(text, value)):
        return folded
    if mode is Mode.FUZZY:
        # A near miss: a word starting like the value (the space shifts indices by one).
        match = re.search(subsequence_pattern(value, capture=True, word_start=True), f" {text}")
        if match is not None:
            return tuple(match.start(group) - 1 for group in range(1, len(value) + 1))
    return ()
