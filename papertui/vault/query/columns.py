"""The columns of a paper index: each paper's searchable text, made in bulk.

Each function takes the papers (and what is already made of them) and returns
one value per paper. An index carries over what an earlier one made (see
:data:`CARRIED`), so live changes normalise only the papers that are new.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from papertui.vault.paper import Paper
from papertui.vault.query.fold import fold, has_cjk, pinyin, pinyin_initials
from papertui.vault.query.language import normalise
from papertui.vault.query.text import FIELD, normalised_texts

_T = TypeVar("_T")

TEXT_CHUNK = 4096
"""Papers normalised in one call: big enough to be fast, small enough to hold little extra."""


def texts_of(papers: Sequence[Paper]) -> list[str]:
    texts: list[str] = []
    for start in range(0, len(papers), TEXT_CHUNK):
        chunk = papers[start : start + TEXT_CHUNK]
        texts += normalised_texts(
            [
                [paper.title for paper in chunk],
                [paper.authors for paper in chunk],
                [paper.tags for paper in chunk],
                [paper.keywords for paper in chunk],
                [paper.arxiv_id or "" for paper in chunk],
            ]
        )
    return texts


def folded_of(papers: Sequence[Paper]) -> list[str]:
    """Per paper its title, tags and keywords folded; then the pinyin of its Chinese.

    Authors and ids are left out: they are not written with separators to forgive,
    and authors are the longest field. Normalised in bulk, as the texts are; only
    papers with Chinese in them get pinyin: titles and tags as initials and in
    full, the summary's first :data:`SUMMARY_PINYIN` characters as initials (full
    pinyin of every summary would cost a second in a big vault).
    """
    folded: list[str] = []
    for start in range(0, len(papers), TEXT_CHUNK):
        chunk = papers[start : start + TEXT_CHUNK]
        columns: list[Any] = [
            [paper.title for paper in chunk],
            [paper.tags for paper in chunk],
            [paper.keywords for paper in chunk],
        ]
        folded += map(fold, normalised_texts(columns))
    for i, paper in enumerate(papers):
        summary = paper.summary[:SUMMARY_PINYIN]
        if _ascii(paper, summary):
            continue
        named = " ".join(value for value in (paper.title, *paper.tags) if has_cjk(value))
        if named:
            initials, full = pinyin(named)
            folded[i] += f"{FIELD}{fold(normalise(initials))}{FIELD}{fold(normalise(full))}"
        if has_cjk(summary):
            folded[i] += f"{FIELD}{fold(normalise(pinyin_initials(summary)))}"
    return folded


SUMMARY_PINYIN = 40


def _ascii(paper: Paper, summary: str) -> bool:
    return paper.title.isascii() and summary.isascii() and all(map(str.isascii, paper.tags))


def pinyin_of(papers: Sequence[Paper]) -> list[bool]:
    """Per paper, whether :func:`folded_of` gives it pinyin."""
    held: list[bool] = []
    for paper in papers:
        summary = paper.summary[:SUMMARY_PINYIN]
        held.append(
            not _ascii(paper, summary)
            and (has_cjk(summary) or any(map(has_cjk, (paper.title, *paper.tags))))
        )
    return held


def raw_text(paper: Paper) -> str:
    """The paper's searchable fields as written, case-folded (for punctuation queries)."""
    fields = (paper.title, *paper.authors, *paper.tags, *paper.keywords, paper.arxiv_id or "")
    return "\n".join(fields).casefold()


def authors_of(papers: Sequence[Paper]) -> list[str]:
    texts: list[str] = []
    for start in range(0, len(papers), TEXT_CHUNK):
        texts += normalised_texts([[paper.authors for paper in papers[start : start + TEXT_CHUNK]]])
    return texts


CARRIED: dict[str, Callable[[Sequence[Paper]], list[Any]]] = {
    "texts": texts_of,
    "folded": folded_of,
    "authors": authors_of,
}
"""The columns an index carries over from an earlier one: those that cost more to make
than to look up (``title_ends`` follows the texts; the rest are made again when used)."""


def take(column: list[_T], sources: list[int], fresh: list[int], new: list[_T]) -> list[_T]:
    """Per position the value at ``sources`` in ``column``; at ``fresh`` positions, ``new``'s."""
    values = list(map((column + new[:1]).__getitem__, sources))  # (any stand-in will do)
    for position, value in zip(fresh, new, strict=True):
        values[position] = value
    return values
