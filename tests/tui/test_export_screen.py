"""The export dialog, driven with Pilot inside a minimal host app."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, RadioButton, RadioSet, Static

from papertui.tui.screens.export import ExportScreen, default_file_name
from papertui.vault.export import export
from papertui.vault.flags import FixedFlags
from papertui.vault.paper import Paper
from tests.export_support import make_paper, read_bib

STARRED = [
    make_paper("Starred One", authors=("Ann Lee",), arxiv_id="2409.00001"),
    make_paper("Starred Two", authors=("Bo Chen",)),
]
VISIBLE = [
    *STARRED,
    make_paper("Visible Three", authors=("Cy Dee",), arxiv_id="2409.00003"),
]
FLAGS = FixedFlags.of(starred={paper.key for paper in STARRED})


class Host(App[None]):
    """Pushes the dialog at once and records what it dismissed with."""

    def __init__(
        self, folder: Path, *, starred: Sequence[Paper] = STARRED, vault: str = "notes"
    ) -> None:
        super().__init__()
        self.dialog = ExportScreen(starred, VISIBLE, FLAGS, vault, folder=folder)
        self.results: list[Path | None] = []

    def on_mount(self) -> None:
        self.push_screen(self.dialog, self.exported)

    def exported(self, path: Path | None) -> None:
        self.results.append(path)
        if path is not None:
            self.notify(f"Exported to {path}", markup=False)


def _status(app: Host) -> str:
    return str(app.dialog.query_one("#export-status", Static).visual)


def _destination(app: Host) -> Input:
    return app.dialog.query_one("#export-destination", Input)


async def _settle(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _choose(pilot: Pilot[None], radio_set: str, name: str) -> None:
    app = pilot.app
    assert isinstance(app, Host)
    buttons = list(app.dialog.query_one(f"#{radio_set}", RadioSet).query(RadioButton))
    await pilot.click(next(button for button in buttons if button.name == name))
    await pilot.pause()


async def test_enter_writes_the_starred_papers_as_bibtex(tmp_path: Path) -> None:
    app = Host(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert _destination(app).has_focus
        assert _destination(app).value == str(tmp_path / "notes-starred.bib")
        assert _status(app) == "2 papers will be written."
        await pilot.press("enter")
        await _settle(pilot)
        target = tmp_path / "notes-starred.bib"
        assert app.results == [target]
        assert target.read_text() == export(STARRED, "bibtex", FLAGS)
        assert [entry.key for entry in read_bib(target.read_text())] == [
            "lee2024starred",
            "chen2024starred",
        ]
        assert [n.message for n in app._notifications] == [f"Exported to {target}"]
        assert app.screen is not app.dialog


async def test_format_and_selection_follow_in_the_file_name(tmp_path: Path) -> None:
    app = Host(tmp_path)
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.pause()
        await _choose(pilot, "export-format", "json")
        assert _destination(app).value == str(tmp_path / "notes-starred.json")
        await _choose(pilot, "export-what", "visible")
        assert _destination(app).value == str(tmp_path / "notes-visible.json")
        assert _status(app) == "3 papers will be written."
        await pilot.click("#export-write")
        await _settle(pilot)
        document = json.loads((tmp_path / "notes-visible.json").read_text())
        assert [r["title"] for r in document["papers"]] == [p.title for p in VISIBLE]
        assert [r["starred"] for r in document["papers"]] == [True, True, False]


async def test_keyboard_choice_of_ids_counts_what_is_left_out(tmp_path: Path) -> None:
    app = Host(tmp_path)
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.pause()
        app.dialog.query_one("#export-format", RadioSet).focus()
        await pilot.press("up", "space")  # from BibTeX round to the last: arXiv ids
        await pilot.pause()
        assert _destination(app).value == str(tmp_path / "notes-starred.txt")
        assert _status(app) == "1 paper will be written. 1 without an arXiv id are left out."
        _destination(app).focus()
        await pilot.press("enter")
        await _settle(pilot)
        assert (tmp_path / "notes-starred.txt").read_text() == "arXiv:2409.00001\n"


async def test_markdown_offers_grouping(tmp_path: Path) -> None:
    app = Host(tmp_path)
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.pause()
        grouping = app.dialog.query_one("#export-grouping")
        assert not grouping.display
        await _choose(pilot, "export-format", "markdown")
        assert grouping.display
        await _choose(pilot, "export-group-by", "day")
        await pilot.click("#export-write")
        await _settle(pilot)
        text = (tmp_path / "notes-starred.md").read_text()
        assert text == export(STARRED, "markdown", FLAGS, group_by="day")
        assert "grouped by day" in text


async def test_a_typed_destination_is_kept_and_relative_to_the_folder(tmp_path: Path) -> None:
    app = Host(tmp_path)
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.pause()
        _destination(app).value = "mine.bib"
        await _choose(pilot, "export-format", "csv")
        assert _destination(app).value == "mine.bib"
        _destination(app).focus()
        await pilot.press("enter")
        await _settle(pilot)
        assert app.results == [tmp_path / "mine.bib"]
        assert (tmp_path / "mine.bib").read_text().startswith("key,title,")


async def test_an_existing_file_is_overwritten_only_after_a_second_enter(tmp_path: Path) -> None:
    target = tmp_path / "notes-starred.bib"
    target.write_text("precious")
    app = Host(tmp_path)
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await _settle(pilot)
        assert target.read_text() == "precious"
        assert app.results == []
        assert _status(app) == f"{target} exists: press Enter again to overwrite it."
        assert app.dialog.query_one("#export-status").has_class("-warning")
        # Editing the destination withdraws the offer, even back to the same name.
        await pilot.press("end", "x", "backspace")
        assert _status(app) == "2 papers will be written."
        await pilot.press("enter")
        await _settle(pilot)
        assert target.read_text() == "precious"
        assert "exists" in _status(app)
        await pilot.press("enter")
        await _settle(pilot)
        assert app.results == [target]
        assert target.read_text() == export(STARRED, "bibtex", FLAGS)


async def test_escape_cancels_and_writes_nothing(tmp_path: Path) -> None:
    app = Host(tmp_path)
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None]
        assert list(tmp_path.iterdir()) == []


async def test_an_unwritable_destination_is_reported(tmp_path: Path) -> None:
    app = Host(tmp_path)
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.pause()
        _destination(app).value = str(tmp_path / "no" / "such" / "x.bib")
        await pilot.press("enter")
        await _settle(pilot)
        assert app.results == []
        assert _status(app).startswith(f"Cannot write {tmp_path / 'no' / 'such' / 'x.bib'}:")
        assert app.dialog.query_one("#export-status").has_class("-error")


async def test_nothing_to_export(tmp_path: Path) -> None:
    app = Host(tmp_path, starred=[])
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.pause()
        # No starred papers: the dialog offers the visible list.
        assert _destination(app).value.endswith("notes-visible.bib")
        await _choose(pilot, "export-what", "starred")
        assert _status(app) == "Nothing to export."
        _destination(app).focus()
        await pilot.press("enter")
        await _settle(pilot)
        assert app.results == []
        assert list(tmp_path.iterdir()) == []


async def test_vault_names_are_data_not_markup(tmp_path: Path) -> None:
    vault = "[bold]x[/] [@click=app.quit]q\x1b]0;t\x07"
    app = Host(tmp_path, vault=vault)
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.pause()
        title = str(app.dialog.query_one("#export-title", Static).visual)
        assert title == "Export from [bold]x[/] [@click=app.quit]q]0;t"
        assert _destination(app).value == str(
            tmp_path / default_file_name(vault, "starred", "bibtex")
        )
        assert (
            default_file_name(vault, "starred", "bibtex")
            == "bold-x-click-app.quit-q-0-t-starred.bib"
        )
        await pilot.press("enter")
        await _settle(pilot)
        assert app.is_running
        assert app.results[0] is not None
