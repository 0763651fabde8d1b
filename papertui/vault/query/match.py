"""One string against what was typed, by the filter's rules: for the command palette.

The filter ranks thousands of papers with column-wide passes; a palette holds a
few hundred verbs and tags, each matched alone. Both forgive separators and case,
reward word starts, read Chinese as pinyin and take a near miss with rapidfuzz,
so that what finds a paper in the list finds a tag in the palette.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from papertui.vault.query.fold import fold, has_cjk, pinyin
from papertui.vault.query.hits import highlight_positions
from papertui.vault.query.language import MIN_FUZZY, QueryError, normalise, parse_query
from papertui.vault.query.text import initials_pattern, near_pattern, word_around

FUZZY_CUTOFF = 60.0
"""The rapidfuzz ratio a word must reach to match a bare word it holds only nearly."""


@dataclass(frozen=True, slots=True)
class Match:
    """How well a string answers a query."""

    score: float
    """Above 0 and at most 1: a word start beats a substring beats a near miss."""
    positions: tuple[int, ...]
    """The indices of the matched characters of the string, to light."""


def match_text(typed: str, candidate: str) -> Match | None:
    """``candidate`` scored against ``typed``; None when a word of it is not found.

    Every word must match (space is AND, as in the filter); the score is the mean
    of the words' tiers.
    """
    try:
        query = parse_query(typed)
    except QueryError:
        return None
    words = [term.value for term in query.text_terms if term.is_fuzzy]
    if not words:
        return None
    text = f" {normalise(candidate)} "
    scores = [_score(word, text, candidate) for word in words]
    if all(scores):
        return Match(sum(scores) / (100 * len(scores)), highlight_positions(candidate, query))
    # Last, as fzf: the letters in order anywhere (``gotag`` finds "Go to tag…").
    positions = _in_order(fold("".join(words)), candidate)
    if positions is None:
        return None
    spread = positions[-1] - positions[0] + 1
    return Match(0.4 * len(positions) / spread, positions)


def _in_order(letters: str, candidate: str) -> tuple[int, ...] | None:
    """The first place of each of ``letters`` in ``candidate``, in order; None if one is missing."""
    chars = [normalise(char)[:1] for char in candidate]
    positions: list[int] = []
    start = 0
    for letter in letters:
        try:
            start = chars.index(letter, start)
        except ValueError:
            return None
        positions.append(start)
        start += 1
    return tuple(positions)


def _score(word: str, text: str, candidate: str) -> int:
    if f" {word}" in text:
        return 100
    if word in text:
        return 90
    if len(word) < MIN_FUZZY:
        return 0
    folded = fold(word)
    pattern = initials_pattern(folded)
    if folded in fold(text) or (pattern is not None and pattern.search(text)):
        return 85
    if has_cjk(candidate) and any(folded in fold(normalise(p)) for p in pinyin(candidate)):
        return 80
    found = near_pattern(word, word_start=True).search(text)
    if found is None:
        return 0
    near = word_around(text, found.start() + 1, found.end())
    return int(fuzz.ratio(word, near, processor=None, score_cutoff=FUZZY_CUTOFF) / 2)
