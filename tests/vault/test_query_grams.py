"""The gram index (prepare()) finds the same papers, in the same order, as the full pass."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from papertui.paths import demo_vault
from papertui.vault.flags import NO_FLAGS, Flags
from papertui.vault.paper import Paper
from papertui.vault.query import PaperIndex, QueryError, parse_query
from papertui.vault.query.grams import plain
from papertui.vault.scan import scan
from papertui.vault.state.store import StateStore
from tests.vault import query_fixtures
from tests.vault.query_fixtures import make_paper
from tests.vault.test_query_fold import PAPERS as FOLD_PAPERS

TYPED = (
    "gaussian splats",
    "denoising diffusion",
    "transformers 3d",
    "mixtures of experts",
    "attention suffices",
    "barron grid",
    "radiance fields",
    "zipnerf",
    "zip-nerf",
    "vqvae",
    "3dgs",
    "3d-gs",
    "ksmx",
    "kuosan moxing",
    "caiyang",
    "cyjs",
    "扩散",
    "2409.17058",
    "2308",
    "kettle kopp",
    "ablation",
    "mytag",
    "rendering",
    "avatars",
    "'splat",
    "!diffusion",
    "^video",
    "tag:3d gauss",
    "author:jonas",
    "(((",
    "x",
    "qq",
    "ª",
    "é",
    "denoising | survey",
    "diff | nerf grid",
)
"""Typed a keystroke at a time: short words, long ones, words across separators, pinyin,
Chinese, ids, operators and fields, letters no paper holds, and OR."""

CJK = (
    make_paper("扩散模型采样加速综述", ["张三"], tags=["采样加速"], keywords=["diffusion"]),
    make_paper("Video Synthesis", tags=["视频生成"]),
    make_paper("Zipping Archives", ["Zoë Zip"], keywords=["zip-nerf"]),
)


def _results(index: PaperIndex, flags: Flags) -> list[tuple[str, list[int], list[int] | None]]:
    results = []
    for text in TYPED:
        index.clear_cache()
        for end in range(1, len(text) + 1):
            try:
                query = parse_query(text[:end])
            except QueryError:
                continue  # (a field being typed: ``tag:``)
            hits = index.search(query, flags)
            ids, scores = list(hits._ids), None if hits._scores is None else list(hits._scores)
            results.append((text[:end], ids, scores))
    return results


def _same(papers: Sequence[Paper], flags: Flags = NO_FLAGS) -> None:
    plainly, prepared = PaperIndex(papers), PaperIndex(papers)
    prepared.prepare()
    assert prepared.built_grams() is not None
    assert plainly.built_grams() is None
    assert _results(prepared, flags) == _results(plainly, flags)


@pytest.mark.parametrize(
    "papers",
    [query_fixtures.PAPERS, FOLD_PAPERS, CJK, query_fixtures.PAPERS + FOLD_PAPERS + CJK],
    ids=["filter", "fold", "chinese", "all"],
)
def test_the_gram_index_finds_what_the_full_pass_finds(papers: tuple[Paper, ...]) -> None:
    _same(papers)


def test_the_gram_index_finds_what_the_full_pass_finds_in_the_demo_vault() -> None:
    papers = scan(demo_vault()).papers
    assert len(papers) > 20
    _same(papers)


def test_your_notes_and_tags_are_tested_as_before(tmp_path: Path) -> None:
    papers = query_fixtures.PAPERS + FOLD_PAPERS + CJK
    store = StateStore.load(tmp_path / "state.json")
    store.annotate(papers[0].key, "An ablation on zipnerf grids; see kuosan.")
    store.annotate(papers[3].key, "视频 rendering notes")
    store.tag(papers[5].key, ["mytag/sub"])
    _same(papers, store)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("zip", True),
        ("3dgs", True),
        ("zip nerf", False),
        ("扩散", False),
        ("é", False),
        ("ª", False),
    ],
)
def test_plain_words_are_those_the_gram_index_answers(word: str, expected: bool) -> None:
    assert plain(word) is expected


def test_a_carried_over_gram_index_tests_the_new_papers_as_before() -> None:
    earlier = PaperIndex(query_fixtures.PAPERS + FOLD_PAPERS)
    earlier.prepare()
    papers = (*FOLD_PAPERS[2:], CJK[0], *query_fixtures.PAPERS[:4], CJK[2])  # gone, new, moved
    later = PaperIndex(papers, earlier)
    grams = later.built_grams()
    assert grams is not None
    assert [papers[i] for i in grams.unknown] == [CJK[0], CJK[2]]
    assert _results(later, NO_FLAGS) == _results(PaperIndex(papers), NO_FLAGS)
    papers = (CJK[1], *papers[1:])  # and once more, from the carried one
    last = PaperIndex(papers, later)
    assert _results(last, NO_FLAGS) == _results(PaperIndex(papers), NO_FLAGS)
