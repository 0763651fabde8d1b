"""What the keys do to papers (flags with undo, links, export), and when each key applies."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from textual.app import App
from textual.message import Message
from textual.timer import Timer

from papertui.config import Config
from papertui.tui.collecting import CollectionVerbs
from papertui.tui.marking import Marks
from papertui.tui.messages import FlagsChanged
from papertui.tui.opener import open_link
from papertui.tui.own_verbs import OwnVerbs
from papertui.tui.screens.confirm import ConfirmScreen
from papertui.tui.section import abstract_url, is_web_url, pdf_url
from papertui.tui.triage import Batch, Change, Triage
from papertui.tui.verb_table import NEEDS_PAPER, NEEDS_STATE, VERBS
from papertui.vault.flags import Flag
from papertui.vault.paper import Paper
from papertui.vault.state.store import StateStore

FOOTER_ACTIONS = frozenset(verb.action for verb in VERBS if verb.footer)
"""Only these show dimmed or not: refreshing the bindings re-lays-out the whole screen."""
FILTER_KEYS = frozenset({"focus_filter", "leave_filter", "escape_filter"})
"""The filter's keys (``/``, Enter, Esc): :func:`filter_key_applies` says when they apply."""
_FIND_KEYS = frozenset({"leave_filter", "escape_filter"})
"""Filter keys that an open find in the paper pane takes (Enter, Esc)."""


