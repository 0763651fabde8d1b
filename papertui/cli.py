"""The command line: the reader, and the headless commands (see :mod:`papertui.commands`)."""

from __future__ import annotations

import argparse
import contextlib
import errno
import io
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from papertui import paths
from papertui.commands import SUBCOMMANDS
from papertui.commands.common import (
    EXIT_CODES_HELP,
    EXIT_EMPTY,
    EXIT_OK,
    EXIT_OUTPUT,
    EXIT_UNSAVED,
    EXIT_USAGE,
    Parser,
    UsageError,
    VersionAction,
    add_vault_arguments,
    resolve_vault,
)
from papertui.vault.collector import collector_paused
from papertui.vault.sanitize import clean_line

__all__ = [
    "EXIT_EMPTY",
    "EXIT_OK",
    "EXIT_OUTPUT",
    "EXIT_UNSAVED",
    "EXIT_USAGE",
    "build_reader_parser",
    "main",
]


def build_reader_parser() -> argparse.ArgumentParser:
    """The parser for ``papertui [VAULT]``: the reader."""
    parser = Parser(
        prog="papertui",
        usage="papertui [VAULT | --demo] [--state FILE] [options]\n"
        "       papertui {list,export,digest} ... (see papertui list --help)",
        description=(
            "A keyboard-driven reader for folders of paper-digest notes. "
            "Without VAULT, the vault named in the config file is opened."
        ),
        epilog=(
            "commands:\n"
            "  list     print the papers of a vault (--json for scripts)\n"
            "  export   export starred papers or a query to BibTeX, Markdown, CSV, JSON, ids\n"
            "  digest   a Markdown brief of the new unread papers, For you first\n"
            "\n"
            f"config file: {paths.config_file()}\n"
            f"state file:  {paths.state_file()}\n"
            "PAPERTUI_HOME overrides where both live.\n\n" + EXIT_CODES_HELP
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=VersionAction)
    add_vault_arguments(parser)
    parser.add_argument(
        "--state", type=Path, metavar="FILE", help="the read/star state file to use"
    )
    return parser


def _run_reader(args: argparse.Namespace) -> int:
    from papertui.config import load_config
    from papertui.session import Session

    config, messages = load_config()
    for message in messages:
        print(f"papertui: config: {clean_line(message)}", file=sys.stderr)
    if args.vault is None and not args.demo:
        if config.vault is None:
            raise UsageError(
                f"no vault: give a VAULT folder, --demo, or set vault in {paths.config_file()}"
            )
        args.vault = config.vault
    session = Session.open(
        resolve_vault(args),
        state_path=args.state,
        config=config,
        include=args.include,
        exclude=args.exclude,
        messages=[f"config: {message}" for message in messages],
    )
    # The scan starts before Textual is imported: its first papers are ready when
    # the screen is.
    session = session.start_scan()
    try:
        from papertui.tui.app import run_reader

        return run_reader(session)
    finally:
        session.cancel_scan()


def main(argv: Sequence[str] | None = None) -> int:
    """Run papertui; returns the exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        if arguments and arguments[0] in SUBCOMMANDS:
            return _run_command(arguments)
        return _run_reader(build_reader_parser().parse_args(arguments))
    except UsageError as error:
        print(f"papertui: {clean_line(str(error))}", file=sys.stderr)
        return EXIT_USAGE


def _run_command(arguments: list[str]) -> int:
    """A headless command, its output's write errors turned into an exit status."""
    from papertui.commands import run_command

    if sys.stderr is None:  # started with stderr closed: messages go nowhere, not to stdout
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 (for the life of the process)
    if sys.stdout is None:
        sys.stdout = _ClosedOutput()
    try:
        # Papers hold no cycles and live until the command ends: walking them
        # again and again for cycles costs a big vault seconds.
        with collector_paused():
            status = run_command(arguments)
        sys.stdout.flush()  # a write error shows here, not at exit as a traceback
        return status
    except BrokenPipeError:
        # Output piped into `head` and friends: stop quietly, as Unix tools do.
        _drop_stdout()
        return EXIT_OK
    except OSError as error:
        # The commands catch every other OSError (notes, state, -o): this is stdout's.
        _drop_stdout()
        with contextlib.suppress(OSError):
            print(
                f"papertui: cannot write to standard output: {error.strerror or error}",
                file=sys.stderr,
            )
        return EXIT_OUTPUT


class _ClosedOutput(io.TextIOBase):
    """Standard output when the process started with it closed: every write fails."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


def _drop_stdout() -> None:
    """Point stdout at the null device: what is still buffered cannot fail again at exit."""
    with contextlib.suppress(OSError, ValueError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
