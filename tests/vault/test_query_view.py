"""View (narrowing step by step) and highlight_positions (what to mark in a title)."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papertui.vault.flags import FixedFlags
from papertui.vault.query import PaperIndex, QueryError, View, highlight_positions, parse_query
from tests.vault.query_fixtures import PAPERS, make_paper

FLAGS = FixedFlags.of(read={"arxiv:2006.11239"})


def test_a_view_narrows_and_describes_itself() -> None:
    view = View(PAPERS)
    assert len(view) == len(PAPERS)
    assert view.description == "All papers"
    tagged = view.tagged("Diffusion Models")
    assert [p.arxiv_id for p in tagged] == ["2006.11239", "2204.03458", "2409.01234"]
    assert tagged.description == "Diffusion Models"
    unread = tagged.matching("is:unread", FLAGS)
    assert [p.arxiv_id for p in unread] == ["2204.03458", "2409.01234"]
    found = unread.matching("video", FLAGS)
    assert [p.arxiv_id for p in found] == ["2204.03458"]
    assert found.description == "Diffusion Models · is:unread · video"
    assert found.summary == "Diffusion Models · is:unread · video — 1 of 7"
    assert found.hits is not None
    assert found.hits[0].score == 100.0
    # Each step is a new view; the earlier ones are unchanged.
    assert len(tagged) == 3
    assert view.paper_index is found.paper_index


def test_view_only_keeps_the_given_keys() -> None:
    view = View(PAPERS).only({"arxiv:2308.04079", "title:a note without an identifier"}, "New")
    assert [p.title for p in view] == [PAPERS[0].title, PAPERS[4].title]
    assert view.description == "New"
    assert view[1] is PAPERS[4]
    assert list(view[0:1]) == [PAPERS[0]]  # type: ignore[arg-type]


def test_view_tagged_groups_case_and_nesting() -> None:
    assert len(View(PAPERS).tagged("video")) == 1
    assert len(View(PAPERS).tagged("3D")) == 2
    assert len(View(PAPERS).tagged("llm")) == 1


def test_view_matching_an_empty_query_is_the_same_view() -> None:
    view = View(PAPERS).tagged("3D")
    assert view.matching("  ", FLAGS) is view


def test_view_matching_bad_text_raises_query_error() -> None:
    with pytest.raises(QueryError):
        View(PAPERS).matching("day:2024-99", FLAGS)


def test_view_accepts_an_index() -> None:
    index = PaperIndex(PAPERS)
    assert View(index).paper_index is index


@pytest.mark.parametrize(
    ("title", "query", "expected"),
    [
        ("Gaussian Splatting", "splat", (9, 10, 11, 12, 13)),
        ("Gaussian Splatting", "SPLAT gauss", (0, 1, 2, 3, 4, 9, 10, 11, 12, 13)),
        ("Gaussian Splatting", "gausian", (0, 1, 2, 3, 5, 6, 7)),
        ("Gaussian Splatting", "^gau", (0, 1, 2)),
        ("Gaussian Splatting", "^splat", ()),
        ("  (Gaussian) Splatting?", "^gau", (3, 4, 5)),
        ("Gaussian Splatting?", "ting$", (14, 15, 16, 17)),
        ("Gaussian", "^gaussian$", tuple(range(8))),
        ("Gaussian Splatting", "!splat", ()),
        ("Gaussian Splatting", "tag:gaussian", ()),
        ("3D-GS at scale", "3d-gs", (0, 1, 2, 3, 4)),
        ("Déjà Vu", "deja", ()),  # default_process keeps accents: no match, no marks
        ("Déjà Vu", "déjà", (0, 1, 2, 3)),
        ("[bold]x[/]", "bold", (1, 2, 3, 4)),
        ("", "x", ()),
    ],
)
def test_highlight_positions(title: str, query: str, expected: tuple[int, ...]) -> None:
    assert highlight_positions(title, parse_query(query)) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.text(alphabet="abcdeg ^$'!|", max_size=12))
def test_highlight_positions_stay_inside_the_title(title: str, text: str) -> None:
    try:
        query = parse_query(text)
    except QueryError:
        return
    positions = highlight_positions(title, query)
    assert all(0 <= p < len(title) for p in positions)
    assert list(positions) == sorted(set(positions))


def test_random_typing_on_a_larger_vault_matches_a_fresh_index() -> None:
    rng = random.Random(7)
    words = ["gaussian", "splatting", "diffusion", "video", "model", "sparse", "mixture"]
    words += ["expert", "zhang", "wang"]
    papers = tuple(
        make_paper(
            " ".join(rng.choice(words).capitalize() for _ in range(rng.randint(2, 6))),
            authors=[f"{rng.choice(['Wei', 'Li'])} {rng.choice(['Zhang', 'Wang'])}"],
            tags=[rng.choice(["3D", "Video/Gen", "video", "LLM"])],
            arxiv_id=f"24{rng.randint(1, 12):02d}.{n:05d}",
        )
        for n in range(400)
    )
    warm = PaperIndex(papers)
    for _ in range(30):
        target = " ".join(rng.choice(words)[: rng.randint(2, 8)] for _ in range(rng.randint(1, 3)))
        for n in range(1, len(target) + 1):
            query = parse_query(target[:n])
            got = list(warm.search(query, FLAGS).ids)
            assert got == list(PaperIndex(papers).search(query, FLAGS).ids), target[:n]
