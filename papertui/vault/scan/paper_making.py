"""Making one Paper from its section rows (one however many appearances), and their order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from datetime import date
from typing import TypeAlias

from papertui.vault.paper import Appearance, Image, ImageRow, Links, Paper, SectionRow
from papertui.vault.scan.result import Pair

Order: TypeAlias = tuple[int, str, tuple[str, ...], int]
"""How papers sort: newest day first, then title, then where each was first seen."""


class _PaperSlots:
    """A :class:`Paper` under construction: its slots, set by plain assignment.

    The generated ``__init__`` of a frozen dataclass calls ``object.__setattr__``
    once per field; a scan builds some 150,000 papers with their links and
    appearances. This twin has the same slots (so the same layout) and no
    frozen ``__setattr__``: it stores each field directly, then becomes a Paper
    by ``__class__`` assignment, which Python allows between classes of the
    same layout. The result is the object ``Paper(...)`` makes, at a third of
    the cost (Paper has no ``__post_init__``).
    """

    __slots__ = Paper.__slots__

    def __init__(
        self,
        key: str,
        title: str,
        authors: tuple[str, ...],
        arxiv_id: str | None,
        arxiv_version: int | None,
        links: Links,
        tags: tuple[str, ...],
        day: date | None,
        keywords: tuple[str, ...],
        summary: str,
        images: tuple[Image, ...],
        appearances: tuple[Appearance, ...],
    ) -> None:
        self.key = key
        self.title = title
        self.authors = authors
        self.arxiv_id = arxiv_id
        self.arxiv_version = arxiv_version
        self.links = links
        self.tags = tags
        self.day = day
        self.keywords = keywords
        self.summary = summary
        self.images = images
        self.appearances = appearances
        self.__class__ = Paper  # type: ignore[assignment]


class _AppearanceSlots:
    """An :class:`Appearance` under construction (see :class:`_PaperSlots`)."""

    __slots__ = Appearance.__slots__

    def __init__(self, path: str, line: int, end_line: int, day: date | None) -> None:
        self.path = path
        self.line = line
        self.end_line = end_line
        self.day = day
        self.__class__ = Appearance  # type: ignore[assignment]


class _LinksSlots:
    """A :class:`Links` under construction (see :class:`_PaperSlots`)."""

    __slots__ = Links.__slots__

    def __init__(self, abs_link: str | None, pdf: str | None, code: str | None) -> None:
        self.abs = abs_link
        self.pdf = pdf
        self.code = code
        self.__class__ = Links  # type: ignore[assignment]


class _ImageSlots:
    """An :class:`Image` under construction (see :class:`_PaperSlots`)."""

    __slots__ = Image.__slots__

    def __init__(self, src: str, path: str | None, missing: bool) -> None:
        self.src = src
        self.path = path
        self.missing = missing
        self.__class__ = Image  # type: ignore[assignment]


for _twin, _cls in (
    (_PaperSlots, Paper),
    (_AppearanceSlots, Appearance),
    (_LinksSlots, Links),
    (_ImageSlots, Image),
):
    assert "__post_init__" not in _cls.__dict__, _cls  # else the twin would skip it
    assert _twin.__slots__ == tuple(field.name for field in fields(_cls)), _cls

_paper: Callable[..., Paper] = _PaperSlots  # type: ignore[assignment]
_appearance: Callable[[str, int, int, date | None], Appearance] = _AppearanceSlots  # type: ignore[assignment]
_links: Callable[[str | None, str | None, str | None], Links] = _LinksSlots  # type: ignore[assignment]
_image: Callable[[str, str | None, bool], Image] = _ImageSlots  # type: ignore[assignment]


_DAYS: dict[int, date | None] = {0: None}


def day(ordinal: int) -> date | None:
    """The day of a row's ordinal (0 for none), one shared object per day."""
    found = _DAYS.get(ordinal)
    if found is None and ordinal:
        found = _DAYS[ordinal] = date.fromordinal(ordinal)
    return found


_PARTS: dict[str, tuple[str, ...]] = {}


def path_order(path: str) -> tuple[str, ...]:
    """A note path as the walk orders notes: folder by folder (``a/x.md`` before ``a.md``)."""
    parts = _PARTS.get(path)
    if parts is None:
        parts = _PARTS[path] = tuple(path.split("/"))
    return parts


def pair_order(pair: Pair) -> tuple[tuple[str, ...], int]:
    path, row = pair
    return path_order(path), row.line


def paper_order(paper: Paper) -> Order:
    """Where a paper sorts (the same as :func:`group_order` of its rows)."""
    first = paper.appearances[0]
    return (
        -(paper.day.toordinal() if paper.day else 0),
        paper.title.casefold(),
        path_order(first.path),
        first.line,
    )


