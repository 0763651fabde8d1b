"""``papertui serve``: the reader in a web browser, through ``textual-serve``.

Each browser tab that connects gets its own reader process, started with the
same command line as ``papertui VAULT``. Bound to 127.0.0.1 unless ``--host``
says otherwise: whoever reaches the port can read the vault and set flags.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from papertui.commands.common import (
    EXIT_CODES_HELP,
    EXIT_OK,
    Parser,
    UsageError,
    add_vault_arguments,
    resolve_vaults,
)
from papertui.vault.sanitize import clean_line

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def add_serve_parser(commands: argparse._SubParsersAction[Parser]) -> None:
    parser = commands.add_parser(
        "serve",
        help="serve the reader to a web browser (textual-serve)",
        description=(
            "Serve the reader over HTTP: open the printed address in a browser and read "
            "the vault there, with the same keys. Each tab gets its own reader."
        ),
        epilog=(
            "examples:\n"
            "  papertui serve ~/notes\n"
            "  papertui serve ~/notes --port 8080\n"
            "  papertui serve ~/notes --host 0.0.0.0   (anyone on the network can read it)\n\n"
            + EXIT_CODES_HELP
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_vault_arguments(parser)
    parser.add_argument(
        "--host", default=DEFAULT_HOST, help=f"the address to listen on ({DEFAULT_HOST})"
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"the port to listen on ({DEFAULT_PORT})"
    )
    parser.add_argument("--state", type=Path, metavar="FILE", help="the read/star state file")
    parser.add_argument("--theme", metavar="NAME", help="the colour theme")


def reader_command(args: argparse.Namespace, vaults: list[Path]) -> str:
    """The shell command each connection runs: this Python, ``papertui VAULT...`` and options."""
    words = [sys.executable, "-m", "papertui", *(str(vault.resolve()) for vault in vaults)]
    for glob in args.include:
        words += ["--include", glob]
    for glob in args.exclude:
        words += ["--exclude", glob]
    if args.state is not None:
        words += ["--state", str(args.state.resolve())]
    if args.theme:
        words += ["--theme", args.theme]
    return shlex.join(words)


def run_serve(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        raise UsageError(f"--port must be between 1 and 65535, not {args.port}")
    vaults = resolve_vaults(args)
    from textual_serve.server import Server

    url = f"http://{args.host}:{args.port}"
    print(
        f"papertui: serving {clean_line(', '.join(map(str, vaults)))} at {url} (Ctrl+C stops)",
        flush=True,
    )
    server = Server(reader_command(args, vaults), host=args.host, port=args.port, title="papertui")
    try:
        server.serve()
    except OSError as error:
        raise UsageError(
            f"cannot listen on {args.host}:{args.port}: {error.strerror or error}"
        ) from None
    return EXIT_OK
