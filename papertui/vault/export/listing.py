"""The JSON record of a paper and of a note, written here and nowhere else.

``papertui list --json`` prints ``{"papers": [...], "notes": [...]}`` with one
record per paper and note; the JSON export and the tests read the same
records as dicts (:func:`paper_record`, :func:`note_record`, parsed from the
text). The text is put together from each paper's fields (or straight from
its section row, for a paper seen once) with the ``json`` module's own C
string encoder: ``json.dump`` of 150,000 paper dicts takes seconds, this a
tenth of that (even ``json.dumps``, all C, took 1.3 s for 127,000 on Python
3.11: it encodes every key of every record again), and the text equals what
``json.dumps`` gives for the record (a test holds it to that). A path that
is not UTF-8 is written with its bytes as ``\\udcXX`` escapes (see
:mod:`papertui.vault.raw_names`).
"""

from __future__ import annotations

import json
import json.encoder
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, TextIO

from papertui.vault.paper import Appearance, PackedRow, Paper, SectionRow
from papertui.vault.raw_names import escape_surrogates, json_writer
from papertui.vault.scan.paper_making import day as _day
from papertui.vault.scan.paper_making import paper_from_rows
from papertui.vault.scan.result import NoteReport, PackedPair, ScanRows
from papertui.vault.state.annotations import OwnNotes, own_layer_of

_CHUNK = 40
"""Papers per write: small enough that no write allocates (and faults in) fresh pages."""
_NO_OWN = ', "annotation": null, "user_tags": []'
"""The last fields of a paper without your annotation or tags."""


