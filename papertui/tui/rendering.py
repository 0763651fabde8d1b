"""A paper rendered to strips with Rich, off the UI thread: header, then the section."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console, Group, RenderableType
from rich.style import Style
from rich.text import Text
from rich.theme import Theme
from textual.strip import Strip

from papertui.tui import remote_images, wrapping
from papertui.tui.graphics import NO_FETCH, Graphics, ImageSettings
from papertui.tui.math_unicode import math_to_unicode
from papertui.tui.pane_images import draw_image
from papertui.tui.section import (
    FIGURE,
    prepare_section,
    short_url,
    shows_paper,
    web_links,
)
from papertui.vault.flags import IS_WORDS, Flag
from papertui.vault.paper import Paper
from papertui.vault.sanitize import clean_line
from papertui.vault.scan import section_text
from papertui.vault.watch import active_watch_list

if TYPE_CHECKING:
    from papertui.tui.terminal_images import SixelPicture

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

wrapping.install()  # CJK text breaks between characters, never inside a Latin word


@dataclass(frozen=True, slots=True)
class Place:
    """Which of a paper's appearances the pane shows, and the keys that show the others."""

    index: int = 0
    keys: str = ""
    """Shown after the count when there are several (``a/A``)."""


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
    paper: Paper,
    width: int,
    look: Look,
    *,
    flags: frozenset[Flag] = frozenset(),
    place: Place | None = None,
    yours: RenderableType | None = None,
) -> list[Strip]:
    """Title, authors, state, day, arXiv id, tags, links and the note shown.

    Args:
        paper: The paper.
        width: Cells.
        look: The styles.
        flags: The flags it carries.
        place: Which of its appearances the pane shows (default: the first).
        yours: Your tags' line, below the note's tags.
    """
    place = place or Place()
    parts = _header_parts(paper, width, look, flags, place, yours)
    return render_lines(Group(*parts), width)


def _header_parts(
    paper: Paper,
    width: int,
    look: Look,
    flags: frozenset[Flag],
    place: Place,
    yours: RenderableType | None,
) -> Iterable[RenderableType]:
    # Note text goes into Text objects, never through markup, and cleaned.
    yield Text(math_to_unicode(clean_line(paper.title)), style=look["title"])
    if paper.authors:
        # One line: a long author list ends in "…", the note below has them all.
        yield Text(
            clean_line(", ".join(paper.authors)),
            style=look["authors"],
            no_wrap=True,
            overflow="ellipsis",
        )
    meta = Text(style=look["meta"])
    meta.append_text(_flag_words(flags, look))
    if paper.day:
        meta.append(f" · {paper.day.isoformat()}")
    if paper.arxiv_id:
        version = f"v{paper.arxiv_version}" if paper.arxiv_version else ""
        meta.append(f" · arXiv {clean_line(paper.arxiv_id)}{version}")
    yield meta
    if reasons := active_watch_list().reasons(paper):
        # (The watch-list's own words, from the config: cleaned like note text.)
        yield Text(f"◆ watched: {clean_line(', '.join(reasons))}", style=look["state"])
    if paper.tags:
        tags = Text()
        for tag in paper.tags:
            tags.append(f"#{clean_line(tag)}", style=look["tag"])
            tags.append(" ")
        yield tags
    if yours is not None:
        yield yours
    links = web_links(paper)
    if links:
        yield _links(links, look)
    if paper.appearances:
        yield _note(paper, look, place)
    yield Text("─" * width, style=look["rule"])


def _flag_words(flags: frozenset[Flag], look: Look) -> Text:
    """``★ starred · read``: the flags with a glyph that the paper carries, lit, then
    those without one, then the word for an absence that holds (``unread``)."""
    text = Text()
    for flag in Flag:
        if flag.spec.glyph and flag in flags:
            text.append(f"{flag.spec.glyph} {flag} · ", style=look["state"])
    plain = [flag for flag in Flag if not flag.spec.glyph]
    words = [flag.value for flag in plain if flag in flags]
    absent = (flag.spec.unset_word for flag in plain if flag.spec.unset_word)
    words += [word for word in absent if IS_WORDS[word].holds(flags)]
    text.append(" · ".join(words))
    return text


