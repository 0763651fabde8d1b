"""Every verb of the reader, declared once: keys, footer, help, palette, remaps and docs."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from textual.binding import Binding
from textual.keys import format_key


class Scope(StrEnum):
    """Where a verb's binding lives: which widget must hold focus for it to fire."""

    APP = "app"
    """Anywhere, even on a modal screen."""
    MAIN = "main"
    """Anywhere on the main screen (typing into the filter never fires these)."""
    LAYOUT = "layout"
    """In any pane of the main screen: showing and going to panes, moving through papers,
    the verbs on the paper under the cursor."""
    LIST = "list"
    """Only while the paper list has focus."""
    TREE = "tree"
    """Only while the tag tree has focus."""
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
    needs_paper: bool = False
    """Dimmed (and refused) while no paper is selected."""
    needs_state: bool = False
    """Dimmed (and refused) until the read/star state has loaded."""


MOVE, TRIAGE, OWN, OPEN, SHOW, TREE, APP = (
    "Move", "Triage", "Your notes", "Open and copy", "Show", "Tag tree", "App"
)  # fmt: skip
PANE_GROUP = "Paper pane"

VERBS: tuple[Verb, ...] = (
    Verb("next", "j", "next", "Next", "Go to the next paper.", MOVE, scope=Scope.LAYOUT),
    Verb("previous", "k", "previous", "Previous", "Go to the previous paper.", MOVE,
         scope=Scope.LAYOUT),
    Verb("first", "g", "first", "First", "Go to the first paper.", MOVE, scope=Scope.LAYOUT),
    Verb("last", "G", "last", "Last", "Go to the last paper.", MOVE, scope=Scope.LAYOUT),
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
    Verb("next_unread", "J", "next_unread", "Next unread", "Go to the next unread paper.", MOVE,
         scope=Scope.LAYOUT),
    Verb("previous_unread", "K", "previous_unread", "Prev unread",
         "Go to the previous unread paper.", MOVE, scope=Scope.LAYOUT),
    Verb("next_appearance", "a", "next_appearance", "Next note",
         "Show the paper in its next note (wraps around).", MOVE, needs_paper=True,
         scope=Scope.LAYOUT),
    Verb("previous_appearance", "A", "previous_appearance", "Previous note",
         "Show the paper in its previous note (wraps around).", MOVE, needs_paper=True,
         scope=Scope.LAYOUT),
    Verb("read_and_next", "space", "read_and_next", "Read+next",
         "Mark the paper read and go to the next one.", TRIAGE, footer=True, needs_paper=True,
         needs_state=True, scope=Scope.LAYOUT),
    Verb("mark_read", "r", "mark_read", "Read", "Mark the paper read.", TRIAGE,
         needs_paper=True, needs_state=True, scope=Scope.LAYOUT),
    Verb("mark_unread", "u", "mark_unread", "Unread", "Mark the paper unread.", TRIAGE,
         needs_paper=True, needs_state=True, scope=Scope.LAYOUT),
    Verb("star", "s", "star", "Star", "Star or unstar the paper.", TRIAGE, footer=True,
         needs_paper=True, needs_state=True, scope=Scope.LAYOUT),
    Verb("later", "w", "later", "Later",
         "Queue the paper to read later (the Later entry, oldest first), or take it off.",
         TRIAGE, needs_paper=True, needs_state=True, scope=Scope.LAYOUT),
    Verb("dismiss", "d", "dismiss_paper", "Dismiss",
         "Dismiss the paper unread: it leaves Unread, is:dismissed finds it; d brings it back.",
         TRIAGE, needs_paper=True, needs_state=True, scope=Scope.LAYOUT),
    Verb("toggle_mark", "v", "toggle_mark", "Mark",
         "Mark or unmark the paper and go to the next: s r u w d t c e then act on every "
         "marked paper (Esc unmarks all).", TRIAGE, scope=Scope.LIST, needs_paper=True),
    Verb("mark_all", "V", "mark_all", "Mark all",
         "Mark every paper in the list (again: unmark them all).", TRIAGE, scope=Scope.LIST,
         needs_paper=True),
    Verb("collect", "c", "collect", "Collect",
         "Add the paper (or the marked ones) to a collection, new or existing; "
         "if it is in that collection already, offer to take it out.", TRIAGE,
         needs_paper=True, needs_state=True, scope=Scope.LAYOUT),
    Verb("collection_up", "alt+up,ctrl+up", "collection_up", "Move up",
         "In a collection's list: move the paper one place up.", TRIAGE,
         needs_paper=True, needs_state=True),
    Verb("collection_down", "alt+down,ctrl+down", "collection_down", "Move down",
         "In a collection's list: move the paper one place down.", TRIAGE,
         needs_paper=True, needs_state=True),
    Verb("mark_all_read", "M", "mark_all_read", "All read",
         "Mark every paper in the list read (asks first, with the count).", TRIAGE,
         needs_state=True, scope=Scope.LAYOUT),
    Verb("undo", "z", "undo", "Undo",
         "Undo the last change (flags, collections, your note or tags), all its papers at once.",
         TRIAGE, needs_state=True),
    Verb("undo_history", "U", "undo_history", "Undo history",
         "Show every change z can undo, newest first; Enter goes to its paper.", TRIAGE,
         needs_state=True),
    Verb("annotate", "n", "annotate", "Note",
         "Write your own Markdown note on the paper (ctrl+s saves, Esc cancels; "
         "empty deletes it).", OWN, needs_paper=True, needs_state=True, scope=Scope.LAYOUT),
    Verb("user_tags", "t", "user_tags", "Your tags",
         "Add your own tags to the paper (or the marked ones), or type one it has to take it "
         "off (with completion).",
         OWN, needs_paper=True, needs_state=True, scope=Scope.LAYOUT),
    Verb("open_abstract", "o", "open_abstract", "Open abstract",
         "Open the paper's abstract page in the browser.", OPEN, needs_paper=True,
         needs_state=True, scope=Scope.LAYOUT),
    Verb("open_pdf", "p", "open_pdf", "Open PDF", "Open the paper's PDF in the browser.", OPEN,
         needs_paper=True, needs_state=True, scope=Scope.LAYOUT),
    Verb("copy_link", "y", "copy_link", "Copy link",
         "Copy the paper's link to the clipboard (OSC 52: works over SSH).", OPEN,
         needs_paper=True, needs_state=True, scope=Scope.LAYOUT),
    Verb("copy_bibtex", "Y", "copy_bibtex", "Copy BibTeX",
         "Copy a BibTeX entry for the paper to the clipboard.", OPEN, needs_paper=True,
         needs_state=True, scope=Scope.LAYOUT),
    Verb("export", "e", "export", "Export",
         "Export the marked, the starred or the listed papers.", OPEN,
         needs_state=True),
    # Priority: the keys typed right after them must already go to the right place.
    Verb("filter", "slash", "focus_filter", "Filter",
         "Filter the list as you type (Enter keeps the query, Esc cancels the edit).", SHOW,
         footer=True, priority=True),
    Verb("leave_filter", "enter", "leave_filter", "Done",
         "In the filter: back to the list, keeping the filter.", SHOW, palette=False,
         priority=True),
    Verb("clear_filter", "escape", "escape_filter", "Cancel/clear",
         "In the filter: undo the edit and go back to the list. On the list: unmark the "
         "marked papers, else clear the filter.",
         SHOW,
         priority=True),
    Verb("toggle_read", "x", "toggle_read", "Hide read", "Hide or show the papers already read.",
         SHOW, footer=True),
    Verb("sort", "S", "cycle_sort", "Sort",
         "Sort by relevance (while filtering), newest first, title, or for you (the unread "
         "papers most like those you starred, queued or annotated first).", SHOW),
    Verb("similar", "m", "similar", "Similar",
         "Show the 20 papers most like this one, with how alike they are (Enter goes to one).",
         SHOW, needs_paper=True),
    Verb("toggle_tree", "left_square_bracket", "toggle_tree", "Tags",
         "Hide or show the tag tree.", SHOW, scope=Scope.LAYOUT),
    Verb("toggle_pane", "right_square_bracket", "toggle_pane", "Paper pane",
         "Hide or show the paper pane.", SHOW, scope=Scope.LAYOUT),
    Verb("focus_next", "tab", "app.focus_next", "Next pane", "Move to the next pane.", SHOW,
         palette=False),
    Verb("focus_previous", "shift+tab", "app.focus_previous", "Previous pane",
         "Move to the previous pane.", SHOW, palette=False),
    Verb("rescan", "R", "rescan", "Rescan", "Read the vault again.", SHOW),
    Verb("stats", "T", "app.show_stats", "Stats",
         "Show the figures of the papers the filter shows: per day and week, tags, reading "
         "progress, starred and queued, busiest notes (Esc closes).", SHOW),
    Verb("save_search", "b", "save_search", "Save search",
         "Save the filter as a search: it gets its own tree entry with counts.", SHOW),
    Verb("focus_tree", "1", "go_to('tags')", "Tag tree",
         "Go to the tag tree (shown if it was hidden).", SHOW, scope=Scope.LAYOUT),
    Verb("focus_list", "2", "go_to('papers')", "Paper list", "Go to the paper list.", SHOW,
         scope=Scope.LAYOUT),
    Verb("focus_pane", "3", "go_to('paper')", "Paper pane",
         "Go to the paper pane (shown if it was hidden).", SHOW, scope=Scope.LAYOUT),
    Verb("tree_down", "j,down", "cursor_down", "Down", "In the tree: the next node.", TREE,
         scope=Scope.TREE, palette=False),
    Verb("tree_up", "k,up", "cursor_up", "Up", "In the tree: the previous node.", TREE,
         scope=Scope.TREE, palette=False),
    Verb("tree_expand", "l,right", "expand", "Expand",
         "In the tree: open the tag, or go to its first child.", TREE, scope=Scope.TREE,
         palette=False),
    Verb("tree_collapse", "h,left", "collapse", "Collapse",
         "In the tree: close the tag, or go to its parent.", TREE, scope=Scope.TREE,
         palette=False),
    Verb("tree_choose", "enter", "choose", "Show",
         "In the tree: list the tag's papers and go to the list.", TREE, scope=Scope.TREE,
         palette=False),
    Verb("tree_forget", "delete", "forget", "Forget",
         "In the tree: forget the saved search, or delete the collection (asks first), "
         "under the cursor.", TREE, scope=Scope.TREE,
         palette=False),
    Verb("tree_toggle", "space", "toggle_node", "Open/close",
         "In the tree: open or close the tag.", TREE, scope=Scope.TREE, palette=False),
    Verb("find_in_pane", "ctrl+f", "find_in_pane", "Find",
         "Find text in the paper pane (type, Enter to stop typing, Esc to close).", PANE_GROUP,
         scope=Scope.LAYOUT),
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
    Verb("cycle_theme", "ctrl+t", "cycle_theme", "Theme",
         "Switch to the next colour theme (remembered in the config file).", APP,
         scope=Scope.APP),
    Verb("quit", "q", "quit", "Quit", "Save and quit.", APP, footer=True, scope=Scope.APP),
)  # fmt: skip

VERBS_BY_ID: Mapping[str, Verb] = {verb.id: verb for verb in VERBS}
NEEDS_PAPER = frozenset(verb.action for verb in VERBS if verb.needs_paper)
"""The actions ``check_action`` dims while no paper is selected."""
NEEDS_STATE = frozenset(verb.action for verb in VERBS if verb.needs_state)
"""The actions ``check_action`` dims until the read/star state has loaded."""
GROUPS: tuple[str, ...] = (MOVE, TRIAGE, OWN, OPEN, SHOW, PANE_GROUP, TREE, APP)


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


KEYS_BEGIN, KEYS_END = (
    "<!-- keys:begin (python -m papertui.tui.verb_table FILE) -->",
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
