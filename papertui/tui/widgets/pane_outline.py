"""The outline of the paper pane's section: a palette of its headings, to go to one."""

from __future__ import annotations

from functools import partial

from textual.app import App
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from papertui.vault.sanitize import clean_line


class OutlineProvider(Provider):
    """The headings of the section in the pane, in order; choosing one scrolls to it."""

    def _headings(self) -> tuple[tuple[str, int], ...]:
        from papertui.tui.widgets.paper_view import PaperView

        panes = self.screen.query(PaperView)
        return panes.first().outline if panes else ()

    def _go(self, line: int) -> None:
        from papertui.tui.widgets.paper_view import PaperView

        for pane in self.screen.query(PaperView):
            pane.scroll_to_line(line)
            pane.focus()

    async def discover(self) -> Hits:
        for title, line in self._headings():
            text = clean_line(title)
            yield DiscoveryHit(Content(text), partial(self._go, line), text=text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, line in self._headings():
            text = clean_line(title)
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), partial(self._go, line), text=text)


def open_outline(app: App[object]) -> None:
    """Open the palette of the pane's headings."""
    app.push_screen(CommandPalette(providers=[OutlineProvider], placeholder="Go to heading…"))
