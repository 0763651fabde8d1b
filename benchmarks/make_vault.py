"""Generate a large, deterministic vault of paper-digest notes (formats D, H and Z)."""

from __future__ import annotations

import argparse
import hashlib
import struct
import sys
import time
import zlib
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from random import Random

from vault_renderers import Paper, Text, render_dendron, render_digest, render_hexo, render_other
from vault_words import ARXIV_CATEGORIES, HEXO_CATEGORIES

FORMAT_WEIGHTS = {"hexo": 0.32, "digest": 0.38, "dendron": 0.295, "other": 0.005}
DIGEST_FEEDS = ("cv", "lg", "cl", "ro")
RECENT = 20_000
"""Reposts pick from the last this many papers (digests repost recent work)."""
IMAGES = 32


@dataclass
class Tally:
    """What was written, for the closing report."""

    notes: Counter[str]
    sections: int = 0
    bytes: int = 0
    reposts: int = 0


class Vault:
    """Generates notes into ``out``, deterministically from ``seed``."""

    def __init__(self, out: Path, *, seed: int, per_note: int, duplicates: float) -> None:
        self.out = out
        self.rng = Random(seed)
        self.text = Text(Random(seed + 1))
        self.per_note = per_note
        self.duplicates = duplicates
        self.recent: list[Paper] = []
        self.recent_titles: list[str] = []
        self.ids: set[str] = set()
        self.titles: set[str] = set()
        self.month_seq: Counter[tuple[int, int]] = Counter()
        self.paths: set[str] = set()
        self.images = self._write_images()
        self.tally = Tally(Counter())

    def _write_images(self) -> list[str]:
        folder = self.out / "dendron" / "assets" / "images"
        folder.mkdir(parents=True, exist_ok=True)
        names = []
        for index in range(IMAGES):
            data = _png(index)
            name = hashlib.sha256(data).hexdigest() + ".png"
            (folder / name).write_bytes(data)
            names.append(name)
        return names

    def new_paper(self, day: date, *, with_id: bool) -> Paper:
        paper = self.text.paper(self.rng, day, arxiv_id=self._next_id(day) if with_id else None)
        if with_id:
            self.recent.append(paper)
            if len(self.recent) > 2 * RECENT:
                del self.recent[:RECENT]
        else:
            self.titles.add(paper.title)
            self.recent_titles.append(paper.title)
            if len(self.recent_titles) > 2 * RECENT:
                del self.recent_titles[:RECENT]
        return paper

    def _next_id(self, day: date) -> str:
        month = (day.year % 100, day.month)
        self.month_seq[month] += 1 + self.rng.randrange(3)
        arxiv_id = f"{month[0]:02d}{month[1]:02d}.{self.month_seq[month]:05d}"
        self.ids.add(arxiv_id)
        return arxiv_id

    def papers_for_note(self, day: date, count: int, *, with_id: bool) -> list[Paper]:
        """``count`` papers, some of them reposts of recent ones (never twice in one note)."""
        chosen: list[Paper] = []
        seen: set[str] = set()
        for _ in range(count):
            paper = None
            if self.rng.random() < self.duplicates:
                paper = self._repost(seen, with_id=with_id)
            if paper is None:
                paper = self.new_paper(day, with_id=with_id)
            else:
                self.tally.reposts += 1
            seen.add(paper.arxiv_id or paper.title)
            chosen.append(paper)
        return chosen

    def _repost(self, seen: set[str], *, with_id: bool) -> Paper | None:
        if with_id and self.recent:
            paper = self.rng.choice(self.recent[-RECENT:])
            if paper.arxiv_id in seen:
                return None
            bump = self.rng.random() < 0.3
            return paper.reposted(version=paper.version + 1) if bump else paper
        if not with_id and self.recent_titles:
            title = self.rng.choice(self.recent_titles[-RECENT:])
            return None if title in seen else self.text.paper(self.rng, None, title=title)
        return None

    def write(self, relative: str, text: str, kind: str) -> None:
        path = self.out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        self.tally.notes[kind] += 1
        self.tally.bytes += len(data)

    def unique_path(self, stem: str, suffix: str = ".md") -> str:
        path, n = stem + suffix, 1
        while path in self.paths:
            n += 1
            path = f"{stem}-{n}{suffix}"
        self.paths.add(path)
        return path

    def note(self, day: date) -> None:
        """Write one note of a randomly chosen format for ``day``."""
        kind = self.rng.choices(list(FORMAT_WEIGHTS), weights=list(FORMAT_WEIGHTS.values()))[0]
        half = self.per_note // 2
        count = max(1, self.per_note + self.rng.randint(-half, half))
        if kind == "other":
            self.write(self.unique_path(f"journal/{day}"), render_other(self.rng, self.text), kind)
            return
        papers = self.papers_for_note(day, count, with_id=kind != "dendron")
        self.tally.sections += len(papers)
        if kind == "hexo":
            category = self.rng.choice(HEXO_CATEGORIES)
            slug = category.replace(" ", "-")
            text = render_hexo(self.rng, self.text, day, category, papers)
            self.write(self.unique_path(f"hexo/{slug}/{day}-{slug}"), text, kind)
        elif kind == "digest":
            feed = self.rng.choice(DIGEST_FEEDS)
            categories = self.rng.sample(ARXIV_CATEGORIES, self.rng.randint(1, 3))
            text = render_digest(self.rng, self.text, day, categories, papers)
            self.write(self.unique_path(f"digest/{feed}/{day.year}/{day}"), text, kind)
        else:
            text = render_dendron(self.rng, self.text, day, papers, self.images)
            stem = f"dendron/daily.{day.year}.{day.month:02d}.{day.day:02d}"
            self.write(self.unique_path(stem), text, kind)


