"""The text model: similar papers (English and Chinese), its cache, and the For-you ranking."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from papertui.vault.flags import NO_FLAGS, FixedFlags
from papertui.vault.paper import Paper
from papertui.vault.query import filter_papers
from papertui.vault.scan import scan
from papertui.vault.similar import MIN_LIKED, Similarity, recommend
from papertui.vault.similar.foryou import needs_more
from papertui.vault.similar.vectors import build, load, save
from tests.conftest import PROJECT
from tests.tui.conftest import make_paper
from tests.vault.topics import write_topic_vault


@pytest.fixture(scope="module")
def topics(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[tuple[Paper, ...], dict[str, list[str]]]:
    root = tmp_path_factory.mktemp("topics") / "vault"
    titles = write_topic_vault(root)
    return scan(root).papers, titles


def _keys(papers: tuple[Paper, ...]) -> dict[str, str]:
    return {paper.title: paper.key for paper in papers}


def test_similar_papers_are_of_the_same_topic(
    topics: tuple[tuple[Paper, ...], dict[str, list[str]]],
) -> None:
    papers, titles = topics
    keys = _keys(papers)
    model = Similarity(papers)
    for topic, named in titles.items():
        same = {keys[title] for title in named}
        found = [key for key, _ in model.neighbours(keys[named[0]], limit=10)]
        assert keys[named[0]] not in found
        assert sum(key in same for key in found) >= 9, topic


def test_scores_come_best_first_and_twenty_at_most(
    topics: tuple[tuple[Paper, ...], dict[str, list[str]]],
) -> None:
    papers, _ = topics
    found = Similarity(papers).neighbours(papers[0].key)
    assert len(found) == 20
    scores = [score for _, score in found]
    assert scores == sorted(scores, reverse=True)
    assert 0 < scores[-1] <= scores[0] <= 1.0001


def test_chinese_titles_find_each_other() -> None:
    titles = [
        "基于扩散模型的三维人体重建方法",
        "扩散模型用于三维人体重建的改进",
        "大语言模型的推理能力评测",
        "面向自动驾驶的激光雷达点云分割",
        "Neural radiance fields for city scenes",
        "A survey of reinforcement learning for games",
    ]
    papers = [make_paper(i, title=title, arxiv=False, tags=()) for i, title in enumerate(titles)]
    model = Similarity(papers)
    assert model.neighbours(papers[0].key)[0][0] == papers[1].key
    assert model.neighbours(papers[1].key)[0][0] == papers[0].key


def test_an_unknown_key_has_no_neighbours() -> None:
    papers = [make_paper(i) for i in range(3)]
    assert Similarity(papers).neighbours("arxiv:0000.00000") == []
    assert Similarity([]).neighbours("arxiv:0000.00000") == []


def test_the_vectors_are_kept_and_loaded_only_for_the_same_papers(tmp_path: Path) -> None:
    papers = [make_paper(i, title=f"Paper about topic {i % 3} and sampling") for i in range(12)]
    path = tmp_path / "cache" / "similar.npz"
    first = Similarity(papers, path)
    expected = first.neighbours(papers[0].key)
    assert path.exists()
    assert not first.loaded
    again = Similarity(papers, path)
    assert again.neighbours(papers[0].key) == expected
    assert again.loaded
    changed = Similarity([*papers, make_paper(99, title="A new paper arrives")], path)
    changed.vectors()
    assert not changed.loaded  # another vault's content: built again


def test_a_broken_cache_file_is_built_again(tmp_path: Path) -> None:
    papers = [make_paper(i) for i in range(4)]
    path = tmp_path / "similar.npz"
    path.write_bytes(b"not a matrix")
    vectors = build(papers)
    assert load(path, vectors.signature) is None
    save(vectors, path)
    loaded = load(path, vectors.signature)
    assert loaded is not None
    assert loaded.keys == vectors.keys
    assert (loaded.matrix != vectors.matrix).nnz == 0


def test_for_you_ranks_the_starred_topic_first(
    topics: tuple[tuple[Paper, ...], dict[str, list[str]]],
) -> None:
    papers, titles = topics
    keys = _keys(papers)
    sky = [keys[title] for title in titles["sky"]]
    starred, unread_sky = sky[:10], set(sky[10:])
    read = [keys[title] for title in titles["grip"][:5]]
    flags = FixedFlags.of(starred=starred, read=read)
    ranking = recommend(Similarity(papers).vectors(), flags)
    top = ranking.ranked[:10]
    assert sum(key in unread_sky for key in top) / 10 >= 0.8
    assert not set(ranking.ranked) & {*starred, *read}
    reasons = ranking.because(top[0])
    assert 1 <= len(reasons) <= 3
    assert set(reasons) <= set(starred)


def test_dismissed_papers_push_their_topic_down(
    topics: tuple[tuple[Paper, ...], dict[str, list[str]]],
) -> None:
    papers, titles = topics
    keys = _keys(papers)
    starred = [keys[t] for t in titles["sky"][:5]] + [keys[t] for t in titles["fold"][:5]]
    dismissed = [keys[t] for t in titles["fold"][5:15]]
    flags = FixedFlags.of(starred=starred, dismissed=dismissed)
    ranking = recommend(Similarity(papers).vectors(), flags)
    sky = {keys[t] for t in titles["sky"]}
    assert sum(key in sky for key in ranking.ranked[:10]) >= 8


def test_below_five_liked_papers_it_says_what_it_needs(
    topics: tuple[tuple[Paper, ...], dict[str, list[str]]],
) -> None:
    papers, _ = topics
    flags = FixedFlags.of(starred=[papers[0].key], later=[papers[1].key])
    ranking = recommend(Similarity(papers).vectors(), flags)
    assert ranking.ranked == ()
    assert ranking.message == "For you: star 3 more papers to get recommendations"
    assert needs_more(MIN_LIKED - 1) == "For you: star 1 more paper to get recommendations"
    assert needs_more(MIN_LIKED) == ""


def test_the_filter_lists_similar_papers_most_alike_first(
    topics: tuple[tuple[Paper, ...], dict[str, list[str]]],
) -> None:
    papers, titles = topics
    keys = _keys(papers)
    target = keys[titles["grip"][3]]
    expected = [key for key, _ in Similarity(papers).neighbours(target)]
    hits = filter_papers(papers, f'similar:"{target}"', NO_FLAGS)
    assert [hit.paper.key for hit in hits] == expected
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)
    read = FixedFlags.of(read=expected[:5])
    unread = filter_papers(papers, f'similar:"{target}" is:unread', read)
    assert [hit.paper.key for hit in unread] == expected[5:]
    others = filter_papers(papers, f'!similar:"{target}"', NO_FLAGS)
    assert len(others) == len(papers) - len(expected)


def test_similar_takes_an_arxiv_id_with_or_without_version() -> None:
    papers = [
        make_paper(i, title=f"Sampling paper {i} about {'cats' if i % 2 else 'dogs'}")
        for i in range(8)
    ]
    for text in ("similar:2409.10002", "similar:2409.10002v3", "similar:arxiv:2409.10002"):
        found = filter_papers(papers, text, NO_FLAGS)
        assert found[0].paper.title.endswith("dogs"), text
    assert len(filter_papers(papers, "similar:9999.99999", NO_FLAGS)) == 0


def test_the_reader_starts_without_the_model_libraries() -> None:
    code = (
        "import sys, papertui.cli, papertui.tui.app, papertui.tui.screens.main,"
        " papertui.commands.digest, papertui.vault.similar\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'scipy', 'numpy'))\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=PROJECT
    )
    assert result.returncode == 0, result.stdout + result.stderr
