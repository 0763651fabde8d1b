"""The real-notes corpus: counts, titles, ids and Dendron tags equal EXPECTED.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from papertui.vault.paper import Paper
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
    """The scan's path for the note EXPECTED.json names (relative, or just a file name)."""
    paths = {note.path for note in result.notes}
    wanted = name.replace("\\", "/").lstrip("./")
    if wanted in paths:
        return wanted
    matches = [path for path in paths if path.endswith("/" + wanted) or path == wanted]
    if not matches:
        matches = [path for path in paths if path.rsplit("/", 1)[-1] == wanted.rsplit("/", 1)[-1]]
    if len(matches) != 1:
        pytest.fail(f"{root}: EXPECTED names {name!r}; the scan found {len(matches)} such notes")
    return matches[0]


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
        assert report.papers == note.count, where
        if note.count == 0:
            assert not _papers_in(result, path), where


def test_titles_and_arxiv_ids_equal_expected(corpus: Path) -> None:
    for root, result, note, path in _each(corpus):
        if note.papers is None:
            continue
        papers = _papers_in(result, path)
        where = f"{root.name}/{path}"
        titles = [p.title for p in note.papers]
        if all(title is not None for title in titles):
            assert [paper.title for paper in papers] == titles, where
        ids = [p.arxiv_id for p in note.papers]
        if any(ids):
            assert [paper.arxiv_id for paper in papers] == ids, where


def test_dendron_tags_equal_expected(corpus: Path) -> None:
    checked = 0
    for root, result, note, path in _each(corpus):
        (report,) = (r for r in result.notes if r.path == path)
        if note.papers is None or report.format != "dendron":
            continue
        for paper, expected in zip(_papers_in(result, path), note.papers, strict=True):
            if expected.tags is not None:
                assert set(paper.tags) == set(expected.tags), f"{root.name}/{path}: {paper.title}"
                checked += 1
    assert checked or not any(
        r.format == "dendron" for result in _CACHE.values() for r in result.notes
    ), "Dendron notes in the corpus, but EXPECTED.json gives no tags for them"


def test_non_paper_headings_never_become_papers(corpus: Path) -> None:
    for root, result, note, path in _each(corpus):
        titles = {paper.title for paper in _papers_in(result, path)}
        for heading in note.non_paper_headings:
            assert heading not in titles, f"{root.name}/{path}: {heading!r}"


def test_expected_reader_understands_the_layouts_it_claims() -> None:
    papers = [{"title": "A  B", "arxiv_id": "2401.00001v2", "tags": ["#x"]}]
    layouts: list[Any] = [
        {"counting_rule": "r", "files": {"n.md": {"papers": papers, "non_paper_headings": ["T"]}}},
        {"files": [{"path": "n.md", "papers": papers, "count": 1}]},
        {"notes": [{"file": "n.md", "expected_papers": papers}]},
        {"n.md": {"papers": papers}},
        [{"name": "n.md", "papers": papers}],
    ]
    for layout in layouts:
        (note,) = load_expected(layout)
        assert (note.path, note.count) == ("n.md", 1)
        assert note.papers is not None
        assert (note.papers[0].title, note.papers[0].arxiv_id) == ("A B", "2401.00001")
        assert note.papers[0].tags == ("x",)
    (counted,) = load_expected({"files": {"j.md": {"count": 0}}})
    assert (counted.count, counted.papers) == (0, None)


@pytest.mark.parametrize(
    "layout",
    [{"something": 1}, {"files": [{"papers": []}]}, {"files": {"n.md": {"x": 1}}}, 3],
)
def test_expected_reader_fails_loudly_on_layouts_it_does_not_understand(layout: Any) -> None:
    with pytest.raises(ExpectedLayoutError):
        load_expected(layout)
