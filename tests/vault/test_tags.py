"""build_tag_tree: nesting, case-insensitive grouping, counts once per node."""

from __future__ import annotations

from papertui.vault.flags import FixedFlags
from papertui.vault.query import View
from papertui.vault.tags import TagNode, build_tag_tree
from tests.vault.query_fixtures import make_paper


def shape(node: TagNode) -> list[tuple[str, int, int]]:
    return [(n.path, n.total, n.unread) for n in node.walk()]


def test_nesting_grouping_and_counts() -> None:
    papers = [
        make_paper("a", tags=["Video/Generation", "video"], arxiv_id="1"),
        make_paper("b", tags=["Video"], arxiv_id="2"),
        make_paper("c", tags=["video/generation/Long", "3D"], arxiv_id="3"),
        make_paper("d", tags=["VIDEO/editing "], arxiv_id="4"),
        make_paper("e", tags=[], arxiv_id="5"),
    ]
    tree = build_tag_tree(papers, FixedFlags.of(read={"arxiv:1", "arxiv:5"}))
    assert shape(tree) == [
        ("", 5, 3),
        ("3D", 1, 1),
        ("Video", 4, 3),  # a counts once though two of its tags are under Video
        ("Video/editing", 1, 1),
        ("Video/Generation", 2, 1),
        ("Video/Generation/Long", 1, 1),
    ]


def test_the_most_common_spelling_names_a_node() -> None:
    papers = [
        make_paper("a", tags=["diffusion"]),
        make_paper("b", tags=["Diffusion"]),
        make_paper("c", tags=["Diffusion"]),
        make_paper("d", tags=["diffusion/Theory"]),
        make_paper("e", tags=["DIFFUSION/theory"]),
        make_paper("f", tags=["Diffusion/theory"]),
    ]
    tree = build_tag_tree(papers, FixedFlags())
    assert [n.path for n in tree.walk()] == ["", "Diffusion", "Diffusion/theory"]
    assert tree.children[0].total == 6


def test_a_tie_keeps_the_spelling_seen_first() -> None:
    tree = build_tag_tree(
        [make_paper("a", tags=["video"]), make_paper("b", tags=["Video"])], FixedFlags()
    )
    assert tree.children[0].name == "video"


def test_children_sort_by_name_ignoring_case() -> None:
    papers = [make_paper(t, tags=[t]) for t in ["beta", "Alpha", "gamma", "Delta", "_x", "扩散"]]
    tree = build_tag_tree(papers, FixedFlags())
    assert [n.name for n in tree.children] == ["_x", "Alpha", "beta", "Delta", "gamma", "扩散"]


def test_empty_segments_and_blank_tags_are_ignored() -> None:
    papers = [make_paper("a", tags=["/a//b/", " ", "", "/"])]
    tree = build_tag_tree(papers, FixedFlags())
    assert shape(tree) == [("", 1, 1), ("a", 1, 1), ("a/b", 1, 1)]


def test_no_papers_is_an_empty_root() -> None:
    tree = build_tag_tree([], FixedFlags())
    assert tree == TagNode("", "", 0, 0, ())


def test_find_and_walk() -> None:
    papers = [make_paper("a", tags=["Video/Generation"]), make_paper("b", tags=["NLP"])]
    tree = build_tag_tree(iter(papers), FixedFlags())  # any iterable
    found = tree.find(" video / GENERATION ")
    assert found is not None
    assert found.path == "Video/Generation"
    assert tree.find("video/none") is None
    assert tree.find("") is tree
    assert [n.name for n in tree.walk()] == ["", "NLP", "Video", "Generation"]


def test_many_papers_with_few_tag_sets() -> None:
    tags = [["LLM/Efficiency", "llm"], ["Video"], ["3D/Gaussians", "3d"], []]
    papers = [make_paper(f"p{n}", tags=tags[n % 4], arxiv_id=str(n)) for n in range(4000)]
    read = {f"arxiv:{n}" for n in range(0, 4000, 2)}
    tree = build_tag_tree(papers, FixedFlags.of(read=read))
    assert shape(tree) == [
        ("", 4000, 2000),
        ("3D", 1000, 0),  # n % 4 == 2: all even, all read
        ("3D/Gaussians", 1000, 0),
        ("LLM", 1000, 0),
        ("LLM/Efficiency", 1000, 0),
        ("Video", 1000, 1000),
    ]


def test_a_view_gives_the_same_tree_as_its_papers() -> None:
    tags = [["Video/Generation", "video"], ["VIDEO"], ["3D"], [], ["llm", "LLM/Efficiency"]]
    papers = tuple(
        make_paper(
            f"paper {n} {'gauss' if n % 3 else 'diffusion'}", tags=tags[n % 5], arxiv_id=str(n)
        )
        for n in range(200)
    )
    flags = FixedFlags.of(read={f"arxiv:{n}" for n in range(0, 200, 7)})
    view = View(papers)
    for narrowed in (view, view.tagged("video"), view.matching("gauss", flags), view.tagged("x")):
        assert build_tag_tree(narrowed, flags) == build_tag_tree(list(narrowed), flags)


def test_read_keys_of_papers_not_shown_change_no_count() -> None:
    tags = [["Video/Generation"], ["video"], ["3D", "Video"], [], ["llm"]]
    papers = tuple(
        make_paper(f"paper {n} {'gauss' if n % 3 else 'splat'}", tags=tags[n % 5], arxiv_id=str(n))
        for n in range(120)
    )
    read = {f"arxiv:{n}" for n in range(0, 120, 4)}
    with_gone = FixedFlags.of(read=read | {"arxiv:gone", "arxiv:1000"})
    view = View(papers)
    for narrowed in (view, view.tagged("video"), view.matching("gauss", FixedFlags())):
        by_view = build_tag_tree(narrowed, with_gone)
        assert by_view == build_tag_tree(narrowed, FixedFlags.of(read=read))
        assert by_view == build_tag_tree(list(narrowed), with_gone)
