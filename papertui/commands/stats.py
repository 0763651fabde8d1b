"""``papertui stats``: the figures of a vault (or of a query) as tables, or one JSON object."""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from papertui.commands.common import (
    EXIT_CODES_HELP,
    EXIT_OK,
    Parser,
    UsageError,
    add_scan_arguments,
    load_state,
    read_vault,
    report_scan,
    safe_streams,
)
from papertui.vault.sanitize import clean_line
from papertui.vault.scan import scan
from papertui.vault.stats import TOP, Period, Ranked, VaultStats, compute

DAYS = 14
"""How many of the latest days with papers the text output lists (``--json`` has all)."""


def add_stats_parser(commands: argparse._SubParsersAction[Parser]) -> None:
    parser = commands.add_parser(
        "stats",
        help="print the figures of a vault: papers per day and week, tags, reading progress",
        description=(
            "Print the figures of a vault, or of the papers a query selects: papers per day "
            "and week, the top tags, how many entries are the same paper, reading progress "
            "and starred and queued papers per week (from the state file), the busiest notes, "
            "folders and sites."
        ),
        epilog=(
            "examples:\n"
            "  papertui stats ~/notes\n"
            "  papertui stats ~/notes --query 'tag:diffusion' --top 5\n"
            "  papertui stats ~/notes --json | jq .read.total\n\n" + EXIT_CODES_HELP
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_scan_arguments(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "-q", "--query", metavar="Q", help="only the papers matching Q (the reader's filter)"
    )
    parser.add_argument(
        "--state", type=Path, metavar="FILE", help="the read/star state file (read progress)"
    )
    parser.add_argument(
        "--top", type=int, default=TOP, metavar="N", help=f"rank N tags, notes... ({TOP})"
    )
    parser.add_argument(
        "--days", type=int, default=DAYS, metavar="N", help=f"list the last N days ({DAYS})"
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="list every skipped or passed-over note"
    )


def run_stats(args: argparse.Namespace) -> int:
    from papertui.commands.list import select

    if args.top < 0 or args.days < 0:
        raise UsageError("--top and --days take a number of 0 or more")
    unicode_out = safe_streams()
    result = read_vault(args, scan)
    state = load_state(args.state)
    papers = select(result.papers, args.query, state)
    figures = compute(papers, state, top=args.top)
    out = sys.stdout
    if args.json:
        json.dump(figures.to_json(), out, ensure_ascii=not unicode_out, indent=2)
        out.write("\n")
    elif out.isatty():
        print_rich(tables(figures, days=args.days), out)
    else:
        _print_plain(tables(figures, days=args.days), out)
    report_scan(result, verbose=args.verbose, stream=sys.stderr)
    return EXIT_OK


@dataclass(frozen=True, slots=True)
class Table:
    """One table of the text output: a title, its column names, its rows."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numbers: bool = True
    """The columns after the first hold numbers (set to the right)."""


def _n(number: int) -> str:
    return f"{number:,}"


def _papers(number: int) -> str:
    return f"{number:,} paper{'' if number == 1 else 's'}"


def _ranked(title: str, noun: str, items: Sequence[Ranked]) -> Table:
    return Table(title, (noun, "papers"), tuple((item.name, _n(item.papers)) for item in items))


def tables(figures: VaultStats, *, days: int = DAYS) -> list[Table]:
    """The figures as the tables the text output prints (empty ones left out)."""
    summary = [
        ("papers", _n(figures.papers.total)),
        ("entries", f"{_n(figures.entries)} ({figures.duplicates}: {figures.duplicate_ratio:.2f})"),
        ("notes", _n(figures.notes)),
        ("tags", f"{_n(figures.tag_count)} ({_papers(figures.untagged)} untagged)"),
        ("undated", _n(figures.papers.undated)),
        ("read", _n(figures.read.total)),
        ("starred", _n(figures.starred.total)),
        ("later", _n(figures.later.total)),
    ]
    found = [
        Table("Summary", ("figure", "value"), tuple(summary), numbers=False),
        Table(
            "Papers per week",
            ("week", "from", "papers", "total"),
            tuple(_week_row(p) for p in figures.papers.weeks),
        ),
        Table(
            f"Papers per day (the last {days} with papers)",
            ("day", "papers", "total"),
            tuple(_day_row(p) for p in figures.papers.days[-days:] if days),
        ),
        _ranked("Top tags", "tag", figures.tags),
        Table(
            "Papers read per week",
            ("week", "from", "read", "total"),
            tuple(_week_row(p) for p in figures.read.weeks),
        ),
        Table("Starred and queued per week", ("week", "starred", "later"), _flag_weeks(figures)),
        _ranked("Busiest notes", "note", figures.top_notes),
        _ranked("Busiest folders", "folder", figures.top_folders),
        _ranked("Busiest sites", "site", figures.top_sites),
    ]
    return [table for table in found if table.rows]


def _week_row(period: Period) -> tuple[str, ...]:
    return (period.week, period.start.isoformat(), _n(period.count), _n(period.cumulative))


def _day_row(period: Period) -> tuple[str, ...]:
    return (period.start.isoformat(), _n(period.count), _n(period.cumulative))


def _flag_weeks(figures: VaultStats) -> tuple[tuple[str, ...], ...]:
    starred = {p.start: p for p in figures.starred.weeks}
    later = {p.start: p for p in figures.later.weeks}
    rows = []
    for start in sorted(starred.keys() | later.keys()):
        week = (starred.get(start) or later[start]).week
        counts = (p.count if (p := kind.get(start)) else 0 for kind in (starred, later))
        rows.append((week, *map(_n, counts)))
    return tuple(rows)


def _print_plain(found: Sequence[Table], out: TextIO) -> None:
    """Aligned columns, numbers to the right; note text made one safe line."""
    for number, table in enumerate(found):
        if number:
            out.write("\n")
        out.write(f"{table.title}\n")
        rows = [tuple(clean_line(cell) for cell in row) for row in (table.headers, *table.rows)]
        widths = [max(_width(row[column]) for row in rows) for column in range(len(table.headers))]
        for row in rows:
            cells = [
                _pad(cell, width, right=table.numbers and column > 0 and _is_number(cell))
                for column, (cell, width) in enumerate(zip(row, widths, strict=True))
            ]
            out.write("  " + "  ".join(cells).rstrip() + "\n")


_NUMBER = re.compile(r"[\d,.]+")


def _is_number(cell: str) -> bool:
    return _NUMBER.fullmatch(cell) is not None


def _width(text: str) -> int:
    """Terminal cells: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(cell: str, width: int, *, right: bool) -> str:
    space = " " * (width - _width(cell))
    return space + cell if right else cell + space


def print_rich(found: Sequence[Table], out: TextIO) -> None:
    """Rich tables for a terminal; cells are Text, never markup."""
    from rich.console import Console
    from rich.table import Table as RichTable
    from rich.text import Text

    console = Console(file=out)
    for table in found:
        shown = RichTable(title=Text(table.title), title_justify="left")
        for column, header in enumerate(table.headers):
            right = table.numbers and column > 0
            shown.add_column(Text(header), justify="right" if right else "left")
        for row in table.rows:
            shown.add_row(*(Text(clean_line(cell)) for cell in row))
        console.print(shown)