def _links(links: list[tuple[str, str]], look: Look) -> Text:
    """Every web link on one line: ``abstract arxiv.org/abs/… · PDF … · code github.com/…``.

    Each shows its label and a short form of its address (the whole address is
    the text's link, and ``o``/``p``/``y`` open or copy it); a narrow pane ends the
    line in "…" rather than breaking an address.
    """
    line = Text(no_wrap=True, overflow="ellipsis")
    for number, (label, url) in enumerate(links):
        if number:
            line.append(" · ", style=look["muted"])
        line.append(f"{label} ", style=look["muted"])
        line.append(short_url(clean_line(url)), style=look["link"] + Style(link=url))
    return line


def _note(paper: Paper, look: Look, place: Place) -> Text:
    """The note shown: ``in path:line``, under ``2 of 5 notes (a/A) · day`` if there are several.

    The path has a line of its own: a narrow pane would break the line inside it.
    """
    appearances = paper.appearances
    index = place.index % len(appearances)
    shown = appearances[index]
    where = Text(f"in {clean_line(shown.path)}:{shown.line}", style=look["muted"])
    if len(appearances) == 1:
        return where
    keys = f" ({clean_line(place.keys)})" if place.keys else ""
    day = f" · {shown.day.isoformat()}" if shown.day else ""
    return Text.assemble(
        (f"{index + 1} of {len(appearances)} notes", look["authors"]),
        (f"{keys}{day}\n", look["muted"]),
        where,
    )


@dataclass(frozen=True, slots=True)
class Body:
    """A section rendered: its lines, and its headings with the line each starts on."""

    lines: list[Strip]
    outline: tuple[tuple[str, int], ...] = ()
    figures: tuple[tuple[int, int, Path], ...] = ()
    """The images drawn: first line, line after the last, file."""
    sixels: tuple[tuple[int, SixelPicture], ...] = ()
    """The images the pane paints in Sixel over their blank lines: first line, picture."""
    pending: tuple[str, ...] = ()
    """Remote images to fetch (then render again to draw them)."""


def render_section(
    paper: Paper,
    root: Path | None,
    width: int,
    look: Look,
    index: int = 0,
    *,
    open_details: bool = False,
    images: ImageSettings = NO_FETCH,
) -> Body:
    """One section of the paper (its ``index``-th appearance), read from its note now.

    Links show their text (the address is the text's link); ``<details>`` show
    their summary line, and what they hold when ``open_details``.

    A note that is gone, or changed so that the lines no longer hold this
    paper, is said so above whatever those lines hold now.
    """
    if root is None or not paper.appearances:
        return Body([Strip([])])
    appearance = paper.appearances[index % len(paper.appearances)]
    try:
        raw = section_text(root, appearance)
    except (OSError, ValueError) as error:
        return Body(_say(f"Cannot read {appearance.path}: {error}", width, look))
    if not raw.strip():
        gone = not (root / appearance.path).is_file()
        what = "is gone" if gone else "changed: the paper is no longer at these lines"
        message = f"{appearance.path} {what} since it was read. R reads the vault again."
        return Body(_say(message, width, look))
    own = shows_paper(raw, paper)
    text = prepare_section(
        raw, paper, appearance, root,
        heading=not own, open_details=open_details, fetch_remote=images.fetch_remote,
    )  # fmt: skip
    drawing = _Drawing(width, look, images.graphics)
    lines = drawing.markdown(text)
    if not own:
        warning = (
            f"{appearance.path} changed since it was read: below is what these lines hold now, "
            "which may not be this paper. R reads the vault again."
        )
        said = [*_say(warning, width, look), Strip([])]
        lines = [*said, *lines]
        drawing.shift(len(said))
    return Body(
        lines, outline(text, lines), tuple(drawing.figures), tuple(drawing.sixels),
        tuple(drawing.pending),
    )  # fmt: skip


def render_markdown(text: str, width: int, look: Look) -> list[Strip]:
    """Markdown (your note: no images in it) to strips."""
    return _Drawing(width, look, Graphics.OFF).text(text)


