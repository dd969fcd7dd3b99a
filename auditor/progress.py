"""Progress display: what the pipeline reports while it works, and two ways to show it.

The pipeline only calls a :class:`Reporter`; the CLI chooses rich bars on a terminal or silence
(``--quiet``, CI logs).
"""

from __future__ import annotations

import time
from typing import Protocol

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)


class Reporter(Protocol):
    def stage(self, name: str, total: int | None = None) -> None:
        """A new stage starts (crawl, analyse, score, report)."""

    def advance(self, done: int, total: int | None = None, detail: str = "") -> None:
        """Progress within the current stage."""

    def log(self, message: str) -> None:
        """A line worth showing the user (warnings, where output went)."""

    def close(self) -> None: ...


class QuietReporter:
    """Shows nothing but log lines (warnings), for CI."""

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console(stderr=True)

    def stage(self, name: str, total: int | None = None) -> None:
        pass

    def advance(self, done: int, total: int | None = None, detail: str = "") -> None:
        pass

    def log(self, message: str) -> None:
        self.console.print(message, markup=False, highlight=False)

    def close(self) -> None:
        pass


class RichReporter:
    """A progress bar per stage with counts and elapsed time; falls back to plain lines off a terminal."""

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console(stderr=True)
        self.progress = Progress(
            SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[detail]}", markup=False), TimeElapsedColumn(),
            console=self.console, transient=False,
        )
        self.task: int | None = None
        self.started = time.monotonic()
        self.progress.start()

    def stage(self, name: str, total: int | None = None) -> None:
        if self.task is not None:
            self.progress.update(self.task, detail="")
        self.task = self.progress.add_task(name, total=total, detail="")

    def advance(self, done: int, total: int | None = None, detail: str = "") -> None:
        if self.task is not None:
            self.progress.update(self.task, completed=done, total=total, detail=detail[-60:])

    def log(self, message: str) -> None:
        self.progress.console.print(message, markup=False, highlight=False)

    def close(self) -> None:
        self.progress.stop()
