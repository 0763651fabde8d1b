"""``papertui doctor [VAULT]``: check the config, state, cache and vault; say how to fix each.

Reads only: nothing is written, moved or repaired. Exits 1 when anything is wrong.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from papertui import paths
from papertui.commands.common import (
    EXIT_CODES_HELP,
    EXIT_OK,
    Parser,
    add_vault_arguments,
    resolve_vaults,
)
from papertui.vault.sanitize import clean_line

EXIT_PROBLEMS = 1
"""Something doctor checked is wrong (each problem is printed with its fix)."""


def add_doctor_parser(commands: argparse._SubParsersAction[Parser]) -> None:
    parser = commands.add_parser(
        "doctor",
        help="check the config, state, cache and vault, and say how to fix what is wrong",
        description=(
            "Check papertui's files: the config file (parse errors, unknown settings), the "
            "state file (schema, entries, set-aside and conflict copies), the index cache of "
            "the vault, and the vault's notes (which could not be read, and why). "
            "Nothing is changed."
        ),
        epilog=(
            "examples:\n  papertui doctor\n  papertui doctor ~/notes --state ~/s.json\n\n"
            "exit status:\n  0  nothing wrong\n  1  something is wrong (see each 'fix:')\n"
            + EXIT_CODES_HELP.split("\n", 3)[3]
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_vault_arguments(parser)
    parser.add_argument("--state", type=Path, metavar="FILE", help="the state file to check")


@dataclass
class Report:
    """What doctor found, section by section."""

    out: TextIO
    problems: int = 0
    lines: list[str] = field(default_factory=list)

    def section(self, title: str) -> None:
        self.out.write(f"\n{title}\n" if self.lines else f"{title}\n")
        self.lines.append(title)

    def ok(self, text: str) -> None:
        self.out.write(f"  ok       {clean_line(text)}\n")
        self.lines.append(text)

    def info(self, text: str) -> None:
        self.out.write(f"  -        {clean_line(text)}\n")
        self.lines.append(text)

    def problem(self, text: str, fix: str) -> None:
        self.problems += 1
        self.out.write(f"  PROBLEM  {clean_line(text)}\n           fix: {clean_line(fix)}\n")
        self.lines.append(text)


def run_doctor(args: argparse.Namespace) -> int:
    report = Report(sys.stdout)
    config_vault = check_config(report)
    check_state(report, args.state or paths.state_file())
    vault = _vault(args, config_vault)
    if vault is None:
        report.section("vault")
        report.info("no vault given (doctor VAULT, --demo, or vault in the config): not checked")
    else:
        check_vault(report, vault, include=args.include, exclude=args.exclude)
    word = "problem" if report.problems == 1 else "problems"
    report.out.write(f"\n{report.problems or 'no'} {word} found\n")
    return EXIT_PROBLEMS if report.problems else EXIT_OK


def _vault(args: argparse.Namespace, config_vault: Path | None) -> Path | None:
    if not args.vault and not args.demo:
        # The config's vault, even if missing: check_vault tells what is wrong with it.
        return config_vault
    # Each vault is checked on its own; the first is the one doctor reads in full.
    return resolve_vaults(args)[0]


def check_config(report: Report) -> Path | None:
    """The config file: read, parsed, every setting known; the vault it names."""
    from papertui.config import load_config

    path = paths.config_file()
    report.section("config")
    report.info(f"file: {path}")
    if not path.exists():
        report.ok("no config file: every setting has its default")
        return None
    config, messages = load_config(path)
    for message in messages:
        report.problem(message, f"edit {path} (docs/usage.md lists every setting)")
    if not messages:
        report.ok("parsed; every setting is known and valid")
    return config.vault


def check_state(report: Report, path: Path) -> None:
    """The state file: schema, entries, files set aside beside it, sync conflict copies."""
    from papertui.vault.state.schema import SCHEMA_VERSION, CorruptState, StateDocument

    report.section("state")
    report.info(f"file: {path}")
    if path.exists():
        try:
            document = StateDocument.parse(path.read_bytes())
        except (CorruptState, OSError) as error:
            report.problem(
                f"the state file cannot be used ({error})",
                "the reader sets it aside on start and begins afresh; restore a good copy "
                "over it first if you have one",
            )
        else:
            report.ok(f"schema {document.version}, {len(document.marks):,} papers with flags")
            if document.version > SCHEMA_VERSION:
                report.problem(
                    f"written by a newer papertui (schema {document.version} > "
                    f"{SCHEMA_VERSION}): opened read-only",
                    "upgrade papertui",
                )
            if document.bad_entries:
                report.problem(
                    f"{document.bad_entries:,} entries cannot be read and are ignored",
                    "nothing to do unless they matter: the next save drops them",
                )
    else:
        report.ok("no state file yet: nothing read or starred")
    folder = path.parent
    if folder.is_dir():
        for aside in sorted(folder.glob(f"{path.name}.corrupt-*")):
            report.problem(
                f"a corrupt state file was set aside: {aside.name}",
                "look inside; copy back what you need, then delete it",
            )
        for copy in sorted(folder.glob(f"{path.stem}*conflict*")):
            report.problem(
                f"a sync conflict copy: {copy.name}",
                f"papertui merges flags itself: start papertui with --state {copy} once to "
                "see them, then delete the copy",
            )


def check_vault(report: Report, vault: Path, *, include: list[str], exclude: list[str]) -> None:
    """The vault: its index cache, its notes and papers, and every note that failed."""
    from papertui.config import load_config
    from papertui.vault.scan import cache, scan
    from papertui.vault.scan.result import NoteStatus

    report.section("vault")
    report.info(f"folder: {vault}")
    if not vault.is_dir():
        report.problem("the folder does not exist", "fix vault in the config, or give a VAULT")
        return
    config = load_config()[0]
    include = [*config.include, *include]
    exclude = [*config.exclude, *exclude]
    cache_path = cache.cache_file(vault, include, exclude)
    report.section("cache")
    report.info(f"file: {cache_path}")
    if not cache_path.exists():
        report.ok("no index cache yet: the next start reads every note and writes one")
    else:
        size = cache_path.stat().st_size
        cached = cache.load(cache_path, vault, include, exclude)
        if cached is None:
            report.problem(
                f"the cache ({size:,} bytes) is damaged or from another version",
                "nothing to do: the next start reads every note again and rewrites it",
            )
        else:
            report.ok(f"{size:,} bytes, valid for this vault ({len(cached.notes):,} notes)")
            cached.close()
    report.section("notes")
    result = scan(vault, include=include, exclude=exclude, cache=False)
    read = [note for note in result.notes if note.status is NoteStatus.READ]
    skipped = [note for note in result.notes if note.status is NoteStatus.SKIPPED]
    report.ok(
        f"{len(result.notes):,} notes found, {len(read):,} read, {len(result.papers):,} papers"
    )
    passed = len(result.notes) - len(read) - len(skipped)
    if passed:
        notes = "note holds" if passed == 1 else "notes hold"
        report.info(f"{passed:,} {notes} no papers (papertui list -v names them)")
    for note in skipped:
        report.problem(
            f"{note.path}: {note.reason or 'could not be read'}",
            "fix or remove the note, or leave it out with --exclude / exclude in the config",
        )
    if not result.papers:
        report.problem(
            "no papers found",
            "is this the notes folder? docs/formats.md shows the notes papertui reads",
        )
