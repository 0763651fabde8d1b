"""What starts a paper and what stays inside one; digests pasted twice; non-digests."""

from __future__ import annotations

from pathlib import Path

import pytest

from papertui.vault.scan import NoteStatus, scan, section_text
from tests.vault.notes import P, dendron, digest, hexo, note, titles, write

A = P("Folded Light: Origami Optics for Compact Cameras", "2403.00101v1", tags=("optics",))
B = P("Slow Rivers: Sediment Transport with Neural Fields", "2403.00102v1", tags=("geo/rivers",))
C = P("Counting Sheep: Self-Supervised Flock Tracking", "2403.00103v1", tags=("tracking",))


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


@pytest.mark.parametrize("build", [dendron, hexo, digest], ids=["dendron", "hexo", "digest"])
def test_headings_in_fenced_and_indented_code_never_start_a_paper(
    tmp_path: Path, build: object
) -> None:
    code = (
        "\n```markdown\n## Not A Paper: A Heading Inside A Fence\n### [9] [Nor This](https://arxiv.org/abs/2403.09999)\n```\n"
        "\n~~~\n## Nor This One: Tildes Fence Too\n~~~\n"
        "\n    ## Indented Code: Four Spaces Make This Code\n"
        "\n<!--\n## Hidden In A Comment: Never A Paper\n-->\n"
    )
    day = "20240310" if build is dendron else "2024-03-10"
    assert callable(build)
    write(tmp_path, "n.md", build(day, P(A.title, A.arxiv, tags=A.tags, extra=code), B))
    result = scan(tmp_path)
    assert titles(result, "n.md") == [A.title, B.title]
    (folded,) = (p for p in result.papers if p.title == A.title)
    text = section_text(tmp_path, folded.appearances[0])
    assert "A Heading Inside A Fence" in text
    assert "Four Spaces Make This Code" in text
    assert B.title not in text


def test_an_unclosed_fence_does_not_hide_the_papers_after_it(tmp_path: Path) -> None:
    broken = P(A.title, A.arxiv, tags=A.tags, extra="\n```python\nprint('never closed')\n")
    write(tmp_path, "n.md", dendron("20240311", broken, B, C))
    assert titles(scan(tmp_path), "n.md") == [A.title, B.title, C.title]


def test_sub_headings_and_setext_headings_stay_inside_a_hexo_paper(tmp_path: Path) -> None:
    summary = (
        "### 2. Authors: Someone Else, Another Person\n\n#### (1) 研究背景：\n测试。\n\n"
        "总结\n----\n\n一个 setext 标题之后的文字。\n\n"
        "## 6. Summary\n\n**Authors: A stray line an LLM wrote**\n\n"
        "Results Are Good\n================\n"
    )
    write(tmp_path, "post.md", hexo("2024-03-12", P(A.title, A.arxiv, extra=summary), B))
    result = scan(tmp_path)
    assert note(result, "post.md") == ("read", 2, None)
    (folded,) = (p for p in result.papers if p.title == A.title)
    assert folded.authors == ("Ada Lovelace", "Alan Turing")
    text = section_text(tmp_path, folded.appearances[0])
    for inside in ("#### (1) 研究背景", "总结\n----", "## 6. Summary", "A stray line"):
        assert inside in text
    assert f"## {B.title}" not in text


def test_sub_headings_stay_inside_a_dendron_paper(tmp_path: Path) -> None:
    inner = "## 研究背景\n背景。\n\n## Method\n方法。\n\n### Details\n细节。\n\n总结\n---\n\n"
    write(tmp_path, "d.md", dendron("20240313", P(A.title, tags=A.tags, extra=inner), B))
    result = scan(tmp_path)
    assert titles(result, "d.md") == [A.title, B.title]
    (folded,) = (p for p in result.papers if p.title == A.title)
    assert "## Method" in section_text(tmp_path, folded.appearances[0])


def test_digest_categories_and_toc_are_never_papers(tmp_path: Path) -> None:
    inner = "### An LLM Heading\n\n**Authors:** stray\n\n"
    write(tmp_path, "2024-03-14.md", digest("2024-03-14", P(A.title, A.arxiv, extra=inner), B))
    result = scan(tmp_path)
    assert note(result, "2024-03-14.md") == ("read", 2, None)
    assert titles(result, "2024-03-14.md") == [A.title, B.title]
    for paper in result.papers:
        assert paper.tags == ("cs.CV",)
        assert paper.authors == ("Ada Lovelace", "Alan Turing")
        assert paper.summary.startswith("A short line about")


def test_u2028_and_friends_do_not_split_lines(tmp_path: Path) -> None:
    odd = P(
        "Line\u2028Separators\u2029Inside: A Title With Odd Breaks",
        tags=("odd",),
        body="- 摘要\u2028第二行\x85第三行\n",
    )
    path = write(tmp_path, "u.md", dendron("20240315", odd, B))
    result = scan(tmp_path)
    assert titles(result, "u.md") == ["Line Separators Inside: A Title With Odd Breaks", B.title]
    (other,) = (p for p in result.papers if p.title == B.title)
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[other.appearances[0].line - 1] == f"## {B.title}"


