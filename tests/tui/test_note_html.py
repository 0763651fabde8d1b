"""HTML in notes as the Markdown it means: lists numbered, tables kept, nothing dropped."""

from __future__ import annotations

from papertui.tui.note_html import has_html, html_to_markdown


def test_an_ol_summary_stays_numbered_with_its_line_breaks() -> None:
    text = (
        "Before.\n\n<ol>\n<li>标题：一个题目</li>\n<li>\n<p>摘要：\n（1）背景。\n（2）方法。</p>\n"
        "</li>\n\n<li>Last item</li>\n</ol>\n\nAfter.\n"
    )
    out = html_to_markdown(text)
    assert "1. 标题：一个题目" in out
    assert "2. 摘要：\\\n   （1）背景。\\\n   （2）方法。" in out
    assert "3. Last item" in out
    assert out.startswith("Before.")
    assert out.rstrip().endswith("After.")
    assert "<" not in out


def test_a_table_stays_a_table() -> None:
    out = html_to_markdown(
        "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>\n"
    )
    assert "| a | b |" in out
    assert "| 1 | 2 |" in out


def test_inline_tags_become_markdown_and_keep_their_text() -> None:
    out = html_to_markdown(
        "A <b>bold</b> and <i>it</i>, x<sup>2</sup>, y<sub>i</sub><br>next <span>s</span>\n"
    )
    assert out == "A **bold** and *it*, x², yᵢ\\\nnext s\n"


def test_a_tag_that_is_no_html_element_is_text() -> None:
    text = "<p>Use <Methods> and <https://example.com/x></p>\n"
    out = html_to_markdown(text)
    assert "&lt;Methods> and <https://example.com/x>" in out  # shown as written
    assert not has_html("a <Methods> b")
    assert html_to_markdown("Plain <Methods>: x\n") == "Plain &lt;Methods>: x\n"


def test_code_keeps_its_tags() -> None:
    text = "<p>x</p>\n\n```html\n<b>kept</b>\n```\n"
    assert "```html\n<b>kept</b>\n```" in html_to_markdown(text)


def test_text_without_html_is_returned_as_is() -> None:
    text = "Plain **Markdown** with a < b.\n"
    assert html_to_markdown(text) is text
