"""A dataset folder: the four IDX files under MNIST's names, the class names and a description,
all checked on load.

    my-data/
      train-images-idx3-ubyte[.gz]   t10k-images-idx3-ubyte[.gz]    (n, rows, cols) uint8
      train-labels-idx1-ubyte[.gz]   t10k-labels-idx1-ubyte[.gz]    (n,) uint8, 0 .. classes-1
      classes.txt     optional: one class name per line, in label order (else the labels' numbers)
      classes.de.txt  optional: the class names in another language (here German), same order
      dataset.toml    optional: title, noun, plural, credit, recipe ("mnist" or "fit"), and a table
                      per language ([de]) with its title, noun, plural and classes

Without a folder, MNIST itself is used from the usual places (see ``paths.mnist_dirs``); a
folder holding the official MNIST files and nothing else is recognised as MNIST by checksum.
"""
from __future__ import annotations

import tomllib
import re
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import numpy as np

from . import mnist
from .errors import NetcoreError
from .preprocess import RECIPES

MIN_SIDE, MAX_SIDE = 4, 64
MIN_CLASSES, MAX_CLASSES = 2, 100
CLASSES_FILE, DESCRIPTION_FILE = "classes.txt", "dataset.toml"
DESCRIPTION_KEYS = ("title", "noun", "plural", "credit", "recipe")
NAME_KEYS = ("title", "noun", "plural", "classes")  # what a language's table in dataset.toml may give
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True)
class Names:
    """The words for a dataset in one language; None where that language gives none (the base
    words are used)."""

    title: str | None = None
    noun: str | None = None
    plural: str | None = None
    classes: tuple[str, ...] | None = None


@dataclass(frozen=True)
class DatasetInfo:
    """What a dataset is about: everything a lesson needs to talk about it truthfully."""

    title: str
    noun: str  # the word for one item: "digit", "garment", "shape"
    plural: str
    classes: tuple[str, ...]  # class names in label order
    image_shape: tuple[int, int]  # (rows, cols)
    recipe: str = "fit"
    credit: str = ""
    translations: tuple[tuple[str, Names], ...] = ()  # (language tag, its words), sorted by tag

    @property
    def n_classes(self) -> int:
        return len(self.classes)

    @property
    def n_pixels(self) -> int:
        return self.image_shape[0] * self.image_shape[1]

    def in_language(self, tag: str) -> "DatasetInfo":
        """This description in the words of language ``tag`` (de, de-AT: the exact tag first, then
        its base language); each word a language does not give stays as it is."""
        table = {t.lower(): names for t, names in self.translations}
        names = table.get(tag.lower()) or table.get(tag.split("-")[0].lower())
        if names is None:
            return self
        return replace(self, title=names.title or self.title, noun=names.noun or self.noun,
                       plural=names.plural or names.noun or self.plural, classes=names.classes or self.classes)

    def speaks(self, tag: str) -> bool:
        """Whether the dataset gives any of its words in language ``tag`` (or its base language)."""
        return self.in_language(tag) is not self

    def to_meta(self) -> dict:
        """As plain JSON values, for a weights file's metadata."""
        d = asdict(self)
        d["classes"], d["image_shape"] = list(self.classes), list(self.image_shape)
        d["translations"] = {tag: {k: list(v) if k == "classes" else v for k, v in asdict(names).items() if v is not None}
                             for tag, names in self.translations}
        return d

    @classmethod
    def from_meta(cls, d: object, where: str) -> "DatasetInfo":
        """Read back what ``to_meta`` wrote; NetcoreError naming ``where`` if anything is off."""
        try:
            info = cls(title=str(d["title"]), noun=str(d["noun"]), plural=str(d["plural"]),
                       classes=tuple(str(c) for c in d["classes"]),
                       image_shape=(int(d["image_shape"][0]), int(d["image_shape"][1])),
                       recipe=str(d.get("recipe", "fit")), credit=str(d.get("credit", "")),
                       translations=tuple(sorted((str(tag), Names(**{k: tuple(map(str, v)) if k == "classes" else str(v)
                                                                    for k, v in names.items() if k in NAME_KEYS}))
                                                 for tag, names in dict(d.get("translations") or {}).items())))
        except (TypeError, KeyError, IndexError, ValueError, AttributeError) as e:
            raise NetcoreError(f"{where}: malformed dataset description in the metadata ({e!r})") from None
        if info.recipe not in RECIPES:
            raise NetcoreError(f"{where}: unknown image recipe {info.recipe!r} (known: {', '.join(RECIPES)})")
        for tag, names in info.translations:
            if names.classes is not None and len(names.classes) != info.n_classes:
                raise NetcoreError(f"{where}: the {tag} class names are {len(names.classes)}, not {info.n_classes}")
        if not info.translations and replace(info, credit=MNIST.credit) == replace(MNIST, translations=()):
            info = replace(info, translations=MNIST.translations)  # recorded before MNIST had its words in other languages
        return info

    @classmethod
    def for_network(cls, n_inputs: int, n_outputs: int) -> "DatasetInfo":
        """The description assumed for a weights file that records none (written before datasets
        were recorded): MNIST for a 784-input, 10-output network, else numbered classes of square
        images."""
        if (n_inputs, n_outputs) == (MNIST.n_pixels, MNIST.n_classes):
            return MNIST
        side = int(round(n_inputs ** 0.5))
        shape = (side, side) if side * side == n_inputs else (1, n_inputs)
        return cls("unnamed dataset", "item", "items", tuple(str(i) for i in range(n_outputs)), shape)


