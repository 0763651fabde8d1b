"""Issue 11: the note shapes beyond the three dialects (tables, lists, blocks, one-paper notes)."""

from __future__ import annotations

from pathlib import Path

from papertui.vault.scan import scan
from tests.vault.notes import note, titles, write

TABLE = """## Updated on 2025.02.03
> How to use this list: see the docs

<details>
  <summary>Table of Contents</summary>
  <ol>
    <li><a href=#scene-lighting>Scene Lighting</a></li>
  </ol>
</details>

## Scene Lighting

|Publish Date|Title|Authors|PDF|Code|
|---|---|---|---|---|
|**2025-01-30**|**Lantern Fields: Relighting  Rooms from a Handful of Photos**|Mira Okafor et.al.|\
[2501.10001](http://arxiv.org/abs/2501.10001v2)|null|
|**2025-01-28**|**Shadow Ledger: Tracking Occluders Across Frames**|Tomas Reyes et.al.|\
[2501.09002](http://arxiv.org/abs/2501.09002)|**[link](https://github.com/example/shadow-ledger)**|

## Older lists

| Date | Link | Number of Papers |
|:----:|:----:|:----:|
| 3-Jan-2025 | [Link](https://github.com/someone/lists/tree/main/3-Jan-2025) | 121 |
"""

BULLETS = """# Reading digest, week 5

- **Pebble Transformers: Small Models That Carry Far**
  - Authors: Ines Halvorsen, Kwame Mensah
  - Links: [arXiv](https://arxiv.org/abs/2502.00101) | [code](https://github.com/example/pebble)
- **Quiet Annealing for Sparse Mixtures**
  - Authors: Lucia Ferraz
  - Links: [Paper](https://openreview.net/forum?id=AbC123xyz)

- **Tidal Memory: Long Context Without Attention**
Jun Park, Amara Diallo · 2025-02-03
[arXiv](https://arxiv.org/abs/2502.00777v1)
<details><summary>Abstract</summary>We show a made-up thing.</details>
"""

AWESOME = """# Awesome Lamp Rendering

## Contents
- [Papers](#papers)
- [Datasets](#datasets)

## Topics
- [Relighting](topics/relighting.md) — **7** papers
- [Shadows](topics/shadows.md) — **3** papers

## Papers

**Lantern Fields: Relighting Rooms from a Handful of Photos.**<br>
*Mira Okafor, Sven Lind*<br>
CVPR 2025. [[PDF](https://arxiv.org/pdf/2501.10001)] [[Code](https://github.com/example/lantern)]

**Gradient Candles: Differentiable Flames for Inverse Rendering.** \\
*Ola Nordmann* \\
arXiv 2024. [[Paper](https://arxiv.org/abs/2406.01234)]

- [Moth Paths: Learning Where Light Goes](https://arxiv.org/abs/2403.04567) - P. Nair, NIPS 24
- [Wick: A Tiny Renderer](https://example.github.io/wick/), Chen et al., SIGGRAPH 23 | [b](./w)
- [Ember Nets for Old Lamps](https://doi.org/10.1145/1234567.7654321), Ruiz et al., TOG 2022

## Example entry

```
- [Your Paper Title](https://arxiv.org/abs/0000.00000) - authors, venue
```

## Datasets
- [LampSet: Ten Thousand Lamps](https://example.org/lampset), Doe et al., 2024
"""

LITERATURE = """---
title: "Sparse Lanterns: Lighting Scenes with Few Samples"
authors: [Mira Okafor, Sven Lind]
arxiv: 2401.00011
tags: [rendering, reading]
---

# Sparse Lanterns: Lighting Scenes with Few Samples

## My notes
- The sampling trick is neat.

## Related papers
- [Shadow Ledger: Tracking Occluders Across Frames](https://arxiv.org/abs/2501.09002)
- [Moth Paths: Learning Where Light Goes](https://arxiv.org/abs/2403.04567)
"""

LABELLED = """# Quiet Gradients for Noisy Labels in Practice

**arXiv**: [2401.00012](https://arxiv.org/abs/2401.00012v2)
**Authors**: Ada Lovelace, Alan Turing

## Summary
A made-up paper about labels.

## See also
- [Pebble Transformers: Small Models That Carry Far](https://arxiv.org/abs/2502.00101)
"""

LINKED_HEADINGS = """# Papers bot

## Recent Papers

### 1. [Training Lamps at Scale](https://arxiv.org/abs/2512.24157)

**Authors**: Xin Liu, Chao Wang

---

### 2. [Wick Agents: Productivity via Candles](https://arxiv.org/abs/2512.24615)

**Authors**: Yu Shi
"""

IDEAS = """## idea: lamps that learn their own shadows
#lighting #someday
Try a learned lamp model.

## idea: shadow budgets for static scenes
#shadows
Fewer rays where nothing moves.
"""


