"""The command line: the reader, and the headless commands (see :mod:`papertui.commands`)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from papertui import paths
from papertui.commands import SUBCOMMANDS
from papertui.commands.common import (
    EXIT_EMPTY,
    EXIT_OK,
    EXIT_USAGE,
    Parser,
    UsageError,
    VersionAction,
    add_vault_arguments,
    resolve_vault,
)
from papertui.vault.collector import collector_paused
from papertui.vault.sanitize import clean_line

__all__ = ["EXIT_EMPTY", "EXIT_OK", "EXIT_USAGE", "build_reader_parser", "main"]


def build_reader_parser() -> argparse.ArgumentParser:
    """The parser for ``papertui [VAULT]``: the reader."""
    parser = Parser(
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
            from papertui.commands import run_command

            # Papers hold no cycles and live until the command ends: walking them
            # again and again for cycles costs a big vault seconds.
            with collector_paused():
                return run_command(arguments)
        return _run_reader(build_reader_parser().parse_args(arguments))
    except UsageError as error:
        print(f"papertui: {clean_line(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # Output piped into `head` and friends: stop quietly.
        sys.stderr.close()
        return EXIT_OK
