"""Local images drawn with half blocks: proportions kept, cached, a bad file said in a line."""

from __future__ import annotations

from pathlib import Path

from papertui.tui.pane_images import MAX_ROWS, draw_image
from papertui.tui.rendering import Look, render_section
from papertui.vault.scan import scan
from tests.tui.pane_notes import write_pane_vault


def test_a_figure_is_drawn_in_half_blocks_with_its_colours(tmp_path: Path) -> None:
    root = write_pane_vault(tmp_path / "v")
    drawn = draw_image(root / "assets" / "images" / "bars.png", 40)
    assert drawn.problem is None
    assert len(drawn.lines) == 10  # 40 cells wide, 64x32 pixels: 20 pixel rows, 2 a cell
    assert all(line.cell_length == 40 for line in drawn.lines)
    assert {segment.text for line in drawn.lines for segment in line} <= {
        "▀" * n for n in range(41)
    }
    colours = {
        segment.style.bgcolor.triplet
        for line in drawn.lines
        for segment in line
        if segment.style is not None and segment.style.bgcolor is not None
    }
    assert (255, 255, 255) in colours
    assert len(colours) >= 4
    assert draw_image(root / "assets" / "images" / "bars.png", 40) is drawn  # cached


def test_a_tall_image_is_kept_short_and_a_tiny_one_small(tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (10, 400), "black").save(tmp_path / "tall.png")
    Image.new("RGB", (6, 4), "black").save(tmp_path / "tiny.png")
    assert len(draw_image(tmp_path / "tall.png", 80).lines) == MAX_ROWS
    tiny = draw_image(tmp_path / "tiny.png", 80)
    assert tiny.lines[0].cell_length == 6


def test_a_broken_image_says_so(tmp_path: Path) -> None:
    (tmp_path / "broken.png").write_bytes(b"\x89PNG not really")
    assert (
        draw_image(tmp_path / "broken.png", 40).problem
        == "cannot be drawn (UnidentifiedImageError)"
    )
    assert draw_image(tmp_path / "none.png", 40).problem


def test_the_section_draws_the_figure_under_its_caption_and_says_what_is_missing(
    tmp_path: Path,
) -> None:
    root = write_pane_vault(tmp_path / "v")
    papers = {paper.title: paper for paper in scan(root).papers}
    body = render_section(papers["Bar Charts Drawn by Hand"], root, 60, Look({}))
    [(start, end, path)] = body.figures
    assert path == root / "assets" / "images" / "bars.png"
    assert body.lines[start].text.startswith("▀")
    assert body.lines[end].text.startswith("图 0 · bars.png")
    gone = render_section(papers["A Figure That Went Missing"], root, 60, Look({}))
    said = [line.text.strip() for line in gone.lines if "missing" in line.text]
    assert said == ["图 1 (missing): assets/images/gone.png"]
    assert gone.figures == ()
