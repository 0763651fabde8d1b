"""Dump what the parser reads from many vaults, to prove an optimisation changes nothing.

``dump OUT`` writes, for each vault, every note's result from ``read_batch``
(one ``repr`` line per note) and the final ``scan(cache=False)`` papers as
JSON; and, from a run of the vault tests, every note the tests parse (keyed
by its bytes and path) with what ``parse_note`` made of it. ``compare A B``
says where two dumps differ. Record a baseline from unchanged code, then dump
and compare after each change::

    PYTHONPATH=. python benchmarks/parse_equivalence.py dump /tmp/equiv-base
    PYTHONPATH=. python benchmarks/parse_equivalence.py dump /tmp/equiv-new
    python benchmarks/parse_equivalence.py compare /tmp/equiv-base /tmp/equiv-new
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[1]
SHARED = next(
    (parent / "shared" for parent in PROJECT.parents[:2] if (parent / "shared").is_dir()),
    PROJECT.parent / "shared",
)
"""``../shared`` beside the checkout or beside the folder of worktrees (as the tests find it)."""
EXTRA = Path(os.environ.get("PAPERTUI_EQUIVALENCE_EXTRA", "/tmp/real"))
"""A folder of more vaults to compare (each sub-folder one), if it exists."""
VAULTS = {
    "vault-10k": PROJECT / "benchmarks" / "out" / "vault-10k",
    "seeds": SHARED / "seeds",
    "corpus": SHARED / "corpus",
    "demo": PROJECT / "papertui" / "demo",
    **{f"real-{path.name}": path for path in sorted(EXTRA.glob("*")) if path.is_dir()},
}


def plain(value: Any) -> Any:
    """``value`` with every tuple (a NamedTuple row too) a plain tuple: reprs compare equal."""
    if isinstance(value, tuple):
        return tuple(plain(item) for item in value)
    return value


def dump_vault(root: Path, out: Path) -> None:
    """Every note's result and the scan's papers of the vault at ``root``, into ``out``."""
    from papertui.vault.export.listing import note_record, paper_record
    from papertui.vault.notes.read import read_batch
    from papertui.vault.notes.walk import walk
    from papertui.vault.scan import scan

    real = os.path.realpath(root)
    notes = list(walk(os.fspath(root)))
    with open(out.with_suffix(".rows"), "w", encoding="utf-8", errors="surrogateescape") as handle:
        for note_result in read_batch(notes, real):
            handle.write(repr(plain(note_result)) + "\n")
    result = scan(root, cache=False)
    papers = [paper_record(paper) for paper in result.papers]
    notes_json = [note_record(note) for note in result.notes]
    text = json.dumps({"papers": papers, "notes": notes_json}, ensure_ascii=False, indent=0)
    out.with_suffix(".json").write_text(text, encoding="utf-8")


class Recorder:
    """A pytest plugin recording every note ``parse_note`` reads, and what it made of it."""

    def __init__(self) -> None:
        self.seen: dict[str, str] = {}

    def pytest_configure(self, config: Any) -> None:
        from papertui.vault.notes import parse as note

        original = note.parse_note
        seen = self.seen

        def recording(raw: bytes, path: str, *args: Any, **kwargs: Any) -> Any:
            parsed = original(raw, path, *args, **kwargs)
            key = hashlib.sha256(raw + b"\0" + path.encode("utf-8", "surrogateescape"))
            seen[key.hexdigest()] = repr(dataclasses.replace(parsed, rows=plain(parsed.rows)))
            return parsed

        note.parse_note = recording  # read_one imports it when it runs


def dump(out: Path, names: list[str], tests: bool) -> int:
    import pytest

    out.mkdir(parents=True, exist_ok=True)
    for name, root in VAULTS.items():
        if root.is_dir() and (not names or name in names):
            print(f"{name}: {root}", flush=True)
            dump_vault(root, out / name)
    if not tests:
        return 0
    recorder = Recorder()
    os.environ.setdefault("PAPERTUI_HOME", str(out / "home"))
    code = pytest.main(["-q", "-p", "no:cacheprovider", "tests/vault"], plugins=[recorder])
    (out / "fixtures.json").write_text(
        json.dumps(recorder.seen, ensure_ascii=False, indent=0, sort_keys=True), encoding="utf-8"
    )
    print(f"fixtures: {len(recorder.seen)} notes parsed by the tests (pytest exit {code})")
    return int(code)


def compare(base: Path, new: Path) -> int:
    differ = 0
    for path in sorted(base.iterdir()):
        if path.suffix not in (".rows", ".json") or path.name == "fixtures.json":
            continue
        other = new / path.name
        if not other.exists():
            print(f"{path.name}: not dumped in {new}")
            continue
        if path.read_bytes() == other.read_bytes():
            print(f"{path.name}: identical")
            continue
        differ += 1
        old_lines = path.read_text(errors="surrogateescape").splitlines()
        new_lines = other.read_text(errors="surrogateescape").splitlines()
        for number, (old, now) in enumerate(zip(old_lines, new_lines, strict=False), start=1):
            if old != now:
                print(f"{path.name}: differs first at line {number}:")
                print(f"  - {old[:400]}\n  + {now[:400]}")
                break
        else:
            print(f"{path.name}: {len(old_lines)} lines against {len(new_lines)}")
    if not (new / "fixtures.json").exists():
        return 1 if differ else 0
    old_fix = json.loads((base / "fixtures.json").read_text())
    new_fix = json.loads((new / "fixtures.json").read_text())
    common = old_fix.keys() & new_fix.keys()
    changed = [key for key in common if old_fix[key] != new_fix[key]]
    print(
        f"fixtures: {len(common)} notes in both ({len(old_fix)} and {len(new_fix)} recorded), "
        f"{len(changed)} differ"
    )
    for key in changed[:3]:
        print(f"  - {old_fix[key][:400]}\n  + {new_fix[key][:400]}")
    return 1 if differ or changed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    commands = parser.add_subparsers(dest="command", required=True)
    dumping = commands.add_parser("dump")
    dumping.add_argument("out", type=Path)
    dumping.add_argument("--vault", action="append", default=[], help="only these (by name)")
    dumping.add_argument("--no-tests", action="store_true", help="skip the tests' notes")
    comparing = commands.add_parser("compare")
    comparing.add_argument("base", type=Path)
    comparing.add_argument("new", type=Path)
    args = parser.parse_args()
    if args.command == "dump":
        return dump(args.out, args.vault, not args.no_tests)
    return compare(args.base, args.new)


if __name__ == "__main__":
    sys.exit(main())