def _papers(root: Path, path: str) -> dict[str, tuple[str, tuple[str, ...]]]:
    """title -> (key, authors) of the papers that appear in one note."""
    result = scan(root)
    return {
        p.title: (p.key, p.authors)
        for p in result.papers
        if any(a.path == path for a in p.appearances)
    }


def _titles_of(root: Path, name: str, text: str) -> list[str]:
    """The titles of the papers read from one note, in note order."""
    write(root, name, text)
    return titles(scan(root), name)


def test_arxiv_daily_table_one_row_one_paper(tmp_path: Path) -> None:
    write(tmp_path, "README.md", TABLE)
    result = scan(tmp_path)
    assert note(result, "README.md")[:2] == ("read", 2)
    assert titles(result, "README.md") == [
        "Lantern Fields: Relighting Rooms from a Handful of Photos",
        "Shadow Ledger: Tracking Occluders Across Frames",
    ]
    first = next(p for p in result.papers if p.title.startswith("Lantern"))
    assert (first.key, first.arxiv_version, first.authors) == (
        "arxiv:2501.10001",
        2,
        ("Mira Okafor",),
    )
    assert first.day is not None
    assert first.day.isoformat() == "2025-01-30"


def test_bullet_digest_items_with_nested_fields(tmp_path: Path) -> None:
    write(tmp_path, "digest.md", BULLETS)
    papers = _papers(tmp_path, "digest.md")
    assert papers == {
        "Pebble Transformers: Small Models That Carry Far": (
            "arxiv:2502.00101",
            ("Ines Halvorsen", "Kwame Mensah"),
        ),
        "Quiet Annealing for Sparse Mixtures": ("openreview:AbC123xyz", ("Lucia Ferraz",)),
        "Tidal Memory: Long Context Without Attention": ("arxiv:2502.00777", ()),
    }


def test_awesome_list_blocks_and_items_but_no_toc_index_code_or_datasets(tmp_path: Path) -> None:
    write(tmp_path, "awesome.md", AWESOME)
    result = scan(tmp_path)
    assert titles(result, "awesome.md") == [
        "Lantern Fields: Relighting Rooms from a Handful of Photos",  # trailing period gone
        "Gradient Candles: Differentiable Flames for Inverse Rendering",
        "Moth Paths: Learning Where Light Goes",
        "Wick: A Tiny Renderer",
        "Ember Nets for Old Lamps",
    ]
    keys = {p.title: p.key for p in result.papers}
    assert keys["Ember Nets for Old Lamps"] == "doi:10.1145/1234567.7654321"
    assert keys["Wick: A Tiny Renderer"] == "title:wick a tiny renderer"
    lantern = next(p for p in result.papers if p.title.startswith("Lantern"))
    assert lantern.authors == ("Mira Okafor", "Sven Lind")


def test_one_paper_notes_ignore_their_related_lists(tmp_path: Path) -> None:
    write(tmp_path, "lit/sparse.md", LITERATURE)
    write(tmp_path, "lit/quiet.md", LABELLED)
    result = scan(tmp_path)
    assert note(result, "lit/sparse.md")[:2] == ("read", 1)
    assert note(result, "lit/quiet.md")[:2] == ("read", 1)
    found = {p.title: p for p in result.papers}
    sparse = found["Sparse Lanterns: Lighting Scenes with Few Samples"]
    assert (sparse.key, sparse.authors) == ("arxiv:2401.00011", ("Mira Okafor", "Sven Lind"))
    assert {"rendering", "reading"} <= set(sparse.tags)
    quiet = found["Quiet Gradients for Noisy Labels in Practice"]
    assert (quiet.key, quiet.arxiv_version) == ("arxiv:2401.00012", 2)
    assert quiet.authors == ("Ada Lovelace", "Alan Turing")


def test_numbered_linked_headings(tmp_path: Path) -> None:
    write(tmp_path, "bot.md", LINKED_HEADINGS)
    assert _papers(tmp_path, "bot.md") == {
        "Training Lamps at Scale": ("arxiv:2512.24157", ("Xin Liu", "Chao Wang")),
        "Wick Agents: Productivity via Candles": ("arxiv:2512.24615", ("Yu Shi",)),
    }


def test_research_idea_list_is_passed_over_with_a_reason(tmp_path: Path) -> None:
    write(tmp_path, "ideas.md", IDEAS)
    status, papers, reason = note(scan(tmp_path), "ideas.md")
    assert (status, papers) == ("passed-over", 0)
    assert reason


