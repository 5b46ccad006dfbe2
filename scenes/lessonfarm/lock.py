"""One build at a time in an output folder: a second build into the same renders/ says it is
waiting, and starts when the first ends (the lock goes with its process, even a killed one). The
lock file is removed when the build ends, so the folder holds nothing of it afterwards."""
from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

LOCK = ".build.lock"


def _same_file(fd: int, path: Path) -> bool:
    """The lock taken is on the file now at ``path`` (not one the build before removed)."""
    try:
        return os.stat(path).st_ino == os.fstat(fd).st_ino
    except FileNotFoundError:
        return False


@contextmanager
def output_lock(out: Path, say: Callable[[str], None]) -> Iterator[None]:
    """Hold ``out``'s lock while the block runs; if another build holds it, ``say`` so and wait."""
    out.mkdir(parents=True, exist_ok=True)
    path, told = out / LOCK, False
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not told:
                holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "?"
                say(f"waiting: another build (process {holder}) is writing into {out}; this one starts when it ends")
                told = True
            fcntl.flock(fd, fcntl.LOCK_EX)
        if _same_file(fd, path):
            break
        os.close(fd)  # the one before removed it as it ended: take the new one
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        path.unlink(missing_ok=True)  # while still held: a waiting build then sees it is not the file
        os.close(fd)