class PaperVerbs:
    """The verbs on the paper under the cursor or on the list's papers, once the state is loaded.

    The main screen owns one and calls it with the paper under the cursor; the
    triage verbs act on the marked papers instead when there are some (see
    :meth:`targets`). A change to the flags or collections goes to ``post`` as
    :class:`FlagsChanged` (the screen repaints, recounts and saves), the rest is
    the app's to do (browser, clipboard, dialogs, notices).
    """

    def __init__(
        self,
        app: App[Any],
        store: StateStore,
        post: Callable[[Message], object],
        vault_name: str,
        config: Config | None = None,
        marks: Marks | None = None,
    ) -> None:
        self.app = app
        self.store = store
        self.triage = Triage(store, shelves=store)
        self.marks = marks if marks is not None else Marks()
        """The marked papers (the list marks them)."""
        self.collections = CollectionVerbs(self)
        """The verbs on collections (``c``, reordering, deleting)."""
        self.post = post
        """Where changes are told (the screen's ``post_message``)."""
        self.vault_name = vault_name
        config = config or Config()
        self.opener = config.opener
        """The config's opener command (None: the system browser)."""
        self._read_timer: Timer | None = None
        self.own = OwnVerbs(app, store, self.triage, post, editor=config.annotation_editor)
        """Your note and tags (``n``, ``t``)."""

    # -- triage --------------------------------------------------------------------

    def targets(self, paper: Paper | None) -> tuple[str, ...]:
        """The keys a verb acts on: the marked papers if any are, else ``paper``'s (if any)."""
        if self.marks:
            return self.marks.keys
        return () if paper is None else (paper.key,)

    def set(self, keys: Sequence[str], flag: Flag, value: bool) -> Batch | None:
        """Set ``flag`` on the papers with ``keys``; the change, told as FlagsChanged."""
        batch = self.triage.set(keys, flag, value)
        if batch is not None:
            self.post(FlagsChanged(batch))
        return batch

    def changed(self, change: Change | None) -> None:
        """Tell the screen of ``change`` (made on the triage) and, for marked papers, the user."""
        if change is not None:
            self.post(FlagsChanged(change))
        if self.marks:
            done = change.describe() if change is not None else "Nothing changed"
            self.app.notify(f"{done} (of {len(self.marks):,} marked).", timeout=3, markup=False)

    def _set_targets(self, paper: Paper | None, flag: Flag, value: bool) -> None:
        if keys := self.targets(paper):
            self.changed(self.triage.set(keys, flag, value))

    def collect(self, paper: Paper | None) -> None:
        """Add the paper (or the marked ones) to a collection: see :class:`CollectionVerbs`."""
        self.collections.collect(paper)

    def mark_read(self, paper: Paper | None) -> None:
        """Mark the paper (or the marked ones) read."""
        self._set_targets(paper, Flag.READ, True)

    def mark_unread(self, paper: Paper | None) -> None:
        """Mark the paper (or the marked ones) unread."""
        self._set_targets(paper, Flag.READ, False)

    def toggle(self, paper: Paper | None, flag: Flag) -> None:
        """Set ``flag`` on the paper, or clear it (star, later, dismiss); on marked papers,
        set it on all of them, or clear it when all carry it."""
        keys = self.targets(paper)
        self._set_targets(paper, flag, not all(self.triage.get(key, flag) for key in keys))

    def read_later(self, paper: Paper | None, delay: float | None) -> None:
        """Mark ``paper`` read in ``delay`` seconds, unless another paper is highlighted first.

        Called with each paper highlighted (None: none is); ``delay`` None: never.
        """
        if self._read_timer is not None:
            self._read_timer.stop()
            self._read_timer = None
        if paper is not None and delay is not None:
            self._read_timer = self.app.set_timer(delay, partial(self.read_one, paper))

    def read_one(self, paper: Paper) -> None:
        """Mark ``paper`` read, whatever is marked (the auto-read timer, space)."""
        self.set([paper.key], Flag.READ, True)

    def mark_all_read(self, papers: Sequence[Paper]) -> None:
        """Ask, then mark ``papers`` (the list's rows) read."""
        if not papers:
            return
        keys = [paper.key for paper in papers]
        unread = sum(1 for key in keys if not self.triage.get(key, Flag.READ))
        noun = "paper" if len(keys) == 1 else "papers"
        question = (
            f"Mark all {len(keys):,} {noun} in the list read?\n"
            f"{unread:,} of them are unread now. z undoes it."
        )

        def answer(yes: bool | None) -> None:
            if yes:
                batch = self.set(keys, Flag.READ, True)
                self.app.notify(batch.describe() if batch else "Nothing to mark.", timeout=3)

        self.app.push_screen(ConfirmScreen(question, yes="Mark read"), answer)

    def annotate(self, paper: Paper | None) -> None:
        """Edit your note on the paper."""
        self.own.annotate(paper)

    def edit_tags(self, paper: Paper | None) -> None:
        """Add your tags to the paper (or every marked one), or take them off."""
        keys = self.targets(paper)
        if self.marks:
            count = len(keys)
            title = f"{count:,} marked {'paper' if count == 1 else 'papers'}"
        else:
            title = paper.title if paper is not None else ""
        self.own.edit_tags(keys, title)

    def undo(self) -> Change | None:
        """Undo the last change; the change undone (its papers are where the cursor goes)."""
        batch = self.triage.undo()
        if batch is None:
            self.app.notify("Nothing to undo.", timeout=2)
            return None
        self.post(FlagsChanged(batch))
        self.app.notify(f"Undone: {batch.describe()}.", timeout=3, markup=False)
        return batch

    def show_history(self, papers: Sequence[Paper], go_to: Callable[[str], bool]) -> None:
        """Show what ``z`` would undo; the change chosen there is the paper ``go_to`` gets."""
        from papertui.tui.screens.undo import UndoHistoryScreen

        history = self.triage.history
        if not history:
            self.app.notify("Nothing to undo.", timeout=2)
            return
        titles = {paper.key: paper.title for paper in papers}

        def chosen(key: str | None) -> None:
            if key is not None and not go_to(key):
                self.app.notify("That paper is not in the list now.", timeout=3)

        self.app.push_screen(UndoHistoryScreen(history, titles), chosen)

    # -- opening and copying -------------------------------------------------------

    def _open(self, url: str | None, what: str) -> None:
        if url is None or not is_web_url(url):
            self.app.notify(f"No {what} link in this note.", severity="warning", timeout=3)
            return
        self.app.notify(f"Opening {url}", timeout=3, markup=False)
        if self.app.is_web:
            self.app.open_url(url)  # the browser the reader is served to opens it
            return
        self.app.run_worker(partial(self._open_link, url), thread=True, group="open")

    def _open_link(self, url: str) -> None:
        """In a worker: open ``url``; if nothing opened it, say so and offer to copy it."""
        problem = open_link(url, self.opener)
        if problem is not None:
            self.app.call_from_thread(self._offer_copy, url, problem)

    def _offer_copy(self, url: str, problem: str) -> None:
        def answer(copy: bool | None) -> None:
            if copy:
                self.app.copy_to_clipboard(url)
                self.app.notify(f"Copied {url}", timeout=3, markup=False)

        question = f"Nothing opened the link: {problem}.\n{url}\nCopy the link instead?"
        self.app.push_screen(ConfirmScreen(question, yes="Copy link"), answer)

    def open_abstract(self, paper: Paper | None) -> None:
        """Open the paper's abstract page in the browser."""
        if paper is not None:
            self._open(abstract_url(paper), "abstract")

    def open_pdf(self, paper: Paper | None) -> None:
        """Open the paper's PDF in the browser."""
        if paper is not None:
            self._open(pdf_url(paper), "PDF")

    def copy_link(self, paper: Paper | None) -> None:
        """Copy the paper's link (see :func:`link`) to the clipboard."""
        url = link(paper) if paper is not None else None
        if url is None:
            self.app.notify("No link in this note.", severity="warning", timeout=3)
            return
        self.app.copy_to_clipboard(url)
        self.app.notify(f"Copied {url}", timeout=3, markup=False)

    def copy_bibtex(self, paper: Paper | None) -> None:
        """Copy a BibTeX entry for the paper to the clipboard."""
        if paper is None:
            return
        from papertui.vault.export import export  # (loaded when first used)

        entry = export([paper], "bibtex", self.store)
        self.app.copy_to_clipboard(entry)
        first = entry.splitlines()[0] if entry else ""
        self.app.notify(f"Copied {first}", title="BibTeX", timeout=3, markup=False)

    def export(self, papers: Sequence[Paper], listed: Sequence[Paper]) -> None:
        """Open the export dialog on the marked, the starred of ``papers`` or the ``listed``."""
        from papertui.tui.screens.export import ExportScreen  # (loaded when first used)

        starred = [paper for paper in papers if self.store.has(paper.key, Flag.STARRED)]
        by_key = {paper.key: paper for paper in papers} if self.marks else {}
        marked = [by_key[key] for key in self.marks if key in by_key]
        dialog = ExportScreen(starred, list(listed), self.store, self.vault_name, marked=marked)
        self.app.push_screen(dialog, self._exported)

    def _exported(self, path: Path | None) -> None:
        if path is not None:
            self.app.notify(f"Wrote {path}", title="Export", timeout=5, markup=False)


