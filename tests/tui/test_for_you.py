"""Similar papers (``m``), the For-you sort and tree entry, in the reader."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from papertui.tui import recommending
from papertui.tui.choices import FOR_YOU, choice_of, node_of
from papertui.tui.filtering import Sort
from papertui.tui.messages import GoToTag
from papertui.tui.screens.similar import SimilarScreen
from papertui.vault.flags import Flag
from papertui.vault.similar import ForYou, recommend
from tests.tui.pilot import Reader, reader, wait_until
from tests.vault.topics import write_topic_vault


@pytest.fixture
def topics(tmp_path: Path) -> tuple[Path, dict[str, list[str]]]:
    root = tmp_path / "vault"
    return root, write_topic_vault(root)


def _key(r: Reader, title: str) -> str:
    return next(paper.key for paper in r.main.papers if paper.title == title)


async def _star(r: Reader, titles: list[str]) -> None:
    store = r.main.store
    assert store is not None
    store.mark([_key(r, title) for title in titles], Flag.STARRED)
    r.main.flags_changed()


async def test_m_lists_similar_papers_and_enter_goes_to_one(
    topics: tuple[Path, dict[str, list[str]]],
) -> None:
    root, titles = topics
    async with reader(root) as r:
        await r.press("m")
        await wait_until(r, lambda: isinstance(r.top, SimilarScreen), "the similar papers")
        screen = r.top
        assert isinstance(screen, SimilarScreen)
        first = r.main.selected
        assert first is not None
        assert screen.paper == first
        assert len(screen.similar) == 20
        topic = next(named for named in titles.values() if first.title in named)
        assert sum(paper.title in topic for paper, _ in screen.similar[:10]) >= 9
        scores = [score for _, score in screen.similar]
        assert scores == sorted(scores, reverse=True)
        await r.press("j", "enter")
        assert r.top is r.main
        assert r.main.selected == screen.similar[1][0]
        await r.press("m")
        await wait_until(r, lambda: isinstance(r.top, SimilarScreen), "the similar papers")
        await r.press("escape")
        assert r.top is r.main
        assert r.main.selected == screen.similar[1][0]


async def test_similar_in_the_filter_lists_them_most_alike_first(
    topics: tuple[Path, dict[str, list[str]]],
) -> None:
    root, _ = topics
    async with reader(root) as r:
        paper = r.main.papers[4]
        await r.press("slash", *f'similar:"{paper.key}"', "enter")
        expected = [key for key, _ in r.main.index.similar_to(paper.key)]
        assert r.titles_keys() == expected
        assert paper.key not in r.titles_keys()


async def test_for_you_asks_for_stars_then_ranks_the_starred_topic_first(
    topics: tuple[Path, dict[str, list[str]]],
) -> None:
    root, titles = topics
    async with reader(root) as r:
        r.main.post_message(GoToTag(FOR_YOU))
        await r.settle()
        assert len(r.paper_list.rows) == 0
        assert "star 5 more papers" in r.main.empty_text
        await _star(r, titles["sky"][:3])
        await wait_until(r, lambda: "star 2 more" in r.main.empty_text, "the count of stars")
        await _star(r, titles["sky"][3:10])
        await wait_until(r, lambda: len(r.paper_list.rows) > 0, "the recommendations")
        top = r.titles()[:10]
        assert sum(title in titles["sky"][10:] for title in top) >= 8
        assert r.sub_title.startswith("vault · For you")
        reason = r.main.recommend.reason
        await wait_until(r, lambda: reason.has_class("-shown"), "the reason")
        said = str(reason.render())
        assert "because you liked" in said
        assert any(title in said for title in titles["sky"][:10])


async def test_s_cycles_to_for_you_and_keys_go_on_while_it_trains(
    topics: tuple[Path, dict[str, list[str]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, titles = topics
    training = threading.Event()

    def slow(*args: Any, **kwargs: Any) -> ForYou:
        training.set()
        time.sleep(1.0)  # a big vault's training, in its worker
        return recommend(*args, **kwargs)

    monkeypatch.setattr(recommending, "recommend", slow)
    async with reader(root) as r:
        sorts = []
        for _ in range(3):  # newest first -> title -> for you -> newest first
            await r.press("S")
            sorts.append(r.main.wanted.sort)
        assert sorts == [Sort.TITLE, Sort.FOR_YOU, Sort.DAY]
        await r.press("S", "S")
        await _star(r, titles["fold"][:10])
        await wait_until(r, training.is_set, "the training to start")
        began = time.monotonic()
        await r.pilot.press("j", "j", "j", "k")
        assert r.paper_list.cursor == 2  # the keys moved the cursor at once
        assert time.monotonic() - began < 0.9
        assert r.main.runs.ranking is None or not r.main.runs.ranking.ranked
        await wait_until(
            r, lambda: bool(r.main.runs.ranking and r.main.runs.ranking.ranked), "the ranking"
        )
        await r.settle()
        top = r.titles()[:10]
        assert sum(title in titles["fold"][10:] for title in top) >= 8
        assert "for you" in r.sub_title


def test_the_for_you_entry_is_remembered_between_sessions() -> None:
    assert choice_of(node_of(FOR_YOU), ()) == FOR_YOU
