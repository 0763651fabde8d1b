"""The real-notes corpus: counts, titles, ids and Dendron tags equal EXPECTED.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from papertui.vault.notes.parse import parse_note
from papertui.vault.paper import Paper, SectionRow
from papertui.vault.scan import NoteStatus, ScanResult, scan
from tests.vault.expected import ExpectedLayoutError, ExpectedNote, load_expected


def _corpora(corpus: Path) -> list[tuple[Path, list[ExpectedNote]]]:
    found = sorted(corpus.rglob("EXPECTED.json"))
    if not found:
        pytest.fail(f"no EXPECTED.json below {corpus}")
    corpora = []
    for path in found:
        try:
            expected = load_expected(json.loads(path.read_text(encoding="utf-8")))
        except ExpectedLayoutError as error:
            pytest.fail(f"{path}: layout not understood: {error}")
        corpora.append((path.parent, expected))
    return corpora


def _note_path(root: Path, result: ScanResult, name: str) -> str:
    """The scan's path for the note EXPECTED.json names (relative to the corpus folder)."""
    if name not in {note.path for note in result.notes}:
        pytest.fail(f"{root}: EXPECTED names {name!r}, which the scan did not report")
    return name


def _papers_in(result: ScanResult, path: str) -> list[Paper]:
    found = [(a.line, p) for p in result.papers for a in p.appearances if a.path == path]
    return [paper for _, paper in sorted(found, key=lambda item: item[0])]


def _scan(root: Path, cache: dict[Path, ScanResult]) -> ScanResult:
    if root not in cache:
        cache[root] = scan(root)
    return cache[root]


_CACHE: dict[Path, ScanResult] = {}


def _each(corpus: Path) -> list[tuple[Path, ScanResult, ExpectedNote, str]]:
    rows = []
    for root, expected in _corpora(corpus):
        result = _scan(root, _CACHE)
        for note in expected:
            rows.append((root, result, note, _note_path(root, result, note.path)))
    return rows


def test_every_note_has_the_expected_paper_count(corpus: Path) -> None:
    for root, result, note, path in _each(corpus):
        (report,) = (r for r in result.notes if r.path == path)
        where = f"{root.name}/{path} (rule: {note.counting_rule})"
        assert report.status is not NoteStatus.SKIPPED, f"{where}: skipped: {report.reason}"
        assert report.papers == note.papers, where
        assert len(_papers_in(result, path)) == note.papers, where


def _sections(root: Path, path: str) -> tuple[SectionRow, ...]:
    """The paper sections of one note as written there (a paper's merged title and
    tags can come from its other notes)."""
    raw = (root / path).read_bytes()
    return parse_note(raw, path, str(root.resolve())).rows


def test_titles_and_arxiv_ids_equal_expected(corpus: Path) -> None:
    for root, _result, note, path in _each(corpus):
        sections = _sections(root, path)
        where = f"{root.name}/{path}"
        assert tuple(section.title for section in sections) == note.titles, where
        if note.arxiv_ids is not None:
            assert tuple(section.arxiv_id for section in sections) == note.arxiv_ids, where


def test_the_scan_keys_each_note_as_its_sections_do(corpus: Path) -> None:
    for root, result, _note, path in _each(corpus):
        keys = [section.key for section in _sections(root, path)]
        assert [paper.key for paper in _papers_in(result, path)] == keys, f"{root.name}/{path}"


def test_dendron_tags_equal_expected(corpus: Path) -> None:
    checked = 0
    for root, _result, note, path in _each(corpus):
        if note.tags_per_paper is None:
            continue
        for section, tags in zip(_sections(root, path), note.tags_per_paper, strict=True):
            assert set(section.tags) == tags, f"{root.name}/{path}: {section.title}"
            checked += 1
    assert checked, "no tags_per_paper in any EXPECTED.json: the Dendron corpus is missing"


def test_non_paper_headings_never_become_papers(corpus: Path) -> None:
    checked = 0
    for root, result, note, path in _each(corpus):
        titles = {paper.title for paper in _papers_in(result, path)}
        for heading in note.non_paper_headings:
            assert heading not in titles, f"{root.name}/{path}: {heading!r}"
            assert heading.strip("*_ ") not in titles, f"{root.name}/{path}: {heading!r}"
            checked += 1
    assert checked, "no non-paper headings in any EXPECTED.json"


_PAPER = {"papers": 1, "titles": ["A  B"], "arxiv_ids": ["2401.00001"]}


def test_expected_reader_reads_the_documented_layout() -> None:
    dendron = {"papers": 1, "titles": ["T"], "tags_per_paper": [["#x", "y"]], "non_paper_h2": ["J"]}
    (hexo, note) = load_expected(
        {
            "counting_rule": "r",
            "totals": {"files": 2, "papers": 2},
            "files": {"h.md": _PAPER, "d.md": dendron},
        }
    )
    assert (hexo.path, hexo.papers, hexo.titles, hexo.arxiv_ids) == (
        "h.md",
        1,
        ("A B",),
        ("2401.00001",),
    )
    assert (hexo.tags_per_paper, hexo.counting_rule) == (None, "r")
    assert (note.tags_per_paper, note.non_paper_headings) == ((frozenset({"x", "y"}),), ("J",))


@pytest.mark.parametrize(
    "layout",
    [
        3,
        {"files": {"n.md": _PAPER}},
        {"counting_rule": "r", "totals": {"files": 1, "papers": 1}, "files": [_PAPER]},
        {"counting_rule": "r", "totals": {"files": 1, "papers": 2}, "files": {"n.md": _PAPER}},
        {"counting_rule": "r", "totals": {"files": 1, "papers": 1}, "files": {"n": {"count": 1}}},
        {
            "counting_rule": "r",
            "totals": {"files": 1, "papers": 2},
            "files": {"n.md": {**_PAPER, "papers": 2}},
        },
    ],
)
def test_expected_reader_fails_loudly_off_the_documented_layout(layout: Any) -> None:
    with pytest.raises(ExpectedLayoutError):
        load_expected(layout)
