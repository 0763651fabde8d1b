"""RIS and CSL-JSON: the formats Zotero, Mendeley, EndNote and pandoc import.

Both describe an arXiv paper as a preprint: title, authors split into family
and given names, the year (and month) of its arXiv id, the arXiv id itself,
its DOI (arXiv registers ``10.48550/arXiv.<id>`` for every paper), links,
the summary as the abstract and the tags and keywords. RIS is written by
``rispy``; CSL-JSON is plain JSON in the CSL 1.0 data schema.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from papertui.vault.export.bibtex import (
    family_name,
    paper_url,
    publication_year,
    safe_url,
    unique_keys,
)
from papertui.vault.paper import Paper, collapse_spaces
from papertui.vault.raw_names import escape_surrogates
from papertui.vault.sanitize import clean_line
from papertui.vault.state.annotations import NO_OWN_NOTES, OwnNotes

if TYPE_CHECKING:
    from rispy.writer import RisWriter

ARXIV_DOI_PREFIX = "10.48550/arXiv."


def _line(text: str) -> str:
    """``text`` as one clean line: RIS ends a field at a newline."""
    return collapse_spaces(clean_line(text)).strip()


def _names(paper: Paper) -> list[tuple[str, str]]:
    """Each author as (family, given); a name with no family part is (name, "")."""
    names = []
    for author in paper.authors:
        name = _line(author)
        if not name:
            continue
        family = family_name(name)
        if "," in name:
            given = name.split(",", 1)[1].strip()
        else:
            given = name[: name.rfind(family)].strip() if family and family in name else ""
        names.append((family or name, given))
    return names


def _year_month(paper: Paper) -> tuple[int | None, int | None]:
    """The arXiv id's year and month (new-style ids), else the note's day's year."""
    year = publication_year(paper)
    arxiv_id = paper.arxiv_id or ""
    head = arxiv_id.split(".", 1)[0]
    month = int(head[2:]) if len(head) == 4 and head.isdigit() and "." in arxiv_id else None
    return year, month if month and 1 <= month <= 12 else None


def _keywords(paper: Paper, own: OwnNotes) -> list[str]:
    """Tags, then your tags, then keywords, each once, in order."""
    seen: dict[str, None] = {}
    for word in (*paper.tags, *own.user_tags(paper.key), *paper.keywords):
        if cleaned := _line(word):
            seen.setdefault(cleaned, None)
    return list(seen)


def _links(paper: Paper) -> list[str]:
    """The paper's page, then its PDF and code links, each once."""
    urls: dict[str, None] = {}
    for url in (paper_url(paper), paper.links.pdf, paper.links.code):
        if safe := safe_url(url):
            urls.setdefault(safe, None)
    return list(urls)


# RIS ------------------------------------------------------------------------


def ris_reference(paper: Paper, key: str, own: OwnNotes = NO_OWN_NOTES) -> dict[str, Any]:
    """The paper as a ``rispy`` reference (an unpublished preprint, ``TY - UNPB``)."""
    reference: dict[str, Any] = {"type_of_reference": "UNPB", "id": key}
    reference["title"] = _line(paper.title)
    if names := _names(paper):
        reference["authors"] = [f"{last}, {given}" if given else last for last, given in names]
    year, month = _year_month(paper)
    if year:
        reference["year"] = str(year)
        if month:
            reference["date"] = f"{year}/{month:02d}//"
    if paper.arxiv_id:
        arxiv_id = _line(paper.arxiv_id)
        reference["accession_number"] = f"arXiv:{arxiv_id}"
        reference["publisher"] = "arXiv"
        reference["doi"] = ARXIV_DOI_PREFIX + arxiv_id
    if summary := _line(paper.summary):
        reference["abstract"] = summary
    if keywords := _keywords(paper, own):
        reference["keywords"] = keywords
    if urls := _links(paper):
        reference["urls"] = urls
    if annotation := _line(own.annotation(paper.key)):
        reference["notes"] = [annotation]
    return reference


def _ris_writer() -> type[RisWriter]:
    from rispy.writer import RisWriter

    class Writer(RisWriter):  # type: ignore[misc]
        """rispy's writer without its ``1.`` counter line before each record."""

        def set_header(self, count: int) -> str:
            return ""

    return Writer


def write_ris(papers: Sequence[Paper], own: OwnNotes = NO_OWN_NOTES) -> str:
    """A ``.ris`` file of the papers, one ``TY`` ... ``ER`` record each."""
    if not papers:
        return ""
    import rispy

    keys = unique_keys(papers)
    references = [ris_reference(paper, key, own) for paper, key in zip(papers, keys, strict=True)]
    text: str = rispy.dumps(references, implementation=_ris_writer())
    return escape_surrogates(text)


# CSL-JSON -------------------------------------------------------------------


def csl_item(paper: Paper, key: str, own: OwnNotes = NO_OWN_NOTES) -> dict[str, Any]:
    """The paper as a CSL-JSON item (``type: article``, CSL's preprint)."""
    item: dict[str, Any] = {"id": key, "type": "article", "title": _line(paper.title)}
    if names := _names(paper):
        item["author"] = [
            {"family": family, "given": given} if given else {"literal": family}
            for family, given in names
        ]
    year, month = _year_month(paper)
    if year:
        item["issued"] = {"date-parts": [[year, month] if month else [year]]}
    if paper.arxiv_id:
        arxiv_id = _line(paper.arxiv_id)
        item["number"] = f"arXiv:{arxiv_id}"
        item["publisher"] = "arXiv"
        item["DOI"] = ARXIV_DOI_PREFIX + arxiv_id
    if url := safe_url(paper_url(paper)):
        item["URL"] = url
    if summary := _line(paper.summary):
        item["abstract"] = summary
    if keywords := _keywords(paper, own):
        item["keyword"] = ", ".join(keywords)
    if annotation := _line(own.annotation(paper.key)):
        item["note"] = annotation
    return item


def write_csl_json(papers: Sequence[Paper], own: OwnNotes = NO_OWN_NOTES) -> str:
    """A CSL-JSON array of the papers, ids unique across it."""
    keys = unique_keys(papers)
    items = [csl_item(paper, key, own) for paper, key in zip(papers, keys, strict=True)]
    return escape_surrogates(json.dumps(items, ensure_ascii=False, indent=2)) + "\n"
