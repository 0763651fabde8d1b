"""For you: the unread papers ranked by how much they resemble the ones the user liked.

Liked papers (starred, queued for later, annotated) are the positives of a
logistic regression on the papers' TF-IDF vectors; dismissed papers, a sample
of papers read but not liked and a sample of the vault as background are the
negatives. Each recommendation names the liked papers it most resembles.
"""

from __future__ import annotations

import random
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from papertui.vault.flags import Flag, Flags, done_keys
from papertui.vault.similar.vectors import TextVectors

MIN_LIKED = 5
"""Liked papers needed before recommending: fewer say too little about the user."""
READ_SAMPLE = 4
"""Read-not-liked papers taken as negatives, per liked paper."""
BACKGROUND = 4
"""Papers of the whole vault taken as (weak) negatives, per liked paper."""
BECAUSE = 3
"""Liked papers named as the reason for one recommendation."""


def annotated_keys(flags: Flags) -> frozenset[str]:
    """The papers the user wrote a note on (``n``): liked too."""
    from papertui.vault.state.annotations import own_layer_of

    layer = own_layer_of(flags)
    if layer is None:
        return frozenset()
    return frozenset(key for key, note in layer.annotations.items() if note.text.strip())


def liked_keys(flags: Flags) -> frozenset[str]:
    """What the user showed they like: starred, queued for later, annotated."""
    return flags.keys_with(Flag.STARRED) | flags.keys_with(Flag.LATER) | annotated_keys(flags)


def needs_more(liked: int) -> str:
    """What the For-you entry says below :data:`MIN_LIKED` liked papers ("" when enough)."""
    missing = MIN_LIKED - liked
    if missing <= 0:
        return ""
    papers = "paper" if missing == 1 else "papers"
    return f"For you: star {missing} more {papers} to get recommendations"


@dataclass(frozen=True, slots=True)
class ForYou:
    """The unread papers, best recommendation first, and why."""

    ranked: tuple[str, ...] = ()
    """Keys of the unread, unliked papers, best first."""
    liked: tuple[str, ...] = ()
    """The liked papers the ranking learnt from."""
    vectors: TextVectors | None = field(default=None, compare=False, repr=False)
    order: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    """Key -> place in ``ranked`` (filled in ``__post_init__``)."""

    def __post_init__(self) -> None:
        self.order.update(zip(self.ranked, range(len(self.ranked)), strict=True))

    @property
    def message(self) -> str:
        """What to say instead of a ranking ("" when there is one)."""
        return needs_more(len(self.liked))

    def place(self, key: str) -> int:
        """Where ``key`` ranks (after every ranked paper when it is not ranked)."""
        return self.order.get(key, len(self.ranked))

    def because(self, key: str, limit: int = BECAUSE) -> list[str]:
        """The liked papers most like the paper ``key``, most alike first."""
        vectors = self.vectors
        row = None if vectors is None else vectors.row_of(key)
        if vectors is None or row is None:
            return []
        rows = [r for r in map(vectors.row_of, self.liked) if r is not None]
        if not rows:
            return []
        scores = (vectors.matrix[rows] @ vectors.matrix[row].T).toarray().ravel()
        best = sorted(range(len(rows)), key=lambda i: -float(scores[i]))[:limit]
        return [vectors.keys[rows[i]] for i in best if scores[i] > 0]


def recommend(
    vectors: TextVectors,
    flags: Flags,
    *,
    liked: Collection[str] | None = None,
    seed: int = 0,
) -> ForYou:
    """Rank the unread papers of ``vectors`` for the user whose flags are ``flags``.

    Args:
        vectors: The vault's vectors.
        flags: Read, starred, later and dismissed.
        liked: The liked keys, when not :func:`liked_keys` of ``flags``.
        seed: Seeds the samples of negatives (the same flags give the same ranking).
    """
    liked_set = set(liked_keys(flags) if liked is None else liked)
    positives = sorted(k for k in liked_set if vectors.row_of(k) is not None)
    if len(positives) < MIN_LIKED:
        return ForYou(liked=tuple(positives), vectors=vectors)
    done = done_keys(flags)
    dismissed = flags.keys_with(Flag.DISMISSED)
    picker = random.Random(seed)
    negatives = sorted(k for k in dismissed if k not in liked_set and vectors.row_of(k))
    read = sorted(k for k in done - dismissed if k not in liked_set and vectors.row_of(k))
    negatives += _sample(picker, read, READ_SAMPLE * len(positives))
    others = [k for k in vectors.keys if k not in liked_set and k not in dismissed]
    background = _sample(picker, others, BACKGROUND * len(positives))
    scores = _fit_and_score(vectors, positives, negatives, background)
    candidates = [
        i for i, key in enumerate(vectors.keys) if key not in done and key not in liked_set
    ]
    candidates.sort(key=lambda i: -float(scores[i]))
    ranked = tuple(vectors.keys[i] for i in candidates)
    return ForYou(ranked, tuple(positives), vectors)


def _sample(picker: random.Random, keys: list[str], count: int) -> list[str]:
    return keys if len(keys) <= count else picker.sample(keys, count)


def _fit_and_score(
    vectors: TextVectors,
    positives: list[str],
    negatives: list[str],
    background: list[str],
) -> Any:
    """Every row's score: a logistic regression's decision, liked against the rest."""
    import numpy as np
    from scipy.sparse import vstack
    from sklearn.linear_model import LogisticRegression

    rows = vectors.rows
    firm = [rows[k] for k in positives] + [rows[k] for k in negatives]
    weak = [rows[k] for k in background]
    x = vstack([vectors.matrix[firm], vectors.matrix[weak]], format="csr")
    y = np.array([1] * len(positives) + [0] * (len(negatives) + len(weak)))
    # Background papers may be liked ones the user has not met yet: they count for less.
    weights = np.array([1.0] * len(firm) + [0.3] * len(weak))
    model = LogisticRegression(C=4.0, class_weight="balanced", max_iter=200, solver="liblinear")
    model.fit(x, y, sample_weight=weights)
    return vectors.matrix @ model.coef_.ravel().astype(np.float32)
