"""Helpers for Pilot tests: start the reader on a vault, wait for it, read what it shows."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from textual import events
from textual.message import Message
from textual.pilot import Pilot
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget
from textual.worker import WorkerCancelled

from papertui.config import Config
from papertui.session import Session
from papertui.tui.app import PaperTUI, make_app
from papertui.tui.screens.main import MainScreen
from papertui.tui.widgets.paper_list import PaperList
from papertui.tui.widgets.paper_view import PaperView
from papertui.tui.widgets.tag_tree import TagTree
from papertui.tui.workers import busy_workers

M = TypeVar("M", bound=Message)
WAIT = 10.0
"""The longest a test waits for the reader to get somewhere (well under a second, unloaded)."""


@dataclass
class Recorder:
    """Every message the app handled, for asserting on what widgets said."""

    messages: list[Message] = field(default_factory=list)

    def __call__(self, message: Message) -> None:
        # A bubbling message reaches several nodes: record it once.
        if not any(message is seen for seen in self.messages[-20:]):
            self.messages.append(message)

    def of(self, kind: type[M]) -> list[M]:
        return [m for m in self.messages if isinstance(m, kind)]


@dataclass
class Reader:
    """A running reader under Pilot."""

    app: PaperTUI
    pilot: Pilot[int]
    recorder: Recorder

    @property
    def screen(self) -> MainScreen:
        screen = self.app.screen
        assert isinstance(screen, MainScreen), screen
        return screen

    @property
    def main(self) -> MainScreen:
        screen = self.app.screen_stack[0]
        assert isinstance(screen, MainScreen)
        return screen

    @property
    def paper_list(self) -> PaperList:
        return self.main.query_one(PaperList)

    @property
    def pane(self) -> PaperView:
        return self.main.query_one(PaperView)

    @property
    def tree(self) -> TagTree:
        return self.main.query_one(TagTree)

    async def settle(self) -> None:
        """Wait until every worker is done (a filter starts a render...) and messages ran.

        The vault's watcher runs as long as the reader does: it is not waited for.
        """
        await settle(self.pilot, rounds=6)

    async def press(self, *keys: str) -> None:
        await self.pilot.press(*keys)
        await self.settle()

    async def burst(self, *keys: str) -> None:
        """Send keys the way a fast typist's terminal does: all queued, none waited for.

        (Pilot's ``press`` waits for the app to go idle after every key.)
        """
        driver = self.app._driver
        assert driver is not None
        for key in keys:
            event = events.Key(key, key if len(key) == 1 else None)
            event.set_sender(self.app)
            driver.send_message(event)
        await self.settle()

    async def choose(self, label: str) -> None:
        """Go to the tree, move down to the entry labelled ``label`` and choose it."""
        await self.press("1", "home")
        for _ in range(40):
            node = self.tree.cursor_node
            if node is not None and node.data is not None and node.data.label == label:
                break
            await self.press("j")
        await self.press("enter")

    def titles_keys(self) -> list[str]:
        """The keys of the rows, in order."""
        return [paper.key for paper in self.paper_list.rows]

    def titles(self) -> list[str]:
        """The titles of the rows, in order."""
        return [paper.title for paper in self.paper_list.rows]

    def list_lines(self) -> list[str]:
        """The list as painted (only the visible rows)."""
        height = self.paper_list.scrollable_content_region.height
        return [text(self.paper_list.render_line(y)) for y in range(height)]

    def tree_lines(self) -> list[str]:
        """The tag tree as painted."""
        return [text(self.tree.render_line(y)).strip() for y in range(self.tree.size.height)]

    def pane_text(self) -> str:
        return "\n".join(text(strip).rstrip() for strip in self.pane.lines)

    @property
    def focused(self) -> Widget | None:
        """The focused widget (a property, so assertions do not narrow it for good)."""
        return self.app.focused

    @property
    def sub_title(self) -> str:
        return self.main.sub_title or ""

    @property
    def top(self) -> Screen[object]:
        """The screen on top (a modal, or the main screen)."""
        return self.app.screen

    def has_focus(self, widget: Widget) -> bool:
        return self.app.focused is widget

    def on_top(self, screen: Screen[Any]) -> bool:
        return self.app.screen is screen

    def current_title(self) -> str | None:
        paper = self.main.current
        return paper.title if paper else None


async def settle(pilot: Pilot[Any], *, rounds: int = 4) -> None:
    """Wait until every worker is done (a filter starts a render...) and messages ran."""
    for _ in range(rounds):
        await pilot.pause()
        workers = busy_workers(pilot.app)
        if not workers:
            return
        for worker in workers:
            with suppress(WorkerCancelled):  # (a newer render or filter took over)
                await worker.wait()
    await pilot.pause()


async def wait_until(running: Reader, ready: Callable[[], bool], what: str) -> None:
    """Wait for what an assertion depends on (a worker's result, a reload), up to ``WAIT``."""
    deadline = time.monotonic() + WAIT
    while not ready():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        await running.pilot.pause(0.05)


def text(strip: Strip) -> str:
    return "".join(segment.text for segment in strip)


@asynccontextmanager
async def reader(
    vault: Path,
    *,
    state: Path | None = None,
    config: Config | None = None,
    size: tuple[int, int] = (120, 40),
) -> AsyncIterator[Reader]:
    """The reader on ``vault``, scanned and settled."""
    app = make_app(
        Session.open(vault, state_path=state or vault.parent / "state.json", config=config)
    )
    recorder = Recorder()
    async with app.run_test(size=size, message_hook=recorder) as pilot:
        running = Reader(app, pilot, recorder)
        await running.settle()
        yield running
