"""Training: cross-entropy cost, backpropagation written out, and the Adam optimizer.

Cost: for each image, the binary cross-entropy of the sigmoid outputs (one per class) against
the one-hot label, summed over outputs and averaged over the batch. With sigmoid outputs
its gradient with respect to the output weighted sums is simply (a - y), which avoids
the learning slow-down a squared-error cost has when a sigmoid saturates.
Optimizer: Adam (Kingma & Ba, 2015) on mini-batches of 32, learning rate decayed by a
cosine schedule over the run, a small L2 weight decay, and each mini-batch moved by a random
pixel in each direction (augmentation): on MNIST with 16 hidden neurons the network overfits
otherwise (about 95.5% on the test set without the shifts, 95.9% with them).
``TrainConfig.for_data`` fits the number of epochs and the shift to the data's size.
"""
from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass, field, replace
from typing import Callable

import numpy as np

from .augment import HANDWRITING, Distortion
from .errors import NetcoreError
from .network import Network

Array = np.ndarray


def one_hot(labels: Array, n: int = 10) -> Array:
    """Labels (batch,) as rows of a (batch, n) identity."""
    return np.eye(n)[np.asarray(labels, dtype=int)]


def cross_entropy(out: Array, labels: Array) -> float:
    """Mean over the batch of the summed binary cross-entropy of sigmoid outputs vs. one-hot labels."""
    y = one_hot(labels, out.shape[-1])
    eps = 1e-12
    return float(-np.mean(np.sum(y * np.log(out + eps) + (1 - y) * np.log(1 - out + eps), axis=1)))


def cost(net: Network, x: Array, labels: Array) -> float:
    """The training cost of ``net`` on a batch."""
    return cross_entropy(net.forward(x).output, labels)


def gradients(net: Network, x: Array, labels: Array) -> tuple[list[Array], list[Array]]:
    """Backpropagation: d(cost)/dW and d(cost)/db for every layer, for a batch."""
    trace = net.forward_unchecked(x)
    n = len(x)
    y = one_hot(labels, net.sizes[-1])
    delta = (trace.output - y) / n  # d cost / d z(L) for sigmoid outputs with cross-entropy
    grad_w: list[Array] = [np.empty(0)] * net.n_layers
    grad_b: list[Array] = [np.empty(0)] * net.n_layers
    for l in range(net.n_layers, 0, -1):
        grad_w[l - 1] = delta.T @ trace.a(l - 1)
        grad_b[l - 1] = delta.sum(axis=0)
        if l > 1:
            delta = (delta @ net.weights[l - 1]) * net.layer_activation(l - 1).prime(trace.z(l - 1))
    return grad_w, grad_b


def accuracy(net: Network, x: Array, labels: Array, batch: int = 10_000) -> float:
    """Fraction of inputs whose prediction equals the label."""
    hits = sum(int(np.sum(net.predict(x[i:i + batch]) == labels[i:i + batch]))
               for i in range(0, len(x), batch))
    return hits / len(x)


def shifted(x: Array, dy: int, dx: int, shape: tuple[int, int]) -> Array:
    """Images (n, rows*cols) of the given (rows, cols) ``shape`` moved down by ``dy`` and right by
    ``dx`` pixels (negative: up or left), with black filling in. Training shifts each mini-batch at
    random (augmentation)."""
    n, (rows, cols) = len(x), shape
    images = x.reshape(n, rows, cols)
    out = np.zeros_like(images)
    out[:, max(dy, 0):rows + min(dy, 0), max(dx, 0):cols + min(dx, 0)] = \
        images[:, max(-dy, 0):rows + min(-dy, 0), max(-dx, 0):cols + min(-dx, 0)]
    return out.reshape(n, -1)


#: Data-fitted defaults (TrainConfig.for_data): at least this many optimiser steps in a run...
MIN_STEPS = 15_000
#: ...within these bounds on the number of epochs...
MIN_EPOCHS, MAX_EPOCHS = 30, 400
#: ...and the one-pixel shift augmentation only for images at least this many pixels on a side
#: (on 28x28 digits it helps, about 95.5% -> 96%; on 8x8 ones a pixel is an eighth of the image).
SHIFT_MIN_SIDE = 16


#: ``distort`` settings: the HANDWRITING distortions always, never, or for handwriting-like data.
DISTORT_CHOICES = ("auto", "on", "off")
#: Distortions are drawn for this many items at a time (a whole number of mini-batches is used).
DISTORT_CHUNK_ITEMS = 1024


