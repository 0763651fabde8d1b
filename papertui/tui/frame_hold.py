"""One frame for a move through the list: the screen's updates held until the pane has its paper."""

from __future__ import annotations

from contextlib import ExitStack

from textual.timer import Timer
from textual.widget import Widget

HOLD_LIMIT = 0.1
"""Seconds a hold lasts at most, whatever happens to the paper on its way to the pane."""


class FrameHold:
    """Holds the app's screen updates (``App.batch_update``) from a move of the list's
    cursor until the paper pane has the paper it moved to, so that the cursor and the
    paper reach the terminal in one frame.

    Textual composes a frame as soon as the screen is idle with a widget to repaint.
    The list's repaint reaches the screen at once; the paper reaches the pane by
    message (list, screen, pane), a few hops later: without the hold, a ``j`` is two
    frames, the cursor's and then the paper's, each about 20 ms on a loaded machine.
    The holder releases the hold when the pane has painted (or will not paint at
    once: a render still to run); it ends by itself after ``limit`` seconds.
    """

    def __init__(self, owner: Widget, limit: float = HOLD_LIMIT) -> None:
        self._owner = owner
        self._limit = limit
        self._batch: ExitStack | None = None
        self._timer: Timer | None = None

    @property
    def held(self) -> bool:
        """The screen's updates wait for a release."""
        return self._batch is not None

    def hold(self) -> None:
        """Hold the updates (again: nothing more; the first hold's limit stands)."""
        if self._batch is not None:
            return
        app = self._owner.app
        batch = ExitStack()
        batch.enter_context(app.batch_update())
        self._batch = batch
        self._timer = self._owner.set_timer(self._limit, self.release, name="frame-hold")

    def release(self) -> None:
        """Let the screen compose its frame now, with everything repainted meanwhile."""
        batch, self._batch = self._batch, None
        if batch is None:
            return
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        batch.close()
        # The end of a batch prompts the app, not the screen: the screen composes a frame
        # when it is next idle, which may not come by itself if every update is in.
        self._owner.screen.check_idle()
