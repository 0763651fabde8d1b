"""The demo vault: what it holds, and what scan() must find in it (issue 2 contract)."""

# Written against the scan() contract of issue 2 (papertui/vault/scan.py) while the
# scanner was being implemented: the tests that call scan() fail until it lands, and
# must pass once it does. They are not skipped on purpose. The expected content below
# is the demo vault as written (see docs/formats.md for the rules it exercises).

from __future__ import annotations

import hashlib
import itertools
import re
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import yaml

from papertui.paths import demo_vault
from papertui.vault.paper import Paper, collapse_spaces, paper_key
from papertui.vault.scan import NoteStatus, ScanResult, scan, section_text

D1, D2 = "daily.2023.11.20.md", "daily.2023.11.27.md"
D0 = "daily.2023.11.13.md"
H1, H2 = "hexo/2021-12-21-Diffusion-Models.md", "hexo/2022-10-07-Diffusion-Models.md"
H3, H4 = "hexo/2023-03-24-Diffusion-Models.md", "hexo/3DGS/2023-08-21-3DGS.md"
Z1, Z2 = "arxiv-daily/2020/2020-06-22.md", "arxiv-daily/2020/2020-10-23.md"
Z3, Z4 = "arxiv-daily/2021/2021-03-01.md", "arxiv-daily/2022/2022-04-14.md"
Z5 = "arxiv-daily/2023/2023-04-18.md"
IDEAS = "ideas.md"
S1, S2 = "shapes/radiance-fields-table.md", "shapes/2020-02-03-reading-digest.md"
S3, S4 = "shapes/awesome-radiance-fields.md", "shapes/score-matching.md"

DAYS = {
    D0: date(2023, 11, 13),
    D1: date(2023, 11, 20),
    D2: date(2023, 11, 27),
    H1: date(2021, 12, 21),
    H2: date(2022, 10, 7),
    H3: date(2023, 3, 24),
    H4: date(2023, 8, 21),
    Z1: date(2020, 6, 22),
    Z2: date(2020, 10, 23),
    Z3: date(2021, 3, 1),
    Z4: date(2022, 4, 14),
    Z5: date(2023, 4, 18),
    S2: date(2020, 2, 3),
    S3: date(2020, 4, 1),
    S4: date(2020, 2, 20),
}
NERF = "NeRF: Representing Scenes as Neural Radiance Fields for View Synthesis"
ROW_DAYS = {
    (NERF, S1): date(2020, 3, 19),
    ("Neural Volumes: Learning Dynamic Renderable Volumes from Images", S1): date(2019, 6, 18),
    (
        "DeepSDF: Learning Continuous Signed Distance Functions for Shape Representation",
        S1,
    ): date(2019, 1, 16),
}
"""The days of table rows, each with its own (the other notes have one day)."""
GO = "Mastering the Game of Go with Deep Neural Networks and Tree Search"
KEYS = {GO: "doi:10.1038/nature16961"}
"""Papers keyed by an id that is not arXiv's."""

# Every note: (status, paper sections, format it is read as).
NOTES: dict[str, tuple[NoteStatus, int, str | None]] = {
    D0: (NoteStatus.READ, 2, "dendron"),
    D1: (NoteStatus.READ, 4, "dendron"),
    D2: (NoteStatus.READ, 5, "dendron"),
    H1: (NoteStatus.READ, 3, "hexo"),
    H2: (NoteStatus.READ, 3, "hexo"),
    H3: (NoteStatus.READ, 3, "hexo"),
    H4: (NoteStatus.READ, 2, "hexo"),
    Z1: (NoteStatus.READ, 3, "digest"),
    Z2: (NoteStatus.READ, 2, "digest"),
    Z3: (NoteStatus.READ, 2, "digest"),
    Z4: (NoteStatus.READ, 3, "digest"),
    Z5: (NoteStatus.READ, 2, "digest"),
    IDEAS: (NoteStatus.PASSED_OVER, 0, None),
    S1: (NoteStatus.READ, 3, "entries"),
    S2: (NoteStatus.READ, 3, "entries"),
    S3: (NoteStatus.READ, 4, "entries"),
    S4: (NoteStatus.READ, 1, "literature"),
}

