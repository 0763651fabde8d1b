"""The headless commands (``list``, ``export``, ``stats``, ``doctor``, ``completions``,
``serve``, ``state``, ``digest``): plain text out, and never Textual (``serve`` starts the reader
in a server)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from importlib import import_module

from papertui import paths
from papertui.commands.common import EXIT_CODES_HELP, Parser, VersionAction

COMMANDS: dict[str, str] = {
    "list": "papertui.commands.list",
    "export": "papertui.commands.export",
    "stats": "papertui.commands.stats",
    "doctor": "papertui.commands.doctor",
    "completions": "papertui.commands.completions",
    "serve": "papertui.commands.serve",
    "state": "papertui.commands.state",
    "digest": "papertui.commands.digest",
}
"""Each command and the module that holds its ``add_<name>_parser`` and ``run_<name>``."""
SUBCOMMANDS = frozenset(COMMANDS)


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
    for name, module in COMMANDS.items():
        if command in (None, name):
            add: Callable[[argparse._SubParsersAction[Parser]], None] = getattr(
                import_module(module), f"add_{name}_parser"
            )
            add(commands)
    return parser


def run_command(arguments: list[str]) -> int:
    """Run ``papertui list ...``, ``papertui export ...`` and the rest; the exit status.

    Raises:
        UsageError: A bad argument or an unusable vault.
    """
    args = build_parser(arguments[0]).parse_args(arguments)
    run: Callable[[argparse.Namespace], int] = getattr(
        import_module(COMMANDS[args.command]), f"run_{args.command}"
    )
    return run(args)
