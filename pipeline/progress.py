"""Progress bars on stderr (rich), for the narration and the batch: one helper, refreshed by hand.

No refresh thread: synthesis forks the process that shows the bar. When ``enabled`` is false (or
stderr is not a terminal) every call does nothing.
"""

from __future__ import annotations

import sys


class Bars:
    """Named bars: ``Bars(on, {"synth": ("synthesising", 40)}, unit="sentences")``."""

    def __init__(self, enabled: bool, bars: dict[str, tuple[str, int]], *, label: str = "", unit: str = "",
                 elapsed: bool = False, status: bool = False, transient: bool = False):
        self.progress = None
        self.tasks: dict[str, int] = {}
        if not (enabled and sys.stderr.isatty()):
            return
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                                   TimeRemainingColumn)

        columns = [TextColumn(label or "{task.description}"), BarColumn(), MofNCompleteColumn()]
        columns += [TextColumn(unit)] if unit else []
        columns += [TimeElapsedColumn(), TextColumn("ETA")] if elapsed else []
        columns += [TimeRemainingColumn()]
        columns += [TextColumn("{task.description}")] if status else []
        self.progress = Progress(*columns, console=Console(stderr=True), auto_refresh=False, transient=transient)
        self.progress.start()
        self.tasks = {name: self.progress.add_task("" if status else text, total=total)
                      for name, (text, total) in bars.items()}
        self.progress.refresh()

    @property
    def shown(self) -> bool:
        return self.progress is not None

    def advance(self, name: str, description: str | None = None) -> None:
        if self.progress is not None:
            kw = {"description": description} if description is not None else {}
            self.progress.update(self.tasks[name], advance=1, **kw)
            self.progress.refresh()

    def describe(self, name: str, description: str) -> None:
        if self.progress is not None:
            self.progress.update(self.tasks[name], description=description)
            self.progress.refresh()

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()
