"""Which papers a term on the text or the authors lets through, before ranking: a bare
word's prefilter (from the gram index once it is built), exact, anchored and negated words."""

from __future__ import annotations

import operator
from itertools import compress, repeat
from typing import TYPE_CHECKING

from papertui.vault.query.language import MIN_FUZZY, Kind, Mode, Term
from papertui.vault.query.ranking import column_of, found_folded
from papertui.vault.query.text import anchored_pattern, near_pattern

if TYPE_CHECKING:
    from papertui.vault.query.index import PaperIndex

_not = operator.not_


def select_text(index: PaperIndex, term: Term, ids: list[int], *, whole: bool) -> list[int]:
    """The ``ids`` (in their order) that pass ``term``, a term on the text or the authors:
    for a bare word, its prefilter (exact or near, before ranking's cutoff).

    ``whole``: ``ids`` is every position, in order.
    """
    texts = index.texts() if term.kind is Kind.TEXT else index.authors()
    value = term.value
    grams = index.built_grams()
    if term.is_fuzzy and grams is not None:
        from papertui.vault.query.grams import plain, prefiltered  # (loaded: grams is built)

        if plain(value):
            own = index.own.extra if index.own else ()
            return prefiltered(grams, value, ids, texts, index.folded(), own, whole=whole)
    if term.is_fuzzy:
        # The prefilter, a superset of every way a bare word matches: a substring
        # test (short words) or one regex for exact and near matches (longer);
        # what it leaves is tested folded. Each keystroke's survivors hold the
        # next one's: typing on narrows. (Word starts only rank what passed.)
        column = column_of(texts, ids)
        near: list[object] = (
            list(map(operator.contains, column, repeat(value)))
            if len(value) < MIN_FUZZY
            else list(map(near_pattern(value).search, column))
        )
        places = list(compress(range(len(ids)), map(_not, near)))
        if not places:
            return ids
        rest = list(map(ids.__getitem__, places))
        folded = found_folded(index, value, rest, in_title=False, initials=False)
        keep = list(map(bool, near))
        # As a rule folding finds few the plain test did not: mark them, keep the order.
        for place in compress(places, folded):
            keep[place] = True
        return list(compress(ids, keep))
    found = list(compress(ids, map(operator.contains, column_of(texts, ids), repeat(value))))
    if term.mode not in (Mode.FUZZY, Mode.CONTAINS):
        search = anchored_pattern(value, term.mode).search
        found = list(compress(found, map(search, map(texts.__getitem__, found))))
    if not term.negate:
        return found
    excluded = set(found)
    return list(compress(ids, map(_not, map(excluded.__contains__, ids))))


def found_by_grams(
    index: PaperIndex, needle: str, ids: list[int], *, in_title: bool
) -> list[bool] | None:
    """Per id, whether its text (``in_title``: title) holds ``needle``, from the gram index;
    None when it is not built or cannot tell."""
    grams = index.built_grams()
    mask = None if grams is None else grams.found(needle, in_title=in_title)
    if mask is None:
        return None
    from papertui.vault.query.grams import found_in

    unknown = grams.unknown if grams else []
    own = unknown if in_title or index.own is None else [*unknown, *index.own.extra]
    return found_in(mask, ids, index.titles() if in_title else index.texts(), needle, own)
