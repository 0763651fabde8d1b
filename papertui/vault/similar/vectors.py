"""The papers' text as TF-IDF vectors of word and character n-grams (English and Chinese alike).

One row per paper (title, tags, keywords and the start of its summary), each
row of unit length, so a dot product of two rows is their cosine similarity.
scikit-learn, scipy and numpy are imported inside the functions that need
them: the reader's start never pays for them.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from papertui.vault.atomic import write_atomically
from papertui.vault.paper import Paper

if TYPE_CHECKING:
    import numpy as np
    from scipy.sparse import csr_matrix

SUMMARY_CHARS = 600
"""How much of a summary counts: its start says what the paper is; the rest costs time."""
CHAR_TEXT_CHARS = 240
"""How much of a paper's text the character n-grams read (titles and tags first)."""
FORMAT = 1
"""Changes whenever what a row holds changes (an old saved matrix is then built again)."""
_CHAR_WEIGHT = 0.5
"""The share of the similarity that character n-grams give (the rest: words)."""


def paper_text(paper: Paper) -> str:
    """What a paper's vector is made of: title, tags, keywords and its summary's start."""
    parts = [paper.title, " ".join(paper.tags), " ".join(paper.keywords)]
    parts.append(paper.summary[:SUMMARY_CHARS])
    return "\n".join(parts)


def _char_text(paper: Paper) -> str:
    tags = " ".join(tag.replace("/", " ") for tag in paper.tags)
    return f"{paper.title} {tags} {' '.join(paper.keywords)} {paper.summary}"[:CHAR_TEXT_CHARS]


def signature(papers: Sequence[Paper]) -> str:
    """A digest of every paper's key and text: a saved matrix is used only for the same one."""
    digest = hashlib.blake2b(f"papertui-similar-{FORMAT}".encode(), digest_size=16)
    for paper in papers:
        digest.update(paper.key.encode("utf-8", "surrogateescape"))
        digest.update(b"\0")
        digest.update(paper_text(paper).encode("utf-8", "surrogateescape"))
        digest.update(b"\1")
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class TextVectors:
    """The vault's papers as rows of unit-length TF-IDF vectors."""

    keys: tuple[str, ...]
    """Each row's paper key."""
    matrix: csr_matrix
    """Papers x features, float32, rows of unit length (or zero for a paper without text)."""
    signature: str
    """:func:`signature` of the papers the rows were made from."""
    rows: dict[str, int] = field(default_factory=dict, compare=False)
    """Key -> row (filled in ``__post_init__``)."""
    _by_feature: list[csr_matrix] = field(default_factory=list, compare=False)

    def __post_init__(self) -> None:
        self.rows.update(zip(self.keys, range(len(self.keys)), strict=True))

    def __len__(self) -> int:
        return len(self.keys)

    def row_of(self, key: str) -> int | None:
        return self.rows.get(key)

    def scores(self, row: int) -> np.ndarray[Any, Any]:
        """The cosine similarity of row ``row`` with every row (a dense float32 vector).

        Through the features x papers matrix (an inverted index): only the
        papers sharing a feature with the row are visited.
        """
        if not self._by_feature:
            self._by_feature.append(self.matrix.T.tocsr())
        product = self.matrix[row] @ self._by_feature[0]
        return product.toarray().ravel()  # type: ignore[no-any-return]


def build(papers: Sequence[Paper]) -> TextVectors:
    """Vectors of ``papers``: TF-IDF of word 1-2-grams and of character 2-4-grams, joined."""
    import numpy as np
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    keys = tuple(paper.key for paper in papers)
    if not papers:
        return TextVectors(keys, csr_matrix((0, 0), dtype=np.float32), signature(papers))
    # Words common to most papers tell none apart; on a big vault they also make
    # every query touch every paper (a feature's papers are what a query visits).
    max_df = max(0.05, min(0.5, 1000 / len(papers)))
    words = TfidfVectorizer(
        ngram_range=(1, 2),
        sublinear_tf=True,
        max_df=max_df,
        max_features=200_000,
        dtype=np.float32,
    )
    chars = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(2, 4),
        sublinear_tf=True,
        max_df=max_df,
        max_features=200_000,
        dtype=np.float32,
    )
    blocks = []
    for vectorizer, texts, weight in (
        (words, [paper_text(p) for p in papers], 1 - _CHAR_WEIGHT),
        (chars, [_char_text(p) for p in papers], _CHAR_WEIGHT),
    ):
        try:
            blocks.append(vectorizer.fit_transform(texts) * np.float32(weight**0.5))
        except ValueError:  # no feature left (a vault of empty or identical texts)
            continue
    if not blocks:
        return TextVectors(keys, csr_matrix((len(papers), 0), dtype=np.float32), signature(papers))
    matrix = normalize(hstack(blocks, format="csr", dtype=np.float32), copy=False)
    return TextVectors(keys, matrix, signature(papers))


def save(vectors: TextVectors, path: Path) -> None:
    """Keep ``vectors`` in ``path`` (an ``.npz`` file, written atomically)."""
    import numpy as np

    matrix = vectors.matrix
    buffer = io.BytesIO()
    np.savez(
        buffer,
        data=matrix.data,
        indices=matrix.indices,
        indptr=matrix.indptr,
        shape=np.array(matrix.shape, dtype=np.int64),
        keys=np.array(vectors.keys, dtype=np.str_),
        signature=np.array([vectors.signature, str(FORMAT)], dtype=np.str_),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, buffer.getvalue(), durable=False)


def load(path: Path, wanted: str) -> TextVectors | None:
    """The vectors kept in ``path`` if they were made from papers of signature ``wanted``.

    Never raises: a missing, broken or stale file gives None (and is built again).
    """
    import numpy as np
    from scipy.sparse import csr_matrix

    try:
        with np.load(path, allow_pickle=False) as saved:
            kept, version = (str(value) for value in saved["signature"])
            if kept != wanted or version != str(FORMAT):
                return None
            shape = tuple(int(n) for n in saved["shape"])
            matrix = csr_matrix((saved["data"], saved["indices"], saved["indptr"]), shape=shape)
            keys = tuple(str(key) for key in saved["keys"])
    except (OSError, ValueError, KeyError, TypeError, EOFError):
        return None
    if len(keys) != matrix.shape[0]:
        return None
    return TextVectors(keys, matrix, kept)
