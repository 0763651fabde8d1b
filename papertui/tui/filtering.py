"""What the reader filters to: the rows a filter gives and the tree's counts (pure: no Textual)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import partial
from itertools import compress

from papertui.tui.choices import ALL, FLAG_CHOICES, FOR_YOU, Choice, Kind, your_tag_choices
from papertui.vault.flags import IS_WORDS, UNREAD, Flag, Flags, done_keys
from papertui.vault.paper import Paper
from papertui.vault.query import (
    Hit,
    Mode,
    PaperIndex,
    Query,
    QueryError,
    Term,
    View,
    highlight_positions,
    parse_query,
)
from papertui.vault.query import Kind as TermKind
from papertui.vault.sanitize import clean_line
from papertui.vault.similar.foryou import MIN_LIKED, ForYou, needs_more
from papertui.vault.state.annotations import own_layer_of
from papertui.vault.state.collections import collection_keys, collection_names
from papertui.vault.tags import TagNode, build_tag_tree
from papertui.vault.watch import WATCHED


class Sort(StrEnum):
    """The order of the list."""

    RELEVANCE = "relevance"
    """Best match first while the query has bare words, else newest first."""
    DAY = "day"
    TITLE = "title"
    FOR_YOU = "for you"
    """The unread papers most like the liked ones first (the rest after, newest first)."""


def effective_sort(sort: Sort, query: Query) -> Sort:
    """The order actually used: relevance needs bare words to mean anything."""
    if sort is Sort.RELEVANCE and not query.fuzzy_terms:
        return Sort.DAY
    return sort


def next_sort(sort: Sort, query: Query) -> Sort:
    """The order after ``sort`` (relevance is offered only while it means something)."""
    order = [Sort.DAY, Sort.TITLE, Sort.FOR_YOU]
    if query.fuzzy_terms:
        order.insert(0, Sort.RELEVANCE)
    current = effective_sort(sort, query)
    return order[(order.index(current) + 1) % len(order)]


@dataclass(frozen=True, slots=True)
class Filter:
    """What the user asked to see."""

    text: str = ""
    """The query as typed."""
    choice: Choice = ALL
    hide_read: bool = False
    sort: Sort = Sort.RELEVANCE

    @property
    def follows_ranking(self) -> bool:
        """The rows follow the For-you ranking (a new ranking changes them)."""
        return self.sort is Sort.FOR_YOU or self.choice.kind is Kind.FOR_YOU


@dataclass(frozen=True, slots=True)
class Counts:
    """Unread and total per tree node, over the papers the query matches."""

    nodes: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    """By ``Choice.count_key``."""
    yours: tuple[Choice, ...] = ()
    """The tree's entries for your tags: the papers with any, then each tag A to Z."""
    labels: Mapping[str, str] = field(default_factory=dict)
    """Labels that say more than a node's name (For you: what it still needs)."""

    def of(self, choice: Choice) -> tuple[int, int]:
        return self.nodes.get(choice.count_key, (0, 0))

    def label_of(self, choice: Choice) -> str:
        return self.labels.get(choice.count_key, choice.label)


@dataclass(frozen=True, slots=True)
class Shown:
    """The rows of the list, in order, and what they are."""

    filter: Filter = Filter()
    papers: Sequence[Paper] = ()
    """The rows."""
    keys: list[str] = field(default_factory=list)
    """The rows' paper keys (finding a paper among 150,000 rows is then C-fast)."""
    query: Query = field(default_factory=Query)
    matched: View | None = None
    """Every paper the query matches, before the tree node and hide-read: what is counted."""
    total: int = 0
    """Papers in the vault."""
    sort: Sort = Sort.DAY
    """The order used."""
    ranking: ForYou | None = None
    """The For-you ranking the rows were chosen and ordered with (None: none yet)."""

    @property
    def highlight(self) -> Callable[[str], tuple[int, ...]] | None:
        """Title -> matched positions, for the rows on screen only (None: no words)."""
        if not self.query.text_terms:
            return None
        return partial(_positions, query=self.query)

    def description(self, vault: str) -> str:
        """The sub-title: ``vault · tag · unread · by title · 'query' — 37 of 1,872``."""
        parts = [clean_line(vault)]
        choice = self.filter.choice
        if choice is not ALL:
            parts.append(choice.label)
        if self.filter.hide_read and choice.selects != UNREAD:
            parts.append("unread")
        if self.sort is Sort.TITLE:
            parts.append("by title")
        elif self.sort is Sort.FOR_YOU:
            parts.append("for you")
        elif self.sort is Sort.DAY and self.filter.sort is Sort.DAY and self.query.fuzzy_terms:
            parts.append("newest first")
        if text := self.filter.text.strip():
            parts.append(f"'{clean_line(text)}'")
        return f"{' · '.join(parts)} — {len(self.papers):,} of {self.total:,}"

    def empty_text(self) -> str:
        """What the list says when it shows nothing, and the key that shows more."""
        if not self.total:
            return "No papers in this vault (papertui list -v says what was read)."
        if self.filter.follows_ranking and (wanting := for_you_wants(self.ranking)):
            return f"{wanting}."
        if self.filter.text.strip():
            return "No papers match the filter here. Esc clears it."
        if self.filter.hide_read:
            return "No unread papers here. x shows the read ones."
        return "No papers here."

    def added_above(self, before: Sequence[str], cursor: int) -> int:
        """How many rows above ``cursor`` were not among ``before`` (the rows above it then)."""
        seen = set(before)
        return sum(1 for key in self.keys[:cursor] if key not in seen)


