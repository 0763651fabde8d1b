"""The tests of field terms over an index's columns: ``tag:``, ``id:``, ``vault:``,
``note:``, dates, ``similar:``, ``is:``, ``in:`` and words of punctuation."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from itertools import repeat
from typing import TYPE_CHECKING

from papertui.vault.flags import IS_WORDS, Flags
from papertui.vault.query.columns import raw_text
from papertui.vault.query.language import Kind, Mode, Term
from papertui.vault.state.collections import collection_keys
from papertui.vault.watch import WATCHED, active_watch_list

if TYPE_CHECKING:
    from papertui.vault.query.index import PaperIndex

_not = operator.not_


def field_tests(
    index: PaperIndex, term: Term, ids: list[int], flags: Flags | None
) -> Iterable[object]:
    """Per id, whether its paper passes ``term`` (not negated), a term of no bare word.

    Raises:
        ValueError: for an ``is:`` or ``in:`` term without ``flags``.
    """
    value = term.value
    if term.kind is Kind.TAG:
        return map(index.tagged_as(value, term.mode).__contains__, ids)
    if term.kind is Kind.ID:
        tests: dict[Mode, Callable[[str, str], object]] = {
            Mode.PREFIX: str.startswith,
            Mode.SUFFIX: str.endswith,
            Mode.EQUAL: operator.eq,
        }
        test = tests.get(term.mode, operator.contains)
        return map(test, map(_arxiv_ids(index).__getitem__, ids), repeat(value))
    if term.kind is Kind.VAULT:
        return map(_in_vault(value, term.mode), map(_note_paths(index).__getitem__, ids))
    if term.kind is Kind.NOTE:
        noted = index.own.noted(value, term.mode) if index.own else set()
        return map(noted.__contains__, ids)
    if term.kind is Kind.SYMBOLS:
        raw = _raw_texts(index)
        return map(operator.contains, map(raw.__getitem__, ids), repeat(value))
    if term.kind is Kind.DATE:
        low = term.low if term.low is not None else 1
        high = term.high if term.high is not None else 1 << 30
        days = _days(index)
        return [low <= days[i] <= high for i in ids]
    if term.kind is Kind.SIMILAR:
        alike = {key for key, _ in index.similar_to(value)}
        return map(alike.__contains__, map(index.keys().__getitem__, ids))
    if term.kind is Kind.IS and value.startswith(WATCHED):
        # ``watched``, or (the tree's entries) ``watched/author Hinton``: computed, not flags.
        watch, reason = active_watch_list(), value[len(WATCHED) + 1 :]
        return watch.matches(map(index.papers.__getitem__, ids), reason)
    if flags is None:
        raise ValueError("is: and in: terms need flags")
    if term.kind is Kind.COLLECTION:
        held = set(collection_keys(flags, value))
        return map(held.__contains__, map(index.keys().__getitem__, ids))
    word = IS_WORDS[value]
    has = map(word.marked(flags).__contains__, map(index.keys().__getitem__, ids))
    return has if word.value else map(_not, has)


def _in_vault(value: str, mode: Mode) -> Callable[[str], bool]:
    """A test of a paper's note paths (see ``_note_paths``) for a ``vault:`` term: the first
    folders of a path name its vault when several are open."""
    needle = {Mode.PREFIX: f"\n{value}", Mode.CONTAINS: value}.get(mode, f"\n{value}/")
    return lambda paths: needle in paths


def tag_matches(name: str, value: str, mode: Mode) -> bool:
    if mode is Mode.TREE:
        return name == value or name.startswith(value + "/")
    if mode is Mode.PREFIX:
        return name.startswith(value)
    if mode is Mode.SUFFIX:
        return name.endswith(value)
    if mode is Mode.EQUAL:
        return name == value
    return value in name


def _raw_texts(index: PaperIndex) -> list[str]:
    """Each paper's fields as written, case-folded (for words of punctuation)."""
    return index.column("raw", lambda: list(map(raw_text, index.papers)))


def _note_paths(index: PaperIndex) -> list[str]:
    """Each paper's note paths, lower case, each after a newline."""
    return index.column(
        "note_paths",
        lambda: [
            "".join(f"\n{a.path.lower()}" for a in paper.appearances) for paper in index.papers
        ],
    )


def _arxiv_ids(index: PaperIndex) -> list[str]:
    """Each paper's arXiv id, lower case ("" for none)."""
    return index.column(
        "ids", lambda: [(arxiv_id or "").lower() for arxiv_id in index.attribute("arxiv_id")]
    )


def _days(index: PaperIndex) -> list[int]:
    """Each paper's day as an ordinal (0 for none)."""
    return index.column(
        "days", lambda: [day.toordinal() if day else 0 for day in index.attribute("day")]
    )
