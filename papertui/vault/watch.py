"""The watch-list: authors and keywords the user follows, and why a paper matches them.

Watched is computed from the paper and the config's ``[watch]`` table, never
stored: it is not a :class:`~papertui.vault.flags.Flag`. Matching ignores case
and diacritics; an author matches whole words of an author's name ("Hinton"
matches "Geoffrey E. Hinton", not "Hintonson"); a keyword matches words starting
with it in the title, summary, tags and keywords ("diffusion" matches
"Diffusion-based").
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from papertui.vault.paper import Paper

WATCHED = "watched"
"""The ``is:`` word for papers the watch-list matches."""
NOTHING: tuple[str, ...] = ()


def fold(text: str) -> str:
    """Lower case without diacritics (``Müller`` -> ``muller``)."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True, slots=True)
class WatchItem:
    """One author or keyword being watched."""

    kind: str
    """``author`` or ``keyword``."""
    value: str
    """As written in the config."""

    @property
    def reason(self) -> str:
        """``author Hinton``: what the pane says and what the tree's entry selects."""
        return f"{self.kind} {self.value}"


@dataclass(frozen=True, slots=True)
class WatchList:
    """The watched authors and keywords; :meth:`reasons` says which a paper matches."""

    authors: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    _patterns: tuple[tuple[str, re.Pattern[str]], ...] = field(
        init=False, repr=False, compare=False, hash=False, default=()
    )
    _memo: dict[str, tuple[Paper, tuple[str, ...]]] = field(
        init=False, repr=False, compare=False, hash=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        patterns = [
            (item.reason, _pattern(item.value, whole=item.kind == "author")) for item in self.items
        ]
        object.__setattr__(self, "_patterns", tuple(patterns))

    @property
    def items(self) -> tuple[WatchItem, ...]:
        return (
            *(WatchItem("author", name) for name in self.authors),
            *(WatchItem("keyword", word) for word in self.keywords),
        )

    def __bool__(self) -> bool:
        return bool(self.authors or self.keywords)

    def reasons(self, paper: Paper) -> tuple[str, ...]:
        """Why ``paper`` is watched (``("author Hinton", "keyword diffusion")``); () if not.

        Remembered per paper (the list asks for every row it paints).
        """
        if not self._patterns:
            return NOTHING
        known = self._memo.get(paper.key)
        if known is not None and known[0] is paper:
            return known[1]
        found = self._match(paper)
        self._memo[paper.key] = (paper, found)
        return found

    def _match(self, paper: Paper) -> tuple[str, ...]:
        authors = fold("\n".join(paper.authors))
        text = fold("\n".join((paper.title, paper.summary, *paper.tags, *paper.keywords)))
        found = []
        for (reason, pattern), kind in zip(
            self._patterns, (item.kind for item in self.items), strict=True
        ):
            if pattern.search(authors if kind == "author" else text):
                found.append(reason)
        return tuple(found)

    def matches(self, papers: Iterable[Paper], reason: str = "") -> list[bool]:
        """For each paper: watched at all (``reason`` empty), or for ``reason``."""
        if reason:
            return [reason in self.reasons(paper) for paper in papers]
        return [bool(self.reasons(paper)) for paper in papers]


def _pattern(value: str, *, whole: bool) -> re.Pattern[str]:
    words = [re.escape(word) for word in fold(value).split()]
    body = r"[\s.\-]+".join(words)
    return re.compile(rf"(?<!\w){body}(?!\w)" if whole else rf"(?<!\w){body}")


_active = WatchList()
_lock = threading.Lock()


def use_watch_list(watch: WatchList) -> None:
    """Make ``watch`` the one ``is:watched`` asks (the reader and the commands set the
    config's at start)."""
    global _active
    with _lock:
        _active = watch


def active_watch_list() -> WatchList:
    """The watch-list ``is:watched`` asks."""
    return _active


def parse_watch(authors: Sequence[str], keywords: Sequence[str]) -> WatchList:
    """A watch-list of the non-empty, distinct names and words given."""
    return WatchList(
        tuple(dict.fromkeys(a.strip() for a in authors if a.strip())),
        tuple(dict.fromkeys(k.strip() for k in keywords if k.strip())),
    )
