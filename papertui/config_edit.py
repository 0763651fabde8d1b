"""Changing one setting in the user's config file, keeping everything else as the user wrote it.

The reader remembers a choice made with a key (the theme, ``ctrl+t``) in the
config file itself, so the file stays the one place settings live. The file
is edited with ``tomlkit``, which keeps comments, order and formatting, and
written atomically; a file that is not valid TOML is never touched.
"""

from __future__ import annotations

from pathlib import Path

from papertui import paths
from papertui.vault.atomic import write_atomically


def set_setting(name: str, value: str, path: Path | None = None) -> str | None:
    """Set the top-level ``name = "value"`` in the config file; a problem to tell, or None.

    Args:
        name: A top-level setting (``theme``).
        value: Its new value.
        path: The config file (default: ``paths.config_file()``); made if missing.
    """
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    path = path or paths.config_file()
    mode = 0o644
    try:
        text = path.read_bytes().decode("utf-8")
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        text = ""
    except (OSError, UnicodeDecodeError) as error:
        return f"{path} could not be read ({error}); {name} not saved"
    try:
        document = tomlkit.parse(text)
        document[name] = value  # (a new key goes above the first table, where it belongs)
        data = tomlkit.dumps(document).encode("utf-8")
    except TOMLKitError as error:
        return f"{path} is not valid TOML ({error}); {name} not saved"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, data, mode=mode)
    except OSError as error:
        return f"could not save {name} in {path}: {error.strerror or error}"
    return None
