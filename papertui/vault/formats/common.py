"""What every format shares: headings outside code, and a section's fields.

Notes are handled as UTF-8 bytes with ``\\n`` line ends: finding structure in
bytes is several times faster than decoding whole notes, and only the pieces a
paper needs (title, authors, tags, links, summary) are decoded, strictly.
"""

from __future__ import annotations

import itertools
import os
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from papertui.vault.meta import clean_tag
from papertui.vault.paper import Appearance, Image, Links, Section, collapse_spaces

# A line that may be a heading or a code fence: at most three spaces, then
# hashes followed by a space/tab/end of line, or a run of backticks/tildes.
_BLOCK = rb" {0,3}(?:(#{1,6})(?=[ \t\n]|$)|(`{3,}|~{3,}))"
_BLOCK_START = re.compile(rb"\n" + _BLOCK)
_BLOCK_AT = re.compile(_BLOCK)
_CLOSING_HASHES = re.compile(r"(?:^|\s+)#+\s*$")

MAX_TITLE_CHARS = 500
_HEAD_BYTES = 6000
"""How far into a section its header fields (authors, tags, PDF line) are looked for."""
_MAX_IMAGES = 40


@dataclass(frozen=True, slots=True)
class Heading:
    """An ATX heading outside code."""

    start: int
    """Offset of the first byte of the heading line."""
    end: int
    """Offset of the newline ending the heading line (or the end of the note)."""
    level: int
    line: int
    """1-based line number."""
    raw: bytes
    """The heading's text, without hashes (still bytes, not yet stripped)."""

    @property
    def text(self) -> str:
        """The heading text, decoded strictly, closing hashes and spaces gone."""
        text = self.raw.decode("utf-8")
        text = _CLOSING_HASHES.sub("", text)
        return collapse_spaces(text)


def scan_headings(data: bytes, start: int = 0) -> list[Heading]:
    """Every ATX heading from ``start`` on that is not inside fenced code.

    ``start`` must be the start of a line. Indented lines (four spaces or a
    tab) are never headings; setext headings are not looked for at all, so
    they stay inside their section.
    """
    headings: list[Heading] = []
    line = data.count(b"\n", 0, start) + 1
    last = start
    fence: bytes | None = None
    first = _BLOCK_AT.match(data, start)
    matches = [first] if first else []
    for match in itertools.chain(matches, _BLOCK_START.finditer(data, start)):
        line_start = match.start() if match is first else match.start() + 1
        line += data.count(b"\n", last, line_start)
        last = line_start
        line_end = data.find(b"\n", line_start)
        if line_end == -1:
            line_end = len(data)
        hashes, ticks = match.group(1), match.group(2)
        if ticks is not None:
            if fence is None:
                fence = ticks
            elif (
                ticks[:1] == fence[:1]
                and len(ticks) >= len(fence)
                and not data[match.end() : line_end].strip()
            ):
                fence = None
            continue
        if fence is None:
            raw = data[match.end() : line_end].strip()
            headings.append(Heading(line_start, line_end, len(hashes), line, raw))
    return headings


def line_of(data: bytes, offset: int) -> int:
    """The 1-based line number of ``offset``."""
    return data.count(b"\n", 0, offset) + 1


def lines(chunk: bytes) -> list[bytes]:
    """Split on ``\\n`` only (never on U+2028 and friends)."""
    return chunk.split(b"\n")


def prefix(chunk: bytes, size: int) -> bytes:
    """The first ``size`` bytes of ``chunk``, cut back to a line end."""
    if len(chunk) <= size:
        return chunk
    cut = chunk.rfind(b"\n", 0, size)
    return chunk[: cut if cut != -1 else 0]


def decode(chunk: bytes) -> str:
    """Decode a piece of a note strictly; UnicodeDecodeError sends the note to the slow path."""
    return chunk.decode("utf-8")


# --- arXiv ids and links -------------------------------------------------

