"""Remote (http, https) images of notes, fetched only when the config turns it on.

papertui makes no network calls by itself: with ``fetch_remote_images = false``
(the default) a remote image is a link. With it on, the pane asks
:func:`fetch` in a worker for each remote image it shows; an image is fetched
once, with a timeout and a size limit, and kept in the cache folder (one file
per address, named by its hash) where the next render finds it
(:func:`cached`). A failed fetch is remembered for the run, and said in the pane.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from papertui import paths
from papertui.vault.atomic import write_atomically

TIMEOUT = 10.0
"""Seconds a fetch may take to connect and between reads."""
MAX_BYTES = 10 * 1024 * 1024
"""An image larger than this is not fetched whole (a figure, not a data set)."""
_CHUNK = 64 * 1024
_failed: dict[str, str] = {}
_lock = threading.Lock()


def cache_folder() -> Path:
    """Where fetched images are kept (below the platform's cache folder)."""
    return paths.cache_dir() / "images"


def _file_for(url: str) -> Path:
    return cache_folder() / hashlib.sha256(url.encode("utf-8")).hexdigest()[:40]


def cached(url: str) -> Path | None:
    """The fetched image of ``url``, if it has been fetched."""
    path = _file_for(url)
    return path if path.is_file() else None


def failure(url: str) -> str | None:
    """Why ``url`` could not be fetched in this run (None: it was not tried, or it worked)."""
    with _lock:
        return _failed.get(url)


def fetch(url: str, *, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES) -> Path | None:
    """Fetch ``url`` into the cache (once); its file, or None with the reason in :func:`failure`."""
    path = cached(url)
    if path is not None or failure(url) is not None:
        return path
    import urllib.error  # with the first fetch: http and ssl cost the start otherwise

    try:
        data = _download(url, timeout, max_bytes)
        path = _file_for(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, data, durable=False)
    except _Refused as refused:
        problem = str(refused)
    except urllib.error.HTTPError as error:
        problem = f"the server answered {error.code}"
    except urllib.error.URLError as error:
        problem = f"cannot be fetched ({_reason(error.reason)})"
    except (OSError, ValueError) as error:  # timeouts, resets, a bad address, a full disk
        problem = f"cannot be fetched ({_reason(error)})"
    else:
        return path
    with _lock:
        _failed[url] = problem
    return None


class _Refused(ValueError):
    """The answer is not an image papertui takes."""


def _download(url: str, timeout: float, max_bytes: int) -> bytes:
    import urllib.request

    if not url.lower().startswith(("http://", "https://")):
        raise _Refused("is not an http or https address")
    request = urllib.request.Request(url, headers={"User-Agent": "papertui"})
    with urllib.request.urlopen(request, timeout=timeout) as answer:
        if not answer.geturl().lower().startswith(("http://", "https://")):
            raise _Refused("was redirected away from http")
        kind = answer.headers.get_content_type()
        if not kind.startswith("image/"):
            raise _Refused(f"is not an image ({kind})")
        length = answer.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > max_bytes:
            raise _Refused(f"is larger than {_size(max_bytes)}")
        data = bytearray()
        while chunk := answer.read(_CHUNK):
            data += chunk
            if len(data) > max_bytes:
                raise _Refused(f"is larger than {_size(max_bytes)}")
    return bytes(data)


def _size(count: int) -> str:
    return f"{count // 1024 // 1024} MB" if count >= 1024 * 1024 else f"{count // 1024} KB"


def _reason(error: object) -> str:
    if isinstance(error, TimeoutError):
        return "timed out"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


def forget_failures() -> None:
    """Try failed addresses again (the next render asks for them anew)."""
    with _lock:
        _failed.clear()
