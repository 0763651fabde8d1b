"""PaperIndex: every paper's normalised text, built once and matched fast (ranking.py ranks)."""

from __future__ import annotations

import operator
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import compress, repeat
from typing import TYPE_CHECKING, Any, TypeVar

from papertui.vault.flags import IS_WORDS, Flags
from papertui.vault.paper import Paper
from papertui.vault.query.columns import (
    CARRIED,
    authors_of,
    folded_of,
    pinyin_of,
    raw_text,
    take,
    texts_of,
)
from papertui.vault.query.hits import Hits
from papertui.vault.query.language import (
    MIN_FUZZY,
    Clause,
    Kind,
    Mode,
    Query,
    Term,
    clause_implies,
    normalise_tag,
)
from papertui.vault.query.own import OwnColumns
from papertui.vault.query.ranking import Ranked, column_of, found_folded, rank
from papertui.vault.query.text import anchored_pattern, near_pattern, title_ends
from papertui.vault.state.annotations import OwnLayer, own_layer_of
from papertui.vault.state.collections import collection_keys
from papertui.vault.watch import WATCHED, active_watch_list

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
            folded: Also the folded text (separators forgiven, pinyin): the dearest
                column (about a second and 80 MB of a 150,000-paper vault's peak).
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

    def _column(self, name: str, build: Callable[[], _T]) -> _T:
        with self._lock:
            if name not in self._columns:
                self._columns[name] = build()
            return self._columns[name]  # type: ignore[no-any-return]

    def _attribute(self, name: str) -> Iterator[Any]:
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
        if "texts" in self._columns:
            self.title_ends()
        if "folded" in self._columns:
            self.folded_title_ends()

    def texts(self) -> list[str]:
        """Title, authors, tags, keywords and arXiv id of each paper, normalised."""
        return self._column("texts", lambda: self._with_own("texts", texts_of(self.papers)))

    def title_ends(self) -> list[int]:
        """Where each text's title ends (its first field)."""
        return self._column("title_ends", lambda: title_ends(self.texts()))

    def titles(self) -> list[str]:
        """Each text's title part (a substring test on it is twice as fast as a bounded find:
        the first keystrokes test every paper's title)."""

        def build() -> list[str]:
            return list(map(str.__getitem__, self.texts(), map(slice, self.title_ends())))

        return self._column("titles", build)

    def folded(self) -> list[str]:
        """Each text with its spaces folded away, then the pinyin of its Chinese."""
        return self._column("folded", lambda: self._with_own("folded", folded_of(self.papers)))

    def folded_title_ends(self) -> list[int]:
        """Where each folded text's title part ends (ends, not a column of title copies:
        those would hold another 13 MB in a big vault)."""
        return self._column("folded_title_ends", lambda: title_ends(self.folded()))

    def grams(self) -> GramIndex:
        """The letters, pairs and words of the texts without yours: bare words' prefilter."""

        def build() -> GramIndex:
            from papertui.vault.query.grams import GramIndex

            texts, folded = self.texts(), self.folded()
            with self._lock:
                texts, folded = self._bases.get("texts", texts), self._bases.get("folded", folded)
            pinyin = pinyin_of(self.papers)
            return GramIndex(texts, folded, self.titles(), pinyin)

        return self._column("grams", build)

    def found(self, needle: str, ids: list[int], *, in_title: bool) -> list[bool] | None:
        """Per id, whether its text (``in_title``: title) holds ``needle``, from the gram
        index; None when it is not built or cannot tell."""
        grams: GramIndex | None = self._columns.get("grams")
        mask = None if grams is None else grams.found(needle, in_title=in_title)
        if mask is None:
            return None
        from papertui.vault.query.grams import found_in

        own = () if in_title or self._own is None else self._own.extra
        return found_in(mask, ids, self.texts(), needle, own)

    # -- your annotations and tags (vault/query/own.py) -------------------------

    def use_own(self, layer: OwnLayer | None) -> None:
        """Search ``layer`` too (your annotations and tags); None: nothing of yours.

        A search calls this with its flags' layer: the columns built take yours
        in copies, and recent results are forgotten, only when it changed.
        """
        with self._lock:
            if (self._own.layer if self._own else None) is layer:
                return
            positions: dict[str, int] = self._column("key_positions", self._key_positions)
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

    def _authors(self) -> list[str]:
        return self._column("authors", lambda: authors_of(self.papers))

    def _arxiv_ids(self) -> list[str]:
        return self._column(
            "ids", lambda: [(arxiv_id or "").lower() for arxiv_id in self._attribute("arxiv_id")]
        )

    def _days(self) -> list[int]:
        return self._column(
            "days", lambda: [day.toordinal() if day else 0 for day in self._attribute("day")]
        )

    def _keys(self) -> list[str]:
        return self._column("keys", lambda: list(self._attribute("key")))

    def _tags(self) -> dict[str, set[int]]:
        def build() -> dict[str, set[int]]:
            by_tag: dict[str, set[int]] = {}
            names: dict[str, str] = {}
            for index, tags in enumerate(self._attribute("tags")):
                for tag in tags:
                    name = names.get(tag)
                    if name is None:
                        name = names[tag] = normalise_tag(tag)
                    by_tag.setdefault(name, set()).add(index)
            return by_tag

        return self._column("tags", build)

    def tag_groups(self) -> tuple[list[int], list[tuple[str, ...]]]:
        """Per position, the number of its paper's tag set; and the tag sets by number.

        Papers share few tag sets: counting set numbers is cheaper than
        hashing tuples of tags again for every tag tree.
        """

        def build() -> tuple[list[int], list[tuple[str, ...]]]:
            numbers: dict[tuple[str, ...], int] = {}
            of = [numbers.setdefault(tags, len(numbers)) for tags in self._attribute("tags")]
            return of, list(numbers)

        return self._column("tag_groups", build)

    def keys(self) -> list[str]:
        """Each paper's key, by position."""
        return self._keys()

    def tagged(self, tag: str) -> set[int]:
        """The positions of papers with the tag ``tag`` or one nested under it."""
        return self._tagged(normalise_tag(tag), Mode.TREE)

    def _tagged(self, value: str, mode: Mode) -> set[int]:
        found: set[int] = set()
        for name, members in self._tags().items():
            if _tag_matches(name, value, mode):
                found |= members
        for name, members in (self._own.tags if self._own else {}).items():
            if _tag_matches(name, value, mode):
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
            return self._select_text(term, ids)
        tests = self._tests(term, ids, flags)
        return list(compress(ids, map(_not, tests) if term.negate else tests))

    def _select_text(self, term: Term, ids: list[int]) -> list[int]:
        texts = self.texts() if term.kind is Kind.TEXT else self._authors()
        value = term.value
        grams: GramIndex | None = self._columns.get("grams")
        if term.is_fuzzy and grams is not None:
            from papertui.vault.query.grams import plain, prefiltered  # (loaded: grams is built)

            if plain(value):
                own = self._own.extra if self._own else ()
                whole = ids is self._all
                return prefiltered(grams, value, ids, texts, self.folded(), own, whole=whole)
        if term.is_fuzzy:
            # The prefilter, a superset of every way a bare word matches: a substring
            # test (short words) or one regex for exact and near matches (longer);
            # what it leaves is tested folded. Each keystroke's survivors hold the
            # next one's: typing on narrows. (Word starts only rank what passed.)
            column = column_of(texts, ids)
            near: list[object] = (
                list(map(operator.contains, column, repeat(value)))
                if len(value) < MIN_FUZZY
                else list(map(near_pattern(value).search, column))
            )
            places = list(compress(range(len(ids)), map(_not, near)))
            if not places:
                return ids
            rest = list(map(ids.__getitem__, places))
            folded = found_folded(self, value, rest, in_title=False, initials=False)
            keep = list(map(bool, near))
            # As a rule folding finds few the plain test did not: mark them, keep the order.
            for place in compress(places, folded):
                keep[place] = True
            return list(compress(ids, keep))
        found = list(compress(ids, map(operator.contains, column_of(texts, ids), repeat(value))))
        if term.mode not in (Mode.FUZZY, Mode.CONTAINS):
            search = anchored_pattern(value, term.mode).search
            found = list(compress(found, map(search, map(texts.__getitem__, found))))
        if not term.negate:
            return found
        excluded = set(found)
        return list(compress(ids, map(_not, map(excluded.__contains__, ids))))

    def _note_paths(self) -> list[str]:
        """Each paper's note paths, lower case, each after a newline."""
        return self._column(
            "note_paths",
            lambda: [
                "".join(f"\n{a.path.lower()}" for a in paper.appearances) for paper in self.papers
            ],
        )

    def _tests(self, term: Term, ids: list[int], flags: Flags | None) -> Iterable[object]:
        value = term.value
        if term.kind is Kind.TAG:
            return map(self._tagged(value, term.mode).__contains__, ids)
        if term.kind is Kind.ID:
            tests: dict[Mode, Callable[[str, str], object]] = {
                Mode.PREFIX: str.startswith,
                Mode.SUFFIX: str.endswith,
                Mode.EQUAL: operator.eq,
            }
            test = tests.get(term.mode, operator.contains)
            return map(test, map(self._arxiv_ids().__getitem__, ids), repeat(value))
        if term.kind is Kind.VAULT:
            return map(_in_vault(value, term.mode), map(self._note_paths().__getitem__, ids))
        if term.kind is Kind.NOTE:
            noted = self._own.noted(value, term.mode) if self._own else set()
            return map(noted.__contains__, ids)
        if term.kind is Kind.SYMBOLS:
            raw = self._column("raw", lambda: list(map(raw_text, self.papers)))
            return map(operator.contains, map(raw.__getitem__, ids), repeat(value))
        if term.kind is Kind.DATE:
            low = term.low if term.low is not None else 1
            high = term.high if term.high is not None else 1 << 30
            days = self._days()
            return [low <= days[i] <= high for i in ids]
        if term.kind is Kind.SIMILAR:
            alike = {key for key, _ in self.similar_to(value)}
            return map(alike.__contains__, map(self._keys().__getitem__, ids))
        if term.kind is Kind.IS and value.startswith(WATCHED):
            # ``watched``, or (the tree's entries) ``watched/author Hinton``: computed, not flags.
            watch, reason = active_watch_list(), value[len(WATCHED) + 1 :]
            return watch.matches(map(self.papers.__getitem__, ids), reason)
        if flags is None:
            raise ValueError("is: and in: terms need flags")
        if term.kind is Kind.COLLECTION:
            held = set(collection_keys(flags, value))
            return map(held.__contains__, map(self._keys().__getitem__, ids))
        word = IS_WORDS[value]
        has = map(word.marked(flags).__contains__, map(self._keys().__getitem__, ids))
        return has if word.value else map(_not, has)


def _in_vault(value: str, mode: Mode) -> Callable[[str], bool]:
    """A test of a paper's note paths (see ``_note_paths``) for a ``vault:`` term: the first
    folders of a path name its vault when several are open."""
    needle = {Mode.PREFIX: f"\n{value}", Mode.CONTAINS: value}.get(mode, f"\n{value}/")
    return lambda paths: needle in paths


def _keep(
    ids: list[int], scores: list[int] | None, keep: list[bool]
) -> tuple[list[int], list[int] | None]:
    return list(compress(ids, keep)), (None if scores is None else list(compress(scores, keep)))


def _tag_matches(name: str, value: str, mode: Mode) -> bool:
    if mode is Mode.TREE:
        return name == value or name.startswith(value + "/")
    if mode is Mode.PREFIX:
        return name.startswith(value)
    if mode is Mode.SUFFIX:
        return name.endswith(value)
    if mode is Mode.EQUAL:
        return name == value
    return value in name


def _cost(clause: Clause) -> tuple[int, int]:
    """Cheap, selective clauses first; text last, longest words first."""
    worst = 0
    for term in clause:
        if term.kind in (Kind.TEXT, Kind.AUTHOR):
            worst = max(worst, 2 if term.is_fuzzy else 1)
    return worst, -max(len(term.value) for term in clause)
