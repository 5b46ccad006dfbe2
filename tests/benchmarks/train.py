"""Benchmark of netcore's training and forward pass (not a test: it prints measurements).

    python tests/benchmarks/train.py [--epochs N]

Prints seconds per training epoch on the 60,000 MNIST training images, images per second
for a batched forward pass, the wall time of the whole run, and the test accuracy it
reaches, against the target of a full run in under 30 s: once without distortions and once
distorted like handwriting, as the shipped network is trained (slower: each epoch distorts
60,000 images).
"""
from __future__ import annotations

import argparse
import time

import numpy as np

from netcore import Network, dataset, paths, weights
from netcore.train import TrainConfig, accuracy, train

TARGET_SECONDS = 30.0


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--epochs", type=int, default=TrainConfig().epochs)
    args = p.parse_args()

    data = dataset.load()
    x, train_labels = data.train.inputs, data.train.labels
    t, test_labels = data.test.inputs, data.test.labels

    shipped, meta = weights.load(paths.DEFAULT_WEIGHTS)
    start = time.perf_counter()
    repeats = 5
    for _ in range(repeats):
        shipped.forward(x)
    forward_rate = repeats * len(x) / (time.perf_counter() - start)

    print(f"forward pass, batch of 60,000: {forward_rate:,.0f} images/s")
    runs = {"without distortions": TrainConfig(epochs=args.epochs),
            "as shipped (distorted like handwriting)": TrainConfig.for_data(
                len(x), data.info.image_shape, data.info.recipe, "on", epochs=args.epochs)}
    for name, config in runs.items():
        net = Network.random(seed=config.seed)
        start = time.perf_counter()
        history = train(net, x, train_labels, config, test=(t, test_labels), image_shape=data.info.image_shape)
        total = time.perf_counter() - start
        per_epoch = float(np.mean([e.seconds for e in history.epochs]))
        print(f"training {name}: {per_epoch:.2f} s per epoch (60,000 images), {args.epochs} epochs in {total:.1f} s "
              f"including per-epoch evaluation; test accuracy {accuracy(net, t, test_labels):.2%} "
              f"(shipped weights record {meta['test_accuracy']:.2%}); full run / target ({TARGET_SECONDS:.0f} s): "
              f"{total / TARGET_SECONDS:.2f}")

if __name__ == "__main__":
    main()
