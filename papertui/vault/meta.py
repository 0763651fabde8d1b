"""Frontmatter: found, parsed safely, and read leniently (tags, dates)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

MAX_FRONTMATTER_BYTES = 256 * 1024
_MAX_TAG_ITEMS = 1000
_MAX_DEPTH = 8


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


def split_frontmatter(data: bytes) -> Frontmatter:
    """Find and parse the YAML frontmatter at the top of a note.

    A note that starts with a ``---`` rule but has no closing fence has no
    frontmatter: the rule belongs to the body.
    """
    lead = len(data) - len(data.lstrip(b" \t\n"))
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
        text = source.decode("utf-8")
        loaded = _HANDLER.load(text, Loader=_Loader)
    except UnicodeDecodeError:
        raise
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return Frontmatter({}, body_start, body_line, f"invalid frontmatter: {first[:120]}")
    if loaded is None:
        return Frontmatter({}, body_start, body_line)
    if not isinstance(loaded, dict):
        kind = type(loaded).__name__
        return Frontmatter(
            {}, body_start, body_line, f"frontmatter is a {kind}, not a mapping; ignored"
        )
    return Frontmatter({str(key): value for key, value in loaded.items()}, body_start, body_line)


def _flatten(value: Any, depth: int = 0) -> Iterator[Any]:
    if isinstance(value, list | tuple | set):
        if depth >= _MAX_DEPTH:
            return
        for item in value:
            yield from _flatten(item, depth + 1)
    else:
        yield value


def tag_list(value: Any) -> list[str]:
    """Tags from a frontmatter value: a string, a comma list, nested lists, numbers.

    ``null`` gives no tags; mappings are ignored; a leading ``#`` is dropped.
    Alias bombs stop at a fixed number of items.
    """
    tags: list[str] = []
    for count, item in enumerate(_flatten(value)):
        if count >= _MAX_TAG_ITEMS:
            break
        if item is None or isinstance(item, dict):
            continue
        if isinstance(item, bool):
            continue
        text = str(item)
        for part in text.split(","):
            tag = clean_tag(part)
            if tag and tag not in tags:
                tags.append(tag)
    return tags


_TAG_TRIM = re.compile(r"^[#\s]+|[\s/]+$")


def clean_tag(text: str) -> str:
    """A tag as written, without its ``#`` and surrounding space."""
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
        match = _DATE.search(value)
        if match is None:
            return None
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    return None
