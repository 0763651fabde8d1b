"""``papertui completions bash|zsh|fish``: a shell completion script, made by ``shtab``.

``shtab`` writes the script from the argparse parsers themselves, so every
command and option is completed as ``--help`` lists it, and never drifts.
(It has no fish output: the fish script is written here from the same parsers.)
"""

from __future__ import annotations

import argparse
import sys

from papertui.commands.common import EXIT_CODES_HELP, EXIT_OK, Parser

SHELLS = ("bash", "zsh", "fish")
_FOLDER_OPTIONS = frozenset({"vault"})


def add_completions_parser(commands: argparse._SubParsersAction[Parser]) -> None:
    parser = commands.add_parser(
        "completions",
        help="print a shell completion script (bash, zsh or fish)",
        description="Print a completion script for papertui's commands and options.",
        epilog=(
            "examples:\n"
            "  papertui completions bash > ~/.local/share/bash-completion/completions/papertui\n"
            "  papertui completions zsh > ~/.zfunc/_papertui   (with fpath+=~/.zfunc)\n"
            "  papertui completions fish > ~/.config/fish/completions/papertui.fish\n\n"
            + EXIT_CODES_HELP
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("shell", choices=SHELLS, help="the shell to complete in")


def full_parser() -> argparse.ArgumentParser:
    """Every command's parser under one root, with the reader's options on the root."""
    from papertui.cli import build_reader_parser
    from papertui.commands import build_parser

    parser = build_parser()
    for action in build_reader_parser()._actions:
        if action.option_strings and not any(
            option in parser._option_string_actions for option in action.option_strings
        ):
            parser._add_action(action)
    return parser


def script(shell: str) -> str:
    """The completion script for ``shell``."""
    parser = full_parser()
    if shell == "fish":
        return _fish(parser)
    import shtab

    for action in _walk(parser):
        if action.dest in _FOLDER_OPTIONS:
            action.complete = shtab.DIRECTORY  # type: ignore[attr-defined]
        elif action.metavar in ("FILE", "GLOB") or action.dest == "output":
            action.complete = shtab.FILE  # type: ignore[attr-defined]
    text: str = shtab.complete(parser, shell=shell)
    return text


def _walk(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    found: list[argparse.Action] = []
    for action in parser._actions:
        found.append(action)
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found += _walk(sub)
    return found


def _fish(parser: argparse.ArgumentParser) -> str:
    """``complete -c papertui`` lines: the commands first, then each one's options."""
    lines = [
        "# papertui completions for fish (papertui completions fish)",
        "complete -c papertui -f",
    ]
    commands: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help for choice in action._choices_actions}
            for name, sub in action.choices.items():
                commands[name] = sub
                lines.append(
                    "complete -c papertui -n __fish_use_subcommand -a "
                    f"{name} -d {_quote(helps.get(name) or name)}"
                )
    lines += _fish_options(parser, "__fish_use_subcommand")
    for name, sub in commands.items():
        lines += _fish_options(sub, f"'__fish_seen_subcommand_from {name}'")
    return "\n".join(lines) + "\n"


def _fish_options(parser: argparse.ArgumentParser, condition: str) -> list[str]:
    lines = []
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction | argparse._SubParsersAction):
            continue
        if not action.option_strings:
            if action.choices:
                words = " ".join(str(choice) for choice in action.choices)
                lines.append(f"complete -c papertui -n {condition} -a {_quote(words)}")
            elif action.dest in _FOLDER_OPTIONS:
                lines.append(
                    f"complete -c papertui -n {condition} -a '(__fish_complete_directories)'"
                )
            continue
        parts = [f"complete -c papertui -n {condition}"]
        for option in action.option_strings:
            parts.append(f"-l {option[2:]}" if option.startswith("--") else f"-s {option[1:]}")
        if action.nargs != 0:
            parts.append("-r")
            if action.choices:
                parts.append(f"-a {_quote(' '.join(str(c) for c in action.choices))}")
            elif action.metavar in ("FILE", "GLOB") or action.type is not None:
                parts.append("-F")
        if action.help:
            parts.append(f"-d {_quote(action.help)}")
        lines.append(" ".join(parts))
    return lines


def _quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def run_completions(args: argparse.Namespace) -> int:
    sys.stdout.write(script(args.shell))
    return EXIT_OK