def _positions(title: str, query: Query) -> tuple[int, ...]:
    return highlight_positions(title, query)


def build(
    index: PaperIndex,
    wanted: Filter,
    query: Query,
    flags: Flags,
    new: Collection[str] = frozenset(),
    ranking: ForYou | None = None,
) -> Shown:
    """The rows ``wanted`` asks for (``Shown.matched`` is what the tree counts follow).

    Args:
        index: Every paper (newest first), indexed.
        wanted: The tree node, query text, hide-read and sort.
        query: ``wanted.text`` parsed.
        flags: The papers' flags.
        new: Keys of the papers from notes new since the last session.
        ranking: The For-you ranking (None: not made yet).
    """
    matched = View(index).matching(query, flags)
    shown = _choose(matched, wanted.choice, flags, new, ranking)
    ids: Sequence[int] = shown.ids
    keys = index.keys()
    if wanted.hide_read:
        done = done_keys(flags)
        ids = list(compress(ids, [keys[i] not in done for i in ids]))
    sort = effective_sort(wanted.sort, query)
    ids = _sorted(index, ids, sort, ranked=bool(query.fuzzy_terms))
    if ranking is not None and wanted.follows_ranking and sort is not Sort.TITLE:
        ids = ranked_first(ids, keys, ranking)
    queue = _queue(wanted.choice)
    if wanted.choice.kind is Kind.COLLECTION and wanted.choice.name and sort is Sort.DAY:
        place = {key: n for n, key in enumerate(collection_keys(flags, wanted.choice.name))}
        ids = sorted(ids, key=lambda i: place.get(keys[i], 0))  # the user's order
    elif queue is not None and sort is Sort.DAY:
        # A queue's own entry lists its papers as they were queued, oldest first.
        since = flags.since
        ids = sorted(ids, key=lambda i: since(keys[i], queue))
    papers = View(index, ids=ids)
    every = isinstance(ids, range) and len(ids) == len(keys)
    row_keys = keys if every else list(map(keys.__getitem__, ids))
    return Shown(wanted, papers, row_keys, query, matched, len(index), sort, ranking)


def _choose(
    view: View, choice: Choice, flags: Flags, new: Collection[str], ranking: ForYou | None = None
) -> View:
    kind = choice.kind
    if kind is Kind.FOR_YOU:
        return view.only(for_you_keys(ranking), str(Kind.FOR_YOU))
    if kind is Kind.TAG:
        return view.tagged(choice.tag)
    if kind is Kind.NEW:
        return view.only(new, "New")
    if kind is Kind.YOURS:
        layer = own_layer_of(flags)
        return view.only(layer.tagged(choice.tag) if layer else (), choice.label)
    if kind is Kind.FLAG:
        return view.matching(parse_query(f"is:{choice.word}"), flags)
    if kind is Kind.SEARCH:
        try:
            return view.matching(parse_query(choice.tag), flags)
        except QueryError:
            return view.only((), choice.name)
    if kind in (Kind.VAULT, Kind.WATCH):
        return view.matching(entry_query(choice), flags)
    if kind is Kind.COLLECTION:
        names = [choice.name] if choice.name else collection_names(flags)
        return view.only({k for name in names for k in collection_keys(flags, name)}, choice.label)
    return view


