"""load_config: defaults, every setting, and a message naming each bad value."""

from __future__ import annotations

from pathlib import Path

import pytest

from papertui import paths
from papertui.config import DEFAULT_TEXT_WIDTH, DEFAULT_THEME, Config, load_config


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "config.toml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_no_file_gives_the_defaults_silently(tmp_path: Path) -> None:
    config, messages = load_config(tmp_path / "missing.toml")
    assert config == Config()
    assert messages == []
    assert config.theme == DEFAULT_THEME
    assert config.vault is None
    assert config.auto_read_delay is None
    assert dict(config.keys) == {}


def test_the_default_file_is_under_papertui_home(papertui_home: Path) -> None:
    paths.config_file().parent.mkdir(parents=True)
    paths.config_file().write_text('theme = "nord"\n')
    config, messages = load_config()
    assert config.theme == "nord"
    assert messages == []


def test_every_setting(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
vault = "~/notes"
theme = "gruvbox"
auto_read_delay = 2.5
include = ["daily/**", "hexo/*.md"]
exclude = "journal/**"

[keys]
star = "S"
next_unread = ["n", "ctrl+n"]
open_pdf = " p , ctrl+p "
""",
    )
    config, messages = load_config(path)
    assert messages == []
    assert config.vault == Path.home() / "notes"
    assert config.theme == "gruvbox"
    assert config.auto_read_delay == 2.5
    assert config.include == ("daily/**", "hexo/*.md")
    assert config.exclude == ("journal/**",)
    assert dict(config.keys) == {"star": "S", "next_unread": "n,ctrl+n", "open_pdf": "p,ctrl+p"}


def test_config_is_immutable_and_hashable(tmp_path: Path) -> None:
    config, _ = load_config(write(tmp_path, '[keys]\nstar = "S"\n'))
    with pytest.raises(TypeError):
        config.keys["star"] = "x"  # type: ignore[index]
    with pytest.raises(AttributeError):
        config.theme = "x"  # type: ignore[misc]
    assert hash(config) == hash(Config())  # keys are left out of the hash


def test_max_text_width_off_and_set(tmp_path: Path) -> None:
    assert Config().max_text_width == DEFAULT_TEXT_WIDTH
    assert load_config(write(tmp_path, "max_text_width = false\n"))[0].max_text_width is None
    assert load_config(write(tmp_path, "max_text_width = 72\n"))[0].max_text_width == 72


def test_images_drawn_or_not_and_remote_ones_fetched_only_when_asked(tmp_path: Path) -> None:
    assert (Config().images, Config().fetch_remote_images) == ("auto", False)
    for given, images in [('"halfblock"', "halfblock"), ('"OFF"', "off"), ("false", "off")]:
        assert load_config(write(tmp_path, f"images = {given}\n"))[0].images == images
    on = load_config(write(tmp_path, "fetch_remote_images = true\n"))[0]
    assert on.fetch_remote_images is True


def test_auto_read_delay_off_and_zero(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, "auto_read_delay = false\n"))[0].auto_read_delay is None
    assert load_config(write(tmp_path, "auto_read_delay = 0\n"))[0].auto_read_delay == 0.0
    assert load_config(write(tmp_path, "auto_read_delay = 3\n"))[0].auto_read_delay == 3.0


@pytest.mark.parametrize(
    ("text", "setting", "field", "default"),
    [
        ("vault = 3", "vault", "vault", None),
        ('vault = "notes"', "vault", "vault", None),
        ('vault = "  "', "vault", "vault", None),
        ("theme = 1", "theme", "theme", DEFAULT_THEME),
        ('theme = ""', "theme", "theme", DEFAULT_THEME),
        ('theme = "a\\u001b[31m"', "theme", "theme", DEFAULT_THEME),
        ('keys = "S"', "keys", "keys", {}),
        ("auto_read_delay = -1", "auto_read_delay", "auto_read_delay", None),
        ('auto_read_delay = "2"', "auto_read_delay", "auto_read_delay", None),
        ("auto_read_delay = true", "auto_read_delay", "auto_read_delay", None),
        ("auto_read_delay = inf", "auto_read_delay", "auto_read_delay", None),
        ("auto_read_delay = nan", "auto_read_delay", "auto_read_delay", None),
        ("include = [1, 2]", "include", "include", ()),
        ('include = ["ok", ""]', "include", "include", ()),
        ("exclude = {a = 1}", "exclude", "exclude", ()),
        ("max_text_width = 5", "max_text_width", "max_text_width", DEFAULT_TEXT_WIDTH),
        ('max_text_width = "wide"', "max_text_width", "max_text_width", DEFAULT_TEXT_WIDTH),
        ("max_text_width = 80.5", "max_text_width", "max_text_width", DEFAULT_TEXT_WIDTH),
        ('images = "sixel"', "images", "images", "auto"),
        ("images = true", "images", "images", "auto"),
        ('fetch_remote_images = "yes"', "fetch_remote_images", "fetch_remote_images", False),
    ],
)
def test_a_bad_value_is_named_and_the_default_used(
    tmp_path: Path, text: str, setting: str, field: str, default: object
) -> None:
    path = write(tmp_path, f"{text}\n")
    config, messages = load_config(path)
    assert len(messages) == 1, messages
    assert messages[0].startswith(f"{path}: {setting}: ")
    assert messages[0].endswith("using the default")
    value = getattr(config, field)
    assert (dict(value) if field == "keys" else value) == default


def test_other_settings_survive_a_bad_one(tmp_path: Path) -> None:
    path = write(tmp_path, 'theme = "nord"\nauto_read_delay = "soon"\ninclude = ["a/*"]\n')
    config, messages = load_config(path)
    assert config.theme == "nord"
    assert config.include == ("a/*",)
    assert config.auto_read_delay is None
    assert len(messages) == 1


def test_bad_key_entries_are_dropped_one_by_one(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[keys]
star = "S"
quit = ""
"bad action" = "x"
open = "a b"
copy = 3
read = "S"
help = "\\u0007"
""",
    )
    config, messages = load_config(path)
    assert dict(config.keys) == {"star": "S", "read": "S"}
    text = "\n".join(messages)
    assert "keys.quit: expected a key" in text
    assert "keys: 'bad action' is not an action id" in text
    assert "keys.open: expected a key" in text
    assert "keys.copy: expected a key" in text
    assert "keys.help: expected a key" in text
    assert "keys: 'S' is given to both 'star' and 'read'" in text
    assert len(messages) == 6


