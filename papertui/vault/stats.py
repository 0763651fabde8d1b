"""The figures of a set of papers: per day and week, per tag, reading progress, sources.

Computed once here for the stats screen and ``papertui stats`` alike. Pure:
no Textual, no Rich. Every figure is over the papers given (the reader's
filter, or a ``--query``); flag figures come from the state's stamps.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

from papertui.vault.flags import Flag, Flags
from papertui.vault.paper import Paper

TOP = 10
"""How many tags, notes, folders and sites the rankings keep by default."""
ROOT_FOLDER = "."
"""The folder of notes at the top of the vault, as the folder ranking names it."""


@dataclass(frozen=True, slots=True)
class Period:
    """A day or a week (then ``start`` is its Monday) and what it counted."""

    start: date
    count: int
    cumulative: int
    """The count of this period and every one before it."""

    @property
    def week(self) -> str:
        """The ISO week of ``start``: ``2024-W39``."""
        year, week, _ = self.start.isocalendar()
        return f"{year}-W{week:02d}"


@dataclass(frozen=True, slots=True)
class Ranked:
    """A tag, note, folder or site, and how many papers it has."""

    name: str
    papers: int


@dataclass(frozen=True, slots=True)
class Series:
    """One count over time: by day and by ISO week, oldest first (periods with none left out)."""

    total: int
    """Everything counted, dated or not."""
    days: tuple[Period, ...]
    weeks: tuple[Period, ...]

    @property
    def undated(self) -> int:
        """What was counted without a date to place it."""
        return self.total - (self.days[-1].cumulative if self.days else 0)

    @classmethod
    def of(cls, days: Iterable[date | None]) -> Series:
        """The series of one date per counted thing (None: counted, not placed)."""
        total = 0
        by_day: Counter[date] = Counter()
        for day in days:
            total += 1
            if day is not None:
                by_day[day] += 1
        by_week: Counter[date] = Counter()
        for day, count in by_day.items():
            by_week[day - timedelta(days=day.weekday())] += count
        return cls(total, _periods(by_day), _periods(by_week))

    def to_json(self, noun: str) -> dict[str, Any]:
        return {
            "total": self.total,
            "undated": self.undated,
            "per_day": [
                {"day": p.start.isoformat(), noun: p.count, "cumulative": p.cumulative}
                for p in self.days
            ],
            "per_week": [
                {
                    "week": p.week,
                    "start": p.start.isoformat(),
                    noun: p.count,
                    "cumulative": p.cumulative,
                }
                for p in self.weeks
            ],
        }


def _periods(counts: Mapping[date, int]) -> tuple[Period, ...]:
    periods: list[Period] = []
    running = 0
    for start in sorted(counts):
        running += counts[start]
        periods.append(Period(start, counts[start], running))
    return tuple(periods)


@dataclass(frozen=True, slots=True)
class VaultStats:
    """The figures of some papers; :func:`compute` makes them."""

    papers: Series
    """Papers by the first day they appeared."""
    entries: int
    """Appearances across notes: one paper in three notes is three entries."""
    notes: int
    """Notes holding at least one of the papers."""
    tags: tuple[Ranked, ...]
    """The tags with most papers (case folded; shown as first spelled)."""
    tag_count: int
    """How many different tags the papers carry."""
    untagged: int
    read: Series
    """Papers read, by the day they were marked read."""
    starred: Series
    later: Series
    """Papers queued to read later, by the day they were queued."""
    top_notes: tuple[Ranked, ...]
    top_folders: tuple[Ranked, ...]
    """Folders of notes (relative to the vault; ``.`` is its top)."""
    top_sites: tuple[Ranked, ...]
    """Hosts of the papers' abstract (else PDF, else code) links."""

    @property
    def duplicate_ratio(self) -> float:
        """Entries per paper: 1.0 when no paper appears twice (0.0 for no papers)."""
        return self.entries / self.papers.total if self.papers.total else 0.0

    @property
    def duplicates(self) -> str:
        """``2,284 entries are 1,872 papers``."""
        entries = "entry" if self.entries == 1 else "entries"
        papers = "paper" if self.papers.total == 1 else "papers"
        verb = "is" if self.entries == 1 else "are"
        return f"{self.entries:,} {entries} {verb} {self.papers.total:,} {papers}"

    def to_json(self) -> dict[str, Any]:
        """The figures as one JSON object (``papertui stats --json``)."""

        def ranked(items: Sequence[Ranked], name: str) -> list[dict[str, Any]]:
            return [{name: item.name, "papers": item.papers} for item in items]

        return {
            "papers": self.papers.total,
            "entries": self.entries,
            "duplicate_ratio": round(self.duplicate_ratio, 4),
            "notes": self.notes,
            "undated": self.papers.undated,
            "per_day": self.papers.to_json("papers")["per_day"],
            "per_week": self.papers.to_json("papers")["per_week"],
            "tags": ranked(self.tags, "tag"),
            "tag_count": self.tag_count,
            "untagged": self.untagged,
            "read": self.read.to_json("read"),
            "starred": self.starred.to_json("starred"),
            "later": self.later.to_json("later"),
            "top_notes": ranked(self.top_notes, "note"),
            "top_folders": ranked(self.top_folders, "folder"),
            "top_sites": ranked(self.top_sites, "site"),
        }


