"""The command line: python -m netcore {download,train,evaluate,predict,info,assets}."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import activations, dataset, lessonset, paths, weights
from .errors import NetcoreError
from .evaluate import evaluate, report
from .run import train_run
from .train import DISTORT_CHOICES, TrainConfig


def parse_epochs(text: str) -> set[int]:
    try:
        epochs = {int(e) for e in text.split(",") if e.strip()}
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected comma-separated epoch numbers, got {text!r}") from None
    if any(e < 0 for e in epochs):
        raise argparse.ArgumentTypeError("epoch numbers cannot be negative")
    return epochs


def data_for(weights_path: Path, meta: dict, folder: Path | None) -> dataset.Dataset:
    """The dataset to test ``weights_path`` on: ``folder``, or MNIST for weights that learned MNIST."""
    info = weights.dataset_info(meta, str(weights_path))
    if folder is None and info != dataset.MNIST:
        raise NetcoreError(f"{weights_path} learned {info.title}; give its dataset folder with --data")
    data = dataset.load(folder)
    if (data.info.image_shape, data.info.n_classes) != (info.image_shape, info.n_classes):
        raise NetcoreError(f"{weights_path} takes {info.image_shape[0]}x{info.image_shape[1]} images in {info.n_classes} "
                           f"classes; the data has {data.info.image_shape[0]}x{data.info.image_shape[1]} in "
                           f"{data.info.n_classes}")
    return data


def cmd_download(args) -> None:
    from .download import MIRRORS, download

    download(args.dir, tuple(args.mirror) if args.mirror else MIRRORS)


def cmd_train(args) -> None:
    data = dataset.load(args.data)
    config = TrainConfig.for_data(len(data.train), data.info.image_shape, data.info.recipe, args.distort,
                                  epochs=args.epochs,
                                  batch_size=args.batch_size, weight_decay=args.weight_decay, shift=args.shift,
                                  seed=args.seed, learning_rate=args.lr or lessonset.LEARNING_RATES[args.activation])
    hidden = lessonset.hidden_from(tuple(args.sizes), data.info)
    train_run(data, args.out, config, args.activation, hidden, args.snapshots, args.snapshots_out)


def cmd_evaluate(args) -> None:
    net, meta = weights.load(args.weights)
    data = data_for(args.weights, meta, args.data)
    result = evaluate(net, data.test)
    print(f"{args.weights}: {'-'.join(map(str, net.sizes))} {net.activation}, {net.n_params:,} parameters")
    print(f"test accuracy on {data.info.title}: {result.accuracy:.2%} ({result.right:,} of {result.n:,})")
    if "test_accuracy" in meta:
        print(f"recorded in the file: {meta['test_accuracy']:.2%}")
    print(report(result, data.info))


def cmd_predict(args) -> None:
    from .preprocess import load_image

    chosen = lessonset.load(args.set, args.weights)
    net, info = chosen.net, chosen.info
    if args.image is not None:
        x, what = load_image(args.image, info.image_shape, info.recipe), str(args.image)
    elif args.test_index is not None:
        test = data_for(chosen.weights_path, chosen.meta, args.data).test
        if not 0 <= args.test_index < len(test):
            raise NetcoreError(f"test index {args.test_index} is out of range 0..{len(test) - 1}")
        x = test.inputs[args.test_index]
        what = f"test item {args.test_index} (label {info.classes[test.labels[args.test_index]]})"
    else:
        s = chosen.samples
        x = s.input(args.sample)
        what = (f"sample {args.sample} (test item {s.indices[args.sample]}, "
                f"label {info.classes[s.labels[args.sample]]})")
    trace = net.forward(x)
    print(what)
    width = max(len(c) for c in info.classes)
    for k, a in enumerate(trace.output):
        print(f"  {info.classes[k]:>{width}}: {a:.4f}" + ("  <- choice" if k == trace.prediction else ""))
    print(f"prediction: {info.classes[trace.prediction]}")


def cmd_info(args) -> None:
    net, meta = weights.load(args.weights)
    info = weights.dataset_info(meta, str(args.weights))
    print(f"{args.weights}: layers {'-'.join(map(str, net.sizes))}, hidden activation {net.activation}")
    print(f"  dataset: {info.title}; one item is a {info.noun} ({info.plural}), {info.image_shape[0]}x"
          f"{info.image_shape[1]} pixels, prepared by the {info.recipe!r} recipe")
    print(f"  {info.n_classes} classes: {', '.join(info.classes)}")
    if info.credit:
        print(f"  credit: {info.credit}")
    if "dataset" not in meta:
        print("  (the file records no dataset; this is what its layer sizes imply)")
    for l, (w, b) in enumerate(zip(net.weights, net.biases), start=1):
        act = net.layer_activation(l)
        print(f"  layer {l}: W{l} {w.shape[0]}x{w.shape[1]} = {w.size:,} weights, b{l} {b.size:,} biases, "
              f"activation {act.name} = {act.formula}")
    print(f"  total {net.n_params:,} parameters")
    for key in ("epochs_done", "test_accuracy", "config"):
        if key in meta:
            print(f"  {key}: {meta[key]}")


def cmd_assets(args) -> None:
    data = dataset.load(args.data)
    lessonset.build(data, args.out, lessonset.hidden_from(tuple(args.sizes), data.info), args.activation,
                    distort=args.distort)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m netcore", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    data = dict(type=Path, default=None, help="dataset folder: four IDX files, optional classes.txt and dataset.toml "
                "(default: MNIST from $NETCORE_MNIST_DIR, data/mnist or ../shared/data/mnist)")
    wts = dict(type=Path, default=paths.DEFAULT_WEIGHTS, help="weights file (default: %(default)s)")
    acts = sorted(activations.ACTIVATIONS)
    distort = dict(choices=DISTORT_CHOICES, default="auto",
                   help="train on items turned, slanted, stretched and with thicker or thinner strokes, so drawn "
                        "items are read better; auto (the default): for handwriting-like data, whose recipe is mnist")
    sizes = dict(type=int, nargs="+", default=list(lessonset.DEFAULT_HIDDEN),
                 help="hidden layer sizes, 1 to 4 layers of 2 to 512 (default: 16 16); the full list, "
                      "such as 784 16 16 10, is accepted too")

    s = sub.add_parser("download", help="fetch the four MNIST files from public mirrors, checking SHA-256")
    s.add_argument("--dir", type=Path, default=paths.DOWNLOAD_DIR, help="destination (default: %(default)s)")
    s.add_argument("--mirror", action="append", help="mirror base URL to try instead of the defaults (repeatable)")
    s.set_defaults(func=cmd_download)

    d = TrainConfig()
    s = sub.add_parser("train", help="train a network from scratch on a dataset (default MNIST)")
    s.add_argument("--out", type=Path, default=Path("weights.npz"), help="weights file, rewritten after every epoch (default: %(default)s)")
    s.add_argument("--activation", choices=acts, default="sigmoid", help="hidden-layer activation")
    s.add_argument("--sizes", **sizes)
    s.add_argument("--epochs", type=int, default=None,
                   help="default: enough for 15,000 mini-batches, at least 30 (30 on MNIST)")
    s.add_argument("--batch-size", type=int, default=d.batch_size)
    s.add_argument("--lr", type=float, default=None,
                   help="Adam learning rate at the start of the cosine schedule (default: 3e-3 sigmoid, 1e-3 relu)")
    s.add_argument("--weight-decay", type=float, default=d.weight_decay)
    s.add_argument("--shift", type=int, default=None,
                   help="random shift augmentation in pixels (default: 1 for images of 16 pixels a side or more, else 0)")
    s.add_argument("--seed", type=int, default=d.seed)
    s.add_argument("--distort", **distort)
    s.add_argument("--snapshots", type=parse_epochs, default=set(), help="epochs to snapshot, e.g. 0,1,5,30")
    s.add_argument("--snapshots-out", type=Path, default=None, help="file for the snapshots")
    s.add_argument("--data", **data)
    s.set_defaults(func=cmd_train)

    s = sub.add_parser("evaluate", help="test accuracy and confusion matrix")
    s.add_argument("--weights", **wts)
    s.add_argument("--data", **data)
    s.set_defaults(func=cmd_evaluate)

    s = sub.add_parser("predict", help="the output activations and the choice for one item")
    which = s.add_mutually_exclusive_group()
    which.add_argument("--sample", type=int, default=0, help="index into the lesson set's sample items (default 0)")
    which.add_argument("--test-index", type=int, help="index into the dataset's test split (needs the data)")
    which.add_argument("--image", type=Path, help="your own image as a PNG or JPEG file")
    s.add_argument("--set", type=Path, default=paths.ASSETS, help="lesson set folder (default: %(default)s)")
    s.add_argument("--weights", type=Path, default=None, help="weights file (default: the set's weights.npz)")
    s.add_argument("--data", **data)
    s.set_defaults(func=cmd_predict)

    s = sub.add_parser("info", help="architecture, dataset, parameter count and training record of a weights file")
    s.add_argument("--weights", **wts)
    s.set_defaults(func=cmd_info)

    s = sub.add_parser("assets", help="make a lesson set (network, twin, snapshots, sample, README) from a dataset; "
                                      "with no --data, regenerate assets/ from MNIST")
    s.add_argument("--data", **data)
    s.add_argument("--out", type=Path, default=paths.ASSETS, help="folder (default: %(default)s)")
    s.add_argument("--sizes", **sizes)
    s.add_argument("--activation", choices=acts, default="sigmoid",
                   help="hidden activation of the lesson's network; its twin gets the other")
    s.add_argument("--distort", **distort)
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
