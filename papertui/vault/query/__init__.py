"""The filter language and fuzzy ranking (the one user of rapidfuzz).

``parse_query`` reads fzf-style queries; ``filter_papers`` answers them over a
sequence of papers, best first; ``View`` narrows papers step by step for the
reader; ``highlight_positions`` marks what matched in a title.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from papertui.vault.flags import Flags
from papertui.vault.paper import Paper
from papertui.vault.query.hits import Hit, Hits, highlight_positions
from papertui.vault.query.index import PaperIndex
from papertui.vault.query.language import Kind, Mode, Query, QueryError, Term, parse_query
from papertui.vault.query.view import View

__all__ = [
    "Hit",
    "Hits",
    "Kind",
    "Mode",
    "PaperIndex",
    "Query",
    "QueryError",
    "Term",
    "View",
    "filter_papers",
    "highlight_positions",
    "index_for",
    "parse_query",
]

_RECENT: list[tuple[Sequence[Paper], PaperIndex]] = []
_RECENT_LOCK = threading.Lock()


def index_for(papers: Sequence[Paper] | PaperIndex) -> PaperIndex:
    """The index of ``papers``, reused while the same sequence object is passed."""
    if isinstance(papers, PaperIndex):
        return papers
    with _RECENT_LOCK:
        for seen, index in _RECENT:
            if seen is papers:
                return index
        index = PaperIndex(papers)
        _RECENT.insert(0, (papers, index))
        del _RECENT[2:]
        return index


def filter_papers(papers: Sequence[Paper] | PaperIndex, query: Query | str, flags: Flags) -> Hits:
    """The papers that match ``query``: best first with bare words, else in order.

    Pass the same sequence (``ScanResult.papers``) or a ``PaperIndex`` each time:
    the index is built once per sequence and narrows from earlier results.

    Raises:
        QueryError: when ``query`` is a string that cannot be parsed.
    """
    parsed = parse_query(query) if isinstance(query, str) else query
    return index_for(papers).search(parsed, flags)
