"""The text model in the reader: similar papers (``m``) and the For-you ranking, made in workers.

The model of the vault's papers is made when first needed (a key, a
``similar:`` filter, or enough liked papers for For you), loaded from beside
the index cache when the vault's text is unchanged. The ranking is made again
in a worker once flag changes pause; the keys never wait for either.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from textual.dom import DOMNode
from textual.timer import Timer
from textual.worker import get_current_worker

from papertui.session import Session
from papertui.tui.filtering import FOR_YOU_SHOWN, Sort, for_you_wants
from papertui.tui.messages import GoToPaper
from papertui.tui.widgets.for_you_reason import ForYouReason
from papertui.vault.flags import Flags
from papertui.vault.paper import Paper
from papertui.vault.query import PaperIndex
from papertui.vault.similar import (
    MIN_LIKED,
    ForYou,
    Similarity,
    liked_keys,
    recommend,
    similar_path,
)

RETRAIN_DELAY = 0.5
"""Seconds of quiet after a flag change before the ranking is made again."""
FOR_YOU_GROUP = "for-you"
SIMILAR_GROUP = "similar"
SLOW_SEARCH = 1.0
"""Seconds before ``m`` says it is still making the vault's text model."""
MAKING = "Finding similar papers: reading the vault's text once (it is kept for next time)…"


class Recommendations:
    """The vault's text model and the For-you ranking, for the screen that owns it.

    Args:
        node: Runs the workers and timers (the main screen).
        session: The vault and its globs (the model is kept beside their index cache).
        ranked: Called on the UI thread with each new ranking.
    """

    def __init__(self, node: DOMNode, session: Session, ranked: Callable[[ForYou], None]) -> None:
        self._node = node
        self._path: Path | None = similar_path(session.vault, session.include, session.exclude)
        self._ranked = ranked
        self._model: Similarity | None = None
        self._flags: Flags | None = None
        self._timer: Timer | None = None
        self.ranking: ForYou | None = None
        """The newest ranking (None until one is made)."""
        self._highlighted: Paper | None = None
        self.reason = ForYouReason(id="for-you-reason")
        """Says why the highlighted paper is recommended (composed by the screen)."""

    def vault_read(self, index: PaperIndex, *, final: bool) -> None:
        """Give ``index`` the model of its papers; after a whole scan, rank again."""
        if final and (self._model is None or self._model.papers is not index.papers):
            self._model = Similarity(index.papers, self._path)
            self._retrain_soon(delay=0)
        if self._model is not None and self._model.papers is index.papers:
            index.similarity = self._model

    def flags_changed(self, flags: Flags) -> None:
        """The state loaded, or flags changed (here or in another papertui): rank again once
        they pause."""
        self._flags = flags
        self._retrain_soon(delay=RETRAIN_DELAY)

    def _retrain_soon(self, *, delay: float) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self._node.set_timer(delay, self._retrain) if delay else None
        if not delay:
            self._retrain()

    def _retrain(self) -> None:
        self._timer = None
        model, flags = self._model, self._flags
        if model is None or flags is None:
            return
        if not model.ready and len(liked_keys(flags)) < MIN_LIKED:
            # Too few liked papers: say so without making the model yet.
            self._ranked_now(ForYou(liked=tuple(liked_keys(flags))))
            return
        self._node.run_worker(
            partial(self._train, model, flags),
            thread=True,
            exclusive=True,
            group=FOR_YOU_GROUP,
            exit_on_error=False,
        )

    def _train(self, model: Similarity, flags: Flags) -> None:
        ranking = recommend(model.vectors(), flags)
        if not get_current_worker().is_cancelled:
            self._node.app.call_from_thread(self._ranked_now, ranking)

    def _ranked_now(self, ranking: ForYou) -> None:
        self.ranking = ranking
        self._ranked(ranking)
        self.highlighted(self._highlighted)

    def highlighted(self, paper: Paper | None) -> None:
        """Say why ``paper`` (the one highlighted now) is recommended, if it is."""
        self._highlighted = paper
        self.reason.show(self.reasons(paper))

    def reasons(self, paper: Paper | None) -> list[str]:
        """The titles of the liked papers ``paper`` is recommended for (none if it is not)."""
        ranking, model = self.ranking, self._model
        if paper is None or ranking is None or model is None:
            return []
        if ranking.place(paper.key) >= FOR_YOU_SHOWN:  # only the recommendations the entry lists
            return []
        return [_title(key, ranking, model.papers) for key in ranking.because(paper.key)]

    def sort_chosen(self, sort: Sort) -> None:
        """Say what For you needs when it is chosen without enough liked papers."""
        if sort is Sort.FOR_YOU and (wanting := for_you_wants(self.ranking)):
            self._node.app.notify(f"{wanting}.", timeout=4)

    def show_similar(self, index: PaperIndex, paper: Paper | None) -> None:
        """Show the papers most like ``paper`` (found in a worker); the one chosen is gone to."""
        from papertui.tui.screens.similar import SimilarScreen

        if paper is None:
            return
        papers = index.papers
        keys = index.keys()
        # Making the model of a big vault takes a while, the first time: say so then.
        slow = self._node.set_timer(SLOW_SEARCH, partial(self._node.app.notify, MAKING, timeout=4))

        def found(neighbours: list[tuple[str, float]]) -> None:
            slow.stop()
            where = index.positions(key for key, _ in neighbours)
            by_key = {keys[i]: papers[i] for i in where}
            rows = [(by_key[key], score) for key, score in neighbours if key in by_key]
            self._node.app.push_screen(SimilarScreen(paper, rows), self._go_to)

        self.find_similar(index, paper, found)

    def _go_to(self, paper: Paper | None) -> None:
        if paper is not None:
            self._node.post_message(GoToPaper(paper))

    def find_similar(
        self, index: PaperIndex, paper: Paper, found: Callable[[list[tuple[str, float]]], None]
    ) -> None:
        """Look for the papers most like ``paper`` in a worker; ``found`` gets them."""

        def look() -> None:
            neighbours = index.similar_to(paper.key)
            if not get_current_worker().is_cancelled:
                self._node.app.call_from_thread(found, neighbours)

        self._node.run_worker(
            look, thread=True, exclusive=True, group=SIMILAR_GROUP, exit_on_error=False
        )


def _title(key: str, ranking: ForYou, papers: Sequence[Paper]) -> str:
    """The title of the paper ``key`` (its key if it is not among ``papers``).

    The vectors' rows follow the papers they were made of: one lookup, not a
    map of every title (127,000 papers: 70-160 ms on the UI thread).
    """
    row = None if ranking.vectors is None else ranking.vectors.row_of(key)
    if row is not None and row < len(papers) and papers[row].key == key:
        return papers[row].title
    return key