def test_a_digest_pasted_twice_counts_both_copies_as_one_paper(tmp_path: Path) -> None:
    post = hexo("2024-03-16", A, B)
    head, body = post.split("---\n\n", 1)
    write(tmp_path, "twice.md", f"{head}---\n\n{body}\n{body}")
    result = scan(tmp_path)
    assert note(result, "twice.md") == ("read", 4, None)
    assert len(result.papers) == 2
    for paper in result.papers:
        assert [a.path for a in paper.appearances] == ["twice.md", "twice.md"]
        first, second = paper.appearances
        assert first.line < first.end_line < second.line < second.end_line


def test_journal_and_ideas_notes_are_passed_over_with_a_reason(tmp_path: Path) -> None:
    journal = (
        "---\nid: j0urnal\ntitle: '2024-03-17'\ndesc: ''\nupdated: 1710000000000\n"
        "created: 1710000000000\ntraitIds:\n  - journalNote\n---\n\n"
        "## **工作笔记**\n\n- [x] 跑完了对比实验\n- [ ] 整理图表\n\n![图](assets/x.png)\n\n"
        "## **问题记录**\n\n- 显存不够\n\n## **今日总结**\n\n今天读了两篇论文。\n"
    )
    ideas = (
        "---\nid: 1deas\ntitle: ideas\ndesc: ''\nupdated: 1710000000000\n"
        "created: 1710000000000\n---\n\n## Ideas to try\n\n- 用更少的高斯点。\n"
        "- Try the sampler with four steps.\n\n## Open questions\n\n- Why do colours wash out?\n\n"
        "## Habits\n\n- Read one paper on Fridays.\n"
    )
    plain = "# Groceries\n\n## Monday\n\n- eggs\n\n## Tuesday\n\n- rice\n"
    write(tmp_path, "daily.journal.2024.03.17.md", journal)
    write(tmp_path, "ideas.md", ideas)
    write(tmp_path, "list.md", plain)
    write(tmp_path, "daily.journal.2024.03.18.md", dendron("20240318", A, B))
    result = scan(tmp_path)
    for name in ("daily.journal.2024.03.17.md", "ideas.md", "list.md"):
        status, count, reason = note(result, name)
        assert (status, count) == ("passed-over", 0), name
        assert reason, name
    # a Dendron digest kept in a journal-named note is still a digest
    assert note(result, "daily.journal.2024.03.18.md")[:2] == ("read", 2)
    assert result.count(NoteStatus.PASSED_OVER) == 3


def test_a_single_paper_review_note_is_not_a_digest(tmp_path: Path) -> None:
    review = (
        "---\nid: r3view\ntitle: 'Folded Light: Origami Optics for Compact Cameras'\ndesc: ''\n"
        "updated: 1710000000000\ncreated: 1710000000000\n---\n\n## In a word\n\n![图](a.png)\n\n"
        "一句话总结。\n\n## Motivation\n\n动机。\n\n## Method\n\n方法。\n\n## Tags\n\n#optics\n"
    )
    write(tmp_path, "review.md", review)
    status, count, reason = note(scan(tmp_path), "review.md")
    assert (status, count) == ("passed-over", 0)
    assert reason


def test_one_arxiv_id_in_two_notes_and_versions_is_one_paper(tmp_path: Path) -> None:
    write(tmp_path, "h/2024-03-19.md", hexo("2024-03-19", A, tags="Optics"))
    v2 = P(A.title + " (revised)", "2403.00101v2")
    write(tmp_path, "z/2024-03-21.md", digest("2024-03-21", v2, category="eess.IV"))
    result = scan(tmp_path)
    (paper,) = result.papers
    assert paper.key == "arxiv:2403.00101"
    assert paper.arxiv_version == 1  # the digest's link names no version
    assert paper.title == A.title  # the first appearance names it
    assert set(paper.tags) == {"Optics", "Paper", "eess.IV"}
    assert [a.path for a in paper.appearances] == ["h/2024-03-19.md", "z/2024-03-21.md"]
    assert paper.day is not None
    assert paper.day.isoformat() == "2024-03-19"
    write(tmp_path, "h2/2024-03-22.md", hexo("2024-03-22", v2, tags="Later"))
    (paper,) = scan(tmp_path).papers
    assert paper.arxiv_version == 2
    assert paper.links.pdf == "https://arxiv.org/pdf/2403.00101v2"
    assert {"Optics", "Later", "eess.IV", "Paper"} == set(paper.tags)


def test_title_keyed_papers_merge_across_notes(tmp_path: Path) -> None:
    write(tmp_path, "d1.md", dendron("20240320", A, B))
    write(tmp_path, "d2.md", dendron("20240325", P(A.title.upper() + "  ", tags=("again",))))
    result = scan(tmp_path)
    (folded,) = (p for p in result.papers if p.title == A.title)
    assert folded.key.startswith("title:")
    assert len(folded.appearances) == 2
    assert set(folded.tags) == {"optics", "again"}
    assert len(result.papers) == 2
