"""Markdown tables of papers, the arxiv-daily kind: one row one paper.

``|**2024-01-05**|**Title**|First Author et.al.|[2401.12345](http://arxiv.org/abs/2401.12345v2)|code|``

The header row names the columns (``Title``, ``Authors``, ``Date``, ``PDF``,
``Code``); the header and the ``|---|`` separator are never papers. A table is
a paper list when it has a title column and its rows link papers or name
authors, or, without a title column, when each row links a paper and names it.
Tables of contents (``| Date | Link | Number of Papers |``) are neither.
"""

from __future__ import annotations

import re

from papertui.vault.notes.formats import fields, identifiers
from papertui.vault.notes.formats.common import Entry
from papertui.vault.notes.formats.headings import Headings
from papertui.vault.notes.formats.identifiers import is_paper_link, other_id
from papertui.vault.notes.frontmatter import parse_day

_SEPARATOR = re.compile(
    rb"^[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)+\|?[ \t]*$", re.M
)
_LINK = re.compile(r"!?\[([^\]]*)\]\(\s*<?([^)\s>]*)>?[^)]*\)")
_TAGS = re.compile(r"</?[A-Za-z][^>]*>")
_URL = re.compile(rb"https?://[^\s)\]|>\"']+")
_TITLE_WORDS = ("title", "paper", "name", "论文", "标题", "题目")
_AUTHOR_WORDS = ("author", "作者")
_DATE_WORDS = ("date", "日期", "time", "published")
_NOT_TITLE = ("pdf", "link", "url", "code", "number", "count", "#")


def detect(data: bytes, start: int) -> bool:
    """A cheap first look: a separator row somewhere below ``start``."""
    return data.find(b"|", start) != -1 and _SEPARATOR.search(data, start) is not None


def _cells(line: str) -> list[str]:
    """The cells of a table row (``\\|`` stays inside a cell)."""
    text = line.strip()
    text = text.removeprefix("|")
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    if "\\|" in text:
        return [cell.replace("\0", "|").strip() for cell in text.replace("\\|", "\0").split("|")]
    return [cell.strip() for cell in text.split("|")]


def cell_text(cell: str) -> str:
    """A cell's text as a reader sees it: links as their words, no emphasis or HTML."""
    if "[" in cell:
        cell = _LINK.sub(r"\1", cell)
    if "<" in cell:
        cell = _TAGS.sub("", cell)
    return " ".join(cell.replace("**", "").replace("__", "").split()).strip("*_ ")


def _column(header: list[str], words: tuple[str, ...], avoid: tuple[str, ...] = ()) -> int:
    for index, name in enumerate(header):
        lowered = name.lower()
        if any(word in lowered for word in words) and not any(word in lowered for word in avoid):
            return index
    return -1


def entries(data: bytes, start: int, headings: Headings) -> list[Entry]:
    """The papers of every paper table below ``start``, in note order."""
    found: list[Entry] = []
    for separator in _SEPARATOR.finditer(data, start):
        sep_start = separator.start()
        if headings.fences and headings.in_code(sep_start):
            continue
        head_start = data.rfind(b"\n", start, max(start, sep_start - 1)) + 1
        if head_start >= sep_start or b"|" not in data[head_start:sep_start]:
            continue
        header = [cell_text(cell) for cell in _cells(fields.utf8(data[head_start : sep_start - 1]))]
        found.extend(_rows(data, separator.end() + 1, header))
    return found


def _rows(data: bytes, at: int, header: list[str]) -> list[Entry]:
    title_at = _column(header, _TITLE_WORDS, _NOT_TITLE)
    authors_at = _column(header, _AUTHOR_WORDS)
    date_at = _column(header, _DATE_WORDS)
    rows: list[tuple[int, int, list[str], bytes]] = []
    size = len(data)
    while at < size:
        end = data.find(b"\n", at)
        end = size if end == -1 else end
        raw = data[at:end]
        if b"|" not in raw or not raw.strip():
            break
        rows.append((at, end, _cells(fields.utf8(raw)), raw))
        at = end + 1
    linked = sum(1 for *_, raw in rows if _paper_link(raw) is not None)
    if title_at == -1 and linked < max(1, len(rows) // 2):
        return []
    if title_at != -1 and not linked and authors_at == -1:
        return []
    found: list[Entry] = []
    for row_start, row_end, cells, raw in rows:
        link = _paper_link(raw)
        title = _title(cells, title_at, link)
        if not title or (title_at == -1 and link is None):
            continue
        entry = Entry(row_start, row_end, title)
        entry.ref = identifiers.arxiv_in(raw)
        if entry.ref is None:
            entry.ident = other_id(raw)
        if 0 <= authors_at < len(cells):
            entry.authors = fields.split_authors(cell_text(cells[authors_at]))
        if 0 <= date_at < len(cells):
            entry.day = parse_day(cell_text(cells[date_at]))
        found.append(entry)
    return found


def _paper_link(raw: bytes) -> bytes | None:
    for match in _URL.finditer(raw):
        if is_paper_link(match[0]):
            return match[0]
    return None


def _title(cells: list[str], title_at: int, link: bytes | None) -> str:
    """The title cell's text; without a title column, the words of the paper's link or the
    longest cell."""
    if 0 <= title_at < len(cells):
        return cell_text(cells[title_at])
    if link is not None:
        for cell in cells:
            match = _LINK.search(cell)
            if match and match[2].encode() == link and len(match[1]) > 20:
                return cell_text(match[1])
    texts = [cell_text(cell) for cell in cells if "](" not in cell and "://" not in cell]
    longest = max(texts, key=len, default="")
    return longest if len(longest) > 20 else ""
