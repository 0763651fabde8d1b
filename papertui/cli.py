"""The command line: the reader, and headless commands that never import Textual."""

from __future__ import annotations

import argparse
import gc
import io
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

import papertui
from papertui import paths
from papertui.progress import ProgressLine
from papertui.vault.paper import Paper
from papertui.vault.sanitize import clean_line
from papertui.vault.scan.result import NoteReport, NoteStatus, ScanResult
from papertui.vault.scan.scanner import Scanner

if TYPE_CHECKING:
    from papertui.vault.query import Query
    from papertui.vault.state.store import StateStore

# The headless commands import what they use when they use it (the exporters,
# the filter language, the state file): a warm `papertui list` starts sooner.

EXIT_OK = 0
EXIT_EMPTY = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """A bad argument or an unusable vault: one line on stderr, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


class _Version(argparse.Action):
    """``--version``: the version is looked up only when asked for."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> NoReturn:
        parser.exit(message=f"papertui {papertui.__version__}\n")


def _add_vault_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("vault", nargs="?", type=Path, help="the notes folder")
    parser.add_argument("--demo", action="store_true", help="use the bundled demo vault")
    parser.add_argument(
        "--include",
        action="append",
        default=[],
        metavar="GLOB",
        help="read only notes matching GLOB (relative to the vault; repeatable)",
    )
    parser.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="leave out notes matching GLOB (repeatable)",
    )


