"""Your layer in the paper pane: your tags in the header, your note under the section."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group
from rich.text import Text
from textual.strip import Strip

from papertui.tui.rendering import Look, render_lines, render_markdown
from papertui.vault.sanitize import clean_line, clean_text
from papertui.vault.state.annotations import Recovered, own_layer_of


@dataclass(frozen=True, slots=True)
class OwnView:
    """What the pane shows of your layer for one paper (a value: part of a render's key)."""

    annotation: str = ""
    tags: tuple[str, ...] = ()
    recovered: tuple[Recovered, ...] = ()


NOTHING = OwnView()


def own_view(flags: object, key: str) -> OwnView:
    """Your note, tags and kept older versions of the paper ``key``, from the state's snapshot."""
    layer = own_layer_of(flags)
    if layer is None or (key not in layer.annotations and key not in layer.tags):
        return NOTHING
    found = layer.annotations.get(key)
    return OwnView(layer.text(key), layer.user_tags(key), found.recovered if found else ())


def tags_line(tags: tuple[str, ...], look: Look) -> Text:
    """``✎ #mine #to-cite``: your tags, told apart from the note's."""
    line = Text("✎ ", style=look["state"])
    for tag in tags:
        line.append(f"#{clean_line(tag)}", style=look["state"])
        line.append(" ")
    return line


def render_own(own: OwnView, width: int, look: Look) -> list[Strip]:
    """The "Your note" block (your Markdown rendered, as data), and a word on kept versions."""
    if not own.annotation and not own.recovered:
        return []
    heading = Group(
        Text(""), Text("─" * width, style=look["rule"]), Text("Your note", style=look["h2"])
    )
    lines = render_lines(heading, width)
    if own.annotation:
        lines += render_markdown(clean_text(own.annotation), width, look)
    if own.recovered:
        newest = own.recovered[0].at[:16].replace("T", " ")
        count = len(own.recovered)
        what = "An older version" if count == 1 else f"{count} older versions"
        told = (
            f"{what} from another papertui (the newest of {newest} UTC) "
            f"{'was' if count == 1 else 'were'} kept: n, then ctrl+r, puts it back."
        )
        lines += render_lines(Text(told, style=look["muted"]), width)
    return lines
