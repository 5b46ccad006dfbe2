"""A lesson set: one folder with everything the lesson's scenes draw from, made by one command
(``python -m netcore assets --data DIR --out OUTDIR``) and read back, checked, by ``load``.

    weights.npz              the lesson's network, with its dataset's description
    weights-<other>.npz      its twin with the other hidden activation (sigmoid <-> relu)
    snapshots.npz            the lesson network's training run, caught after a few epochs
    samples.npz              a small sample of test items (a few per class, then some mistakes)
    README.md                what the set is, how it was made, how well it does

The project's own ``assets/`` folder is the lesson set for MNIST.
"""
from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import numpy as np

from . import activations, samples, weights
from .atomic import atomic_open
from .dataset import Dataset, DatasetInfo
from .errors import NetcoreError
from .network import Network
from .run import RunResult, snapshot_epochs_for, train_run
from .train import TrainConfig

WEIGHTS, SNAPSHOTS, SAMPLES, README = "weights.npz", "snapshots.npz", "samples.npz", "README.md"
DEFAULT_HIDDEN = (16, 16)
MIN_HIDDEN_LAYERS, MAX_HIDDEN_LAYERS = 1, 4
MIN_LAYER, MAX_LAYER = 2, 512
#: Of the Adam learning rates tried on MNIST (1e-3 and 3e-3, all else equal), the better one for
#: each hidden activation: ReLU does better at 1e-3, sigmoid at 3e-3.
LEARNING_RATES = {"sigmoid": 3e-3, "relu": 1e-3}
MISTAKES = 6  # misclassified test items added to the sample


def twin_name(activation: str) -> str:
    """File name of the network with hidden activation ``activation`` beside weights.npz."""
    return f"weights-{activation}.npz"


def check_hidden(hidden: tuple[int, ...]) -> tuple[int, ...]:
    """The hidden layer sizes, if supported: one to four layers of 2 to 512 neurons."""
    if not MIN_HIDDEN_LAYERS <= len(hidden) <= MAX_HIDDEN_LAYERS:
        raise NetcoreError(f"{len(hidden)} hidden layers asked for; supported are {MIN_HIDDEN_LAYERS} to "
                           f"{MAX_HIDDEN_LAYERS}")
    for n in hidden:
        if not MIN_LAYER <= n <= MAX_LAYER:
            raise NetcoreError(f"a hidden layer of {n} neurons asked for; supported are {MIN_LAYER} to {MAX_LAYER}")
    return tuple(hidden)


def hidden_from(sizes: tuple[int, ...], info: DatasetInfo) -> tuple[int, ...]:
    """Hidden layer sizes from ``--sizes``: the hidden sizes alone (``16 16``), or the full list
    when it starts with the image's pixel count and ends with the class count (``784 16 16 10``)."""
    sizes = tuple(sizes)
    if len(sizes) >= 3 and sizes[0] == info.n_pixels and sizes[-1] == info.n_classes:
        sizes = sizes[1:-1]
    return check_hidden(sizes)


@dataclass
class LessonSet:
    """A loaded lesson set. ``twin`` and ``snapshots`` are None when the folder has none that fit."""

    folder: Path
    weights_path: Path
    net: Network
    meta: dict
    info: DatasetInfo
    samples: samples.Samples
    twin_path: Path | None
    twin: Network | None
    twin_meta: dict | None
    snapshots: dict[int, Network] | None
    snapshots_meta: dict | None


def _same_topic(net: Network, meta: dict, other: Network, other_meta: dict) -> bool:
    return other.sizes == net.sizes and weights.dataset_info(other_meta) == weights.dataset_info(meta)


def _find_twin(folder: Path, weights_path: Path, net: Network,
               meta: dict) -> tuple[Path | None, Network | None, dict | None]:
    """The set's network with the other hidden activation and the same layers and dataset: its
    weights-<other>.npz, or its weights.npz when the lesson uses the twin file instead."""
    for candidate in (folder / twin_name(activations.other(net.activation)), folder / WEIGHTS):
        if candidate.is_file() and candidate.resolve() != weights_path.resolve():
            other, other_meta = weights.load(candidate)
            if other.activation != net.activation and _same_topic(net, meta, other, other_meta):
                return candidate, other, other_meta
    return None, None, None


