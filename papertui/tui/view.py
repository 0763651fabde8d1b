"""What the reader shows: a pure, immutable view of the papers (no Textual here)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from papertui.vault.paper import Paper
from papertui.vault.query import Flags, Hit, Query, filter_papers
from papertui.vault.sanitize import clean_line
from papertui.vault.tags import TagNode, build_tag_tree


class Kind(StrEnum):
    """What a node of the tag tree selects."""

    ALL = "All"
    UNREAD = "Unread"
    STARRED = "Starred"
    NEW = "New"
    TAG = "tag"


@dataclass(frozen=True, slots=True)
class Choice:
    """A node of the tag tree: a special set, or a tag (with everything nested below it)."""

    kind: Kind = Kind.ALL
    tag: str = ""
    """The tag's path (``a/b``), for ``Kind.TAG``."""
    name: str = ""
    """The tag as shown."""

    @property
    def label(self) -> str:
        return clean_line(self.name or self.tag) if self.kind is Kind.TAG else str(self.kind)


ALL = Choice()
SPECIALS = (ALL, Choice(Kind.UNREAD), Choice(Kind.STARRED), Choice(Kind.NEW))


class Sort(StrEnum):
    """The order of the list."""

    RELEVANCE = "relevance"
    """Best match first while the query has fuzzy terms, else newest first."""
    DAY = "day"
    TITLE = "title"


def effective_sort(sort: Sort, query: Query) -> Sort:
    """The order actually used: relevance needs fuzzy terms to mean anything."""
    if sort is Sort.RELEVANCE and not query.fuzzy_terms:
        return Sort.DAY
    return sort


def next_sort(sort: Sort, query: Query) -> Sort:
    """The order after ``sort`` (relevance is offered only while it means something)."""
    order = [Sort.RELEVANCE, Sort.DAY, Sort.TITLE] if query.fuzzy_terms else [Sort.DAY, Sort.TITLE]
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


@dataclass(frozen=True, slots=True)
class Counts:
    """Unread and total per tree node, over the papers the query matches."""

    special: Mapping[Kind, tuple[int, int]] = field(default_factory=dict)
    tags: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    """By tag path."""

    def of(self, choice: Choice) -> tuple[int, int]:
        if choice.kind is Kind.TAG:
            return self.tags.get(choice.tag, (0, 0))
        return self.special.get(choice.kind, (0, 0))


@dataclass(frozen=True, slots=True)
class View:
    """The rows of the list and what they are."""

    filter: Filter = Filter()
    hits: Sequence[Hit] = ()
    """The rows, in order."""
    keys: list[str] = field(default_factory=list)
    """The rows' paper keys (finding a paper in 150,000 rows is then C-fast)."""
    matches: Sequence[Hit] = ()
    """Every paper the query matches (before the tree node and hide-read): what is counted."""
    total: int = 0
    """Papers in the vault."""
    sort: Sort = Sort.DAY
    """The order used."""

    def description(self, vault: str) -> str:
        """The sub-title: ``vault · tag · unread · by title · 'query' — 37 of 1,872``."""
        parts = [clean_line(vault)]
        choice = self.filter.choice
        if choice is not ALL:
            parts.append(choice.label)
        if self.filter.hide_read and choice.kind is not Kind.UNREAD:
            parts.append("unread")
        if self.sort is Sort.TITLE:
            parts.append("by title")
        elif self.sort is Sort.DAY and self.filter.sort is Sort.DAY and self.filter.text.strip():
            parts.append("newest first")
        if text := self.filter.text.strip():
            parts.append(f"'{clean_line(text)}'")
        return f"{' · '.join(parts)} — {len(self.hits):,} of {self.total:,}"


def tag_paths(tag: str) -> list[str]:
    """The tree paths a tag counts under: ``A/b/c`` -> ``a``, ``a/b``, ``a/b/c``."""
    parts = [part.strip() for part in tag.casefold().split("/") if part.strip()]
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def admits(choice: Choice, paper: Paper, flags: Flags, new: Collection[str]) -> bool:
    """True if the tree node ``choice`` selects ``paper``."""
    kind = choice.kind
    if kind is Kind.ALL:
        return True
    if kind is Kind.UNREAD:
        return not flags.is_read(paper.key)
    if kind is Kind.STARRED:
        return flags.is_starred(paper.key)
    if kind is Kind.NEW:
        return paper.key in new
    prefix = choice.tag + "/"
    for tag in paper.tags:
        folded = "/".join(part.strip() for part in tag.casefold().split("/") if part.strip())
        if folded == choice.tag or folded.startswith(prefix):
            return True
    return False


def build_view(
    papers: Sequence[Paper],
    wanted: Filter,
    query: Query,
    flags: Flags,
    new: Collection[str] = frozenset(),
) -> tuple[View, Counts]:
    """The rows ``wanted`` asks for, and the tree counts over what ``query`` matches.

    Args:
        papers: Every paper, newest first.
        wanted: The tree node, query text, hide-read and sort.
        query: ``wanted.text`` parsed.
        flags: Read and starred flags.
        new: Keys of the papers from notes new since the last session.
    """
    matches = filter_papers(papers, query, flags)
    counts = count(matches, flags, new)
    choice = wanted.choice
    rows: Iterable[Hit] = matches
    if choice is not ALL:
        rows = (hit for hit in rows if admits(choice, hit.paper, flags, new))
    if wanted.hide_read:
        rows = (hit for hit in rows if not flags.is_read(hit.paper.key))
    sort = effective_sort(wanted.sort, query)
    hits = sort_hits(list(rows), sort, ranked=bool(query.fuzzy_terms))
    keys = [hit.paper.key for hit in hits]
    return View(wanted, hits, keys, matches, len(papers), sort), counts


def sort_hits(hits: list[Hit], sort: Sort, *, ranked: bool) -> list[Hit]:
    """``hits`` in ``sort`` order (``ranked``: they arrive best first, else newest first)."""
    if sort is Sort.TITLE:
        hits.sort(key=lambda hit: hit.paper.title.casefold())
    elif sort is Sort.DAY and ranked:
        hits.sort(key=lambda hit: hit.paper.day or date.min, reverse=True)
    return hits


def count(matches: Sequence[Hit], flags: Flags, new: Collection[str]) -> Counts:
    """Unread/total for All, Unread, Starred, New and every tag, over ``matches``."""
    papers = [hit.paper for hit in matches]
    unread = [not flags.is_read(paper.key) for paper in papers]
    starred = [flags.is_starred(paper.key) for paper in papers]
    is_new = [paper.key in new for paper in papers]
    n_unread = sum(unread)
    special = {
        Kind.ALL: (n_unread, len(papers)),
        Kind.UNREAD: (n_unread, n_unread),
        Kind.STARRED: (sum(u and s for u, s in zip(unread, starred, strict=True)), sum(starred)),
        Kind.NEW: (sum(u and n for u, n in zip(unread, is_new, strict=True)), sum(is_new)),
    }
    tags: dict[str, tuple[int, int]] = {}
    _flatten(build_tag_tree(papers, flags), tags)
    return Counts(special, tags)


def _flatten(node: TagNode, into: dict[str, tuple[int, int]]) -> None:
    for child in node.children:
        into[child.path] = (child.unread, child.total)
        _flatten(child, into)
