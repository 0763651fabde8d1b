"""`papertui serve`: a textual-serve page on 127.0.0.1, and the command each tab runs."""

from __future__ import annotations

import argparse
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from papertui.cli import main
from papertui.commands.serve import reader_command
from tests.conftest import PROJECT


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _fetch(url: str, deadline: float) -> str:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                body: str = response.read().decode("utf-8")
                return body
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_serve_answers_with_the_textual_serve_page(tmp_path: Path) -> None:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "papertui", "serve", "--demo", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
        start_new_session=True,
    )
    try:
        page = _fetch(f"http://127.0.0.1:{port}/", time.monotonic() + 30)
        assert "textual.js" in page  # textual-serve's page, which runs the reader over a socket
        assert "papertui" in page
        assert f"ws://127.0.0.1:{port}/ws" in page
    finally:
        os.killpg(server.pid, signal.SIGINT)
        out, _ = server.communicate(timeout=20)
    assert f"serving {Path(__file__).resolve().parents[1] / 'papertui' / 'demo'}" in out
    assert f"at http://127.0.0.1:{port} " in out


def test_each_tab_runs_the_reader_on_the_vault(tmp_path: Path) -> None:
    args = argparse.Namespace(include=["a/**"], exclude=[], state=tmp_path / "s.json", theme="nord")
    words = shlex.split(reader_command(args, [tmp_path]))
    assert words[:4] == [sys.executable, "-m", "papertui", str(tmp_path.resolve())]
    assert words[4:] == [
        "--include",
        "a/**",
        "--state",
        str(tmp_path / "s.json"),
        "--theme",
        "nord",
    ]


def test_bad_port_and_missing_vault_are_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--demo", "--port", "0"]) == 2
    assert "--port" in capsys.readouterr().err
    assert main(["serve", str(tmp_path / "nowhere")]) == 2
