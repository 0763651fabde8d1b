"""Your annotations and tags in the filter: note:, tag: and bare words find them."""

from __future__ import annotations

from pathlib import Path

import pytest

from papertui.vault.query import PaperIndex, QueryError, parse_query
from papertui.vault.query.language import Kind, Mode
from papertui.vault.state.store import StateStore
from tests.vault.query_fixtures import PAPERS


@pytest.fixture
def store(tmp_path: Path) -> StateStore:
    return StateStore.load(tmp_path / "state.json")


def _titles(index: PaperIndex, query: str, store: StateStore) -> list[str]:
    return [paper.title for paper in index.search(parse_query(query), store).papers]


def test_note_parses_as_a_field() -> None:
    (clause,) = parse_query('note:"ablation study"').clauses
    assert (clause[0].kind, clause[0].mode, clause[0].value) == (
        Kind.NOTE,
        Mode.CONTAINS,
        "ablation study",
    )
    with pytest.raises(QueryError, match="note: needs a value"):
        parse_query("note:")


def test_note_finds_your_annotation_and_follows_edits(store: StateStore) -> None:
    index = PaperIndex(PAPERS)
    first, second = PAPERS[0], PAPERS[1]
    assert _titles(index, "note:ablation", store) == []
    store.annotate(first.key, "Check the **ablation** study; compare with [x](y).")
    assert _titles(index, "note:ablation", store) == [first.title]
    assert _titles(index, "!note:ablation", store) == [p.title for p in PAPERS[1:]]
    assert _titles(index, 'note:"ablation study"', store) == [first.title]
    assert _titles(index, "note:^check", store) == [first.title]
    store.annotate(first.key, "")
    store.annotate(second.key, "the ablation is thin")
    assert _titles(index, "note:ablation", store) == [second.title]


def test_bare_words_find_annotation_text_ranked_below_titles(store: StateStore) -> None:
    index = PaperIndex(PAPERS)
    index.prepare()  # columns built before the note: they take it when it comes
    target = PAPERS[2]
    assert "quokka" not in _titles(index, "quokka", store)
    store.annotate(target.key, "Reminds me of the quokka benchmark")
    assert _titles(index, "quokka", store) == [target.title]
    assert _titles(index, "quokka benchmark", store) == [target.title]
    # A new index of the same papers carries the texts over without the note in them.
    later = PaperIndex(PAPERS, previous=index)
    store.annotate(target.key, "nothing here")
    assert _titles(later, "quokka", store) == []
    assert _titles(index, "quokka", store) == []


def test_tag_finds_your_tags_beside_the_note_tags(store: StateStore) -> None:
    index = PaperIndex(PAPERS)
    first, second = PAPERS[0], PAPERS[1]
    store.tag(second.key, ["Rendering/Mine", "toread"])
    found = _titles(index, "tag:rendering", store)
    assert first.title in found
    assert second.title in found
    assert _titles(index, "tag:toread", store) == [second.title]
    assert _titles(index, "toread", store) == [second.title]  # bare words too
    assert index.tagged("rendering/mine") == {1}
    store.tag(second.key, ["toread"], False)
    assert _titles(index, "tag:toread", store) == []
