"""The command line: the reader, and the headless commands (see :mod:`papertui.commands`)."""

from __future__ import annotations

import argparse
import contextlib
import errno
import io
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

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
    resolve_vaults,
)
from papertui.vault.collector import collector_paused
from papertui.vault.sanitize import clean_line

if TYPE_CHECKING:
    from papertui.tui.graphics import Graphics

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
        usage="papertui [VAULT ... | --demo] [--state FILE] [options]\n"
        "       papertui {list,export,digest,stats,doctor,completions,serve,state} ... "
        "(see papertui list --help)",
        description=(
            "A keyboard-driven reader for folders of paper-digest notes. "
            "Several VAULTs are read as one. Without VAULT, the config file's vaults "
            "(or its vault) are opened."
        ),
        epilog=(
            "commands:\n"
            "  list     print the papers of a vault (--json for scripts)\n"
            "  export   export starred papers or a query to BibTeX, Markdown, CSV, JSON, ids\n"
            "  digest   a Markdown brief of the new unread papers, For you first\n"
            "  stats    the figures of a vault: papers per day and week, tags, reading progress\n"
            "  doctor   check the config, state, cache and vault, and say how to fix each\n"
            "  completions  print a bash, zsh or fish completion script\n"
            "  serve    serve the reader to a web browser\n"
            "  state    merge, export or import the read/star state (sync between machines)\n"
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
    parser.add_argument(
        "--theme",
        metavar="NAME",
        help="the colour theme for this run (ctrl+t cycles and remembers one in the config)",
    )
    return parser


def _run_reader(args: argparse.Namespace) -> int:
    from papertui.config import load_config
    from papertui.session import Session

    config, messages = load_config()
    if args.theme:
        config = replace(config, theme=args.theme)
    for message in messages:
        print(f"papertui: config: {clean_line(message)}", file=sys.stderr)
    if not args.vault and not args.demo:
        # The command line's vaults, else the config's vaults, else its vault.
        args.vault = list(config.vaults) or ([config.vault] if config.vault else [])
        if not args.vault:
            raise UsageError(
                "no vault: give a VAULT folder, --demo, or set vault (or vaults) in "
                f"{paths.config_file()}"
            )
    session = Session.open(
        resolve_vaults(args),
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
        session = replace(session, graphics=_graphics(config.images))
        from papertui.tui.app import run_reader

        return run_reader(session)
    finally:
        session.cancel_scan()


def _graphics(setting: str) -> Graphics:
    """How the terminal draws images: asked now (only a terminal can be asked, and only
    before Textual starts), while the scan runs."""
    from papertui.tui.graphics import choose_graphics

    streams = (sys.stdin, sys.stdout)
    terminal = all(stream is not None and stream.isatty() for stream in streams)
    return choose_graphics(setting, terminal=terminal)


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
