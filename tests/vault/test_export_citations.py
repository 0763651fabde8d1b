"""RIS and CSL-JSON, read back by the parsers reference managers' users rely on."""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePath
from typing import Any

import pytest
import rispy
from citeproc.source.json import CiteProcJSON

from papertui.vault.export import FORMATS, export, format_for_path, render
from papertui.vault.export.bibtex import publication_year
from papertui.vault.flags import NO_FLAGS
from papertui.vault.paper import Links, Paper, collapse_spaces
from papertui.vault.sanitize import clean_line
from papertui.vault.scan import scan
from tests.export_support import NASTY, UNSAFE, make_paper
from tests.vault.expected import load_expected

HINTON = make_paper(
    "Deep Learning for Everything: A {Survey} of 50% & more",
    authors=("Geoffrey E. Hinton", "Li, Wei", "张三"),
    arxiv_id="2409.17058",
    tags=("ml/deep", "survey"),
    keywords=("learning",),
    summary="We survey.\nThen we  conclude.",
)
NO_ID = make_paper(
    "A Note Without an Identifier",
    authors=(),
    day=None,
    links=Links(abs=None, pdf="https://example.org/a.pdf", code="https://github.com/x/y"),
)
OLD_ID = make_paper("An Old One", authors=("Ann Lee Jr.",), arxiv_id="hep-th/9901001")


def _ris(papers: list[Paper]) -> list[dict[str, Any]]:
    text = export(papers, "ris", NO_FLAGS)
    records: list[dict[str, Any]] = rispy.loads(text)
    return records


def _csl(papers: list[Paper]) -> CiteProcJSON:
    return CiteProcJSON(json.loads(export(papers, "csljson", NO_FLAGS)))


def test_ris_fields_read_back() -> None:
    (record,) = _ris([HINTON])
    assert record["type_of_reference"] == "UNPB"
    assert record["title"] == HINTON.title
    assert record["authors"] == ["Hinton, Geoffrey E.", "Li, Wei", "张三"]
    assert record["year"] == "2024"
    assert record["date"] == "2024/09//"
    assert record["accession_number"] == "arXiv:2409.17058"
    assert record["doi"] == "10.48550/arXiv.2409.17058"
    assert record["abstract"] == "We survey. Then we conclude."
    assert record["keywords"] == ["ml/deep", "survey", "learning"]
    assert record["urls"] == ["https://arxiv.org/abs/2409.17058"]


def test_ris_has_no_counter_lines_and_one_record_per_paper() -> None:
    text = export([HINTON, NO_ID, OLD_ID], "ris", NO_FLAGS)
    assert text.startswith("TY  - UNPB\n")
    assert not re.search(r"^\d+\.$", text, re.MULTILINE)
    records = rispy.loads(text)
    assert [r["title"] for r in records] == [HINTON.title, NO_ID.title, OLD_ID.title]
    assert records[1].get("authors") is None
    assert "year" not in records[1]
    assert records[1]["urls"] == ["https://example.org/a.pdf", "https://github.com/x/y"]
    assert records[2]["year"] == "1999"
    assert "date" not in records[2]
    assert records[2]["accession_number"] == "arXiv:hep-th/9901001"
    # Ids are unique citation keys, like the BibTeX ones.
    assert len({r["id"] for r in records}) == 3


def test_csl_json_reads_back_with_citeproc() -> None:
    source = _csl([HINTON, NO_ID, OLD_ID])
    items = list(source.values())
    assert [str(item.title) for item in items] == [HINTON.title, NO_ID.title, OLD_ID.title]
    first = items[0]
    assert [(a.get("family"), a.get("given")) for a in first.author[:2]] == [
        ("Hinton", "Geoffrey E."),
        ("Li", "Wei"),
    ]
    assert first.author[2].get("literal") == "张三"
    assert first.issued.year == 2024
    assert first.issued.month == 9
    assert str(first.number) == "arXiv:2409.17058"
    assert "author" not in items[1]
    assert "issued" not in items[1]
    assert str(items[1].URL) == "https://example.org/a.pdf"


def test_csl_json_is_a_plain_array_of_typed_items() -> None:
    document = json.loads(export([HINTON], "csljson", NO_FLAGS))
    assert isinstance(document, list)
    (item,) = document
    assert item["type"] == "article"
    assert item["id"] == "hinton2024deep"
    assert item["keyword"] == "ml/deep, survey, learning"
    assert item["DOI"] == "10.48550/arXiv.2409.17058"


@pytest.mark.parametrize("fmt", ["ris", "csljson"])
def test_control_characters_and_newlines_never_reach_a_field(fmt: str) -> None:
    paper = make_paper(
        f"Title{NASTY}end\nsecond line",
        authors=(f"Ann{NASTY}Lee",),
        arxiv_id="2401.00001",
        summary=f"sum{NASTY}mary\n\nTY  - JOUR",
    )
    text = export([paper], fmt, NO_FLAGS)
    assert not UNSAFE.search(text)
    if fmt == "ris":
        (record,) = rispy.loads(text)
        assert record["type_of_reference"] == "UNPB"
        assert "second line" in record["title"]


def test_empty_and_suffixes() -> None:
    assert export([], "ris", NO_FLAGS) == ""
    assert json.loads(export([], "csljson", NO_FLAGS)) == []
    assert render([HINTON], "ris", NO_FLAGS).written == 1
    assert format_for_path(PurePath("refs.RIS")) == "ris"
    assert format_for_path(PurePath("refs.csl.json")) == "csljson"
    assert format_for_path(PurePath("refs.json")) == "json"
    assert FORMATS["csljson"].suffix == ".csl.json"


# Real notes -----------------------------------------------------------------


def _year(paper: Paper) -> str | None:
    year = publication_year(paper)
    return str(year) if year else None


def _written(text: str) -> str:
    return collapse_spaces(clean_line(text)).strip()


def _check_real(root: Path) -> list[Paper]:
    papers = list(scan(root).papers)
    assert papers
    ris = _ris(papers)
    csl = list(_csl(papers).values())
    assert len(ris) == len(csl) == len(papers)
    for paper, record, item in zip(papers, ris, csl, strict=True):
        title = _written(paper.title)
        assert record["title"] == title
        assert str(item.title) == title
        authors = [_written(a) for a in paper.authors if _written(a)]
        assert len(record.get("authors", [])) == len(authors)
        assert len(item.get("author", [])) == len(authors)
        assert record.get("year") == _year(paper)
        assert (str(item.issued.year) if "issued" in item else None) == _year(paper)
        arxiv = f"arXiv:{paper.arxiv_id}" if paper.arxiv_id else None
        assert record.get("accession_number") == arxiv
        assert (str(item.number) if "number" in item else None) == arxiv
    return papers


def test_seeds_read_back_one_record_per_paper(seeds: Path) -> None:
    _check_real(seeds)


def test_corpus_reads_back_one_record_per_paper_with_its_arxiv_ids(corpus: Path) -> None:
    papers = _check_real(corpus)
    expected_ids: set[str] = set()
    for path in sorted(corpus.rglob("EXPECTED.json")):
        for note in load_expected(json.loads(path.read_text(encoding="utf-8"))):
            expected_ids.update(note.arxiv_ids or ())
    assert expected_ids, "the corpus keys name no arXiv ids"
    records = _ris(papers)
    ris_ids = {
        r["accession_number"].removeprefix("arXiv:") for r in records if "accession_number" in r
    }
    assert {re.sub(r"v\d+$", "", i) for i in expected_ids} <= ris_ids
