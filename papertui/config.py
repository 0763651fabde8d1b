"""User settings: a TOML file, typed and checked, with a message for every bad value."""

from __future__ import annotations

import difflib
import math
import re
import shlex
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from papertui import paths
from papertui.vault.sanitize import clean_line
from papertui.vault.watch import WatchList, parse_watch

DEFAULT_THEME = "textual-dark"
DEFAULT_TEXT_WIDTH = 100
"""Cells: lines longer than this read poorly, so a wide pane leaves the rest blank."""
_ACTION = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_NO_KEYS: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Config:
    """The user's settings; every field has a default that works."""

    vault: Path | None = None
    """The vault ``papertui`` opens without a VAULT argument (when ``vaults`` is empty)."""
    vaults: tuple[Path, ...] = ()
    """The vaults ``papertui`` opens as one without a VAULT argument (before ``vault``)."""
    theme: str = DEFAULT_THEME
    """A Textual theme name (the reader checks it exists)."""
    keys: Mapping[str, str] = field(default_factory=lambda: _NO_KEYS, hash=False)
    """Key remaps: action id -> key string (``"S"``, ``"ctrl+s"``, ``"j,down"``)."""
    auto_read_delay: float | None = None
    """Seconds a paper must stay shown to be marked read; None: never."""
    include: tuple[str, ...] = ()
    """Globs of notes to read (relative to the vault); empty: all."""
    exclude: tuple[str, ...] = ()
    """Globs of notes to leave out."""
    searches: Mapping[str, str] = field(default_factory=lambda: _NO_KEYS, hash=False)
    """Saved searches shown in the tree: name -> query in the filter language."""
    opener: str | None = None
    """The command that opens links (``{url}`` is the link, else it is appended);
    None: the system's browser."""
    max_text_width: int | None = DEFAULT_TEXT_WIDTH
    """The paper pane sets text no wider than this many cells; None: the pane's width."""
    images: str = "auto"
    """How the pane draws a note's images: ``"auto"`` (Kitty graphics or Sixel where the
    terminal has them, else half blocks), ``"halfblock"`` (always half blocks) or ``"off"``
    (their name and path only)."""
    fetch_remote_images: bool = False
    """Fetch http(s) images to draw them (off: papertui makes no network calls by itself)."""
    watch: WatchList = field(default_factory=WatchList)
    """The ``[watch]`` table: authors and keywords whose papers are marked (``is:watched``)."""
    annotation_editor: str | None = None
    """Where ``n`` edits your note: None for the built-in editor, ``"external"`` for
    ``$VISUAL``/``$EDITOR``, or a command (the note's file is appended)."""


