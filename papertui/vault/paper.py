"""Paper and Appearance: the domain objects every other layer speaks.

A paper's identity is its key: ``arxiv:`` plus the id without version where
there is one, else ``title:`` plus the normalised title. Never a path or a
line number: notes get renamed and regenerated, and one paper lives in many
notes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeAlias

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_ASCII_PUNCTUATION = bytes(code if chr(code).isalnum() else 0x20 for code in range(128)) + bytes(
    range(128, 256)
)


def collapse_spaces(text: str) -> str:
    """Collapse every run of whitespace to one space and strip the ends."""
    return " ".join(text.split())


def normalise_title(title: str) -> str:
    """The title as a key: NFKC, case-folded, punctuation and spaces folded."""
    if title.isascii():  # NFKC leaves ASCII alone, casefold is lower, \W is punctuation
        return b" ".join(title.encode().lower().translate(_ASCII_PUNCTUATION).split()).decode()
    folded = unicodedata.normalize("NFKC", title).casefold()
    return _NON_WORD.sub(" ", folded).strip()


def paper_key(arxiv_id: str | None, title: str) -> str:
    """The identity of a paper: its arXiv id if it has one, else its title."""
    if arxiv_id:
        return f"arxiv:{arxiv_id}"
    return f"title:{normalise_title(title)}"


@dataclass(frozen=True, slots=True)
class Links:
    """Where the paper can be read."""

    abs: str | None = None
    """The abstract page."""
    pdf: str | None = None
    """The PDF."""
    code: str | None = None
    """The code repository or project page."""

    def to_json(self) -> dict[str, str | None]:
        return {"abs": self.abs, "pdf": self.pdf, "code": self.code}

    def merged(self, other: Links) -> Links:
        """These links, with gaps filled from ``other``."""
        return Links(
            abs=self.abs or other.abs,
            pdf=self.pdf or other.pdf,
            code=self.code or other.code,
        )


@dataclass(frozen=True, slots=True)
class Image:
    """An image a section shows."""

    src: str
    """The source as written in the note."""
    path: str | None = None
    """For a local image: its path relative to the vault, with ``/``."""
    missing: bool = False
    """True for a local image whose file does not exist."""

    @property
    def is_local(self) -> bool:
        return self.path is not None

    def to_json(self) -> dict[str, Any]:
        return {"src": self.src, "path": self.path, "missing": self.missing}


@dataclass(frozen=True, slots=True)
class Appearance:
    """One place a paper appears: a section of a note."""

    path: str
    """The note's path relative to the vault, with ``/``."""
    line: int
    """The first line of the section (1-based, the heading)."""
    end_line: int
    """The last line of the section (inclusive)."""
    day: date | None = None
    """The day of the note this appearance is in."""

    def to_json(self) -> dict[str, Any]:
        return {
            "path": json_safe(self.path),
            "line": self.line,
            "end_line": self.end_line,
            "day": self.day.isoformat() if self.day else None,
        }


ImageRow: TypeAlias = tuple[str, str | None, bool]
"""An image as the scanner's workers pass it: (src, path, missing)."""

SectionRow: TypeAlias = tuple[
    str,  # 0 title
    str | None,  # 1 arxiv_id
    int | None,  # 2 arxiv_version
    tuple[str, ...],  # 3 authors
    str | None,  # 4 abstract link
    str | None,  # 5 PDF link
    str | None,  # 6 code link
    tuple[str, ...],  # 7 tags
    tuple[str, ...],  # 8 keywords
    str,  # 9 summary
    tuple[ImageRow, ...],  # 10 local images
    int,  # 11 first line
    int,  # 12 last line
    int,  # 13 day as a proleptic ordinal, 0 for none
    str,  # 14 the paper's key
]
"""One paper section as plain tuples: cheap to pickle across processes, cheap to build."""


@dataclass(frozen=True, slots=True)
class Section:
    """One paper section of one note, as a format reader found it."""

    title: str
    appearance: Appearance
    authors: tuple[str, ...] = ()
    arxiv_id: str | None = None
    arxiv_version: int | None = None
    links: Links = field(default_factory=Links)
    tags: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    summary: str = ""
    images: tuple[Image, ...] = ()

    @property
    def key(self) -> str:
        return paper_key(self.arxiv_id, self.title)

    @classmethod
    def from_row(cls, path: str, row: SectionRow) -> Section:
        """The section a scanner worker described as a row of the note at ``path``."""
        return cls(
            title=row[0],
            appearance=Appearance(
                path, row[11], row[12], date.fromordinal(row[13]) if row[13] else None
            ),
            authors=row[3],
            arxiv_id=row[1],
            arxiv_version=row[2],
            links=Links(row[4], row[5], row[6]),
            tags=row[7],
            keywords=row[8],
            summary=row[9],
            images=tuple(Image(*image) for image in row[10]),
        )


@dataclass(frozen=True, slots=True)
class Paper:
    """One paper, however many notes it appears in."""

    key: str
    """``arxiv:<id>`` or ``title:<normalised title>``."""
    title: str
    authors: tuple[str, ...] = ()
    arxiv_id: str | None = None
    arxiv_version: int | None = None
    """The highest version seen."""
    links: Links = field(default_factory=Links)
    tags: tuple[str, ...] = ()
    """The union of the tags of every appearance, in first-seen order."""
    day: date | None = None
    """The earliest day the paper appeared."""
    keywords: tuple[str, ...] = ()
    summary: str = ""
    images: tuple[Image, ...] = ()
    appearances: tuple[Appearance, ...] = ()

    @classmethod
    def from_sections(cls, sections: Iterable[Section]) -> Paper:
        """Merge the sections of one paper (all with the same key)."""
        items = list(sections)
        if not items:
            raise ValueError("a paper needs at least one section")
        first = items[0]
        authors = first.authors
        arxiv_version = first.arxiv_version
        links = first.links
        keywords = first.keywords
        summary = first.summary
        tags: dict[str, None] = {}
        images: dict[str, Image] = {}
        days: list[date] = []
        for section in items:
            authors = authors or section.authors
            if section.arxiv_version is not None and (
                arxiv_version is None or section.arxiv_version > arxiv_version
            ):
                arxiv_version = section.arxiv_version
                links = section.links.merged(links)
            links = links.merged(section.links)
            keywords = keywords or section.keywords
            summary = summary or section.summary
            tags.update(dict.fromkeys(section.tags))
            for image in section.images:
                images.setdefault(image.src, image)
            if section.appearance.day is not None:
                days.append(section.appearance.day)
        return cls(
            key=first.key,
            title=first.title,
            authors=authors,
            arxiv_id=first.arxiv_id,
            arxiv_version=arxiv_version,
            links=links,
            tags=tuple(tags),
            day=min(days) if days else None,
            keywords=keywords,
            summary=summary,
            images=tuple(images.values()),
            appearances=tuple(section.appearance for section in items),
        )

    def to_json(self) -> dict[str, Any]:
        """The paper as the record ``papertui list --json`` prints."""
        return {
            "key": self.key,
            "title": self.title,
            "authors": list(self.authors),
            "arxiv_id": self.arxiv_id,
            "arxiv_version": self.arxiv_version,
            "tags": list(self.tags),
            "date": self.day.isoformat() if self.day else None,
            "links": self.links.to_json(),
            "summary": self.summary,
            "keywords": list(self.keywords),
            "images": [image.to_json() for image in self.images],
            "appearances": [appearance.to_json() for appearance in self.appearances],
        }


def json_safe(text: str) -> str:
    """``text`` with lone surrogates (from undecodable file names) as U+FFFD."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
