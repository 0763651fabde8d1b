"""Time the text model on a vault: building the vectors, similar papers per query, For you."""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from filter import summary, timed

from papertui.vault.flags import FixedFlags
from papertui.vault.scan import scan
from papertui.vault.similar import Similarity, recommend

QUERIES = 200
STARRED = 20


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("vault", type=Path)
    args = parser.parse_args(argv)
    seconds, result = timed(lambda: scan(args.vault))
    papers = result.papers
    print(f"scan:             {seconds:7.2f} s   {len(papers):,} papers")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "similar.npz"
        model = Similarity(papers, path)
        seconds, vectors = timed(model.vectors)
        shape = vectors.matrix.shape
        print(
            f"build + save:     {seconds:7.2f} s   {shape[1]:,} features, "
            f"{vectors.matrix.nnz:,} non-zeros, {path.stat().st_size / 1e6:.0f} MB kept"
        )
        again = Similarity(papers, path)
        seconds, _ = timed(again.vectors)
        print(f"load (next start):{seconds:7.2f} s   (signature + .npz)")
    picker = random.Random(0)
    keys = [paper.key for paper in papers]
    model.neighbours(keys[0])  # the inverted index, once
    times = [timed(partial(model.neighbours, key))[0] for key in picker.sample(keys, QUERIES)]
    print(f"similar top-20:   {summary(times)}   ({QUERIES} papers)")
    starred = picker.sample(keys, STARRED)
    read = picker.sample(keys, 500)
    flags = FixedFlags.of(starred=starred, read=read)
    recommend(vectors, flags)  # scikit-learn's modules imported once
    times = [timed(partial(recommend, vectors, flags, seed=n))[0] for n in range(5)]
    print(f"for you (retrain): {summary(times)}   ({STARRED} starred, 500 read)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
