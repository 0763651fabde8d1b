"""What the headless commands share: exit codes, usage errors, the vault arguments, reports."""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO, TypeVar

import papertui
from papertui import paths
from papertui.progress import ProgressLine
from papertui.vault.atomic import NotRegularFile
from papertui.vault.sanitize import clean_line
from papertui.vault.scan import ScanResult
from papertui.vault.scan.result import NoteReport, NoteStatus

if TYPE_CHECKING:
    from papertui.vault.query import Query
    from papertui.vault.state.store import StateStore

# The commands import what they use when they use it (the exporters, the filter
# language, the state file): a warm `papertui list` starts sooner.

_T = TypeVar("_T")

EXIT_OK = 0
EXIT_EMPTY = 1
EXIT_USAGE = 2
EXIT_OUTPUT = 3
"""Standard output could not be written (a full disk, a closed terminal); not a closed pipe."""
EXIT_UNSAVED = 4
"""The reader ended with read/star changes it could not save (a recovery copy says where)."""

EXIT_CODES_HELP = (
    "exit status:\n"
    f"  {EXIT_OK}  done (also when a pipe reader such as head stops reading)\n"
    f"  {EXIT_EMPTY}  nothing to export (digest: no new unread papers)\n"
    f"  {EXIT_USAGE}  a bad argument, vault or output file\n"
    f"  {EXIT_OUTPUT}  standard output could not be written (a full disk, ...)\n"
    f"  {EXIT_UNSAVED}  the reader could not save read/star changes (see its last message)"
)


class UsageError(Exception):
    """A bad argument or an unusable vault: one line on stderr, exit 2."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are :class:`UsageError`."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


class VersionAction(argparse.Action):
    """``--version``: the version is looked up only when asked for."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> NoReturn:
        parser.exit(message=f"papertui {papertui.__version__}\n")


def add_vault_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "vault",
        nargs="*",
        type=Path,
        metavar="VAULT",
        help="the notes folder; several are read as one (a paper in two is one paper)",
    )
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


def add_scan_arguments(parser: argparse.ArgumentParser) -> None:
    add_vault_arguments(parser)
    parser.add_argument(
        "--no-cache",
        dest="cache",
        action="store_false",
        help="read every note, neither reading nor writing the index cache",
    )


def resolve_vaults(args: argparse.Namespace) -> list[Path]:
    """The vaults the arguments name, each once; UsageError if one cannot be read, or one
    is inside another."""
    from papertui.vault.scan.vault_set import VaultError, common_root, distinct

    if args.demo and args.vault:
        raise UsageError("give a VAULT or --demo, not both")
    vaults = [paths.demo_vault()] if args.demo else list(args.vault or ())
    if not vaults:
        raise UsageError("no vault: give a VAULT folder or --demo")
    for vault in vaults:
        _check_vault(vault)
    try:
        common_root(vaults)
    except VaultError as error:
        raise UsageError(clean_line(str(error))) from None
    return list(distinct(vaults))


def _check_vault(vault: Path) -> None:
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


def read_vault(args: argparse.Namespace, read: Callable[..., _T]) -> _T:
    """``read`` (:func:`scan` or :func:`scan_rows`) of the vaults the arguments name (several
    read as one: see :class:`VaultSet`), a progress line on stderr if it is a terminal."""
    vaults = resolve_vaults(args)
    progress = ProgressLine(sys.stderr)
    try:
        if len(vaults) == 1:
            return read(
                vaults[0],
                include=args.include,
                exclude=args.exclude,
                cache=args.cache,
                progress=progress,
            )
        from papertui.vault.scan import scan_rows
        from papertui.vault.scan.vault_set import VaultSet

        together = VaultSet(vaults, include=args.include, exclude=args.exclude, cache=args.cache)
        found: _T = (together.rows if read is scan_rows else together.scan)(progress)  # type: ignore[assignment]
        return found
    finally:
        progress.close()


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


def safe_streams() -> bool:
    """Let stdout/stderr replace what their encoding cannot show; True if stdout shows all."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
    try:
        "\u4e2d\ufffd".encode(sys.stdout.encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def load_state(path: Path | None) -> StateStore:
    """The read/star state, read only (the commands never change it), its messages on stderr."""
    from papertui.vault.state.store import StateStore

    store = StateStore.load(path or paths.state_file(), writable=False)
    for message in store.pop_messages():
        print(f"papertui: state: {clean_line(message)}", file=sys.stderr)
    return store


def parse_query(text: str) -> Query:
    from papertui.vault.query import QueryError
    from papertui.vault.query import parse_query as parse

    try:
        query = parse(text)
    except QueryError as error:
        raise UsageError(f"bad query at character {error.position + 1}: {error.message}") from None
    if any(term.value.startswith("watched") for term in query.terms):
        # is:watched asks the config's [watch] table (its problems are the reader's to tell).
        from papertui.config import load_config
        from papertui.vault.watch import use_watch_list

        use_watch_list(load_config()[0].watch)
    return query


def write_output(output: Path, text: str, *, force: bool) -> None:
    """Write ``text`` to ``output`` atomically; UsageError if it cannot be done."""
    from papertui.vault.export import write_export

    try:
        write_export(output, text, overwrite=force)
    except NotRegularFile as error:
        raise UsageError(not_a_file(output, error.kind)) from None
    except FileExistsError:
        raise UsageError(f"{clean_line(str(output))} exists: use --force to overwrite it") from None
    except OSError as error:
        raise UsageError(
            f"cannot write {clean_line(str(output))}: {error.strerror or error}"
        ) from None


def not_a_file(output: Path, kind: str) -> str:
    """Why ``output`` (a folder, a FIFO...: ``kind``) cannot take an export."""
    return (
        f"{clean_line(str(output))} is {kind}, not a regular file: "
        "export writes only to files (leave out -o to write to standard output)"
    )
