"""What ``n`` and ``t`` do: your note on a paper (the editor, or yours) and your tags."""

from __future__ import annotations

import contextlib
import os
import shlex
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from textual.app import App, SuspendNotSupported
from textual.message import Message

from papertui.tui.choices import Choice, Kind
from papertui.tui.messages import FlagsChanged
from papertui.tui.own_changes import NoteEdit, OwnChange, TagEdit, TagsEdit
from papertui.tui.triage import Triage
from papertui.vault.paper import Paper
from papertui.vault.state.store import StateStore

EXTERNAL = "external"
"""The ``annotation_editor`` setting for ``$VISUAL``, else ``$EDITOR``, else ``vi``."""


def editor_command(setting: str) -> list[str]:
    """The command line that edits a file (its path is appended)."""
    if setting == EXTERNAL:
        setting = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    return shlex.split(setting)


def tidy(text: str) -> str:
    """A note as saved: trailing blanks gone; only blanks is no note (""), which deletes it."""
    if not text.strip():
        return ""
    return "\n".join(line.rstrip() for line in text.splitlines()).strip("\n")


class OwnVerbs:
    """Edit your note and tags on a paper; each edit is told as FlagsChanged and can be undone."""

    def __init__(
        self,
        app: App[Any],
        store: StateStore,
        triage: Triage,
        post: Callable[[Message], object],
        *,
        editor: str | None = None,
    ) -> None:
        self.app = app
        self.store = store
        self.triage = triage
        self._post = post
        self.editor = editor
        """The config's ``annotation_editor``: None for the built-in one."""
        self.tag_choices: Callable[[], Sequence[Choice]] = tuple
        """The tag tree's entries now (the screen sets it): the note tags to complete."""

    def _changed(self, change: OwnChange) -> None:
        self.triage.record(change)
        self._post(FlagsChanged(change))
        saved = " (not saved: the state file is read-only)" if self.store.read_only else ""
        self.app.notify(f"{change.describe().capitalize()}{saved}.", timeout=3, markup=False)

    # -- your note ------------------------------------------------------------------

    def annotate(self, paper: Paper | None) -> None:
        """Open the editor on your note about the paper."""
        if paper is None:
            return
        if self.editor is not None:
            self._edit_outside(paper)
            return
        from papertui.tui.screens.annotate import AnnotationScreen

        key = paper.key
        save = partial(self.save_note, key)
        screen = AnnotationScreen(
            paper.title, self.store.annotation(key), self.store.recovered(key), keep=save
        )
        self.app.push_screen(screen, save)

    def save_note(self, key: str, text: str | None) -> None:
        """Keep ``text`` as your note on the paper ``key`` (None: the edit was cancelled)."""
        if text is None:
            return
        before = self.store.annotation(key)
        after = tidy(text)
        if not self.store.annotate(key, after):
            self.app.notify("The note is unchanged.", timeout=2)
            return
        self._changed(NoteEdit(key, before, after))

    def _edit_outside(self, paper: Paper) -> None:
        """Edit the note in the user's editor, the reader suspended meanwhile."""
        assert self.editor is not None
        command = editor_command(self.editor)
        handle, name = tempfile.mkstemp(prefix="papertui-note-", suffix=".md", text=True)
        path = Path(name)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                note = self.store.annotation(paper.key)
                out.write(f"{note}\n" if note else "")  # a text file ends in a newline
            with self.app.suspend():
                done = subprocess.run([*command, str(path)], check=False)
            text = path.read_text(encoding="utf-8", errors="replace")
        except SuspendNotSupported:
            self.app.notify("This terminal cannot hand over to an editor.", severity="error")
            return
        except (OSError, ValueError) as error:
            why = getattr(error, "strerror", None) or error
            self.app.notify(f"Could not run {command[0]!r}: {why}", severity="error", markup=False)
            return
        finally:
            with contextlib.suppress(OSError):
                path.unlink()
        if done.returncode != 0:
            self.app.notify(
                f"The editor ended with status {done.returncode}: the note is unchanged.",
                severity="warning",
            )
            return
        self.save_note(paper.key, text)

    # -- your tags ------------------------------------------------------------------

    def every_tag(self) -> set[str]:
        """The vault's note tags and yours: what the tag dialog completes."""
        notes = (choice.tag for choice in self.tag_choices() if choice.kind is Kind.TAG)
        return {*notes, *self.store.own_layer().every_tag()}

    def edit_tags(self, keys: Sequence[str], title: str) -> None:
        """Ask which tags to add to the papers with ``keys`` or take off them (``title``:
        what the dialog names: the paper's title, or "12 marked papers")."""
        if not keys:
            return
        from papertui.tui.screens.tags import TagsScreen

        screen = TagsScreen(title, self._shared_tags(keys), self.every_tag())
        self.app.push_screen(screen, partial(self.toggle_tags, tuple(keys)))

    def _shared_tags(self, keys: Sequence[str]) -> tuple[str, ...]:
        """The tags of yours every one of the papers has (typing one takes it off all)."""
        first, *others = (self.store.user_tags(key) for key in keys)
        rest = [{tag.casefold() for tag in tags} for tags in others]
        return tuple(tag for tag in first if all(tag.casefold() in tags for tags in rest))

    def toggle_tags(self, keys: tuple[str, ...], typed: str | None) -> None:
        """Give the papers each tag ``typed`` that not all of them have, take off each tag
        they all have."""
        from papertui.tui.screens.tags import toggles

        if typed is None:
            return
        adding, removing = toggles(self._shared_tags(keys), typed)
        edits = []
        for key in keys:
            added = tuple(self.store.tag(key, adding))
            removed = tuple(self.store.tag(key, removing, False))
            if added or removed:
                edits.append(TagEdit(key, added, removed))
        if not edits:
            self.app.notify("No tags typed: nothing changed.", timeout=2)
            return
        self._changed(edits[0] if len(keys) == 1 else TagsEdit(tuple(edits)))