def compute(papers: Sequence[Paper], flags: Flags, *, top: int = TOP) -> VaultStats:
    """The figures of ``papers``, their flags read from ``flags``.

    Args:
        papers: The papers to count (each once, however many notes it is in).
        flags: Where read, starred and later and their stamps come from.
        top: How many tags, notes, folders and sites each ranking keeps.
    """
    tags: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    notes: Counter[str] = Counter()
    folders: Counter[str] = Counter()
    sites: Counter[str] = Counter()
    untagged = entries = 0
    for paper in papers:
        entries += len(paper.appearances)
        folded = {tag.casefold(): tag for tag in reversed(paper.tags)}
        for fold, tag in folded.items():
            spelling.setdefault(fold, tag)
            tags[fold] += 1
        untagged += not folded
        paths = {appearance.path for appearance in paper.appearances}
        notes.update(paths)
        folders.update({path.rpartition("/")[0] or ROOT_FOLDER for path in paths})
        if site := _site(paper):
            sites[site] += 1
    return VaultStats(
        papers=Series.of(paper.day for paper in papers),
        entries=entries,
        notes=len(notes),
        tags=tuple(Ranked(spelling[fold], count) for fold, count in _top(tags, top)),
        tag_count=len(tags),
        untagged=untagged,
        read=_flagged(papers, flags, Flag.READ),
        starred=_flagged(papers, flags, Flag.STARRED),
        later=_flagged(papers, flags, Flag.LATER),
        top_notes=tuple(Ranked(name, count) for name, count in _top(notes, top)),
        top_folders=tuple(Ranked(name, count) for name, count in _top(folders, top)),
        top_sites=tuple(Ranked(name, count) for name, count in _top(sites, top)),
    )


def _top(counts: Counter[str], top: int) -> list[tuple[str, int]]:
    """The ``top`` biggest counts, ties by name (so the answer never depends on order)."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[: max(top, 0)]


def _flagged(papers: Sequence[Paper], flags: Flags, flag: Flag) -> Series:
    """The papers carrying ``flag``, by the (UTC) day they got it."""
    return Series.of(
        _stamp_day(flags.since(paper.key, flag)) for paper in papers if flags.has(paper.key, flag)
    )


def _stamp_day(stamp: str) -> date | None:
    """The day of a state stamp (``2024-09-27T08:00:00.000000+00:00``); None if there is none."""
    try:
        return date.fromisoformat(stamp[:10])
    except ValueError:
        return None


def _site(paper: Paper) -> str:
    """The host of the paper's first link (``arxiv.org``), without ``www.``; "" for none."""
    link = paper.links.abs or paper.links.pdf or paper.links.code
    if not link:
        return ""
    try:
        host = urlsplit(link).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")
