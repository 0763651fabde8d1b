"""What the pane renders, as a value: run off the UI thread, kept for papers rendered ahead."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from rich.style import Style
from textual.cache import LRUCache
from textual.strip import Strip

from papertui.tui.graphics import NO_FETCH, ImageSettings
from papertui.tui.pane_own import NOTHING, OwnView, render_own, tags_line
from papertui.tui.rendering import Body, Look, Place, render_header, render_section
from papertui.vault.flags import Flag
from papertui.vault.paper import Paper

_PLAIN = Style()

AHEAD = 16
"""Papers kept rendered: the list's neighbours of the last few papers shown."""


@dataclass(frozen=True, slots=True)
class RenderJob:
    """Everything a render of one paper depends on (all read on the UI thread)."""

    paper: Paper
    root: Path | None
    width: int
    look: Look
    flags: frozenset[Flag]
    """The flags the paper carries (its header shows them)."""
    place: Place
    details: bool
    """``<details>`` blocks open."""
    images: ImageSettings = NO_FETCH
    """How images are drawn, and whether remote ones are fetched."""
    own: OwnView = NOTHING
    """Your tags (in the header) and note (under the section)."""
    base: Style = _PLAIN
    """The pane's own style: every line is painted over it."""

    @property
    def key(self) -> tuple[object, ...]:
        """The same paper object, width, look and flags: the same render."""
        return (id(self.paper), self.root, self.width, id(self.look), self.flags, self.place,
                self.details, self.images, self.own, self.base)  # fmt: skip

    def header(self) -> list[Strip]:
        """The header alone (its flags change without the section changing)."""
        yours = tags_line(self.own.tags, self.look) if self.own.tags else None
        header = render_header(
            self.paper, self.width, self.look, flags=self.flags, place=self.place, yours=yours
        )
        return self._painted(header)

    def _painted(self, lines: list[Strip]) -> list[Strip]:
        """``lines`` over the pane's style, so that painting a line on the UI thread is
        taking it (a line shorter than the pane is padded then: its text, which the find
        searches, stays as rendered)."""
        base = self.base
        return [line.apply_style(base) for line in lines]

    def run(self, cancelled: Callable[[], bool] = lambda: False) -> RenderedPaper | None:
        """Read the section and render header and body (None if cancelled between them)."""
        header = self.header()
        if cancelled():
            return None
        body = render_section(
            self.paper, self.root, self.width, self.look, self.place.index,
            open_details=self.details, images=self.images,
        )  # fmt: skip
        if own := render_own(self.own, self.width, self.look):
            body = Body([*body.lines, *own], body.outline, body.figures)
        return RenderedPaper(self, header, replace(body, lines=self._painted(body.lines)))


@dataclass(frozen=True, slots=True)
class RenderedPaper:
    """A job's result: the header's lines and the section's."""

    job: RenderJob
    header: list[Strip]
    body: Body


class Ready:
    """Papers rendered ahead, by job; each is taken once (a paper shown again is read
    again: its note may have changed)."""

    def __init__(self, size: int = AHEAD) -> None:
        self._renders: LRUCache[tuple[object, ...], RenderedPaper] = LRUCache(size)

    def has(self, job: RenderJob) -> bool:
        rendered = self._renders.get(job.key)
        # ids can be reused once an object is gone: the job itself must be equal too.
        return rendered is not None and rendered.job == job

    def take(self, job: RenderJob) -> RenderedPaper | None:
        """The render of ``job`` if there is one, no longer kept."""
        if not self.has(job):
            return None
        rendered = self._renders.get(job.key)
        self._renders.discard(job.key)
        return rendered

    def keep(self, rendered: RenderedPaper) -> None:
        self._renders[rendered.job.key] = rendered

    def clear(self) -> None:
        self._renders.clear()
