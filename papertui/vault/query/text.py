"""The searchable text of papers: normalised once, in one call, tested with substrings."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import repeat

from papertui.vault.query.language import Mode, normalise

FIELD = "\u00aa"
"""Between fields. A letter (U+00AA) so default_process keeps it, and Latin-1
so ASCII text stays one byte a character."""
JOIN = f" {FIELD} "
_PAPER = "\u00ba"
"""Between papers while the whole corpus is normalised in one call."""


Column = Sequence[str] | Sequence[tuple[str, ...]]
"""One value per row: a string, or a tuple of strings (authors) that become fields."""


def normalised_texts(columns: Sequence[Column]) -> list[str]:
    """Per row, its columns' fields normalised and joined: ``" field ª field ª field "``.

    Every word follows a space, so ``" " + word`` tests a word start; a text
    starts and ends with exactly one space, whatever the rows around it. Fields
    keep the spaces their edge punctuation became; anchored tests use
    :func:`anchored_pattern`. The corpus goes through default_process in one
    call: a call per field would cost more than the rest of the index.
    """
    if not columns or not columns[0]:
        return []
    rows = len(columns[0])
    separators = rows * (len(columns) - 1)
    joined: list[Sequence[str]] = []
    for column in columns:
        if isinstance(column[0], tuple):
            tuples: Sequence[tuple[str, ...]] = column  # type: ignore[assignment]
            joined.append(list(map(JOIN.join, tuples)))
            separators += sum(map(len, tuples)) - sum(map(bool, tuples))
        else:
            joined.append(column)  # type: ignore[arg-type]
    lines = list(map(JOIN.join, zip(*joined, strict=True))) if len(joined) > 1 else joined[0]
    giant = f" {_PAPER} ".join(lines)
    if giant.count(FIELD) != separators or giant.count(_PAPER) != rows - 1:
        # The notes use a separator character: blank it in the data (rare, slower).
        return normalised_texts([_blanked(column) for column in columns])
    # default_process trims the corpus' two ends only: one space each end, for every
    # text alike, so a text is the same wherever its paper falls in the corpus.
    return [f" {text.strip(' ')} " for text in normalise(giant).split(_PAPER)]


def _blanked(column: Column) -> Column:
    if isinstance(column[0], tuple):
        return [tuple(map(_blank, values)) for values in column]
    return list(map(_blank, column))  # type: ignore[arg-type]


def _blank(text: str) -> str:
    return text.replace(FIELD, " ").replace(_PAPER, " ")


@lru_cache(maxsize=64)
def anchored_pattern(value: str, mode: Mode) -> re.Pattern[str]:
    """A regex for ``value`` at the start, end or whole of a field."""
    body = re.escape(value)
    before = f"(?:^|{FIELD}) +"
    after = f" +(?:{FIELD}|$)"
    if mode is Mode.PREFIX:
        return re.compile(before + body)
    if mode is Mode.SUFFIX:
        return re.compile(body + after)
    return re.compile(before + body + after)


@lru_cache(maxsize=64)
def near_pattern(value: str, *, word_start: bool = False, stop: str = " ") -> re.Pattern[str]:
    """The compiled :func:`subsequence_pattern`."""
    return re.compile(subsequence_pattern(value, word_start=word_start, stop=stop))


def subsequence_pattern(
    value: str, *, capture: bool = False, word_start: bool = False, stop: str = " "
) -> str:
    """A regex for a near miss of ``value``: its first two characters together,
    the rest in order, the gaps never leaving a word.

    People get the start of a word right: a near miss is a word that starts
    like ``value`` (``word_start``, after a space). Without ``word_start`` the
    pattern is the prefilter: a superset whose literal two-character start lets
    the regex scan as fast as a substring test. Possessive gaps keep it linear:
    each character is taken at its first place after the previous one, which is
    all an in-order test needs. ``stop`` is what a gap never crosses: a space in
    the normalised text, a field separator in the folded text (no spaces there).
    """
    parts = [" "] if word_start else []
    for index, char in enumerate(value):
        literal = re.escape(char)
        atom = f"({literal})" if capture else literal
        if index < 2:
            parts.append(atom)
        elif char == " ":
            parts.append(f"[^ ]*+{atom}")
        else:
            parts.append(f"[^{literal}{stop}]*+{atom}")
    return "".join(parts)


def word_around(text: str, start: int, end: int) -> str:
    """The whole words of ``text`` that ``text[start:end]`` touches."""
    first = text.rfind(" ", 0, start) + 1
    last = text.find(" ", end)
    return text[first : last if last >= 0 else len(text)]


def title_ends(texts: Sequence[str]) -> list[int]:
    """Where each text's first field (the title) ends."""
    return list(map(str.find, texts, repeat(FIELD)))


MIN_INITIALS = 3
MAX_INITIALS = 8
"""Longer words are not tried as word starts (the pattern backtracks per character)."""


@lru_cache(maxsize=64)
def initials_pattern(folded: str, *, capture: bool = False) -> re.Pattern[str] | None:
    """A regex for ``folded`` spelled by the starts of consecutive words.

    ``3dgs`` matches " 3d gaussian splatting": a word starts with the first two
    characters, then each character either follows the one before in its word or
    starts the next word, as fzf rewards word starts. The first two stay together
    (as in :func:`subsequence_pattern`) so that a match keeps what the word's
    first two characters let through. None for words too short or too long.
    """
    if not MIN_INITIALS <= len(folded) <= MAX_INITIALS:
        return None
    atoms = [f"({re.escape(char)})" if capture else re.escape(char) for char in folded]
    parts = [" ", atoms[0], atoms[1]]
    parts += (f"(?:[^ {FIELD}]* )?{atom}" for atom in atoms[2:])
    return re.compile("".join(parts))
