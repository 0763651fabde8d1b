"""Merging rows into papers: in any order, with notes taken out, and rows made again."""

from __future__ import annotations

import random
from pathlib import Path

from papertui.vault.notes.parse import parse_note
from papertui.vault.paper import ImageRow, SectionRow
from papertui.vault.scan import scan
from papertui.vault.scan.merger import Merger
from papertui.vault.scan.paper_making import (
    group_order,
    paper_from_row,
    paper_from_rows,
    paper_order,
    row_of,
)
from papertui.vault.scan.result import Pair
from papertui.vault.scan.scanner import Scanner
from tests.vault.notes import P, dendron, digest, distinct_row, hexo, write

PAPERS = [P(f"Paper {n}: Merging Rows Again", f"2408.{n:05d}v{1 + n % 2}") for n in range(1, 9)]


def _rows(root: Path) -> dict[str, list[Pair]]:
    write(root, "h/2024-08-01.md", hexo("2024-08-01", *PAPERS[:4]))
    write(root, "z/2024-08-02.md", digest("2024-08-02", *PAPERS[2:6]))
    kite = P("Kite Lines: Tension for Robots", extra="\n![a](img/k.png)\n![b](img/gone.png)\n")
    write(root, "d/20240803.md", dendron("20240803", kite, P("No Id: Just A Title")))
    write(root, "d/img/k.png", b"\x89PNG")
    scanner = Scanner(root, cache=False)
    scanner.read()
    notes: dict[str, list[Pair]] = {}
    for group in scanner.groups():
        for path, row in group:
            notes.setdefault(path, []).append((path, row))
    for rows in notes.values():
        rows.sort(key=lambda pair: pair[1].line)
    return notes


def test_a_paper_of_one_row_gives_the_row_back(tmp_path: Path) -> None:
    pairs = [pair for rows in _rows(tmp_path).values() for pair in rows]
    assert any(row.images for _, row in pairs)
    assert any(row.arxiv_id is None for _, row in pairs)
    for path, row in pairs:
        paper = paper_from_rows(row.key, [(path, row)])
        assert row_of(paper) == row
        assert paper_order(paper) == group_order([(path, row)])


def test_a_row_is_taken_apart_in_the_order_of_its_fields() -> None:
    # paper_from_row unpacks the row whole: every field different, so a swap shows.
    row = distinct_row((ImageRow("img/a.png", "d/img/a.png", True),))
    assert len(set(row)) == len(SectionRow._fields)
    assert row_of(paper_from_row(row.key, "d/n.md", row)) == row


def test_any_order_and_removals_give_the_same_papers(tmp_path: Path) -> None:
    notes = _rows(tmp_path)
    expected = Merger()
    for path in sorted(notes):
        expected.add(path, [row for _, row in notes[path]])
    chance = random.Random(3)
    for eager in (True, False):
        for _ in range(10):
            merger = Merger(eager=eager)
            order = list(notes)
            chance.shuffle(order)
            for path in order:
                merger.add(path, [row for _, row in notes[path]], in_order=False)
            merger.papers()
            gone = chance.choice(order)
            merger.remove(gone)
            merger.papers()
            merger.add(gone, [row for _, row in notes[gone]], in_order=False)
            assert merger.papers() == expected.papers()
            assert list(merger.in_order()) == list(expected.in_order())


def _one_title_two_keys(root: Path) -> None:
    title = "Shared Title: One Paper Keyed Two Ways"
    write(root, "b/2024-08-05.md", hexo("2024-08-05", P(title, "2408.00042v1")))
    write(root, "a/20240801.md", dendron("20240801", P(title, tags=("shared",))))


def test_an_id_keyed_and_a_title_keyed_paper_of_one_title_are_one(tmp_path: Path) -> None:
    _one_title_two_keys(tmp_path)
    (paper,) = scan(tmp_path, cache=False).papers
    assert paper.key == "arxiv:2408.00042"
    assert [a.path for a in paper.appearances] == ["a/20240801.md", "b/2024-08-05.md"]
    assert "shared" in paper.tags


def test_the_alias_does_not_depend_on_order_and_undoes_on_removal(tmp_path: Path) -> None:
    _one_title_two_keys(tmp_path)
    notes = {
        path: parse_note((tmp_path / path).read_bytes(), path, str(tmp_path)).rows
        for path in ("a/20240801.md", "b/2024-08-05.md")
    }
    for order in (["a/20240801.md", "b/2024-08-05.md"], ["b/2024-08-05.md", "a/20240801.md"]):
        merger = Merger()
        for path in order:
            merger.add(path, notes[path], in_order=False)
        (paper,) = merger.papers()
        assert paper.key == "arxiv:2408.00042"
        assert len(paper.appearances) == 2
        merger.remove("b/2024-08-05.md")
        (alone,) = merger.papers()
        assert alone.key == "title:shared title one paper keyed two ways"
        assert [a.path for a in alone.appearances] == ["a/20240801.md"]
        merger.add("b/2024-08-05.md", notes["b/2024-08-05.md"], in_order=False)
        assert [p.key for p in merger.papers()] == ["arxiv:2408.00042"]