_ARXIV_URL = re.compile(
    rb"https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/"
    rb"(\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(?:v(\d+))?",
    re.IGNORECASE,
)
_ARXIV_TEXT = re.compile(rb"\barXiv:\s?(\d{4}\.\d{4,5})(?:v(\d+))?", re.IGNORECASE)
_PDF_LINE = re.compile(rb"^\s*\[PDF\]\((https?://[^)\s]+)\)(.*)$", re.MULTILINE)
_URL = re.compile(rb"https?://[\x21-\x7e]+?(?=[\s)\]>\"'<`]|[^\x21-\x7e]|$)")
_CODE_HOSTS = (b"github.com", b"gitlab.com", b"huggingface.co", b"bitbucket.org", b"gitee.com")


@dataclass(frozen=True, slots=True)
class ArxivRef:
    """An arXiv id found in a note."""

    id: str
    version: int | None


def arxiv_in(chunk: bytes) -> ArxivRef | None:
    """The first arXiv id in ``chunk``, as a link or as ``arXiv:1234.56789``."""
    match = _ARXIV_URL.search(chunk) or _ARXIV_TEXT.search(chunk)
    if match is None:
        return None
    version = int(match[2]) if match[2] else None
    return ArxivRef(match[1].decode("ascii"), version)


def arxiv_links(ref: ArxivRef | None) -> Links:
    """The abstract and PDF links of an arXiv paper."""
    if ref is None:
        return Links()
    suffix = f"v{ref.version}" if ref.version else ""
    return Links(
        abs=f"https://arxiv.org/abs/{ref.id}{suffix}",
        pdf=f"https://arxiv.org/pdf/{ref.id}{suffix}",
    )


def pdf_line(head: bytes) -> tuple[bytes, bytes] | None:
    """The ``[PDF](url) comments`` line of a Hexo section: (url, comments)."""
    match = _PDF_LINE.search(head)
    return (match[1], match[2]) if match else None


def code_link(*chunks: bytes) -> str | None:
    """The first code-host URL in the chunks, else the first URL at all."""
    urls: list[bytes] = []
    for chunk in chunks:
        urls.extend(url.rstrip(b".,;:") for url in _URL.findall(chunk))
    urls = [
        url for url in urls if b"arxiv.org" not in url.lower() and b"example.com" not in url.lower()
    ]
    for url in urls:
        if any(host in url.lower() for host in _CODE_HOSTS):
            return url.decode("utf-8")
    return urls[0].decode("utf-8") if urls else None


# --- authors, tags, keywords, summary -------------------------------------

_AUTHORS_BOLD = re.compile(rb"^\*\*Authors?\s*(?::|\xef\xbc\x9a)\s*(.+?)\s*\*\*\s*$", re.MULTILINE)
_AUTHORS_PLAIN = re.compile(
    rb"^(?:[-*]\s+)?(?:\*\*)?Authors?(?:\*\*)?\s*(?::|\xef\xbc\x9a)\s*(?:\*\*)?\s*(.+?)\s*$",
    re.MULTILINE | re.IGNORECASE,
)
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|，|、|\band\b)\s*")


def split_authors(text: str) -> tuple[str, ...]:
    """``A, B and C`` as a tuple of names."""
    text = text.strip().strip("*_").strip()
    if text.lower().endswith("et al.") or text.lower().endswith("et al"):
        text = text.rsplit("et al", 1)[0]
    names = [collapse_spaces(name).strip("*_ ") for name in _AUTHOR_SPLIT.split(text)]
    return tuple(name for name in names if name)


def authors_in(head: bytes) -> tuple[str, ...]:
    """Authors from the first lines of a section (never from deep inside it)."""
    match = _AUTHORS_BOLD.search(head) or _AUTHORS_PLAIN.search(head)
    if match is None:
        return ()
    return split_authors(decode(match[1]))


_TAG_LINE = re.compile(rb"^#[^\s#][^\n]*$", re.MULTILINE)
_TAG = re.compile(r"#([^\s#,，;；]+)")


