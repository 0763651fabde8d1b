"""What every format shares: the note in hand, paper-title tests, and building a section row."""

from __future__ import annotations

import os
import posixpath
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date
from sys import intern

from papertui.vault.notes.formats import fields, identifiers
from papertui.vault.notes.formats.headings import Heading, last_line
from papertui.vault.notes.formats.identifiers import Ident
from papertui.vault.paper import ImageRow, SectionRow, collapse_spaces, new_row, paper_key
from papertui.vault.sanitize import clean_line

KEYWORD_WORDS = (b"eyword", "关键词".encode(), b"ey word", b"EYWORD")
ARXIV_WORDS = (b"iv.org/", b"iv:", b"IV.ORG/")
AUTHOR_WORDS = (b"uthor", "作者".encode(), b"UTHOR")


@dataclass(slots=True)
class NoteContext:
    """What a format reader knows about the note a section is in."""

    data: bytes
    path: str
    """Relative to the vault, with ``/``."""
    root: str
    """The vault's real absolute path (to check that local images exist)."""
    note_tags: tuple[str, ...]
    day: date | None
    folders: dict[str, frozenset[str]] = field(default_factory=dict)
    """Folder listings already read, to tell missing images without a stat each."""
    _images: list[tuple[int, bytes]] | None = None
    _present: dict[tuple[bytes, ...], bool] = field(default_factory=dict)

    def mentions(self, *markers: bytes) -> bool:
        """Whether the note holds any of ``markers`` at all (asked once per note).

        Searching a whole note once is cheaper than missing in every section.
        """
        found = self._present.get(markers)
        if found is None:
            data = self.data
            found = self._present[markers] = any(marker in data for marker in markers)
        return found

    @property
    def folder(self) -> str:
        return posixpath.dirname(self.path)

    def images(self, start: int, end: int) -> tuple[ImageRow, ...]:
        """The local images shown between ``start`` and ``end``, resolved."""
        if self._images is None:
            self._images = fields.local_images(self.data)
        images = self._images
        if not images:
            return ()
        found: dict[bytes, None] = {}
        for index in range(bisect_left(images, (start, b"")), len(images)):
            at, src = images[index]
            if at >= end or len(found) >= fields.MAX_IMAGES:
                break
            found[src] = None
        return tuple([self.resolve(src) for src in found])

    def resolve(self, src: bytes) -> ImageRow:
        """A local image's (source, path relative to the vault, missing)."""
        text = src.decode("utf-8", "replace")
        path = text.lstrip("/").split("#")[0]
        folder = self.folder
        if "./" in path or "//" in path or "\\" in path:
            relative = posixpath.normpath(posixpath.join(folder, path))
        else:  # the common case needs no normalising
            relative = f"{folder}/{path}" if folder else path
        if relative == ".." or relative.startswith("../"):
            return ImageRow(text, relative, True)
        folder, _, name = relative.rpartition("/")
        listing = self.folders.get(folder)
        if listing is None:
            try:
                listing = frozenset(os.listdir(os.path.join(self.root, *folder.split("/"))))
            except OSError:
                listing = frozenset()
            self.folders[folder] = listing
        return ImageRow(text, relative, name not in listing)


def build_row(
    note: NoteContext,
    heading: Heading,
    end: int,
    end_line: int,
    *,
    title: str,
    ref: identifiers.ArxivRef | None,
    authors: tuple[str, ...],
    day: date | None,
    summary: str,
    tags: tuple[str, ...] = (),
    code: str | None = "",
    keywords: tuple[str, ...] | None = None,
    ident: Ident | None = None,
) -> SectionRow:
    """A section row from what the format found, plus the fields every format reads alike.

    Args:
        note: The note the section is in.
        heading: The heading that starts the section.
        end: Offset where the section ends (exclusive).
        end_line: The section's last line.
        title: The paper's title, whitespace collapsed.
        ref: The paper's arXiv id and version, if it has one.
        authors: The authors as the format found them.
        day: The day of this appearance.
        summary: The one-line summary.
        tags: The section's own tags (the note's are added here).
        code: The code link (None for none), when the format looked for it.
        keywords: The keywords, when the format knows where they are.
        ident: A DOI, OpenReview or ACL Anthology id, for a paper without an arXiv id:
            it keys the paper and gives its abstract link.
    """
    data = note.data
    body = min(heading.end + 1, end)
    abs_link, pdf_link = identifiers.arxiv_links(ref)
    if code == "":
        code = None
        # (".com/" first: one search of a note without it instead of two)
        if note.mentions(b".com/") and note.mentions(b"github.com/", b"gitlab.com/"):
            code = fields.section_code_link(data, body, end)
    if tags:
        tags = tuple(map(intern, tags))
    if note.note_tags:  # (they hold no repeats, and are interned)
        tags = tuple(dict.fromkeys((*tags, *note.note_tags))) if tags else note.note_tags
    title = clean_title(title)
    arxiv_id = ref[0] if ref else None
    key = paper_key(arxiv_id, title)
    if ident is not None and arxiv_id is None:
        key = ident.key
        abs_link = abs_link or ident.url
    if keywords is None:
        keywords = fields.keywords_in(data, body, end) if note.mentions(*KEYWORD_WORDS) else ()
    # Names, tags and keywords repeat from paper to paper: one string each, vault-wide
    # (marshal keeps them interned on the way to the scanning process and the cache).
    # Made from a tuple in SectionRow's order: its Python-level __new__ took 6% of the
    # parse of a note. The format tests read every field back by name.
    return new_row(
        (
            title,
            arxiv_id,
            ref[1] if ref else None,  # arxiv_version
            tuple(map(intern, authors)) if authors else (),
            abs_link,
            pdf_link,
            code,  # code_link
            tags,
            tuple(map(intern, keywords)) if keywords else (),
            summary,
            note.images(body, end),
            heading.line,
            end_line,
            day.toordinal() if day else 0,  # day_ordinal
            key,
        )
    )