def test_unknown_settings_are_named_with_a_hint(tmp_path: Path) -> None:
    config, messages = load_config(write(tmp_path, 'thme = "nord"\nfoo = 1\n'))
    assert config == Config()
    assert messages == [
        f"{tmp_path / 'config.toml'}: unknown setting 'thme' ignored (did you mean 'theme'?)",
        f"{tmp_path / 'config.toml'}: unknown setting 'foo' ignored",
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('theme = "nord', "is not valid TOML"),
        ("theme = nord\n", "is not valid TOML"),
        ("[keys]\n[keys]\n", "is not valid TOML"),
        (b"theme = '\xff\xfe'\n", "is not UTF-8 text"),
    ],
)
def test_a_broken_file_gives_one_message_and_the_defaults(
    tmp_path: Path, content: str | bytes, expected: str
) -> None:
    config, messages = load_config(write(tmp_path, content))
    assert config == Config()
    assert len(messages) == 1
    assert expected in messages[0]
    assert messages[0].endswith("using defaults")


def test_an_unreadable_file_gives_a_message(tmp_path: Path) -> None:
    folder = tmp_path / "config.toml"
    folder.mkdir()
    config, messages = load_config(folder)
    assert config == Config()
    assert messages[0].startswith(f"cannot read {folder}")


def test_messages_carry_no_control_characters(tmp_path: Path) -> None:
    path = write(tmp_path, '"\\u001b]0;pwned\\u0007" = 1\n')
    _, messages = load_config(path)
    assert len(messages) == 1
    assert not any(ord(char) < 32 for char in messages[0])
