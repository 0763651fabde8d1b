"""Time the reader's keys headless: j to the next paper rendered, and the list at 150,000 rows.

Run from the project root with papertui importable::

    PYTHONPATH=. python benchmarks/keys.py benchmarks/out/vault-10k
    PYTHONPATH=. python benchmarks/keys.py VAULT --presses 300 --seeds ../shared/seeds

Figures: median and p95 of the time from the j key event to the next paper's
section rendered in the pane and the screen refreshed (headless, 120x40), on
VAULT and on the largest section of the seed notes (beside Textual's own
Markdown widget on that section), and the time to give the paper list 150,000
rows and paint them.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App, ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Markdown

from papertui.config import Config
from papertui.session import Session
from papertui.tui.app import make_app
from papertui.tui.feed import FOLD_DELAY
from papertui.tui.widgets.paper_list import PaperList
from papertui.tui.widgets.paper_view import PaperView
from papertui.tui.workers import busy_workers
from papertui.vault.paper import Paper
from papertui.vault.query import highlight_positions, parse_query
from papertui.vault.scan import scan, section_text

SIZE = (120, 40)
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def per_press(frames: Frames, presses: int) -> str:
    return f"{frames.count / max(1, presses):.2f} frames a press"


def summary(times: Sequence[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {ms(statistics.median(ordered))}   p95 {ms(p95)}   (n={len(ordered)})"


class Stopwatch:
    """Notes when a frame shows the awaited paper in the pane: the first frame that
    paints the pane (or the whole screen) after the pane has rendered the paper."""

    def __init__(self) -> None:
        self.painted: asyncio.Event = asyncio.Event()
        self.key: str | None = None
        self.rendered = False
        self.at = 0.0
        """When that frame was on the terminal (``time.perf_counter``)."""

    def __call__(self, message: Message) -> None:
        if isinstance(message, PaperView.Rendered) and message.paper.key == self.key:
            self.key = None
            self.rendered = True

    def frame(self, painted: Sequence[object]) -> None:
        """A frame was composed with these widgets repainted."""
        if self.rendered and any(isinstance(w, (PaperView, Screen)) for w in painted):
            self.rendered = False
            self.at = time.perf_counter()
            self.painted.set()


class Frames:
    """Counts the screen refreshes (compositor frames) while a press is timed, and what they paint.

    It wraps ``Screen._compositor_refresh``, the one call that composes a frame
    and writes it to the terminal: a private method of Textual, so a benchmark's
    business, never the reader's.
    """

    def __init__(self) -> None:
        self.watch: Stopwatch | None = None
        """Told of every frame."""
        self.counting = False
        self.count = 0
        self.painted: Counter[tuple[str, ...]] = Counter()
        """How many frames painted each set of widgets (by class name)."""

    @contextmanager
    def installed(self) -> Iterator[None]:
        refresh = Screen._compositor_refresh
        frames = self

        def counted(screen: Screen[Any]) -> None:
            dirty = list(screen._dirty_widgets)  # what this frame paints
            if frames.counting:
                frames.count += 1
                frames.painted[tuple(sorted(type(widget).__name__ for widget in dirty))] += 1
            refresh(screen)
            if frames.watch is not None:
                frames.watch.frame(dirty)
                if frames.watch.painted.is_set():
                    frames.counting = False  # the press is done with its last frame

        Screen._compositor_refresh = counted  # type: ignore[method-assign, assignment]
        try:
            yield
        finally:
            Screen._compositor_refresh = refresh  # type: ignore[method-assign]


async def settled(app: App[Any]) -> None:
    """Wait for the app's workers (but the watcher); one cancelled by a newer one is done too."""
    while workers := busy_workers(app):
        await asyncio.gather(*(worker.wait() for worker in workers), return_exceptions=True)


def press(app: App[Any], key: str) -> None:
    """Send a key the way the terminal driver does (Pilot's press also waits for idle)."""
    driver = app._driver
    assert driver is not None
    event = events.Key(key, key if len(key) == 1 else None)
    event.set_sender(app)
    driver.send_message(event)


async def time_presses(
    vault: Path,
    presses: int,
    *,
    target: str | None = None,
    frames: Frames | None = None,
    steady: bool = False,
) -> tuple[list[float], int]:
    """Press j ``presses`` times (or, with ``target``, j onto that paper and k back).

    Returns the times from pressing j to the section rendered, and the papers scanned.
    With ``frames``, the screen refreshes from each j to its paper rendered are counted.
    With ``steady``, the first j waits for the work the reader does in the background
    after a scan (the filter's folded text and gram index, ``FOLD_DELAY`` later);
    without, the presses begin as the scan's workers end and meet that work.
    """
    frames = frames or Frames()
    frames.watch = Stopwatch()
    with frames.installed():
        return await _time_presses(vault, presses, target, frames, steady)


