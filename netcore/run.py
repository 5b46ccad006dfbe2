"""One training run as the command line does it: a fresh network trained on a dataset, with a
progress line per epoch, a checkpoint after every epoch and, if asked, snapshots along the way."""
from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import weights
from .dataset import Dataset
from .network import Network
from .train import EpochStats, History, TrainConfig, accuracy, train

#: Print and checkpoint at most about this many times; longer runs do it every n-th epoch (and
#: after the last), so a run of hundreds of short epochs does not spend its time writing files.
MAX_PROGRESS_LINES = 40


@dataclass
class RunResult:
    """What a run made: the trained network, the metadata written with it, the history and snapshots."""

    net: Network
    meta: dict
    history: History


def sizes_for(data: Dataset, hidden: tuple[int, ...]) -> tuple[int, ...]:
    """Layer sizes: the data's pixels in, the hidden sizes, one output per class."""
    return (data.info.n_pixels, *hidden, data.info.n_classes)


def snapshot_epochs_for(epochs: int) -> set[int]:
    """Epochs worth replaying: before training, a few early ones, then spread to the end
    (for 30 epochs: 0, 1, 2, 3, 5, 10, 20, 30)."""
    return {0, epochs} | {max(1, round(epochs * f / 30)) for f in (1, 2, 3, 5, 10, 20)}


def train_run(data: Dataset, out: Path, config: TrainConfig, activation: str, hidden: tuple[int, ...],
              snapshot_epochs: set[int] = frozenset(), snapshots_out: Path | None = None,
              log: Callable[[str], None] = print) -> RunResult:
    """Train a fresh network on ``data``, rewriting ``out`` after every epoch (every n-th on long runs,
    see MAX_PROGRESS_LINES), so an interrupted run keeps its last checkpoint; KeyboardInterrupt is
    re-raised after saying which epoch ``out`` holds."""
    sizes = sizes_for(data, hidden)
    x, t = data.train.inputs, data.test.inputs
    net = Network.random(sizes, activation, config.seed)
    meta = {"config": vars(config), "training_data": data.fingerprint, "n_train": len(x), "n_test": len(t),
            "history": [], "epochs_done": 0}
    every = max(1, -(-config.epochs // MAX_PROGRESS_LINES))
    log(f"training {'-'.join(map(str, sizes))} ({activation}, {net.n_params:,} parameters) on {len(x):,} "
        f"{data.info.plural} of {data.info.title}: {config.epochs} epochs, batch {config.batch_size}, "
        f"Adam lr {config.learning_rate}, shift {config.shift}"
        + (", distorted like handwriting" if config.distortion.active else "")
        + (f" (a line every {every} epochs)" if every > 1 else ""))
    log(f"{'epoch':>5} {'cost':>8} {'train acc':>10} {'test acc':>9} {'seconds':>8}")

    def checkpoint(stats: EpochStats, current: Network) -> None:
        meta["history"].append(vars(stats))
        if stats.epoch % every == 0 or stats.epoch == config.epochs:
            meta["epochs_done"] = stats.epoch
            meta["test_accuracy"] = stats.test_accuracy
            weights.save(current, out, meta, data.info)
            log(f"{stats.epoch:>5} {stats.cost:>8.4f} {stats.train_accuracy:>9.2%} {stats.test_accuracy:>8.2%} "
                f"{stats.seconds:>8.2f}")

    started = time.perf_counter()
    try:
        history = train(net, x, data.train.labels, config, test=(t, data.test.labels),
                        snapshot_epochs=snapshot_epochs, on_epoch=checkpoint, image_shape=data.info.image_shape)
    except KeyboardInterrupt:
        done = meta["epochs_done"]
        kept = f"{out} holds the weights after epoch {done}" if done else f"{out} was not written"
        print(f"\ninterrupted during epoch {len(meta['history']) + 1}; {kept}", file=sys.stderr)
        raise
    log(f"done in {time.perf_counter() - started:.1f} s; test accuracy {meta['test_accuracy']:.2%}; wrote {out}")
    if snapshots_out is not None and history.snapshots:
        snap_acc = {str(e): accuracy(n, t, data.test.labels) for e, n in history.snapshots.items()}
        weights.save_snapshots(history.snapshots, snapshots_out,
                               {"test_accuracy": snap_acc, "history": meta["history"], "config": vars(config),
                                "n_train": len(x), "n_test": len(t)}, data.info)
        log(f"wrote {len(history.snapshots)} snapshots (epochs {sorted(history.snapshots)}) to {snapshots_out}")
    return RunResult(net, meta, history)
