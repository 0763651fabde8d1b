"""The palette matches as the filter does: separators, case, word starts and pinyin forgiven."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.style import Style

from papertui.paths import demo_vault
from papertui.tui.palette import FilterMatcher, PaperProvider, TagProvider, VerbProvider
from tests.tui.pilot import reader, wait_until


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return Path(shutil.copytree(demo_vault(), tmp_path / "demo"))


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        ("zipnerf", "Zip-NeRF: Anti-Aliased Grid-Based Neural Radiance Fields"),
        ("vqvae", "Vector Quantized Diffusion Model for Text-to-Image Synthesis"),
        ("3dgs", "3D Gaussian Splatting for Real-Time Radiance Field Rendering"),
        ("ksmxcy", "扩散模型采样加速：一致性蒸馏方法综述"),
    ],
)
async def test_typing_in_the_filter_finds_the_paper_first(
    demo: Path, typed: str, title: str
) -> None:
    async with reader(demo) as r:
        await r.press("slash", *typed, "enter")
        await wait_until(r, lambda: r.main.view.filter.text == typed, "the filter applied")
        await wait_until(r, lambda: bool(r.titles()) and r.titles()[0] == title, title)
        assert r.current_title() == title


async def test_the_palette_finds_papers_tags_and_verbs_by_the_same_rules(demo: Path) -> None:
    async with reader(demo) as r:
        papers = [hit async for hit in PaperProvider(r.main).search("zipnerf")]
        assert papers[0].text == "Zip-NeRF: Anti-Aliased Grid-Based Neural Radiance Fields"

        tags = [hit async for hit in TagProvider(r.main).search("cyjs")]
        assert [hit.text for hit in tags] == ["采样加速"]
        tags = [hit async for hit in TagProvider(r.main).search("imagesynth")]
        assert tags[0].text == "image-synthesis"

        verbs = [hit async for hit in VerbProvider(r.main).search("gotag")]
        assert verbs[0].text == "Go to tag…"
        assert not [hit async for hit in VerbProvider(r.main).search("qqqq")]


def test_the_palette_matcher_lights_matched_letters_and_never_reads_markup() -> None:
    matcher = FilterMatcher("zipnerf", match_style=Style(bold=True))
    assert matcher.match("Zip-NeRF [b]x") == pytest.approx(0.85)
    content = matcher.highlight("Zip-NeRF [b]x")
    assert content.plain == "Zip-NeRF [b]x"
    lit = sorted(i for span in content.spans for i in range(span.start, span.end))
    assert "".join(content.plain[i] for i in lit) == "ZipNeRF"
    assert matcher.match("Zipping") == 0