def load_config(path: Path | None = None) -> tuple[Config, list[str]]:
    """Read the settings at ``path`` (default: ``paths.config_file()``).

    Never raises: a missing file gives the defaults; a broken file gives the
    defaults and a message; a bad value gives that setting's default and a
    message naming it.
    """
    path = path or paths.config_file()
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return Config(), []
    except OSError as error:
        return Config(), [_clean(f"cannot read {path}: {error.strerror or error}; using defaults")]
    except UnicodeDecodeError:
        return Config(), [_clean(f"{path} is not UTF-8 text; using defaults")]
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return Config(), [_clean(f"{path} is not valid TOML ({error}); using defaults")]
    messages: list[str] = []
    values: dict[str, Any] = {}
    for name, value in table.items():
        check = _CHECKS.get(name)
        if check is None:
            close = difflib.get_close_matches(name, _CHECKS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            messages.append(f"unknown setting {name!r} ignored{hint}")
            continue
        try:
            values[name] = check(value, messages)
        except _Bad as problem:
            messages.append(f"{name}: {problem}; using the default")
    return Config(**values), [_clean(f"{path}: {message}") for message in messages]


class _Bad(ValueError):
    """A setting's value cannot be used."""


def _clean(message: str) -> str:
    return clean_line(message)


def _vault(value: object, messages: list[str]) -> Path:
    if not isinstance(value, str) or not value.strip():
        raise _Bad(f"expected a folder path, got {value!r}")
    vault = Path(value.strip()).expanduser()
    if not vault.is_absolute():
        raise _Bad(f"expected an absolute path or one starting with ~, got {value!r}")
    return vault


def _vaults(value: object, messages: list[str]) -> tuple[Path, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        raise _Bad(f'expected a list of folders such as ["~/notes", "~/digests"], got {value!r}')
    return tuple(dict.fromkeys(_vault(item, messages) for item in items))


def _theme(value: object, messages: list[str]) -> str:
    if not isinstance(value, str) or not value.strip() or clean_line(value) != value:
        raise _Bad(f"expected a theme name, got {value!r}")
    return value.strip()


def _keys(value: object, messages: list[str]) -> Mapping[str, str]:
    if not isinstance(value, dict):
        raise _Bad(f"expected a table of action = key, got {value!r}")
    keys: dict[str, str] = {}
    owners: dict[str, str] = {}
    for action, given in value.items():
        if not _ACTION.fullmatch(action):
            messages.append(f"keys: {action!r} is not an action id; ignored")
            continue
        key = _key_string(given)
        if key is None:
            messages.append(
                f'keys.{action}: expected a key such as "S" or "ctrl+s", got {given!r}; '
                "using the default"
            )
            continue
        for part in key.split(","):
            if part in owners:
                messages.append(f"keys: {part!r} is given to both {owners[part]!r} and {action!r}")
            owners.setdefault(part, action)
        keys[action] = key
    return MappingProxyType(keys)


def _key_string(given: object) -> str | None:
    """``"S"``, ``"ctrl+s"``, ``"j,down"`` or ``["j", "down"]`` as one key string."""
    if isinstance(given, list) and given and all(isinstance(item, str) for item in given):
        given = ",".join(given)
    if not isinstance(given, str) or clean_line(given) != given:
        return None
    parts = [part.strip() for part in given.split(",")]
    if any(not part or re.search(r"\s", part) for part in parts):
        return None
    return ",".join(parts)


def _delay(value: object, messages: list[str]) -> float | None:
    if value is False:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _Bad(f"expected seconds (a number, or false for off), got {value!r}")
    if value < 0:
        raise _Bad(f"expected seconds of 0 or more, got {value!r}")
    return float(value)


def _globs(value: object, messages: list[str]) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
        raise _Bad(f'expected a list of globs such as ["journal/**"], got {value!r}')
    return tuple(item.strip() for item in items)


def _searches(value: object, messages: list[str]) -> Mapping[str, str]:
    if not isinstance(value, dict):
        raise _Bad(f'expected a table of name = "query", got {value!r}')
    searches: dict[str, str] = {}
    for name, query in value.items():
        if not isinstance(query, str) or not query.strip() or not name.strip():
            messages.append(f"searches.{name}: expected a query string, got {query!r}; ignored")
            continue
        searches[clean_line(name).strip()] = query.strip()
    return MappingProxyType(searches)


def _opener(value: object, messages: list[str]) -> str:
    if not isinstance(value, str) or not value.strip() or clean_line(value) != value:
        raise _Bad(f'expected a command such as "firefox {{url}}", got {value!r}')
    try:
        if not shlex.split(value):
            raise ValueError("empty")
    except ValueError as error:
        raise _Bad(f"not a command line ({error}): {value!r}") from None
    return value.strip()


def _annotation_editor(value: object, messages: list[str]) -> str | None:
    if value in ("builtin", "built-in", False):
        return None
    if value == "external":
        return "external"
    return _opener(value, messages) if isinstance(value, str) else _bad_editor(value)


def _bad_editor(value: object) -> str:
    raise _Bad(f'expected "builtin", "external" or an editor command, got {value!r}')


def _text_width(value: object, messages: list[str]) -> int | None:
    if value is False:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 20:
        raise _Bad(
            f"expected a number of cells of 20 or more (or false for no limit), got {value!r}"
        )
    return value


IMAGE_MODES = ("auto", "halfblock", "off")


def _images(value: object, messages: list[str]) -> str:
    if value is False:
        return "off"
    if not isinstance(value, str) or value.strip().lower() not in IMAGE_MODES:
        raise _Bad(f"expected one of {', '.join(map(repr, IMAGE_MODES))}, got {value!r}")
    return value.strip().lower()


def _switch(value: object, messages: list[str]) -> bool:
    if not isinstance(value, bool):
        raise _Bad(f"expected true or false, got {value!r}")
    return value


def _watch(value: object, messages: list[str]) -> WatchList:
    if not isinstance(value, dict):
        raise _Bad(f'expected a table such as authors = ["Hinton"], got {value!r}')
    lists: dict[str, list[str]] = {"authors": [], "keywords": []}
    for name, items in value.items():
        if name not in lists:
            messages.append(f"watch: unknown setting {name!r} ignored (authors, keywords)")
            continue
        items = [items] if isinstance(items, str) else items
        if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
            messages.append(f"watch.{name}: expected a list of strings, got {items!r}; ignored")
            continue
        lists[name] = [clean_line(item) for item in items]
    return parse_watch(lists["authors"], lists["keywords"])


_CHECKS: dict[str, Callable[[object, list[str]], Any]] = {
    "vault": _vault,
    "vaults": _vaults,
    "theme": _theme,
    "keys": _keys,
    "auto_read_delay": _delay,
    "include": _globs,
    "exclude": _globs,
    "opener": _opener,
    "searches": _searches,
    "max_text_width": _text_width,
    "images": _images,
    "fetch_remote_images": _switch,
    "watch": _watch,
    "annotation_editor": _annotation_editor,
}