def _png(index: int) -> bytes:
    """A tiny valid 4x4 PNG, different for each ``index``."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + bytes((index * 7 % 256, y * 40, 200)) * 4 for y in range(4))
    header = struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def generate(out: Path, *, notes: int, per_note: int, seed: int, duplicates: float) -> Vault:
    """Write ``notes`` notes into ``out``; returns the generator with its tally."""
    vault = Vault(out, seed=seed, per_note=per_note, duplicates=duplicates)
    span = max(30, min(730, notes // 5))
    start = date(2023, 1, 2)
    for index in range(notes):
        vault.note(start + timedelta(days=index * span // notes))
    hidden = out / ".obsidian"
    hidden.mkdir(exist_ok=True)
    (hidden / "app.json").write_text('{"note": "not a note: papertui skips this folder"}\n')
    return vault


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path, help="folder to write the vault into")
    parser.add_argument("--notes", type=int, default=2000, help="how many notes (2000)")
    parser.add_argument(
        "--papers-per-note", type=int, default=15, help="mean paper sections per note (15)"
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (0)")
    parser.add_argument(
        "--duplicates", type=float, default=0.15, help="share of sections that are reposts (0.15)"
    )
    parser.add_argument("--force", action="store_true", help="write into a non-empty folder")
    args = parser.parse_args(argv)
    if args.notes < 1 or args.papers_per_note < 1 or not 0 <= args.duplicates < 1:
        parser.error("--notes and --papers-per-note must be positive, --duplicates in [0, 1)")
    if args.out.exists() and any(args.out.iterdir()) and not args.force:
        parser.error(f"{args.out} is not empty (use --force to write into it anyway)")
    began = time.perf_counter()
    vault = generate(
        args.out,
        notes=args.notes,
        per_note=args.papers_per_note,
        seed=args.seed,
        duplicates=args.duplicates,
    )
    elapsed = time.perf_counter() - began
    tally = vault.tally
    kinds = ", ".join(f"{kind} {count:,}" for kind, count in sorted(tally.notes.items()))
    print(f"wrote {args.out}")
    print(f"  notes:            {sum(tally.notes.values()):,} ({kinds})")
    print(f"  paper sections:   {tally.sections:,} ({tally.reposts:,} reposts)")
    print(f"  unique arXiv ids: {len(vault.ids):,}")
    print(f"  unique papers:    {len(vault.ids) + len(vault.titles):,} (ids + title-keyed)")
    print(f"  bytes:            {tally.bytes:,} ({tally.bytes / 1e6:,.0f} MB)")
    print(f"  took:             {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