class _Encoder:
    """JSON text for papers, with what repeats (paths, days) encoded once."""

    def __init__(self, ensure_ascii: bool, own: OwnNotes | None = None) -> None:
        self.own_notes = own
        layer = own_layer_of(own)
        self._touched = None if layer is None else layer.touched()
        """The papers with anything of yours (None: ask for each): most have nothing, and
        asking the store for each of 127,000 papers took 0.1 s."""
        self.string: Callable[[str], str] = (
            json.encoder.encode_basestring_ascii if ensure_ascii else json.encoder.encode_basestring
        )
        self._paths: dict[str, str] = {}
        self._days: dict[date, str] = {}
        self._ordinals: dict[int, str] = {}

    def own(self, key: str) -> str:
        """The record's last fields: your annotation (null: none) and your tags."""
        touched = self._touched
        if self.own_notes is None or (touched is not None and key not in touched):
            return _NO_OWN
        annotation, tags = self.own_notes.annotation(key), self.own_notes.user_tags(key)
        if not (annotation or tags):
            return _NO_OWN
        text = self.optional(annotation or None)
        return f', "annotation": {text}, "user_tags": {self.strings(tags)}'

    def optional(self, text: str | None) -> str:
        return "null" if text is None else self.string(text)

    def strings(self, items: Sequence[str]) -> str:
        if not items:
            return "[]"
        return "[" + ", ".join(map(self.string, items)) + "]"

    def day(self, day: date | None) -> str:
        if day is None:
            return "null"
        found = self._days.get(day)
        if found is None:
            found = self._days[day] = f'"{day.isoformat()}"'
        return found

    def path(self, path: str) -> str:
        found = self._paths.get(path)
        if found is None:
            found = self._paths[path] = self.string(path)
        return found

    def image(self, src: str, path: str | None, missing: bool) -> str:
        return (
            f'{{"src": {self.string(src)}, "path": {self.optional(path)}, '
            f'"missing": {"true" if missing else "false"}}}'
        )

    def appearance(self, appearance: Appearance) -> str:
        return (
            f'{{"path": {self.path(appearance.path)}, "line": {appearance.line}, '
            f'"end_line": {appearance.end_line}, "day": {self.day(appearance.day)}}}'
        )

    def paper(self, paper: Paper) -> str:
        """The text of the paper's record."""
        links = paper.links
        images = paper.images
        return self.fields(
            paper.key,
            paper.title,
            paper.authors,
            paper.arxiv_id,
            paper.arxiv_version,
            paper.tags,
            self.day(paper.day),
            links.abs,
            links.pdf,
            links.code,
            paper.summary,
            paper.keywords,
            ", ".join([self.image(i.src, i.path, i.missing) for i in images]) if images else "",
            ", ".join(map(self.appearance, paper.appearances)),
        )

    def row(self, path: str, row: PackedRow) -> str:
        """The text of the paper of one section row, named or packed (see :func:`paper_from_row`).

        The row is taken apart by position, in :class:`SectionRow`'s order: a
        warm listing gets its rows packed (see :class:`ScanRows`).
        """
        (
            title,
            arxiv_id,
            arxiv_version,
            authors,
            abs_link,
            pdf_link,
            code,
            tags,
            keywords,
            summary,
            images,
            line,
            end_line,
            day_ordinal,
            key,
        ) = row
        day = self._ordinals.get(day_ordinal) or self.ordinal(day_ordinal)
        if not (abs_link or code):  # as paper_from_row: no links at all
            abs_link = pdf_link = code = None
        place = self._paths.get(path) or self.path(path)
        appearance = f'{{"path": {place}, "line": {line}, "end_line": {end_line}, "day": {day}}}'
        shown = ", ".join([self.image(*image) for image in images]) if images else ""
        return self.fields(
            key,
            title,
            authors,
            arxiv_id,
            arxiv_version,
            tags,
            day,
            abs_link,
            pdf_link,
            code,
            summary,
            keywords,
            shown,
            appearance,
        )

    def ordinal(self, day_ordinal: int) -> str:
        """The JSON of the day of a row's ordinal (0: none)."""
        found = self._ordinals[day_ordinal] = self.day(_day(day_ordinal))
        return found

    def fields(
        self,
        key: str,
        title: str,
        authors: Sequence[str],
        arxiv_id: str | None,
        version: int | None,
        tags: Sequence[str],
        day: str,
        abs_link: str | None,
        pdf_link: str | None,
        code: str | None,
        summary: str,
        keywords: Sequence[str],
        images: str,
        appearances: str,
    ) -> str:
        texts = "".join(
            (
                key,
                title,
                summary,
                arxiv_id or "",
                abs_link or "",
                pdf_link or "",
                code or "",
                *authors,
                *tags,
                *keywords,
            )
        )
        if len(self.string(texts)) == len(texts) + 2:
            # Nothing to escape in any of them (the common case): one encoder call, not 15.
            aid = "null" if arxiv_id is None else '"' + arxiv_id + '"'
            abs_text = "null" if abs_link is None else '"' + abs_link + '"'
            pdf_text = "null" if pdf_link is None else '"' + pdf_link + '"'
            code_text = "null" if code is None else '"' + code + '"'
            return (
                f'{{"key": "{key}", "title": "{title}", "authors": {_plain(authors)}, '
                f'"arxiv_id": {aid}, '
                f'"arxiv_version": {"null" if version is None else int(version)}, '
                f'"tags": {_plain(tags)}, "date": {day}, '
                f'"links": {{"abs": {abs_text}, "pdf": {pdf_text}, "code": {code_text}}}, '
                f'"summary": "{summary}", "keywords": {_plain(keywords)}, '
                f'"images": [{images}], "appearances": [{appearances}]{self.own(key)}}}'
            )
        string = self.string
        strings = self.strings
        return (
            f'{{"key": {string(key)}, "title": {string(title)}, '
            f'"authors": {strings(authors)}, '
            f'"arxiv_id": {"null" if arxiv_id is None else string(arxiv_id)}, '
            f'"arxiv_version": {"null" if version is None else int(version)}, '
            f'"tags": {strings(tags)}, "date": {day}, '
            f'"links": {{"abs": {"null" if abs_link is None else string(abs_link)}, '
            f'"pdf": {"null" if pdf_link is None else string(pdf_link)}, '
            f'"code": {"null" if code is None else string(code)}}}, '
            f'"summary": {string(summary)}, "keywords": {strings(keywords)}, '
            f'"images": [{images}], "appearances": [{appearances}]{self.own(key)}}}'
        )

    def group(self, group: Sequence[PackedPair]) -> str:
        """The text of the paper of a group of rows, named or packed."""
        if len(group) == 1:
            return self.row(*group[0])
        paths = [path for path, _ in group]
        named = list(zip(paths, SectionRow.unpacked_rows([row for _, row in group]), strict=True))
        return self.paper(paper_from_rows(named[0][1].key, named))

    def note(self, note: NoteReport) -> str:
        return (
            f'{{"path": {self.path(note.path)}, "status": {string_of(note.status)}, '
            f'"papers": {note.papers}, "reason": {self.optional(note.reason)}, '
            f'"format": {self.optional(note.format)}}}'
        )