def clean_title(title: str) -> str:
    """A title with every control character gone and whitespace collapsed, never cut short."""
    if title.isprintable():  # (the commonest case: nothing to do)
        return title
    return collapse_spaces(clean_line(title))


# --- headings that organise a note rather than name a paper -----------------------

_NOT_A_PAPER = re.compile(
    r"^(?:table of contents|contents|toc|目录|目錄|references?|bibliography|参考文献|参考|"
    r"todo|to-do|notes?|summary|summaries|总结|links?|index|inbox|ideas?|journal|tags?|"
    r"日记|想法|tl;?dr|abstract|摘要|related(?: works?| papers?| reading)?|see also|"
    r"further reading|keywords?|关键词|overview|"
    r"papers?|paper list|reading list|今日论文|论文列表|更新|update[sd]?|method|results?)"
    r"\s*[:：]?$",
    re.IGNORECASE,
)
_IDEA = re.compile(
    r"^(?:ideas?|想法|点子|todo|to-do|journal|日记)(?:\s*[:：#\-\u2013\u2014]|\s*$|\s+\d)",
    re.IGNORECASE,
)
"""Headings of research-idea lists and journals (``## idea: …``), however long."""
_NUMBERED = re.compile(r"^(?:\(?\d{1,2}[.)、]|[（(]\d{1,2}[)）]|[一二三四五六七八九十]+[、.])\s*")
_DATE_ONLY = re.compile(r"[\d\s\-./:年月日号]|更新|update", re.IGNORECASE)


def is_organising(title: str) -> bool:
    """Headings that organise a note (contents, a date, ``2. Authors``) rather than name a paper."""
    if len(title) < 2:
        return True
    if title[0] in _NUMBER_STARTS and _NUMBERED.match(title):
        return True
    if title[0] in _IDEA_STARTS and _IDEA.match(title):
        return True
    if len(title) > 40:
        return False
    if _NOT_A_PAPER.match(title):
        return True
    return not _DATE_ONLY.sub("", title) and any(char.isdigit() for char in title)


_NUMBER_STARTS = frozenset("0123456789(（一二三四五六七八九十")
_IDEA_STARTS = frozenset("iItTjJ想点日")
_CJK = re.compile("[\u4e00-\u9fff]")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’+.\-]*")


def title_shape(title: str, *, organising: bool | None = None) -> str | None:
    """``"latin"`` or ``"cjk"`` when ``title`` reads like a paper's title, else None.

    Paper titles are long and capitalised (``Attention Is All You Need``), or
    named with a colon (``Z∗: Zero-shot Style Transfer``), or long Chinese
    phrases; a note's own headings (``Ideas to try``, ``今天``, ``Method``) are
    short or lower-case. ``organising`` says what :func:`is_organising` said, if asked already.
    """
    if is_organising(title) if organising is None else organising:
        return None
    colon = title.find(": ", 1, 60)
    if colon > 0 and " " in title[colon + 2 :] and title[:colon].isascii():
        return "latin"  # "Name: Subtitle Words", the commonest shape of all
    words = [word for word in _WORD.findall(title) if not word.isdigit()]
    if words:
        capitals = sum(1 for word in words if word[0].isupper() or word[0].isdigit())
        named = title.find(":") > 0 or title.find("：") > 0
        if (named and len(words) >= 2) or (len(words) >= 4 and capitals >= 2) or capitals >= 3:
            return "latin"
    return "cjk" if len(_CJK.findall(title)) >= 8 else None


# --- entries: papers that are a table row, a list item or a block, not a heading ---------


class Lines:
    """Line numbers of offsets in a note, found by bisecting its newlines (made once)."""

    __slots__ = ("_newlines",)

    def __init__(self, data: bytes) -> None:
        self._newlines = [match.start() for match in _NEWLINE.finditer(data)]

    def line(self, at: int) -> int:
        """The 1-based line of offset ``at``."""
        return bisect_left(self._newlines, at) + 1


_NEWLINE = re.compile(b"\n")


@dataclass(slots=True)
class Entry:
    """A paper a shape reader found, with where it is in the note."""

    start: int
    """Offset of the entry's first line."""
    end: int
    """Offset where the entry ends (exclusive)."""
    title: str
    ref: identifiers.ArxivRef | None = None
    ident: Ident | None = None
    authors: tuple[str, ...] = ()
    day: date | None = None
    summary: str = ""
    tags: tuple[str, ...] = ()


def entry_rows(note: NoteContext, entries: list[Entry], lines: Lines) -> list[SectionRow]:
    """Section rows of the entries (through :func:`build_row`, like every other row)."""
    data = note.data
    rows: list[SectionRow] = []
    for entry in entries:
        line = lines.line(entry.start)
        # (the whole entry, its first line too, is searched for code links and images)
        heading = Heading(entry.start, entry.start - 1, 0, line, b"")
        end_line = last_line(data, line, entry.start, entry.end, lines.line(entry.end))
        rows.append(
            build_row(
                note,
                heading,
                entry.end,
                max(line, end_line),
                title=entry.title,
                ref=entry.ref,
                authors=entry.authors,
                day=entry.day or note.day,
                summary=entry.summary,
                tags=entry.tags,
                ident=entry.ident,
            )
        )
    return rows
