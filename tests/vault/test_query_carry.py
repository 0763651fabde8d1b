"""An index made from an earlier snapshot's index: the same columns and answers as a fresh one."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import pytest

from papertui.vault.flags import FixedFlags
from papertui.vault.paper import Paper
from papertui.vault.query import PaperIndex, parse_query
from papertui.vault.query import columns as columns_module
from tests.vault.query_fixtures import PAPERS, make_paper

WORDS = ["gaussian", "splatting", "diffusion", "video", "sparse", "voxel", "扩散", "Ünïcode"]
QUERIES = ["", "gauss", "diff vid", "'voxel", "^sparse", "author:ada", "id:2409", "splatin", "扩散"]


def _papers(count: int, seed: int) -> list[Paper]:
    rng = random.Random(seed)
    return [
        make_paper(
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 5))) + f" {seed}-{n}",
            authors=[rng.choice(["Ada Lovelace", "Bo Li", "Carl Gauss"]), f"Writer {n}"],
            tags=[rng.choice(["3D", "Video/Generation", "LLM"])],
            arxiv_id=f"2409.{seed:02d}{n:03d}" if n % 4 else None,
            day=date(2024, 9, 1) + timedelta(days=n % 30),
            keywords=[rng.choice(WORDS)],
        )
        for n in range(count)
    ]


def _answers(index: PaperIndex) -> list[list[int]]:
    flags = FixedFlags()
    return [list(index.search(parse_query(query), flags).ids) for query in QUERIES]


def _columns(index: PaperIndex) -> tuple[list[str], list[int], list[str]]:
    return index.texts(), index.title_ends(), index.authors()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_carried_over_columns_equal_a_fresh_build(seed: int) -> None:
    rng = random.Random(seed)
    old_papers = _papers(120, seed)
    earlier = PaperIndex(old_papers)
    earlier.prepare()
    earlier.authors()
    # A later snapshot: some papers gone, some new (anywhere), some remade, the order new.
    kept = [paper for paper in old_papers if rng.random() < 0.8]
    remade = [replace(paper, title=paper.title + " revised") for paper in kept[:5]]
    papers = [*kept[5:], *remade, *_papers(40, seed + 10)]
    rng.shuffle(papers)
    later = PaperIndex(papers, earlier)
    assert later.reused == len(kept) - 5
    fresh = PaperIndex(papers)
    assert _columns(later) == _columns(fresh)
    assert _answers(later) == _answers(fresh)


def test_an_index_without_built_columns_carries_nothing_over() -> None:
    earlier = PaperIndex(PAPERS)
    later = PaperIndex(PAPERS[1:], earlier)
    assert later.reused == 0
    assert _columns(later) == _columns(PaperIndex(PAPERS[1:]))


def test_carrying_over_to_and_from_empty_snapshots() -> None:
    empty = PaperIndex(())
    empty.prepare()
    grown = PaperIndex(PAPERS, empty)
    assert _columns(grown) == _columns(PaperIndex(PAPERS))
    grown.prepare()
    assert _columns(PaperIndex((), grown)) == ([], [], [])


def test_text_is_normalised_chunk_by_chunk_as_in_one_go(monkeypatch: pytest.MonkeyPatch) -> None:
    papers = _papers(50, 7)
    whole = _columns(PaperIndex(papers))
    monkeypatch.setattr(columns_module, "TEXT_CHUNK", 3)
    assert _columns(PaperIndex(papers)) == whole