def tags_in(head: bytes) -> list[str]:
    """The ``#tag`` lines right under a heading (before the section's prose)."""
    tags: list[str] = []
    for raw in lines(head):
        stripped = raw.strip()
        if not stripped:
            continue
        if stripped.startswith(b"#") and not stripped.startswith((b"# ", b"##")):
            for found in _TAG.findall(decode(stripped)):
                tag = clean_tag(found)
                if tag and tag not in tags:
                    tags.append(tag)
            continue
        if stripped.startswith(b"!["):
            continue
        break
    return tags


_KEYWORD_MARKERS = (b"eywords", b"EYWORDS", b"ey words", "关键词".encode())
_KEYWORDS = re.compile(
    rb"[ \t>*-]*(?:\d+\.\s*)?(?:\*\*)?\s*(?:#+\s*)?(?:Keywords?|Key words|"
    rb"\xe5\x85\xb3\xe9\x94\xae\xe8\xaf\x8d)"  # 关键词
    rb"(?:\s*/\s*(?:Keywords?|\xe5\x85\xb3\xe9\x94\xae\xe8\xaf\x8d))?\s*(?:\*\*)?\s*"
    rb"(?::|\xef\xbc\x9a)\s*(?:\*\*)?([^\n]*)",
    re.IGNORECASE,
)
_KEYWORD_SPLIT = re.compile(r"\s*[,，;；、]\s*")


def labelled_lines(
    chunk: bytes, markers: tuple[bytes, ...], pattern: re.Pattern[bytes]
) -> Iterator[bytes]:
    """The captured values of lines holding one of ``markers`` that match ``pattern``.

    The markers are found with ``bytes.find`` (fast); the pattern is then
    matched at the start of each such line only, never across the chunk.
    """
    hits = sorted(at for marker in markers for at in _find_all(chunk, marker))
    seen_line = -1
    for at in hits:
        line_start = chunk.rfind(b"\n", 0, at) + 1
        if line_start == seen_line:
            continue
        seen_line = line_start
        line_end = chunk.find(b"\n", at)
        match = pattern.match(chunk, line_start, line_end if line_end != -1 else len(chunk))
        if match is not None:
            yield match[1]


def _find_all(chunk: bytes, marker: bytes, limit: int = 8) -> Iterator[int]:
    at = chunk.find(marker)
    count = 0
    while at != -1 and count < limit:
        yield at
        count += 1
        at = chunk.find(marker, at + 1)


def keywords_in(section: bytes) -> tuple[str, ...]:
    """The ``Keywords:``/``关键词：`` line of a section, split."""
    for value in labelled_lines(section, _KEYWORD_MARKERS, _KEYWORDS):
        text = decode(value).strip().rstrip("。.").strip("* ")
        words = [collapse_spaces(word).strip("*_ 。.") for word in _KEYWORD_SPLIT.split(text)]
        found = tuple(word for word in words if word)[:20]
        if found:
            return found
    return ()


_MARKUP = re.compile(r"\*\*|__|`|<[^>]+>")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def plain_line(text: str, limit: int = 300) -> str:
    """Markdown reduced to one plain line of at most ``limit`` characters."""
    text = _LINK.sub(r"\1", text)
    text = collapse_spaces(_MARKUP.sub("", text))
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_LEADING_COLON = re.compile(rb"\A[\s*]*(?::|\xef\xbc\x9a)?[\s*]*")


def paragraph_after(chunk: bytes, marker: bytes) -> str:
    """The first non-blank paragraph after the line holding ``marker``."""
    at = chunk.find(marker)
    if at == -1:
        return ""
    rest = chunk[at + len(marker) :]
    tail_end = rest.find(b"\n")
    inline = rest[:tail_end] if tail_end != -1 else rest
    inline = _LEADING_COLON.sub(b"", inline).strip()
    if inline:
        return plain_line(decode(inline))
    collected: list[bytes] = []
    for raw in lines(rest[tail_end + 1 :] if tail_end != -1 else b""):
        if not raw.strip():
            if collected:
                break
            continue
        if raw.lstrip().startswith((b"#", b"**", b"<")) and not collected:
            break
        collected.append(raw.strip())
    return plain_line(decode(b" ".join(collected)))


