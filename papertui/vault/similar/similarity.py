"""Similar papers: a vault's vectors, made (or loaded) when first asked, and their nearest rows."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Sequence
from pathlib import Path

from papertui.vault.paper import Paper
from papertui.vault.similar import vectors as text_vectors
from papertui.vault.similar.vectors import TextVectors

LIMIT = 20
"""Similar papers shown for one paper."""
MIN_SCORE = 0.02
"""Below this a paper shares nothing worth the name with the one asked about."""


def similar_path(
    root: str | os.PathLike[str], include: Sequence[str] = (), exclude: Sequence[str] = ()
) -> Path:
    """Where the vectors of the vault at ``root`` are kept: beside its index cache."""
    from papertui.vault.scan.cache import cache_file

    index = cache_file(root, include, exclude)
    return index.with_name(f"{index.stem}-similar.npz")


class Similarity:
    """The similarity model of one set of papers.

    The vectors are made on first use (from ``path`` when it holds those of
    the same papers, else built and kept there): call :meth:`vectors` in a
    worker. Safe to share between threads.
    """

    def __init__(self, papers: Sequence[Paper], path: Path | None = None) -> None:
        self.papers = papers
        self.path = path
        self._lock = threading.Lock()
        self._vectors: TextVectors | None = None
        self.loaded = False
        """The vectors came from ``path`` (not built)."""

    @property
    def ready(self) -> bool:
        """The vectors are made: asking costs no more than the question."""
        return self._vectors is not None

    def vectors(self) -> TextVectors:
        """The papers' vectors (made now, under a lock, if not yet)."""
        with self._lock:
            if self._vectors is None:
                self._vectors = self._load_or_build()
            return self._vectors

    def _load_or_build(self) -> TextVectors:
        wanted = text_vectors.signature(self.papers)
        if self.path is not None:
            kept = text_vectors.load(self.path, wanted)
            if kept is not None:
                self.loaded = True
                return kept
        built = text_vectors.build(self.papers)
        if self.path is not None:
            # A cache that cannot be written is built again next time.
            with contextlib.suppress(OSError):
                text_vectors.save(built, self.path)
        return built

    def neighbours(self, key: str, limit: int = LIMIT) -> list[tuple[str, float]]:
        """The ``limit`` papers most like the paper ``key``, best first, with their scores."""
        return nearest(self.vectors(), key, limit)


def nearest(vectors: TextVectors, key: str, limit: int = LIMIT) -> list[tuple[str, float]]:
    """The ``limit`` rows most like the row of ``key`` (not itself), best first, with scores."""
    import numpy as np

    row = vectors.row_of(key)
    if row is None or not len(vectors):
        return []
    scores = vectors.scores(row)
    scores[row] = -1.0
    count = min(limit, len(scores) - 1)
    if count <= 0:
        return []
    top = np.argpartition(-scores, count - 1)[:count]
    top = top[np.argsort(-scores[top], kind="stable")]
    keys = vectors.keys
    return [(keys[i], float(scores[i])) for i in top if scores[i] >= MIN_SCORE]
