"""Standard output closed, full or cut short, and export targets that are links or no files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from papertui.cli import EXIT_OK, EXIT_OUTPUT, EXIT_UNSAVED, EXIT_USAGE, main
from papertui.vault.flags import Flag
from papertui.vault.state.store import StateStore
from tests.conftest import PROJECT
from tests.vault.notes import P, digest, write

PAPERS = [P(f"Paper {n}: On Output That Fails", f"2404.{n:05d}v1") for n in range(1, 400)]
FULL = Path("/dev/full")


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    write(tmp_path / "vault", "z/2024-04-03.md", digest("2024-04-03", *PAPERS))
    return tmp_path / "vault"


def _papertui(*args: str, shell_redirect: str = "") -> subprocess.CompletedProcess[bytes]:
    """``papertui ARGS`` with stdout as ``shell_redirect`` says (``> /dev/full``, ``>&-``)."""
    command = " ".join(f"'{arg}'" for arg in (sys.executable, "-m", "papertui", *args))
    return subprocess.run(
        ["sh", "-c", f"{command} {shell_redirect}"],
        capture_output=not shell_redirect,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
        timeout=60,
        check=False,
    )


def _one_line(stderr: bytes) -> str:
    lines = stderr.decode().splitlines()
    assert "Traceback" not in stderr.decode()
    (line,) = [line for line in lines if line.startswith("papertui:")]
    return line


@pytest.mark.skipif(not FULL.exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [("list",), ("list", "--json"), ("export", "-q", "", "-f", "ids")])
def test_a_full_stdout_is_one_line_and_its_own_exit_status(
    vault: Path, args: tuple[str, ...]
) -> None:
    done = _papertui(*args[:1], str(vault), *args[1:], shell_redirect="> /dev/full")
    assert done.returncode == EXIT_OUTPUT
    assert "cannot write to standard output" in _one_line(done.stderr)


def test_a_closed_stdout_is_one_line_and_its_own_exit_status(vault: Path) -> None:
    done = _papertui("list", str(vault), shell_redirect=">&-")
    assert done.returncode == EXIT_OUTPUT
    assert "standard output is closed" in _one_line(done.stderr)


@pytest.mark.parametrize("json", [False, True])
def test_a_pipe_closed_early_ends_quietly(vault: Path, json: bool) -> None:
    command = [sys.executable, "-m", "papertui", "list", str(vault), *(["--json"] if json else [])]
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) as run:
        assert run.stdout is not None
        assert run.stderr is not None
        run.stdout.read(10)  # `| head -c 10`
        run.stdout.close()
        err = run.stderr.read().decode()
        assert run.wait(timeout=60) == EXIT_OK
    assert "Traceback" not in err
    assert "Exception ignored" not in err
    assert "Broken pipe" not in err


def _starred(tmp_path: Path) -> Path:
    state = tmp_path / "state.json"
    store = StateStore.load(state)
    store.mark(["arxiv:2404.00001"], Flag.STARRED)
    store.save()
    return state


def test_export_writes_through_a_link_to_its_target(
    vault: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "dotfiles" / "refs.bib"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "refs.bib"
    link.symlink_to(target)
    state = _starred(tmp_path)
    assert main(["export", str(vault), "--state", str(state), "-o", str(link), "--force"]) == 0
    assert link.is_symlink()
    assert "@article" in target.read_text() or "@misc" in target.read_text()
    assert sorted(os.listdir(target.parent)) == ["refs.bib"]  # no temp file left


@pytest.mark.parametrize("force", [False, True])
def test_export_refuses_a_fifo_or_a_device_even_with_force(
    vault: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], force: bool
) -> None:
    fifo = tmp_path / "pipe.bib"
    os.mkfifo(fifo)
    state = _starred(tmp_path)
    for target in (fifo, FULL) if FULL.exists() else (fifo,):
        args = ["export", str(vault), "--state", str(state), "-o", str(target)]
        assert main(args + (["--force"] if force else [])) == EXIT_USAGE
        err = capsys.readouterr().err
        assert "not a regular file" in err
        assert "--force" not in err
    assert fifo.exists()
    assert not fifo.is_file()


@pytest.mark.parametrize("command", [[], ["list"], ["export"]])
def test_the_exit_statuses_are_in_help_and_in_the_docs(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main([*command, "--help"])
    shown = capsys.readouterr().out
    usage = (PROJECT / "docs" / "usage.md").read_text(encoding="utf-8")
    assert "## What papertui promises about your data" in usage
    for status in (EXIT_OK, EXIT_USAGE, EXIT_OUTPUT, EXIT_UNSAVED):
        assert f"\n  {status}  " in shown
        assert f"\n| {status} | " in usage