LDM = "High-Resolution Image Synthesis with Latent Diffusion Models"
VQVAE = "Neural Discrete Representation Learning"
GLIDE = (
    "GLIDE: Towards Photorealistic Image Generation and Editing with Text-Guided Diffusion Models"
)

# Every paper: title (whitespace collapsed), arXiv id, the notes it appears in.
PAPERS: list[tuple[str, str | None, tuple[str, ...]]] = [
    ("扩散模型采样加速：一致性蒸馏方法综述", None, (D0,)),
    ("基于CLIP的零样本图像分割", None, (D0,)),
    ("Deep Residual Learning for Image Recognition", None, (D1,)),
    ("U-Net: Convolutional Networks for Biomedical Image Segmentation", None, (D1,)),
    ("Auto-Encoding Variational Bayes", None, (D1,)),
    (VQVAE, None, (D1, D2)),
    ("Denoising Diffusion Implicit Models", None, (D2,)),
    ("Generative Adversarial Networks", None, (D2,)),
    ("Taming Transformers for High-Resolution Image Synthesis", None, (D2,)),
    ("Attention Is All You Need", None, (D2,)),
    (LDM, "2112.10752", (H1, Z4)),
    (GLIDE, "2112.10741", (H1,)),
    ("Vector Quantized Diffusion Model for Text-to-Image Synthesis", "2111.14822", (H1,)),
    ("DreamFusion: Text-to-3D using 2D Diffusion", "2209.14988", (H2,)),
    ("Flow Matching for Generative Modeling", "2210.02747", (H2,)),
    ("Imagen Video: High Definition Video Generation with Diffusion Models", "2210.02303", (H2,)),
    ("Zero-1-to-3: Zero-shot One Image to 3D Object", "2303.11328", (H3,)),
    (
        "Text2Video-Zero: Text-to-Image Diffusion Models are Zero-Shot Video Generators",
        "2303.13439",
        (H3,),
    ),
    ("Consistency Models", "2303.01469", (H3,)),
    ("3D Gaussian Splatting for Real-Time Radiance Field Rendering", "2308.04079", (H4,)),
    ("Dynamic 3D Gaussians: Tracking by Persistent Dynamic View Synthesis", "2308.09713", (H4,)),
    ("Implicit Neural Representations with Periodic Activation Functions", "2006.09661", (Z1,)),
    (
        "Fourier Features Let Networks Learn High Frequency Functions in Low Dimensional Domains",
        "2006.10739",
        (Z1,),
    ),
    ("Denoising Diffusion Probabilistic Models", "2006.11239", (Z1,)),
    (
        "An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale",
        "2010.11929",
        (Z2,),
    ),
    ("Fourier Neural Operator for Parametric Partial Differential Equations", "2010.08895", (Z2,)),
    ("Learning Transferable Visual Models From Natural Language Supervision", "2103.00020", (Z3,)),
    ("Zero-Shot Text-to-Image Generation", "2102.12092", (Z3,)),
    ("Hierarchical Text-Conditional Image Generation with CLIP Latents", "2204.06125", (Z4,)),
    ("Video Diffusion Models", "2204.03458", (Z4,)),
    ("Visual Instruction Tuning", "2304.08485", (Z5,)),
    ("Zip-NeRF: Anti-Aliased Grid-Based Neural Radiance Fields", "2304.06706", (Z5,)),
    (NERF, "2003.08934", (S1, S3)),  # an arXiv row and a title-keyed item: one paper
    ("Neural Volumes: Learning Dynamic Renderable Volumes from Images", "1906.07751", (S1,)),
    (
        "DeepSDF: Learning Continuous Signed Distance Functions for Shape Representation",
        "1901.05103",
        (S1,),
    ),
    (
        "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
        "1810.04805",
        (S2,),
    ),
    ("Momentum Contrast for Unsupervised Visual Representation Learning", "1911.05722", (S2,)),
    (GO, None, (S2,)),
    ("Occupancy Networks: Learning 3D Reconstruction in Function Space", "1812.03828", (S3,)),
    (
        "Scene Representation Networks: Continuous 3D-Structure-Aware Neural Scene Representations",
        "1906.01618",
        (S3,),
    ),
    (
        "Differentiable Volumetric Rendering: Learning Implicit 3D Representations without 3D "
        "Supervision",
        "1912.07372",
        (S3,),
    ),
    ("Generative Modeling by Estimating Gradients of the Data Distribution", "1907.05600", (S4,)),
]

