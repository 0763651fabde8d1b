"""Why a paper is recommended: "For you, because you liked: <title>, <title>"."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import Static

from papertui.vault.sanitize import clean_line


class ForYouReason(Static):
    """One line under the list naming the liked papers the highlighted one resembles."""

    def show(self, titles: Sequence[str]) -> None:
        """Name ``titles`` (none: hide)."""
        self.set_class(bool(titles), "-shown")
        if titles:
            named = ", ".join(clean_line(title) for title in titles)
            self.update(Content.assemble(("For you", "bold"), ", because you liked: ", named))