def row_of(paper: Paper) -> SectionRow:
    """The row a paper of one section was made from (see :func:`kept_whole`)."""
    links = paper.links
    first = paper.appearances[0]
    return SectionRow(
        title=paper.title,
        arxiv_id=paper.arxiv_id,
        arxiv_version=paper.arxiv_version,
        authors=paper.authors,
        abs_link=links.abs,
        pdf_link=links.pdf,
        code_link=links.code,
        tags=paper.tags,
        keywords=paper.keywords,
        summary=paper.summary,
        images=tuple([ImageRow(image.src, image.path, image.missing) for image in paper.images]),
        line=first.line,
        end_line=first.end_line,
        day_ordinal=paper.day.toordinal() if paper.day else 0,
        key=paper.key,
    )


def kept_whole(paper: Paper, row: SectionRow) -> bool:
    """Whether :func:`row_of` gives ``row`` back from ``paper`` (it does, but for a PDF
    link without an abstract link or code link, which the scanner never makes)."""
    return row.pdf_link is None or bool(row.abs_link or row.code_link)


def group_order(group: list[Pair]) -> Order:
    """Where the paper of these rows sorts: newest day first, then title, then first appearance.

    The same as the paper's own (its title and first appearance are its first
    row's, its day the earliest); the last two make the order total, so it
    equals a stable sort of the papers in the order a full scan meets them.
    """
    path, first = group[0]
    ordinal = first.day_ordinal
    if len(group) > 1:
        ordinal = min((row.day_ordinal for _, row in group if row.day_ordinal), default=0)
    return -ordinal, first.title.casefold(), path_order(path), first.line


def paper_from_row(key: str, path: str, row: SectionRow) -> Paper:
    """The paper of one section (the commonest case of :func:`paper_from_rows`)."""
    # Every field at once, named in SectionRow's order (a test holds the two
    # together): 14 attribute lookups a row cost 50 ms on 127,000 papers.
    (
        title,
        arxiv_id,
        arxiv_version,
        authors,
        abs_link,
        pdf_link,
        code_link,
        tags,
        keywords,
        summary,
        images,
        line,
        end_line,
        day_ordinal,
        _,
    ) = row
    first_day = (_DAYS.get(day_ordinal) or day(day_ordinal)) if day_ordinal else None
    return _paper(
        key,
        title,
        authors,
        arxiv_id,
        arxiv_version,
        _links(abs_link, pdf_link, code_link) if abs_link or code_link else _NO_LINKS,
        tags,
        first_day,
        keywords,
        summary,
        tuple([_image(*image) for image in images]) if images else (),
        (_appearance(path, line, end_line, first_day),),
    )


def paper_from_rows(key: str, rows: list[Pair]) -> Paper:
    """One paper from the (note path, row) of each of its sections, in scan order.

    The one merge rule: the first section gives title and id; the highest
    version wins, with its links; tags and local images are the union; authors,
    code link, keywords and summary come from the first section that has them;
    the day is the earliest.
    """
    path, first = rows[0]
    if len(rows) == 1:
        return paper_from_row(key, path, first)
    first_day = day(first.day_ordinal)
    appearances = [_appearance(path, first.line, first.end_line, first_day)]
    authors, version = first.authors, first.arxiv_version
    keywords, summary = first.keywords, first.summary
    abs_link, pdf_link, code = first.abs_link, first.pdf_link, first.code_link
    tags = dict.fromkeys(first.tags)
    images = {image.src: image for image in first.images}
    days = [first.day_ordinal] if first.day_ordinal else []
    for path, row in rows[1:]:
        ordinal = row.day_ordinal
        appearances.append(_appearance(path, row.line, row.end_line, day(ordinal)))
        authors = authors or row.authors
        row_version, row_abs, row_pdf = row.arxiv_version, row.abs_link, row.pdf_link
        if row_version is not None and (version is None or row_version > version):
            version = row_version
            abs_link, pdf_link = row_abs or abs_link, row_pdf or pdf_link
        abs_link, pdf_link = abs_link or row_abs, pdf_link or row_pdf
        code = code or row.code_link
        keywords = keywords or row.keywords
        summary = summary or row.summary
        tags.update(dict.fromkeys(row.tags))
        for image in row.images:
            images.setdefault(image.src, image)
        if ordinal:
            days.append(ordinal)
    return _paper(
        key,
        first.title,
        authors,
        first.arxiv_id,
        version,
        _links(abs_link, pdf_link, code),
        tuple(tags),
        day(min(days)) if days else None,
        keywords,
        summary,
        tuple([_image(*image) for image in images.values()]),
        tuple(appearances),
    )


_NO_LINKS = Links()
