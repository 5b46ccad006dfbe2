"""Running scene renders as child processes that can be followed and stopped: a Ctrl-C stops every
render and every transcoding at its next frame, and nothing is left behind."""
from __future__ import annotations

import re
import subprocess
import threading
from typing import Callable

ANIMATION = re.compile(r"Animation (\d+) :")
PLAYED = re.compile(r"Played (\d+) animations")


class Cancelled(Exception):
    """The build was interrupted; the work under way stops."""


class Jobs:
    """The build's running child processes, a stop flag every step checks, and a progress callback
    ``on_progress(chapter_name, animations_done)``."""

    def __init__(self, on_progress: Callable[[str, int], None] | None = None):
        self.stop = threading.Event()
        self.on_progress = on_progress or (lambda name, done: None)
        self._procs: set[subprocess.Popen] = set()
        self._lock = threading.Lock()

    def check(self) -> None:
        """Raise Cancelled once the build is interrupted (called between frames and steps)."""
        if self.stop.is_set():
            raise Cancelled("interrupted")

    def cancel(self) -> None:
        """Stop everything: no new step starts, running renders are terminated."""
        self.stop.set()
        with self._lock:
            procs = list(self._procs)
        for proc in procs:
            proc.terminate()

    def run(self, name: str, cmd: list[str], **kwargs) -> tuple[int, str, int]:
        """Run ``cmd``, reporting Manim's animations as they are written; returns (exit status, its
        output, the number of animations played)."""
        self.check()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                start_new_session=True, **kwargs)  # a terminal's Ctrl-C reaches us, not it
        with self._lock:
            self._procs.add(proc)
        if self.stop.is_set():  # cancelled between the check above and now: cancel() did not see it
            proc.terminate()
        lines, played = [], 0
        try:
            for line in proc.stdout:
                lines.append(line)
                found = ANIMATION.search(line)
                if found:
                    self.on_progress(name, int(found.group(1)) + 1)
                found = PLAYED.search(line)
                if found:
                    played = int(found.group(1))
            proc.wait()
        finally:
            with self._lock:
                self._procs.discard(proc)
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        self.check()
        return proc.returncode, "".join(lines), played