def entry_query(choice: Choice) -> Query:
    """What a vault's or the watch-list's tree entry selects, as a query (never parsed:
    a vault's name may hold anything)."""
    if choice.kind is Kind.VAULT:
        term = Term(TermKind.VAULT, Mode.EQUAL, choice.tag.lower(), source=f"vault:{choice.tag}")
    else:
        value = f"{WATCHED}/{choice.tag}" if choice.tag else WATCHED
        term = Term(TermKind.IS, Mode.EQUAL, value, source=f"is:{value}")
    return Query(((term,),), text=term.source)


def _queue(choice: Choice) -> Flag | None:
    """The queue flag whose entry ``choice`` is, if it is one."""
    word = choice.selects
    if word is None or not word.value or len(word.flags) != 1:
        return None
    (flag,) = word.flags
    return flag if flag.spec.queue else None


def _sorted(index: PaperIndex, ids: Sequence[int], sort: Sort, *, ranked: bool) -> Sequence[int]:
    papers = index.papers
    if sort is Sort.TITLE:
        return sorted(ids, key=lambda i: papers[i].title.casefold())
    if sort in (Sort.DAY, Sort.FOR_YOU) and ranked:
        # Ranked rows arrive best first: put them newest first (stable within a day).
        return sorted(ids, key=lambda i: papers[i].day or date.min, reverse=True)
    return ids


def count(
    matched: View,
    flags: Flags,
    new: Collection[str],
    saved: Sequence[Choice] = (),
    ranking: ForYou | None = None,
) -> Counts:
    """Unread/total for All, each flag's entry, New, each saved search and every tag."""
    keys = matched.paper_index.keys()
    shown = set(map(keys.__getitem__, matched.ids))
    done = done_keys(flags) & shown
    fresh = shown.intersection(new)
    n_unread = len(shown) - len(done)
    nodes: dict[str, tuple[int, int]] = {
        Kind.ALL: (n_unread, len(shown)),
        Kind.NEW: (len(fresh - done), len(fresh)),
    }
    for choice in FLAG_CHOICES:
        word = IS_WORDS[choice.word]
        marked = done if word.flags == UNREAD.flags else word.marked(flags) & shown
        if word.value:
            nodes[choice.count_key] = (len(marked - done), len(marked))
        else:  # set algebra on the marked few, never on every paper shown
            nodes[choice.count_key] = (len(shown) - len(marked | done), len(shown) - len(marked))
    recommended = shown.intersection(for_you_keys(ranking)) - done
    nodes[FOR_YOU.count_key] = (len(recommended), len(recommended))
    for choice in saved:
        found = set(map(keys.__getitem__, _choose(matched, choice, flags, new).ids))
        nodes[choice.count_key] = (len(found - done), len(found))
    for node in build_tag_tree(matched, flags).walk():
        if node.path:
            nodes[node.path.casefold()] = (node.unread, node.total)
    layer = own_layer_of(flags)
    yours = your_tag_choices(flags)
    for choice in yours:
        # Your few papers, never every paper.
        found = (layer.tagged(choice.tag) if layer else set()) & shown
        nodes[choice.count_key] = (len(found - done), len(found))
    missing = MIN_LIKED - len(ranking.liked) if ranking is not None else 0
    labels = {FOR_YOU.count_key: f"For you (star {missing})"} if missing > 0 else {}
    return Counts(nodes, yours, labels)


def find(index: PaperIndex, flags: Flags, text: str, limit: int) -> list[Hit]:
    """The best ``limit`` papers for ``text`` in the filter language, titles lit (the palette's)."""
    try:
        query = parse_query(text)
    except QueryError:
        return []
    hits = index.search(query, flags)
    return [hits.highlighted(row) for row in range(min(limit, len(hits)))]


def tag_tree(index: PaperIndex, flags: Flags) -> TagNode:
    """Every tag of the vault: the shape of the tree."""
    return build_tag_tree(View(index), flags)


FOR_YOU_SHOWN = 100
"""The best recommendations the For-you entry lists."""


def for_you_keys(ranking: ForYou | None) -> tuple[str, ...]:
    """The papers the For-you entry lists, best first."""
    return () if ranking is None else ranking.ranked[:FOR_YOU_SHOWN]


def for_you_wants(ranking: ForYou | None) -> str:
    """What For you needs before it can recommend ("" once it has a ranking)."""
    if ranking is None:
        return "For you: learning what you like"
    return needs_more(len(ranking.liked))


def ranked_first(ids: Sequence[int], keys: Sequence[str], ranking: ForYou) -> list[int]:
    """``ids`` with the recommended papers first, best first (the rest keep their order)."""
    place = ranking.place
    return sorted(ids, key=lambda i: place(keys[i]))
