"""The tag tree: nested tags (``a/b``), grouped without regard to case, with counts."""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import compress

from papertui.vault.flags import Flags, done_keys
from papertui.vault.paper import Paper
from papertui.vault.query import View

SEPARATOR = "/"
Node = tuple[str, ...]
"""A node's identity: the lower-case names from the top."""


@dataclass(frozen=True, slots=True)
class TagNode:
    """One tag of the tree, with how many papers it holds."""

    name: str
    """This level's name, in its most common spelling ("Video" over "video")."""
    path: str
    """The names from the top, joined with "/"; "" for the root."""
    total: int
    """Papers with this tag or one under it, each counted once."""
    unread: int
    children: tuple[TagNode, ...] = ()
    """Sorted by name, ignoring case."""

    def walk(self) -> Iterator[TagNode]:
        """This node and every node below it, depth first, in order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def find(self, path: str) -> TagNode | None:
        """The node at ``path`` (any case, any spacing around "/"), or None."""
        node = self
        for part in _segments(path):
            wanted = part.lower()
            found = next((c for c in node.children if c.name.lower() == wanted), None)
            if found is None:
                return None
            node = found
        return node


def _segments(tag: str) -> list[str]:
    return [part.strip() for part in tag.split(SEPARATOR) if part.strip()]


def build_tag_tree(papers: Iterable[Paper] | View, flags: Flags) -> TagNode:
    """The tree of every tag of ``papers``, with total and unread counts.

    ``Video`` and ``video`` are one node; ``a/b`` is ``b`` under ``a``; a paper
    counts once per node however many of its tags fall under it. Papers that
    share a set of tags are counted together, so the work grows with the
    number of distinct tag sets. Given a View, the tag sets numbered once by
    its index are counted instead of the papers' tuples (the fast path for a
    tree that follows the filter).
    """
    if isinstance(papers, View):
        index = papers.paper_index
        numbers, tag_sets = index.tag_groups()
        ids = papers.ids
        whole = len(ids) == len(index)
        of = numbers if whole else list(map(numbers.__getitem__, ids))
        counted = Counter(of)
        # Take the read papers away (few, as a rule) rather than ask about every paper.
        read = index.positions(done_keys(flags))
        if not whole:
            read.intersection_update(ids)
        unread_of = counted - Counter(map(numbers.__getitem__, read))
        counts = {tag_sets[n]: c for n, c in counted.items()}
        unread_counts = {tag_sets[n]: c for n, c in unread_of.items()}
    else:
        items = papers if isinstance(papers, list | tuple) else list(papers)
        sets = list(map(operator.attrgetter("tags"), items))
        read_keys = done_keys(flags)
        keys = map(operator.attrgetter("key"), items)
        unread = map(operator.not_, map(read_keys.__contains__, keys))
        counts = Counter(sets)
        unread_counts = Counter(compress(sets, unread))
    return _tree(counts, unread_counts)


def _tree(counts: Mapping[Node, int], unread_counts: Mapping[Node, int]) -> TagNode:
    """The tree from paper counts per tag set (all, and unread)."""
    levels: dict[str, tuple[tuple[Node, str], ...]] = {}
    total: Counter[Node] = Counter()
    unread: Counter[Node] = Counter()
    spellings: dict[Node, Counter[str]] = {}
    for tags, count in counts.items():
        unread_count = unread_counts.get(tags, 0)
        nodes: set[Node] = set()
        for tag in tags:
            found = levels.get(tag)
            if found is None:
                found = levels[tag] = _levels(tag)
            for node, spelling in found:
                nodes.add(node)
                spelled = spellings.get(node)
                if spelled is None:
                    spelled = spellings[node] = Counter()
                spelled[spelling] += count
        for node in nodes:
            total[node] += count
            unread[node] += unread_count
    # The most common spelling names a node; on a tie, the one seen first.
    names = {node: counter.most_common(1)[0][0] for node, counter in spellings.items()}
    children: dict[Node, list[Node]] = {}
    for node in total:
        children.setdefault(node[:-1], []).append(node)

    def make(node: Node, path: str) -> TagNode:
        name = names[node]
        here = f"{path}{SEPARATOR}{name}" if path else name
        below = sorted(children.get(node, ()), key=lambda n: (names[n].casefold(), names[n]))
        return TagNode(name, here, total[node], unread[node], tuple(make(n, here) for n in below))

    top = sorted(children.get((), ()), key=lambda n: (names[n].casefold(), names[n]))
    return TagNode(
        "",
        "",
        sum(counts.values()),
        sum(unread_counts.values()),
        tuple(make(n, "") for n in top),
    )


def _levels(tag: str) -> tuple[tuple[Node, str], ...]:
    """Each node a tag falls under, with the tag's spelling of that level."""
    parts = _segments(tag)
    return tuple(
        (tuple(part.lower() for part in parts[: depth + 1]), parts[depth])
        for depth in range(len(parts))
    )
