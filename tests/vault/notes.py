"""Notes in formats D, H and Z, written for the tests (our own words, never the seeds')."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from papertui.vault.paper import ImageRow, SectionRow
from papertui.vault.scan import ScanResult, scan


@dataclass(frozen=True)
class P:
    """A made-up paper to write into a note."""

    title: str
    arxiv: str = ""
    """``2401.01234v2`` or empty."""
    authors: tuple[str, ...] = ("Ada Lovelace", "Alan Turing")
    tags: tuple[str, ...] = ()
    body: str = "- **研究背景**\n  - 这篇论文研究如何让测试数据看起来像真的笔记。\n"
    extra: str = field(default="")
    """Anything else the section holds (sub-headings, code, ...)."""


def dendron(day: str, *papers: P, front: str = "") -> str:
    """A Dendron daily note: ``day`` as yyyymmdd, one ``## Title`` per paper."""
    parts = [
        f"---\nid: t3stn0te{day}\ntitle: '{day}'\ndesc: ''\n"
        f"updated: 1700000000000\ncreated: 1700000000000\n{front}---\n\n"
    ]
    for paper in papers:
        tags = "".join(f"#{tag}\n" for tag in paper.tags)
        parts.append(f"\n## {paper.title}\n{tags}\n{paper.body}{paper.extra}\n")
    return "".join(parts)


def hexo(day: str, *papers: P, tags: str = "Test Topic", category: str = "Paper") -> str:
    """A Hexo digest post of ``day`` (yyyy-mm-dd)."""
    parts = [
        f"---\ntitle: {tags}\ndate: {day} 08:00:00\nauthor: tester\n"
        f"categories: {category}\ntags:\n    - {tags}\ndescription: a test post\ntoc:\n---\n\n"
        f"> 这些总结由程序生成，仅供测试。\n\n# {day} 更新\n\n"
    ]
    for paper in papers:
        parts.append(
            f"\n## {paper.title}\n\n**Authors:{', '.join(paper.authors)}**\n\n"
            "We study a made-up problem with a made-up method.\n\n"
            f"[PDF](http://arxiv.org/abs/{paper.arxiv}) Code: https://github.com/test/{paper.arxiv}\n\n"
            f"**Summary**\n测试摘要：{paper.title[:10]}。\n\n"
            "**[ChatPaperFree](https://huggingface.co/spaces/Kedreamix/ChatPaperFree)**\n\n"
            f"1. 标题：{paper.title}\n\n4. 关键词：测试、样例\n\n{paper.extra}\n"
            '<details>\n  <summary>点此查看论文截图</summary>\n<img src="https://img.test/a.jpg">\n'
            "</details>\n\n"
        )
    return "".join(parts)


def digest(day: str, *papers: P, category: str = "cs.CV") -> str:
    """A Format Z digest of ``day`` (yyyy-mm-dd), all papers in one category."""
    parts = [
        f"# {day}\n\n<div id=toc></div>\n\n## Table of Contents\n\n"
        f"- [{category}](#{category}) [Total: {len(papers)}]\n\n"
        f"<div id='{category}'></div>\n\n## {category} [[Back]](#toc)\n\n"
    ]
    for number, paper in enumerate(papers, start=1):
        arxiv = paper.arxiv.split("v")[0]
        parts.append(
            f"### [{number}] [{paper.title}](https://arxiv.org/abs/{arxiv})\n\n"
            f"*{', '.join(paper.authors)}*\n\n**Main category:** {category}\n\n"
            f"**TL;DR:** A short line about {paper.title[:20]}.\n\n{paper.extra}"
            "<details>\n  <summary>Details</summary>\n\n**Abstract:** Words.\n\n</details>\n\n\n"
        )
    return "".join(parts)


def write(root: Path, name: str, text: str | bytes) -> Path:
    """Write a note below ``root`` (folders made as needed)."""
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8", newline="")
    else:
        path.write_bytes(text)
    return path


def titles(result: ScanResult, path: str | None = None) -> list[str]:
    """Titles of the papers (of one note, in section order, when ``path`` is given)."""
    if path is None:
        return sorted(paper.title for paper in result.papers)
    found = [(a.line, p.title) for p in result.papers for a in p.appearances if a.path == path]
    return [title for _, title in sorted(found)]


def note(result: ScanResult, path: str) -> tuple[str, int, str | None]:
    """(status, papers, reason) of one note."""
    (report,) = (r for r in result.notes if r.path == path)
    return str(report.status), report.papers, report.reason


__all__ = ["P", "dendron", "digest", "hexo", "note", "scan", "titles", "write"]


def distinct_row(images: tuple[ImageRow, ...] = ()) -> SectionRow:
    """A section row whose fields all differ: code that takes a row apart by position
    shows any field it mixes up."""
    return SectionRow(
        title="Title",
        arxiv_id="2404.00001",
        arxiv_version=3,
        authors=("An Author",),
        abs_link="https://arxiv.org/abs/2404.00001",
        pdf_link="https://arxiv.org/pdf/2404.00001",
        code_link="https://github.com/a/b",
        tags=("tag",),
        keywords=("keyword",),
        summary="Summary.",
        images=images,
        line=7,
        end_line=19,
        day_ordinal=date(2024, 4, 2).toordinal(),
        key="arxiv:2404.00001",
    )
