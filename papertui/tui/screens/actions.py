"""The main screen's verbs: panes, moving, triage, opening, copying, exporting."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.reactive import var
from textual.screen import Screen

from papertui.tui.commands import NEEDS_PAPER, NEEDS_STATE, VERBS
from papertui.tui.messages import FlagsChanged
from papertui.tui.screens.confirm import ConfirmScreen
from papertui.tui.section import abstract_url, is_web_url, pdf_url
from papertui.tui.triage import Batch, Triage
from papertui.tui.widgets.paper_list import PaperList
from papertui.tui.widgets.paper_view import PaperView
from papertui.tui.widgets.tag_tree import TagTree
from papertui.vault.flags import Flag
from papertui.vault.paper import Paper

if TYPE_CHECKING:
    from papertui.vault.state.store import StateStore

FOOTER_ACTIONS = frozenset(verb.action for verb in VERBS if verb.footer)
"""Only these show dimmed or not: refreshing the bindings re-lays-out the whole screen."""


class TriageActions(Screen[None]):
    """Per-paper verbs; the main screen supplies the paper, the list and the state."""

    triage: Triage | None
    store: StateStore | None
    show_tree: var[bool] = var(True, init=False)
    """The tag tree is shown (``[``)."""
    show_pane: var[bool] = var(True, init=False)
    """The paper pane is shown (``]``)."""

    vault: Path
    papers: tuple[Paper, ...]
    """Every paper of the vault."""

    @property
    def vault_name(self) -> str:
        return self.vault.name or "papertui"

    @property
    def paper_list(self) -> PaperList:
        return self.query_one(PaperList)

    @property
    def selected(self) -> Paper | None:
        """The paper under the list's cursor now.

        Verbs act on this, not on the screen's ``current``: that follows the
        cursor by message, so keys typed quickly (``s j s``) would find it a step
        behind.
        """
        return self.paper_list.current

    _footer_state: tuple[bool | None, ...] = ()

    def refresh_footer(self) -> None:
        """Refresh the bindings only if what the footer shows changed: it recomposes."""
        state = tuple(self.check_action(action, ()) for action in sorted(FOOTER_ACTIONS))
        if state != self._footer_state:
            self._footer_state = state
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Dim what does not apply: no paper, no link, nothing to undo, nothing landed."""
        paper: Paper | None = self.selected
        if action in NEEDS_PAPER and paper is None:
            return None
        if action in NEEDS_STATE and self.triage is None:
            return None
        if paper is not None:
            if action == "open_abstract" and abstract_url(paper) is None:
                return None
            if action == "open_pdf" and pdf_url(paper) is None:
                return None
            if action == "copy_link" and _link(paper) is None:
                return None
        if action == "undo" and not (self.triage and self.triage.can_undo):
            return None
        if action == "mark_all_read" and not self.paper_list.rows:
            return None
        return True

    # -- panes ---------------------------------------------------------------------

    def watch_show_tree(self, show: bool) -> None:
        self.set_class(not show, "-no-tree")
        if not show and isinstance(self.focused, TagTree):
            self.set_focus(self.paper_list)

    def watch_show_pane(self, show: bool) -> None:
        self.set_class(not show, "-no-pane")
        if not show and isinstance(self.focused, PaperView):
            self.set_focus(self.paper_list)

    def action_toggle_tree(self) -> None:
        self.show_tree = not self.show_tree

    def action_toggle_pane(self) -> None:
        self.show_pane = not self.show_pane

    # -- moving --------------------------------------------------------------------

    def action_next(self) -> None:
        self.paper_list.action_cursor_down()

    def action_previous(self) -> None:
        self.paper_list.action_cursor_up()

    def action_first(self) -> None:
        self.paper_list.action_first()

    def action_last(self) -> None:
        self.paper_list.action_last()

    def action_next_unread(self) -> None:
        self._to_unread(+1)

    def action_previous_unread(self) -> None:
        self._to_unread(-1)

    def _to_unread(self, step: int) -> None:
        index = self.paper_list.find_unread(step)
        if index is None:
            where = "below" if step > 0 else "above"
            self.notify(f"No unread paper {where}.", timeout=2)
        else:
            self.paper_list.move_to(index)

    def action_next_appearance(self) -> None:
        self._to_appearance(+1)

    def action_previous_appearance(self) -> None:
        self._to_appearance(-1)

    def _to_appearance(self, step: int) -> None:
        paper = self.selected
        if paper is None:
            return
        if len(paper.appearances) < 2:
            self.notify("This paper is in one note only.", timeout=2)
            return
        if not self.show_pane:
            self.show_pane = True  # the pane is where the other note shows
        self.query_one(PaperView).step(paper, step)

    # -- triage --------------------------------------------------------------------

    def _set(self, flag: Flag, value: bool, keys: list[str] | None = None) -> Batch | None:
        if self.triage is None:
            return None
        if keys is None:
            keys = [self.selected.key] if self.selected is not None else []
        batch = self.triage.set(keys, flag, value)
        if batch is not None:
            self.post_message(FlagsChanged(batch))
        return batch

    def action_read_and_next(self) -> None:
        self._set(Flag.READ, True)
        self.paper_list.action_cursor_down()

    def action_mark_read(self) -> None:
        self._set(Flag.READ, True)

    def action_mark_unread(self) -> None:
        self._set(Flag.READ, False)

    def _toggle(self, flag: Flag) -> None:
        paper = self.selected
        if paper is not None and self.triage is not None:
            self._set(flag, not self.triage.get(paper.key, flag))

    def action_star(self) -> None:
        self._toggle(Flag.STARRED)

    def action_later(self) -> None:
        self._toggle(Flag.LATER)

    def action_dismiss_paper(self) -> None:
        self._toggle(Flag.DISMISSED)

    def action_mark_all_read(self) -> None:
        rows = self.paper_list.rows
        if self.triage is None or not rows:
            return
        keys = [paper.key for paper in rows]
        unread = sum(1 for key in keys if not self.triage.get(key, Flag.READ))
        noun = "paper" if len(keys) == 1 else "papers"
        question = (
            f"Mark all {len(keys):,} {noun} in the list read?\n"
            f"{unread:,} of them are unread now. z undoes it."
        )

        def answer(yes: bool | None) -> None:
            if yes:
                batch = self._set(Flag.READ, True, keys)
                self.notify(batch.describe() if batch else "Nothing to mark.", timeout=3)

        self.app.push_screen(ConfirmScreen(question, yes="Mark read"), answer)

    def action_undo(self) -> None:
        if self.triage is None:
            return
        batch = self.triage.undo()
        if batch is None:
            self.notify("Nothing to undo.", timeout=2)
            return
        self.post_message(FlagsChanged(batch))
        self.notify(f"Undone: {batch.describe()}.", timeout=3, markup=False)

    # -- opening and copying -------------------------------------------------------

    def _open(self, url: str | None, what: str) -> None:
        if url is None or not is_web_url(url):
            self.notify(f"This paper has no {what} link.", severity="warning", timeout=3)
            return
        self.app.open_url(url)
        self.notify(f"Opening {url}", timeout=3, markup=False)

    def action_open_abstract(self) -> None:
        if self.selected is not None:
            self._open(abstract_url(self.selected), "abstract")

    def action_open_pdf(self) -> None:
        if self.selected is not None:
            self._open(pdf_url(self.selected), "PDF")

    def action_copy_link(self) -> None:
        paper = self.selected
        url = _link(paper) if paper is not None else None
        if url is None:
            self.notify("This paper has no link.", severity="warning", timeout=3)
            return
        self.app.copy_to_clipboard(url)
        self.notify(f"Copied {url}", timeout=3, markup=False)

    def action_copy_bibtex(self) -> None:
        paper = self.selected
        if paper is None or self.store is None:
            return
        from papertui.vault.export import export  # (loaded when first used)

        entry = export([paper], "bibtex", self.store)
        self.app.copy_to_clipboard(entry)
        first = entry.splitlines()[0] if entry else ""
        self.notify(f"Copied {first}", title="BibTeX", timeout=3, markup=False)

    def action_export(self) -> None:
        from papertui.tui.screens.export import ExportScreen  # (loaded when first used)

        store = self.store
        if store is None:
            return
        visible = list(self.paper_list.rows)
        starred = [paper for paper in self.papers if store.has(paper.key, Flag.STARRED)]
        self.app.push_screen(ExportScreen(starred, visible, store, self.vault_name), self._exported)

    def _exported(self, path: Path | None) -> None:
        if path is not None:
            self.notify(f"Wrote {path}", title="Export", timeout=5, markup=False)


def _link(paper: Paper) -> str | None:
    """The link ``y`` copies: the abstract page, else the PDF, else the code."""
    for url in (abstract_url(paper), pdf_url(paper), paper.links.code):
        if url and is_web_url(url):
            return url
    return None
