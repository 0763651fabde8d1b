"""The paper pane: a header, then one section of the paper, rendered in a worker."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, work
from textual.binding import BindingType
from textual.message import Message
from textual.reactive import var
from textual.worker import get_current_worker

from papertui.tui.graphics import NO_FETCH, ImageSettings
from papertui.tui.pane_own import NOTHING, own_view
from papertui.tui.pane_renders import Ready, RenderedPaper, RenderJob
from papertui.tui.rendering import PARTS, Look, Place, first_link
from papertui.tui.section import is_web_url, nearest_appearance
from papertui.tui.styling import component_style
from papertui.tui.verb_table import VERBS_BY_ID, Scope, bindings, key_of
from papertui.tui.widgets.pane_figures import wanted
from papertui.tui.widgets.pane_finding import FIND_PARTS
from papertui.tui.widgets.pane_lines import PaneLines
from papertui.vault.flags import NO_FLAGS, Flags, flags_on
from papertui.vault.paper import Appearance, Paper

if TYPE_CHECKING:
    from papertui.session import Session


class PaperView(PaneLines, can_focus=True):
    """The selected paper: header (title, authors, day, tags, id, links, note) and section.

    Only the selected paper is rendered, in an exclusive worker: moving fast
    through the list cancels renders that are no longer wanted, and the pane
    changes once per paper (header and section together).

    A paper in several notes shows one appearance at a time (``step``); another
    paper starts at its first, and a rescan keeps the one shown.
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings(Scope.PANE)  # type: ignore[assignment]
    COMPONENT_CLASSES: ClassVar[set[str]] = {f"paper-view--{p}" for p in PARTS | FIND_PARTS}

    paper: var[Paper | None] = var(None, init=False, always_update=True)
    """The paper shown (bound from the screen's ``current``)."""
    revision: var[int] = var(0, init=False)
    """Bumped by the screen when read/star flags change (the header shows them)."""
    flags: var[Flags] = var(NO_FLAGS, init=False)
    """Where read/starred come from (bound from the screen; the header shows them)."""

    @dataclass
    class Rendered(Message):
        """``paper`` is on screen, header and section."""

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
        max_text_width: int | None = None,
        images: ImageSettings = NO_FETCH,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(PaperView.flags, flags or NO_FLAGS)
        self.root = root
        """The vault the sections are read from."""
        self.max_text_width = max_text_width
        """Text is set no wider than this many cells (None: the pane's width)."""
        self.images = images
        """How images are drawn, and whether remote ones are fetched."""
        self._own = NOTHING
        """Your note and tags as the paper shown was rendered with them."""
        self._shown: Paper | None = None
        self._shown_at: Appearance | None = None
        self._wanted: tuple[str, Appearance] | None = None
        """The paper key and the appearance to show for it."""
        self._index = 0
        """The index of that appearance in ``paper.appearances``."""
        self._look: Look | None = None
        self._outline: tuple[tuple[str, int], ...] = ()
        self.open_details = False
        """``<details>`` blocks show what they hold (``d``), for every paper until closed."""
        self._ready = Ready()
        self._ahead: tuple[Paper, ...] = ()

    @classmethod
    def for_session(cls, session: Session, *, id: str | None = None) -> PaperView:
        """The pane for ``session``: its vault, text width and images."""
        width, images = session.config.max_text_width, ImageSettings.of(session)
        return cls(root=session.vault, max_text_width=width, images=images, id=id)

    @property
    def shown(self) -> Paper | None:
        """The paper on screen now (lags ``paper`` while its render runs)."""
        return self._shown

    @property
    def shown_at(self) -> Appearance | None:
        """The appearance (note and lines) on screen now."""
        return self._shown_at

    def step(self, paper: Paper, step: int) -> None:
        """Show the appearance of ``paper`` ``step`` away from the one shown, wrapping.

        ``paper`` is the list's (it may be a keystroke ahead of ``self.paper``):
        if the pane has not got it yet, it starts at that appearance once it has.
        """
        if not paper.appearances:
            return
        index = (self._place_of(paper) + step) % len(paper.appearances)
        self._wanted = (paper.key, paper.appearances[index])
        if self.paper is not None and self.paper.key == paper.key:
            self._start(self.paper)

    def _place_of(self, paper: Paper) -> int:
        """The index of the appearance to show: the wanted one, else the first."""
        if self._wanted is None or self._wanted[0] != paper.key:
            return 0
        return nearest_appearance(paper, self._wanted[1])

    def watch_paper(self, paper: Paper | None) -> None:
        if paper is None:
            self._shown = self._shown_at = None
            self.figures.clear()
            self._set_lines([], [])
            return
        self._start(paper)

    def watch_flags(self) -> None:
        self.watch_revision()

    def watch_revision(self) -> None:
        paper = self._shown
        if paper is not None and paper is self.paper:
            job = self._job(paper, self._index)
            if job.own != self._own:  # your note is under the section: render it all again
                self._start(paper)
                return
            self._header = job.header()
            self._set_lines(self._header, self._body)

    def on_resize(self, event: events.Resize) -> None:
        if self._content_width() != self._render_width and self.paper is not None:
            self._start(self.paper)

    @property
    def look(self) -> Look:
        """The styles a render uses, read from app.tcss once per style change."""
        if self._look is None:
            styles = {part: component_style(self, f"paper-view--{part}") for part in PARTS}
            self._look = Look(styles, dark=self.app.current_theme.dark)
        return self._look

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._look = None
        self._ready.clear()
        if self.is_mounted and self.paper is not None and self._render_width:
            self._start(self.paper)

    def _content_width(self) -> int:
        """The width text is set to: the pane's, but no wider than the config's limit."""
        limit = self.max_text_width or 10_000
        return max(10, min(limit, self.scrollable_content_region.width))

    def _place(self, index: int) -> Place:
        """The appearance shown, and the keys that show the others (remaps included)."""
        keymap = getattr(self.app, "keymap", {})
        keys = "/".join(
            key_of(VERBS_BY_ID[verb], keymap).split(", ")[0]
            for verb in ("next_appearance", "previous_appearance")
        )
        return Place(index, keys)

    def _job(self, paper: Paper, index: int) -> RenderJob:
        return RenderJob(
            paper, self.root, self._content_width(), self.look, flags_on(self.flags, paper.key),
            self._place(index), self.open_details, self.images, own_view(self.flags, paper.key),
            self.base_style,
        )  # fmt: skip

    def _start(self, paper: Paper) -> None:
        self._index = self._place_of(paper)
        if paper.appearances:
            self._wanted = (paper.key, paper.appearances[self._index])
        self._render_width = self._content_width()
        job = self._job(paper, self._index)
        ready = self._ready.take(job)
        if ready is None:
            self._render_paper(job)
        else:  # rendered ahead: shown now, and a render still running is not wanted
            self.workers.cancel_group(self, "paper-view")
            self._rendered(ready)

    def has_ready(self, paper: Paper) -> bool:
        """``paper`` is rendered ahead: given it, the pane paints it at once, no worker."""
        return self._ready.has(self._job(paper, self._place_of(paper)))

    def render_ahead(self, papers: Sequence[Paper]) -> None:
        """Papers the reader may go to next (the list's neighbours): rendered, once the
        paper shown is, in a worker of their own, so that going to one shows it at once."""
        self._ahead = tuple(papers)

    def _start_ahead(self) -> None:
        jobs = [self._job(paper, self._place_of(paper)) for paper in self._ahead]
        jobs = [job for job in jobs if not self._ready.has(job)]
        if jobs:
            self._render_ahead(jobs)

    @work(thread=True, exclusive=True, group="paper-view", exit_on_error=False)
    def _render_paper(self, job: RenderJob) -> None:
        """Read and render off the UI thread; a newer paper cancels this one."""
        worker = get_current_worker()
        rendered = job.run(lambda: worker.is_cancelled)
        if rendered is not None and not worker.is_cancelled:
            self.app.call_from_thread(self._rendered, rendered)

    @work(thread=True, exclusive=True, group="paper-ahead", exit_on_error=False)
    def _render_ahead(self, jobs: list[RenderJob]) -> None:
        worker = get_current_worker()
        for job in jobs:
            rendered = job.run(lambda: worker.is_cancelled)
            if rendered is None or worker.is_cancelled:
                return
            self.app.call_from_thread(self._ready.keep, rendered)

    def _rendered(self, rendered: RenderedPaper) -> None:
        job, header, body = rendered.job, rendered.header, rendered.body
        paper, index = job.paper, job.place.index
        if paper is not self.paper or job.width != self._render_width or index != self._index:
            return  # stale: the pane moved on while this was rendering
        at = paper.appearances[index] if paper.appearances else None
        self._shown, shown, self._shown_at, shown_at = paper, self._shown, at, self._shown_at
        self._own = job.own
        if paper is shown:
            moved = at != shown_at  # a step to another note (or a resize: no)
        else:  # another paper, or a rescan's new one: that keeps the place in the same note
            moved = shown is None or paper.key != shown.key
            moved = moved or at is None or shown_at is None or at.path != shown_at.path
        self._outline = tuple((title, len(header) + line) for title, line in body.outline)
        self.figures.show(len(header), body)
        self._set_lines(header, body.lines)
        if moved:
            self.scroll_to(0, 0, animate=False, immediate=True)
        if self._find is not None:
            self._find.search(self.lines, self.scroll_offset.y)
        self.post_message(self.Rendered(self, paper))
        self.call_after_refresh(self._start_ahead)  # painting this paper comes first
        if body.pending:
            self._fetch_images(wanted(body.pending))

    @work(thread=True, group="image-fetch", exit_on_error=False)
    def _fetch_images(self, urls: tuple[str, ...]) -> None:
        """Fetch the remote images of the paper shown (fetching is on), then show it again."""
        from papertui.tui import remote_images

        for url in urls:
            remote_images.fetch(url)
        self.app.call_from_thread(self._fetched)

    def _fetched(self) -> None:
        """The images are in the cache (or failed): the paper shown, again, draws them."""
        if self.paper is not None and self.paper is self._shown:
            self._start(self.paper)

    # -- the pane's own keys -------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A pane key that does not apply now lets the key go on to the screen's verb."""
        find = self._find
        if action in ("find_next", "find_previous"):
            return find is not None and bool(find.matches)
        if action == "close_find":
            return find is not None
        if action == "copy_link_in_view":
            return self._link_in_view() is not None
        if action == "open_image":
            return self._image_in_view() is not None or None
        if action == "outline":
            return bool(self._outline) or None
        return True

    def action_toggle_details(self) -> None:
        """Open or close every ``<details>`` block (screenshots, abstracts)."""
        self.open_details = not self.open_details
        if self.paper is not None:
            self._start(self.paper)

    @property
    def outline(self) -> tuple[tuple[str, int], ...]:
        """The section's headings, each with the pane line it is on."""
        return self._outline

    def action_outline(self) -> None:
        """Choose a heading of the section to go to (a palette of the headings)."""
        from papertui.tui.widgets.pane_outline import open_outline

        open_outline(self.app)

    def _link_in_view(self) -> str | None:
        """The address of the first link on screen (from the current match's line on)."""
        start = top = self.scroll_offset.y
        if self._find is not None and self._find.matches:
            start = self._find.matches[self._find.current].line
        url = first_link(self.lines[start : top + self.scrollable_content_region.height])
        return url if url and is_web_url(url) else None

    def _image_in_view(self) -> Path | None:
        """The file of the first image drawn on screen."""
        return self.figures.in_view(self.scroll_offset.y, self.scrollable_content_region.height)

    def action_open_image(self) -> None:
        """Open the first image in view in the system's viewer."""
        path = self._image_in_view()
        if path is not None:
            self.app.open_url(path.as_uri())
            self.notify(f"Opening {path.name}", timeout=3, markup=False)

    def action_copy_link_in_view(self) -> None:
        """Copy the address of the first link in view (a link shows only its text)."""
        url = self._link_in_view()
        if url is not None:
            self.app.copy_to_clipboard(url)
            self.notify(f"Copied {url}", timeout=3, markup=False)
