"""Small datasets made by the tests: IDX files, class names and descriptions written to a folder."""
from __future__ import annotations

import gzip
import struct
from pathlib import Path

import numpy as np

from netcore import mnist


def idx_bytes(arr: np.ndarray) -> bytes:
    """An unsigned-byte IDX file holding ``arr``."""
    return struct.pack(">BBBB", 0, 0, 0x08, arr.ndim) + struct.pack(f">{arr.ndim}I", *arr.shape) + arr.tobytes()


def write_idx_folder(folder: Path, train: tuple[np.ndarray, np.ndarray], test: tuple[np.ndarray, np.ndarray],
                     gz: bool = True, classes: list[str] | None = None, toml: str | None = None) -> Path:
    """Write the four IDX files (and classes.txt, dataset.toml if given) under MNIST's names."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for split, (images, labels) in (("train", train), ("test", test)):
        for stem, arr in zip(mnist.SPLITS[split], (images, labels)):
            data = idx_bytes(np.ascontiguousarray(arr, dtype=np.uint8))
            (folder / (stem + (".gz" if gz else ""))).write_bytes(gzip.compress(data) if gz else data)
    if classes is not None:
        (folder / "classes.txt").write_text("\n".join(classes) + "\n")
    if toml is not None:
        (folder / "dataset.toml").write_text(toml)
    return folder


def draw_shape(kind: str, rows: int, cols: int, rng: np.random.Generator | None = None) -> np.ndarray:
    """A light shape on black, as uint8 (rows, cols): 'ring', 'box', 'cross', 'bar' or 'dot', slightly
    moved and resized at random when ``rng`` is given."""
    jitter = (lambda n: int(rng.integers(-n, n + 1))) if rng is not None else (lambda n: 0)
    cy, cx = (rows - 1) / 2 + jitter(1), (cols - 1) / 2 + jitter(1)
    r = min(rows, cols) * 0.32 + jitter(1) * 0.5
    y, x = np.mgrid[0:rows, 0:cols].astype(float)
    d = np.hypot(y - cy, x - cx)
    if kind == "ring":
        ink = np.abs(d - r) < 0.8
    elif kind == "box":
        ink = (np.maximum(np.abs(y - cy), np.abs(x - cx)) <= r) & (np.maximum(np.abs(y - cy), np.abs(x - cx)) > r - 1.2)
    elif kind == "cross":
        ink = ((np.abs((y - cy) - (x - cx)) < 0.9) | (np.abs((y - cy) + (x - cx)) < 0.9)) & (d <= r + 0.5)
    elif kind == "bar":
        ink = (np.abs(y - cy) < 0.9) & (np.abs(x - cx) <= r)
    elif kind == "dot":
        ink = d <= r * 0.6
    else:
        raise ValueError(kind)
    img = ink * 230.0
    if rng is not None:
        img = img + rng.integers(0, 25, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


SHAPES = ("ring", "box", "cross", "bar", "dot")


def shapes_dataset(folder: Path, rows: int = 12, cols: int = 12, kinds: tuple[str, ...] = SHAPES[:3],
                   n_train: int = 300, n_test: int = 60, names: list[str] | None = None,
                   toml: str | None = 'title = "Drawn shapes"\nnoun = "shape"\nrecipe = "fit"\n',
                   seed: int = 0) -> Path:
    """A folder of shapes, one class per kind, with class names and a description."""
    rng = np.random.default_rng(seed)

    def split(n):
        labels = np.arange(n) % len(kinds)
        rng.shuffle(labels)
        return np.stack([draw_shape(kinds[k], rows, cols, rng) for k in labels]), labels.astype(np.uint8)

    return write_idx_folder(folder, split(n_train), split(n_test),
                            classes=list(names) if names is not None else list(kinds), toml=toml)


def banded_dataset(folder: Path, n_classes: int, rows: int = 28, cols: int = 28, n_train: int = 400,
                   n_test: int = 100, seed: int = 0, **kw) -> Path:
    """Class k lights the k-th of ``n_classes`` positions along the image (row band, then column):
    easy to learn for any class count, for tests that need many classes quickly."""
    rng = np.random.default_rng(seed)

    def split(n):
        labels = np.arange(n) % n_classes
        rng.shuffle(labels)
        images = rng.integers(0, 30, (n, rows, cols))
        for i, k in enumerate(labels):
            r, c = divmod(int(k), cols)
            images[i, r % rows, c:c + 1] = 255
            images[i, (r + rows // 2) % rows, (c + cols // 2) % cols] = 255
        return images.astype(np.uint8), labels.astype(np.uint8)

    return write_idx_folder(folder, split(n_train), split(n_test), **kw)


def network_file(path: Path, sizes: tuple[int, ...], activation: str, seed: int = 0) -> Path:
    """A weights file of freshly initialised (untrained) weights for MNIST-shaped data: enough to check
    that scenes draw any architecture truthfully."""
    from netcore import Network, weights
    from netcore.dataset import MNIST

    net = Network.random(sizes, activation, seed)
    weights.save(net, path, {"note": "untrained, made by the tests"}, MNIST)
    return Path(path)


def lesson_sets(root: Path) -> dict[str, dict[str, str]]:
    """The lesson settings scene tests run against, by name: the shipped set with each of its two
    networks, a wider and a deeper network on the shipped items, and two sets made here from
    non-digit data (12x12 shapes in 3 named classes; 20 classes of 10x14 images). The two made here
    also name their classes and items in German, one in a classes.de.txt file, one in dataset.toml."""
    from netcore import dataset, lessonset, paths

    root = Path(root)
    shapes = root / "shapes-set"
    if not (shapes / "weights.npz").is_file():
        data = shapes_dataset(root / "shapes-data", names=["circle", "square", "cross"], n_train=240, n_test=60,
                              toml='title = "Drawn shapes"\nnoun = "shape"\n[de]\ntitle = "Gezeichnete Formen"\n'
                                   'noun = "Form"\nplural = "Formen"\n')
        (data / "classes.de.txt").write_text("Kreis\nQuadrat\nKreuz\n", encoding="utf-8")
        lessonset.build(dataset.load(data), shapes, (12, 8), log=lambda _: None)
    many = root / "twenty-set"
    if not (many / "weights.npz").is_file():
        toml = ('title = "Twenty kinds of marks"\nnoun = "mark"\n[de]\ntitle = "Zwanzig Arten von Zeichen"\n'
                'noun = "Zeichen"\nplural = "Zeichen"\nclasses = [' + ", ".join(f'"Marke {chr(65 + k)}"' for k in range(20)) + "]\n")
        names = [f"mark {chr(65 + k)}" for k in range(20)]
        data = banded_dataset(root / "twenty-data", 20, rows=10, cols=14, n_train=400, n_test=120, classes=names, toml=toml)
        lessonset.build(dataset.load(data), many, (24,), "relu", log=lambda _: None)
    wide = root / "784-32-10.npz"
    deep = root / "784-24-20-16-12-10-relu.npz"
    if not wide.is_file():
        network_file(wide, (784, 32, 10), "sigmoid", seed=1)
        network_file(deep, (784, 24, 20, 16, 12, 10), "relu", seed=2)
    return {
        "shipped": {},
        "shipped-relu": {"weights": str(paths.ASSETS / "weights-relu.npz")},
        "784-32-10": {"weights": str(wide)},
        "four-hidden-relu": {"weights": str(deep)},
        "shapes-12x12": {"assets": str(shapes)},
        "twenty-classes": {"assets": str(many)},
    }