def _plain(items: Sequence[str]) -> str:
    """A list of strings that need no escaping, as JSON."""
    return '["' + '", "'.join(items) + '"]' if items else "[]"


def string_of(value: object) -> str:
    """A plain ASCII value (a status) as a JSON string."""
    return f'"{value}"'


def write_rows(
    out: TextIO, found: ScanRows, *, ensure_ascii: bool = False, own: OwnNotes | None = None
) -> tuple[int, int]:
    """:func:`write_document` from each paper's rows, never making the papers; (papers, rows).

    A warm ``papertui list --json`` would spend most of its time making papers
    to write them: the text of a paper seen once is put together from its row.
    (Writing the index's frames in worker processes, one frame each, was
    measured no faster on two busy cores: the text goes back pickled.)

    Args:
        out: Where to write.
        found: The notes, and each paper's rows in the order to list them.
        ensure_ascii: Escape every non-ASCII character.
        own: Your annotations and tags (the state store), for each record's last fields.
    """
    encoder = _Encoder(ensure_ascii, own)
    out.write('{"papers": [')
    write = json_writer(out)
    papers = rows = 0
    chunk: list[str] = []
    for group in found.groups:
        chunk.append(encoder.group(group))
        rows += len(group)
        if len(chunk) == _CHUNK:
            write((", " if papers else "") + ", ".join(chunk))
            papers += len(chunk)
            chunk = []
    if chunk:
        write((", " if papers else "") + ", ".join(chunk))
        papers += len(chunk)
    _write_notes(out, encoder, found.notes)
    return papers, rows


def write_document(
    out: TextIO,
    papers: Sequence[Paper],
    notes: Sequence[NoteReport],
    *,
    ensure_ascii: bool = False,
    own: OwnNotes | None = None,
) -> None:
    """Write ``{"papers": [...], "notes": [...]}`` and a newline, as ``json.dump`` would.

    Args:
        out: Where to write.
        papers: The papers, in the order to list them.
        notes: The notes' reports.
        ensure_ascii: Escape every non-ASCII character (for a terminal that cannot show it).
        own: Your annotations and tags (the state store), for each record's last fields.
    """
    encoder = _Encoder(ensure_ascii, own)
    out.write('{"papers": [')
    write = json_writer(out)
    for start in range(0, len(papers), _CHUNK):
        text = ", ".join(map(encoder.paper, papers[start : start + _CHUNK]))
        write(", " + text if start else text)
    _write_notes(out, encoder, notes)


def _write_notes(out: TextIO, encoder: _Encoder, notes: Sequence[NoteReport]) -> None:
    out.write('], "notes": [')
    out.write(escape_surrogates(", ".join(map(encoder.note, notes))))
    out.write("]}\n")


def paper_record(paper: Paper, own: OwnNotes | None = None) -> dict[str, Any]:
    """The paper's record as ``papertui list --json`` prints it, as a dict."""
    record: dict[str, Any] = json.loads(_Encoder(False, own).paper(paper))
    return record


def note_record(note: NoteReport) -> dict[str, Any]:
    """The note's record as ``papertui list --json`` prints it, as a dict."""
    record: dict[str, Any] = json.loads(_Encoder(False).note(note))
    return record
