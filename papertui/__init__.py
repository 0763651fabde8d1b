"""papertui: a keyboard-driven terminal reader for folders of paper-digest notes."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("papertui")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"
