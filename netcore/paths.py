"""Where the project keeps its files: the shipped assets and the MNIST data folder."""
from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
ASSETS = REPO_ROOT / "assets"
DEFAULT_WEIGHTS = ASSETS / "weights.npz"
RELU_WEIGHTS = ASSETS / "weights-relu.npz"
SNAPSHOTS = ASSETS / "snapshots.npz"
SAMPLES = ASSETS / "samples.npz"

#: Where `python -m netcore download` puts MNIST unless told otherwise.
DOWNLOAD_DIR = REPO_ROOT / "data" / "mnist"
#: The copy of MNIST that sits beside the project on the development and CI machines.
SHARED_DIR = REPO_ROOT.parent / "shared" / "data" / "mnist"


def mnist_dirs() -> list[Path]:
    """Folders searched for the MNIST files, in order: $NETCORE_MNIST_DIR, data/mnist, ../shared/data/mnist."""
    dirs = []
    if os.environ.get("NETCORE_MNIST_DIR"):
        dirs.append(Path(os.environ["NETCORE_MNIST_DIR"]))
    dirs += [DOWNLOAD_DIR, SHARED_DIR]
    return dirs


def cache_folder(kind: str) -> Path:
    """The folder for one kind of kept work the lesson can make again ("voice", "glyphs"): under
    $NETLESSON_CACHE, else under the user's cache folder ($XDG_CACHE_HOME or ~/.cache) in netlesson/."""
    if os.environ.get("NETLESSON_CACHE"):
        return Path(os.environ["NETLESSON_CACHE"]) / kind
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "netlesson" / kind
