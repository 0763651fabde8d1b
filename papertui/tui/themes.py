"""The colour theme: ``ctrl+t`` goes round Textual's themes and the config file remembers.

The rule: the theme the reader opens with is ``--theme`` if given, else the
config file's ``theme``, else ``textual-dark``. ``ctrl+t`` switches to the next
theme (by name) and writes it as ``theme`` into the config file, keeping the
file's comments and other settings (see :mod:`papertui.config_edit`);
``--theme`` alone never writes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.app import App

from papertui.config_edit import set_setting


def next_theme(current: str, names: Iterable[str]) -> str:
    """The theme after ``current`` among ``names`` (sorted; wraps around)."""
    ordered = sorted(names)
    if not ordered:
        return current
    if current not in ordered:
        return ordered[0]
    return ordered[(ordered.index(current) + 1) % len(ordered)]


def cycle_theme(app: App[Any]) -> str:
    """Switch ``app`` to the next theme and save it in the config file (in a worker)."""
    theme = next_theme(app.theme, app.available_themes)
    app.theme = theme
    app.run_worker(
        lambda: _save(app, theme), thread=True, exclusive=True, group="theme", name="save theme"
    )
    app.notify(f"Theme: {theme}", timeout=2, markup=False)
    return theme


def _save(app: App[Any], theme: str) -> None:
    problem = set_setting("theme", theme)
    if problem is not None:
        app.call_from_thread(app.notify, problem, severity="warning", timeout=8, markup=False)
