"""Merging rows into papers: in any order, with notes taken out, and rows made again."""

from __future__ import annotations

import random
from pathlib import Path

from papertui.vault.scan.catalog import Merger
from papertui.vault.scan.merge import (
    group_order,
    paper_from_rows,
    paper_order,
    row_of,
)
from papertui.vault.scan.result import Pair
from papertui.vault.scan.scanner import Scanner
from tests.vault.notes import P, dendron, digest, hexo, write

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
