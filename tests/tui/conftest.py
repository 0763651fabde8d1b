"""Fixtures for the reader's tests: papers built directly, and a small vault of our own notes."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from papertui import paths
from papertui.session import Session
from papertui.tui.app import PaperTUI, make_app
from papertui.vault.paper import Appearance, Links, Paper, paper_key

INJECTION_TITLES = ("[/]", "[bold]x", "[@click=app.quit]x")
"""Titles that would do harm if parsed as markup: they must show literally."""


def make_paper(
    index: int,
    *,
    title: str | None = None,
    tags: tuple[str, ...] = ("diffusion",),
    day: date | None = None,
    appearances: int = 1,
    arxiv: bool = True,
) -> Paper:
    """A paper with a made-up arXiv id, newest first by index."""
    title = title or f"Paper number {index} on sampling"
    arxiv_id = f"2409.{10000 + index}" if arxiv else None
    day = day or date(2024, 9, 30) - timedelta(days=index % 300)
    return Paper(
        key=paper_key(arxiv_id, title),
        title=title,
        authors=(f"Author {index}", "Second Author"),
        arxiv_id=arxiv_id,
        arxiv_version=1 if arxiv else None,
        links=Links(abs=f"http://arxiv.org/abs/{arxiv_id}v1" if arxiv_id else None),
        tags=tags,
        day=day,
        appearances=tuple(
            Appearance(f"note-{index}-{n}.md", 1, 5, day) for n in range(appearances)
        ),
    )


def _hexo_section(title: str, arxiv_id: str, authors: str, extra: str = "") -> str:
    return (
        f"## {title}\n\n**Authors:{authors}**\n\n"
        f"We study {title.lower()} with a method of our own and report what we found.\n\n"
        f"[PDF](http://arxiv.org/abs/{arxiv_id}v1) Code: https://github.com/example/{arxiv_id}\n\n"
        f"**Summary**\n这是一段我们自己写的摘要。\n\n{extra}"
    )


_SCREENSHOTS = (
    "<details>\n  <summary>点此查看论文截图</summary>\n"
    '<img src="https://img.example.com/a.jpg" align="middle">\n'
    '<img src="https://img.example.com/b.jpg" align="middle">\n</details>\n\n'
)


def _hexo_note(day: str, tag: str, sections: list[str]) -> str:
    return (
        f"---\ntitle: {tag}\ndate: {day} 08:00:00\nauthor: papertui-tests\n"
        f"categories: Paper\ntags:\n    - {tag}\n---\n\n# {day} 更新\n\n\n" + "\n".join(sections)
    )


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    """A vault of our own notes: two Hexo posts and a Dendron day, with hostile titles."""
    root = tmp_path / "vault"
    (root / "posts").mkdir(parents=True)
    (root / "assets" / "images").mkdir(parents=True)
    (root / "assets" / "images" / "fig.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "posts" / "2024-09-27-Diffusion-Models.md").write_text(
        _hexo_note(
            "2024-09-27",
            "Diffusion Models",
            [
                _hexo_section("Gaussian Splatting for Cats", "2409.00001", "Ada Lovelace, Bo Li",
                              _SCREENSHOTS),
                _hexo_section("Score Matching in Practice", "2409.00002", "Carl Gauss"),
                _hexo_section(INJECTION_TITLES[0], "2409.00003", "Dee Zed"),
                _hexo_section(INJECTION_TITLES[1], "2409.00004", "Eve Ng"),
                _hexo_section(INJECTION_TITLES[2], "2409.00005", "Fay Wu"),
            ],
        ),
        encoding="utf-8",
    )  # fmt: skip
    (root / "posts" / "2024-09-20-3DGS.md").write_text(
        _hexo_note(
            "2024-09-20",
            "3DGS",
            [
                _hexo_section("Gaussian Splatting for Cats", "2409.00001", "Ada Lovelace, Bo Li"),
                _hexo_section("Sparse Voxels Revisited", "2409.00006", "Gil Ho"),
            ],
        ),
        encoding="utf-8",
    )
    (root / "daily.2024.09.10.md").write_text(
        "---\nid: abc\ntitle: '20240910'\ndesc: ''\nupdated: 1725926400000\n"
        "created: 1725926400000\n---\n\n"
        "## Region Editing by Words\n#image_editing\n#ml/diffusion\n\n"
        "![图 0](assets/images/fig.png)\n\n- **研究背景**：我们自己写的笔记。\n\n"
        "## A Paper With A Missing Figure\n#ml/nerf\n\n"
        "![图 1](assets/images/gone.png)\n\n- **研究方法**：也是我们写的。\n",
        encoding="utf-8",
    )
    return root


@pytest.fixture
def demo_app(tmp_path: Path) -> PaperTUI:
    """The reader on the bundled demo vault with a fresh state (skips when absent)."""
    demo = paths.demo_vault()
    if not demo.is_dir():
        pytest.skip("the demo vault is absent")
    return make_app(Session.open(demo, state_path=tmp_path / "state.json"))