class PaperHost(Protocol):
    """What an action made by :func:`on_paper` reads from the screen that binds it."""

    verbs: PaperVerbs | None
    """The verbs, once the state is loaded."""

    @property
    def selected(self) -> Paper | None:
        """The paper under the list's cursor now."""


def on_paper(verb: Callable[[PaperVerbs, Paper | None], object]) -> Callable[[PaperHost], None]:
    """An action doing ``verb`` to the paper under the cursor (dimmed until the state is loaded)."""

    def action(host: PaperHost) -> None:
        if host.verbs is not None:
            verb(host.verbs, host.selected)

    action.__doc__ = getattr(verb, "__doc__", None)
    return action


def applies(
    action: str, paper: Paper | None, verbs: PaperVerbs | None, *, listed: bool
) -> bool | None:
    """Whether ``action`` applies now (None: dimmed): no paper, no link, nothing to undo.

    Args:
        action: The action's name.
        paper: The paper under the cursor.
        verbs: The verbs, once the state is loaded.
        listed: The list shows papers.
    """
    if action in NEEDS_PAPER and paper is None:
        return None
    if action in NEEDS_STATE and verbs is None:
        return None
    if action == "undo" and not (verbs and verbs.triage.can_undo):
        return None
    if action == "mark_all_read" and not listed:
        return None
    return True


def filter_key_applies(
    action: str, *, filtering: bool, has_query: bool, finding_in_pane: bool | None
) -> bool:
    """Whether one of :data:`FILTER_KEYS` applies now.

    The filter's keys are priority bindings (so keys typed right after them land
    in the right place); where they do not apply, the key goes on as typed.
    In the paper pane ``/`` finds, and Enter and Esc belong to an open find.

    Args:
        action: The action's name.
        filtering: The filter's input has focus.
        has_query: The filter holds a query.
        finding_in_pane: None outside the paper pane; in it, whether a find is open.
    """
    if finding_in_pane is not None and (
        action == "focus_filter" or (finding_in_pane and action in _FIND_KEYS)
    ):
        return False
    if action == "focus_filter":
        return not filtering
    if action == "leave_filter":
        return filtering
    return filtering or has_query


def link(paper: Paper) -> str | None:
    """The link ``y`` copies: the abstract page, else the PDF, else the code."""
    for url in (abstract_url(paper), pdf_url(paper), paper.links.code):
        if url and is_web_url(url):
            return url
    return None
