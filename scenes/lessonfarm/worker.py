"""What runs on a Dask worker: its identity (the project's version and code, Manim's version), and
one scene's render, whose files go back to the build as bytes. The worker needs the project
installed from a clone (pip install -e .), as the build's machine has it; it shares no disk with
the build."""
from __future__ import annotations

import hashlib
import platform
import signal
import tempfile
import threading
import time
from importlib import metadata
from pathlib import Path

from lessonpublish.jobs import Cancelled, Jobs
from netcore import paths

from .files import materialize
from .render import ROOT, render_scene

CODE = ("scenes", "netcore")  # the folders whose files make the pictures
CODE_SUFFIXES = {".py", ".po", ".toml", ".txt"}


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def fingerprint(root: Path = ROOT) -> str:
    """A digest of every file of the project's code and words (scenes/ and netcore/)."""
    h = hashlib.sha256()
    for part in CODE:
        for f in sorted((root / part).rglob("*")):
            if f.is_file() and f.suffix in CODE_SUFFIXES and "__pycache__" not in f.parts:
                h.update(f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes())
    return h.hexdigest()[:12]


def identity() -> dict[str, str]:
    """What a render's pictures depend on beyond its inputs: the project's version and code, Manim's
    version, and the encoder's (PyAV's) and Python's."""
    return {"project": _version("netlesson"), "code": fingerprint() if (ROOT / "scenes").is_dir() else "no scenes",
            "manim": _version("manim"), "av": _version("av"), "python": platform.python_version()}


def say(who: dict[str, str]) -> str:
    """An identity in words: 'netlesson 0.1.0 (code 1a2b3c4d5e6f) with Manim 0.22.0, PyAV 14.2.0, Python 3.11.2'."""
    return (f"netlesson {who.get('project', '?')} (code {who.get('code', '?')}) with Manim {who.get('manim', '?')}, "
            f"PyAV {who.get('av', '?')}, Python {who.get('python', '?')}")


def _prctl():
    """libc's prctl, looked up before any fork (a child of a threaded process should call, not load)."""
    import ctypes

    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


class WorkerJobs(Jobs):
    """Jobs whose processes end with the worker: a killed worker leaves no render running on its
    machine (PR_SET_PDEATHSIG, Linux)."""

    def run(self, name, cmd, **kwargs):
        prctl = _prctl()
        die_with_parent = (lambda: prctl(1, signal.SIGTERM)) if prctl else None  # 1: PR_SET_PDEATHSIG
        return super().run(name, cmd, preexec_fn=die_with_parent, **kwargs)


MACHINE_TROUBLE = ("No space left on device", "Disk quota exceeded", "MemoryError", "Cannot allocate memory",
                   "exited with status -")  # a full disk, no memory, a render killed by a signal


def machine_trouble(message: str) -> bool:
    """A render that failed for a reason of the machine, not of the scene: worth trying again."""
    return any(sign in message for sign in MACHINE_TROUBLE)


def render_task(job: dict, blobs: dict[str, bytes], expected: dict[str, str], topic: str, cancel: str) -> dict:
    """Render one scene on this worker: ``job`` holds its label, chapter name, scene class, quality,
    settings and file plan (files.collect); ``blobs`` the files by digest. Reports its start and
    progress as events on ``topic``; stops when the Dask Event ``cancel`` is set. Returns the files
    made ({name: bytes}) with the animations played and narration notes, or {"error": line}."""
    from distributed import Event, get_client, get_worker

    worker = get_worker()
    mine = identity()
    if mine != expected:
        raise RuntimeError(f"refused worker {worker.address}: it has {say(mine)}; this build has {say(expected)}")
    worker.log_event(topic, {"label": job["label"], "worker": worker.address, "animations": 0})
    stop, done = Event(cancel, client=get_client()), threading.Event()  # bound here: the watcher thread has no worker
    jobs = WorkerJobs(lambda label, n: worker.log_event(topic, {"label": label, "worker": worker.address,
                                                                "animations": n}))

    def watch() -> None:  # the build's Ctrl-C reaches the render through the Event
        while not done.is_set():
            try:
                if stop.wait(timeout=1):
                    jobs.cancel()
                    return
            except Exception:  # noqa: BLE001 - the scheduler did not answer in time: ask again
                done.wait(1)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        cache = paths.cache_folder("course")
        settings = materialize(job["settings"], job["files"], blobs, cache)
        with tempfile.TemporaryDirectory(prefix="lesson-render-") as folder:
            work = Path(folder)
            start = time.perf_counter()
            try:
                made = render_scene(job["label"], job["chapter"], job["scene"], job["quality"], work, settings, jobs)
            except Cancelled:
                return {"error": "interrupted"}
            except (RuntimeError, ValueError) as e:
                if machine_trouble(str(e)):  # raised: Dask tries the render again (elsewhere, if it can)
                    raise OSError(f"on {worker.address}: {e}") from None
                return {"error": str(e) or type(e).__name__}  # the scene's own failure: said, not tried again
            files = {"mp4": made.video, "srt": made.srt, "narration.json": made.record}
            if made.webm:
                files["webm"] = made.webm
            return {"files": {k: p.read_bytes() for k, p in files.items() if p.is_file()},
                    "played": made.played, "notes": made.notes, "worker": worker.address,
                    "seconds": time.perf_counter() - start}
    finally:
        done.set()
