"""The command line: python -m netcore {download,train,evaluate,predict,info,assets}."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from . import mnist, paths, samples, weights
from .errors import NetcoreError
from .network import DEFAULT_SIZES, Network
from .train import TrainConfig, accuracy, train


#: Of the Adam learning rates tried (1e-3 and 3e-3, all else equal), the better one for each
#: hidden activation: ReLU does better at 1e-3, sigmoid at the default 3e-3.
RELU_LEARNING_RATE = 1e-3


def confusion_matrix(labels: np.ndarray, predictions: np.ndarray, n: int = 10) -> np.ndarray:
    """counts[true, predicted]."""
    counts = np.zeros((n, n), dtype=int)
    np.add.at(counts, (labels, predictions), 1)
    return counts


def evaluate(net: Network, folder: Path | None = None) -> tuple[float, np.ndarray]:
    """Accuracy and confusion matrix on the 10,000 official test images."""
    images, labels = mnist.load("test", folder)
    preds = net.predict(mnist.to_inputs(images))
    return float(np.mean(preds == labels)), confusion_matrix(labels, preds)


def format_confusion(counts: np.ndarray) -> str:
    head = "true\\pred " + " ".join(f"{d:>5}" for d in range(counts.shape[1]))
    rows = [f"{t:>9} " + " ".join(f"{c:>5}" for c in row) for t, row in enumerate(counts)]
    return "\n".join([head] + rows)


def parse_epochs(text: str) -> set[int]:
    try:
        epochs = {int(e) for e in text.split(",") if e.strip()}
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected comma-separated epoch numbers, got {text!r}") from None
    if any(e < 0 for e in epochs):
        raise argparse.ArgumentTypeError("epoch numbers cannot be negative")
    return epochs


def run_training(out: Path, config: TrainConfig, activation: str = "sigmoid",
                 sizes: tuple[int, ...] = DEFAULT_SIZES, snapshot_epochs: set[int] = frozenset(),
                 snapshots_out: Path | None = None, folder: Path | None = None) -> tuple[Network, dict]:
    """Train from scratch, writing a checkpoint to ``out`` after every epoch; returns the net and its metadata."""
    train_images, train_labels = mnist.load("train", folder)
    test_images, test_labels = mnist.load("test", folder)
    x, t = mnist.to_inputs(train_images), mnist.to_inputs(test_images)
    net = Network.random(sizes, activation, config.seed)
    meta = {"config": vars(config), "training_data": mnist.data_fingerprint("train", folder),
            "n_train": len(x), "n_test": len(t), "history": [], "epochs_done": 0}
    print(f"training {'-'.join(map(str, sizes))} ({activation}, {net.n_params:,} parameters) on "
          f"{len(x):,} images: {config.epochs} epochs, batch {config.batch_size}, Adam lr {config.learning_rate}")
    print(f"{'epoch':>5} {'cost':>8} {'train acc':>10} {'test acc':>9} {'seconds':>8}")

    def checkpoint(stats, current: Network) -> None:
        meta["history"].append(vars(stats))
        meta["epochs_done"] = stats.epoch
        meta["test_accuracy"] = stats.test_accuracy
        weights.save(current, out, meta)
        print(f"{stats.epoch:>5} {stats.cost:>8.4f} {stats.train_accuracy:>9.2%} {stats.test_accuracy:>8.2%} "
              f"{stats.seconds:>8.2f}", flush=True)

    started = time.perf_counter()
    try:
        history = train(net, x, train_labels, config, test=(t, test_labels),
                        snapshot_epochs=snapshot_epochs, on_epoch=checkpoint)
    except KeyboardInterrupt:
        done = meta["epochs_done"]
        kept = f"{out} holds the weights after epoch {done}" if done else f"{out} was not written"
        print(f"\ninterrupted during epoch {done + 1}; {kept}", file=sys.stderr)
        raise
    print(f"done in {time.perf_counter() - started:.1f} s; test accuracy {meta['test_accuracy']:.2%}; wrote {out}")
    if snapshots_out is not None and history.snapshots:
        snap_acc = {str(e): accuracy(n, t, test_labels) for e, n in history.snapshots.items()}
        weights.save_snapshots(history.snapshots, snapshots_out,
                               {"test_accuracy": snap_acc, "history": meta["history"], "config": vars(config),
                                "n_train": len(x), "n_test": len(t)})
        print(f"wrote {len(history.snapshots)} snapshots (epochs {sorted(history.snapshots)}) to {snapshots_out}")
    return net, meta


def cmd_download(args) -> None:
    from .download import MIRRORS, download

    download(args.dir, tuple(args.mirror) if args.mirror else MIRRORS)


def cmd_train(args) -> None:
    config = TrainConfig(epochs=args.epochs, batch_size=args.batch_size, learning_rate=args.lr,
                         weight_decay=args.weight_decay, shift=args.shift, seed=args.seed)
    sizes = tuple(args.sizes)
    run_training(args.out, config, args.activation, sizes, args.snapshots, args.snapshots_out, args.data)


def cmd_evaluate(args) -> None:
    net, meta = weights.load(args.weights)
    acc, counts = evaluate(net, args.data)
    print(f"{args.weights}: {'-'.join(map(str, net.sizes))} {net.activation}, {net.n_params:,} parameters")
    print(f"test accuracy: {acc:.2%} ({int(round(acc * 10000))} of 10,000)")
    if "test_accuracy" in meta:
        print(f"recorded in the file: {meta['test_accuracy']:.2%}")
    print("confusion matrix (rows: true digit, columns: prediction)")
    print(format_confusion(counts))


def cmd_predict(args) -> None:
    from .preprocess import load_digit

    net, _ = weights.load(args.weights)
    if args.image is not None:
        x, what = load_digit(args.image), str(args.image)
    elif args.test_index is not None:
        images, labels = mnist.load("test", args.data)
        if not 0 <= args.test_index < len(images):
            raise NetcoreError(f"test index {args.test_index} is out of range 0..{len(images) - 1}")
        x, what = images[args.test_index] / 255.0, f"test image {args.test_index} (label {labels[args.test_index]})"
    else:
        s = samples.load(args.samples)
        x = s.input(args.sample)
        what = f"sample {args.sample} (test image {s.indices[args.sample]}, label {s.labels[args.sample]})"
    trace = net.forward(x)
    print(what)
    for d, a in enumerate(trace.output):
        print(f"  {d}: {a:.4f}" + ("  <- choice" if d == trace.prediction else ""))
    print(f"prediction: {trace.prediction}")


def cmd_info(args) -> None:
    net, meta = weights.load(args.weights)
    print(f"{args.weights}: layers {'-'.join(map(str, net.sizes))}, hidden activation {net.activation}")
    for l, (w, b) in enumerate(zip(net.weights, net.biases), start=1):
        print(f"  W{l} {w.shape[0]}x{w.shape[1]} = {w.size:,} weights, b{l} {b.size} biases")
    print(f"  total {net.n_params:,} parameters")
    for key in ("epochs_done", "test_accuracy", "config"):
        if key in meta:
            print(f"  {key}: {meta[key]}")


def cmd_assets(args) -> None:
    """Regenerate every file in assets/ from the MNIST files."""
    out = Path(args.out)
    snap_epochs = {0, 1, 2, 3, 5, 10, 20, 30}
    net, _ = run_training(out / paths.DEFAULT_WEIGHTS.name, TrainConfig(), "sigmoid",
                          snapshot_epochs=snap_epochs, snapshots_out=out / paths.SNAPSHOTS.name, folder=args.data)
    run_training(out / paths.RELU_WEIGHTS.name, TrainConfig(learning_rate=RELU_LEARNING_RATE), "relu", folder=args.data)
    images, labels = mnist.load("test", args.data)
    sample = samples.build(images, labels, net)
    samples.save(sample, out / paths.SAMPLES.name)
    wrong = int(np.sum(net.predict(sample.inputs) != sample.labels))
    print(f"wrote {len(sample)} sample digits ({wrong} misclassified) to {out / paths.SAMPLES.name}")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m netcore", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    data = dict(type=Path, default=None, help="folder with the MNIST files (default: search $NETCORE_MNIST_DIR, data/mnist, ../shared/data/mnist)")
    wts = dict(type=Path, default=paths.DEFAULT_WEIGHTS, help="weights file (default: %(default)s)")

    s = sub.add_parser("download", help="fetch the four MNIST files from public mirrors, checking SHA-256")
    s.add_argument("--dir", type=Path, default=paths.DOWNLOAD_DIR, help="destination (default: %(default)s)")
    s.add_argument("--mirror", action="append", help="mirror base URL to try instead of the defaults (repeatable)")
    s.set_defaults(func=cmd_download)

    d = TrainConfig()
    s = sub.add_parser("train", help="train a network from scratch on MNIST")
    s.add_argument("--out", type=Path, default=Path("weights.npz"), help="weights file, rewritten after every epoch (default: %(default)s)")
    s.add_argument("--activation", choices=["sigmoid", "relu"], default="sigmoid", help="hidden-layer activation")
    s.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES), help="layer sizes (default: 784 16 16 10)")
    s.add_argument("--epochs", type=int, default=d.epochs)
    s.add_argument("--batch-size", type=int, default=d.batch_size)
    s.add_argument("--lr", type=float, default=d.learning_rate, help="Adam learning rate at the start of the cosine schedule")
    s.add_argument("--weight-decay", type=float, default=d.weight_decay)
    s.add_argument("--shift", type=int, default=d.shift, help="random shift augmentation in pixels (0 = off)")
    s.add_argument("--seed", type=int, default=d.seed)
    s.add_argument("--snapshots", type=parse_epochs, default=set(), help="epochs to snapshot, e.g. 0,1,5,30")
    s.add_argument("--snapshots-out", type=Path, default=None, help="file for the snapshots")
    s.add_argument("--data", **data)
    s.set_defaults(func=cmd_train)

    s = sub.add_parser("evaluate", help="test-set accuracy and confusion matrix")
    s.add_argument("--weights", **wts)
    s.add_argument("--data", **data)
    s.set_defaults(func=cmd_evaluate)

    s = sub.add_parser("predict", help="the 10 output activations and the choice for one digit")
    which = s.add_mutually_exclusive_group()
    which.add_argument("--sample", type=int, default=0, help="index into the shipped sample digits (default 0)")
    which.add_argument("--test-index", type=int, help="index into the MNIST test set (needs the MNIST files)")
    which.add_argument("--image", type=Path, help="your own digit as a PNG or JPEG file")
    s.add_argument("--weights", **wts)
    s.add_argument("--samples", type=Path, default=paths.SAMPLES, help=argparse.SUPPRESS)
    s.add_argument("--data", **data)
    s.set_defaults(func=cmd_predict)

    s = sub.add_parser("info", help="architecture, parameter count and training record of a weights file")
    s.add_argument("--weights", **wts)
    s.set_defaults(func=cmd_info)

    s = sub.add_parser("assets", help="regenerate assets/ (weights, snapshots, ReLU weights, sample digits) from MNIST")
    s.add_argument("--out", type=Path, default=paths.ASSETS, help="folder (default: %(default)s)")
    s.add_argument("--data", **data)
    s.set_defaults(func=cmd_assets)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 bad input, 130 interrupted)."""
    args = build_parser().parse_args(argv)
    try:
        args.func(args)
    except NetcoreError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"error: {e.strerror or e}{f': {e.filename}' if e.filename else ''}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0
