"""When one query's papers hold another's: what lets typing on filter the last survivors."""

from __future__ import annotations

from papertui.vault.query.language import Clause, Kind, Mode, Term


def implies(new: Term, old: Term) -> bool:
    """True when every paper ``new`` lets through, ``old`` lets through too.

    This is what lets a query that extends the previous one filter the
    previous survivors instead of every paper.
    """
    if new == old:
        return True
    if new.kind is not old.kind or new.negate != old.negate:
        return False
    if new.kind is Kind.DATE:
        return not new.negate and _within(new, old)
    if new.kind not in (Kind.TEXT, Kind.AUTHOR, Kind.TAG, Kind.ID, Kind.SYMBOLS, Kind.NOTE):
        return False
    if new.negate:
        # Lacking a shorter string means lacking every string that contains it.
        return new.mode is old.mode is Mode.CONTAINS and new.value in old.value
    if new.mode is Mode.TREE:
        return old.mode is Mode.TREE and new.value.startswith(old.value + "/")
    return _narrower(new.mode, new.value, old.mode, old.value)


def _narrower(new_mode: Mode, new: str, old_mode: Mode, old: str) -> bool:
    if new_mode is Mode.TREE:
        return False
    if new_mode is Mode.FUZZY:
        # A near miss of a word keeps its first letters, so typing on keeps every
        # paper the shorter word let through (see subsequence_pattern); a short word
        # lets through its folded matches too, for the longer word's folded ones.
        return old_mode is Mode.FUZZY and new.startswith(old)
    if old_mode in (Mode.FUZZY, Mode.CONTAINS):
        return old in new
    if old_mode is Mode.PREFIX:
        return new_mode in (Mode.PREFIX, Mode.EQUAL) and new.startswith(old)
    if old_mode is Mode.SUFFIX:
        return new_mode in (Mode.SUFFIX, Mode.EQUAL) and new.endswith(old)
    return False


def _within(new: Term, old: Term) -> bool:
    low_ok = old.low is None or (new.low is not None and new.low >= old.low)
    high_ok = old.high is None or (new.high is not None and new.high <= old.high)
    return low_ok and high_ok


def clause_implies(new: Clause, old: Clause) -> bool:
    """Every alternative of ``new`` implies some alternative of ``old``."""
    return all(any(implies(a, b) for b in old) for a in new)
