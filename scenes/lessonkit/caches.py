"""Where the kit keeps what it can make again."""
from __future__ import annotations

import os
from pathlib import Path


def cache_folder(kind: str) -> Path:
    """The folder for one kind of kept work ("voice", "glyphs"): under $NETLESSON_CACHE, else under
    the user's cache folder ($XDG_CACHE_HOME or ~/.cache) in netlesson/."""
    if os.environ.get("NETLESSON_CACHE"):
        return Path(os.environ["NETLESSON_CACHE"]) / kind
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "netlesson" / kind
