"""The one writer of paper and note records gives exactly the text json.dumps gives of them."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import pytest

from papertui.vault.export import listing
from papertui.vault.export.listing import note_record, paper_record, write_document, write_rows
from papertui.vault.paper import ImageRow, Paper
from papertui.vault.raw_names import escape_surrogates
from papertui.vault.scan import scan, scan_rows
from papertui.vault.scan.paper_making import paper_from_row
from papertui.vault.scan.result import NoteReport, ScanRows
from tests.vault.notes import P, dendron, digest, distinct_row, hexo, write

ODD = P(
    'Quotes " and \\ back\\slashes\x07, tabs\t and \u2028 lines: 中文标题 😀',
    "2404.00301v3",
    authors=('Zoë "Z" Ündt', "王小明"),
    tags=("a/b", "标签"),
)


@pytest.mark.parametrize("ensure_ascii", [False, True])
def test_the_same_text_as_json_dumps(tmp_path: Path, ensure_ascii: bool) -> None:
    write(tmp_path, "h/2024-04-02.md", hexo("2024-04-02", ODD, P("Plain Title: No Id At All")))
    write(tmp_path, "z/2024-04-03.md", digest("2024-04-03", ODD))
    image = P("Kite Lines: Tension for Robots", extra="\n![a](img/k.png)\n![b](img/gone.png)\n")
    write(tmp_path, "d/20240404.md", dendron("20240404", image))
    write(tmp_path, "d/img/k.png", b"\x89PNG")
    with open(os.fsencode(tmp_path) + b"/caf\xe9.md", "wb") as handle:
        handle.write(digest("2024-04-05", ODD).encode("utf-8"))
    write(tmp_path, "binary.md", b"\x00\x01")
    result = scan(tmp_path, cache=False)
    assert any(paper.images for paper in result.papers)
    # A name that is not UTF-8 keeps its bytes as \udcXX escapes, whatever ensure_ascii says.
    expected = escape_surrogates(
        json.dumps(
            {
                "papers": [_record(paper) for paper in result.papers],
                "notes": [_note(note) for note in result.notes],
            },
            ensure_ascii=ensure_ascii,
        )
    )
    out = io.StringIO()
    write_document(out, result.papers, result.notes, ensure_ascii=ensure_ascii)
    assert out.getvalue() == expected + "\n"
    assert "\\udce9" in out.getvalue()
    out.getvalue().encode("utf-8")  # never a lone surrogate in the text
    paths = {os.fsencode(note["path"]) for note in json.loads(out.getvalue())["notes"]}
    assert b"caf\xe9.md" in paths


def _record(paper: Paper) -> dict[str, Any]:
    """The record of a paper as docs/usage.md lays it out, made here independently."""
    return {
        "key": paper.key,
        "title": paper.title,
        "authors": list(paper.authors),
        "arxiv_id": paper.arxiv_id,
        "arxiv_version": paper.arxiv_version,
        "tags": list(paper.tags),
        "date": paper.day.isoformat() if paper.day else None,
        "links": {"abs": paper.links.abs, "pdf": paper.links.pdf, "code": paper.links.code},
        "summary": paper.summary,
        "keywords": list(paper.keywords),
        "images": [
            {"src": image.src, "path": image.path, "missing": image.missing}
            for image in paper.images
        ],
        "appearances": [
            {
                "path": appearance.path,
                "line": appearance.line,
                "end_line": appearance.end_line,
                "day": appearance.day.isoformat() if appearance.day else None,
            }
            for appearance in paper.appearances
        ],
        "annotation": None,
        "user_tags": [],
    }


def _note(note: NoteReport) -> dict[str, Any]:
    return {
        "path": note.path,
        "status": str(note.status),
        "papers": note.papers,
        "reason": note.reason,
        "format": note.format,
    }


def test_records_as_dicts_are_the_records_written(tmp_path: Path) -> None:
    write(tmp_path, "h/2024-04-02.md", hexo("2024-04-02", ODD, P("Plain Title: No Id At All")))
    result = scan(tmp_path, cache=False)
    assert [paper_record(paper) for paper in result.papers] == list(map(_record, result.papers))
    assert [note_record(note) for note in result.notes] == list(map(_note, result.notes))


def test_many_papers_are_written_in_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    papers = [P(f"Paper {n}: On Chunked Writing", f"2404.{n:05d}") for n in range(1, 30)]
    write(tmp_path, "z/2024-04-03.md", digest("2024-04-03", *papers))
    result = scan(tmp_path, cache=False)
    out = io.StringIO()
    monkeypatch.setattr(listing, "_CHUNK", 4)
    write_document(out, result.papers, result.notes)
    assert len(json.loads(out.getvalue())["papers"]) == 29


@pytest.mark.parametrize("ensure_ascii", [False, True])
def test_from_the_rows_the_same_text_as_from_the_papers(
    tmp_path: Path, ensure_ascii: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "h/2024-04-02.md", hexo("2024-04-02", ODD, P("Plain Title: No Id At All")))
    write(tmp_path, "z/2024-04-03.md", digest("2024-04-03", ODD, P("Again: A Paper", "2404.1")))
    image = P("Kite Lines: Tension for Robots", extra="\n![a](img/k.png)\n![b](img/gone.png)\n")
    write(tmp_path, "d/20240404.md", dendron("20240404", image, P("Again: A Paper")))
    write(tmp_path, "d/img/k.png", b"\x89PNG")
    write(tmp_path, "binary.md", b"\x00\x01")
    monkeypatch.setattr(listing, "_CHUNK", 2)
    from_rows = io.StringIO()
    count, rows = write_rows(from_rows, scan_rows(tmp_path, cache=False), ensure_ascii=ensure_ascii)
    result = scan(tmp_path, cache=False)
    assert (count, rows) == (len(result.papers), result.appearances)
    assert any(len(paper.appearances) > 1 for paper in result.papers)
    from_papers = io.StringIO()
    write_document(from_papers, result.papers, result.notes, ensure_ascii=ensure_ascii)
    assert from_rows.getvalue() == from_papers.getvalue()


@pytest.mark.parametrize("images", [(), (ImageRow("img/a.png", "d/img/a.png", True),)])
def test_a_packed_row_is_read_in_the_order_of_section_row(images: tuple[ImageRow, ...]) -> None:
    row = distinct_row(images)
    from_row = io.StringIO()
    write_rows(from_row, ScanRows((), [[("d/n.md", row.packed())]]))
    from_paper = io.StringIO()
    write_document(from_paper, [paper_from_row(row.key, "d/n.md", row)], ())
    assert from_row.getvalue() == from_paper.getvalue()


def test_a_utf8_stream_gets_the_same_bytes_as_its_text(tmp_path: Path) -> None:
    write(tmp_path, "h/2024-04-02.md", hexo("2024-04-02", ODD, P("Plain Title: No Id At All")))
    with open(os.fsencode(tmp_path) + b"/caf\xe9.md", "wb") as handle:
        handle.write(digest("2024-04-05", ODD).encode("utf-8"))
    text = io.StringIO()
    write_rows(text, scan_rows(tmp_path, cache=False))
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="utf-8", write_through=False)
    write_rows(stream, scan_rows(tmp_path, cache=False))
    stream.flush()
    assert raw.getvalue() == text.getvalue().encode("utf-8")
    assert b"\\udce9" in raw.getvalue()
