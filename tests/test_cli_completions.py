"""`papertui completions`: a script for each shell, naming every command and option."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from papertui.cli import main
from papertui.commands import SUBCOMMANDS


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_each_shell_gets_a_script_of_every_command(
    shell: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["completions", shell]) == 0
    script = capsys.readouterr().out
    for command in SUBCOMMANDS:
        assert command in script, command
    for option in ("--query", "--json", "--theme", "--port", "--state"):
        assert option.lstrip("-") in script, option


def test_bash_accepts_the_bash_script(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["completions", "bash"]) == 0
    script = tmp_path / "papertui.bash"
    script.write_text(capsys.readouterr().out, encoding="utf-8")
    done = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    # Sourced, it registers the completion function for papertui.
    done = subprocess.run(
        ["bash", "-c", f"source {script} && complete -p papertui"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "papertui" in done.stdout


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_accepts_the_zsh_script(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["completions", "zsh"]) == 0
    script = tmp_path / "_papertui"
    script.write_text(capsys.readouterr().out, encoding="utf-8")
    done = subprocess.run(["zsh", "-n", str(script)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_fish_lines_complete_commands_and_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["completions", "fish"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "complete -c papertui -f" in lines
    assert any(
        line.startswith("complete -c papertui -n __fish_use_subcommand -a stats") for line in lines
    )
    assert any("__fish_seen_subcommand_from stats" in line and "-l json" in line for line in lines)


def test_an_unknown_shell_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["completions", "tcsh"]) == 2