PNG = "assets/images/bbdb1dc7830f770b201921f28bc935d77af5672f2b779dcf3e60176a355ba737.png"
MISSING_PNG = "assets/images/d03658e0e4381221cc0fc4ca43c5c947ae226c7fede85db08ace4ce6eb46fa08.png"


@dataclass(frozen=True)
class Demo:
    root: Path
    result: ScanResult

    def paper(self, title: str) -> Paper:
        found = [paper for paper in self.result.papers if paper.title == title]
        assert len(found) == 1, f"{title!r}: {len(found)} papers"
        return found[0]


@pytest.fixture(scope="module")
def demo() -> Demo:
    root = demo_vault()
    return Demo(root, scan(root))


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def _notes(root: Path) -> Iterator[Path]:
    return (path for path in sorted(root.rglob("*")) if path.suffix.lower() in {".md", ".markdown"})


# The vault as shipped (these pass without the scanner).


def test_the_demo_vault_ships_exactly_these_notes() -> None:
    root = demo_vault()
    assert sorted(path.relative_to(root).as_posix() for path in _notes(root)) == sorted(NOTES)
    assert (root / PNG).is_file()
    assert not (root / MISSING_PNG).exists()


def test_the_demo_image_is_a_valid_png_named_by_its_sha256() -> None:
    data = (demo_vault() / PNG).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (8, 8)
    assert zlib.decompress(data[41:-12])  # IDAT after the 25-byte IHDR chunk
    assert Path(PNG).stem == hashlib.sha256(data).hexdigest()


def test_the_frontmatter_of_the_demo_notes_is_valid_yaml() -> None:
    root = demo_vault()
    for name in (D0, D1, D2, IDEAS, H1, H2, H3, H4):
        text = (root / name).read_text(encoding="utf-8").lstrip("\n")
        header = yaml.safe_load(text.split("---\n", 2)[1])
        assert isinstance(header, dict), name
        if name.startswith("hexo/"):
            assert isinstance(header["tags"], list)
            assert header["categories"] == "Paper"
        else:
            assert set(header) == {"id", "title", "desc", "updated", "created"}
    assert yaml.safe_load((root / D1).read_text(encoding="utf-8").split("---\n")[1])["title"] == (
        "20231120"
    )


def test_the_demo_copies_no_prose_from_the_seeds(seeds: Path) -> None:
    seed_lines = {line.strip() for path in seeds.glob("*.md") for line in _lines(path)}
    # Format markers the demo shares on purpose: Hexo front matter keys, the tool's link.
    marker = re.compile(r"[a-z_]+:( |$)|\*\*\[ChatPaperFree\]")
    copied = {
        line.strip()
        for path in _notes(demo_vault())
        for line in _lines(path)
        if len(line.strip()) >= 24 and line.strip() in seed_lines and not marker.match(line)
    }
    assert not copied


# What scan() must find (fail until scan() lands; do not skip).


