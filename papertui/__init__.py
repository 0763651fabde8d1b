"""papertui: a keyboard-driven terminal reader for folders of paper-digest notes."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # importlib.metadata costs ~40 ms of imports: only `papertui --version` pays it.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("papertui")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            found = "0.0.0"
        globals()["__version__"] = found
        return found
    raise AttributeError(f"module 'papertui' has no attribute {name!r}")