async def _time_presses(
    vault: Path, presses: int, target: str | None, frames: Frames, steady: bool
) -> tuple[list[float], int]:
    state = Path(tempfile.mkdtemp()) / "state.json"
    watch = frames.watch
    assert watch is not None
    app = make_app(Session.open(vault, state_path=state, config=Config()))
    times: list[float] = []
    async with app.run_test(size=SIZE, message_hook=watch) as pilot:
        while not app.screen.query(PaperList) or not app.screen.query_one(PaperList).rows:
            await pilot.pause(0.05)
        await settled(app)
        if steady:
            await asyncio.sleep(FOLD_DELAY + 0.5)
            await settled(app)
        papers = app.screen.query_one(PaperList)
        if target is not None:
            index = [paper.key for paper in papers.rows].index(target)
            papers.move_to(index - 1)
            await settled(app)
        for _ in range(presses):
            rows, cursor = papers.rows, papers.cursor
            if cursor + 1 >= len(rows):
                break
            watch.key = rows[cursor + 1].key
            watch.painted.clear()
            watch.rendered = False
            start = time.perf_counter()
            frames.counting = True
            press(app, "j")
            await asyncio.wait_for(watch.painted.wait(), timeout=10)
            times.append(watch.at - start)
            frames.counting = False
            await pilot.pause(0.02)  # a reader reads; nothing left queued
            if target is not None:
                await pilot.press("k")
                await settled(app)
        total = len(papers.rows)
    return times, total


def largest_section(folder: Path) -> tuple[Paper, str]:
    result = scan(folder)
    sizes = [(len(section_text(folder, p.appearances[0])), p) for p in result.papers]
    _size, paper = max(sizes, key=lambda item: item[0])
    return paper, section_text(folder, paper.appearances[0])


class MarkdownApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Markdown()


async def time_textual_markdown(text: str, runs: int) -> list[float]:
    """Textual's Markdown widget on the same section, for comparison."""
    times = []
    app = MarkdownApp()
    async with app.run_test(size=SIZE) as pilot:
        widget = app.query_one(Markdown)
        for _ in range(runs):
            start = time.perf_counter()
            await widget.update(text)
            await pilot.pause()
            times.append(time.perf_counter() - start)
    return times


class ListApp(App[None]):
    CSS_PATH = str(Path(__file__).resolve().parents[1] / "papertui" / "tui" / "app.tcss")

    def compose(self) -> ComposeResult:
        yield PaperList()


async def time_list(papers: Sequence[Paper], rows: int, runs: int) -> dict[str, list[float]]:
    """show() + painting the visible rows, for ``rows`` rows (papers repeated if need be)."""
    data = [papers[i % len(papers)] for i in range(rows)]
    flipped = list(reversed(data))
    # The app hands the list its keys, computed with the rows in the filter worker.
    keys = [paper.key for paper in data]
    flipped_keys = list(reversed(keys))
    query = parse_query("diffusion model")
    lit = partial(highlight_positions, query=query)  # as filtering does, visible rows only
    figures: dict[str, list[float]] = {"paint": [], "replace": [], "paint+frame": []}
    app = ListApp()
    async with app.run_test(size=SIZE) as pilot:
        widget = app.query_one(PaperList)
        height = widget.size.height
        for run in range(runs):
            widget.show([])
            await pilot.pause()
            start = time.perf_counter()
            widget.show(data, keys=keys, highlight=lit)
            for y in range(height):
                widget.render_line(y)
            figures["paint"].append(time.perf_counter() - start)
            await pilot.pause()
            figures["paint+frame"].append(time.perf_counter() - start)
            start = time.perf_counter()
            shown, shown_keys = (flipped, flipped_keys) if run % 2 == 0 else (data, keys)
            widget.show(shown, keys=shown_keys, highlight=lit)
            for y in range(height):
                widget.render_line(y)
            figures["replace"].append(time.perf_counter() - start)
            await pilot.pause()
    return figures


async def main(args: argparse.Namespace) -> None:
    print(f"j -> next paper rendered, {args.vault} (Pilot, headless, {SIZE[0]}x{SIZE[1]})")
    frames = Frames()
    times, total = await time_presses(args.vault, args.presses, frames=frames)
    print(f"  {total:,} papers: {summary(times)}, {per_press(frames, len(times))}")

    if args.seeds.is_dir():
        folder = Path(tempfile.mkdtemp()) / "seeds"
        shutil.copytree(args.seeds, folder)
        paper, text = largest_section(folder)
        print(f"largest seed section ({len(text):,} characters):")
        frames = Frames()
        times, _ = await time_presses(folder, args.runs, target=paper.key, frames=frames)
        figure = f"{summary(times)}, {per_press(frames, len(times))}"
        print(f"  papertui pane, j onto it:        {figure}")
        textual = await time_textual_markdown(text, max(3, args.runs // 4))
        print(f"  Textual Markdown widget update:  {summary(textual)}")
    else:
        print(f"(no seeds at {args.seeds}: largest-section figure skipped)")

    papers = scan(args.vault).papers
    figures = await time_list(papers, args.rows, args.runs)
    print(f"paper list, {args.rows:,} rows ({len(papers):,} distinct papers):")
    print(f"  show + paint visible rows:       {summary(figures['paint'])}")
    print(f"  replace all rows + paint:        {summary(figures['replace'])}")
    print(f"  show + paint + a Pilot frame:    {summary(figures['paint+frame'])}")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vault", type=Path, help="a vault, e.g. from benchmarks/make_vault.py")
    parser.add_argument("--presses", type=int, default=200, help="j presses on VAULT (200)")
    parser.add_argument("--runs", type=int, default=40, help="runs per other figure (40)")
    parser.add_argument("--rows", type=int, default=150_000, help="rows for the list (150000)")
    parser.add_argument("--seeds", type=Path, default=SEEDS, help=f"the seed notes ({SEEDS})")
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(parse_args()))
