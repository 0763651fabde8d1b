"""Remote images: links unless the config turns fetching on; then fetched once, capped, cached."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from papertui.config import Config
from papertui.tui import remote_images
from tests.tui.pilot import reader, text, wait_until


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 20), "crimson").save(out, "PNG")
    return out.getvalue()


class _Server:
    """A local HTTP server: /fig.png an image, /page.html a page, /huge.png too big."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        served = self.requests
        png = _png()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                served.append(self.path)
                kind, body = {
                    "/fig.png": ("image/png", png),
                    "/page.html": ("text/html", b"<p>no</p>"),
                    "/huge.png": ("image/png", png + b"\0" * 4096),
                }.get(self.path, ("", b""))
                if not kind:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.end_headers()  # no length: the cap must count what arrives
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.http.server_address[1]}"

    def __enter__(self) -> _Server:
        threading.Thread(target=self.http.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.http.shutdown()
        self.http.server_close()


@pytest.fixture
def server() -> Iterator[_Server]:
    remote_images.forget_failures()
    with _Server() as running:
        yield running
    remote_images.forget_failures()


def test_fetch_keeps_an_image_and_refuses_the_rest(server: _Server) -> None:
    url = f"{server.base}/fig.png"
    assert remote_images.cached(url) is None
    path = remote_images.fetch(url)
    assert path is not None
    assert path.read_bytes() == _png()
    assert path.is_relative_to(remote_images.cache_folder())
    assert remote_images.fetch(url) == path
    assert server.requests == ["/fig.png"]  # fetched once
    for name, why in [
        ("page.html", "is not an image (text/html)"),
        ("gone.png", "the server answered 404"),
    ]:
        assert remote_images.fetch(f"{server.base}/{name}") is None
        assert remote_images.failure(f"{server.base}/{name}") == why
    huge = f"{server.base}/huge.png"
    assert remote_images.fetch(huge, max_bytes=2048) is None
    assert remote_images.failure(huge) == "is larger than 2 KB"
    assert remote_images.cached(huge) is None
    assert remote_images.fetch("http://127.0.0.1:9/x.png", timeout=2) is None  # nobody there
    assert "cannot be fetched" in str(remote_images.failure("http://127.0.0.1:9/x.png"))


def _vault(root: Path, base: str) -> Path:
    root.mkdir()
    (root / "daily.2024.06.01.md").write_text(
        "---\nid: remote\ntitle: '20240601'\ndesc: ''\nupdated: 1717200000000\n"
        "created: 1717200000000\n---\n\n"
        f"## Crimson Figures From Afar\n#vis\n\n![图 9]({base}/fig.png)\n\n"
        "- **研究背景**：远处的图。\n",
        encoding="utf-8",
    )
    return root


async def test_remote_images_stay_links_by_default(tmp_path: Path, server: _Server) -> None:
    async with reader(_vault(tmp_path / "v", server.base)) as r:
        said = r.pane_text()
        assert "图 9 · 127.0.0.1:" in said
        assert "▀" not in said
        links = [s.style.link for line in r.pane.lines for s in line if s.style and s.style.link]
        assert f"{server.base}/fig.png" in links
    assert server.requests == []  # no network call


async def test_remote_images_are_fetched_and_drawn_when_on(tmp_path: Path, server: _Server) -> None:
    config = Config(fetch_remote_images=True)
    async with reader(_vault(tmp_path / "v", server.base), config=config) as r:
        await wait_until(r, lambda: bool(r.pane.figures.files), "the fetched image drawn")
        start, end, path = r.pane.figures.files[0]
        assert path == remote_images.cached(f"{server.base}/fig.png")
        assert all(set(text(line).strip()) == {"▀"} for line in r.pane.lines[start:end])
        assert "图 9 · 127.0.0.1:" in text(r.pane.lines[end])
    assert server.requests == ["/fig.png"]
