"""Every verb of the reader, declared once: keys, footer, help, palette, remaps and docs."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Protocol

from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.keys import format_key
from textual.markup import escape
from textual.screen import Screen
from textual.style import Style
from textual.widget import Widget

from papertui.tui.messages import GoToPaper, GoToTag
from papertui.tui.view import Choice
from papertui.vault.query import Hit as PaperHit
from papertui.vault.sanitize import clean_line


class Scope(StrEnum):
    """Where a verb's binding lives: which widget must hold focus for it to fire."""

    APP = "app"
    """Anywhere, even on a modal screen."""
    MAIN = "main"
    """Anywhere on the main screen (typing into the filter never fires these)."""
    LIST = "list"
    """Only while the paper list has focus."""
    PANE = "pane"
    """Only while the paper pane has focus (a key that does not apply there goes on)."""


@dataclass(frozen=True, slots=True)
class Verb:
    """One thing the user can do."""

    id: str
    """The stable name: the binding id and the key of a remap in the config's ``keys``."""
    key: str
    """The default key(s), comma-separated, as Textual names them."""
    action: str
    """The Textual action the key runs (on the scope's node)."""
    description: str
    """A few words for the footer and the palette."""
    help: str
    """One sentence for the help screen and the docs."""
    group: str
    footer: bool = False
    """Shown in the footer (kept short so it fits 80 columns)."""
    scope: Scope = Scope.MAIN
    palette: bool = True
    """Offered in the command palette."""
    priority: bool = False


MOVE, TRIAGE, OPEN, SHOW, APP = "Move", "Triage", "Open and copy", "Show", "App"
PANE_GROUP = "Paper pane"

