"""The headless commands (``list``, ``export``, ``digest``): plain text out, and never Textual."""

from __future__ import annotations

import argparse

from papertui import paths
from papertui.commands.common import EXIT_CODES_HELP, Parser, VersionAction

SUBCOMMANDS = frozenset({"list", "export", "digest"})


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser for ``papertui`` and its sub-commands (or just ``command``)."""
    parser = Parser(
        prog="papertui",
        description="A keyboard-driven reader for folders of paper-digest notes.",
        epilog=(
            f"config file: {paths.config_file()}\n"
            f"state file:  {paths.state_file()}\n"
            "PAPERTUI_HOME overrides where both live.\n\n" + EXIT_CODES_HELP
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=VersionAction)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    if command in (None, "list"):
        from papertui.commands.list import add_list_parser

        add_list_parser(commands)
    if command in (None, "export"):
        from papertui.commands.export import add_export_parser

        add_export_parser(commands)
    if command in (None, "digest"):
        from papertui.commands.digest import add_digest_parser

        add_digest_parser(commands)
    return parser


def run_command(arguments: list[str]) -> int:
    """Run ``papertui list ...``, ``papertui export ...`` or ``papertui digest ...``; the status.

    Raises:
        UsageError: A bad argument or an unusable vault.
    """
    args = build_parser(arguments[0]).parse_args(arguments)
    if args.command == "digest":
        from papertui.commands.digest import run_digest

        return run_digest(args)
    if args.command == "export":
        from papertui.commands.export import run_export

        return run_export(args)
    from papertui.commands.list import run_list

    return run_list(args)
