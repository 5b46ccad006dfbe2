"""Fetching the MNIST files from public mirrors, each checked against its SHA-256.

Every file is streamed into a temporary file beside its destination and renamed
into place only once its checksum matches, so an interrupted or corrupt download
never leaves a file that looks finished.
"""
from __future__ import annotations

import hashlib
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable

from .atomic import atomic_open
from .errors import NetcoreError
from .mnist import FILES, sha256

#: The mirrors torchvision uses, tried in order.
MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "http://yann.lecun.com/exdb/mnist/",
)


class _ChecksumMismatch(Exception):
    pass


def _fetch(url: str, dest: Path, expected: str, timeout: float) -> None:
    with urllib.request.urlopen(url, timeout=timeout) as response, atomic_open(dest) as out:
        h = hashlib.sha256()
        for block in iter(lambda: response.read(1 << 16), b""):
            h.update(block)
            out.write(block)
        if h.hexdigest() != expected:
            raise _ChecksumMismatch(f"SHA-256 {h.hexdigest()[:12]}... instead of {expected[:12]}...")


def download(folder: Path, mirrors: tuple[str, ...] = MIRRORS, files: dict[str, str] = FILES,
             timeout: float = 60.0, log: Callable[[str], None] = print) -> list[Path]:
    """Make sure each of ``files`` (name -> SHA-256) is in ``folder`` with the right checksum.

    Files already present and correct are kept; others are fetched from the first mirror
    that serves them with a matching checksum. Raises NetcoreError naming every file that
    could not be had, and why.
    """
    folder = Path(folder)
    paths, failures = [], []
    for name, expected in files.items():
        dest = folder / name
        if dest.is_file() and sha256(dest) == expected:
            log(f"{name}: already present, checksum OK")
            paths.append(dest)
            continue
        reasons = []
        for mirror in mirrors:
            url = mirror.rstrip("/") + "/" + name
            try:
                _fetch(url, dest, expected, timeout)
            except _ChecksumMismatch as e:
                reasons.append(f"{url}: {e}")
            except urllib.error.HTTPError as e:
                reasons.append(f"{url}: HTTP {e.code}")
            except (urllib.error.URLError, OSError, TimeoutError) as e:
                reasons.append(f"{url}: {getattr(e, 'reason', e)}")
            else:
                log(f"{name}: downloaded from {mirror}, checksum OK")
                paths.append(dest)
                break
        else:
            failures.append(f"{name} ({'; '.join(reasons)})")
    if failures:
        raise NetcoreError("could not download " + ", ".join(failures))
    return paths
