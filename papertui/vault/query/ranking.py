"""Ranking by bare words: tiers of exact matches over an index's text columns, then near misses."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from itertools import compress, repeat
from typing import Protocol, TypeVar

from rapidfuzz import fuzz

from papertui.vault.query.fold import fold
from papertui.vault.query.language import MIN_FUZZY, Clause, Term
from papertui.vault.query.match import FUZZY_CUTOFF
from papertui.vault.query.text import initials_pattern, near_pattern, word_around

# Scores of one bare word: exact tiers, then near misses below them (at most 55).
# "Folded" is the word with separators forgiven (zipnerf: Zip-NeRF), the word
# starts of title words (3dgs: 3D Gaussian Splatting), or pinyin (ksmx: 扩散模型).
_TITLE_WORD, _TITLE, _TITLE_FOLDED, _WORD, _ANYWHERE, _FOLDED = 100, 90, 85, 75, 60, 58
_not = operator.not_
_T = TypeVar("_T")

Ranked = tuple[list[int], list[int] | None]
"""Positions best first, and their scores (None: unranked, in input order)."""
Select = Callable[[Term, list[int]], list[int]]
"""The positions among the given ones that pass a term (for exact terms in an OR clause)."""


class TextColumns(Protocol):
    """The columns of a paper index that ranking reads, one value per paper."""

    def texts(self) -> list[str]:
        """Title, authors, tags, keywords and arXiv id of each paper, normalised."""

    def titles(self) -> list[str]:
        """Each text's title part."""

    def title_ends(self) -> list[int]:
        """Where each text's title ends."""

    def folded(self) -> list[str]:
        """Each text with its spaces folded away, then the pinyin of its Chinese."""

    def folded_title_ends(self) -> list[int]:
        """Where each folded text's title part ends."""

    def found(self, needle: str, ids: list[int], *, in_title: bool) -> list[bool] | None:
        """Per id, whether ``needle`` is in its text (or title), when an index can tell."""


def column_of(column: list[_T], ids: list[int]) -> Iterable[_T]:
    """The values of ``column`` at ``ids`` (the column itself when ``ids`` is every position)."""
    return column if len(ids) == len(column) else map(column.__getitem__, ids)


def rank(
    columns: TextColumns, clauses: tuple[Clause, ...], ids: list[int], select: Select
) -> Ranked:
    """Order ``ids`` (the papers that passed every clause's prefilter) by the bare words.

    Each clause with a bare word scores every paper; a paper that a clause does
    not score (a near miss below the cutoff) is out; the rest go by their mean.
    """
    scored = [c for c in clauses if any(t.is_fuzzy for t in c)]
    if not scored:
        return ids, None
    if len(scored) == 1 and len(scored[0]) == 1:
        return rank_word(columns, scored[0][0].value, ids)
    per_clause = [_clause_scores(columns, clause, ids, select) for clause in scored]
    kept = ids
    for scores in per_clause:  # a near miss below the cutoff has no score
        kept = list(compress(kept, map(scores.__contains__, kept)))
    totals = list(map(per_clause[0].__getitem__, kept))
    for scores in per_clause[1:]:
        totals = list(map(operator.add, totals, map(scores.__getitem__, kept)))
    order = sorted(range(len(kept)), key=totals.__getitem__, reverse=True)
    count = len(scored)
    return [kept[k] for k in order], [round(totals[k] / count) for k in order]


def _clause_scores(
    columns: TextColumns, clause: Clause, ids: list[int], select: Select
) -> dict[int, int]:
    if len(clause) == 1:
        return dict(zip(*rank_word(columns, clause[0].value, ids), strict=True))
    scores: dict[int, int] = {}
    for term in clause:
        if term.is_fuzzy:
            for i, score in zip(*rank_word(columns, term.value, ids), strict=True):
                if score > scores.get(i, -1):
                    scores[i] = score
        else:
            for i in select(term, ids):
                scores.setdefault(i, 0)
    return scores


