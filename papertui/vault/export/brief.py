"""The daily brief: the new unread papers of a period as Markdown, For you first, then by tag."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from papertui.vault.export.bibtex import safe_url
from papertui.vault.export.markdown import _groups, _line_start, markdown_escape
from papertui.vault.flags import Flags, done_keys
from papertui.vault.paper import Paper

SUMMARY_LINES = 3
"""The lines of a paper's summary the brief quotes."""
SUMMARY_CHARS = 400
"""At most this much of them."""
_SINCE = re.compile(r"(\d+)\s*([dw])", re.IGNORECASE)


class SinceError(ValueError):
    """A ``--since`` that is neither ``Nd``, ``Nw`` nor a date."""


def parse_since(text: str, today: date) -> date:
    """The first day of the period ``text`` names: ``7d`` and ``2w`` back from ``today``,
    or a date (``2024-09-01``).

    Raises:
        SinceError: when ``text`` is none of them.
    """
    text = text.strip()
    if match := _SINCE.fullmatch(text):
        count, unit = int(match[1]), match[2].lower()
        try:
            return today - timedelta(days=count * (7 if unit == "w" else 1))
        except OverflowError:
            raise SinceError(f"--since {text}: too far back") from None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise SinceError(
            f"--since expects a number of days (7d), of weeks (2w) or a date "
            f"(2024-09-01), not {text!r}"
        ) from None


def new_unread(papers: Sequence[Paper], flags: Flags, since: date) -> list[Paper]:
    """The papers of ``since`` or later (by their day) that are unread, newest first."""
    done = done_keys(flags)
    fresh = [p for p in papers if p.day is not None and p.day >= since and p.key not in done]
    return sorted(fresh, key=lambda paper: paper.day or since, reverse=True)


@dataclass(frozen=True, slots=True)
class Brief:
    """What the brief holds."""

    title: str
    since: date
    papers: Sequence[Paper]
    """The new unread papers, newest first."""
    for_you: Sequence[Paper] = ()
    """The best recommendations among them, best first."""
    because: Mapping[str, Sequence[str]] = field(default_factory=dict)
    """Paper key -> titles of the liked papers it resembles."""
    for_you_note: str = ""
    """Why there is no For-you section (too few liked papers), if there is none."""


def write_brief(brief: Brief) -> str:
    """The brief as Markdown: a heading, For you (when there are recommendations), each tag."""
    count = len(brief.papers)
    noun = "paper" if count == 1 else "papers"
    parts = [
        f"# {_line_start(markdown_escape(brief.title))}\n\n"
        f"{count:,} new unread {noun} since {brief.since.isoformat()}.\n"
    ]
    if brief.for_you:
        items = "\n".join(_item(paper, brief.because.get(paper.key, ())) for paper in brief.for_you)
        parts.append(f"## For you\n\n{items}\n")
    elif brief.for_you_note:
        parts.append(f"_{markdown_escape(brief.for_you_note)}._\n")
    for name, members in _groups(brief.papers, "tag"):
        items = "\n".join(_item(paper) for paper in members)
        parts.append(f"## {_line_start(markdown_escape(name))}\n\n{items}\n")
    return "\n".join(parts)


def _item(paper: Paper, because: Sequence[str] = ()) -> str:
    title = markdown_escape(paper.title) or "(untitled)"
    links = _links(paper)
    lines = [f"- **{title}**" + (f" · {' · '.join(links)}" if links else "")]
    details = [markdown_escape(name) for name in paper.authors if name.strip()]
    line = ", ".join(details)
    if paper.day:
        line = f"{line} · {paper.day.isoformat()}" if line else paper.day.isoformat()
    if line:
        lines.append(f"  - {_line_start(line)}")
    if because:
        liked = "; ".join(markdown_escape(title) for title in because)
        lines.append(f"  - because you liked: {liked}")
    if summary := _summary(paper.summary):
        lines.append(f"  - {_line_start(summary)}")
    return "\n".join(lines)


def _links(paper: Paper) -> list[str]:
    """``[abs](...)``, ``[pdf](...)``, ``[code](...)``: each link the paper has, once."""
    found: dict[str, str] = {}
    if paper.arxiv_id:
        found["abs"] = f"https://arxiv.org/abs/{paper.arxiv_id}"
        found["pdf"] = f"https://arxiv.org/pdf/{paper.arxiv_id}"
    for name, link in (("abs", paper.links.abs), ("pdf", paper.links.pdf)):
        found.setdefault(name, safe_url(link) or "")
    found["code"] = safe_url(paper.links.code) or ""
    return [f"[{name}]({url})" for name, url in found.items() if url and safe_url(url)]


def _summary(summary: str) -> str:
    """The summary's first lines, on one line (list marks dropped), cut to a length."""
    lines = [line.strip().lstrip("-*•> ").strip() for line in summary.splitlines()]
    text = " ".join([line for line in lines if line][:SUMMARY_LINES])
    if len(text) > SUMMARY_CHARS:
        text = text[:SUMMARY_CHARS].rstrip() + "…"
    return markdown_escape(text)