@dataclass
class TrainConfig:
    """Settings of a training run (all recorded in the saved weights)."""

    epochs: int = 30
    batch_size: int = 32
    learning_rate: float = 3e-3
    weight_decay: float = 1e-4
    shift: int = 1
    seed: int = 0
    # Distortions drawn per item (netcore.augment.Distortion): turn in degrees, slant, stretch,
    # and the chance of a thicker and of a thinner stroke. All 0: none.
    turn: float = 0.0
    slant: float = 0.0
    stretch: float = 0.0
    stroke: float = 0.0

    @property
    def distortion(self) -> Distortion:
        return Distortion(self.turn, self.slant, self.stretch, self.stroke)

    @classmethod
    def for_data(cls, n_train: int, image_shape: tuple[int, int], recipe: str = "fit", distort: str = "auto",
                 **chosen) -> "TrainConfig":
        """Defaults that fit the data: enough epochs for MIN_STEPS mini-batches on a small set (30 on
        MNIST), shift augmentation only on images large enough for a pixel to be a small move, and
        the HANDWRITING distortions when ``distort`` is "on", or "auto" for handwriting-like data
        (items centred the MNIST way, ``recipe`` "mnist", at least SHIFT_MIN_SIDE pixels a side).
        Settings given in ``chosen`` (None = not given) win."""
        if distort not in DISTORT_CHOICES:
            raise NetcoreError(f"distort must be one of {', '.join(DISTORT_CHOICES)}, not {distort!r}")
        base = cls(**{k: v for k, v in chosen.items() if v is not None})
        if distort == "on" or (distort == "auto" and recipe == "mnist" and min(image_shape) >= SHIFT_MIN_SIDE):
            base = replace(base, **asdict(HANDWRITING))
        if chosen.get("epochs") is None:
            steps_per_epoch = math.ceil(max(n_train, 1) / base.batch_size)
            base.epochs = min(MAX_EPOCHS, max(MIN_EPOCHS, math.ceil(MIN_STEPS / steps_per_epoch)))
        if chosen.get("shift") is None:
            base.shift = 1 if min(image_shape) >= SHIFT_MIN_SIDE else 0
        return base


@dataclass
class EpochStats:
    """Measurements after one epoch."""

    epoch: int
    cost: float
    train_accuracy: float
    test_accuracy: float | None
    seconds: float


@dataclass
class History:
    """Per-epoch measurements of a run, and weight snapshots by epoch (0 = untrained)."""

    epochs: list[EpochStats] = field(default_factory=list)
    snapshots: dict[int, Network] = field(default_factory=dict)


def flat_parameters(net: Network) -> Array:
    """All of ``net``'s weights then biases in one flat vector; the network's matrices and vectors
    become views into it, so one optimiser step is a handful of array operations."""
    flat = np.concatenate([p.ravel() for p in net.weights + net.biases])
    views, offset = [], 0
    for p in net.weights + net.biases:
        views.append(flat[offset:offset + p.size].reshape(p.shape))
        offset += p.size
    L = net.n_layers
    net.weights, net.biases = views[:L], views[L:]
    return flat


@dataclass
class Adam:
    """Adam (Kingma & Ba, 2015) on a flat parameter vector, with L2 weight decay on the weights
    (the first ``n_weights`` entries) and a cosine-decayed learning rate over ``total_steps``."""

    flat: Array
    n_weights: int
    config: TrainConfig
    total_steps: int
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8

    def __post_init__(self) -> None:
        self.decay = np.zeros_like(self.flat)
        self.decay[:self.n_weights] = self.config.weight_decay  # biases are not decayed
        self.m, self.v = np.zeros_like(self.flat), np.zeros_like(self.flat)
        self.steps = 0

    def step(self, gradient: Array) -> None:
        """Move the parameters (in place) one step against ``gradient`` (same layout as ``flat``)."""
        g = gradient + self.decay * self.flat
        lr = self.config.learning_rate * 0.5 * (1 + math.cos(math.pi * self.steps / self.total_steps))
        self.steps += 1
        t, b1, b2 = self.steps, self.beta1, self.beta2
        self.m *= b1
        self.m += (1 - b1) * g
        self.v *= b2
        self.v += (1 - b2) * g * g
        # Adam's bias corrections folded into the step size.
        step_size = lr * math.sqrt(1 - b2 ** t) / (1 - b1 ** t)
        self.flat -= step_size * self.m / (np.sqrt(self.v) + self.eps * math.sqrt(1 - b2 ** t))


