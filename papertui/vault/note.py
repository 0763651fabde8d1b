"""One note's bytes to its paper sections: format detection and the day."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from papertui.vault.decode import Undecodable, decode_note
from papertui.vault.formats import dendron, digest, hexo
from papertui.vault.formats.common import NoteContext, scan_headings
from papertui.vault.meta import Frontmatter, parse_day, split_frontmatter, tag_list
from papertui.vault.paper import Section

_NAME_DAY = re.compile(r"(?<!\d)((?:19|20)\d{2})[-._]?(\d{2})[-._]?(\d{2})(?!\d)")


@dataclass(frozen=True, slots=True)
class NoteParse:
    """What one note held."""

    sections: tuple[Section, ...]
    format: str | None
    skipped: str | None = None
    """Why the note could not be read at all."""
    passed_over: str | None = None
    """Why a readable note holds no papers."""
    problem: str | None = None
    """Something wrong in a note that was still read (bad frontmatter, ...)."""


def day_from_name(path: str) -> date | None:
    """A day in a file name such as ``2025-05-01.md`` or ``daily.2023.12.14.md``."""
    match = _NAME_DAY.search(path.rsplit("/", 1)[-1])
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def note_day(meta: dict[str, Any], path: str) -> date | None:
    """The note's day: frontmatter ``date``, a dated ``title``, ``created``, the file name."""
    for key in ("date", "title", "created", "updated"):
        if key in meta:
            day = parse_day(meta[key])
            if day is not None and (key != "title" or _is_date_title(meta[key])):
                return day
    return day_from_name(path)


def _is_date_title(value: Any) -> bool:
    text = str(value).strip()
    return bool(re.fullmatch(r"\d{4}[-./]?\d{1,2}[-./]?\d{1,2}", text))


def parse_note(raw: bytes, path: str, root: str) -> NoteParse:
    """Read one note's bytes into paper sections.

    The fast path treats the bytes as UTF-8 and decodes only what it extracts;
    if any of that is not UTF-8, the whole note is decoded exactly (or found to
    be in GB18030) and read again.
    """
    try:
        try:
            return _parse(decode_note(raw, check_utf8=False).data, path, root)
        except UnicodeDecodeError:
            return _parse(decode_note(raw).data, path, root)
    except Undecodable as error:
        return NoteParse((), None, skipped=str(error))
    except UnicodeDecodeError:
        return NoteParse((), None, skipped="encoding: a piece of the note is not valid text")


def _parse(data: bytes, path: str, root: str) -> NoteParse:
    front: Frontmatter = split_frontmatter(data)
    meta = front.data
    note_tags = tuple(
        dict.fromkeys([*tag_list(meta.get("tags")), *tag_list(meta.get("categories"))])
    )
    context = NoteContext(data, path, root, note_tags, note_day(meta, path))
    body = data[front.body_start :]
    if not body.strip():
        return NoteParse((), None, passed_over="empty note", problem=front.problem)
    headings = scan_headings(data, front.body_start)
    if digest.detect(body):
        found = digest.sections(context, headings)
        return NoteParse(tuple(found), digest.NAME, problem=front.problem)
    if hexo.detect(body):
        found = hexo.sections(context, headings)
        return NoteParse(tuple(found), hexo.NAME, problem=front.problem)
    kind = dendron.NAME if dendron.is_dendron(meta) else dendron.PLAIN
    found, reason = dendron.sections(context, headings)
    if reason is not None:
        return NoteParse((), kind, passed_over=reason, problem=front.problem)
    return NoteParse(tuple(found), kind, problem=front.problem)