_BULLET = re.compile(rb"^([ \t]*)[-*+]\s+(.*)$", re.MULTILINE)
_LABEL_ONLY = re.compile(r"^\*\*[^*]+\*\*\s*[:：]?\s*$")
_LEADING_LABEL = re.compile(r"^\*\*[^*]{1,20}\*\*\s*[:：]\s*")


def first_bullet(section: bytes) -> str:
    """The first bullet with content; a bold label alone gives way to what follows it."""
    for match in _BULLET.finditer(section):
        text = decode(match[2]).strip()
        if not text:
            continue
        if _LABEL_ONLY.match(text):
            following = section[match.end() + 1 :].lstrip(b"\n")
            line = following.split(b"\n", 1)[0].strip()
            if line and not line.startswith((b"- **", b"* **", b"#")):
                line = re.sub(rb"^[-*+]\s+", b"", line)
                return plain_line(decode(line))
            continue
        return plain_line(_LEADING_LABEL.sub("", text))
    return ""


# --- images ---------------------------------------------------------------

_MD_IMAGE = re.compile(rb"!\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HTML_IMAGE = re.compile(rb"<img\b[^>]*?\bsrc\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)


def images_in(section: bytes, note_dir: str, root: str) -> tuple[Image, ...]:
    """Images a section shows; local ones resolved against the note's folder.

    Args:
        section: The section's bytes.
        note_dir: The note's folder relative to the vault, with ``/``.
        root: The vault's absolute path, to check that local images exist.
    """
    found: dict[str, Image] = {}
    patterns = [_MD_IMAGE] if b"![" in section else []
    if b"<img" in section:
        patterns.append(_HTML_IMAGE)
    for pattern in patterns:
        for match in pattern.finditer(section):
            if len(found) >= _MAX_IMAGES:
                break
            src = match[1].decode("utf-8", "replace")
            if src in found:
                continue
            if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", src):
                found[src] = Image(src)
                continue
            relative = posixpath.normpath(posixpath.join(note_dir, src.lstrip("/")))
            if relative.startswith("../") or relative == "..":
                found[src] = Image(src, relative, missing=True)
                continue
            exists = os.path.isfile(os.path.join(root, *relative.split("/")))
            found[src] = Image(src, relative, missing=not exists)
    return tuple(found.values())


# --- the section ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NoteContext:
    """What a format reader knows about the note a section is in."""

    data: bytes
    path: str
    """Relative to the vault, with ``/``."""
    root: str
    note_tags: tuple[str, ...]
    day: date | None

    @property
    def folder(self) -> str:
        return posixpath.dirname(self.path)


def section_end_line(data: bytes, start_line: int, start: int, end: int) -> int:
    """The last line of a section that runs from ``start`` to ``end`` (exclusive).

    Trailing blank lines belong to no one and are not counted.
    """
    body = data[start:end].rstrip(b"\n \t")
    return start_line + body.count(b"\n")


