"""Headless Chromium for the page tests: run a page, read back the DOM, take a screenshot, and collect
what the page printed to its console."""
from __future__ import annotations

import html
import json
import shutil
import subprocess
from pathlib import Path

import pytest

needs_chromium = pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian's chromium is not installed")

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--hide-scrollbars",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--enable-logging=stderr", "--v=0"]


def run(url: str, profile: Path, *extra: str, budget_ms: int = 20000) -> subprocess.CompletedProcess:
    """Chromium on ``url`` with ``extra`` flags (--dump-dom, --screenshot=...)."""
    return subprocess.run(["chromium", *FLAGS, f"--user-data-dir={profile}", f"--virtual-time-budget={budget_ms}",
                           *extra, url], capture_output=True, text=True, timeout=180)


def console_messages(stderr: str) -> list[str]:
    """Lines the page wrote to its console, and uncaught errors."""
    return [line for line in stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]


def dump_dom(url: str, profile: Path) -> str:
    """The page's DOM after its scripts ran; fails the test on any console message."""
    result = run(url, profile, "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    assert console_messages(result.stderr) == [], console_messages(result.stderr)
    return result.stdout


def json_in(dom: str, element_id: str):
    """The JSON text a page left in ``<pre id=element_id>``."""
    marker = f'<pre id="{element_id}">'
    assert marker in dom, dom[-3000:]
    return json.loads(html.unescape(dom.split(marker, 1)[1].split("</pre>", 1)[0]))


def screenshot(url: str, path: Path, profile: Path, size: tuple[int, int] = (1000, 1300)) -> Path:
    """A PNG of the page at ``size`` (width, height)."""
    result = run(url, profile, f"--screenshot={path}", f"--window-size={size[0]},{size[1]}")
    assert Path(path).is_file(), result.stderr[-2000:]
    assert console_messages(result.stderr) == [], console_messages(result.stderr)
    return Path(path)