def load(folder: Path, weights_file: Path | None = None) -> LessonSet:
    """Read a lesson set (``weights_file`` instead of its weights.npz, if given) and check that its
    parts fit together; NetcoreError names the first part that does not."""
    folder = Path(folder)
    if not folder.is_dir():
        raise NetcoreError(f"lesson set {folder} not found (make one with `python -m netcore assets --data DIR --out {folder}`)")
    weights_path = Path(weights_file) if weights_file is not None else folder / WEIGHTS
    net, meta = weights.load(weights_path)
    info = weights.dataset_info(meta, str(weights_path))
    sample = samples.load(folder / SAMPLES)
    if sample.image_shape != info.image_shape:
        raise NetcoreError(f"{folder / SAMPLES} holds {sample.image_shape[0]}x{sample.image_shape[1]} items, but "
                           f"{weights_path} takes {info.image_shape[0]}x{info.image_shape[1]} images; "
                           "choose the lesson set made with these weights")
    if sample.labels.max() >= info.n_classes:
        raise NetcoreError(f"{folder / SAMPLES} has label {sample.labels.max()}, but {weights_path} knows "
                           f"{info.n_classes} classes")
    twin_path, twin, twin_meta = _find_twin(folder, weights_path, net, meta)
    snapshots = snapshots_meta = None
    if (folder / SNAPSHOTS).is_file():
        snapshots, snapshots_meta = weights.load_snapshots(folder / SNAPSHOTS)
        first = snapshots[min(snapshots)]
        if not _same_topic(net, meta, first, snapshots_meta) or first.activation != net.activation:
            snapshots = snapshots_meta = None
    return LessonSet(folder, weights_path, net, meta, info, sample, twin_path, twin, twin_meta,
                     snapshots, snapshots_meta)


def build(data: Dataset, out: Path, hidden: tuple[int, ...] = DEFAULT_HIDDEN, activation: str = "sigmoid",
          log: Callable[[str], None] = print, distort: str = "auto") -> LessonSet:
    """Train the lesson's network and its twin on ``data`` and write a complete lesson set to ``out``.
    With two or more cores the twin trains in a second process at the same time."""
    hidden = check_hidden(tuple(hidden))
    activations.get(activation)
    twin_activation = activations.other(activation)
    n_train, shape, recipe = len(data.train), data.info.image_shape, data.info.recipe
    started = time.perf_counter()
    config = TrainConfig.for_data(n_train, shape, recipe, distort, learning_rate=LEARNING_RATES[activation])
    twin_config = TrainConfig.for_data(n_train, shape, recipe, distort, learning_rate=LEARNING_RATES[twin_activation])
    twin_args = (data, out / twin_name(twin_activation), twin_config, twin_activation, hidden)
    with _beside(_train_twin, *twin_args) as twin_result:
        main = train_run(data, out / WEIGHTS, config, activation, hidden, snapshot_epochs_for(config.epochs),
                         out / SNAPSHOTS, log)
        twin = twin_result()
    log(f"twin ({twin_activation}): test accuracy {twin.meta['test_accuracy']:.2%}; wrote {out / twin_name(twin_activation)}")
    per_class = samples.per_class_for(data.info.n_classes)
    sample = samples.build(data.test.images, data.test.labels, main.net, per_class, MISTAKES)
    samples.save(sample, out / SAMPLES)
    wrong = int(np.sum(main.net.predict(sample.inputs) != sample.labels))
    log(f"wrote {len(sample)} sample {data.info.plural} ({per_class} per class, {wrong} misclassified) to {out / SAMPLES}")
    write_readme(out / README, data, main, twin, sample, per_class)
    log(f"lesson set in {out}: {data.info.title}, {'-'.join(map(str, main.net.sizes))}; test accuracy "
        f"{main.meta['test_accuracy']:.2%} ({activation}), {twin.meta['test_accuracy']:.2%} ({twin_activation}); "
        f"{time.perf_counter() - started:.0f} s")
    return load(out)