VERBS: tuple[Verb, ...] = (
    Verb("next", "j", "next", "Next", "Go to the next paper.", MOVE),
    Verb("previous", "k", "previous", "Previous", "Go to the previous paper.", MOVE),
    Verb("first", "g", "first", "First", "Go to the first paper.", MOVE),
    Verb("last", "G", "last", "Last", "Go to the last paper.", MOVE),
    Verb("cursor_down", "down", "cursor_down", "Down", "Move down the list.", MOVE,
         scope=Scope.LIST, palette=False),
    Verb("cursor_up", "up", "cursor_up", "Up", "Move up the list.", MOVE,
         scope=Scope.LIST, palette=False),
    Verb("page_down", "pagedown", "page_down", "Page down", "Move down a page.", MOVE,
         scope=Scope.LIST, palette=False),
    Verb("page_up", "pageup", "page_up", "Page up", "Move up a page.", MOVE,
         scope=Scope.LIST, palette=False),
    Verb("home", "home", "first", "Top", "Move to the top of the list.", MOVE,
         scope=Scope.LIST, palette=False),
    Verb("end", "end", "last", "Bottom", "Move to the bottom of the list.", MOVE,
         scope=Scope.LIST, palette=False),
    Verb("next_unread", "n", "next_unread", "Next unread", "Go to the next unread paper.", MOVE),
    Verb("previous_unread", "N", "previous_unread", "Prev unread",
         "Go to the previous unread paper.", MOVE),
    Verb("next_appearance", "a", "next_appearance", "Next note",
         "Show the paper in its next note (wraps around).", MOVE),
    Verb("previous_appearance", "A", "previous_appearance", "Previous note",
         "Show the paper in its previous note (wraps around).", MOVE),
    Verb("read_and_next", "space", "read_and_next", "Read+next",
         "Mark the paper read and go to the next one.", TRIAGE, footer=True),
    Verb("mark_read", "r", "mark_read", "Read", "Mark the paper read.", TRIAGE),
    Verb("mark_unread", "u", "mark_unread", "Unread", "Mark the paper unread.", TRIAGE),
    Verb("star", "s", "star", "Star", "Star or unstar the paper.", TRIAGE, footer=True),
    Verb("mark_all_read", "M", "mark_all_read", "All read",
         "Mark every paper in the list read (asks first, with the count).", TRIAGE),
    Verb("undo", "z", "undo", "Undo", "Undo the last read/star change (several levels).",
         TRIAGE),
    Verb("open_abstract", "o", "open_abstract", "Open abstract",
         "Open the paper's abstract page in the browser.", OPEN),
    Verb("open_pdf", "p", "open_pdf", "Open PDF", "Open the paper's PDF in the browser.", OPEN),
    Verb("copy_link", "y", "copy_link", "Copy link",
         "Copy the paper's link to the clipboard (OSC 52: works over SSH).", OPEN),
    Verb("copy_bibtex", "Y", "copy_bibtex", "Copy BibTeX",
         "Copy a BibTeX entry for the paper to the clipboard.", OPEN),
    Verb("export", "e", "export", "Export", "Export the starred or the listed papers.", OPEN),
    # Priority: the keys typed right after them must already go to the right place.
    Verb("filter", "slash", "focus_filter", "Filter",
         "Filter the list as you type (Enter or Esc leaves the filter).", SHOW, footer=True,
         priority=True),
    Verb("leave_filter", "enter", "leave_filter", "Done",
         "In the filter: back to the list, keeping the filter.", SHOW, palette=False,
         priority=True),
    Verb("clear_filter", "escape", "escape_filter", "Clear filter",
         "In the filter: back to the list. On the list: clear the filter.", SHOW,
         priority=True),
    Verb("toggle_read", "x", "toggle_read", "Hide read", "Hide or show the papers already read.",
         SHOW, footer=True),
    Verb("sort", "S", "cycle_sort", "Sort",
         "Sort by relevance (while filtering), newest first, or title.", SHOW),
    Verb("toggle_tree", "left_square_bracket", "toggle_tree", "Tags",
         "Hide or show the tag tree.", SHOW),
    Verb("toggle_pane", "right_square_bracket", "toggle_pane", "Paper pane",
         "Hide or show the paper pane.", SHOW),
    Verb("focus_next", "tab", "app.focus_next", "Next pane", "Move to the next pane.", SHOW,
         palette=False),
    Verb("focus_previous", "shift+tab", "app.focus_previous", "Previous pane",
         "Move to the previous pane.", SHOW, palette=False),
    Verb("rescan", "R", "rescan", "Rescan", "Read the vault again.", SHOW),
    Verb("find_in_pane", "ctrl+f", "find_in_pane", "Find",
         "Find text in the paper pane (type, Enter to stop typing, Esc to close).", PANE_GROUP),
    Verb("find", "slash", "find", "Find", "In the pane: find text in the paper.", PANE_GROUP,
         scope=Scope.PANE, palette=False),
    Verb("find_next", "n", "find_next", "Next match", "In the pane: go to the next match.",
         PANE_GROUP, scope=Scope.PANE, palette=False),
    Verb("find_previous", "N", "find_previous", "Previous match",
         "In the pane: go to the previous match.", PANE_GROUP, scope=Scope.PANE, palette=False),
    Verb("close_find", "escape", "close_find", "Close find",
         "In the pane: stop finding and clear the highlights.", PANE_GROUP, scope=Scope.PANE,
         palette=False),
    Verb("outline", "O", "outline", "Outline",
         "In the pane: go to a heading of the section.", PANE_GROUP, scope=Scope.PANE),
    Verb("toggle_details", "d", "toggle_details", "Details",
         "In the pane: open or close the note's folded blocks (screenshots, abstracts).",
         PANE_GROUP, scope=Scope.PANE),
    Verb("open_image", "i", "open_image", "Open image",
         "In the pane: open the first image in view in the system's image viewer.",
         PANE_GROUP, scope=Scope.PANE),
    Verb("copy_link_in_view", "y", "copy_link_in_view", "Copy link in view",
         "In the pane: copy the address of the first link in view (else the paper's link).",
         PANE_GROUP, scope=Scope.PANE, palette=False),
    Verb("help", "question_mark", "help", "Help", "Show every key.", APP, footer=True,
         scope=Scope.APP),
    Verb("command_palette", "ctrl+p", "command_palette", "Palette",
         "Search every command, tag and paper.", APP, scope=Scope.APP, palette=False,
         priority=True),
    Verb("quit", "q", "quit", "Quit", "Save and quit.", APP, footer=True, scope=Scope.APP),
)  # fmt: skip