def _add_scan_arguments(parser: argparse.ArgumentParser) -> None:
    _add_vault_arguments(parser)
    parser.add_argument(
        "--no-cache",
        dest="cache",
        action="store_false",
        help="read every note, neither reading nor writing the index cache",
    )


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser for ``papertui`` and its sub-commands (or just ``command``)."""
    parser = _Parser(
        prog="papertui",
        description="A keyboard-driven reader for folders of paper-digest notes.",
        epilog=(
            f"config file: {paths.config_file()}\n"
            f"state file:  {paths.state_file()}\n"
            "PAPERTUI_HOME overrides where both live."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_Version)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    if command in (None, "list"):
        _add_list_parser(commands)
    if command in (None, "export"):
        _add_export_parser(commands)
    return parser


def _add_list_parser(commands: argparse._SubParsersAction[_Parser]) -> None:
    list_parser = commands.add_parser(
        "list", help="print the papers of a vault", description="Print the papers of a vault."
    )
    _add_scan_arguments(list_parser)
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
        "--state", type=Path, metavar="FILE", help="the read/star state file (for is: terms)"
    )


def _add_export_parser(commands: argparse._SubParsersAction[_Parser]) -> None:
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
            "  papertui export ~/notes --query 'author:zhang' --format ids | xclip"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_scan_arguments(parser)
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


def resolve_vault(args: argparse.Namespace) -> Path:
    """The vault the arguments name; UsageError if it cannot be read."""
    if args.demo and args.vault is not None:
        raise UsageError("give a VAULT or --demo, not both")
    vault: Path | None = paths.demo_vault() if args.demo else args.vault
    if vault is None:
        raise UsageError("no vault: give a VAULT folder or --demo")
    if not vault.exists():
        raise UsageError(f"no such folder: {clean_line(str(vault))}")
    if not vault.is_dir():
        raise UsageError(f"not a folder: {clean_line(str(vault))}")
    try:
        next(iter(vault.iterdir()), None)
    except OSError as error:
        raise UsageError(
            f"cannot read {clean_line(str(vault))}: {error.strerror or error}"
        ) from None
    return vault


def _scanner(args: argparse.Namespace) -> Scanner:
    return Scanner(
        resolve_vault(args), include=args.include, exclude=args.exclude, cache=args.cache
    )


def read_vault(args: argparse.Namespace, scanner: Scanner | None = None) -> Scanner:
    """Scan the vault the arguments name, a progress line on stderr if it is a terminal."""
    scanner = scanner or _scanner(args)
    progress = ProgressLine(sys.stderr)
    try:
        scanner.read(progress)
    finally:
        progress.close()
    return scanner


def scan_vault(args: argparse.Namespace) -> ScanResult:
    """Scan the vault the arguments name (see :func:`read_vault`), its papers made."""
    result = read_vault(args).result
    assert result is not None
    return result


def report_scan(result: ScanResult, *, verbose: bool, stream: TextIO) -> None:
    """The one-line summary of a scan (and, verbosely, each note passed by)."""
    report_counts(result.notes, len(result.papers), result.merged, verbose=verbose, stream=stream)


def report_counts(
    notes: Sequence[NoteReport], papers: int, merged: int, *, verbose: bool, stream: TextIO
) -> None:
    """The one-line summary of a scan (and, verbosely, each note passed by)."""
    read = sum(1 for note in notes if note.status is NoteStatus.READ)
    skipped = sum(1 for note in notes if note.status is NoteStatus.SKIPPED)
    passed = len(notes) - read - skipped
    counts = [
        _count(read, "note") + " read",
        _count(papers, "paper"),
        _count(merged, "appearance") + " merged",
        _count(skipped, "note") + " skipped",
        f"{passed:,} passed over",
    ]
    line = ", ".join(counts)
    if (skipped or passed) and not verbose:
        line += " (-v says why)"
    print(line, file=stream)
    if verbose:
        for note in notes:
            if note.status is not NoteStatus.READ or note.reason:
                print(
                    f"  {note.status}: {clean_line(note.path)}: {clean_line(note.reason or '')}",
                    file=stream,
                )


def _count(number: int, noun: str) -> str:
    """``1 note``, ``12,345 notes``."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _safe_streams() -> bool:
    """Let stdout/stderr replace what their encoding cannot show; True if stdout shows all."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
    try:
        "\u4e2d\ufffd".encode(sys.stdout.encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def select(
    papers: Sequence[Paper], query_text: str | None, state_path: Path | None
) -> Sequence[Paper]:
    """The papers a ``--query`` picks (best first), or all of them."""
    if not query_text:
        return papers
    from papertui.vault.query import filter_papers

    query = _parse_query(query_text)
    return filter_papers(papers, query, load_state(state_path)).papers


def load_state(path: Path | None) -> StateStore:
    """The read/star state, its messages (a corrupt file moved aside, ...) on stderr."""
    from papertui.vault.state.store import StateStore

    store = StateStore.load(path or paths.state_file())
    for message in store.pop_messages():
        print(f"papertui: state: {clean_line(message)}", file=sys.stderr)
    return store


def _list_json(args: argparse.Namespace, out: TextIO, unicode_out: bool) -> int:
    """``list --json`` without a query: the last listing again if no note changed, else the rows."""
    from papertui.vault.export.listing import write_groups, write_listing
    from papertui.vault.export.listing_cache import ListingWriter

    scanner = _scanner(args)
    kept = scanner.cached_listing() if unicode_out else None
    if kept is not None:
        listing, notes = kept
        write_listing(out, listing, notes)
        count, rows = listing.papers, listing.rows
    else:
        read_vault(args, scanner)
        notes = scanner.notes()
        keep = None
        if unicode_out and scanner.cache_path is not None and scanner.token is not None:
            keep = ListingWriter(scanner.cache_path, scanner.token)
        try:
            # Written from the rows: the papers are never made (most of a warm run's time).
            count, rows = write_groups(
                out, scanner.groups(), notes, ensure_ascii=not unicode_out, keep=keep
            )
        except BaseException:
            if keep is not None:
                keep.abandon()
            raise
        if keep is not None:
            keep.commit(count, rows)
    report_counts(notes, count, rows - count, verbose=args.verbose, stream=sys.stderr)
    return EXIT_OK


def _run_list(args: argparse.Namespace) -> int:
    out = sys.stdout
    unicode_out = _safe_streams()
    if args.json and not args.query:
        return _list_json(args, out, unicode_out)
    scanner = read_vault(args)
    result = scanner.result
    assert result is not None
    papers = select(result.papers, args.query, args.state)
    if args.json:
        from papertui.vault.export.listing import write_document

        # A terminal that cannot show the text gets \u escapes: still one valid document.
        write_document(out, papers, result.notes, ensure_ascii=not unicode_out)
    else:
        for paper in papers:
            day = paper.day.isoformat() if paper.day else "----------"
            tags = " ".join(f"#{tag}" for tag in paper.tags)
            out.write(clean_line(f"{day}  {paper.title}  {tags}".rstrip()) + "\n")
    report_scan(result, verbose=args.verbose, stream=sys.stderr)
    return EXIT_OK


def _parse_query(text: str) -> Query:
    from papertui.vault.query import QueryError, parse_query

    try:
        return parse_query(text)
    except QueryError as error:
        raise UsageError(f"bad query at character {error.position + 1}: {error.message}") from None


def _write_output(output: Path, text: str, *, force: bool) -> None:
    """Write ``text`` to ``output`` atomically; UsageError if it cannot be done."""
    from papertui.vault.export import write_export

    try:
        write_export(output, text, overwrite=force)
    except FileExistsError:
        raise UsageError(f"{clean_line(str(output))} exists: use --force to overwrite it") from None
    except OSError as error:
        raise UsageError(
            f"cannot write {clean_line(str(output))}: {error.strerror or error}"
        ) from None


def _run_export(args: argparse.Namespace) -> int:
    from papertui.vault.export import format_for_path, render
    from papertui.vault.query import filter_papers

    output: Path | None = None if args.output == Path("-") else args.output
    fmt = args.format or (output and format_for_path(output)) or "bibtex"
    # Everything that can be refused is refused before the scan.
    query = None if args.query is None else _parse_query(args.query)
    if output is not None and output.exists() and not args.force:
        raise UsageError(f"{clean_line(str(output))} exists: use --force to overwrite it")
    result = scan_vault(args)
    state = load_state(args.state)
    if query is None:
        papers = [paper for paper in result.papers if state.is_starred(paper.key)]
    else:
        papers = list(filter_papers(result.papers, query, state).papers)
    exported = render(papers, fmt, state, group_by=args.group_by)
    if exported.skipped:
        noun = "paper" if exported.skipped == 1 else "papers"
        print(f"papertui: {exported.skipped} {noun} without an arXiv id left out", file=sys.stderr)
    if not exported.written:
        if papers:
            why = ""
        elif query is None:
            why = ": no starred papers (star some in the reader, or use --query)"
        else:
            why = f": no papers match {clean_line(args.query)!r}"
        print(f"papertui: nothing to export{why}", file=sys.stderr)
        return EXIT_EMPTY
    if output is None:
        sys.stdout.write(exported.text)
        return EXIT_OK
    _write_output(output, exported.text, force=args.force)
    noun = "paper" if exported.written == 1 else "papers"
    print(
        f"papertui: wrote {exported.written} {noun} to {clean_line(str(output))} ({fmt})",
        file=sys.stderr,
    )
    return EXIT_OK


SUBCOMMANDS = frozenset({"list", "export"})


def build_reader_parser() -> argparse.ArgumentParser:
    """The parser for ``papertui [VAULT]``: the reader."""
    parser = _Parser(
        prog="papertui",
        usage="papertui [VAULT | --demo] [--state FILE] [options]\n"
        "       papertui {list,export} ... (see papertui list --help)",
        description=(
            "A keyboard-driven reader for folders of paper-digest notes. "
            "Without VAULT, the vault named in the config file is opened."
        ),
        epilog=(
            "commands:\n"
            "  list     print the papers of a vault (--json for scripts)\n"
            "  export   export starred papers or a query to BibTeX, Markdown, CSV, JSON, ids\n"
            "\n"
            f"config file: {paths.config_file()}\n"
            f"state file:  {paths.state_file()}\n"
            "PAPERTUI_HOME overrides where both live."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_Version)
    _add_vault_arguments(parser)
    parser.add_argument(
        "--state", type=Path, metavar="FILE", help="the read/star state file to use"
    )
    return parser


def _run_reader(args: argparse.Namespace) -> int:
    from papertui.config import load_config

    config, messages = load_config()
    for message in messages:
        print(f"papertui: config: {clean_line(message)}", file=sys.stderr)
    if args.vault is None and not args.demo:
        if config.vault is None:
            raise UsageError(
                f"no vault: give a VAULT folder, --demo, or set vault in {paths.config_file()}"
            )
        args.vault = config.vault
    vault = resolve_vault(args)
    include = [*config.include, *args.include]
    exclude = [*config.exclude, *args.exclude]
    from papertui.vault.scan.early import EarlyScan

    # The scan starts before Textual is imported: its first papers are ready when
    # the screen is.
    early = EarlyScan.start(vault, include=include, exclude=exclude)
    try:
        from papertui.tui.app import run_reader

        return run_reader(
            vault,
            state_path=args.state,
            config=config,
            include=include,
            exclude=exclude,
            early=early,
        )
    finally:
        early.cancel()


def main(argv: Sequence[str] | None = None) -> int:
    """Run papertui; returns the exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    collecting = gc.isenabled()
    try:
        if arguments and arguments[0] in SUBCOMMANDS:
            # Papers hold no cycles and live until the command ends: walking them
            # again and again for cycles costs a big vault seconds.
            gc.disable()
            args = build_parser(arguments[0]).parse_args(arguments)
            return _run_export(args) if args.command == "export" else _run_list(args)
        return _run_reader(build_reader_parser().parse_args(arguments))
    except UsageError as error:
        print(f"papertui: {clean_line(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # Output piped into `head` and friends: stop quietly.
        sys.stderr.close()
        return EXIT_OK
    finally:
        if collecting:
            gc.enable()
