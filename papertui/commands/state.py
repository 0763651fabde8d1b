"""``papertui state``: merge, export and import the read/star state (sync between machines)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from papertui import paths
from papertui.commands.common import EXIT_CODES_HELP, EXIT_OK, Parser, UsageError
from papertui.vault.sanitize import clean_line

if TYPE_CHECKING:
    from papertui.vault.state.store import StateStore


def add_state_parser(commands: argparse._SubParsersAction[Parser]) -> None:
    parser = commands.add_parser(
        "state",
        help="merge, export or import the read/star state",
        description=(
            "Keep the read/star state of several machines in step. merge takes another "
            "state file in (per paper and flag, the mark set last wins); export writes "
            "ours as JSON; import merges a file, or with --replace puts it in place of ours "
            "(the old file kept as a backup). Conflict copies a sync tool left beside the "
            "state file (Syncthing, Dropbox) are merged in first and renamed *.merged."
        ),
        epilog=(
            "examples:\n"
            "  papertui state merge ~/laptop-state.json --dry-run\n"
            "  papertui state export -o ~/sync/state.json\n"
            "  papertui state import ~/sync/state.json --replace\n\n" + EXIT_CODES_HELP
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)
    state_help = f"the read/star state file (default: {paths.state_file()})"

    merge = verbs.add_parser("merge", help="merge another state file into ours")
    merge.add_argument("other", type=Path, metavar="OTHER", help="the state file to merge in")
    merge.add_argument(
        "-n", "--dry-run", action="store_true", help="say what would change; change nothing"
    )
    merge.add_argument("--state", type=Path, metavar="FILE", help=state_help)

    export = verbs.add_parser("export", help="write the state as JSON")
    export.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write to FILE (default: standard output)"
    )
    export.add_argument("--state", type=Path, metavar="FILE", help=state_help)

    importing = verbs.add_parser("import", help="merge a state file in, or replace ours with it")
    importing.add_argument("file", type=Path, metavar="FILE", help="the state file to import")
    importing.add_argument(
        "--replace",
        action="store_true",
        help="put FILE in place of our state (ours is kept as <state>.backup-<time>)",
    )
    importing.add_argument(
        "-n", "--dry-run", action="store_true", help="say what would change; change nothing"
    )
    importing.add_argument("--state", type=Path, metavar="FILE", help=state_help)


def run_state(args: argparse.Namespace) -> int:
    state_path: Path = args.state or paths.state_file()
    if args.verb == "import" and args.replace:
        return _replace(state_path, args.file, dry_run=args.dry_run)
    store = _open(state_path, writable=not getattr(args, "dry_run", False))
    if args.verb == "export":
        return _export(store.snapshot().dump({}), args.output)
    return _merge(store, args.other if args.verb == "merge" else args.file, args.dry_run)


def _open(state_path: Path, *, writable: bool) -> StateStore:
    """Our state, the conflict copies beside it merged in (unless only reading)."""
    from papertui.vault.state.store import StateStore
    from papertui.vault.state.sync import load_merging_copies

    if writable:
        store = load_merging_copies(state_path)
    else:
        store = StateStore.load(state_path, writable=False)
    for message in store.pop_messages():
        _say(message if message.startswith("merged ") else f"state: {message}")
    return store


def _merge(store: StateStore, other: Path, dry_run: bool) -> int:
    from papertui.vault.state.sync import StateFileError, merge_file

    if _same_file(other, store.path):
        raise UsageError(f"{clean_line(str(other))} is our state file: nothing to merge")
    try:
        report = merge_file(store, other)
    except StateFileError as error:
        raise UsageError(str(error)) from None
    if dry_run:
        print(f"would change: {report.summary()} (dry run: nothing written)")
        return EXIT_OK
    if store.read_only:
        raise UsageError(f"{clean_line(str(store.path))} cannot be written: not merged")
    if store.dirty and not store.save():
        for message in store.pop_messages():
            _say(f"state: {message}")
        raise UsageError(f"could not save {clean_line(str(store.path))}: nothing merged")
    print(report.summary())
    return EXIT_OK


def _export(text: str, output: Path | None) -> int:
    if output is None:
        sys.stdout.write(text)
        return EXIT_OK
    from papertui.vault.atomic import write_atomically

    try:
        write_atomically(output, text.encode("utf-8"), mode=0o666)
    except OSError as error:
        raise UsageError(
            f"cannot write {clean_line(str(output))}: {error.strerror or error}"
        ) from None
    _say(f"state written to {clean_line(str(output))}")
    return EXIT_OK


def _replace(state_path: Path, source: Path, *, dry_run: bool) -> int:
    from filelock import Timeout

    from papertui.vault.state.schema import utc_now
    from papertui.vault.state.sync import StateFileError, read_state_file, replace_state

    if _same_file(source, state_path):
        raise UsageError(f"{clean_line(str(source))} is our state file already")
    try:
        document = read_state_file(source)
    except StateFileError as error:
        raise UsageError(str(error)) from None
    papers = sum(1 for marks in document.marks.values() if marks)
    if dry_run:
        print(f"would replace {state_path} with {papers:,} papers' flags (dry run)")
        return EXIT_OK
    try:
        backup = replace_state(state_path, document, moment=utc_now().strftime("%Y%m%dT%H%M%SZ"))
    except Timeout:
        raise UsageError(f"{clean_line(str(state_path))} is locked by another papertui") from None
    except OSError as error:
        raise UsageError(
            f"cannot replace {clean_line(str(state_path))}: {error.strerror or error}"
        ) from None
    kept = f"; the old one is kept at {backup}" if backup else ""
    print(clean_line(f"replaced {state_path} with {papers:,} papers' flags{kept}"))
    return EXIT_OK


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False


def _say(line: str) -> None:
    print(f"papertui: {clean_line(line)}", file=sys.stderr)
