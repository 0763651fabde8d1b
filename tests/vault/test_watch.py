"""The watch-list: authors by whole words, keywords by word starts, case and accents aside."""

from __future__ import annotations

from pathlib import Path

import pytest

from papertui.config import load_config
from papertui.vault.flags import NO_FLAGS
from papertui.vault.paper import Paper
from papertui.vault.query import filter_papers, parse_query
from papertui.vault.watch import WatchList, parse_watch, use_watch_list

HINTON = Paper("arxiv:1", "Capsules Again", authors=("Geoffrey E. Hinton", "Ada Lovelace"))
MULLER = Paper("arxiv:2", "Diffusion-based Editing", authors=("Zoë Müller",), tags=("video",))
OTHER = Paper(
    "arxiv:3", "Hintonson's Organs", authors=("Bo Hintonson",), summary="Transformers, plainly."
)


@pytest.mark.parametrize(
    ("authors", "keywords", "paper", "reasons"),
    [
        (["Hinton"], [], HINTON, ("author Hinton",)),
        (["hinton"], [], OTHER, ()),  # a whole word of a name, not a part of one
        (["Zoe Muller"], [], MULLER, ("author Zoe Muller",)),  # accents aside
        (["Geoffrey E Hinton"], [], HINTON, ("author Geoffrey E Hinton",)),
        ([], ["DIFFUSION"], MULLER, ("keyword DIFFUSION",)),
        ([], ["transformer"], OTHER, ("keyword transformer",)),  # summary, word start
        ([], ["gan"], OTHER, ()),  # not inside "Organs"
        ([], ["video"], MULLER, ("keyword video",)),  # tags
        (["Lovelace"], ["capsules"], HINTON, ("author Lovelace", "keyword capsules")),
    ],
)
def test_reasons(
    authors: list[str], keywords: list[str], paper: Paper, reasons: tuple[str, ...]
) -> None:
    assert parse_watch(authors, keywords).reasons(paper) == reasons


def test_is_watched_in_the_filter_language() -> None:
    use_watch_list(parse_watch(["Hinton"], ["diffusion"]))
    try:
        found = filter_papers([HINTON, MULLER, OTHER], parse_query("is:watched"), NO_FLAGS)
        assert {p.key for p in found.papers} == {"arxiv:1", "arxiv:2"}
        rest = filter_papers([HINTON, MULLER, OTHER], parse_query("!is:watched"), NO_FLAGS)
        assert [p.key for p in rest.papers] == ["arxiv:3"]
    finally:
        use_watch_list(WatchList())


def test_the_config_watch_table(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[watch]\nauthors = ["Hinton", ""]\nkeywords = "diffusion"\ncolour = 1\n')
    config, messages = load_config(path)
    assert config.watch == WatchList(("Hinton",), ("diffusion",))
    assert any("watch: unknown setting 'colour'" in message for message in messages)
    path.write_text('watch = ["Hinton"]\n')
    config, messages = load_config(path)
    assert not config.watch
    assert messages