def test_every_note_gets_its_status_paper_count_and_format(demo: Demo) -> None:
    seen = {note.path: (note.status, note.papers) for note in demo.result.notes}
    assert seen == {path: (status, count) for path, (status, count, _) in NOTES.items()}
    for note in demo.result.notes:
        if note.status is NoteStatus.READ:
            assert note.format == NOTES[note.path][2], note.path


def test_the_ideas_note_is_passed_over_with_a_reason(demo: Demo) -> None:
    (ideas,) = (note for note in demo.result.notes if note.path == IDEAS)
    assert ideas.status is NoteStatus.PASSED_OVER
    assert ideas.reason
    assert not any(a.path == IDEAS for p in demo.result.papers for a in p.appearances)


def test_forty_two_papers_forty_five_sections_three_merged(demo: Demo) -> None:
    assert len(demo.result.papers) == 42
    assert demo.result.appearances == 45
    assert demo.result.merged == 3
    assert demo.result.count(NoteStatus.SKIPPED) == 0


def test_every_paper_has_its_key_title_id_and_notes(demo: Demo) -> None:
    found = {
        paper.key: (paper.title, paper.arxiv_id, tuple(sorted(a.path for a in paper.appearances)))
        for paper in demo.result.papers
    }
    assert found == {
        KEYS.get(title, paper_key(arxiv_id, title)): (title, arxiv_id, tuple(sorted(paths)))
        for title, arxiv_id, paths in PAPERS
    }


def test_every_paper_has_the_day_of_its_first_note(demo: Demo) -> None:
    for title, _, paths in PAPERS:
        paper = demo.paper(title)
        days = {path: ROW_DAYS.get((title, path)) or DAYS[path] for path in paths}
        assert paper.day == min(days.values()), title
        assert {(a.path, a.day) for a in paper.appearances} == set(days.items())


def test_papers_come_newest_day_first(demo: Demo) -> None:
    days = [paper.day or date.min for paper in demo.result.papers]
    assert date.min not in days
    assert days == sorted(days, reverse=True)


def test_the_same_arxiv_id_in_two_notes_is_one_paper(demo: Demo) -> None:
    ldm = demo.paper(LDM)
    assert ldm.key == "arxiv:2112.10752"
    assert ldm.arxiv_version == 2  # v1 in the Hexo post, v2 in the digest
    assert ldm.authors == (
        "Robin Rombach",
        "Andreas Blattmann",
        "Dominik Lorenz",
        "Patrick Esser",
        "Björn Ommer",
    )
    assert "Diffusion Models" in ldm.tags


def test_a_title_keyed_paper_on_two_days_is_one_paper_with_both_tag_sets(demo: Demo) -> None:
    vqvae = demo.paper(VQVAE)
    assert vqvae.key == paper_key(None, VQVAE)
    assert vqvae.arxiv_id is None
    assert {"ml/generative", "tokenizer", "复习"} <= set(vqvae.tags)


def test_dendron_tags_nested_cjk_and_underscore(demo: Demo) -> None:
    assert set(demo.paper("Denoising Diffusion Implicit Models").tags) == {
        "ml/diffusion",
        "采样加速",
    }
    resnet = demo.paper("Deep Residual Learning for Image Recognition")
    assert set(resnet.tags) == {"ml/backbone", "_classic"}
    unet = demo.paper("U-Net: Convolutional Networks for Biomedical Image Segmentation")
    assert set(unet.tags) == {"ml/segmentation", "医学图像"}
    assert set(demo.paper("Attention Is All You Need").tags) == {"ml/transformer", "NLP"}
    assert demo.paper("Generative Adversarial Networks").tags == ()


def test_dendron_local_images_resolve_and_the_missing_one_is_flagged(demo: Demo) -> None:
    resnet = demo.paper("Deep Residual Learning for Image Recognition")
    assert [(i.path, i.missing) for i in resnet.images if i.is_local] == [(PNG, False)]
    unet = demo.paper("U-Net: Convolutional Networks for Biomedical Image Segmentation")
    assert [(i.path, i.missing) for i in unet.images if i.is_local] == [(MISSING_PNG, True)]


