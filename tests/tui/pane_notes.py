"""Our own notes for the pane's tests: each shape the pane must read as the note means it."""

from __future__ import annotations

from pathlib import Path

from tests.tui.conftest import _hexo_note

LONG_URL = "https://example.org/projects/a-rather-long-project-name/releases/download/v1.2.3/figure-7-full-resolution.png"
CJK = (
    "我们提出了一种基于CLIP的检索方法，用于长视频理解；在Ego4D与EPIC-KITCHENS上均优于基线。"
    "结果表明：GaussianSplatting的渲染速度更快！同时显存占用更低（约一半）。"
)


def _hexo_summary_section() -> str:
    return (
        "## Retrieval Heads Read Long Videos\n\n**Authors:Ana Ruiz, Ben Ode**\n\n"
        "We find that a few attention heads retrieve frames across an hour of video.\n\n"
        "[PDF](http://arxiv.org/abs/2405.00011v1)\n\n**Summary**\n" + CJK + "\n\n"
        "**[ChatPaperFree](https://example.org/chat)**\n\n"
        "<ol>\n<li>标题：检索头阅读长视频</li>\n<li>作者：Ana Ruiz, Ben Ode</li>\n<li>\n"
        "<p>摘要：\n（1）研究背景：长视频难以检索。\n（2）方法：只用少数注意力头。</p>\n</li>\n"
        "<li>结论：头越少越快。</li>\n</ol>\n\n"
        "<details>\n  <summary>点此查看论文截图</summary>\n"
        '<img src="https://img.example.org/one.jpg" align="middle">\n'
        '<img src="https://img.example.org/two.jpg" align="middle">\n</details>\n\n'
        f"Project files: {LONG_URL}\n\n"
        "### Notes on the method\n\nThe method needs no training.\n\n"
        "### Notes on the results\n\nThe results hold on three benchmarks.\n\n"
    )


def _math_section() -> str:
    return (
        "## I$^2$OL-Net: $\\alpha$-blend Layers for $\\mathcal{O}(n)$ Attention\n\n"
        "**Authors:Chen Wu**\n\nA layer that costs $\\mathcal{O}(n)$ with $\\alpha$-blend.\n\n"
        "[PDF](http://arxiv.org/abs/2405.00012v1)\n\n**Summary**\n线性注意力。\n\n"
    )


def write_pane_vault(root: Path) -> Path:
    """A Hexo post (``<ol>`` summary, ``<details>`` screenshots, CJK, a long URL, math)
    and a Dendron day with a local figure that we draw ourselves."""
    (root / "posts").mkdir(parents=True)
    (root / "posts" / "2024-05-01-Video.md").write_text(
        _hexo_note("2024-05-01", "Video", [_hexo_summary_section(), _math_section()]),
        encoding="utf-8",
    )
    (root / "assets" / "images").mkdir(parents=True)
    _draw_figure(root / "assets" / "images" / "bars.png")
    (root / "daily.2024.05.02.md").write_text(
        "---\nid: pane\ntitle: '20240502'\ndesc: ''\nupdated: 1714608000000\n"
        "created: 1714608000000\n---\n\n"
        "## Bar Charts Drawn by Hand\n#vis\n\n![图 0](assets/images/bars.png)\n\n"
        "- **研究背景**：手画的柱状图。\n\n"
        "## A Figure That Went Missing\n#vis\n\n![图 1](assets/images/gone.png)\n\n"
        "- **研究方法**：图不见了。\n",
        encoding="utf-8",
    )
    return root


def _draw_figure(path: Path) -> None:
    """Four coloured bars on white, 64x32 pixels."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (64, 32), "white")
    draw = ImageDraw.Draw(image)
    for number, colour in enumerate(("#d62728", "#2ca02c", "#1f77b4", "#ff7f0e")):
        draw.rectangle((4 + number * 15, 28 - number * 6 - 6, 14 + number * 15, 28), fill=colour)
    image.save(path)
