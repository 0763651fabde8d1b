"""The five real notes of ../shared/seeds: every paper, read exactly (skips without them)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from papertui.vault.paper import Paper, paper_key
from papertui.vault.scan import NoteStatus, ScanResult, scan

D0, D1 = "000_90470d280c0858da.md", "001_a4500829965ca3cf.md"
H2, H3, H4 = "002_5eb18050aaffca22.md", "003_4cb6241fa610a170.md", "004_10148e79e97bdbd1.md"

COUNTS = {D0: 9, D1: 13, H2: 10, H3: 5, H4: 15}
DAYS = {
    D0: date(2023, 12, 14),
    D1: date(2023, 11, 29),
    H2: date(2024, 9, 27),
    H3: date(2024, 7, 5),
    H4: date(2024, 12, 7),
}
FORMATS = {D0: "dendron", D1: "dendron", H2: "hexo", H3: "hexo", H4: "hexo"}

# Dendron papers: (title, own tags), in note order.
DENDRON: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    D0: [
        (
            "STABLE RIVERS: A CASE STUDY IN THE APPLICATION OF TEXT-TO-IMAGE GENERATIVE "
            "MODELS FOR EARTH SCIENCES",
            ("diffusion_应用",),
        ),
        (
            "3DGEN: A GAN-based approach for generating novel 3D models from image data",
            ("_3D_generation",),
        ),
        (
            "AdapEdit: Spatio-Temporal Guided Adaptive Editing Algorithm for Text-Based "
            "Continuity-Sensitive Image Editing",
            ("image_editing",),
        ),
        ("Novel View Synthesis with View-Dependent Effects from a Single Image", ("NVS",)),
        ("Concept-centric Personalization with Large-scale Diffusion Priors", ("Customization",)),
        ("Semantic-aware Data Augmentation for Text-to-image Synthesis", ("text2img",)),
        ("Compositional Inversion for Stable Diffusion Models", ("Customization",)),
        (
            "DrivingGaussian: Composite Gaussian Splatting for Surrounding Dynamic Autonomous "
            "Driving Scenes",
            (),
        ),
        ("A COMPACT AND SEMANTIC LATENT SPACE FOR DISENTANGLED AND CONTROLLABLE IMAGE EDITING", ()),
    ],
    D1: [
        ("Text-Driven Image Editing via Learnable Regions", ("image_editing", "auto_find_region")),
        ("Z∗: Zero-shot Style Transfer via Attention Rearrangement", ("dual_diffusion",)),
        (
            "MagicAnimate: Temporally Consistent Human Image Animation using Diffusion Model",
            ("action", "animation"),
        ),
        (
            "GPT4Video: A Unified Multimodal Large Language Model for lnstruction-Followed "
            "Understanding and Safety-Aware Generation",
            ("LLM", "GPT-4", "Video"),
        ),
        ("Fine-grained Appearance Transfer with Diffusion Models", ("appearance_transfer",)),
        ("MotionZero:Exploiting Motion Priors for Zero-shot Text-to-Video Generation", ("Video",)),
        ("LEDITS++: Limitless Image Editing using Text-to-Image Models", ()),
        (
            "Panacea: Panoramic and Controllable Video Generation for Autonomous Driving",
            ("自动驾驶", "video_generation"),
        ),
        ("A Unified Approach for Text- and Image-guided 4D Scene Generation", ("generation_4d",)),
        ("Optimisation-Based Multi-Modal Semantic Image Editing", ("image_editing",)),
        (
            "RichDreamer: A Generalizable Normal-Depth Diffusion Model for Detail Richness in "
            "Text-to-3D",
            ("Text23D",),
        ),
        (
            "SparseCtrl: Adding Sparse Controls to Text-to-Video Diffusion Models",
            ("Video", "video_generation"),
        ),
        (
            "Ranni: Taming Text-to-Image Diffusion for Accurate Instruction Following",
            ("image_editing", "Instruction_following"),
        ),
    ],
}

# Hexo papers: (title, arXiv id, version, first author, last author, number of authors).
HEXO: dict[str, list[tuple[str, str, int, str, str, int]]] = {
    H2: [
        (
            "Degradation-Guided One-Step Image Super-Resolution with Diffusion Priors",
            "2409.17058",
            1,
            "Aiping Zhang",
            "Xiaochun Cao",
            5,
        ),
        (
            "ControlCity: A Multimodal Diffusion Model Based Approach for Accurate Geospatial "
            "Data Generation and Urban Morphology Analysis",
            "2409.17049",
            1,
            "Fangshuo Zhou",
            "Liuchang Xu",
            7,
        ),
        (
            "DALDA: Data Augmentation Leveraging Diffusion Model and LLM with Adaptive "
            "Guidance Scaling",
            "2409.16949",
            1,
            "Kyuheon Jung",
            "Sungchul Choi",
            6,
        ),
        (
            "Prompt Sliders for Fine-Grained Control, Editing and Erasing of Concepts in "
            "Diffusion Models",
            "2409.16535",
            1,
            "Deepak Sridhar",
            "Nuno Vasconcelos",
            2,
        ),
        (
            "MaskBit: Embedding-free Image Generation via Bit Tokens",
            "2409.16211",
            1,
            "Mark Weber",
            "Liang-Chieh Chen",
            7,
        ),
        (
            "Unleashing the Potential of Synthetic Images: A Study on Histopathology Image "
            "Classification",
            "2409.16002",
            1,
            "Leire Benito-Del-Valle",
            "Cristina L. Saratxaga",
            4,
        ),
        (
            "DilateQuant: Accurate and Efficient Diffusion Quantization via Weight Dilation",
            "2409.14307",
            2,
            "Xuewen Liu",
            "Qingyi Gu",
            3,
        ),
        (
            "FlexiTex: Enhancing Texture Generation with Visual Guidance",
            "2409.12431",
            3,
            "DaDong Jiang",
            "Zhihui Ke",
            10,
        ),
        (
            "Guide-and-Rescale: Self-Guidance Mechanism for Effective Tuning-Free Real Image "
            "Editing",
            "2409.01322",
            3,
            "Vadim Titov",
            "Aibek Alanov",
            5,
        ),
        (
            "SurGen: Text-Guided Diffusion Model for Surgical Video Generation",
            "2408.14028",
            3,
            "Joseph Cho",
            "William Hiesinger",
            7,
        ),
    ],
    H3: [
        (
            "DisCo-Diff: Enhancing Continuous Diffusion Models with Discrete Latents",
            "2407.03300",
            1,
            "Yilun Xu",
            "Karsten Kreis",
            5,
        ),
        (
            "Frequency-Controlled Diffusion Model for Versatile Text-Guided Image-to-Image "
            "Translation",
            "2407.03006",
            1,
            "Xiang Gao",
            "Jiaying Liu",
            4,
        ),
        (
            "VEGS: View Extrapolation of Urban Scenes in 3D Gaussian Splatting using Learned "
            "Priors",
            "2407.02945",
            1,
            "Sungwon Hwang",
            "Jaegul Choo",
            5,
        ),
        (
            "Magic Insert: Style-Aware Drag-and-Drop",
            "2407.02489",
            1,
            "Nataniel Ruiz",
            "Shlomi Fruchter",
            7,
        ),
        (
            "Boosting Consistency in Story Visualization with Rich-Contextual Conditional "
            "Diffusion Models",
            "2407.02482",
            1,
            "Fei Shen",
            "Wei Yang",
            7,
        ),
    ],
    H4: [
        (
            "PaintScene4D: Consistent 4D Scene Generation from Text Prompts",
            "2412.04471",
            1,
            "Vinayak Gupta",
            "Yu-Xiong Wang",
            3,
        ),
        (
            "LayerFusion: Harmonized Multi-Layer Text-to-Image Generation with Generative Priors",
            "2412.04460",
            1,
            "Yusuf Dalva",
            "Pinar Yanardag",
            7,
        ),
        (
            "Four-Plane Factorized Video Autoencoders",
            "2412.04452",
            1,
            "Mohammed Suhail",
            "Ameesh Makadia",
            4,
        ),
        (
            "MEMO: Memory-Guided Diffusion for Expressive Talking Video Generation",
            "2412.04448",
            1,
            "Longtao Zheng",
            "Shuicheng Yan",
            9,
        ),
        (
            "Learning Artistic Signatures: Symmetry Discovery and Style Transfer",
            "2412.04441",
            1,
            "Emma Finn",
            "Demba E. Ba",
            4,
        ),
        (
            "Divot: Diffusion Powers Video Tokenizer for Comprehension and Generation",
            "2412.04432",
            1,
            "Yuying Ge",
            "Ying Shan",
            4,
        ),
        (
            "Infinity: Scaling Bitwise AutoRegressive Modeling for High-Resolution Image Synthesis",
            "2412.04431",
            1,
            "Jian Han",
            "Xiaobing Liu",
            8,
        ),
        (
            "Multi-Subject Image Synthesis as a Generative Prior for Single-Subject PET Image "
            "Reconstruction",
            "2412.04324",
            1,
            "George Webber",
            "Andrew J. Reader",
            6,
        ),
        (
            "AnyDressing: Customizable Multi-Garment Virtual Dressing via Latent Diffusion Models",
            "2412.04146",
            1,
            "Xinghui Li",
            "Qian He",
            8,
        ),
        (
            "IF-MDM: Implicit Face Motion Diffusion Model for High-Fidelity Realtime Talking "
            "Head Generation",
            "2412.04000",
            1,
            "Sejong Yang",
            "Seon Joo Kim",
            4,
        ),
        (
            "Align3R: Aligned Monocular Depth Estimation for Dynamic Videos",
            "2412.03079",
            2,
            "Jiahao Lu",
            "Yuan Liu",
            10,
        ),
        (
            "Switti: Designing Scale-Wise Transformers for Text-to-Image Synthesis",
            "2412.01819",
            3,
            "Anton Voronov",
            "Dmitry Baranchuk",
            5,
        ),
        (
            "Negative Token Merging: Image-based Adversarial Feature Guidance",
            "2412.01339",
            2,
            "Jaskirat Singh",
            "Luke Zettlemoyer",
            10,
        ),
        (
            "MetricGold: Leveraging Text-To-Image Latent Diffusion Models for Metric Depth "
            "Estimation",
            "2411.10886",
            2,
            "Ansh Shah",
            "K Madhava Krishna",
            2,
        ),
        (
            "Tencent Hunyuan3D-1.0: A Unified Framework for Text-to-3D and Image-to-3D Generation",
            "2411.02293",
            3,
            "Xianghui Yang",
            "Chunchao Guo",
            18,
        ),
    ],
}
HEXO_TAGS = ("Diffusion Models", "Paper")


_SCANS: dict[Path, ScanResult] = {}


@pytest.fixture
def seeded(seeds: Path) -> ScanResult:
    """The scan of the seeds (made once for the module)."""
    if seeds not in _SCANS:
        _SCANS[seeds] = scan(seeds)
    return _SCANS[seeds]


def _in_note(result: ScanResult, name: str) -> list[Paper]:
    """The papers of one note, in the order of their sections."""
    found = [(a.line, p) for p in result.papers for a in p.appearances if a.path == name]
    return [paper for _, paper in sorted(found, key=lambda item: item[0])]


def test_every_seed_is_read_with_its_paper_count_and_format(seeded: ScanResult) -> None:
    notes = {note.path: note for note in seeded.notes}
    assert set(notes) == set(COUNTS)
    for name, count in COUNTS.items():
        assert notes[name].status is NoteStatus.READ, name
        assert notes[name].papers == count, name
        assert notes[name].format == FORMATS[name], name
        assert notes[name].reason is None, name
    assert len(seeded.papers) == sum(COUNTS.values())
    assert seeded.merged == 0


def test_dendron_titles_tags_days_and_keys(seeded: ScanResult) -> None:
    for name, expected in DENDRON.items():
        papers = _in_note(seeded, name)
        assert [(p.title, p.tags) for p in papers] == expected, name
        for paper in papers:
            assert paper.key == paper_key(None, paper.title)
            assert (paper.arxiv_id, paper.arxiv_version, paper.authors) == (None, None, ())
            assert paper.day == DAYS[name]
            assert paper.summary, paper.title


def test_hexo_titles_ids_versions_authors_tags_days(seeded: ScanResult) -> None:
    for name, expected in HEXO.items():
        papers = _in_note(seeded, name)
        found = [
            (p.title, p.arxiv_id, p.arxiv_version, p.authors[0], p.authors[-1], len(p.authors))
            for p in papers
        ]
        assert found == expected, name
        for paper in papers:
            assert paper.key == f"arxiv:{paper.arxiv_id}"
            assert paper.tags == HEXO_TAGS
            assert paper.day == DAYS[name]
            assert paper.links.pdf == (
                f"https://arxiv.org/pdf/{paper.arxiv_id}v{paper.arxiv_version}"
            )
            assert paper.summary, paper.title


def test_titles_lose_arxivs_runs_of_spaces_and_trailing_blanks(
    seeds: Path, seeded: ScanResult
) -> None:
    raw = (seeds / H2).read_text(encoding="utf-8")
    assert "Accurate   Geospatial" in raw  # the note as written
    assert (seeds / D1).read_text(encoding="utf-8").count("Rearrangement \n") == 1
    for paper in seeded.papers:
        assert paper.title == " ".join(paper.title.split())


def test_hexo_fields_from_the_summary(seeded: ScanResult) -> None:
    (first,) = (p for p in seeded.papers if p.arxiv_id == "2409.17058")
    assert first.links.code == "https://github.com/ArcticHare105/S3Diff"
    assert first.keywords == ("超分辨率", "扩散先验", "降解意识", "一步法")
    assert first.summary.startswith("基于扩散的图像超分辨率方法")
    (surgen,) = (p for p in seeded.papers if p.arxiv_id == "2408.14028")
    # "### 4. Keywords:" with the keywords as a bulleted list below it
    assert surgen.keywords[0] == "扩散模型（Diffusion Model）"
    (fcd,) = (p for p in seeded.papers if p.arxiv_id == "2407.03006")
    # commas inside full-width brackets do not split a keyword
    assert fcd.keywords[-1].startswith("图像转换（Frequency-Controlled")


def test_hexo_sub_headings_stay_inside_their_paper(seeds: Path, seeded: ScanResult) -> None:
    lines = (seeds / H4).read_text(encoding="utf-8").split("\n")
    (signatures,) = (p for p in seeded.papers if p.arxiv_id == "2412.04441")
    (where,) = signatures.appearances
    inside = [n for n in range(where.line, where.end_line + 1) if lines[n - 1].startswith("#")]
    assert len(inside) > 5  # ### 摘要与总结, #### 研究背景, ...
    assert lines[where.line - 1].startswith("## Learning Artistic Signatures")
    assert lines[where.end_line - 1] == "</details>"


def test_dendron_images_are_resolved_and_flagged_missing(seeded: ScanResult) -> None:
    (gen3d,) = (p for p in seeded.papers if p.title.startswith("3DGEN"))
    (image,) = gen3d.images
    assert image.path is not None
    assert image.path.startswith("assets/images/")
    assert image.missing  # the seeds ship without their assets folder
    (rivers,) = (p for p in seeded.papers if p.title.startswith("STABLE RIVERS"))
    assert rivers.images == ()
