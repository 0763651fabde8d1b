"""The tag tree: All, Unread, Starred, New, saved searches, your tags, then every tag nested,
with unread/total counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import BindingType
from textual.events import Resize
from textual.message import Message
from textual.reactive import var
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from papertui.tui.choices import ALL, SPECIALS, Choice, Kind
from papertui.tui.filtering import Counts
from papertui.tui.styling import component_style
from papertui.tui.verb_table import Scope, bindings
from papertui.vault.sanitize import clean_line
from papertui.vault.tags import TagNode


class TagTree(Tree[Choice]):
    """Choose what the list shows; counts follow the active filter.

    Driven from the keyboard as a pane of its own (``j``/``k``/``h``/``l``, Enter).
    A label never hides its counts: a name too long for the tree is cut instead.
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings(Scope.TREE)  # type: ignore[assignment]

    COMPONENT_CLASSES: ClassVar[set[str]] = Tree.COMPONENT_CLASSES | {
        "tag-tree--count",
        "tag-tree--unread",
        "tag-tree--empty",
        "tag-tree--yours",
    }

    tags: var[TagNode | None] = var(None, init=False, always_update=True)
    """Every tag of the vault (the shape of the tree)."""
    searches: var[tuple[Choice, ...]] = var((), init=False)
    """The saved searches, each an entry after the specials."""
    collections: var[tuple[Choice, ...]] = var((), init=False)
    """The Collections branch, then each collection under it (none: no branch)."""
    counts: var[Counts] = var(Counts, init=False, always_update=True)
    """Unread/total per node over the papers the query matches."""

    @dataclass
    class Chosen(Message):
        """The user chose a node: show its papers."""

        tag_tree: TagTree
        choice: Choice
        go_to_list: bool = False
        """The user asked to go on to the list (Enter), not just to look (a click)."""

        @property
        def control(self) -> TagTree:
            return self.tag_tree

    @dataclass
    class Forget(Message):
        """The user asked to forget a saved search."""

        tag_tree: TagTree
        choice: Choice

        @property
        def control(self) -> TagTree:
            return self.tag_tree

    def __init__(
        self,
        *,
        expanded: frozenset[str] = frozenset(),
        name: str | None = None,
        id: str | None = None,
    ) -> None:
        """The tree, with the tags whose (case-folded) paths are in ``expanded`` open."""
        self._styles: dict[str, Style] = {}
        """Component styles by class, as the theme gives them now (see :meth:`_style`)."""
        super().__init__("papers", data=ALL, name=name, id=id)
        self.show_root = False
        self.auto_expand = False
        self.guide_depth = 2
        self._choice_nodes: dict[Choice, TreeNode[Choice]] = {}
        self._chosen: Choice = ALL
        self._expanded = expanded
        self._yours: tuple[Choice, ...] = ()
        """The entries of your tags (they come with the counts: they follow your edits)."""

    @property
    def expanded(self) -> frozenset[str]:
        """The (case-folded) paths of the open tags, to remember."""
        if not self._choice_nodes:
            return self._expanded
        return frozenset(
            choice.tag.casefold()
            for choice, node in self._choice_nodes.items()
            if choice.kind is Kind.TAG and node.is_expanded
        )

    def on_mount(self) -> None:
        self._rebuild(None)

    def process_label(self, label: str | Text) -> Text:
        # Labels are note text: never parse them as markup.
        text = Text(clean_line(label)) if isinstance(label, str) else label
        return text.split()[0] if "\n" in text.plain else text

    def choose(self, choice: Choice) -> None:
        """Move the cursor to ``choice`` (expanding its parents) and announce it.

        A node not there yet (the tags still being read) gets the cursor when it comes.
        """
        node = self._choice_nodes.get(choice)
        if node is None:
            self._chosen = choice
            return
        parent = node.parent
        while parent is not None:
            parent.expand()
            parent = parent.parent
        self._move_to(node)
        self._chose(choice)

    @property
    def choices(self) -> list[Choice]:
        """Every node, specials first then tags in tree order."""
        return list(self._choice_nodes)

    def watch_tags(self, tags: TagNode | None) -> None:
        self._rebuild(tags)

    def watch_searches(self) -> None:
        self._rebuild(self.tags)

    def watch_collections(self) -> None:
        self._rebuild(self.tags)

    def watch_counts(self, counts: Counts) -> None:
        if counts.yours != self._yours:
            self._yours = counts.yours
            self._rebuild(self.tags)
            return
        for choice, node in self._choice_nodes.items():
            node.set_label(self._label(choice, counts))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        if self.is_mounted:
            self.watch_counts(self.counts)

    def on_tree_node_selected(self, event: Tree.NodeSelected[Choice]) -> None:
        event.stop()
        if event.node.data is not None:
            self._chose(event.node.data)

    def on_resize(self, event: Resize) -> None:
        self.watch_counts(self.counts)

    def action_expand(self) -> None:
        """Open the node under the cursor, or go to its first child when it is open."""
        node = self.cursor_node
        if node is None or not node.allow_expand:
            return
        if not node.is_expanded:
            node.expand()
        elif node.children:
            self.move_cursor(node.children[0])

    def action_collapse(self) -> None:
        """Close the node under the cursor, or go to its parent when it is closed."""
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and node.is_expanded:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)

    def action_forget(self) -> None:
        """Ask to forget the saved search (or delete the collection) under the cursor."""
        node = self.cursor_node
        choice = node.data if node is not None else None
        if choice is not None and (choice.kind is Kind.SEARCH or _collection(choice)):
            self.post_message(self.Forget(self, choice))

    def action_choose(self) -> None:
        """List the papers of the node under the cursor, and go on to the list."""
        node = self.cursor_node
        if node is not None and node.data is not None:
            self._chose(node.data, go_to_list=True)

    def _chose(self, choice: Choice, *, go_to_list: bool = False) -> None:
        self._chosen = choice
        self.post_message(self.Chosen(self, choice, go_to_list))

    def _rebuild(self, tags: TagNode | None) -> None:
        self._expanded = self.expanded
        cursor = self.cursor_node.data if self.cursor_node else None
        self.clear()
        self._choice_nodes = {}
        watch_list: TreeNode[Choice] | None = None
        for choice in (*SPECIALS, *self.searches):
            label = self._label(choice, self.counts)
            if choice.kind is Kind.WATCH and not choice.tag:
                watch_list = node = self.root.add(label, choice, expand=True)
            elif choice.kind is Kind.WATCH and watch_list is not None:
                node = watch_list.add_leaf(label, choice)  # one per watched author, keyword
            else:
                node = self.root.add_leaf(label, choice)
            self._choice_nodes[choice] = node
        self._add_branch(self.collections)
        self._add_branch(self._yours)
        if tags is not None:
            for child in tags.children:
                self._add(self.root, child, self._expanded)
        chosen = self._choice_nodes.get(self._chosen)
        if chosen is not None:
            parent = chosen.parent
            while parent is not None:
                parent.expand()
                parent = parent.parent
        # The cursor stays where the user left it; at first (on All) it goes to the
        # node chosen, which may be one remembered from the last session.
        kept = self._choice_nodes.get(cursor) if cursor is not None and cursor != ALL else None
        self._move_to(kept or chosen or self._choice_nodes[ALL])

    def _move_to(self, node: TreeNode[Choice]) -> None:
        """The cursor to ``node``, again once the tree's lines are laid out anew (a node
        just added or under a parent just opened has no line before that)."""
        self.move_cursor(node)
        self.call_after_refresh(self.move_cursor, node)

    def _add(self, parent: TreeNode[Choice], tag: TagNode, expanded: frozenset[str]) -> None:
        choice = Choice(Kind.TAG, tag.path, tag.name)
        label = self._label(choice, self.counts)
        if not tag.children:
            self._choice_nodes[choice] = parent.add_leaf(label, choice)
            return
        node = parent.add(label, choice, expand=tag.path.casefold() in expanded)
        self._choice_nodes[choice] = node
        for child in tag.children:
            self._add(node, child, expanded)

    def _add_branch(self, entries: Sequence[Choice]) -> None:
        """A branch (collections, your tags): its first entry, open, over the others."""
        if not entries:
            return
        top, *each = entries
        branch = self.root.add(self._label(top, self.counts), top, expand=True)
        self._choice_nodes[top] = branch
        for choice in each:
            self._choice_nodes[choice] = branch.add_leaf(self._label(choice, self.counts), choice)

    def _label(self, choice: Choice, counts: Counts) -> Text:
        unread, total = counts.of(choice)
        style = "tag-tree--unread" if unread else ("tag-tree--empty" if not total else "")
        if _collection(choice):
            mark = "≡ "
        elif choice.kind is Kind.YOURS:
            mark = "# " if choice.tag else "✎ "
        else:
            mark = _MARKS.get(choice.kind, "")
        name = mark + counts.label_of(choice)
        label = Text(name, style=self._style(style) if style else "")
        if choice.kind is Kind.YOURS:
            label.stylize(self._style("tag-tree--yours"))
        counts_text = f" {short_count(unread)}/{short_count(total)}"
        room = self._room(choice) - len(counts_text)
        if label.cell_len > room:
            label.truncate(max(room, 1), overflow="ellipsis")
        label.append(counts_text, style=self._style("tag-tree--count"))
        return label

    def _style(self, name: str) -> Style:
        """The component class ``name``'s style, as the theme gives it now (asked once)."""
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = component_style(self, name)
        return style

    def _room(self, choice: Choice) -> int:
        """The cells a node's label has, guides and its open/close icon aside."""
        width = self.scrollable_content_region.width
        if width <= 0:
            return 1 << 16  # not laid out yet: labels are fitted on the first resize
        node = self._choice_nodes.get(choice)
        depth = choice.tag.count("/") if choice.kind is Kind.TAG else int(_collection(choice))
        depth += 1 if choice.kind in (Kind.WATCH, Kind.YOURS) and choice.tag else 0
        icon = len(self.ICON_NODE) if node is not None and node.allow_expand else 0
        return width - depth * self.guide_depth - icon


_MARKS = {Kind.SEARCH: "⌕ ", Kind.VAULT: "▣ ", Kind.WATCH: "◆ "}
"""Before the label of an entry that is neither a tag nor a special."""


def short_count(number: int) -> str:
    """A count as the narrow tree shows it: ``9999``, ``12.6k``, ``1.3M`` (rounded down)."""
    if number < 10_000:
        return str(number)
    if number < 1_000_000:
        return f"{number // 100 / 10:g}k"
    return f"{number // 100_000 / 10:g}M"


def _collection(choice: Choice) -> bool:
    """``choice`` is one collection (not the branch over them all)."""
    return choice.kind is Kind.COLLECTION and bool(choice.name)
