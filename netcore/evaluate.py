"""Measuring a network on a dataset's test split: accuracy, confusion matrix, per-class scores."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .dataset import DatasetInfo, Split
from .network import Network

#: Larger class counts get a per-class table instead of a full confusion matrix.
MAX_MATRIX_CLASSES = 20


@dataclass
class Evaluation:
    """How a network did on a test split."""

    accuracy: float
    counts: np.ndarray  # counts[true, predicted]

    @property
    def n(self) -> int:
        return int(self.counts.sum())

    @property
    def right(self) -> int:
        return int(np.trace(self.counts))


def confusion_matrix(labels: np.ndarray, predictions: np.ndarray, n: int = 10) -> np.ndarray:
    """counts[true, predicted]."""
    counts = np.zeros((n, n), dtype=int)
    np.add.at(counts, (labels, predictions), 1)
    return counts


def evaluate(net: Network, split: Split) -> Evaluation:
    """Accuracy and confusion matrix of ``net`` on ``split``."""
    predictions = net.predict(split.inputs)
    return Evaluation(float(np.mean(predictions == split.labels)),
                      confusion_matrix(split.labels, predictions, net.sizes[-1]))


def format_confusion(counts: np.ndarray, classes: tuple[str, ...]) -> str:
    """The confusion matrix as a table, columns headed by (at most 5 characters of) class names."""
    width, corner = 5, "true\\pred"
    head = f"{corner:>12} " + " ".join(f"{c[:width]:>{width}}" for c in classes)
    rows = [f"{t[:12]:>12} " + " ".join(f"{c:>{width}}" for c in row) for t, row in zip(classes, counts)]
    return "\n".join([head] + rows)


def format_per_class(counts: np.ndarray, classes: tuple[str, ...]) -> str:
    """Per class: test items, how many were right, and the class most often guessed instead."""
    lines = [f"{'class':>20} {'items':>6} {'right':>7}  most often mistaken for"]
    for k, (name, row) in enumerate(zip(classes, counts)):
        total = int(row.sum())
        wrong = row.copy()
        wrong[k] = 0
        other = classes[int(np.argmax(wrong))] if wrong.any() else "-"
        share = f"{row[k] / total:.1%}" if total else "-"
        lines.append(f"{name[:20]:>20} {total:>6} {share:>7}  {other}")
    return "\n".join(lines)


def report(evaluation: Evaluation, info: DatasetInfo) -> str:
    """The confusion matrix, or a per-class table when there are many classes."""
    if info.n_classes <= MAX_MATRIX_CLASSES:
        return "confusion matrix (rows: true class, columns: prediction)\n" + \
            format_confusion(evaluation.counts, info.classes)
    return "per class\n" + format_per_class(evaluation.counts, info.classes)
