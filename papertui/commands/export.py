"""``papertui export``: the starred (or queried) papers as BibTeX, Markdown, CSV, JSON or ids."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from papertui import paths
from papertui.commands.common import (
    EXIT_CODES_HELP,
    EXIT_EMPTY,
    EXIT_OK,
    Parser,
    UsageError,
    add_scan_arguments,
    load_state,
    not_a_file,
    parse_query,
    read_vault,
    write_output,
)
from papertui.vault.atomic import special_kind
from papertui.vault.sanitize import clean_line
from papertui.vault.scan import scan

if TYPE_CHECKING:
    from papertui.vault.state.store import StateStore


def add_export_parser(commands: argparse._SubParsersAction[Parser]) -> None:
    from papertui.vault.export import FORMATS, GROUPINGS

    parser = commands.add_parser(
        "export",
        help="write the starred (or queried) papers as BibTeX, Markdown, CSV, JSON or ids",
        description=(
            "Write the starred papers of a vault, or those a filter query selects, as "
            "BibTeX, a Markdown reading list, CSV, JSON or a list of arXiv ids."
        ),
        epilog=(
            "examples:\n"
            "  papertui export ~/notes -o refs.bib\n"
            "  papertui export ~/notes --query 'is:starred tag:video day:2024-09' -f markdown\n"
            "  papertui export ~/notes --query 'author:zhang' --format ids | xclip\n"
            "  papertui export ~/notes --collection 'To read' -f markdown\n\n" + EXIT_CODES_HELP
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_scan_arguments(parser)
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--starred", action="store_true", help="export the starred papers (the default)"
    )
    which.add_argument(
        "-q",
        "--query",
        metavar="Q",
        help="export the papers the reader's filter Q shows (tag:, author:, is:, day:, words)",
    )
    which.add_argument(
        "-c",
        "--collection",
        metavar="NAME",
        help="export the papers of the reader's collection NAME, in its order",
    )
    parser.add_argument(
        "-f",
        "--format",
        choices=FORMATS,
        help="the output format (default: from -o's extension, else bibtex)",
    )
    parser.add_argument(
        "--group-by",
        choices=GROUPINGS,
        default="tag",
        help="how the Markdown reading list groups papers (default: tag)",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="write to FILE, atomically (default: standard output)",
    )
    parser.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    parser.add_argument(
        "--state",
        type=Path,
        metavar="FILE",
        help=f"the read/star state file (default: {paths.state_file()})",
    )


def _collection(state: StateStore, name: str) -> str:
    """The stored name of the collection ``name`` (any case); UsageError naming the known ones."""
    found = state.collections.find(name)
    if found is not None:
        return found
    names = state.collection_names()
    known = ", ".join(repr(clean_line(n)) for n in names) if names else "none yet (c in the reader)"
    raise UsageError(f"no collection {clean_line(name)!r}; the collections: {known}")


def run_export(args: argparse.Namespace) -> int:
    from papertui.vault.export import format_for_path, render
    from papertui.vault.flags import Flag
    from papertui.vault.query import filter_papers

    output: Path | None = None if args.output == Path("-") else args.output
    fmt = args.format or (output and format_for_path(output)) or "bibtex"
    # Everything that can be refused is refused before the scan.
    query = None if args.query is None else parse_query(args.query)
    if output is not None and (kind := special_kind(output)) is not None:
        raise UsageError(not_a_file(output, kind))  # --force or not: it is never replaced
    if output is not None and output.exists() and not args.force:
        raise UsageError(f"{clean_line(str(output))} exists: use --force to overwrite it")
    state = load_state(args.state)
    collection = None if args.collection is None else _collection(state, args.collection)
    result = read_vault(args, scan)
    if collection is not None:
        by_key = {paper.key: paper for paper in result.papers}
        papers = [by_key[key] for key in state.collection(collection) if key in by_key]
    elif query is None:
        papers = [paper for paper in result.papers if state.has(paper.key, Flag.STARRED)]
    else:
        papers = list(filter_papers(result.papers, query, state).papers)
    exported = render(papers, fmt, state, group_by=args.group_by)
    if exported.skipped:
        noun = "paper" if exported.skipped == 1 else "papers"
        print(f"papertui: {exported.skipped} {noun} without an arXiv id left out", file=sys.stderr)
    if not exported.written:
        if papers:
            why = ""
        elif collection is not None:
            why = f": the collection {clean_line(collection)!r} holds no paper of this vault"
        elif query is None:
            why = ": no starred papers (star some in the reader, or use --query)"
        else:
            why = f": no papers match {clean_line(args.query)!r}"
        print(f"papertui: nothing to export{why}", file=sys.stderr)
        return EXIT_EMPTY
    if output is None:
        sys.stdout.write(exported.text)
        return EXIT_OK
    write_output(output, exported.text, force=args.force)
    noun = "paper" if exported.written == 1 else "papers"
    print(
        f"papertui: wrote {exported.written} {noun} to {clean_line(str(output))} ({fmt})",
        file=sys.stderr,
    )
    return EXIT_OK
