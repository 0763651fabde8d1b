"""Paper and Appearance: the domain objects every other layer speaks.

A paper's identity is its key: ``arxiv:`` plus the id without version where
there is one, else ``title:`` plus the normalised title. Never a path or a
line number: notes get renamed and regenerated, and one paper lives in many
notes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from itertools import compress
from operator import attrgetter
from typing import Any, NamedTuple, TypeAlias

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


class ImageRow(NamedTuple):
    """An image as the scanner's workers pass it."""

    src: str
    """The source as written in the note."""
    path: str | None
    """For a local image: its path relative to the vault, with ``/``."""
    missing: bool
    """True for a local image whose file does not exist."""


PackedRow: TypeAlias = tuple[Any, ...]
"""A :class:`SectionRow` as plain tuples (its images too): what ``marshal`` can carry."""


class SectionRow(NamedTuple):
    """One paper section of one note, as a format reader found it.

    A tuple: cheap to make, to pickle and to keep by the hundred thousand.
    ``marshal`` (the workers' and the cache's transport) takes only plain
    tuples: :meth:`packed` and :meth:`unpacked` convert (one row), :meth:`packed_rows`
    and :meth:`unpacked_rows` (many at once), and nothing else does.
    """

    title: str
    arxiv_id: str | None
    arxiv_version: int | None
    authors: tuple[str, ...]
    abs_link: str | None
    pdf_link: str | None
    code_link: str | None
    tags: tuple[str, ...]
    """The section's tags, then the note's."""
    keywords: tuple[str, ...]
    summary: str
    images: tuple[ImageRow, ...]
    """The local images the section shows."""
    line: int
    """The first line (1-based, the heading)."""
    end_line: int
    """The last line (inclusive)."""
    day_ordinal: int
    """The day of the note as a proleptic ordinal, 0 for none."""
    key: str
    """The paper's key (see :func:`paper_key`)."""

    def packed(self) -> PackedRow:
        """The row as plain tuples, for ``marshal``."""
        if self.images:
            return (*self[:_IMAGES], tuple(map(tuple, self.images)), *self[_IMAGES + 1 :])
        return tuple(self)

    @staticmethod
    def packed_rows(rows: tuple[SectionRow, ...]) -> tuple[PackedRow, ...]:
        """Rows as :meth:`packed` gives them, in bulk: no Python call per row but for rows
        with images (a worker packs every row it reads)."""
        plain: list[PackedRow] = list(map(tuple, rows))
        for index in compress(range(len(rows)), map(_images_of, rows)):
            plain[index] = rows[index].packed()
        return tuple(plain)

    @classmethod
    def unpacked(cls, packed: PackedRow) -> SectionRow:
        """The row :meth:`packed` gave (TypeError if it has not the fields of one)."""
        if len(packed) != _FIELDS:
            raise TypeError(f"a section row has {_FIELDS} fields, not {len(packed)}")
        row: SectionRow = new_row(_images_named(packed) if packed[_IMAGES] else packed)
        return row

    @classmethod
    def unpacked_rows(cls, packed: Sequence[PackedRow]) -> list[SectionRow]:
        """Rows as :meth:`unpacked` gives them, in bulk (TypeError if any has not the fields
        of one).

        No Python call per row but for rows with images: the warm scan unpacks
        150,000 of them.
        """
        if packed and set(map(len, packed)) != {_FIELDS}:
            raise TypeError(f"a section row has {_FIELDS} fields")
        rows: list[SectionRow] = list(map(new_row, packed))
        for index in compress(range(len(rows)), map(_images_of, rows)):
            rows[index] = new_row(_images_named(rows[index]))
        return rows


def _images_named(packed: PackedRow) -> PackedRow:
    """A packed row with its images named (``tuple.__new__`` as for rows: a NamedTuple's
    ``_make`` and ``_replace`` took 1.5 us a row with images)."""
    images = tuple(map(_new_image, packed[_IMAGES]))
    for image in images:
        if len(image) != 3:
            raise TypeError("an image row has 3 fields")
    return (*packed[:_IMAGES], images, *packed[_IMAGES + 1 :])


_IMAGES = SectionRow._fields.index("images")
_FIELDS = len(SectionRow._fields)
new_row = partial(tuple.__new__, SectionRow)
"""``SectionRow._make`` less its Python-level length check: a third faster, by the 150,000.

Give it every field, in order (the format readers make their rows with it)."""
_new_image = partial(tuple.__new__, ImageRow)
_images_of = attrgetter("images")


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