MNIST = DatasetInfo(
    title="MNIST handwritten digits", noun="digit", plural="digits", classes=tuple("0123456789"),
    image_shape=(28, 28), recipe="mnist",
    credit="MNIST by Yann LeCun, Corinna Cortes and Christopher J.C. Burges, CC BY-SA 3.0",
    translations=(("de", Names(title="MNIST: handgeschriebene Ziffern", noun="Ziffer", plural="Ziffern")),),
)


@dataclass
class Split:
    """One split of a dataset: uint8 images (n, rows, cols) and integer labels (n,)."""

    images: np.ndarray
    labels: np.ndarray

    def __len__(self) -> int:
        return len(self.labels)

    @property
    def inputs(self) -> np.ndarray:
        """The images as network inputs (n, rows*cols) in [0, 1]."""
        return mnist.to_inputs(self.images)


@dataclass
class Dataset:
    """A checked dataset: its description, both splits, and the SHA-256 of its training files."""

    info: DatasetInfo
    train: Split
    test: Split
    folder: Path | None
    fingerprint: dict[str, str]


def _read_split(split: str, folders: list[Path] | None) -> Split:
    image_stem, label_stem = mnist.SPLITS[split]
    image_path, label_path = mnist.find(image_stem, folders), mnist.find(label_stem, folders)
    images, labels = mnist.read_idx(image_path), mnist.read_idx(label_path)
    if images.ndim != 3:
        raise NetcoreError(f"{image_path}: images must be grayscale (n, rows, cols); this file holds "
                           f"{'x'.join(map(str, images.shape))}")
    if labels.ndim != 1:
        raise NetcoreError(f"{label_path}: labels must be one number per image; this file holds "
                           f"{'x'.join(map(str, labels.shape))}")
    if len(images) != len(labels):
        raise NetcoreError(f"{split} split: {len(images):,} images but {len(labels):,} labels")
    if len(images) == 0:
        raise NetcoreError(f"{image_path}: no images")
    rows, cols = images.shape[1:]
    if not (MIN_SIDE <= rows <= MAX_SIDE and MIN_SIDE <= cols <= MAX_SIDE):
        raise NetcoreError(f"{image_path}: images are {rows}x{cols}; supported sizes are {MIN_SIDE} to "
                           f"{MAX_SIDE} pixels a side")
    return Split(images, labels.astype(int))


def read_classes(path: Path, n_labels: int) -> tuple[str, ...]:
    """Class names from classes.txt, checked against the number of label values in use."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise NetcoreError(f"{path}: cannot read ({e})") from None
    while lines and not lines[-1].strip():
        lines.pop()
    names = [line.strip() for line in lines]
    for number, name in enumerate(names, start=1):
        if not name:
            raise NetcoreError(f"{path}: line {number} is blank; give every class a name, one per line")
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise NetcoreError(f"{path}: the class name {name!r} appears twice")
        seen.add(name)
    if len(names) != n_labels:
        raise NetcoreError(f"{path} names {len(names)} classes, but the labels run from 0 to {n_labels - 1} "
                           f"({n_labels} classes)")
    return tuple(names)


def read_description(path: Path) -> tuple[dict[str, str], dict[str, dict]]:
    """The settings of dataset.toml, each checked, and its tables of words per language
    ({"de": {"noun": "Ziffer", "classes": [...]}})."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise NetcoreError(f"{path}: not valid TOML ({e})") from None
    languages = {k: data.pop(k) for k in list(data) if isinstance(data[k], dict)}
    unknown = sorted(set(data) - set(DESCRIPTION_KEYS))
    if unknown:
        raise NetcoreError(f"{path}: unknown setting(s) {', '.join(unknown)} (known: {', '.join(DESCRIPTION_KEYS)}, "
                           "and a [language] table such as [de])")
    for tag, table in languages.items():
        if not LANGUAGE_TAG.match(tag):
            raise NetcoreError(f"{path}: [{tag}] is not a language tag (such as de, fr or pt-BR)")
        bad = sorted(set(table) - set(NAME_KEYS))
        if bad:
            raise NetcoreError(f"{path}: [{tag}]: unknown setting(s) {', '.join(bad)} (known: {', '.join(NAME_KEYS)})")
        for key, value in table.items():
            ok = (isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value)
                  if key == "classes" else isinstance(value, str) and value.strip())
            if not ok:
                raise NetcoreError(f"{path}: [{tag}] {key} must be "
                                   + ("a list of non-empty names" if key == "classes" else "a non-empty text in quotes")
                                   + f", not {value!r}")
    for key, value in data.items():
        if not isinstance(value, str) or not value.strip():
            raise NetcoreError(f"{path}: {key} must be a non-empty text in quotes, not {value!r}")
    if data.get("recipe", "fit") not in RECIPES:
        raise NetcoreError(f"{path}: recipe must be one of {', '.join(RECIPES)}, not {data['recipe']!r}")
    return {k: v.strip() for k, v in data.items()}, languages


