"""Opening a link outside the terminal: the user's opener command, else the system browser.

Unlike ``webbrowser.open`` alone, it says when nothing opened, so the reader can
say so and offer the link to copy instead (no browser on a server, over SSH).
"""

from __future__ import annotations

import shlex
import subprocess

WAIT = 1.0
"""Seconds an opener may take to fail; one still running then has opened the link."""


def opener_argv(template: str, url: str) -> list[str]:
    """The command line of an opener template: ``{url}`` replaced, or the link appended.

    Raises:
        ValueError: When the template is not a command line (unbalanced quotes, empty).
    """
    parts = shlex.split(template)
    if not parts:
        raise ValueError("the opener is empty")
    if not any("{url}" in part for part in parts):
        return [*parts, url]
    return [part.replace("{url}", url) for part in parts]


def open_link(url: str, opener: str | None = None) -> str | None:
    """Open ``url``; None when it opened, else why not (one short line). Blocks up to WAIT."""
    if not opener:
        import webbrowser

        try:
            opened = webbrowser.open(url)
        except webbrowser.Error as error:
            return f"the browser failed ({error})"
        return None if opened else "no browser is set up here (set opener in the config)"
    try:
        argv = opener_argv(opener, url)
        process = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except ValueError as error:
        return f"opener: {error}"
    except OSError as error:
        return f"{argv[0]}: {error.strerror or error}"
    try:
        code = process.wait(timeout=WAIT)
    except subprocess.TimeoutExpired:
        return None  # still running: a viewer or browser that stays open
    return None if code == 0 else f"{argv[0]} exited with status {code}"
