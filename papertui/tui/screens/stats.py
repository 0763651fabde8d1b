"""The stats screen: the figures of the papers the filter shows, plotted in the terminal.

The figures come from :mod:`papertui.vault.stats` (as for ``papertui stats``),
counted in a worker; the plots are ``textual-plotext`` widgets, imported only
when this screen is first opened.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from papertui.vault.flags import Flags
from papertui.vault.paper import Paper
from papertui.vault.sanitize import clean_line
from papertui.vault.stats import Period, Ranked, VaultStats, compute

if TYPE_CHECKING:
    from textual_plotext import PlotextPlot

DAYS_PLOTTED = 60
"""The per-day plots show the latest this many days with papers (the weeks show all)."""
WEEKS_PLOTTED = 104
LABEL_CELLS = 24
"""Tag names are cut to this many characters in the tag plot."""


class StatsScreen(Screen[None]):
    """Papers per day and week, tags, reading progress, flags per week, busiest sources."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss", "Close", show=True),
        Binding("j,down", "scroll('down')", "Down", show=False),
        Binding("k,up", "scroll('up')", "Up", show=False),
    ]
    AUTO_FOCUS = "#stats"

    def __init__(self, papers: Sequence[Paper], flags: Flags, description: str) -> None:
        """Figures of ``papers`` (the filter's), flags from ``flags``; ``description`` says
        which papers they are (the main screen's sub-title)."""
        super().__init__()
        self.papers = papers
        self.flags = flags
        self.description = description
        self.figures: VaultStats | None = None
        """The figures, once counted."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="stats"):
            yield Static(Text("Counting…"), id="stats-summary")
            yield Grid(id="stats-plots")
            yield Static(id="stats-sources")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Stats"
        self.sub_title = clean_line(self.description)
        self._count()

    @work(thread=True, exclusive=True, group="stats")
    def _count(self) -> None:
        figures = compute(self.papers, self.flags)
        self.app.call_from_thread(self._show, figures)

    def _show(self, figures: VaultStats) -> None:
        self.figures = figures
        self.query_one("#stats-summary", Static).update(summary(figures, self.description))
        plots = self.query_one("#stats-plots", Grid)
        plots.mount_all(_plots(figures))
        self.query_one("#stats-sources", Static).update(sources(figures))

    def action_dismiss(self, result: None = None) -> None:  # type: ignore[override]
        self.dismiss(result)

    def action_scroll(self, direction: str) -> None:
        scroll = self.query_one("#stats", VerticalScroll)
        (scroll.scroll_down if direction == "down" else scroll.scroll_up)(animate=False)


def summary(figures: VaultStats, description: str) -> Text:
    """The figures in words: how many, how many are the same paper, how many read."""
    papers = figures.papers.total
    read = figures.read.total
    share = f" ({read / papers:.0%})" if papers else ""
    lines = [
        Text.assemble(("Stats", "bold"), ("  of  ", "dim"), clean_line(description)),
        Text(
            f"{figures.duplicates} in {figures.notes:,} notes "
            f"({figures.duplicate_ratio:.2f} entries a paper)"
        ),
        Text(
            f"{read:,} read{share} · {figures.starred.total:,} starred · "
            f"{figures.later.total:,} queued for later · {figures.tag_count:,} tags, "
            f"{figures.untagged:,} untagged · {figures.papers.undated:,} undated"
        ),
    ]
    return Text("\n").join(lines)


def sources(figures: VaultStats) -> Table:
    """The busiest notes, folders and sites, side by side."""
    table = Table.grid(padding=(0, 3))
    columns = (
        ("Busiest notes", figures.top_notes),
        ("Busiest folders", figures.top_folders),
        ("Busiest sites", figures.top_sites),
    )
    for _ in columns:
        table.add_column()
    table.add_row(*(Text(title, style="bold underline") for title, _ in columns))
    table.add_row(*(_ranking(items) for _, items in columns))
    return table


def _ranking(items: Sequence[Ranked]) -> Text:
    if not items:
        return Text("none", style="dim")
    width = len(f"{items[0].papers:,}")
    return Text("\n").join(
        Text.assemble((f"{item.papers:>{width},} ", "bold"), clean_line(item.name))
        for item in items
    )


def _plots(figures: VaultStats) -> list[PlotextPlot]:
    """One plot per figure over time or tags (empty figures say so in their title)."""
    from textual_plotext import PlotextPlot

    def plot(title: str, plot_id: str) -> PlotextPlot:
        widget = PlotextPlot(id=plot_id, classes="stats-plot")
        widget.plt.title(title)
        return widget

    weeks = figures.papers.weeks[-WEEKS_PLOTTED:]
    days = figures.papers.days[-DAYS_PLOTTED:]
    per_week = plot("Papers per week", "plot-weeks")
    per_day = plot(f"Papers per day (latest {DAYS_PLOTTED} days with papers)", "plot-days")
    tags = plot("Top tags", "plot-tags")
    read = plot("Papers read (cumulative, by day read)", "plot-read")
    flagged = plot("Starred and queued per week", "plot-flags")
    if weeks:
        per_week.plt.bar(_labels(weeks, week=True), [p.count for p in weeks], width=0.6)
        per_week.plt.yticks(*_counts(max(p.count for p in weeks)))
    if days:
        per_day.plt.bar(_labels(days), [p.count for p in days], width=0.6)
        per_day.plt.yticks(*_counts(max(p.count for p in days)))
    if figures.tags:
        names = [clean_line(item.name)[:LABEL_CELLS] for item in reversed(figures.tags)]
        counts = [item.papers for item in reversed(figures.tags)]
        tags.plt.bar(names, counts, orientation="horizontal", width=0.6)
        tags.plt.xticks(*_counts(max(counts)))
    if figures.read.days:
        read_days = figures.read.days
        read.plt.plot(
            list(range(len(read_days))), [p.cumulative for p in read_days], marker="braille"
        )
        read.plt.xticks(*_ticks(read_days))
        read.plt.yticks(*_counts(read_days[-1].cumulative))
    else:
        read.plt.title("Papers read: none yet (r or space marks a paper read)")
    starred = {p.start: p.count for p in figures.starred.weeks}
    later = {p.start: p.count for p in figures.later.weeks}
    if starts := sorted(starred.keys() | later.keys()):
        # plotext takes labels= (one per series); its bundled stub says label=.
        flagged.plt.multiple_bar(  # type: ignore[call-arg]
            [f"{start:%y-%m-%d}" for start in starts],
            [[starred.get(s, 0) for s in starts], [later.get(s, 0) for s in starts]],
            labels=["starred", "later"],
        )
        flagged.plt.yticks(*_counts(max([*starred.values(), *later.values()])))
    return [per_week, per_day, tags, read, flagged]


def _labels(periods: Sequence[Period], *, week: bool = False) -> list[str]:
    return [period.week if week else period.start.isoformat() for period in periods]


def _ticks(periods: Sequence[Period]) -> tuple[list[float], list[str]]:
    """At most six dated ticks along a series plotted by position."""
    places = range(0, len(periods), max(1, len(periods) // 5))
    return [float(place) for place in places], [periods[p].start.isoformat() for p in places]


def _counts(top: int) -> tuple[list[float], list[str]]:
    """Whole-number ticks from 0 to ``top``, at most six of them (counts have no halves)."""
    step = max(1, -(-top // 5))
    places = range(0, top + 1, step)
    return [float(place) for place in places], [f"{place:,}" for place in places]
