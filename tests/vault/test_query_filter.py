"""filter_papers: what each query keeps, in what order, and that narrowing never changes it."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from rapidfuzz.utils import default_process

from papertui.vault.flags import FixedFlags
from papertui.vault.paper import Paper
from papertui.vault.query import (
    PaperIndex,
    QueryError,
    filter_papers,
    index_for,
    parse_query,
)
from papertui.vault.query.text import FIELD, normalised_texts
from tests.vault.query_fixtures import PAPERS, make_paper

FLAGS = FixedFlags.of(read={"arxiv:2006.11239"}, starred={"arxiv:1706.03762", "arxiv:2409.17058"})


def titles(query: str, papers: tuple[Paper, ...] = PAPERS) -> list[str]:
    return [hit.paper.title for hit in PaperIndex(papers).search(parse_query(query), FLAGS)]


GAUSS = "Gaussian Splatting for Real-Time Scene Rendering?"
DDPM = "Denoising Diffusion for Image Synthesis"
VIDEO = "Video Diffusion Models at Scale"
ATTENTION = "Attention Suffices for Translation"
NOTE = "A Note Without An Identifier"
MOE = "Sparse Mixtures of Experts: A Survey"
DIT = "Diffusion Transformers for 3D-GS Generation"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", [GAUSS, DDPM, VIDEO, ATTENTION, NOTE, MOE, DIT]),
        ("'splat", [GAUSS]),
        ("SPLAT", [GAUSS]),
        ("^video", [VIDEO]),  # the title starts with it
        ("^jonas", [DDPM, VIDEO]),  # an author starts with it
        ("rendering$", [GAUSS]),  # the title ends with it, before its "?"
        ("survey$", [MOE]),
        ("^transformer$", [ATTENTION]),  # a whole keyword
        ("^transformer", [ATTENTION]),
        ("'transformer", [ATTENTION, DIT]),
        ("!diffusion", [GAUSS, ATTENTION, NOTE, MOE]),
        ("!^video", [GAUSS, DDPM, ATTENTION, NOTE, MOE, DIT]),
        ("!scale$", [GAUSS, DDPM, ATTENTION, NOTE, MOE, DIT]),
        ("2409.17058", [MOE]),
        ("3d-gs", [DIT]),
        ("tag:3d", [GAUSS, DIT]),  # 3D/Gaussians is under 3D
        ("tag:3D/gaussians", [GAUSS]),
        ("tag:gaussians", []),
        ("tag:'gauss", [GAUSS]),
        ("tag:^ren", [GAUSS]),
        ("tag:models$", [DDPM, VIDEO, DIT]),
        ("tag:^3d$", [DIT]),
        ('tag:"Diffusion Models"', [DDPM, VIDEO, DIT]),
        ("tag:LLM", [MOE]),
        ("!tag:diffusion_models", [GAUSS, DDPM, VIDEO, ATTENTION, NOTE, MOE, DIT]),
        ("!tag:'diffusion", [GAUSS, ATTENTION, NOTE, MOE]),
        ("author:zhang", [MOE, DIT]),
        ("author:^wei", [MOE, DIT]),
        ("author:wang$", [MOE]),
        ("!author:hollow", [GAUSS, ATTENTION, NOTE, MOE, DIT]),
        ("author:diffusion", []),
        ("id:2409", [MOE, DIT]),
        ("id:arXiv:2409.17058v1", [MOE]),
        ("id:^2409.0", [DIT]),
        ("id:'11239", [DDPM]),
        ("id:04079$", [GAUSS]),
        ("!id:2409", [GAUSS, DDPM, VIDEO, ATTENTION, NOTE]),
        ("is:read", [DDPM]),
        ("is:unread", [GAUSS, VIDEO, ATTENTION, NOTE, MOE, DIT]),
        ("!is:read", [GAUSS, VIDEO, ATTENTION, NOTE, MOE, DIT]),
        ("is:starred", [ATTENTION, MOE]),
        ("!is:starred", [GAUSS, DDPM, VIDEO, NOTE, DIT]),
        ("day:2024", [MOE, DIT]),
        ("day:2024-09-27", [MOE]),
        ("day:2024-08", []),
        ("!day:2024", [GAUSS, DDPM, VIDEO, ATTENTION, NOTE]),  # undated is not in 2024
        ("after:2024-09-02", [MOE, DIT]),  # on or after
        ("after:2024-09-03", [MOE]),
        ("before:2020-06-19", [ATTENTION]),  # strictly before
        ("before:2020-06-20", [DDPM, ATTENTION]),
        ("after:2020 before:2023", [DDPM, VIDEO]),
        ("!before:2024", [NOTE, MOE, DIT]),
        ("is:starred day:2024", [MOE]),
        ("tag:video | tag:nlp", [VIDEO, ATTENTION]),
        ("is:read | is:starred", [DDPM, ATTENTION, MOE]),
        ("'splat | 'translation", [GAUSS, ATTENTION]),
        ("'jonas 'video", [VIDEO]),
        ("xyzzy", []),
    ],
)
def test_each_operator_and_field(query: str, expected: list[str]) -> None:
    assert titles(query) == expected


def test_bare_words_rank_title_words_first() -> None:
    # Title word start, title substring, another word's start, anywhere.
    papers = (
        make_paper("Unrelated anywhere", keywords=["submesh"]),
        make_paper("Unrelated word start", authors=["Mesh Lee"]),
        make_paper("Polymesh in a title"),
        make_paper("Mesh at the start of a title"),
    )
    hits = PaperIndex(papers).search(parse_query("mesh"), FLAGS)
    assert [hit.paper.title for hit in hits] == [
        "Mesh at the start of a title",
        "Polymesh in a title",
        "Unrelated word start",
        "Unrelated anywhere",
    ]
    assert [hit.score for hit in hits] == [100.0, 90.0, 75.0, 60.0]


def test_ties_keep_input_order() -> None:
    assert titles("diffusion") == [DDPM, VIDEO, DIT]


def test_several_words_add_up() -> None:
    hits = PaperIndex(PAPERS).search(parse_query("diffusion zhang"), FLAGS)
    assert [hit.paper.title for hit in hits] == [DIT]
    assert hits[0].score == pytest.approx((100 + 75) / 2, abs=0.5)


def test_near_misses_match_below_exact_ones() -> None:
    papers = (
        make_paper("Gaussian fields"),
        make_paper("Notes on gausian typos", keywords=["gausian"]),
    )
    hits = PaperIndex(papers).search(parse_query("gausian"), FLAGS)
    assert [hit.paper.title for hit in hits] == ["Notes on gausian typos", "Gaussian fields"]
    assert hits[0].score == 100.0
    assert 30 <= hits[1].score <= 55


@pytest.mark.parametrize(
    ("query", "matches"),
    [
        ("trnsfrmr", True),  # keyword "transformer": letters in order, close enough
        ("gausian", True),
        ("splating", True),
        ("gss", False),  # too far from "gaussian" for the cutoff
        ("rnsfrmr", False),  # a near miss starts like the word
        ("ransformer", True),  # ...but an exact substring always matches
        ("tf", False),  # two letters match exactly or not at all
        ("tr", True),
    ],
)
def test_near_miss_rules(query: str, matches: bool) -> None:
    papers = (make_paper("Gaussian splatting", keywords=["transformer"]),)
    assert bool(titles(query, papers)) is matches


def test_or_with_bare_words_ranks_by_the_better_alternative() -> None:
    hits = PaperIndex(PAPERS).search(parse_query("translation | splatting"), FLAGS)
    assert [hit.paper.title for hit in hits] == [GAUSS, ATTENTION]
    assert {hit.score for hit in hits} == {100.0}


def test_dynamic_terms_follow_the_flags() -> None:
    index = PaperIndex(PAPERS)
    query = parse_query("is:unread diffusion")
    assert len(index.search(query, FixedFlags())) == 3
    flags = FixedFlags.of(read={"arxiv:2204.03458"})
    assert [hit.paper.title for hit in index.search(query, flags)] == [DDPM, DIT]


def test_within_restricts_to_positions() -> None:
    index = PaperIndex(PAPERS)
    hits = index.search(parse_query("diffusion"), FLAGS, within={2, 6})
    assert [hit.paper.title for hit in hits] == [VIDEO, DIT]


def test_query_text_is_parsed_by_filter_papers() -> None:
    assert len(filter_papers(PAPERS, "tag:3d", FLAGS)) == 2
    with pytest.raises(QueryError):
        filter_papers(PAPERS, "is:nope", FLAGS)


def test_the_index_is_reused_for_the_same_sequence() -> None:
    papers = tuple(PAPERS)
    assert index_for(papers) is index_for(papers)
    assert index_for(list(papers)) is not index_for(papers)
    index = PaperIndex(papers)
    assert index_for(index) is index


def test_hits_are_a_lazy_sequence() -> None:
    hits = filter_papers(PAPERS, "diffusion", FLAGS)
    assert len(hits) == 3
    assert hits[-1].paper.title == DIT
    assert [hit.paper.title for hit in hits[1:]] == [VIDEO, DIT]
    assert [paper.title for paper in hits.papers] == [DDPM, VIDEO, DIT]
    assert list(hits.ids) == [1, 2, 6]
    assert hits.ranked
    assert not filter_papers(PAPERS, "tag:3d", FLAGS).ranked
    with pytest.raises(IndexError):
        hits[3]
    assert hits.highlighted(0).title_positions == tuple(range(10, 19))
    assert hits[0].title_positions == ()


def test_undated_papers_never_match_a_date() -> None:
    papers = (make_paper("No day"), make_paper("Some day", day=date(2024, 1, 1)))
    assert titles("before:2030", papers) == ["Some day"]
    assert titles("!before:2030", papers) == ["No day"]


def test_papers_with_separator_characters_are_searchable() -> None:
    papers = (
        make_paper(f"Odd {FIELD} title \u00ba here", authors=[f"An{FIELD}Author"]),
        make_paper("Plain"),
    )
    assert titles("'odd", papers) == [papers[0].title]
    assert titles("title$", papers) == []
    assert titles("here$", papers) == [papers[0].title]
    assert titles("'plain", papers) == ["Plain"]
    assert titles("author:author", papers) == [papers[0].title]


def test_normalised_texts_match_default_process_field_by_field() -> None:
    titles = ["Ünïcode Title: Déjà-vu!", "扩散模型 研究", ""]
    authors = [("A. Author", "(B) Author"), (), ("",)]
    tails = ["x_y", "", "tail?"]
    texts = normalised_texts([titles, authors, tails])
    for title, names, tail, text in zip(titles, authors, tails, texts, strict=True):
        fields = [title, *(names or ("",)), tail]  # an empty tuple is one empty field
        assert text.startswith(" ")
        assert text.endswith(" ")
        pieces = [piece.strip() for piece in text.split(FIELD)]
        assert pieces == [default_process(field) for field in fields]


def test_narrowing_gives_the_same_answers_as_a_fresh_index() -> None:
    # Type queries a keystroke at a time (and back) on one index; compare each
    # answer with that of a fresh index that has seen nothing before.
    warm = PaperIndex(PAPERS)
    typed = [
        "diffusion transformers 3d",
        "tag:3d/gaussians gaussian",
        "!diffusion ren",
        "author:zhang sparse",
        "gausian splating",
        "day:2024 after:2024-09-03 mix",
    ]
    for text in typed:
        steps = [text[:n] for n in range(1, len(text) + 1)]
        for step in steps + steps[::-1]:
            try:
                query = parse_query(step)
            except QueryError:
                continue
            got = [(hit.paper.key, hit.score) for hit in warm.search(query, FLAGS)]
            fresh = [(hit.paper.key, hit.score) for hit in PaperIndex(PAPERS).search(query, FLAGS)]
            assert got == fresh, step


def test_searches_from_threads_agree() -> None:
    papers = tuple(
        make_paper(f"Paper {n} about {'gaussian' if n % 3 else 'diffusion'} things", ["Wei Zhang"])
        for n in range(3000)
    )
    index = PaperIndex(papers)
    queries = ["gaus", "gauss", "diff", "diffusion", "zhang", "paper 1", "!things"]
    expected = {q: list(PaperIndex(papers).search(parse_query(q), FLAGS).ids) for q in queries}
    failures: list[str] = []

    def run() -> None:
        for q in queries * 3:
            if list(index.search(parse_query(q), FLAGS).ids) != expected[q]:
                failures.append(q)

    workers = [threading.Thread(target=run) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert failures == []


def test_unread_is_neither_read_nor_dismissed() -> None:
    key = {paper.title: paper.key for paper in PAPERS}
    flags = FixedFlags.of(read=[key[DDPM]], dismissed=[key[VIDEO]], later=[key[DIT], key[GAUSS]])

    def found(query: str) -> list[str]:
        return [hit.paper.title for hit in PaperIndex(PAPERS).search(parse_query(query), flags)]

    assert found("is:unread") == [GAUSS, ATTENTION, NOTE, MOE, DIT]
    assert found("!is:unread") == [DDPM, VIDEO]
    assert found("!is:read") == [GAUSS, VIDEO, ATTENTION, NOTE, MOE, DIT]
    assert found("is:dismissed") == [VIDEO]
    assert found("is:later") == [GAUSS, DIT]
    assert found("is:later | is:dismissed") == [GAUSS, VIDEO, DIT]