def test_dendron_note_without_a_day_and_only_tags_is_not_a_digest(tmp_path: Path) -> None:
    front = (
        "---\nid: x1\ntitle: lamp thoughts\nupdated: 1700000000000\ncreated: 1700000000000\n---\n"
    )
    body = "".join(
        f"\n## {name} For Rooms With Many Windows\n#lighting\n- **Why** it might work.\n"
        for name in ("Warm Light", "Cold Light", "Moving Light")
    )
    write(tmp_path, "thoughts.md", front + body)
    assert note(scan(tmp_path), "thoughts.md")[:2] == ("passed-over", 0)


def test_only_arxiv_hosts_give_arxiv_ids(tmp_path: Path) -> None:
    body = (
        "## Fake Host Papers Are Not Real Papers Here\n#test\n"
        "[PDF](https://notarxiv.org/abs/2410.00011)\n\n"
        "## Old Style Identifiers Still Name Papers\n#test\n"
        "[PDF](http://export.arxiv.org/pdf/hep-th/9901001v3)\n"
    )
    write(tmp_path, "hosts.md", body)
    keys = {p.title: (p.key, p.arxiv_version) for p in scan(tmp_path).papers}
    assert keys == {
        "Fake Host Papers Are Not Real Papers Here": (
            "title:fake host papers are not real papers here",
            None,
        ),
        "Old Style Identifiers Still Name Papers": ("arxiv:hep-th/9901001", 3),
    }


def test_titles_lose_every_control_character_and_are_never_cut(tmp_path: Path) -> None:
    long_title = "A Very Long Title " + " ".join(f"Word{n}" for n in range(200))
    body = (
        "## Control \x1b[2J Title\x08 With Bell\x07 and C1\u009b Inside\n#tag\n- **Why** it.\n\n"
        f"## {long_title}\n#tag\n- **Why** it.\n"
    )
    write(tmp_path, "ctrl.md", body)
    found = titles(scan(tmp_path), "ctrl.md")
    assert found == ["Control [2J Title With Bell and C1 Inside", long_title]
    assert len(found[1]) > 1000


READING_LIST = """# Essential Papers for Lamp Models

## Core Lamp Model Papers

### 1. Lantern Diffusion Probabilistic Models (LDPM)
**Authors:** Ann Ho, Bo Jain
**Year:** 2020

- **arXiv:** https://arxiv.org/abs/2006.11239

### 2. Candle Score Matching
**Authors:** Yang Song, Stefano Ermon

## Video Lamp Papers

### Lamp Video Models (2022)
- **Authors**: Ho & Salimans
- **arXiv**: 2204.03458v2
"""

PLAIN_ITEMS = """# Awesome Visual Lamps

## Landmark Papers

- [NeurIPS 2020] Lantern Diffusion Models, Ho _et al._ [[arXiv:2006.11239]](https://arxiv.org/abs/2006.11239)
- Candles Beat Torches on Image Synthesis, Dhariwal _et al._, NeurIPS 2021. [Paper](https://papers.nips.cc/x.pdf)

## Tutorials

- Lamp-based Generative Modeling: Foundations, CVPR 2022. [Website](https://example.github.io/)

## Introductory Posts

**What are Lamp Models?** :zap: \\
*Some Blogger* \\
[[Website](https://blog.example.com/lamps)]
"""


def test_headings_over_an_authors_line_are_papers_and_their_parents_categories(
    tmp_path: Path,
) -> None:
    write(tmp_path, "list.md", READING_LIST)
    assert _papers(tmp_path, "list.md") == {
        "Lantern Diffusion Probabilistic Models (LDPM)": (
            "arxiv:2006.11239",
            ("Ann Ho", "Bo Jain"),
        ),
        "Candle Score Matching": ("title:candle score matching", ("Yang Song", "Stefano Ermon")),
        "Lamp Video Models (2022)": ("arxiv:2204.03458", ("Ho", "Salimans")),
    }


def test_plain_items_before_their_authors_and_no_tutorials_or_posts(tmp_path: Path) -> None:
    assert _titles_of(tmp_path, "plain.md", PLAIN_ITEMS) == [
        "Lantern Diffusion Models",
        "Candles Beat Torches on Image Synthesis",
    ]


def test_a_literature_note_may_bullet_its_labels(tmp_path: Path) -> None:
    text = (
        "# Lantern Fields: Relighting Rooms from a Handful of Photos\n\n"
        "- **Authors**: Mira Okafor, Sven Lind\n"
        "- **arXiv**: [2501.10001](https://arxiv.org/abs/2501.10001)\n"
        "- [PDF](https://arxiv.org/pdf/2501.10001)\n\n"
        "## Notes\n- Works with four photos.\n\n"
        "## Related\n- [Shadow Ledger: Tracking Occluders](https://arxiv.org/abs/2501.09002)\n"
    )
    write(tmp_path, "lantern.md", text)
    assert _papers(tmp_path, "lantern.md") == {
        "Lantern Fields: Relighting Rooms from a Handful of Photos": (
            "arxiv:2501.10001",
            ("Mira Okafor", "Sven Lind"),
        )
    }


