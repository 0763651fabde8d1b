"""App-wide intents: messages any part of the reader can post to the main screen."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from papertui.tui.choices import Choice
from papertui.tui.triage import Change
from papertui.vault.paper import Paper


@dataclass
class GoToTag(Message):
    """Show the papers of a tree node (from the palette's "go to tag…")."""

    choice: Choice


@dataclass
class GoToPaper(Message):
    """Show one paper, widening the filter if it is hidden (from "go to paper…")."""

    paper: Paper


@dataclass
class FlagsChanged(Message):
    """Flags, collections, or your note or tags changed (repaint, recount, save soon)."""

    batch: Change
