"""How networks read items written differently from their dataset (not a test: it prints a table).

    python tests/benchmarks/handwriting.py [WEIGHTS ...] [--data DIR] [--n N]

For each weights file (default: the shipped lesson set's two networks), the accuracy on the
dataset's own test split, and on the first N test items (default: all) written differently by
netcore.augment.written_differently (turned 20 degrees either way, slanted, narrow, wide, a
pixel thicker or thinner, and a random mix), each then prepared by the dataset's recipe exactly
as the Try-it panel prepares a drawing (netcore.preprocess.prepare).
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]

from netcore import dataset, paths, weights
from netcore.augment import VARIANTS, written_differently
from netcore.preprocess import prepare


def as_drawn(images: np.ndarray, shape: tuple[int, int], recipe: str) -> np.ndarray:
    """Images prepared one by one, as the panel prepares a drawing."""
    return np.stack([prepare(im, shape, recipe).ravel() for im in images])


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("weights", nargs="*", type=Path,
                   default=[paths.ASSETS / "weights.npz", paths.ASSETS / "weights-relu.npz"])
    p.add_argument("--data", type=Path, default=None, help="dataset folder (default: MNIST)")
    p.add_argument("--n", type=int, default=None, help="test items to distort (default: all)")
    args = p.parse_args()
    data = dataset.load(args.data)
    info, test = data.info, data.test
    n = min(args.n or len(test), len(test))
    images, labels = test.images[:n] / 255.0, test.labels[:n]
    nets = [weights.load(w)[0] for w in args.weights]
    started = time.perf_counter()
    rows = {"official test split": (test.inputs, test.labels),
            "the same, prepared": (as_drawn(images, info.image_shape, info.recipe), labels)}
    for v in VARIANTS:
        rows[v] = (as_drawn(np.clip(written_differently(images, v), 0, 1), info.image_shape, info.recipe), labels)
    print(f"{info.title}: {n:,} test {info.plural} written {len(VARIANTS)} ways, prepared by the {info.recipe!r} "
          f"recipe ({time.perf_counter() - started:.0f} s)")
    names = [w.name for w in args.weights]
    print(f"{'':>22}" + "".join(f"{name:>22}" for name in names))
    for name, (x, y) in rows.items():
        print(f"{name:>22}" + "".join(f"{np.mean(net.predict(x) == y):>22.2%}" for net in nets))
    written = [r for r in rows if r in VARIANTS]
    means = [np.mean([np.mean(net.predict(rows[r][0]) == rows[r][1]) for r in written]) for net in nets]
    print(f"{'mean of the ' + str(len(written)) + ' ways':>22}" + "".join(f"{m:>22.2%}" for m in means))


if __name__ == "__main__":
    main()