TRACKER = """# Paper tracker: lamps

### 1. Lantern Fields: Relighting Rooms from a Handful of Photos

- 📚 **Source**: arXiv
- ✍️ **Authors**: Mira Okafor, Sven Lind
- 📥 **PDF**: https://arxiv.org/pdf/2501.10001v1

#### 📝 [Abstract](https://arxiv.org/abs/2501.10001)

- 📖 **Original**: Four photos are enough.

<details>
<summary><b>Shadow Ledger: Tracking Occluders Across Frames</b></summary>

**Authors**: Tomas Reyes

**Link**: [arXiv](https://arxiv.org/abs/2501.09002)

</details>
"""


def test_emoji_labels_and_collapsed_entries(tmp_path: Path) -> None:
    write(tmp_path, "tracker.md", TRACKER)
    assert _papers(tmp_path, "tracker.md") == {
        "Lantern Fields: Relighting Rooms from a Handful of Photos": (
            "arxiv:2501.10001",
            ("Mira Okafor", "Sven Lind"),
        ),
        "Shadow Ledger: Tracking Occluders Across Frames": ("arxiv:2501.09002", ("Tomas Reyes",)),
    }


def test_awesome_blocks_with_lower_case_titles(tmp_path: Path) -> None:
    block = (
        "**{title}** \\\n*Ann Author, Ben Author* \\\n"
        "arXiv 2023. [[Paper](https://arxiv.org/abs/2305.{n:05d})] \\\n31 May 2023\n\n"
    )
    titles_written = [
        "A Geometric View of Lamp Models",
        "spontaneous symmetry breaking in generative lamp models",
        "Reconstructing seen images from lamp activity via guided search",
    ]
    text = "## Papers\n\n" + "".join(
        block.format(title=title, n=n) for n, title in enumerate(titles_written, start=1)
    )
    assert _titles_of(tmp_path, "blocks.md", text) == titles_written


def test_blocks_without_a_paper_link_and_their_headings_are_not_papers(tmp_path: Path) -> None:
    text = (
        "## Tutorial and Jupyter Notebook\n\n"
        "**Beyond Lamps: What Is Personal Lamp Generation and How to Tune It?** \\\n"
        "*J. Someone* \\\n[[Github](https://github.com/example/personal)]\n\n"
        "**Keras Stable Lamps: GPU starter example** \\\n*None* \\\n"
        "[[Notebook](https://colab.research.google.com/drive/xyz)]\n\n"
        "## Introductory Papers\n\n"
        "**Understanding Lamp Models: A Unified Perspective** \\\n*Calvin Luo* \\\n"
        "arXiv 2022. [[Paper](https://arxiv.org/abs/2208.11970)] \\\n25 Aug 2022\n"
    )
    assert _titles_of(tmp_path, "intro.md", text) == [
        "Understanding Lamp Models: A Unified Perspective"
    ]


def test_literature_front_matter_keys_in_any_case(tmp_path: Path) -> None:
    text = (
        "---\nTitle: Ember Nets for Old Lamps\nAuthors: Ana Ruiz; Bo Chen\n"
        "DOI: 10.1145/1234567.7654321\nyear: 2022\n---\n\n## Notes\n- Read twice.\n"
    )
    write(tmp_path, "ember.md", text)
    assert _papers(tmp_path, "ember.md") == {
        "Ember Nets for Old Lamps": ("doi:10.1145/1234567.7654321", ("Ana Ruiz", "Bo Chen"))
    }


def test_entries_in_html_comments_are_not_papers(tmp_path: Path) -> None:
    text = (
        "# Reading\n\n<!--\n- [Lantern Fields: Relighting Rooms](https://arxiv.org/abs/2501.10001)"
        " - Mira Okafor, CVPR 2025\n-->\n\n"
        "- [Shadow Ledger: Tracking Occluders](https://arxiv.org/abs/2501.09002) - T. Reyes, 2025\n"
    )
    assert _titles_of(tmp_path, "links.md", text) == ["Shadow Ledger: Tracking Occluders"]


def test_items_marked_by_venue_and_year(tmp_path: Path) -> None:
    text = (
        "## Papers\n"
        "- [Lamp Gaussians for Real-Time Rendering](https://lampgs.github.io/) (SIGGRAPH 2023)\n"
        "- Lamp Fields Without Networks, CVPR 2022. [Paper](https://example.org/x.pdf)\n"
        "- [Some Project Page](https://example.org/)\n\n"
        "## Tools\n- [LampStudio Editor for Scenes](https://github.com/x/lampstudio), 2023\n"
    )
    assert _titles_of(tmp_path, "venues.md", text) == [
        "Lamp Gaussians for Real-Time Rendering",
        "Lamp Fields Without Networks",
    ]
