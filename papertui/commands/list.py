"""``papertui list``: the papers of a vault, as lines or as one JSON document."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from papertui.commands.common import (
    EXIT_CODES_HELP,
    EXIT_OK,
    Parser,
    add_scan_arguments,
    load_state,
    parse_query,
    read_vault,
    report_counts,
    report_scan,
    safe_streams,
)
from papertui.vault.paper import Paper
from papertui.vault.sanitize import clean_line
from papertui.vault.scan import scan, scan_rows

if TYPE_CHECKING:
    from papertui.vault.state.store import StateStore


def add_list_parser(commands: argparse._SubParsersAction[Parser]) -> None:
    list_parser = commands.add_parser(
        "list",
        help="print the papers of a vault",
        description="Print the papers of a vault.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_scan_arguments(list_parser)
    list_parser.add_argument("--json", action="store_true", help="print one JSON document")
    list_parser.add_argument(
        "-v", "--verbose", action="store_true", help="list every skipped or passed-over note"
    )
    list_parser.add_argument(
        "-q",
        "--query",
        metavar="Q",
        help="only papers matching Q, in the reader's filter language (best first)",
    )
    list_parser.add_argument(
        "--state",
        type=Path,
        metavar="FILE",
        help="the state file (for is: terms, your annotations and tags)",
    )


def select(
    papers: Sequence[Paper], query_text: str | None, state: StateStore | None
) -> Sequence[Paper]:
    """The papers a ``--query`` picks (best first), or all of them."""
    if not query_text or state is None:
        return papers
    from papertui.vault.query import filter_papers

    query = parse_query(query_text)
    return filter_papers(papers, query, state).papers


def _list_json(args: argparse.Namespace, out: TextIO, unicode_out: bool) -> int:
    """``list --json`` without a query: each paper's record written from its rows, never made."""
    from papertui.vault.export.listing import write_rows

    found = read_vault(args, scan_rows)
    own = load_state(args.state)
    count, rows = write_rows(out, found, ensure_ascii=not unicode_out, own=own)
    report_counts(found.notes, count, rows - count, verbose=args.verbose, stream=sys.stderr)
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    out = sys.stdout
    unicode_out = safe_streams()
    if args.json and not args.query:
        return _list_json(args, out, unicode_out)
    result = read_vault(args, scan)
    state = load_state(args.state) if args.json or args.query else None
    papers = select(result.papers, args.query, state)
    if args.json:
        from papertui.vault.export.listing import write_document

        # A terminal that cannot show the text gets \u escapes: still one valid document.
        write_document(out, papers, result.notes, ensure_ascii=not unicode_out, own=state)
    else:
        for paper in papers:
            day = paper.day.isoformat() if paper.day else "----------"
            tags = " ".join(f"#{tag}" for tag in paper.tags)
            out.write(clean_line(f"{day}  {paper.title}  {tags}".rstrip()) + "\n")
    report_scan(result, verbose=args.verbose, stream=sys.stderr)
    return EXIT_OK