def build_section(
    note: NoteContext,
    heading: Heading,
    end: int,
    *,
    title: str | None = None,
    ref: ArxivRef | None = None,
    day: date | None = None,
    extra_tags: tuple[str, ...] = (),
    summary_markers: tuple[bytes, ...] = (b"**Summary**", b"**TL;DR:**", b"**TL;DR**"),
    authors_line: bytes | None = None,
) -> Section:
    """A Section from a heading and where its section ends.

    Args:
        note: The note the section is in.
        heading: The heading that starts the section.
        end: Offset where the section ends (exclusive).
        title: The title, when the format knows it better than the heading text.
        ref: The paper's arXiv id, when the format knows where it is.
        day: The day, when the format knows it per section.
        extra_tags: Tags the format adds (a digest's category).
        summary_markers: Labels whose paragraph is the one-line summary.
        authors_line: The authors as a format found them.
    """
    data = note.data
    body_start = min(heading.end + 1, end)
    section = data[body_start:end]
    head = prefix(section, _HEAD_BYTES)
    pdf = pdf_line(head)
    if ref is None:
        ref = arxiv_in(pdf[0]) if pdf else None
    if ref is None:
        ref = arxiv_in(heading.raw) or arxiv_in(head[:800])
    links = arxiv_links(ref)
    if pdf is not None:
        code = code_link(pdf[1]) or _urls_line_code(section)
    else:
        code = _urls_line_code(section)
    links = Links(links.abs, links.pdf, code)
    authors = split_authors(decode(authors_line)) if authors_line else authors_in(head)
    own_tags = tags_in(head)
    tags = tuple(dict.fromkeys((*own_tags, *extra_tags, *note.note_tags)))
    summary = ""
    for marker in summary_markers:
        summary = paragraph_after(section, marker)
        if summary:
            break
    if not summary:
        summary = first_bullet(section)
    appearance = Appearance(
        path=note.path,
        line=heading.line,
        end_line=section_end_line(data, heading.line, heading.start, end),
        day=day if day is not None else note.day,
    )
    text = title if title is not None else heading.text
    return Section(
        title=text[:MAX_TITLE_CHARS],
        appearance=appearance,
        authors=authors,
        arxiv_id=ref.id if ref else None,
        arxiv_version=ref.version if ref else None,
        links=links,
        tags=tags,
        keywords=keywords_in(section),
        summary=summary,
        images=images_in(section, note.folder, note.root),
    )


_URL_MARKERS = (
    b"Url",
    b"URL",
    b"url",
    b"Code",
    b"code",
    b"Github",
    "链接".encode(),
    "代码".encode(),
)
_URLS_LINE = re.compile(
    rb"[ \t>*-]*(?:\d+\.\s*)?(?:\*\*)?\s*(?:#+\s*)?(?:Urls?|Code|Github|"
    rb"\xe9\x93\xbe\xe6\x8e\xa5|\xe4\xbb\xa3\xe7\xa0\x81)[^\n:]{0,20}?(?::|\xef\xbc\x9a)([^\n]*)",
    re.IGNORECASE,
)


def _urls_line_code(section: bytes) -> str | None:
    """A code link from a ``5. Urls:``/``Code:``/``链接：`` line."""
    for value in labelled_lines(section, _URL_MARKERS, _URLS_LINE):
        link = code_link(value)
        if link is not None:
            return link
    return None


# --- level-2 formats (Hexo, Dendron, plain) -----------------------------------

_NOT_A_PAPER = re.compile(
    r"^(?:table of contents|contents|toc|目录|目錄|references?|bibliography|参考文献|参考|"
    r"todo|to-do|notes?|summary|summaries|总结|links?|index|inbox|ideas?|journal|"
    r"日记|想法|tl;?dr|abstract|摘要|related(?: work)?|keywords?|关键词|"
    r"papers?|paper list|reading list|今日论文|论文列表|更新|update[sd]?)\s*[:：]?$",
    re.IGNORECASE,
)


def is_not_a_paper_title(title: str) -> bool:
    """Headings that organise a note rather than name a paper."""
    if len(title) < 2 or _NOT_A_PAPER.match(title):
        return True
    # A heading that is only a date ("2024-09-27", "2024-09-27 更新").
    stripped = re.sub(r"[\d\s\-./:年月日号]|更新|update", "", title, flags=re.IGNORECASE)
    return not stripped and any(char.isdigit() for char in title)


def level2_spans(headings: list[Heading], size: int) -> list[tuple[int, int]]:
    """(heading index, end offset) of every level-2 section."""
    spans: list[tuple[int, int]] = []
    open_index: int | None = None
    for index, heading in enumerate(headings):
        if heading.level <= 2:
            if open_index is not None:
                spans.append((open_index, heading.start))
                open_index = None
            if heading.level == 2:
                open_index = index
    if open_index is not None:
        spans.append((open_index, size))
    return spans
