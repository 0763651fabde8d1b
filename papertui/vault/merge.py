"""Section rows from every note merged into papers: one per key, however many appearances."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from papertui.vault.paper import Appearance, Image, Links, Paper, SectionRow

_DAYS: dict[int, date | None] = {0: None}


def day(ordinal: int) -> date | None:
    """The day of a row's ordinal (0 for none), one shared object per day."""
    found = _DAYS.get(ordinal)
    if found is None and ordinal:
        found = _DAYS[ordinal] = date.fromordinal(ordinal)
    return found


def merge(rows: Iterable[tuple[str, SectionRow]]) -> tuple[Paper, ...]:
    """One paper per key from (note path, row) pairs; newest day first, then by title."""
    groups: dict[str, list[tuple[str, SectionRow]]] = {}
    for item in rows:
        key = item[1][14]
        group = groups.get(key)
        if group is None:
            groups[key] = [item]
        else:
            group.append(item)
    papers = [paper_from_rows(key, group) for key, group in groups.items()]
    papers.sort(key=_order)
    return tuple(papers)


def _order(paper: Paper) -> tuple[int, str]:
    return -(paper.day.toordinal() if paper.day else 0), paper.title.casefold()


def paper_from_rows(key: str, rows: list[tuple[str, SectionRow]]) -> Paper:
    """One paper from the (note path, row) of each of its sections, in scan order.

    The same merge as :meth:`Paper.from_sections`, on rows: the first section
    gives title and id; the highest version wins, with its links; tags and
    local images are the union; authors, code link, keywords and summary come
    from the first section that has them; the day is the earliest.
    """
    path, first = rows[0]
    first_day = day(first[13])
    appearance = Appearance(path, first[11], first[12], first_day)
    if len(rows) == 1:
        return Paper(
            key,
            first[0],
            first[3],
            first[1],
            first[2],
            Links(first[4], first[5], first[6]) if first[4] or first[6] else _NO_LINKS,
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
        appearances.append(Appearance(path, row[11], row[12], day(row[13])))
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
    return Paper(
        key,
        first[0],
        authors,
        first[1],
        version,
        Links(abs_link, pdf_link, code),
        tuple(tags),
        day(min(days)) if days else None,
        keywords,
        summary,
        tuple([Image(*image) for image in images.values()]),
        tuple(appearances),
    )


_NO_LINKS = Links()
