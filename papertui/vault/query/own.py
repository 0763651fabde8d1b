"""Your annotations and tags as an index sees them: text for bare words, ``note:``, ``tag:``."""

from __future__ import annotations

from collections.abc import Mapping

from papertui.vault.query.fold import fold
from papertui.vault.query.language import Mode, normalise, normalise_tag
from papertui.vault.query.text import FIELD, anchored_pattern
from papertui.vault.state.annotations import OwnLayer


class OwnColumns:
    """One snapshot of your layer, by position in an index (only the papers you touched)."""

    def __init__(self, layer: OwnLayer, positions: Mapping[str, int]) -> None:
        self.layer = layer
        self.notes: dict[int, str] = {}
        """Position -> your annotation, normalised (`` word word ``)."""
        self.extra: dict[int, str] = {}
        """Position -> your annotation and tags, normalised: what bare words search too."""
        self.tags: dict[str, set[int]] = {}
        """Your tag, normalised -> the positions of its papers."""
        for key in layer.touched():
            position = positions.get(key)
            if position is None:
                continue
            note = " ".join(normalise(layer.text(key)).split())  # (Markdown marks fold away)
            tags = layer.user_tags(key)
            if note:
                self.notes[position] = f" {note} "
            for tag in tags:
                self.tags.setdefault(normalise_tag(tag), set()).add(position)
            extra = " ".join(filter(None, (note, normalise(" ".join(tags)).strip())))
            if extra:
                self.extra[position] = extra

    def noted(self, value: str, mode: Mode) -> set[int]:
        """The positions whose annotation has ``value`` (normalised) in it, or starts or ends
        with it (``mode``)."""
        if mode in (Mode.CONTAINS, Mode.FUZZY):
            return {i for i, text in self.notes.items() if value in text}
        search = anchored_pattern(value, mode).search
        return {i for i, text in self.notes.items() if search(text)}

    def texts(self, base: list[str]) -> list[str]:
        """The index's texts with yours added as a last field (a copy; ``base`` as it was)."""
        if not self.extra:
            return base
        texts = base.copy()
        for position, extra in self.extra.items():
            texts[position] = f"{base[position]}{FIELD} {extra} "
        return texts

    def folded(self, base: list[str]) -> list[str]:
        """The index's folded texts with yours added, folded (a copy)."""
        if not self.extra:
            return base
        folded = base.copy()
        for position, extra in self.extra.items():
            folded[position] = f"{base[position]}{FIELD}{fold(extra)}"
        return folded
