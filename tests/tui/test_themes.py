"""Themes: --theme picks one for a run; ctrl+t cycles and writes it into the config file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from papertui import paths
from papertui.config import Config, load_config
from papertui.config_edit import set_setting
from papertui.tui.themes import next_theme
from tests.tui.pilot import reader, wait_until


def test_next_theme_goes_round_by_name() -> None:
    names = ["nord", "gruvbox", "textual-dark"]
    assert next_theme("gruvbox", names) == "nord"
    assert next_theme("textual-dark", names) == "gruvbox"  # wraps around
    assert next_theme("gone", names) == "gruvbox"


def test_set_setting_keeps_comments_and_other_settings(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        '# my settings\nvault = "/notes"  # the notes\ntheme = "nord" # the look\n\n'
        '[keys]\nstar = "S"\n',
        encoding="utf-8",
    )
    assert set_setting("theme", "gruvbox", config) is None
    text = config.read_text(encoding="utf-8")
    assert text == (
        '# my settings\nvault = "/notes"  # the notes\ntheme = "gruvbox" # the look\n\n'
        '[keys]\nstar = "S"\n'
    )
    loaded, problems = load_config(config)
    assert (loaded.theme, loaded.keys["star"], problems) == ("gruvbox", "S", [])


def test_set_setting_adds_above_the_tables_and_makes_a_missing_file(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[keys]\nstar = "S"\n', encoding="utf-8")
    assert set_setting("theme", "nord", config) is None
    assert load_config(config)[0] == Config(theme="nord", keys={"star": "S"})
    fresh = tmp_path / "new" / "config.toml"
    assert set_setting("theme", "nord", fresh) is None
    assert load_config(fresh)[0].theme == "nord"


def test_set_setting_never_touches_a_broken_file(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("theme = = broken\n", encoding="utf-8")
    problem = set_setting("theme", "nord", config)
    assert problem is not None
    assert "not valid TOML" in problem
    assert config.read_text(encoding="utf-8") == "theme = = broken\n"


async def test_ctrl_t_cycles_and_remembers(vault: Path) -> None:
    config_file = paths.config_file()
    config_file.parent.mkdir(parents=True)
    config_file.write_text('# keep me\ntheme = "textual-dark"\n', encoding="utf-8")
    async with reader(vault, config=load_config()[0]) as running:
        app = running.app
        assert app.theme == "textual-dark"
        await running.press("ctrl+t")
        expected = next_theme("textual-dark", app.available_themes)
        assert app.theme == expected
        await wait_until(
            running, lambda: load_config()[0].theme == expected, "the theme to be saved"
        )
        assert config_file.read_text(encoding="utf-8").startswith("# keep me\n")
        await running.press("ctrl+t")
        assert app.theme == next_theme(expected, app.available_themes)


async def test_theme_from_the_command_line(vault: Path) -> None:
    async with reader(vault, config=replace(Config(), theme="nord")) as running:
        assert running.app.theme == "nord"
    assert not paths.config_file().exists()  # --theme alone writes nothing


def test_theme_option_reaches_the_session(vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from papertui import cli
    from papertui.session import Session
    from papertui.tui import app

    seen: list[Session] = []

    def run_reader(session: Session) -> int:
        seen.append(session)
        return 0

    monkeypatch.setattr(app, "run_reader", run_reader)
    assert cli.main([str(vault), "--theme", "gruvbox"]) == 0
    assert seen[0].config.theme == "gruvbox"
