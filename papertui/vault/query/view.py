"""View: an immutable selection of papers that says what it shows."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import compress

from papertui.vault.flags import Flags
from papertui.vault.paper import Paper
from papertui.vault.query.hits import Hits
from papertui.vault.query.index import PaperIndex
from papertui.vault.query.language import Query, parse_query


class View(Sequence[Paper]):
    """Papers narrowed step by step (braindrop style): each step returns a new View.

    ``View(papers).tagged("Video").matching("is:unread gauss", flags)`` holds the
    unread papers tagged Video (or under it) that match "gauss", best first,
    and ``description`` reads "Video · is:unread gauss".
    """

    __slots__ = ("_ids", "_index", "description", "hits")

    def __init__(
        self,
        papers: Sequence[Paper] | PaperIndex,
        description: str = "All papers",
        *,
        ids: Sequence[int] | None = None,
        hits: Hits | None = None,
    ) -> None:
        self._index = papers if isinstance(papers, PaperIndex) else PaperIndex(papers)
        self._ids: Sequence[int] = range(len(self._index)) if ids is None else ids
        self.description = description
        """What is shown, for a sub-title: the steps joined by " · "."""
        self.hits = hits
        """The ranked hits when the last step was :meth:`matching`."""

    @property
    def paper_index(self) -> PaperIndex:
        """The index every step of this view searches."""
        return self._index

    @property
    def ids(self) -> Sequence[int]:
        """The positions of this view's papers in the index, in view order."""
        return self._ids

    @property
    def total(self) -> int:
        """How many papers the unnarrowed view holds."""
        return len(self._index)

    @property
    def summary(self) -> str:
        """``description — N of TOTAL``, for a sub-title."""
        return f"{self.description} — {len(self):,} of {self.total:,}"

    def __len__(self) -> int:
        return len(self._ids)

    def __getitem__(self, index: int | slice) -> Paper | Sequence[Paper]:  # type: ignore[override]
        if isinstance(index, slice):
            return [self._index.papers[i] for i in self._ids[index]]
        return self._index.papers[self._ids[index]]

    def __iter__(self) -> Iterator[Paper]:
        return map(self._index.papers.__getitem__, self._ids)

    def _step(self, label: str, ids: Sequence[int], hits: Hits | None = None) -> View:
        first = self.description == "All papers" or not self.description
        description = label if first else f"{self.description} · {label}"
        return View(self._index, description, ids=ids, hits=hits)

    def tagged(self, tag: str) -> View:
        """The papers with ``tag`` or a tag nested under it (case-insensitive)."""
        members = self._index.tagged(tag)
        return self._step(tag, list(compress(self._ids, map(members.__contains__, self._ids))))

    def only(self, keys: Iterable[str], label: str) -> View:
        """The papers whose key is in ``keys`` (the New node, say)."""
        members = self._index.positions(keys)
        return self._step(label, list(compress(self._ids, map(members.__contains__, self._ids))))

    def matching(self, query: Query | str, flags: Flags) -> View:
        """The papers that match ``query``, best first when it has bare words.

        Raises:
            QueryError: when ``query`` is a string that cannot be parsed.
        """
        parsed = parse_query(query) if isinstance(query, str) else query
        if parsed.is_empty:
            return self
        within = None if len(self._ids) == len(self._index) else set(self._ids)
        hits = self._index.search(parsed, flags, within)
        return self._step(parsed.text.strip() or "query", hits.ids, hits)
