"""Section rows merged into papers: one per key however many appearances, and their order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from datetime import date
from typing import Any, TypeAlias

from papertui.vault.paper import Appearance, Image, Links, Paper, SectionRow

Pair: TypeAlias = tuple[str, SectionRow]
"""A section row and the path of the note it is in."""
Order: TypeAlias = tuple[int, str, tuple[str, ...], int]
"""How papers sort: newest day first, then title, then where each was first seen."""


def _setters(cls: type) -> list[Callable[[Any, Any], None]]:
    """The slot setters of a frozen, slotted dataclass, in field order.

    The generated ``__init__`` of a frozen dataclass calls ``object.__setattr__``
    once per field; a scan builds some 150,000 papers with their links and
    appearances, and setting the slots directly halves that time. The classes
    have no ``__post_init__``, so the objects are the same.
    """
    assert "__post_init__" not in cls.__dict__
    return [getattr(cls, field.name).__set__ for field in fields(cls)]


_NEW = object.__new__
_P = _setters(Paper)
_A = _setters(Appearance)
_L = _setters(Links)


def _paper(*values: Any) -> Paper:
    paper: Paper = _NEW(Paper)
    _P[0](paper, values[0])
    _P[1](paper, values[1])
    _P[2](paper, values[2])
    _P[3](paper, values[3])
    _P[4](paper, values[4])
    _P[5](paper, values[5])
    _P[6](paper, values[6])
    _P[7](paper, values[7])
    _P[8](paper, values[8])
    _P[9](paper, values[9])
    _P[10](paper, values[10])
    _P[11](paper, values[11])
    return paper


def _appearance(path: str, line: int, end_line: int, day: date | None) -> Appearance:
    appearance: Appearance = _NEW(Appearance)
    _A[0](appearance, path)
    _A[1](appearance, line)
    _A[2](appearance, end_line)
    _A[3](appearance, day)
    return appearance


def _links(abs_link: str | None, pdf: str | None, code: str | None) -> Links:
    links: Links = _NEW(Links)
    _L[0](links, abs_link)
    _L[1](links, pdf)
    _L[2](links, code)
    return links


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
    return path_order(pair[0]), pair[1][11]


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
    return (
        paper.title,
        paper.arxiv_id,
        paper.arxiv_version,
        paper.authors,
        links.abs,
        links.pdf,
        links.code,
        paper.tags,
        paper.keywords,
        paper.summary,
        tuple([(image.src, image.path, image.missing) for image in paper.images]),
        first.line,
        first.end_line,
        paper.day.toordinal() if paper.day else 0,
        paper.key,
    )


def kept_whole(paper: Paper, row: SectionRow) -> bool:
    """Whether :func:`row_of` gives ``row`` back from ``paper`` (it does, but for a PDF
    link without an abstract link or code link, which the scanner never makes)."""
    return row[5] is None or bool(row[4] or row[6])


def group_order(group: list[Pair]) -> Order:
    """Where the paper of these rows sorts: newest day first, then title, then first appearance.

    The same as the paper's own (its title and first appearance are its first
    row's, its day the earliest); the last two make the order total, so it
    equals a stable sort of the papers in the order a full scan meets them.
    """
    path, first = group[0]
    ordinal = first[13]
    if len(group) > 1:
        ordinal = min((row[13] for _, row in group if row[13]), default=0)
    return -ordinal, first[0].casefold(), path_order(path), first[11]


def paper_from_rows(key: str, rows: list[Pair]) -> Paper:
    """One paper from the (note path, row) of each of its sections, in scan order.

    The same merge as :meth:`Paper.from_sections`, on rows: the first section
    gives title and id; the highest version wins, with its links; tags and
    local images are the union; authors, code link, keywords and summary come
    from the first section that has them; the day is the earliest.
    """
    path, first = rows[0]
    first_day = day(first[13])
    appearance = _appearance(path, first[11], first[12], first_day)
    if len(rows) == 1:
        return _paper(
            key,
            first[0],
            first[3],
            first[1],
            first[2],
            _links(first[4], first[5], first[6]) if first[4] or first[6] else _NO_LINKS,
            first[7],
            first_day,
            first[8],
            first[9],
            tuple([Image(*image) for image in first[10]]) if first[10] else (),
            (appearance,),
        )
    appearances = [appearance]
    authors, version, keywords, summary = first[3], first[2], first[8], first[9]
    abs_link, pdf_link, code = first[4], first[5], first[6]
    tags = dict.fromkeys(first[7])
    images = {image[0]: image for image in first[10]}
    days = [first[13]] if first[13] else []
    for path, row in rows[1:]:
        appearances.append(_appearance(path, row[11], row[12], day(row[13])))
        authors = authors or row[3]
        if row[2] is not None and (version is None or row[2] > version):
            version, abs_link, pdf_link = row[2], row[4] or abs_link, row[5] or pdf_link
        abs_link, pdf_link, code = abs_link or row[4], pdf_link or row[5], code or row[6]
        keywords = keywords or row[8]
        summary = summary or row[9]
        tags.update(dict.fromkeys(row[7]))
        for image in row[10]:
            images.setdefault(image[0], image)
        if row[13]:
            days.append(row[13])
    return _paper(
        key,
        first[0],
        authors,
        first[1],
        version,
        _links(abs_link, pdf_link, code),
        tuple(tags),
        day(min(days)) if days else None,
        keywords,
        summary,
        tuple([Image(*image) for image in images.values()]),
        tuple(appearances),
    )


_NO_LINKS = Links()
