"""The scan's progress under the filter: notes read of all, papers found, a bar."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import ProgressBar, Static

from papertui.tui.feed import VaultFeed


class ScanStatus(Horizontal):
    """Shown while a whole scan runs; hidden when it is done."""

    def compose(self) -> ComposeResult:
        yield Static("Reading the vault…", id="scan-label", markup=False)
        yield ProgressBar(show_eta=False, show_percentage=False, id="scan-bar")

    @property
    def label(self) -> str:
        """What the status says (for tests and screen readers)."""
        return str(self.query_one("#scan-label", Static).content)

    def report(self, done: int, total: int, papers: int) -> None:
        """Show ``done`` notes of ``total`` read and ``papers`` found."""
        self.display = True
        # The counts keep their width, so the label is laid out again only when that
        # changes (a layout pass costs the whole screen, several times a second).
        width = len(f"{total:,}")
        text = f"Reading notes {done:>{width},}/{total:,} · {papers:>7,} papers"
        layout = len(text) != len(self.label)
        self.query_one("#scan-label", Static).update(text, layout=layout)
        self.query_one(ProgressBar).update(total=max(total, 1), progress=done)

    def show(self, progress: VaultFeed.Progress) -> None:
        """Show a whole scan's progress (hidden once it has read every note)."""
        if progress.finished:
            self.done()
        else:
            self.report(progress.done, progress.total, progress.papers)

    def done(self) -> None:
        self.display = False
