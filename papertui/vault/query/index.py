"""PaperIndex: every paper's normalised text, built once and matched fast (ranking.py ranks)."""

from __future__ import annotations

import operator
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import compress, repeat
from typing import TYPE_CHECKING, Any, TypeVar

from papertui.vault.flags import Flags
from papertui.vault.paper import Paper
from papertui.vault.query.columns import CARRIED, authors_of, folded_of, pinyin_of, take, texts_of
from papertui.vault.query.field_terms import field_tests, tag_matches
from papertui.vault.query.hits import Hits
from papertui.vault.query.language import (
    Clause,
    Kind,
    Mode,
    Query,
    Term,
    normalise_tag,
)
from papertui.vault.query.narrowing import clause_implies
from papertui.vault.query.own import OwnColumns
from papertui.vault.query.prefilter import found_by_grams, select_text
from papertui.vault.query.ranking import Ranked, rank
from papertui.vault.query.text import title_ends
from papertui.vault.state.annotations import OwnLayer, own_layer_of

if TYPE_CHECKING:
    from papertui.vault.query.grams import GramIndex
    from papertui.vault.similar import Similarity

CACHE_SIZE = 12
_not = operator.not_
_T = TypeVar("_T")


@dataclass(slots=True)
class _Entry:
    survivors: list[int]
    """Papers passing every clause's prefilter, in input order."""
    ranked: Ranked | None = None