def is_official_mnist(folder: Path) -> bool:
    """True if ``folder`` holds the four official MNIST .gz files, checksums and all."""
    return all((folder / name).is_file() and mnist.sha256(folder / name) == digest
               for name, digest in mnist.FILES.items())


def load(folder: Path | None = None) -> Dataset:
    """Read and check a dataset folder (None: MNIST from the usual places)."""
    folders = None if folder is None else [Path(folder)]
    if folder is not None and not Path(folder).is_dir():
        raise NetcoreError(f"dataset folder {folder} not found")
    train, test = _read_split("train", folders), _read_split("test", folders)
    shape = train.images.shape[1:]
    if test.images.shape[1:] != shape:
        raise NetcoreError(f"training images are {shape[0]}x{shape[1]} but test images are "
                           f"{test.images.shape[1]}x{test.images.shape[2]}")
    info = describe(folder, train, test)
    fingerprint = mnist.data_fingerprint("train", folder)
    return Dataset(info, train, test, None if folder is None else Path(folder), fingerprint)


def describe(folder: Path | None, train: Split, test: Split) -> DatasetInfo:
    """The folder's DatasetInfo from classes.txt and dataset.toml, checked against the labels."""
    folder = None if folder is None else Path(folder)
    classes_file = None if folder is None else folder / CLASSES_FILE
    description_file = None if folder is None else folder / DESCRIPTION_FILE
    plain = folder is None or not (classes_file.is_file() or description_file.is_file())
    if plain and (folder is None or is_official_mnist(folder)):
        info = MNIST
    else:
        n_labels = int(max(train.labels.max(), test.labels.max())) + 1
        if classes_file is not None and classes_file.is_file():
            classes = read_classes(classes_file, n_labels)
        else:
            classes = tuple(str(i) for i in range(n_labels))
        text, languages = read_description(description_file) if description_file.is_file() else ({}, {})
        noun = text.get("noun", "item")
        info = DatasetInfo(title=text.get("title", folder.name), noun=noun, plural=text.get("plural", noun + "s"),
                           classes=classes, image_shape=tuple(int(n) for n in train.images.shape[1:]),
                           recipe=text.get("recipe", "fit"), credit=text.get("credit", ""),
                           translations=read_translations(folder, languages, n_labels))
    check_labels(info, train, test)
    return info


def read_translations(folder: Path, languages: dict[str, dict], n_labels: int) -> tuple[tuple[str, Names], ...]:
    """The dataset's words per language: dataset.toml's [language] tables, and class names from
    classes.<language>.txt files (one of the two per language gives the class names)."""
    files = {p.name[len("classes."):-len(".txt")]: p for p in folder.glob("classes.*.txt")}
    out = []
    for tag in sorted(set(languages) | set(files)):
        if not LANGUAGE_TAG.match(tag):
            raise NetcoreError(f"{files[tag]}: {tag!r} is not a language tag (name it classes.de.txt, classes.pt-BR.txt...)")
        table = dict(languages.get(tag, {}))
        if tag in files and "classes" in table:
            raise NetcoreError(f"{files[tag]} and the [{tag}] table of {folder / DESCRIPTION_FILE} both name the {tag} "
                               "classes; keep one")
        if tag in files:
            classes = read_classes(files[tag], n_labels)
        elif "classes" in table:
            classes = tuple(c.strip() for c in table["classes"])
            if len(classes) != n_labels or len(set(classes)) != len(classes):
                raise NetcoreError(f"{folder / DESCRIPTION_FILE}: [{tag}] classes names {len(classes)} classes"
                                   + (", some twice" if len(set(classes)) != len(classes) else "")
                                   + f"; the labels need {n_labels} different names")
        else:
            classes = None
        out.append((tag, Names(title=table.get("title"), noun=table.get("noun"), plural=table.get("plural"),
                               classes=classes)))
    return tuple(out)


def check_labels(info: DatasetInfo, train: Split, test: Split) -> None:
    """Every label names a class, the class count is supported, and every class has training images."""
    if not MIN_CLASSES <= info.n_classes <= MAX_CLASSES:
        raise NetcoreError(f"the labels name {info.n_classes} classes; supported are {MIN_CLASSES} to {MAX_CLASSES}")
    for name, split in (("training", train), ("test", test)):
        bad = np.flatnonzero((split.labels < 0) | (split.labels >= info.n_classes))
        if len(bad):
            raise NetcoreError(f"{name} label {split.labels[bad[0]]} (item {bad[0]}) is outside 0..{info.n_classes - 1}, "
                               f"the {info.n_classes} classes")
    counts = np.bincount(train.labels, minlength=info.n_classes)
    if (counts == 0).any():
        k = int(np.flatnonzero(counts == 0)[0])
        raise NetcoreError(f"class {info.classes[k]!r} (label {k}) has no training images")
