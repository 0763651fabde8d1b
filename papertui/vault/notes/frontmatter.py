"""Frontmatter: found, parsed safely, and read leniently (tags, dates)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

MAX_FRONTMATTER_BYTES = 256 * 1024
_MAX_TAG_ITEMS = 1000
_MAX_TAGS = 64
_MAX_DEPTH = 16


class _Loader(yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader):  # type: ignore[misc]
    """A safe loader that leaves timestamps as text.

    PyYAML turns ``2024-13-45`` into an exception and ``2024-09-27 03:59:41``
    into a datetime; we read dates ourselves, leniently, so one impossible
    date costs that date only, not the whole frontmatter.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_HANDLER = YAMLHandler()


@dataclass(frozen=True, slots=True)
class Frontmatter:
    """The frontmatter of a note."""

    data: dict[str, Any] = field(default_factory=dict)
    body_start: int = 0
    """Byte offset of the body (after the closing fence)."""
    body_line: int = 1
    """Line number (1-based) the body starts on."""
    problem: str | None = None
    """Why the frontmatter was ignored, if it was."""


_LEAD = re.compile(rb"[ \t\n]*")
_HEADING_LINE = re.compile(rb"^#{1,6} ", re.MULTILINE)


def split_frontmatter(data: bytes) -> Frontmatter:
    """Find and parse the YAML frontmatter at the top of a note.

    A note that starts with a ``---`` rule but has no closing fence has no
    frontmatter: the rule belongs to the body. Nor has a note whose text
    between two ``---`` rules holds Markdown headings and is not a YAML mapping.
    """
    lead_match = _LEAD.match(data)
    lead = lead_match.end() if lead_match else 0
    if not data.startswith(b"---\n", lead):
        return Frontmatter()
    close = data.find(b"\n---", lead + 3)
    while close != -1:
        after = close + 4
        rest_end = data.find(b"\n", after)
        rest = data[after : rest_end if rest_end != -1 else len(data)]
        if not rest.strip():
            break
        close = data.find(b"\n---", after)
    if close == -1:
        return Frontmatter()
    body_start = data.find(b"\n", close + 4)
    body_start = len(data) if body_start == -1 else body_start + 1
    body_line = data.count(b"\n", 0, body_start) + 1
    source = data[lead + 4 : close + 1]
    if len(source) > MAX_FRONTMATTER_BYTES:
        return Frontmatter({}, body_start, body_line, "frontmatter too large, ignored")
    try:
        simple = simple_yaml(source)
    except yaml.YAMLError:  # pragma: no cover - a scalar PyYAML itself refuses
        simple = None
    if simple is not None:
        return Frontmatter(simple[0], body_start, body_line, simple[1])
    text = source.decode("utf-8")
    try:
        loaded = _HANDLER.load(text, Loader=_Loader)
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as error:
        if _HEADING_LINE.search(source):
            return Frontmatter()
        message = str(error).strip()
        first = message.split("\n", 1)[0] if message else type(error).__name__
        lenient = simple_yaml(source, lenient=True)
        found = lenient[0] if lenient else {}
        problem = f"invalid frontmatter: {first[:120]}" + ("; read as text" if found else "")
        return Frontmatter(found, body_start, body_line, problem)
    if loaded is None:
        return Frontmatter({}, body_start, body_line)
    if not isinstance(loaded, dict):
        if _HEADING_LINE.search(source):
            return Frontmatter()
        kind = type(loaded).__name__
        return Frontmatter(
            {}, body_start, body_line, f"frontmatter is a {kind}, not a mapping; ignored"
        )
    return Frontmatter({str(key): value for key, value in loaded.items()}, body_start, body_line)


# --- the common case without a YAML parser ---------------------------------------------

SimpleRead = tuple[dict[str, Any], str | None]
"""A mapping read without the YAML parser, and the problem met on the way."""

_KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_\-]*)[ \t]*:(?:[ \t]+(.*?))?[ \t]*")
_ITEM_LINE = re.compile(r"[ \t]*-(?:[ \t]+(.*?))?[ \t]*")
# What PyYAML refuses, or reads as a line break inside a scalar.
_NOT_PLAIN_TEXT = re.compile("[^\x09\x0a\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_PLAIN_START = frozenset("-?:,[]{}#&*!|>%@`'\"")
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_STR_TAG = "tag:yaml.org,2002:str"
_NULL_TAG = "tag:yaml.org,2002:null"
_INT_TAG = "tag:yaml.org,2002:int"
_SCALAR_TAGS = frozenset(
    ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool")
)


def simple_yaml(source: bytes, *, lenient: bool = False) -> SimpleRead | None:
    """Frontmatter in the plain subset most notes use, read without a YAML parser.

    The subset: ``key: scalar`` lines and ``key:`` followed by ``- scalar``
    items, scalars plain or simply quoted, comments and blank lines. Within it
    the result equals PyYAML's (with :data:`_Loader`); anything else (flow
    collections, block scalars, anchors, tags, nesting, continued lines)
    returns None and is left to the YAML parser. Hexo and Dendron frontmatter
    is in the subset, and reading it this way is many times faster.

    One error is common enough to read past: a plain value holding ``: ``
    (``description: Title: subtitle``), which YAML refuses. The value is kept
    as written, and the problem is returned beside the mapping.

    Args:
        source: The frontmatter's bytes.
        lenient: Read every ``key: value`` line as text and skip what is not
            one (for frontmatter the YAML parser refused).

    Raises:
        UnicodeDecodeError: When the frontmatter is not UTF-8.
    """
    text = source.decode("utf-8")
    if not lenient and _NOT_PLAIN_TEXT.search(text):
        return None
    result: dict[str, Any] = {}
    items: list[Any] | None = None
    current = ""
    problem: str | None = None
    read = _read_lenient if lenient else _read_line
    for number, line in enumerate(text.split("\n"), start=2):
        kind, key, value = read(line)
        if kind == _SKIP:
            continue
        if kind == _KEY:
            current = key
            if isinstance(value, _Refused):
                problem = problem or (
                    f"invalid frontmatter: the value of {current!r} holds ': ' (line {number});"
                    " read as text"
                )
                value = value.text
            items = [] if value is None else None
            result[current] = value
            continue
        if kind != _ITEM or items is None:
            if lenient:
                continue
            return None
        items.append(value)
        result[current] = items
    return result, problem


_SKIP, _KEY, _ITEM, _OTHER = 0, 1, 2, 3


@lru_cache(maxsize=4096)
def _read_line(line: str) -> tuple[int, str, Any]:
    """(kind, key, value) of one frontmatter line; frontmatter lines repeat from note to note."""
    return _line(line, lenient=False)


def _read_lenient(line: str) -> tuple[int, str, Any]:
    return _line(line, lenient=True)


def _line(line: str, *, lenient: bool) -> tuple[int, str, Any]:
    stripped = line.strip()
    if not stripped or stripped.startswith("#"):
        return _SKIP, "", None
    key_match = _KEY_LINE.fullmatch(line)
    if key_match is not None:
        key = key_match[1]
        if not lenient and not _plain_key(key):
            return _OTHER, key, None
        raw = key_match[2]
        value = _scalar(raw, lenient) if raw else None
        if value is _NOT_SIMPLE:
            return _OTHER, key, None
        return _KEY, key, None if value is _EMPTY else value
    item_match = _ITEM_LINE.fullmatch(line)
    if item_match is None:
        return _OTHER, "", None
    raw = item_match[1]
    value = _scalar(raw, lenient) if raw else None
    if value is _NOT_SIMPLE or isinstance(value, _Refused):
        return _OTHER, "", None
    return _ITEM, "", None if value is _EMPTY else value


_NOT_SIMPLE: Any = object()
_EMPTY: Any = object()
"""A value that is only a comment: the key holds null, or the list below it."""


class _Refused:
    """A plain value YAML refuses (it holds ``: ``), kept as the text written."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


_LENIENT_DROP = frozenset("!&*|>")


def _tag(text: str) -> str:
    """The tag PyYAML's resolver gives a plain scalar."""
    resolvers = _Loader.yaml_implicit_resolvers.get(text[:1], [])
    return next((tag for tag, regexp in resolvers if regexp.match(text)), _STR_TAG)


@lru_cache(maxsize=256)
def _plain_key(key: str) -> bool:
    return _tag(key) == _STR_TAG


def _scalar(raw: str, lenient: bool = False) -> Any:
    """A scalar as PyYAML reads it; or :data:`_NOT_SIMPLE`, :data:`_EMPTY`, a :class:`_Refused`."""
    first = raw[0]
    if first == "'":
        inner = raw[1:-1]
        if len(raw) < 2 or raw[-1] != "'" or "'" in inner.replace("''", ""):
            return raw if lenient else _NOT_SIMPLE
        return inner.replace("''", "'")
    if first == '"':
        inner = raw[1:-1]
        if len(raw) < 2 or raw[-1] != '"' or '"' in inner or "\\" in inner:
            return raw if lenient else _NOT_SIMPLE
        return inner
    if lenient:
        if first in _LENIENT_DROP:
            return None
        if first == "[" and raw.endswith("]"):
            return [part.strip().strip("'\"") for part in raw[1:-1].split(",") if part.strip()]
        return raw
    if first == "#":
        return _EMPTY
    if first in _PLAIN_START:
        return _NOT_SIMPLE
    comment = raw.find(" #")
    if comment == -1:
        comment = raw.find("\t#")
    if comment != -1:
        raw = raw[:comment].rstrip()
    if raw.endswith(":"):
        return _NOT_SIMPLE
    if ": " in raw or ":\t" in raw:
        return _Refused(raw)
    tag = _tag(raw)
    if tag == _STR_TAG:
        return raw
    if tag == _NULL_TAG:
        return None
    if tag == _INT_TAG and _INT.fullmatch(raw):
        return int(raw)
    if tag not in _SCALAR_TAGS:
        return _NOT_SIMPLE  # merge keys, "=" values: PyYAML decides
    return _load_scalar(raw)


@lru_cache(maxsize=512)
def _load_scalar(text: str) -> Any:
    return yaml.load(text, Loader=_Loader)


def _flatten(value: Any) -> Iterator[Any]:
    """The scalars of nested lists, depth first; at most :data:`_MAX_TAG_ITEMS` nodes visited.

    YAML aliases let a small file describe a huge tree (the "billion laughs"):
    the walk is bounded by the nodes it visits, not by the items it finds.
    """
    stack: list[tuple[Any, int]] = [(value, 0)]
    visited = 0
    while stack and visited < _MAX_TAG_ITEMS:
        item, depth = stack.pop()
        visited += 1
        if isinstance(item, list | tuple | set):
            if depth < _MAX_DEPTH:
                stack.extend((child, depth + 1) for child in reversed(list(item)[:_MAX_TAG_ITEMS]))
        else:
            yield item


def tag_list(value: Any) -> list[str]:
    """Tags from a frontmatter value: a string, a comma list, nested lists, numbers.

    ``null`` gives no tags; mappings are ignored; a leading ``#`` is dropped.
    Alias bombs stop at a fixed number of nodes.
    """
    tags: list[str] = []
    for item in _flatten(value):
        if item is None or isinstance(item, dict | bool):
            continue
        for part in str(item)[:10_000].split(","):
            tag = clean_tag(part)
            if tag and tag not in tags:
                tags.append(tag)
                if len(tags) >= _MAX_TAGS:
                    return tags
    return tags


_TAG_TRIM = re.compile(r"^[#\s]+|[\s/]+$")


def clean_tag(text: str) -> str:
    """A tag as written, without its ``#`` and surrounding space."""
    if text and text[0] not in "# \t" and text[-1] not in " \t/" and " " not in text:
        return text
    return " ".join(_TAG_TRIM.sub("", text).split())


_DATE = re.compile(r"(\d{4})[-./_年]?(\d{1,2})[-./_月]?(\d{1,2})")


def parse_day(value: Any) -> date | None:
    """A day from a frontmatter value or text; None when there is no real date.

    Accepts dates, datetimes, ``yyyy-mm-dd[ hh:mm:ss]``, ``yyyymmdd`` and
    epoch milliseconds or seconds (Dendron's ``created``).
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 10**11 else value
        if not 0 < seconds < 32503680000:
            return None
        return datetime.fromtimestamp(seconds, tz=UTC).date()
    if isinstance(value, str):
        return date_of(_DATE.search(value))
    return None


def date_of(match: re.Match[str] | None) -> date | None:
    """The date a year/month/day match names; None for no match or no such day."""
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
