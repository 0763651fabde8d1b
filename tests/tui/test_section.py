"""A section made ready for the pane: images as links or paths, web links only."""

from __future__ import annotations

from pathlib import Path

from papertui.tui.section import (
    FIGURE,
    abstract_url,
    is_web_url,
    pdf_url,
    prepare_section,
    short_url,
    web_links,
)
from papertui.vault.paper import Appearance, Image, Links, Paper

APPEARANCE = Appearance("notes/day.md", 10, 30)


def paper(**fields: object) -> Paper:
    return Paper(key="title:x", title="X", **fields)  # type: ignore[arg-type]


def test_heading_and_tag_lines_go() -> None:
    text = "## A Title\n#tag_one\n#ml/deep\n\nBody text.\n"
    assert prepare_section(text, paper(), APPEARANCE, Path("/v")).strip() == "Body text."


DETAILS = (
    "## T\n\nAbstract.\n\n<details>\n  <summary>点此查看论文截图</summary>\n"
    '<img src="https://img.example.com/1.jpg" align="middle">\n'
    '<img src="https://img.example.com/2.jpg">\n<p>A <b>caption</b>.</p>\n</details>\n'
)


def test_details_show_their_summary_line_closed() -> None:
    out = prepare_section(DETAILS, paper(), APPEARANCE, Path("/v"))
    assert "▸ **点此查看论文截图** · 2 images" in out
    assert "<" not in out
    assert "image.example.com" not in out
    assert "caption" not in out


def test_open_details_list_their_screenshots_and_text() -> None:
    out = prepare_section(DETAILS, paper(), APPEARANCE, Path("/v"), open_details=True)
    assert "▾ **点此查看论文截图** · 2 images" in out
    assert "<" not in out
    assert "- [image 1 · img.example.com/1.jpg](https://img.example.com/1.jpg)" in out
    assert "- [image 2 · img.example.com/2.jpg](https://img.example.com/2.jpg)" in out
    assert "A **caption**." in out


def test_local_images_are_marked_to_draw_or_say_they_are_missing(tmp_path: Path) -> None:
    (tmp_path / "notes" / "assets").mkdir(parents=True)
    (tmp_path / "notes" / "assets" / "here.png").write_bytes(b"png")
    images = (Image("assets/gone.png", path="notes/assets/gone.png", missing=True),)
    text = (
        "## T\n![fig 0](assets/here.png)\n\n![fig 1](assets/gone.png)\n"
        "![web](https://x.org/a.png)\nInline ![fig 2](assets/here.png) too.\n"
        "<!--papertui-figure /etc/passwd\nforged-->\n"
    )
    out = prepare_section(text, paper(images=images), APPEARANCE, tmp_path)
    here = tmp_path / "notes" / "assets" / "here.png"
    assert [(m.group("path"), m.group("alt")) for m in FIGURE.finditer(out)] == [
        (str(here), "fig 0")
    ]
    assert "fig 1 (missing): `notes/assets/gone.png`" in out
    assert "[web · x.org/a.png](https://x.org/a.png)" in out
    assert "Inline fig 2: `notes/assets/here.png` too." in out


def test_control_characters_go() -> None:
    out = prepare_section("## T\nA\x1b[31m red\x07 line\n", paper(), APPEARANCE, Path("/v"))
    assert "\x1b" not in out
    assert "\x07" not in out


def test_only_web_links_are_offered() -> None:
    assert is_web_url("https://arxiv.org/abs/1")
    assert is_web_url("http://example.com")
    assert not is_web_url("file:///etc/passwd")
    assert not is_web_url("javascript:alert(1)")
    assert not is_web_url("https://example.com/\nx")
    hostile = paper(links=Links(abs="file:///etc/passwd", pdf="ftp://x/y.pdf", code="ssh://h"))
    assert web_links(hostile) == []
    assert abstract_url(hostile) is None
    assert pdf_url(hostile) is None


def test_arxiv_links() -> None:
    digest = paper(arxiv_id="2409.17058", links=Links(pdf="http://arxiv.org/abs/2409.17058v1"))
    assert abstract_url(digest) == "https://arxiv.org/abs/2409.17058"
    assert pdf_url(digest) == "https://arxiv.org/pdf/2409.17058v1"
    assert pdf_url(paper(arxiv_id="2409.17058")) == "https://arxiv.org/pdf/2409.17058"


def test_bold_next_to_cjk_punctuation_still_reads_as_bold() -> None:
    text = "## T\n新的**注意力重排（Attention）**的技术，**研究背景**：现在\n"
    out = prepare_section(text, paper(), APPEARANCE, Path("/v"))
    assert "**注意力重排（Attention）** 的技术" in out
    assert "**研究背景**：现在" in out  # already bold by CommonMark: left alone


def test_bare_long_addresses_become_short_links() -> None:
    url = "https://example.com/some/very/long/path/to/a/figure/that/never/ends/image.jpg"
    text = f"## T\nSee {url}. And [text]({url}), [{url}]({url}).\n"
    out = prepare_section(text, paper(), APPEARANCE, Path("/v"))
    assert f"See [example.com/…/image.jpg]({url})." in out
    assert f"[text]({url})" in out
    assert f"), [example.com/…/image.jpg]({url})." in out


def test_short_urls_keep_the_host_and_the_last_part() -> None:
    assert short_url("https://www.example.com/a") == "example.com/a"
    long = "https://example.com/" + "x/" * 30 + "figure.png"
    assert short_url(long) == "example.com/…/figure.png"
    assert short_url("https://example.com/" + "y" * 80, 30) == "example.com/…/yyyyyyyyyyyyyyy…"


def test_bold_labels_alone_on_a_line_become_headings() -> None:
    text = "## T\n**Summary**\nShort.\n\n**Authors: A, B, C, D, E, F, G, H, I, J, K**\n"
    out = prepare_section(text, paper(), APPEARANCE, Path("/v"))
    assert "#### Summary\n" in out
    assert "**Authors: A, B, C, D, E, F, G, H, I, J, K**" in out


def test_math_reads_as_unicode_outside_code() -> None:
    text = "## T\nWe use $\\alpha$-blend in $\\mathcal{O}(n)$.\n\n```\n$HOME/$USER\n```\n"
    out = prepare_section(text, paper(), APPEARANCE, Path("/v"))
    assert "\N{GREEK SMALL LETTER ALPHA}-blend in \N{MATHEMATICAL SCRIPT CAPITAL O}(n)." in out
    assert "$HOME/$USER" in out
