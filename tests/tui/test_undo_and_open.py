"""Undo goes back to the paper it changes; U lists the changes; links open or say why not."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from papertui.config import Config
from papertui.tui.opener import open_link, opener_argv
from papertui.tui.screens.confirm import ConfirmScreen
from papertui.tui.screens.undo import UndoHistoryScreen
from papertui.vault.flags import Flag
from tests.tui.pilot import reader, wait_until


async def test_undo_returns_the_cursor_to_the_paper_it_changed(vault: Path) -> None:
    async with reader(vault) as r:
        first = r.current_title()
        await r.press("s", "j", "j", "j")
        assert r.current_title() != first
        await r.press("z")
        assert r.current_title() == first
        store = r.main.store
        assert store is not None
        assert not store.keys_with(Flag.STARRED)


async def test_capital_u_lists_the_undo_history_and_goes_to_a_paper(vault: Path) -> None:
    async with reader(vault) as r:
        titles = [r.current_title()]
        await r.press("s", "j")
        titles.append(r.current_title())
        await r.press("r", "j", "j")
        await r.press("U")
        history = r.top
        assert isinstance(history, UndoHistoryScreen)
        lines = [str(batch.describe()) for batch in history.history]
        assert lines == ["1 paper marked read", "1 paper starred"]
        await r.press("j", "enter")  # the older change: the starred paper
        assert r.on_top(r.main)
        assert r.current_title() == titles[0]
        await r.press("U", "escape")
        assert r.on_top(r.main)


def test_an_opener_template_takes_the_url_or_gets_it_appended() -> None:
    assert opener_argv("firefox --new-tab {url}", "https://x.org/a b") == [
        "firefox",
        "--new-tab",
        "https://x.org/a b",
    ]
    assert opener_argv("open -a 'Safari'", "https://x.org") == [
        "open",
        "-a",
        "Safari",
        "https://x.org",
    ]
    with pytest.raises(ValueError, match="empty"):
        opener_argv("  ", "u")


def test_open_link_says_why_nothing_opened(tmp_path: Path) -> None:
    out = tmp_path / "opened"
    script = f"import sys; open({str(out)!r}, 'w').write(sys.argv[1])"
    assert open_link("https://x.org/1", f"{sys.executable} -c {script!r} {{url}}") is None
    assert out.read_text() == "https://x.org/1"
    assert open_link("https://x.org", "false") == "false exited with status 1"
    problem = open_link("https://x.org", "/no/such/opener {url}")
    assert problem is not None
    assert problem.startswith("/no/such/opener: ")


async def test_when_nothing_opens_the_reader_offers_to_copy_the_link(vault: Path) -> None:
    async with reader(vault, config=Config(opener="false {url}")) as r:
        await r.press("o")
        await wait_until(r, lambda: isinstance(r.top, ConfirmScreen), "the offer to copy")
        await r.press("y")
        assert r.on_top(r.main)
        assert r.app.clipboard.startswith("https://arxiv.org/abs/")


async def test_o_on_a_paper_without_a_link_says_so(vault: Path) -> None:
    async with reader(vault, config=Config(opener="false {url}")) as r:
        await r.press("G")  # a Dendron paper: no links at all
        await r.press("o")
        notices = [n.message for n in r.app._notifications]
        assert any("No abstract link in this note" in message for message in notices)
        assert r.on_top(r.main)