def _train_twin(data: Dataset, out: Path, config: TrainConfig, activation: str, hidden: tuple[int, ...]) -> RunResult:
    return train_run(data, out, config, activation, hidden, log=lambda _: None)


@contextmanager
def _beside(fn: Callable, *args) -> Iterator[Callable[[], RunResult]]:
    """Start ``fn(*args)`` in a second process when there is a second core (else run it when its
    result is asked for); yields a function that returns its result."""
    if (os.cpu_count() or 1) < 2:
        yield lambda: fn(*args)
        return
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        future = pool.submit(fn, *args)
        try:
            yield future.result
        except BaseException:
            future.cancel()
            for p in list(getattr(pool, "_processes", {}).values()):
                p.terminate()
            raise


def distortions(cfg: dict) -> str:
    """The training distortions a run's recorded settings name, as a phrase (empty when none)."""
    if not any(cfg.get(k) for k in ("turn", "slant", "stretch", "stroke")):
        return ""
    return (f"; each item distorted at random: turned up to {cfg['turn']:g} degrees, slanted up to {cfg['slant']:g}, "
            f"stretched up to {cfg['stretch']:.0%}, strokes thicker or thinner with chance {cfg['stroke']:g} each")


def write_readme(path: Path, data: Dataset, main: RunResult, twin: RunResult, sample: samples.Samples,
                 per_class: int) -> None:
    """The set's README: what is in each file, as measured (no timings, so a rebuild writes the same text)."""
    info, net = data.info, main.net
    rows, cols = info.image_shape
    act, twin_act = net.activation, twin.net.activation
    cfg, twin_cfg = main.meta["config"], twin.meta["config"]
    epochs = sorted(snapshot_epochs_for(cfg["epochs"]))
    classes = ", ".join(info.classes) if info.n_classes <= 20 else ", ".join(info.classes[:20]) + ", ..."
    text = f"""# Lesson set: {info.title}

Made by `python -m netcore assets` from the dataset's IDX files; running it again with the same
data and options writes the same arrays. Every number the lesson's scenes show is computed
from these files.

- Items: {info.plural}, {rows}x{cols} pixels, {info.n_classes} classes ({classes}).
- A user's own image is prepared by the `{info.recipe}` recipe (see `netcore/preprocess.py`).
- Data: {len(data.train):,} training and {len(data.test):,} test {info.plural}.{f" {info.credit}." if info.credit else ""}

| file | what it is |
|---|---|
| `{WEIGHTS}` | The lesson's network: {'-'.join(map(str, net.sizes))}, {act} hidden layers, sigmoid outputs, {net.n_params:,} weights and biases. Test accuracy **{main.meta['test_accuracy']:.2%}** after {cfg['epochs']} epochs (Adam, learning rate {cfg['learning_rate']}, batch {cfg['batch_size']}, shift augmentation {cfg['shift']} px, seed {cfg['seed']}{distortions(cfg)}). Its metadata records the dataset, the settings, the per-epoch history and the SHA-256 of the training files. |
| `{twin_name(twin_act)}` | Its twin: the same layers with {twin_act} hidden layers (learning rate {twin_cfg['learning_rate']}), for the sigmoid-against-ReLU chapter. Test accuracy {twin.meta['test_accuracy']:.2%}. |
| `{SNAPSHOTS}` | The training run of `{WEIGHTS}` caught after epochs {', '.join(map(str, epochs))} (0: untrained random weights; the last equals `{WEIGHTS}`), with each snapshot's test accuracy. |
| `{SAMPLES}` | {len(sample)} {info.plural} of the **test** split as uint8 images with labels and test-split indices: the first {per_class} of each class, in test order, then the first {MISTAKES} further ones `{WEIGHTS}` gets wrong. `LESSON_ITEM=N` picks sample N. |
"""
    with atomic_open(path) as f:
        f.write(text.encode("utf-8"))