VERBS_BY_ID: Mapping[str, Verb] = {verb.id: verb for verb in VERBS}
GROUPS: tuple[str, ...] = (MOVE, TRIAGE, OPEN, SHOW, PANE_GROUP, APP)


def bindings(scope: Scope) -> list[Binding]:
    """The Textual bindings of one scope, with their ids for remapping."""
    return [
        Binding(
            verb.key,
            verb.action,
            verb.description,
            show=verb.footer,
            id=verb.id,
            tooltip=verb.help,
            priority=verb.priority,
        )
        for verb in VERBS
        if verb.scope is scope
    ]


def check_keymap(keys: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """The user's remaps that name a known verb, and a message for each that does not.

    Args:
        keys: The config's ``keys`` table: verb id to key string.
    """
    keymap: dict[str, str] = {}
    messages: list[str] = []
    for verb_id, key in keys.items():
        if verb_id not in VERBS_BY_ID:
            messages.append(f"keys: no such action {verb_id!r} (see the help screen for ids)")
        elif not key.strip() or any(not part.strip() for part in key.split(",")):
            messages.append(f"keys.{verb_id}: an empty key; keeping the default")
        else:
            keymap[verb_id] = key
    return keymap, messages


def key_of(verb: Verb, keymap: Mapping[str, str] | None = None) -> str:
    """The key(s) a verb answers to now, for display: ``j``, ``space``, ``?``."""
    keys = (keymap or {}).get(verb.id, verb.key)
    return ", ".join(display_key(key.strip()) for key in keys.split(","))


def display_key(key: str) -> str:
    """One key as a person types it: ``?`` not ``question_mark``, ``ctrl+p`` as is."""
    if len(key) == 1 or "+" in key:
        return key
    shown = format_key(key)
    return shown if len(shown) == 1 else key


def by_group(verbs: Iterable[Verb] = VERBS) -> dict[str, list[Verb]]:
    """The verbs in help order, grouped."""
    groups: dict[str, list[Verb]] = {group: [] for group in GROUPS}
    for verb in verbs:
        groups[verb.group].append(verb)
    return groups


def keys_markdown(keymap: Mapping[str, str] | None = None) -> str:
    """The key table of ``docs/usage.md``, generated so it cannot drift."""
    lines: list[str] = []
    for group, verbs in by_group().items():
        lines += [f"### {group}", "", "| key | action id | what it does |", "| --- | --- | --- |"]
        for verb in verbs:
            key = key_of(verb, keymap).replace("|", "\\|")
            lines.append(f"| `{key}` | `{verb.id}` | {verb.help} |")
        lines.append("")
    return "\n".join(lines)


class PaletteSource(Protocol):
    """What the "go to" commands need from the screen below the palette."""

    def tag_choices(self) -> Sequence[Choice]:
        """Every node of the tag tree."""
        ...

    def find_papers(self, text: str, limit: int) -> Sequence[PaperHit]:
        """The best ``limit`` papers for ``text`` (called in a thread)."""
        ...


def _target(scope: Scope, app: App[object], screen: Screen[object]) -> App[object] | Widget | None:
    """Where a verb of ``scope`` runs from the palette: the app, the screen, or the pane."""
    if scope is Scope.APP:
        return app
    if scope is Scope.PANE:
        return screen.query_one("#paper") if screen.query("#paper") else None
    return screen


def _source(screen: Screen[object]) -> PaletteSource | None:
    return screen if hasattr(screen, "find_papers") else None  # type: ignore[return-value]


def _literal(text: str, positions: Sequence[int] = (), style: Style | None = None) -> Content:
    """Note text for the palette: never markup, matched characters lit."""
    content = Content(clean_line(text))
    if style is not None and len(content) == len(text):
        for position in positions:
            content = content.stylize(style, position, position + 1)
    return content


class VerbProvider(Provider):
    """Every verb of the reader, plus "Go to tag…" and "Go to paper…"."""

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        screen, app = self.screen, self.app
        keymap = getattr(app, "keymap", {})
        commands: list[tuple[str, Callable[[], object], str]] = [
            ("Go to tag…", partial(_open, app, TagProvider, "Go to tag…"),
             "Show the papers of a tag"),
            ("Go to paper…", partial(_open, app, PaperProvider, "Go to paper…"),
             "Find a paper by title, author, tag or id"),
        ]  # fmt: skip
        for verb in VERBS:
            if not verb.palette:
                continue
            target = _target(verb.scope, app, screen)
            if target is None or target.check_action(verb.action, ()) is False:
                continue
            run = partial(target.run_action, verb.action)
            commands.append((verb.description, run, f"{key_of(verb, keymap)}  {verb.help}"))
        return commands

    async def discover(self) -> Hits:
        for name, run, help_text in self._commands():
            yield DiscoveryHit(Content(name), run, text=name, help=escape(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, run, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, Content(name), run, text=name, help=escape(help_text))


class TagProvider(Provider):
    """The nodes of the tag tree."""

    def _choices(self) -> Sequence[Choice]:
        source = _source(self.screen)
        return source.tag_choices() if source else ()

    async def discover(self) -> Hits:
        for choice in self._choices():
            yield DiscoveryHit(_literal(choice.label), partial(self._go, choice), text=choice.label)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for choice in self._choices():
            score = matcher.match(choice.label)
            if score > 0:
                yield Hit(
                    score, _literal(choice.label), partial(self._go, choice), text=choice.label
                )

    def _go(self, choice: Choice) -> None:
        self.screen.post_message(GoToTag(choice))


class PaperProvider(Provider):
    """Papers found with the filter language (rapidfuzz, off the UI thread)."""

    async def search(self, query: str) -> Hits:
        source = _source(self.screen)
        if source is None or not query.strip():
            return
        hits = await asyncio.to_thread(source.find_papers, query, 40)
        for rank, hit in enumerate(hits):
            paper = hit.paper
            day = paper.day.isoformat() if paper.day else ""
            yield Hit(
                1.0 - rank / 100,
                _literal(paper.title, hit.title_positions, self.match_style),
                partial(self.screen.post_message, GoToPaper(paper)),
                text=clean_line(paper.title),
                help=day,
            )


def _open(app: App[object], provider: type[Provider], placeholder: str) -> None:
    """Open a palette of one provider ("go to tag…", "go to paper…")."""
    app.push_screen(CommandPalette(providers=[provider], placeholder=placeholder))


KEYS_BEGIN, KEYS_END = (
    "<!-- keys:begin (python -m papertui.tui.commands FILE) -->",
    "<!-- keys:end -->",
)


def with_keys(document: str) -> str:
    """``document`` with the text between the keys markers replaced by the key table."""
    head, begin, rest = document.partition(KEYS_BEGIN)
    _, end, tail = rest.partition(KEYS_END)
    if not begin or not end:
        raise ValueError(f"no {KEYS_BEGIN} ... {KEYS_END} block")
    return f"{head}{KEYS_BEGIN}\n\n{keys_markdown()}\n{KEYS_END}{tail}"


def main(argv: Sequence[str]) -> int:
    """Print the key table, or rewrite it in place between the markers of FILE."""
    if not argv:
        print(keys_markdown(), end="")
        return 0
    path = Path(argv[0])
    path.write_text(with_keys(path.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
