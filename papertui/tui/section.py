"""A note's section made ready for the terminal: HTML as Markdown, math as Unicode, images."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path, PurePosixPath

from papertui.tui.math_unicode import math_to_unicode
from papertui.tui.note_html import TAG, html_to_markdown
from papertui.vault.paper import Appearance, Image, Paper, normalise_title
from papertui.vault.sanitize import clean_line, clean_text

_HEADING = re.compile(r"\A\s*#{1,6}[ \t][^\n]*\n?")
# Dendron's tag lines (``#tag`` alone on a line) under the heading: the header shows tags.
_TAG_LINES = re.compile(r"\A(?:[ \t]*\n|[ \t]*(?:#[^\s#]+[ \t]*)+\n)*")
_DETAILS = re.compile(r"<details\b[^>]*>(?P<body>.*?)</details\s*>", re.IGNORECASE | re.DOTALL)
_SUMMARY = re.compile(r"<summary\b[^>]*>(?P<text>.*?)</summary\s*>", re.IGNORECASE | re.DOTALL)
_HTML_IMG = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"']?(?P<src>[^\"'\s>]+)[^>]*>", re.IGNORECASE)
_MD_IMG = re.compile(r"!\[(?P<alt>[^\]\n]*)\]\(\s*<?(?P<src>[^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_ARXIV_ABS = re.compile(r"https?://(?:www\.)?arxiv\.org/abs/(?P<id>[^?#\s]+)", re.IGNORECASE)
_STRONG = re.compile(r"\*\*(?=\S)(?P<inner>[^\n]+?)(?<=\S)\*\*")
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
IMAGE_MARK = "<!--papertui-figure "
"""Starts the mark of an image to draw: ``<!--papertui-figure PATH\nALT-->`` (an HTML
comment, so the mark shows nothing if left in; a note's own are defused)."""
FIGURE = re.compile(r"^<!--papertui-figure (?P<path>[^\n]+)\n(?P<alt>[^\n]*)-->$", re.MULTILINE)
# A Markdown image alone on an unindented line.
_FIGURE = re.compile(
    r"^(?P<image>!\[[^\]\n]*\]\(\s*<?[^)\s>]+>?(?:\s+\"[^\"]*\")?\s*\))[ \t]*$", re.MULTILINE
)
# An address in running text (not a Markdown link's target or text, not an autolink).
_BARE_URL = re.compile(r"(?<![(<\[\w/])https?://[^\s<>()\[\]（），。；：！？、]+", re.IGNORECASE)
# A link whose text is an address: ``[https://…](https://…)``.
_URL_TEXT = re.compile(r"\[(?P<url>https?://[^\s\[\]]+)\](?=\()", re.IGNORECASE)
# A line that is a short bold label alone ("**Summary**"): a heading in all but name.
_LABEL_LINE = re.compile(r"^\*\*(?P<label>[^*\n]{1,60})\*\*[ \t]*$", re.MULTILINE)
_LINK_TEXT = re.compile(r"\[(?P<text>[^\]]*)\]\([^)]*\)")


def prepare_section(
    text: str,
    paper: Paper,
    appearance: Appearance,
    root: Path,
    *,
    heading: bool = False,
    open_details: bool = False,
    fetch_remote: bool = False,
) -> str:
    """The Markdown of one section, ready to render.

    The heading (the title, which the header shows) goes; HTML becomes the
    Markdown it means (``note_html``); a ``<details>`` block shows its summary
    line, and its body too when ``open_details``; its screenshots are a short
    list of image links. Markdown images become their link, or for local images
    their resolved path (or "missing"); ``$...$`` math reads as Unicode;
    control characters go.

    Args:
        text: The raw Markdown of the section, heading first.
        paper: The paper (its ``images`` say which local images are missing).
        appearance: Where the section is (local images are relative to its note).
        root: The vault folder.
        heading: Keep the heading (the lines may hold another paper now: show whose).
        open_details: Show what ``<details>`` blocks hold, not only their summary.
        fetch_remote: A remote image alone on its line is marked to be drawn (fetched);
            otherwise it is a link that shows its text and address.
    """
    images = {image.src: image for image in paper.images}
    note_dir = PurePosixPath(appearance.path).parent
    text = clean_text(text).replace(IMAGE_MARK, "<!--")  # a note cannot forge a figure
    if not heading:
        text = _TAG_LINES.sub("", _HEADING.sub("", text, count=1), count=1)

    def details(match: re.Match[str]) -> str:
        body = match.group("body")
        summary = _SUMMARY.search(body)
        label = " ".join(TAG.sub("", summary.group("text")).split()) if summary else ""
        body = _SUMMARY.sub("", body, count=1)
        srcs = [m.group("src") for m in _HTML_IMG.finditer(body)]
        count = f" · {len(srcs)} image{'s' if len(srcs) != 1 else ''}" if srcs else ""
        line = f"{'▾' if open_details else '▸'} **{label or 'Details'}**{count}"
        if not open_details:
            return f"\n\n{line}\n\n"
        items = "\n".join(
            f"- {_image_line(f'image {n}', src, images, note_dir, root)}"
            for n, src in enumerate(srcs, 1)
        )
        rest = html_to_markdown(_HTML_IMG.sub("", body)).strip()
        return "\n\n" + "\n\n".join(part for part in (line, items, rest) if part) + "\n\n"

    text = _STRONG.sub(_spaced_strong, text)
    text = _DETAILS.sub(details, text)
    text = html_to_markdown(text)
    text = _HTML_IMG.sub(
        lambda m: _image_line("image", m.group("src"), images, note_dir, root), text
    )
    text = _FIGURE.sub(lambda m: _figure(m, images, note_dir, root, fetch_remote), text)
    text = _MD_IMG.sub(
        lambda m: _image_line(
            m.group("alt").strip() or "image", m.group("src"), images, note_dir, root
        ),
        text,
    )
    text = _LABEL_LINE.sub(_label_heading, text)
    text = _URL_TEXT.sub(lambda m: f"[{short_url(m.group('url'))}]", text)
    return _math_outside_code(_BARE_URL.sub(_short_link, text))


def _label_heading(match: re.Match[str]) -> str:
    """A short bold label alone on a line as a heading (separated, and in the outline)."""
    label = match.group("label")
    if len(_LINK_TEXT.sub(r"\g<text>", label)) > 30:
        return match.group(0)
    return f"\n#### {label}\n"


def _short_link(match: re.Match[str]) -> str:
    """A bare address as a link with a short text: it never wraps in the middle of a line."""
    url = match.group(0).rstrip(".,;:")
    rest = match.group(0)[len(url) :]
    return f"[{short_url(url)}]({url}){rest}"


def short_url(url: str, limit: int = 48) -> str:
    """``url`` without its scheme; past ``limit`` characters, its host, "…" and its last part
    (``example.org/…/figure.png``), that part cut at its end if it is long too."""
    bare = url.split("://", 1)[-1].removeprefix("www.")
    if len(bare) <= limit:
        return bare
    head, _, rest = bare.partition("/")
    room = limit - len(head) - 3
    if room < 8:
        return bare[: limit - 1] + "…"
    tail = rest.rstrip("/").rsplit("/", 1)[-1]
    return f"{head}/…/{tail if len(tail) <= room else tail[: room - 1] + '…'}"


def _math_outside_code(text: str) -> str:
    """``math_to_unicode`` on every line but those of fenced code (shell ``$`` stays)."""
    if "$" not in text:
        return text
    lines = text.split("\n")
    fenced = False
    for number, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and "$" in line:
            lines[number] = math_to_unicode(line)
    return "\n".join(lines)


def shows_paper(text: str, paper: Paper) -> bool:
    """True if ``text``, a section read from its note now, still holds ``paper``.

    A section starts at the paper's heading (the title in it, maybe in a link),
    and a paper with an arXiv id has it in its section: when neither is there,
    the note changed since the scan and the lines now hold something else.
    """
    first = text.lstrip().partition("\n")[0]
    if normalise_title(paper.title) in normalise_title(first):
        return True
    return paper.arxiv_id is not None and paper.arxiv_id in text


def nearest_appearance(paper: Paper, shown: Appearance | None) -> int:
    """The index of ``shown`` among the paper's appearances now (after a rescan).

    The same note and line, else the section of that note nearest the line
    (the note was edited above it), else the first appearance (the note went).
    """
    if shown is None:
        return 0
    same_note = [
        (abs(appearance.line - shown.line), index)
        for index, appearance in enumerate(paper.appearances)
        if appearance.path == shown.path
    ]
    return min(same_note)[1] if same_note else 0


def _spaced_strong(match: re.Match[str]) -> str:
    """``**…**`` with a space where CommonMark would not see bold (CJK text).

    Bold that starts or ends with punctuation needs a space or punctuation
    outside it (the flanking rules), which Chinese text never has:
    ``的**注意力（Attention）**的`` stays literal asterisks. A space fixes it.
    """
    text, inner = match.string, match.group("inner")
    start, end = match.span()
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    lead = " " if _is_punctuation(inner[0]) and _is_word(before) else ""
    trail = " " if _is_punctuation(inner[-1]) and _is_word(after) else ""
    return f"{lead}**{inner}**{trail}"


def _is_punctuation(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS"


def _is_word(char: str) -> bool:
    return not char.isspace() and not _is_punctuation(char)


def _figure(
    match: re.Match[str],
    images: dict[str, Image],
    note_dir: PurePosixPath,
    root: Path,
    fetch_remote: bool,
) -> str:
    """An image alone on its line: to be drawn if it is a local file that is there, or a
    web address when fetching is on."""
    image = _MD_IMG.match(match.group("image"))
    assert image is not None  # _FIGURE holds _MD_IMG
    alt, src = image.group("alt").strip() or "image", image.group("src")
    path, missing = _local(src, images, note_dir, root)
    if path is None and fetch_remote and is_web_url(src):  # <address>: not made a link
        return f"\n{IMAGE_MARK}<{src}>\n{clean_line(alt)}-->\n"
    if path is None or missing:
        return match.group(0)  # a link, or the one line that says it is missing
    return f"\n{IMAGE_MARK}{path}\n{clean_line(alt)}-->\n"


def _local(
    src: str, images: dict[str, Image], note_dir: PurePosixPath, root: Path
) -> tuple[Path | None, bool]:
    """A local image's path and whether it is missing; (None, False) for a remote one."""
    if _URL.match(src):
        return None, False
    image = images.get(src)
    if image is not None and image.path is not None:
        return root / image.path, image.missing
    path = root / note_dir / src
    return path, not path.is_file()


def _image_line(
    alt: str, src: str, images: dict[str, Image], note_dir: PurePosixPath, root: Path
) -> str:
    """One image as Markdown text: a link for a remote image, the path for a local one."""
    alt = alt.replace("[", "(").replace("]", ")")
    path, missing = _local(src, images, note_dir, root)
    if path is None:  # remote: its text and where it is (``y`` copies the address)
        return f"[{alt} · {short_url(src)}]({src})" if is_web_url(src) else f"[{alt}]({src})"
    shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    shown = f"`{shown}`" if "`" not in shown else shown
    return f"{alt} (missing): {shown}" if missing else f"{alt}: {shown}"


def abstract_url(paper: Paper) -> str | None:
    """The abstract page: the note's link, else arXiv's page for the id."""
    if paper.links.abs and is_web_url(paper.links.abs):
        return paper.links.abs
    if paper.arxiv_id:
        return f"https://arxiv.org/abs/{paper.arxiv_id}"
    return None


def pdf_url(paper: Paper) -> str | None:
    """The PDF: the note's link (digests point "PDF" at the abstract page), else arXiv's."""
    pdf = paper.links.pdf
    if pdf and is_web_url(pdf):
        match = _ARXIV_ABS.match(pdf)
        return f"https://arxiv.org/pdf/{match.group('id')}" if match else pdf
    if paper.arxiv_id:
        return f"https://arxiv.org/pdf/{paper.arxiv_id}"
    return None


def web_links(paper: Paper) -> list[tuple[str, str]]:
    """The paper's web links as (label, url) pairs, http and https only."""
    links = [("abstract", abstract_url(paper)), ("PDF", pdf_url(paper)), ("code", paper.links.code)]
    return [(label, url) for label, url in links if url and is_web_url(url)]


def is_web_url(url: str) -> bool:
    """True for an http or https address (the only kind papertui ever opens)."""
    return url.lower().startswith(("http://", "https://")) and not any(
        ch.isspace() or ord(ch) < 32 for ch in url
    )
