"""HTML in a note as the Markdown it means, so the pane shows what the note says.

Rich's Markdown drops HTML blocks whole (a ChatPaperFree ``<ol>`` summary
vanished) and prints inline tags as text. Blocks are converted with
markdownify; inline tags found by markdown-it become their Markdown. A ``<``
that opens no HTML element (``<Methods>``, ``<https://…>`` in HTML) is text.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any

from papertui.tui.math_unicode import script

if TYPE_CHECKING:
    from markdownify import MarkdownConverter

HTML_ELEMENTS = frozenset(
    ("a", "abbr", "b", "blockquote", "br", "caption", "center", "code", "dd", "del", "details",
     "div", "dl", "dt", "em", "font", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins",
     "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strike", "strong",
     "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "tt", "u",
     "ul", "video")
)  # fmt: skip
"""The elements notes use; a tag of any other name is text (``<Methods>``)."""
TAG = re.compile(r"</?(?P<name>[A-Za-z][A-Za-z0-9]*)\b(?:[^<>\"']|\"[^\"]*\"|'[^']*')*/?>")
"""One tag of any name (``HTML_ELEMENTS`` tells which are HTML)."""
_LT = re.compile(r"<(?!/?(?:" + "|".join(sorted(HTML_ELEMENTS)) + r")\b)", re.IGNORECASE)
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_INLINE_PAIR = re.compile(
    r"<(?P<name>b|strong|i|em|sup|sub|code|a|span|font|u|s|del|mark|kbd|small|tt|q)\b[^<>]*>"
    r"(?P<body>[^<]*)</(?P=name)\s*>",
    re.IGNORECASE,
)
_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s|^\s*\||^\s*#|^\s*```|^\s*$")


def has_html(text: str) -> bool:
    """True if ``text`` may hold an HTML element (the cheap test before parsing)."""
    return "<" in text and any(
        match.group("name").lower() in HTML_ELEMENTS for match in TAG.finditer(text)
    )


def html_to_markdown(text: str) -> str:
    """``text`` (Markdown with HTML in it) as Markdown alone; text without tags is returned.

    A tag-like ``<Name>`` that is no HTML element is escaped, so that it shows.
    """
    if "<" not in text or not TAG.search(text):
        return text
    from markdown_it import MarkdownIt  # Rich's parser: loaded with the first section

    lines = text.splitlines()
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    code: set[int] = set()
    blocks: list[list[int]] = []
    for token in tokens:
        if token.map is None:
            continue
        start, end = token.map
        if token.type in ("fence", "code_block"):
            code.update(range(start, end))
        elif token.type == "html_block":
            if blocks and all(not line.strip() for line in lines[blocks[-1][1] : start]):
                blocks[-1][1] = end  # one element with blank lines inside (``<ol>``, ``<li>``)
            else:
                blocks.append([start, end])
    out: list[str] = []
    at = 0
    for start, end in blocks:
        out.extend(
            _inline(line) if i not in code else line for i, line in _numbered(lines, at, start)
        )
        indent = re.match(r"[ \t>]*", lines[start])
        out.append("")
        out.extend(block_html("\n".join(lines[start:end]), indent.group(0) if indent else ""))
        out.append("")
        at = end
    out.extend(
        _inline(line) if i not in code else line for i, line in _numbered(lines, at, len(lines))
    )
    return "\n".join(out) + ("\n" if text.endswith("\n") else "")


def _numbered(lines: list[str], start: int, end: int) -> list[tuple[int, str]]:
    return [(i, lines[i]) for i in range(start, end)]


def block_html(html: str, indent: str = "") -> list[str]:
    """An HTML block as Markdown lines; line breaks inside an item or paragraph are kept."""
    converted = _converter().convert(_LT.sub("&lt;", html)).strip("\n").splitlines()
    lines: list[str] = []
    fenced = False
    for number, line in enumerate(converted):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced:
            line = TAG.sub(_tag_as_text, line)
        following = converted[number + 1] if number + 1 < len(converted) else ""
        keep_break = not _MARKER.match(following) and line.strip() and not line.endswith("\\")
        keep_break = keep_break and not line.lstrip().startswith(("|", "#", "```", "---"))
        lines.append(indent + line + ("\\" if keep_break else ""))
    return lines


def _inline(line: str) -> str:
    """One line of Markdown with its inline tags as Markdown (their text always kept)."""
    if "<" not in line:
        return line
    line = _BREAK.sub("\\\n", line)
    while True:
        converted = _INLINE_PAIR.sub(_inline_pair, line)
        if converted == line:
            break
        line = converted
    return TAG.sub(lambda m: "" if _is_element(m) else _tag_as_text(m), line)


def _is_element(match: re.Match[str]) -> bool:
    return match.group("name").lower() in HTML_ELEMENTS


def _tag_as_text(match: re.Match[str]) -> str:
    """A tag-like run that is no HTML element, escaped to show as written (an autolink stays)."""
    tag = match.group(0)
    if _is_element(match) or tag[1 + len(match.group("name")) :].startswith(":"):
        return tag
    return "&lt;" + tag[1:]


def _inline_pair(match: re.Match[str]) -> str:
    name, body = match.group("name").lower(), match.group("body")
    if name in ("sup", "sub"):
        return script(body, above=name == "sup")
    return _converter().convert(_LT.sub("&lt;", match.group(0))).strip() or body


@cache
def _converter() -> MarkdownConverter:
    """markdownify's converter, set for notes: ATX headings, ``-`` bullets, nothing escaped."""
    from markdownify import MarkdownConverter

    class NoteConverter(MarkdownConverter):
        def convert_sup(self, el: Any, text: str, parent_tags: set[str]) -> str:
            return script(text, above=True)

        def convert_sub(self, el: Any, text: str, parent_tags: set[str]) -> str:
            return script(text, above=False)

    return NoteConverter(
        heading_style="atx",
        bullets="-",
        escape_asterisks=False,
        escape_underscores=False,
        escape_misc=False,
        strip_document="strip",
    )
