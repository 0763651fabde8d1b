"""How the pane draws images: chosen per config and terminal, Kitty and Sixel in real pixels."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.strip import Strip

from papertui import cli
from papertui.config import Config
from papertui.session import Session
from papertui.tui import graphics
from papertui.tui.graphics import Graphics, ImageSettings, choose_graphics
from papertui.tui.pane_images import draw_image
from papertui.tui.rendering import Body, Look, render_section
from papertui.tui.terminal_images import SixelPicture, draw_kitty, draw_sixel
from papertui.tui.widgets.pane_figures import PaneFigures
from papertui.vault.scan import scan
from tests.tui.pane_notes import write_pane_vault
from tests.tui.pilot import reader, text

BARS = "Bar Charts Drawn by Hand"


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return write_pane_vault(tmp_path / "v")


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The terminal queries made (each answers Kitty)."""
    calls: list[str] = []

    def answer() -> Graphics:
        calls.append("asked")
        return Graphics.KITTY

    monkeypatch.setattr(graphics, "query_terminal", answer)
    return calls


def test_the_config_and_the_terminal_choose_how_images_are_drawn(asked: list[str]) -> None:
    assert choose_graphics("auto", terminal=True) is Graphics.KITTY
    assert asked == ["asked"]
    assert choose_graphics("auto", terminal=False) is Graphics.HALFBLOCK  # a pipe, a test
    assert choose_graphics("halfblock", terminal=True) is Graphics.HALFBLOCK
    assert choose_graphics("off", terminal=True) is Graphics.OFF
    assert asked == ["asked"]  # only "auto" on a terminal asks


@pytest.mark.parametrize(
    ("found", "expected"),
    [("SixelImage", Graphics.SIXEL), ("TGPImage", Graphics.KITTY), ("HalfcellImage", "half")],
)
def test_the_terminal_s_answer_names_the_protocol(
    monkeypatch: pytest.MonkeyPatch, found: str, expected: str
) -> None:
    from textual_image import renderable

    monkeypatch.setattr(renderable, "Image", getattr(renderable, found))
    assert graphics.query_terminal() == (Graphics.HALFBLOCK if expected == "half" else expected)


def test_the_reader_asks_the_terminal_only_when_it_is_one(
    monkeypatch: pytest.MonkeyPatch, asked: list[str]
) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False, raising=False)
    assert cli._graphics("auto") is Graphics.HALFBLOCK
    assert asked == []


def test_the_session_s_graphics_or_the_config_s_choice_reach_the_pane() -> None:
    root = Path("/v")
    assert ImageSettings.of(Session.open(root)) == ImageSettings(Graphics.HALFBLOCK, False)
    off = Session.open(root, config=Config(images="off", fetch_remote_images=True))
    assert ImageSettings.of(off) == ImageSettings(Graphics.OFF, True)
    sixel = Session(root, root / "s.json", graphics=Graphics.SIXEL)
    assert ImageSettings.of(sixel).graphics is Graphics.SIXEL


def test_kitty_places_the_image_in_placeholder_cells_sent_once(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual_image.renderable import tgp

    sent: list[dict[str, object]] = []
    monkeypatch.setattr(tgp, "_send_tgp_message", lambda **message: sent.append(message))
    draw_kitty.cache_clear()
    bars = vault / "assets" / "images" / "bars.png"
    drawn = draw_image(bars, 40, Graphics.KITTY)
    assert drawn.problem is None
    assert 1 <= len(drawn.lines) <= 20
    assert all(line.cell_length == drawn.lines[0].cell_length <= 40 for line in drawn.lines)
    assert all(text(line).startswith(chr(0x10EEEE)) for line in drawn.lines)
    placed = [message for message in sent if message.get("a") == "p"]
    assert len(placed) == 1
    assert placed[0]["r"] == len(drawn.lines)
    assert draw_image(bars, 40, Graphics.KITTY) is drawn
    assert len([message for message in sent if message.get("a") == "p"]) == 1


def test_sixel_leaves_blank_lines_and_paints_the_part_in_view(tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (100, 400), "teal").save(tmp_path / "tall.png")
    draw_sixel.cache_clear()
    drawn = draw_image(tmp_path / "tall.png", 40, Graphics.SIXEL)
    picture = drawn.sixel
    assert isinstance(picture, SixelPicture)
    assert len(drawn.lines) == picture.rows == 20  # a 10x20-pixel cell (no terminal to ask)
    assert {text(line).strip() for line in drawn.lines} == {""}
    assert picture.data(0, picture.rows).startswith("\x1bP")
    figures = PaneFigures()
    figures.show(3, Body([Strip([])] * 40, sixels=((2, picture),)))
    region = Region(10, 5, 60, 4)  # four lines of the pane on screen, from line 4
    last_in_view = 4 + region.height - 1
    assert figures.covers(5)
    assert figures.sixel_line(5, 4, region, Look({})["muted"]) is None  # not its last in view
    painted = figures.sixel_line(last_in_view, 4, region, Look({})["muted"])
    assert painted is not None
    said = text(painted)
    # From its first line in view (pane line 5: the screen's sixth, 1-based 7th), its first
    # three rows (lines 5 to 7), then back to the line painted.
    assert said.index("\x1b[7;11H") < said.index(picture.data(0, 3)) < said.index("\x1b[9;71H")


def test_images_off_say_their_name_and_stay_openable(vault: Path) -> None:
    papers = {paper.title: paper for paper in scan(vault).papers}
    off = ImageSettings(Graphics.OFF)
    body = render_section(papers[BARS], vault, 60, Look({}), images=off)
    assert not any("▀" in line.text for line in body.lines)
    assert any(line.text.strip() == "图 0: bars.png (i opens it)" for line in body.lines)
    [(_, _, path)] = body.figures
    assert path == vault / "assets" / "images" / "bars.png"


async def test_the_pane_shows_an_image_block(vault: Path) -> None:
    async with reader(vault) as r:
        index = next(n for n, p in enumerate(r.paper_list.rows) if p.title == BARS)
        r.paper_list.move_to(index)
        await r.settle()
        start, end, _ = r.pane.figures.files[0]
        block = r.pane.lines[start:end]
        assert block
        assert all(set(text(line).strip()) == {"▀"} for line in block)
        painted = [text(r.pane.render_line(y)) for y in range(r.pane.size.height)]
        assert any("▀▀▀▀" in line for line in painted)
