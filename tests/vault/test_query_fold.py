"""Matching that forgives separators, spells word starts, reads pinyin and finds punctuation."""

from __future__ import annotations

from pathlib import Path

import pytest

from papertui.paths import demo_vault
from papertui.vault.flags import NO_FLAGS
from papertui.vault.paper import Paper
from papertui.vault.query import PaperIndex, filter_papers, highlight_positions, parse_query
from papertui.vault.query.fold import fold, has_cjk, pinyin
from papertui.vault.query.match import Match, match_text
from papertui.vault.scan import scan
from tests.vault.query_fixtures import make_paper

FLAGS = NO_FLAGS

PAPERS = (
    make_paper("Zip-NeRF: Anti-Aliased Grid-Based Neural Radiance Fields", ["Jon Barron"]),
    make_paper("Zipping Archives Quickly", ["Ann Zip"]),
    make_paper("Discrete Tokens with a VQ-VAE Prior", keywords=["VQ-VAE", "Tokens"]),
    make_paper("Real-Time 3D-GS Avatars", tags=["avatars"]),
    make_paper("3D Gaussian Splatting for Radiance Fields", tags=["3dgs"]),
    make_paper("Dense Gaussian Splats", tags=["3dgs"]),
    make_paper("扩散模型采样加速综述", tags=["采样加速"]),
    make_paper("A Survey of Smart Contracts (((Draft)))"),
    make_paper("Neural Radiance Fields"),
)


def _titles(query: str, papers: tuple[Paper, ...] = PAPERS) -> list[str]:
    return [hit.paper.title for hit in filter_papers(papers, query, FLAGS)]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("zipnerf", "Zip-NeRF: Anti-Aliased Grid-Based Neural Radiance Fields"),
        ("ZipNerf", "Zip-NeRF: Anti-Aliased Grid-Based Neural Radiance Fields"),
        ("vqvae", "Discrete Tokens with a VQ-VAE Prior"),
        ("3dgs", "Real-Time 3D-GS Avatars"),
        ("ksmx", "扩散模型采样加速综述"),
        ("kuosanmoxing", "扩散模型采样加速综述"),
        ("cyjs", "扩散模型采样加速综述"),
    ],
)
def test_separators_case_and_pinyin_are_forgiven(query: str, first: str) -> None:
    titles = _titles(query)
    assert titles, query
    assert titles[0] == first


def test_word_starts_of_a_title_rank_it_above_other_words() -> None:
    titles = _titles("3dgs")
    # The title's word starts spell it: above a paper that has it as a tag only.
    assert titles.index("3D Gaussian Splatting for Radiance Fields") < titles.index(
        "Dense Gaussian Splats"
    )
    assert titles[0] == "Real-Time 3D-GS Avatars"  # in the title, separators forgiven


def test_folding_finds_nothing_that_is_not_there() -> None:
    assert _titles("zipnerfs") == []
    assert _titles("vqgan") == []
    assert "Zipping Archives Quickly" not in _titles("zipnerf")


def test_punctuation_alone_is_looked_for_as_written() -> None:
    assert _titles("(((") == ["A Survey of Smart Contracts (((Draft)))"]
    assert _titles(")))") == ["A Survey of Smart Contracts (((Draft)))"]
    assert _titles("+++") == []
    assert len(_titles("!(((")) == len(PAPERS) - 1


def test_matched_characters_are_lit_for_folded_and_word_start_matches() -> None:
    def lit(title: str, query: str) -> str:
        return "".join(title[i] for i in highlight_positions(title, parse_query(query)))

    assert lit("Zip-NeRF: Anti-Aliased", "zipnerf") == "ZipNeRF"
    assert lit("3D Gaussian Splatting", "3dgs") == "3DGS"
    assert lit("A Survey (((Draft)))", "(((") == "((("


def test_typing_on_narrows_without_losing_folded_matches() -> None:
    warm = PaperIndex(PAPERS)
    for target in ("zipnerf", "vqvae", "3dgs", "ksmx", "x-ray"):
        for end in range(1, len(target) + 1):
            query = parse_query(target[:end])
            fresh = PaperIndex(PAPERS).search(query, FLAGS).ids
            assert list(warm.search(query, FLAGS).ids) == list(fresh), target[:end]


def test_fold_and_pinyin() -> None:
    assert fold(" zip nerf ") == "zipnerf"
    assert has_cjk("基于CLIP")
    assert not has_cjk("CLIP")
    assert not has_cjk("café")
    assert pinyin("基于CLIP的方法") == ("jyCLIPdff", "jiyuCLIPdefangfa")
    assert pinyin("绿色") == ("ls", "lvse")


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("zipnerf", "Zip-NeRF: Anti-Aliased Grid-Based Neural Radiance Fields"),
        ("vqvae", "Vector Quantized Diffusion Model for Text-to-Image Synthesis"),
        ("3dgs", "3D Gaussian Splatting for Real-Time Radiance Field Rendering"),
        ("ksmxcy", "扩散模型采样加速：一致性蒸馏方法综述"),
        ("jyclip", "基于CLIP的零样本图像分割"),
    ],
)
def test_the_demo_vault_answers_first(query: str, title: str) -> None:
    papers = scan(Path(demo_vault())).papers
    assert _titles(query, papers)[0] == title


def test_one_string_is_matched_by_the_same_rules() -> None:
    assert match_text("zipnerf", "Zip-NeRF") == Match(0.85, (0, 1, 2, 4, 5, 6, 7))
    found = match_text("exp", "Export starred papers")
    assert found is not None
    assert found.score == 1.0
    assert match_text("cyjs", "采样加速") is not None
    assert match_text("gotag", "Go to tag") is not None  # in order, as fzf
    assert match_text("qz", "Go to tag") is None
    assert match_text("", "anything") is None
    ranked = sorted(
        ["Star or unstar", "Go to tag", "Mark read"],
        key=lambda name: -(getattr(match_text("star", name), "score", 0.0)),
    )
    assert ranked[0] == "Star or unstar"
