"""Where papertui keeps its files: the one caller of platformdirs.

``PAPERTUI_HOME`` overrides everything: config, state and cache all live
below it. Tests point it at a temporary folder so no test touches a real home.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import PlatformDirs

APP_NAME = "papertui"
_DIRS = PlatformDirs(APP_NAME, appauthor=False)


def _home() -> Path | None:
    home = os.environ.get("PAPERTUI_HOME")
    return Path(home).expanduser() if home else None


def config_dir() -> Path:
    """The folder that holds ``config.toml``."""
    home = _home()
    return home / "config" if home else Path(_DIRS.user_config_dir)


def data_dir() -> Path:
    """The folder that holds the read/star state."""
    home = _home()
    return home / "data" if home else Path(_DIRS.user_data_dir)


def cache_dir() -> Path:
    """The folder that holds per-vault index caches."""
    home = _home()
    return home / "cache" if home else Path(_DIRS.user_cache_dir)


def config_file() -> Path:
    """The user's TOML settings file."""
    return config_dir() / "config.toml"


def state_file() -> Path:
    """The default read/star state file."""
    return data_dir() / "state.json"


def demo_vault() -> Path:
    """The demo vault shipped inside the package."""
    return Path(__file__).parent / "demo"
