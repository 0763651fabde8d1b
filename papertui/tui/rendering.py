"""A paper rendered to strips with Rich, off the UI thread: header, then the section."""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console, Group, RenderableType
from rich.markdown import Markdown
from rich.style import Style
from rich.text import Text
from rich.theme import Theme
from textual.strip import Strip

from papertui.tui.section import prepare_section, web_links
from papertui.vault.paper import Paper
from papertui.vault.sanitize import clean_line
from papertui.vault.scan import section_text

HEADER_PARTS = ("title", "authors", "meta", "state", "tag", "link", "muted", "rule")
# Rich Markdown's style names, and the part of the pane (component class) each follows.
MARKDOWN_PARTS = {
    "markdown.h1": "h1",
    "markdown.h1.border": "h1",
    "markdown.h2": "h2",
    "markdown.h3": "h3",
    "markdown.h4": "h4",
    "markdown.h5": "h4",
    "markdown.h6": "h4",
    "markdown.link": "link",
    "markdown.link_url": "link",
    "markdown.code": "code",
    "markdown.block_quote": "quote",
    "markdown.item.bullet": "bullet",
    "markdown.item.number": "bullet",
    "markdown.hr": "rule",
}
PARTS = frozenset(HEADER_PARTS) | frozenset(MARKDOWN_PARTS.values())


@dataclass(frozen=True, slots=True)
class Look:
    """Everything a render needs from the UI thread (styles from app.tcss, the theme)."""

    styles: Mapping[str, Style]
    """By part name (see ``PARTS``)."""
    dark: bool = True

    def __getitem__(self, part: str) -> Style:
        return self.styles.get(part, Style())

    @property
    def markdown_theme(self) -> Theme:
        return Theme({name: self[part] for name, part in MARKDOWN_PARTS.items()})


def render_lines(renderable: RenderableType, width: int, theme: Theme | None = None) -> list[Strip]:
    """Render to strips ``width`` cells wide (thread-safe: a console of its own)."""
    console = Console(
        file=io.StringIO(),
        width=width,
        color_system="truecolor",
        force_terminal=True,
        markup=False,
        emoji=False,
        highlight=False,
        theme=theme,
        legacy_windows=False,
    )
    options = console.options.update(width=width, height=None)
    return [Strip(line) for line in console.render_lines(renderable, options, pad=False)]


def render_header(
    paper: Paper, width: int, look: Look, *, read: bool, starred: bool
) -> list[Strip]:
    """Title, authors, state, day, arXiv id, tags, links and the notes it is in."""
    return render_lines(Group(*_header_parts(paper, width, look, read, starred)), width)


def _header_parts(
    paper: Paper, width: int, look: Look, read: bool, starred: bool
) -> Iterable[RenderableType]:
    # Note text goes into Text objects, never through markup, and cleaned.
    yield Text(clean_line(paper.title), style=look["title"])
    if paper.authors:
        yield Text(clean_line(", ".join(paper.authors)), style=look["authors"])
    meta = Text(style=look["meta"])
    if starred:
        meta.append("★ starred · ", style=look["state"])
    meta.append("read" if read else "unread")
    if paper.day:
        meta.append(f" · {paper.day.isoformat()}")
    if paper.arxiv_id:
        version = f"v{paper.arxiv_version}" if paper.arxiv_version else ""
        meta.append(f" · arXiv {clean_line(paper.arxiv_id)}{version}")
    yield meta
    if paper.tags:
        tags = Text()
        for tag in paper.tags:
            tags.append(f"#{clean_line(tag)}", style=look["tag"])
            tags.append(" ")
        yield tags
    for label, url in web_links(paper):
        yield Text.assemble((f"{label}: ", look["muted"]), (clean_line(url), look["link"]))
    yield _notes(paper, look)
    yield Text("─" * width, style=look["rule"])


def _notes(paper: Paper, look: Look) -> Text:
    """Where the paper appears: one line for one note, else a short list."""
    appearances = paper.appearances
    if len(appearances) == 1:
        only = appearances[0]
        return Text(f"in {clean_line(only.path)}:{only.line}", style=look["muted"])
    notes = Text(f"in {len(appearances)} notes:", style=look["muted"])
    for appearance in appearances[:5]:
        day = f" ({appearance.day.isoformat()})" if appearance.day else ""
        notes.append(f"\n  {clean_line(appearance.path)}:{appearance.line}{day}")
    if len(appearances) > 5:
        notes.append(f"\n  … and {len(appearances) - 5} more")
    return notes


def render_section(paper: Paper, root: Path | None, width: int, look: Look) -> list[Strip]:
    """The paper's first section, read from its note now and rendered as Markdown."""
    if root is None or not paper.appearances:
        return [Strip([])]
    appearance = paper.appearances[0]
    try:
        raw = section_text(root, appearance)
    except (OSError, ValueError) as error:
        message = f"Cannot read {appearance.path}: {error}"
        return render_lines(Text(clean_line(message), style=look["muted"]), width)
    if not raw.strip():
        message = f"{appearance.path} changed or is gone: rescan with R."
        return render_lines(Text(clean_line(message), style=look["muted"]), width)
    markdown = Markdown(
        prepare_section(raw, paper, appearance, root),
        hyperlinks=False,
        code_theme="monokai" if look.dark else "default",
    )
    return render_lines(markdown, width, look.markdown_theme)