def rank_word(columns: TextColumns, value: str, ids: list[int]) -> tuple[list[int], list[int]]:
    """Rank the papers that passed one bare word's prefilter.

    Tiers, each in input order: the word starts a title word, is in the
    title, starts another word, is anywhere. Each tier is one C-level pass
    over what the tiers above left. Near misses come last, scored with
    rapidfuzz against the word they were found in; below the cutoff, out.
    """
    order: list[int] = []
    scores: list[int] = []
    word = f" {value}"
    tiers = [(_TITLE_WORD, True, word), (_TITLE, True, value), (_WORD, False, word)]
    tiers.append((_ANYWHERE, False, value))
    if len(value) < MIN_FUZZY:
        # One or two letters, the start of typing, match nearly everything:
        # rank them by title words only, and keep it cheap. The prefilter
        # was the substring test, so what is left is the last tier.
        tiers = tiers[:1]
    rest = ids
    for score, in_title, needle in tiers:
        if not rest:
            break
        if score == _WORD and len(value) > MIN_FUZZY:
            # Before the other words: the title's, with separators forgiven
            # (from four letters: three rarely span a separator, and cost).
            found = found_folded(columns, value, rest, in_title=True)
            tier = list(compress(rest, found))
            order += tier
            scores += [_TITLE_FOLDED] * len(tier)
            rest = list(compress(rest, map(_not, found))) if tier else rest
        found = _found(columns, rest, needle, in_title=in_title)
        tier = list(compress(rest, found))
        order += tier
        scores += [score] * len(tier)
        rest = list(compress(rest, map(_not, found))) if len(tier) < len(rest) else []
    if rest and len(value) < MIN_FUZZY:
        order += rest
        scores += [_ANYWHERE] * len(rest)
    elif rest:
        if len(value) > MIN_FUZZY:
            found = found_folded(columns, value, rest, in_title=False, initials=False)
            tier = list(compress(rest, found))
            order += tier
            scores += [_FOLDED] * len(tier)
            rest = list(compress(rest, map(_not, found))) if tier else rest
        near = _near_misses(columns, value, rest)
        order += [i for i, _ in near]
        scores += [score for _, score in near]
    return order, scores


def _found(columns: TextColumns, ids: list[int], needle: str, *, in_title: bool) -> list[bool]:
    """Per id, whether ``needle`` is in its text (``in_title``: in its title)."""
    found = columns.found(needle, ids, in_title=in_title)
    if found is not None:
        return found
    column = column_of(columns.titles() if in_title else columns.texts(), ids)
    return list(map(operator.contains, column, repeat(needle)))


def found_folded(
    columns: TextColumns, value: str, ids: list[int], *, in_title: bool, initials: bool = True
) -> list[bool]:
    """Per id, whether ``value`` matches folded (``in_title``: in its title only), or
    (``initials``) the starts of consecutive words of its title spell it."""
    folded = fold(value)
    column = column_of(columns.folded(), ids)
    if in_title:
        ends = column_of(columns.folded_title_ends(), ids)
        places = map(str.find, column, repeat(folded), repeat(0), ends)
        found = list(map(operator.ne, places, repeat(-1)))
    else:
        found = list(map(operator.contains, column, repeat(folded)))
    pattern = initials_pattern(folded) if initials else None
    if pattern is not None and not all(found):
        # Word starts only where the folded test failed, all at C level.
        titles = map(columns.titles().__getitem__, compress(ids, map(_not, found)))
        missed = compress(range(len(ids)), map(_not, found))
        for place in list(compress(missed, map(pattern.search, titles))):
            found[place] = True
    return found


def _near_misses(columns: TextColumns, value: str, ids: list[int]) -> list[tuple[int, int]]:
    texts, ends = columns.texts(), columns.title_ends()
    search = near_pattern(value, word_start=True).search
    near: list[tuple[int, int]] = []
    for i, match in zip(ids, map(search, map(texts.__getitem__, ids)), strict=True):
        if match is None:
            continue
        start = match.start() + 1
        word = word_around(texts[i], start, match.end())
        # Both sides went through default_process already: no processor here.
        ratio = fuzz.ratio(value, word, processor=None, score_cutoff=FUZZY_CUTOFF)
        if ratio:
            near.append((i, int(ratio / 2) + (5 if start < ends[i] else 0)))
    near.sort(key=lambda item: item[1], reverse=True)
    return near
