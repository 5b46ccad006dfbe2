"""What the build shows while it works: on a terminal, a live overall bar (scenes done, plus the
running scenes' share of their animations) with the time left, and a line per running scene; in
a log or CI, plain lines only."""
from __future__ import annotations

import threading

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn, TimeRemainingColumn


class BuildProgress:
    """Progress of ``total`` scenes. ``expected[name]`` is how many animations a scene played last
    time (unknown scenes count as done only when they finish)."""

    def __init__(self, console: Console, total: int, expected: dict[str, int]):
        self.console, self.total, self.expected = console, total, expected
        self.live = console.is_terminal
        self.done = 0
        self.fraction: dict[str, float] = {}
        self._lock = threading.Lock()
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(),
                                 TextColumn("{task.fields[detail]}"), TimeElapsedColumn(), TimeRemainingColumn(),
                                 console=console, transient=True, disable=not self.live)
        self.overall: TaskID = self.progress.add_task("lesson", total=max(total, 1), detail=f"0/{total} scenes")
        self.tasks: dict[str, TaskID] = {}

    def __enter__(self) -> "BuildProgress":
        self.progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.stop()

    def line(self, text: str) -> None:
        """A line that stays (above the live bars on a terminal)."""
        self.console.print(text, markup=False, highlight=False)

    def started(self, name: str, where: str = "") -> None:
        """A scene's render has started (on the cluster: on worker ``where``; again elsewhere after a
        worker was lost)."""
        with self._lock:
            if name in self.tasks:
                self.progress.remove_task(self.tasks.pop(name))
            self.fraction.pop(name, None)
            self.tasks[name] = self.progress.add_task(f"  {name}" + (f" on {where}" if where else ""),
                                                      total=self.expected.get(name) or None, detail="rendering")
            self._refresh()
        if where and not self.live:  # a log says which worker renders what
            self.line(f"  → {name}: rendering on {where}")

    def publishing(self, name: str) -> None:
        """A scene's render came back from the cluster: its outputs are being made here."""
        with self._lock:
            if name in self.tasks:
                self.progress.update(self.tasks[name], description=f"  {name}", detail="publishing")

    def on_worker(self, name: str, worker: str, done: int) -> None:
        """An event from a cluster's worker: a render started (``done`` 0) or went on."""
        if done == 0:
            self.started(name, worker.removeprefix("tcp://"))
        else:
            self.animations(name, done)

    def animations(self, name: str, done: int) -> None:
        """A scene has written ``done`` animations."""
        with self._lock:
            expected = self.expected.get(name)
            if name in self.tasks:
                self.progress.update(self.tasks[name], completed=done,
                                     detail=f"{done}/{expected} animations" if expected else f"{done} animations")
            if expected:
                self.fraction[name] = min(0.95, done / expected)
            self._refresh()

    def finished(self, name: str, text: str) -> None:
        with self._lock:
            self.done += 1
            self.fraction.pop(name, None)
            if name in self.tasks:
                self.progress.remove_task(self.tasks.pop(name))
            self._refresh()
        self.line(text)

    def _refresh(self) -> None:
        self.progress.update(self.overall, completed=self.done + sum(self.fraction.values()),
                             detail=f"{self.done}/{self.total} scenes")