class PaperIndex:
    """The searchable form of a sequence of papers.

    Columns are built on first use (about 0.6 s per 150,000 papers for the
    text; :meth:`prepare` pays it early, in a worker). Given the index of an
    earlier snapshot of the same vault, the normalised text it had built is
    carried over paper by paper (papers are immutable: the same object, the
    same text) and only new papers are normalised. Recent results are cached, so
    a query that extends an earlier one filters only its survivors. Searches
    may run in worker threads.
    """

    def __init__(self, papers: Sequence[Paper], previous: PaperIndex | None = None) -> None:
        """The index of ``papers``.

        Args:
            papers: The papers, in the order searches return them when unranked.
            previous: An index of an earlier snapshot: its built columns are carried over.
        """
        self.papers: Sequence[Paper] = papers
        self._all = list(range(len(papers)))
        self._lock = threading.RLock()
        self._columns: dict[str, Any] = {}
        self._cache: OrderedDict[tuple[Clause, ...], _Entry] = OrderedDict()
        self.reused = 0
        """How many papers ``previous`` had already worked out."""
        self._own: OwnColumns | None = None
        """Your annotations and tags, as the last search's flags held them."""
        self._bases: dict[str, list[str]] = {}
        """The texts and folded texts without yours (what carries over and takes yours)."""
        self._generation = 0
        """Bumped when your layer changes: a search begun before caches nothing."""
        self.similarity: Similarity | None = None
        """The text model ``similar:`` asks (made from these papers when first asked, if None)."""
        if previous is not None:
            self._carry_over(previous)

    def __len__(self) -> int:
        return len(self.papers)

    def prepare(self, *, folded: bool = True) -> None:
        """Build what bare-word searches need, now.

        Args:
            folded: Also the folded text (separators forgiven, pinyin) and the gram
                index: the dearest (about 1 s and 2 s, 80 MB and 35 MB, 127,000 papers).
        """
        self.titles()
        if folded:
            self.folded_title_ends()
            self.grams()

    @property
    def prepared(self) -> bool:
        """True once what :meth:`prepare` builds (the folded text too) is built."""
        with self._lock:
            return "titles" in self._columns and "folded_title_ends" in self._columns

    def clear_cache(self) -> None:
        """Forget recent results (the next search starts from every paper)."""
        with self._lock:
            self._cache.clear()

    def column(self, name: str, build: Callable[[], _T]) -> _T:
        """The column ``name``, made by ``build`` the first time it is asked for."""
        with self._lock:
            if name not in self._columns:
                self._columns[name] = build()
            return self._columns[name]  # type: ignore[no-any-return]

    def attribute(self, name: str) -> Iterator[Any]:
        """The attribute ``name`` of each paper."""
        return map(operator.attrgetter(name), self.papers)

    # -- columns, one value per paper (the text ones public: ranking reads them) --

    def _carry_over(self, previous: PaperIndex) -> None:
        """Take ``previous``'s columns for the papers it shares with this index."""
        with previous._lock:
            columns = {
                name: previous._bases.get(name, previous._columns[name])
                for name in CARRIED
                if name in previous._columns
            }
        if not columns or not self.papers:
            return
        old = previous.papers
        # Ids are safe: ``old`` keeps its papers alive while this runs.
        where = dict(zip(map(id, old), range(len(old)), strict=True))
        missing = len(old)
        sources = list(map(where.get, map(id, self.papers), repeat(missing)))
        fresh = list(compress(self._all, map(missing.__eq__, sources)))
        self.reused = len(self.papers) - len(fresh)
        new = [self.papers[i] for i in fresh]
        for name, column in columns.items():
            self._columns[name] = self._with_own(
                name, take(column, sources, fresh, CARRIED[name](new))
            )
        if (grams := previous.built_grams()) is not None:  # (built: texts and folded are)
            self._columns["grams"] = grams.carried(sources, missing)
        if "texts" in self._columns:
            self.title_ends()
        if "folded" in self._columns:
            self.folded_title_ends()

    def texts(self) -> list[str]:
        """Title, authors, tags, keywords and arXiv id of each paper, normalised."""
        return self.column("texts", lambda: self._with_own("texts", texts_of(self.papers)))

    def title_ends(self) -> list[int]:
        """Where each text's title ends (its first field)."""
        return self.column("title_ends", lambda: title_ends(self.texts()))

    def titles(self) -> list[str]:
        """Each text's title part (a substring test on it is twice as fast as a bounded find:
        the first keystrokes test every paper's title)."""

        def build() -> list[str]:
            return list(map(str.__getitem__, self.texts(), map(slice, self.title_ends())))

        return self.column("titles", build)

    def folded(self) -> list[str]:
        """Each text with its spaces folded away, then the pinyin of its Chinese."""
        return self.column("folded", lambda: self._with_own("folded", folded_of(self.papers)))

    def folded_title_ends(self) -> list[int]:
        """Where each folded text's title part ends (ends, not a column of title copies:
        those would hold another 13 MB in a big vault)."""
        return self.column("folded_title_ends", lambda: title_ends(self.folded()))

    def grams(self) -> GramIndex:
        """The letters, pairs and words of the texts without yours: bare words' prefilter.

        Built outside the lock (two seconds of a big vault): searches meanwhile take the
        full pass instead of waiting."""
        built = self.built_grams()
        if built is None:
            from papertui.vault.query.grams import GramIndex

            texts, folded, titles = self.texts(), self.folded(), self.titles()
            with self._lock:
                texts, folded = self._bases.get("texts", texts), self._bases.get("folded", folded)
            built = GramIndex(texts, folded, titles, pinyin_of(self.papers))
            with self._lock:
                built = self._columns.setdefault("grams", built)
        return built

    def built_grams(self) -> GramIndex | None:
        """The gram index if :meth:`grams` (or :meth:`prepare`) has built it."""
        return self._columns.get("grams")

    def found(self, needle: str, ids: list[int], *, in_title: bool) -> list[bool] | None:
        """Per id, whether its text (``in_title``: title) holds ``needle``, when the gram
        index can tell (ranking asks)."""
        return found_by_grams(self, needle, ids, in_title=in_title)

    # -- your annotations and tags (vault/query/own.py) -------------------------

    def use_own(self, layer: OwnLayer | None) -> None:
        """Search ``layer`` too (your annotations and tags); None: nothing of yours.

        A search calls this with its flags' layer: the columns built take yours
        in copies, and recent results are forgotten, only when it changed.
        """
        with self._lock:
            if (self._own.layer if self._own else None) is layer:
                return
            positions: dict[str, int] = self.column("key_positions", self._key_positions)
            self._own = OwnColumns(layer, positions) if layer is not None else None
            for name in self._bases:
                self._columns[name] = self._with_own(name, self._bases[name])
            self._generation += 1
            self._cache.clear()

    def _key_positions(self) -> dict[str, int]:
        return dict(zip(self._keys(), self._all, strict=True))

    def _with_own(self, name: str, base: list[str]) -> list[str]:
        """The column ``name`` with your layer in it (``base`` kept as its base)."""
        self._bases[name] = base
        if self._own is None:
            return base
        return self._own.texts(base) if name == "texts" else self._own.folded(base)

    @property
    def own(self) -> OwnColumns | None:
        """Your annotations and tags, as the last search's flags held them."""
        return self._own

    def authors(self) -> list[str]:
        """Each paper's authors, normalised."""
        return self.column("authors", lambda: authors_of(self.papers))

    def _keys(self) -> list[str]:
        return self.column("keys", lambda: list(self.attribute("key")))

    def _tags(self) -> dict[str, set[int]]:
        def build() -> dict[str, set[int]]:
            by_tag: dict[str, set[int]] = {}
            names: dict[str, str] = {}
            for index, tags in enumerate(self.attribute("tags")):
                for tag in tags:
                    name = names.get(tag)
                    if name is None:
                        name = names[tag] = normalise_tag(tag)
                    by_tag.setdefault(name, set()).add(index)
            return by_tag

        return self.column("tags", build)

    def tag_groups(self) -> tuple[list[int], list[tuple[str, ...]]]:
        """Per position, the number of its paper's tag set; and the tag sets by number.

        Papers share few tag sets: counting set numbers is cheaper than
        hashing tuples of tags again for every tag tree.
        """

        def build() -> tuple[list[int], list[tuple[str, ...]]]:
            numbers: dict[tuple[str, ...], int] = {}
            of = [numbers.setdefault(tags, len(numbers)) for tags in self.attribute("tags")]
            return of, list(numbers)

        return self.column("tag_groups", build)

    def keys(self) -> list[str]:
        """Each paper's key, by position."""
        return self._keys()

    def tagged(self, tag: str) -> set[int]:
        """The positions of papers with the tag ``tag`` or one nested under it."""
        return self.tagged_as(normalise_tag(tag), Mode.TREE)

    def tagged_as(self, value: str, mode: Mode) -> set[int]:
        """The positions of papers with a tag (theirs or yours) that ``value`` matches."""
        found: set[int] = set()
        for name, members in self._tags().items():
            if tag_matches(name, value, mode):
                found |= members
        for name, members in (self._own.tags if self._own else {}).items():
            if tag_matches(name, value, mode):
                found |= members
        return found

    def positions(self, keys: Iterable[str]) -> set[int]:
        """The positions of the papers with these keys."""
        wanted = set(keys)
        return set(compress(self._all, map(wanted.__contains__, self._keys())))

    def similar_to(self, key: str) -> list[tuple[str, float]]:
        """The papers most like the paper ``key``, best first, with their similarity."""
        with self._lock:
            if self.similarity is None:
                from papertui.vault.similar import Similarity

                self.similarity = Similarity(self.papers)
            model = self.similarity
        return model.neighbours(key)

    # -- searching -------------------------------------------------------------

    def search(self, query: Query, flags: Flags, within: Iterable[int] | None = None) -> Hits:
        """The papers that match ``query``, best first when it has bare words.

        Args:
            query: A parsed query.
            flags: The papers' flags, for ``is:`` terms.
            within: Positions to keep (a tag node's papers, say); all when None.
        """
        self.use_own(own_layer_of(flags))
        static = tuple(c for c in query.clauses if not any(t.is_dynamic for t in c))
        dynamic = [c for c in query.clauses if any(t.is_dynamic for t in c)]
        entry = self._entry(static)
        if entry.ranked is None:
            entry.ranked = rank(self, static, entry.survivors, self._select_exact)
        ids, scores = entry.ranked
        for clause in dynamic:
            passed = set(self._select_clause(clause, ids, flags))
            ids, scores = _keep(ids, scores, list(map(passed.__contains__, ids)))
        if within is not None:
            allowed = within if isinstance(within, set | frozenset) else set(within)
            ids, scores = _keep(ids, scores, list(map(allowed.__contains__, ids)))
        alike = [t for t in query.terms if t.kind is Kind.SIMILAR and not t.negate]
        if alike:  # most alike first, the similarity (in %) as the score
            found = self.similar_to(alike[0].value)
            place = {key: n for n, (key, _) in enumerate(found)}
            keys = self._keys()
            ids = sorted(ids, key=lambda i: place.get(keys[i], len(place)))
            scores = [round(100 * found[place[keys[i]]][1]) if keys[i] in place else 0 for i in ids]
        return Hits(self.papers, ids, scores, query)

    def _entry(self, static: tuple[Clause, ...]) -> _Entry:
        with self._lock:
            generation = self._generation
            entry = self._cache.get(static)
            if entry is not None:
                self._cache.move_to_end(static)
                return entry
            base: list[int] = self._all
            done: tuple[Clause, ...] = ()
            for old, cached in self._cache.items():
                narrower = all(any(clause_implies(new, o) for new in static) for o in old)
                if narrower and len(cached.survivors) < len(base):
                    base, done = cached.survivors, old
        survivors = base
        for clause in sorted((c for c in static if c not in done), key=_cost):
            survivors = self._select_clause(clause, survivors, None)
        entry = _Entry(survivors)
        with self._lock:
            if generation != self._generation:
                return entry  # your layer changed meanwhile: not for later searches
            self._cache[static] = entry
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return entry

    def _select_clause(self, clause: Clause, ids: list[int], flags: Flags | None) -> list[int]:
        if len(clause) == 1:
            return self._select(clause[0], ids, flags)
        passed: set[int] = set()
        for term in clause:
            passed.update(self._select(term, ids, flags))
        return list(compress(ids, map(passed.__contains__, ids)))

    def _select_exact(self, term: Term, ids: list[int]) -> list[int]:
        """The ids that pass ``term``, which is no ``is:`` term (for ranking an OR clause)."""
        return self._select(term, ids, None)

    def _select(self, term: Term, ids: list[int], flags: Flags | None) -> list[int]:
        """The ids that pass ``term`` (for bare words: exact or near, before the cutoff)."""
        if term.kind in (Kind.TEXT, Kind.AUTHOR):
            return select_text(self, term, ids, whole=ids is self._all)
        tests = field_tests(self, term, ids, flags)
        return list(compress(ids, map(_not, tests) if term.negate else tests))


def _keep(
    ids: list[int], scores: list[int] | None, keep: list[bool]
) -> tuple[list[int], list[int] | None]:
    return list(compress(ids, keep)), (None if scores is None else list(compress(scores, keep)))


def _cost(clause: Clause) -> tuple[int, int]:
    """Cheap, selective clauses first; text last, longest words first."""
    worst = 0
    for term in clause:
        if term.kind in (Kind.TEXT, Kind.AUTHOR):
            worst = max(worst, 2 if term.is_fuzzy else 1)
    return worst, -max(len(term.value) for term in clause)
