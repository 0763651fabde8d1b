"""Papers written for the query tests (made up; metadata in the style of real digests)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from papertui.vault.paper import Paper, paper_key


def make_paper(
    title: str,
    authors: Iterable[str] = (),
    tags: Iterable[str] = (),
    arxiv_id: str | None = None,
    day: date | None = None,
    keywords: Iterable[str] = (),
) -> Paper:
    return Paper(
        key=paper_key(arxiv_id, title),
        title=title,
        authors=tuple(authors),
        arxiv_id=arxiv_id,
        tags=tuple(tags),
        day=day,
        keywords=tuple(keywords),
    )


PAPERS: tuple[Paper, ...] = (
    make_paper(
        "Gaussian Splatting for Real-Time Scene Rendering?",
        ["Bruno Kettle", "Gloria Kopp"],
        ["3D/Gaussians", "Rendering"],
        "2308.04079",
        date(2023, 8, 8),
        ["radiance fields", "point clouds"],
    ),
    make_paper(
        "Denoising Diffusion for Image Synthesis",
        ["Jonas Hollow", "Aja Jainsen"],
        ["Diffusion Models"],
        "2006.11239",
        date(2020, 6, 19),
        ["score matching"],
    ),
    make_paper(
        "Video Diffusion Models at Scale",
        ["Jonas Hollow", "Tim Salm"],
        ["diffusion models", "Video/Generation"],
        "2204.03458",
        date(2022, 4, 7),
    ),
    make_paper(
        "Attention Suffices for Translation",
        ["Asha Vaswan"],
        ["NLP"],
        "1706.03762",
        date(2017, 6, 12),
        ["transformer"],
    ),
    make_paper("A Note Without An Identifier", [], [], None, None),
    make_paper(
        "Sparse Mixtures of Experts: A Survey",
        ["Wei Zhang", "Li Wang"],
        ["LLM/Efficiency", "llm"],
        "2409.17058",
        date(2024, 9, 27),
        ["routing", "gaussian processes"],
    ),
    make_paper(
        "Diffusion Transformers for 3D-GS Generation",
        ["Wei Zhang"],
        ["3D", "Diffusion Models"],
        "2409.01234",
        date(2024, 9, 2),
    ),
)
