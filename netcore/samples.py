"""The small sample of test items a lesson set ships, so scenes run offline.

It holds, in test-set order, the first ``per_class`` test images of every class, plus the
first few test images the set's network gets wrong, each with its label and its index in
the dataset's test split.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .atomic import atomic_open
from .errors import NetcoreError
from .mnist import to_inputs
from .network import Network


@dataclass
class Samples:
    """Images (n, rows, cols) uint8 with labels (n,) and their indices in the test split (n,)."""

    images: np.ndarray
    labels: np.ndarray
    indices: np.ndarray

    def __len__(self) -> int:
        return len(self.labels)

    @property
    def inputs(self) -> np.ndarray:
        """All sample items as network inputs (n, rows*cols) in [0, 1]."""
        return to_inputs(self.images)

    def input(self, i: int) -> np.ndarray:
        """Sample ``i`` as a vector of rows*cols values in [0, 1]."""
        if not 0 <= i < len(self):
            raise NetcoreError(f"sample index {i} is out of range (the sample has {len(self)} items, 0..{len(self) - 1})")
        return to_inputs(self.images[i:i + 1])[0]

    @property
    def image_shape(self) -> tuple[int, int]:
        """(rows, cols) of every item."""
        return tuple(int(n) for n in self.images.shape[1:])

    def of_label(self, label: int) -> list[int]:
        """Sample positions whose label is ``label``."""
        return [int(i) for i in np.flatnonzero(self.labels == label)]


def per_class_for(n_classes: int) -> int:
    """How many items of each class a sample holds: 8 for up to 20 classes, fewer (down to 5)
    for more, so a 100-class sample stays a few hundred items."""
    return max(5, min(8, 160 // n_classes))


def choose(labels: np.ndarray, predictions: np.ndarray, per_class: int = 8, wrong: int = 6) -> np.ndarray:
    """Test-set indices for the sample: the first ``per_class`` of each class, then the first
    ``wrong`` misclassified ones not already chosen; returned in test-set order."""
    picked: set[int] = set()
    for label in np.unique(labels):
        picked.update(np.flatnonzero(labels == label)[:per_class].tolist())
    misses = [i for i in np.flatnonzero(predictions != labels).tolist() if i not in picked]
    picked.update(misses[:wrong])
    return np.array(sorted(picked))


def build(images: np.ndarray, labels: np.ndarray, net: Network, per_class: int = 8, wrong: int = 6) -> Samples:
    """The sample drawn from the full test set, using ``net`` to find misclassified items."""
    idx = choose(labels, net.predict(to_inputs(images)), per_class, wrong)
    return Samples(images[idx].copy(), labels[idx].copy(), idx)


def save(samples: Samples, path: Path) -> None:
    """Write the sample as .npz, atomically."""
    with atomic_open(path) as f:
        np.savez_compressed(f, images=samples.images, labels=samples.labels, indices=samples.indices)


def load(path: Path) -> Samples:
    """Read and validate a sample file."""
    path = Path(path)
    if not path.is_file():
        raise NetcoreError(f"sample items file {path} not found; make it with `python -m netcore assets`")
    try:
        with np.load(path, allow_pickle=False) as z:
            images, labels, indices = z["images"], z["labels"], z["indices"]
    except KeyError as e:
        raise NetcoreError(f"{path}: missing array {e}") from None
    except (OSError, ValueError, EOFError) as e:
        raise NetcoreError(f"{path}: not a readable sample file ({e})") from None
    n = len(labels)
    if images.ndim != 3 or len(images) != n or images.dtype != np.uint8 or indices.shape != (n,) or n == 0:
        raise NetcoreError(f"{path}: expected images (n, rows, cols) uint8 with n labels and n indices")
    return Samples(images, labels.astype(int), indices.astype(int))
