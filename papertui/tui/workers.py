"""The reader's workers: which are still at work, and what to say of one that failed."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.worker import Worker, WorkerState

from papertui.vault.sanitize import clean_line

WATCH_GROUP = "watch"
"""The worker group of the vault's watcher: it runs as long as the reader does."""


def worker_failure(event: Worker.StateChanged) -> str | None:
    """What to say of a worker that raised (a bug: say so rather than sit there silently)."""
    if event.state is not WorkerState.ERROR:
        return None
    error = event.worker.error
    return clean_line(f"{event.worker.group} failed: {type(error).__name__}: {error}")


def busy_workers(app: App[Any]) -> list[Worker[Any]]:
    """The app's workers still at work, but for the vault's watcher (it never ends by itself)."""
    return [
        worker
        for worker in app.workers
        if worker.state in (WorkerState.PENDING, WorkerState.RUNNING)
        and worker.group != WATCH_GROUP
    ]
