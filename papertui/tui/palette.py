"""The command palette: every verb, go to tag, go to paper; matched as the filter matches."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from functools import partial
from typing import Protocol

from textual.app import App
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.markup import escape
from textual.screen import Screen
from textual.style import Style
from textual.widget import Widget

from papertui.tui.choices import Choice
from papertui.tui.messages import GoToPaper, GoToTag
from papertui.tui.verb_table import VERBS, Scope, key_of
from papertui.vault.query import Hit as PaperHit
from papertui.vault.query.match import match_text
from papertui.vault.sanitize import clean_line


class FilterMatcher(Matcher):
    """Textual's palette matcher, answering with the filter's rules (``match_text``):
    ``zipnerf`` finds "Zip-NeRF", pinyin finds Chinese, and candidates are never markup."""

    def match(self, candidate: str) -> float:
        found = match_text(self.query, candidate)
        return found.score if found is not None else 0.0

    def highlight(self, candidate: str) -> Content:
        found = match_text(self.query, candidate)
        return _literal(candidate, found.positions if found else (), self.match_style)


class _Provider(Provider):
    """A provider whose matcher is the filter's."""

    def matcher(self, user_input: str, case_sensitive: bool = False) -> Matcher:
        return FilterMatcher(user_input, match_style=self.match_style)


class PaletteSource(Protocol):
    """What the "go to" commands need from the screen below the palette."""

    def tag_choices(self) -> Sequence[Choice]:
        """Every node of the tag tree."""
        ...

    def find_papers(self, text: str, limit: int) -> Sequence[PaperHit]:
        """The best ``limit`` papers for ``text`` (called in a thread)."""
        ...


_SCOPE_NODES = {Scope.PANE: "#paper", Scope.LAYOUT: "#body"}
"""The node on the main screen that holds the bindings of a scope (else the screen does)."""


def _target(scope: Scope, app: App[object], screen: Screen[object]) -> App[object] | Widget | None:
    """Where a verb of ``scope`` runs from the palette: the app, the screen, or a widget."""
    if scope is Scope.APP:
        return app
    node = _SCOPE_NODES.get(scope)
    if node is not None:
        return screen.query_one(node) if screen.query(node) else None
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


class VerbProvider(_Provider):
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
                yield Hit(score, matcher.highlight(name), run, text=name, help=escape(help_text))


class TagProvider(_Provider):
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
                label = matcher.highlight(choice.label)
                yield Hit(score, label, partial(self._go, choice), text=choice.label)

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