def epoch_stats(net: Network, x: Array, labels: Array, test: tuple[Array, Array] | None,
                epoch: int, seconds: float) -> EpochStats:
    """Cost and accuracy on the training data (and the test data, if given) after an epoch."""
    out = net.forward(x).output
    return EpochStats(
        epoch=epoch,
        cost=cross_entropy(out, labels),
        train_accuracy=float(np.mean(np.argmax(out, axis=1) == labels)),
        test_accuracy=accuracy(net, *test) if test is not None else None,
        seconds=seconds,
    )


def _check_inputs(net: Network, x: Array, labels: Array, config: TrainConfig,
                  image_shape: tuple[int, int] | None) -> tuple[Array, tuple[int, int] | None]:
    if len(x) != len(labels) or len(x) == 0:
        raise NetcoreError(f"training needs as many labels as inputs (got {len(x)} and {len(labels)})")
    if config.epochs < 1 or config.batch_size < 1 or not config.learning_rate > 0:
        raise NetcoreError("epochs, batch size and learning rate must be positive")
    if config.shift < 0:
        raise NetcoreError("the shift augmentation cannot be negative")
    x = np.asarray(x, dtype=float)
    if x.ndim != 2 or x.shape[1] != net.sizes[0] or not np.all(np.isfinite(x)):
        raise NetcoreError(f"training inputs must be finite, of shape (n, {net.sizes[0]}); got {x.shape}")
    if np.max(labels) >= net.sizes[-1] or np.min(labels) < 0:
        raise NetcoreError(f"a label is outside 0..{net.sizes[-1] - 1}, the network's {net.sizes[-1]} outputs")
    if min(config.turn, config.slant, config.stretch, config.stroke) < 0 or config.stroke > 0.5 or config.stretch >= 1:
        raise NetcoreError("distortions must be positive, stretch below 1 and stroke at most 0.5")
    if config.shift or config.distortion.active:
        if image_shape is None:
            side = int(round(np.sqrt(x.shape[1])))
            image_shape = (side, side)
        if image_shape[0] * image_shape[1] != x.shape[1]:
            raise NetcoreError(f"shift and distortion need the image shape; {x.shape[1]} inputs are not "
                               f"{image_shape[0]}x{image_shape[1]} pixels (use shift=0)")
    return x, image_shape


def train(net: Network, x: Array, labels: Array, config: TrainConfig = TrainConfig(), *,
          test: tuple[Array, Array] | None = None, snapshot_epochs: set[int] = frozenset(),
          on_epoch: Callable[[EpochStats, Network], None] | None = None,
          image_shape: tuple[int, int] | None = None) -> History:
    """Train ``net`` in place on inputs ``x`` (n, pixels) with integer ``labels``.

    ``image_shape`` (rows, cols) is what the shift augmentation moves (default: square images).
    Mini-batches are drawn from a generator seeded with ``config.seed``, so the same settings and
    data give the same weights. ``on_epoch`` is called after each epoch (the command line uses it to
    print progress and write a checkpoint).
    """
    x, image_shape = _check_inputs(net, x, labels, config, image_shape)
    rng = np.random.default_rng(config.seed)
    flat = flat_parameters(net)
    steps_per_epoch = math.ceil(len(x) / config.batch_size)
    adam = Adam(flat, sum(w.size for w in net.weights), config, config.epochs * steps_per_epoch)
    history = History()
    distortion = config.distortion
    chunk_items = max(1, DISTORT_CHUNK_ITEMS // config.batch_size) * config.batch_size
    if 0 in snapshot_epochs:
        history.snapshots[0] = net.copy()
    for epoch in range(1, config.epochs + 1):
        start = time.perf_counter()
        order = rng.permutation(len(x))
        for i in range(0, len(x), config.batch_size):
            if distortion.active and i % chunk_items == 0:  # distort many items at once: far faster
                chunk = distortion.apply(x[order[i:i + chunk_items]], image_shape, rng)
            idx = order[i:i + config.batch_size]
            batch = chunk[i % chunk_items:i % chunk_items + len(idx)] if distortion.active else x[idx]
            if config.shift:
                batch = shifted(batch, *rng.integers(-config.shift, config.shift + 1, size=2), image_shape)
            gw, gb = gradients(net, batch, labels[idx])
            adam.step(np.concatenate([a.ravel() for a in gw + gb]))
        stats = epoch_stats(net, x, labels, test, epoch, time.perf_counter() - start)
        if not np.all(np.isfinite(flat)):
            raise NetcoreError(f"training diverged at epoch {epoch} (non-finite weights); lower the learning rate")
        history.epochs.append(stats)
        if epoch in snapshot_epochs:
            history.snapshots[epoch] = net.copy()
        if on_epoch is not None:
            on_epoch(stats, net)
    return history
