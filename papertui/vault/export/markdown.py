"""Markdown: a reading list grouped by tag or by day."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from papertui.vault.export.bibtex import paper_url
from papertui.vault.paper import Paper, collapse_spaces
from papertui.vault.sanitize import clean_line
from papertui.vault.state.annotations import NO_OWN_NOTES, OwnNotes

GroupBy = Literal["tag", "day"]
GROUPINGS: tuple[GroupBy, ...] = ("tag", "day")

# Punctuation Markdown reads as inline syntax anywhere (`&` starts an entity,
# `$` math on GitHub), and what starts a block at the start of an item or a
# heading (`- 1. x` would nest a list). A backslash escapes any of them.
_INLINE = re.compile(r"([\\`*_\[\]<>!&~|$#])")
_BLOCK_START = re.compile(r"^(?:(\d+)([.)])|([>+\-=]))")
_UNTAGGED = "Untagged"
_UNDATED = "Undated"


def markdown_escape(text: str) -> str:
    """``text`` as literal Markdown text on one line (not at a line's start)."""
    return _INLINE.sub(r"\\\1", collapse_spaces(clean_line(text)))


def _line_start(escaped: str) -> str:
    """Escaped text that starts a list item or heading, kept from opening a block."""
    return _BLOCK_START.sub(lambda m: f"{m[1] or ''}\\{m[2] or m[3]}", escaped, count=1)


def _group_name(paper: Paper, group_by: GroupBy) -> str:
    if group_by == "day":
        return paper.day.isoformat() if paper.day else _UNDATED
    return collapse_spaces(clean_line(paper.tags[0])) if paper.tags else _UNTAGGED


def _groups(papers: Sequence[Paper], group_by: GroupBy) -> list[tuple[str, list[Paper]]]:
    """The papers by group, in order: tags A to Z, days newest first; the rest last."""
    groups: dict[str, tuple[str, list[Paper]]] = {}
    for paper in papers:
        name = _group_name(paper, group_by)
        # Tags group case-insensitively, as in the tag tree; the first spelling shows.
        groups.setdefault(name.casefold(), (name, []))[1].append(paper)
    rest = {_UNTAGGED.casefold(), _UNDATED.casefold()}
    if group_by == "day":
        ordered = sorted((g for k, g in groups.items() if k not in rest), key=_name, reverse=True)
    else:
        ordered = sorted((g for k, g in groups.items() if k not in rest), key=_tag_order)
    ordered.extend(g for k, g in groups.items() if k in rest)
    return ordered


def _name(group: tuple[str, list[Paper]]) -> str:
    return group[0]


def _tag_order(group: tuple[str, list[Paper]]) -> tuple[str, str]:
    return group[0].casefold(), group[0]


def markdown_item(paper: Paper, own: OwnNotes = NO_OWN_NOTES) -> str:
    """One paper as a list item: linked title, its details and summary, then your tags and
    note (your Markdown as written, quoted under the item)."""
    title = markdown_escape(paper.title) or "(untitled)"
    url = paper_url(paper)
    lines = [f"- [{title}]({url})" if url else f"- {_line_start(title)}"]
    details = []
    if authors := [markdown_escape(name) for name in paper.authors if clean_line(name).strip()]:
        details.append(", ".join(authors))
    if paper.day:
        details.append(paper.day.isoformat())
    if paper.arxiv_id:
        details.append(f"arXiv:{markdown_escape(paper.arxiv_id)}")
    if paper.tags:
        details.append("tags: " + ", ".join(markdown_escape(tag) for tag in paper.tags))
    if details:
        lines.append("  - " + _line_start(" · ".join(details)))
    if summary := markdown_escape(paper.summary):
        lines.append(f"  - {_line_start(summary)}")
    if tags := own.user_tags(paper.key):
        lines.append("  - your tags: " + ", ".join(markdown_escape(tag) for tag in tags))
    if annotation := own.annotation(paper.key).strip():
        quoted = [f"    > {line}".rstrip() for line in annotation.splitlines()]
        lines += ["  - your note:", "", *(clean_line(line) for line in quoted)]
    return "\n".join(lines)


def write_markdown(
    papers: Sequence[Paper], own: OwnNotes = NO_OWN_NOTES, *, group_by: GroupBy = "tag"
) -> str:
    """A reading list: each paper once, under its first tag (or its day)."""
    noun = "paper" if len(papers) == 1 else "papers"
    parts = [f"# Reading list\n\n{len(papers)} {noun}, grouped by {group_by}.\n"]
    for name, members in _groups(papers, group_by):
        items = "\n".join(markdown_item(paper, own) for paper in members)
        parts.append(f"## {_line_start(markdown_escape(name))}\n\n{items}\n")
    return "\n".join(parts)
