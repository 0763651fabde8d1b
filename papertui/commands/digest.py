"""``papertui digest``: a Markdown brief of the new unread papers, For you first, then by tag."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from papertui import paths
from papertui.commands.common import (
    EXIT_CODES_HELP,
    EXIT_EMPTY,
    EXIT_OK,
    Parser,
    UsageError,
    add_scan_arguments,
    load_state,
    not_a_file,
    read_vault,
    resolve_vaults,
    write_output,
)
from papertui.vault.atomic import special_kind
from papertui.vault.paper import Paper
from papertui.vault.sanitize import clean_line
from papertui.vault.scan import scan
from papertui.vault.state.store import StateStore

FOR_YOU_IN_BRIEF = 10
"""Recommendations the brief puts first."""


def add_digest_parser(commands: argparse._SubParsersAction[Parser]) -> None:
    parser = commands.add_parser(
        "digest",
        help="write a Markdown brief of the new unread papers (For you first, then by tag)",
        description=(
            "Write a Markdown brief of the unread papers of the last days: a For-you "
            "section first (once five papers are starred or queued), then the papers by "
            "tag, each with its title, links, authors and its summary's first lines."
        ),
        epilog=(
            "examples:\n"
            "  papertui digest ~/notes --since 7d -o brief.md\n"
            "  papertui digest ~/notes --since 2w\n"
            "  papertui digest ~/notes --since 2024-09-01 -o - | less\n\n" + EXIT_CODES_HELP
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_scan_arguments(parser)
    parser.add_argument(
        "--since",
        default="1d",
        metavar="WHEN",
        help="the papers of this period, by their day: 7d (days), 2w (weeks) or a date "
        "like 2024-09-01 (default: 1d, today and yesterday)",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="write to FILE, atomically, replacing it (default, or -: standard output)",
    )
    parser.add_argument(
        "--state",
        type=Path,
        metavar="FILE",
        help=f"the read/star state file (default: {paths.state_file()})",
    )


def run_digest(args: argparse.Namespace) -> int:
    from papertui.vault.export.brief import Brief, SinceError, new_unread, parse_since, write_brief

    output: Path | None = None if args.output == Path("-") else args.output
    try:
        since = parse_since(args.since, date.today())
    except SinceError as error:
        raise UsageError(str(error)) from None
    if output is not None and (kind := special_kind(output)) is not None:
        raise UsageError(not_a_file(output, kind))
    result = read_vault(args, scan)
    state = load_state(args.state)
    papers = new_unread(result.papers, state, since)
    if not papers:
        print(f"papertui: no new unread papers since {since.isoformat()}", file=sys.stderr)
        return EXIT_EMPTY
    picks, because, note = _for_you(args, result.papers, papers, state)
    name = clean_line(" + ".join(vault.resolve().name for vault in resolve_vaults(args)))
    brief = Brief(f"Brief: {name}", since, papers, picks, because, note)
    text = write_brief(brief)
    if output is None:
        sys.stdout.write(text)
        return EXIT_OK
    write_output(output, text, force=True)
    noun = "paper" if len(papers) == 1 else "papers"
    print(
        f"papertui: wrote a brief of {len(papers):,} {noun} to {clean_line(str(output))}",
        file=sys.stderr,
    )
    return EXIT_OK


def _for_you(
    args: argparse.Namespace, vault: Sequence[Paper], new: Sequence[Paper], state: StateStore
) -> tuple[list[Paper], dict[str, list[str]], str]:
    """The best recommendations among ``new``, why each, and why there are none."""
    from papertui.vault.similar import MIN_LIKED, Similarity, liked_keys, recommend, similar_path
    from papertui.vault.similar.foryou import needs_more

    liked = liked_keys(state)
    if len(liked) < MIN_LIKED:
        return [], {}, needs_more(len(liked))
    vaults = resolve_vaults(args)
    # The model saved beside one vault's cache (several vaults: made afresh).
    kept = (
        similar_path(vaults[0], args.include, args.exclude)
        if args.cache and len(vaults) == 1
        else None
    )
    ranking = recommend(Similarity(vault, kept).vectors(), state)
    by_key = {paper.key: paper for paper in new}
    titles = {paper.key: paper.title for paper in vault}
    picks = [by_key[key] for key in ranking.ranked if key in by_key][:FOR_YOU_IN_BRIEF]
    because = {
        paper.key: [titles.get(key, key) for key in ranking.because(paper.key)] for paper in picks
    }
    return picks, because, ""
