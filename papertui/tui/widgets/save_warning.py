"""A warning that stays under the filter while the read/star state cannot be saved."""

from __future__ import annotations

from textual.widgets import Static

from papertui.vault.sanitize import clean_line


class SaveWarning(Static):
    """Hidden while saves succeed; says why they fail, until one succeeds."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.display = False

    @property
    def text(self) -> str:
        """What the warning says ("" while hidden)."""
        return str(self.content) if self.display else ""

    def show_failure(self, error: str | None) -> None:
        """Say why saving fails (changes are kept and retried), or hide once it works."""
        self.display = error is not None
        if error is not None:
            self.update(
                f"⚠ Not saved: {clean_line(error)}. Changes are kept and saving is retried."
            )