def test_a_heading_inside_fenced_code_stays_in_its_paper(demo: Demo) -> None:
    assert not any("reparameterisation" in paper.title for paper in demo.result.papers)
    (vae,) = demo.paper("Auto-Encoding Variational Bayes").appearances
    lines = _lines(demo.root / D1)
    fence = lines.index("## reparameterisation: z = mu + sigma * eps, with eps ~ N(0, I)") + 1
    assert vae.line < fence < vae.end_line
    text = section_text(demo.root, vae)
    assert text.startswith("## Auto-Encoding Variational Bayes")
    assert "z = mu + std * eps" in text
    assert "Neural Discrete Representation Learning" not in text


def test_hexo_sub_headings_stay_inside_their_paper(demo: Demo) -> None:
    gaussians = demo.paper("3D Gaussian Splatting for Real-Time Radiance Field Rendering")
    assert gaussians.authors == (
        "Bernhard Kerbl",
        "Georgios Kopanas",
        "Thomas Leimkühler",
        "George Drettakis",
    )
    assert (gaussians.arxiv_id, gaussians.arxiv_version) == ("2308.04079", 1)
    assert "3DGS" in gaussians.tags
    assert "graphdeco-inria/gaussian-splatting" in (gaussians.links.code or "")
    assert gaussians.summary.startswith("用大量各向异性三维高斯表示场景")
    text = section_text(demo.root, gaussians.appearances[0])
    assert "#### (4) 任务与性能" in text
    assert "点击查看论文截图" in text


def test_hexo_titles_lose_arxiv_runs_of_spaces_and_keep_their_keywords(demo: Demo) -> None:
    glide = demo.paper(GLIDE)
    assert "  " not in glide.title
    assert "无分类器引导" in glide.keywords  # keywords written as "a、b、c"
    video = demo.paper("Imagen Video: High Definition Video Generation with Diffusion Models")
    assert video.keywords == (
        "Text-to-Video",
        "Cascaded Diffusion",
        "Video Super-Resolution",
        "Progressive Distillation",
    )
    assert (video.arxiv_version, video.links.code) == (1, None)


def test_digest_papers_have_authors_keywords_and_tldr(demo: Demo) -> None:
    ddpm = demo.paper("Denoising Diffusion Probabilistic Models")
    assert ddpm.authors == ("Jonathan Ho", "Ajay Jain", "Pieter Abbeel")
    assert (ddpm.arxiv_id, ddpm.arxiv_version) == ("2006.11239", None)
    assert ddpm.keywords == (
        "diffusion models",
        "denoising score matching",
        "Langevin dynamics",
        "image generation",
    )
    assert ddpm.summary.startswith("Latent variable models trained to reverse")
    assert not any(
        "Table of Contents" in p.title or "[[Back]]" in p.title for p in demo.result.papers
    )


def test_every_appearance_spans_its_own_heading_and_nothing_else(demo: Demo) -> None:
    by_note: dict[str, list[tuple[int, int]]] = {}
    for paper in demo.result.papers:
        for appearance in paper.appearances:
            lines = _lines(demo.root / appearance.path)
            heading = collapse_spaces(lines[appearance.line - 1])
            if appearance.path.startswith("shapes/"):  # a row, an item, a block or the note
                assert heading.startswith(("|", "- ", "**", "# ")), (appearance, heading)
                assert appearance.line <= appearance.end_line <= len(lines)
            else:
                assert heading.startswith(("## ", "### [")), (appearance, heading)
                assert appearance.line < appearance.end_line <= len(lines)
            assert paper.title in heading, (paper.title, heading)
            by_note.setdefault(appearance.path, []).append((appearance.line, appearance.end_line))
    for path, spans in by_note.items():
        spans.sort()
        assert all(end < start for (_, end), (start, _) in itertools.pairwise(spans)), path
