"""Benchmark of `python -m netcore assets --data DIR` (not a test: it prints measurements).

    python tests/benchmarks/assets.py

Makes a lesson set from MNIST and from a small dataset made here (MNIST shrunk to 8x8, 1,437
training and 360 test images: the size of the classic 8x8 digits set), and prints for each the
wall time against the two-minute target and the test accuracy of both networks.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))  # the tests' helpers (datasets), which are not installed

from datasets import write_idx_folder  # noqa: E402
from netcore import dataset, lessonset  # noqa: E402
from netcore.preprocess import resize  # noqa: E402

TARGET_SECONDS = 120.0


def shrunk_mnist(folder: Path, side: int = 8, n_train: int = 1437, n_test: int = 360) -> Path:
    """The first MNIST images of each split, resampled to side x side."""
    data = dataset.load()

    def shrink(split, n):
        images = np.stack([resize(img / 255.0, (side, side)) for img in split.images[:n]])
        return np.round(255 * images / images.max()).astype(np.uint8), split.labels[:n].astype(np.uint8)

    return write_idx_folder(folder, shrink(data.train, n_train), shrink(data.test, n_test), classes=list("0123456789"),
                            toml='title = "MNIST shrunk to 8x8"\nnoun = "digit"\nrecipe = "mnist"\n')


def measure(name: str, data_args: list[str], out: Path) -> None:
    start = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "netcore", "assets", *data_args, "--out", str(out)], cwd=ROOT,
                       capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if r.returncode != 0:
        print(f"{name}: FAILED: {r.stderr.strip()}")
        return
    s = lessonset.load(out)
    print(f"{name}: {seconds:.1f} s (target {TARGET_SECONDS:.0f} s: ratio {seconds / TARGET_SECONDS:.2f}); "
          f"{'-'.join(map(str, s.net.sizes))}, {s.meta['config']['epochs']} epochs; test accuracy "
          f"{s.meta['test_accuracy']:.2%} ({s.net.activation}), {s.twin_meta['test_accuracy']:.2%} ({s.twin.activation})")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        measure("MNIST, 60,000 28x28", [], tmp / "mnist-set")
        measure("8x8, 1,437 images", ["--data", str(shrunk_mnist(tmp / "small"))], tmp / "small-set")


if __name__ == "__main__":
    main()