class _Drawing:
    """Markdown to strips, with each marked image drawn where it stands."""

    def __init__(self, width: int, look: Look, graphics: Graphics) -> None:
        self.width, self.look, self.graphics = width, look, graphics
        self.figures: list[tuple[int, int, Path]] = []
        self.sixels: list[tuple[int, SixelPicture]] = []
        self.pending: list[str] = []

    def shift(self, lines: int) -> None:
        """Lines were put above the section: every image is that much lower."""
        self.figures = [(start + lines, end + lines, path) for start, end, path in self.figures]
        self.sixels = [(start + lines, picture) for start, picture in self.sixels]

    def markdown(self, text: str) -> list[Strip]:
        lines: list[Strip] = []
        at = 0
        for mark in FIGURE.finditer(text):
            lines += self.text(text[at : mark.start()])
            at = mark.end()
            gap = bool(lines) and bool(lines[-1].cell_length) and bool(lines[-1].text.strip())
            lines += self._figure(mark.group("path"), mark.group("alt"), len(lines), gap)
        return lines + self.text(text[at:])

    def text(self, chunk: str) -> list[Strip]:
        if not chunk.strip():
            return []
        from rich.markdown import Markdown  # markdown-it loads with the first section shown

        look = self.look
        markdown = Markdown(
            chunk, hyperlinks=True, code_theme="monokai" if look.dark else "default"
        )
        return render_lines(markdown, self.width, look.markdown_theme)

    def _figure(self, where: str, alt: str, at: int, gap: bool) -> list[Strip]:
        """One image, drawn from line ``at`` (a blank line first if ``gap``), or a line
        that says why not."""
        width, look = self.width, self.look
        path: Path | None = Path(where)
        remote = where.startswith("<") and where.endswith(">")  # a web address (``_figure``)
        if remote:
            where = where[1:-1]
            path = remote_images.cached(where)
            if path is None:
                problem = remote_images.failure(where)
                if problem is None:
                    self.pending.append(where)
                said = f"{alt}: {short_url(where)} {problem or 'is being fetched…'}"
                return _say(said, width, look)
        assert path is not None
        name = short_url(where) if remote else path.name
        if self.graphics is Graphics.OFF:
            self.figures.append((at, at + 1, path))
            return _say(f"{alt}: {name} (i opens it)", width, look)
        drawn = draw_image(path, width, self.graphics)
        if drawn.problem is not None:
            return _say(f"{alt}: {name} {drawn.problem}", width, look)
        lines: list[Strip] = [Strip([])] if gap else []
        at += len(lines)
        self.figures.append((at, at + len(drawn.lines), path))
        if drawn.sixel is not None:
            self.sixels.append((at, drawn.sixel))
        lines += drawn.lines
        caption = Text(f"{alt} · {name}", style=look["muted"], no_wrap=True, overflow="ellipsis")
        return lines + render_lines(caption, width)


_ATX = re.compile(r"^ {0,3}#{1,6}[ \t]+(?P<title>.+?)[ \t#]*$")
_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\([^)]*\)")


def outline(markdown: str, lines: list[Strip]) -> tuple[tuple[str, int], ...]:
    """The headings of ``markdown`` (outside code), each with the rendered line it is on."""
    titles: list[str] = []
    fenced = False
    for line in markdown.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and (match := _ATX.match(line)):
            title = _LINK.sub(r"\g<text>", match.group("title")).replace("**", "").strip()
            titles.append(" ".join(title.replace("`", "").split()))
    found: list[tuple[str, int]] = []
    at = 0
    for title in titles:
        start = title[: max(8, len(title) // 2)]  # a long heading wraps: its start is enough
        for number in range(at, len(lines)):
            if start and start in lines[number].text:
                found.append((title, number))
                at = number + 1
                break
    return tuple(found)


def first_link(lines: Iterable[Strip]) -> str | None:
    """The address of the first link in ``lines`` (a link shows only its text)."""
    for line in lines:
        for segment in line:
            if segment.style is not None and segment.style.link:
                return segment.style.link
    return None


def _say(message: str, width: int, look: Look) -> list[Strip]:
    """A line of the pane's own about the note (the path in it is data: cleaned, no markup)."""
    return render_lines(Text(clean_line(message), style=look["state"]), width)
