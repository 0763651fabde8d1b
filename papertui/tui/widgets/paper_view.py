"""The paper pane: a header, then the paper's section rendered as Markdown in a worker."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.markdown import Markdown
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from rich.theme import Theme
from textual import events, work
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import get_current_worker

from papertui.tui.section import prepare_section, web_links
from papertui.tui.styling import component_style
from papertui.tui.widgets.paper_list import Flags, NoFlags
from papertui.vault.paper import Paper
from papertui.vault.sanitize import clean_line
from papertui.vault.scan import section_text

# Rich Markdown styles that follow the component classes of app.tcss.
_MARKDOWN_STYLES = {
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


def render_lines(renderable: RenderableType, width: int, theme: Theme | None = None) -> list[Strip]:
    """Render to strips ``width`` cells wide (safe in a thread: a console of its own)."""
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
    options: ConsoleOptions = console.options.update(width=width, height=None)
    return [Strip(line) for line in console.render_lines(renderable, options, pad=False)]


class PaperView(ScrollView, can_focus=True):
    """The selected paper: header (title, authors, day, tags, id, links, notes) and section."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "paper-view--title",
        "paper-view--authors",
        "paper-view--meta",
        "paper-view--tag",
        "paper-view--link",
        "paper-view--muted",
        "paper-view--state",
        "paper-view--h1",
        "paper-view--h2",
        "paper-view--h3",
        "paper-view--h4",
        "paper-view--code",
        "paper-view--quote",
        "paper-view--bullet",
        "paper-view--rule",
    }

    paper: reactive[Paper | None] = reactive(None, init=False)
    """The paper shown (bound from the screen's ``current``)."""
    revision: reactive[int] = reactive(0, init=False)
    """Bumped by the screen when read/star flags change (the header shows them)."""

    @dataclass
    class Rendered(Message):
        """The section of ``paper`` is on screen."""

        paper_view: PaperView
        paper: Paper

        @property
        def control(self) -> PaperView:
            return self.paper_view

    def __init__(
        self,
        *,
        flags: Flags | None = None,
        root: Path | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.flags: Flags = flags or NoFlags()
        self.root = root
        """The vault the sections are read from."""
        self._header: list[Strip] = []
        self._body: list[Strip] = []
        self._render_width = 0
        self._rendered_key: str | None = None

    @property
    def lines(self) -> list[Strip]:
        """Everything the pane holds, one strip per line."""
        return self._header + self._body

    def watch_paper(self, paper: Paper | None) -> None:
        self._rendered_key = None
        self._body = [self._note("Loading…")] if paper else []
        self._render_header()
        self.scroll_to(0, 0, animate=False, immediate=True)
        self._start_body()

    def watch_revision(self) -> None:
        self._render_header()

    def on_resize(self, event: events.Resize) -> None:
        width = self._content_width()
        if width != self._render_width:
            self._render_header()
            self._start_body()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self.is_mounted and self._render_width:
            self._render_header()
            self._start_body()

    def _content_width(self) -> int:
        return max(10, self.scrollable_content_region.width)

    def _note(self, text: str) -> Strip:
        return Strip([Segment(text, self._style("muted"))])

    def _style(self, name: str) -> Style:
        return component_style(self, f"paper-view--{name}")

    def _update_size(self) -> None:
        self.virtual_size = Size(self._render_width, len(self._header) + len(self._body))
        self.refresh()

    def _render_header(self) -> None:
        self._render_width = self._content_width()
        paper = self.paper
        self._header = (
            render_lines(Group(*self._header_parts(paper)), self._render_width) if paper else []
        )
        self._update_size()

    def _start_body(self) -> None:
        paper = self.paper
        if paper is None or self.root is None or not paper.appearances:
            self._body = [self._note("Nothing to show.")] if paper else []
            self._update_size()
            return
        code_theme = "monokai" if self.app.current_theme.dark else "default"
        self._render_body(paper, self.root, self._render_width, self._markdown_theme(), code_theme)

    @work(thread=True, exclusive=True, group="paper-view", exit_on_error=False)
    def _render_body(
        self, paper: Paper, root: Path, width: int, theme: Theme, code_theme: str
    ) -> None:
        """Read and render the section off the UI thread; a newer paper cancels this one."""
        worker = get_current_worker()
        appearance = paper.appearances[0]
        try:
            raw = section_text(root, appearance)
        except (OSError, ValueError) as error:
            markdown: RenderableType = Text(
                f"Cannot read {clean_line(appearance.path)}: {clean_line(str(error))}"
            )
        else:
            markdown = Markdown(
                prepare_section(raw, paper, appearance, root),
                hyperlinks=False,
                code_theme=code_theme,
            )
        if worker.is_cancelled:
            return
        lines = render_lines(markdown, width, theme)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show_body, paper, width, lines)

    def _show_body(self, paper: Paper, width: int, lines: list[Strip]) -> None:
        if paper is not self.paper or width != self._render_width:
            return  # stale: the pane moved on while this was rendering
        self._body = lines
        self._rendered_key = paper.key
        self._update_size()
        self.post_message(self.Rendered(self, paper))

    def _markdown_theme(self) -> Theme:
        styles: dict[str, Style | str] = {
            name: self._style(part) for name, part in _MARKDOWN_STYLES.items()
        }
        return Theme(styles)

    def _header_parts(self, paper: Paper) -> Iterable[RenderableType]:
        """The header, built from Text (never markup) with note text cleaned."""
        yield Text(clean_line(paper.title), style=self._style("title"))
        if paper.authors:
            yield Text(clean_line(", ".join(paper.authors)), style=self._style("authors"))
        meta = Text(style=self._style("meta"))
        read = self.flags.is_read(paper.key)
        starred = self.flags.is_starred(paper.key)
        meta.append("★ starred" if starred else "☆", style=self._style("state"))
        meta.append(" · read" if read else " · unread")
        if paper.day:
            meta.append(f" · {paper.day.isoformat()}")
        if paper.arxiv_id:
            version = f"v{paper.arxiv_version}" if paper.arxiv_version else ""
            meta.append(f" · arXiv {clean_line(paper.arxiv_id)}{version}")
        yield meta
        if paper.tags:
            tags = Text()
            for tag in paper.tags:
                tags.append(f"#{clean_line(tag)}", style=self._style("tag"))
                tags.append(" ")
            yield tags
        for label, url in web_links(paper):
            yield Text.assemble((f"{label}: ", self._style("muted")), (url, self._style("link")))
        count = len(paper.appearances)
        notes = Text(f"In {count} note{'s' if count != 1 else ''}:", style=self._style("muted"))
        for appearance in paper.appearances[:5]:
            day = f" ({appearance.day.isoformat()})" if appearance.day else ""
            notes.append(f"\n  {clean_line(appearance.path)}:{appearance.line}{day}")
        if count > 5:
            notes.append(f"\n  … and {count - 5} more")
        yield notes
        yield Text("─" * self._render_width, style=self._style("rule"))

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        header = self._header
        if index < len(header):
            line = header[index]
        elif index - len(header) < len(self._body):
            line = self._body[index - len(header)]
        else:
            return Strip.blank(width, self.rich_style)
        return line.crop_extend(scroll_x, scroll_x + width, self.rich_style).apply_style(
            self.rich_style
        )
