"""Saving and loading networks as .npz files with metadata, validated on the way in.

A weights file holds arrays ``W1, b1, ..., WL, bL`` (lesson numbering: ``Wl`` maps
layer l-1 to layer l) and ``meta``, a JSON string with at least ``format``,
``sizes`` and ``activation``. Files written by this version also record each layer's
activation (``activations``) and the dataset they learned (``dataset``: title, item noun,
class names, image shape, image recipe, credit); files without it are read as MNIST when
they are 784-...-10 (as every file written before was). A snapshots file stacks several
networks of one architecture: ``Wl`` gets a leading axis, and ``epochs`` says which epoch each is.
"""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np

from . import activations
from .atomic import atomic_open
from .dataset import DatasetInfo
from .errors import NetcoreError
from .network import Network

FORMAT = 1


def _arrays(net: Network) -> dict[str, np.ndarray]:
    out = {}
    for l, (w, b) in enumerate(zip(net.weights, net.biases), start=1):
        out[f"W{l}"], out[f"b{l}"] = w, b
    return out


def _write(path: Path, arrays: dict[str, np.ndarray], meta: dict) -> None:
    with atomic_open(path) as f:
        np.savez_compressed(f, meta=np.array(json.dumps(meta, sort_keys=True)), **arrays)


def _describe(net: Network, meta: dict | None, info: DatasetInfo | None) -> dict:
    meta = dict(meta or {}, format=FORMAT, sizes=list(net.sizes), activation=net.activation,
                activations=net.layer_activations)
    if info is not None:
        _check_topic(info, net.sizes, "the dataset")
        meta["dataset"] = info.to_meta()
    return meta


def save(net: Network, path: Path, meta: dict | None = None, info: DatasetInfo | None = None) -> None:
    """Write ``net`` and ``meta`` (plus format, sizes, activations, parameter count and, given
    ``info``, the dataset it learned) atomically."""
    _write(path, _arrays(net), dict(_describe(net, meta, info), n_params=net.n_params))


def save_snapshots(snapshots: dict[int, Network], path: Path, meta: dict | None = None,
                   info: DatasetInfo | None = None) -> None:
    """Write networks taken after several epochs into one file (epoch 0 = before training)."""
    if not snapshots:
        raise NetcoreError("no snapshots to save")
    epochs = sorted(snapshots)
    first = snapshots[epochs[0]]
    arrays = {k: np.stack([_arrays(snapshots[e])[k] for e in epochs]) for k in _arrays(first)}
    _write(path, dict(arrays, epochs=np.array(epochs)), _describe(first, meta, info))


def _check_topic(info: DatasetInfo, sizes, where: str) -> None:
    if (info.n_pixels, info.n_classes) != (sizes[0], sizes[-1]):
        raise NetcoreError(f"{where}: {info.image_shape[0]}x{info.image_shape[1]} images in {info.n_classes} classes "
                           f"do not fit a network of layers {'-'.join(map(str, sizes))}")


def dataset_info(meta: dict, where: str = "weights file") -> DatasetInfo:
    """The dataset a weights or snapshots file learned, from its metadata (see the module's note on
    files that record none)."""
    sizes = meta["sizes"]
    if "dataset" not in meta:
        return DatasetInfo.for_network(sizes[0], sizes[-1])
    info = DatasetInfo.from_meta(meta["dataset"], where)
    _check_topic(info, sizes, where)
    return info


def _read(path: Path) -> tuple[dict[str, np.ndarray], dict]:
    path = Path(path)
    if not path.is_file():
        raise NetcoreError(f"weights file {path} not found")
    try:
        with np.load(path, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as e:
        raise NetcoreError(f"{path}: not a readable .npz weights file ({e})") from None
    if "meta" not in arrays:
        raise NetcoreError(f"{path}: no 'meta' entry; not a netcore weights file")
    try:
        meta = json.loads(str(arrays.pop("meta")))
    except json.JSONDecodeError as e:
        raise NetcoreError(f"{path}: metadata is not valid JSON ({e})") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise NetcoreError(f"{path}: unsupported format version {meta.get('format') if isinstance(meta, dict) else meta!r} (expected {FORMAT})")
    sizes = meta.get("sizes")
    if not (isinstance(sizes, list) and len(sizes) >= 2 and all(isinstance(n, int) and n > 0 for n in sizes)):
        raise NetcoreError(f"{path}: metadata 'sizes' must be a list of positive integers, got {sizes!r}")
    if meta.get("activation") not in activations.ACTIVATIONS:
        raise NetcoreError(f"{path}: unknown activation {meta.get('activation')!r} in metadata")
    dataset_info(meta, str(path))  # a recorded dataset must be well-formed and fit the layers
    return arrays, meta


def _check(path: Path, arrays: dict[str, np.ndarray], sizes: list[int], lead: tuple[int, ...]) -> None:
    for l in range(1, len(sizes)):
        for name, shape in ((f"W{l}", (sizes[l], sizes[l - 1])), (f"b{l}", (sizes[l],))):
            if name not in arrays:
                raise NetcoreError(f"{path}: array {name} is missing")
            a = arrays[name]
            if a.shape != lead + shape:
                raise NetcoreError(f"{path}: {name} has shape {a.shape}, expected {lead + shape} for layers {sizes}")
            if a.dtype.kind != "f":
                raise NetcoreError(f"{path}: {name} has dtype {a.dtype}, expected floating point")
            if not np.all(np.isfinite(a)):
                raise NetcoreError(f"{path}: {name} contains NaN or infinite values")
    extra = set(arrays) - {f"{k}{l}" for l in range(1, len(sizes)) for k in "Wb"} - {"epochs"}
    if extra:
        raise NetcoreError(f"{path}: unexpected arrays {sorted(extra)}")


def load(path: Path) -> tuple[Network, dict]:
    """Read a weights file: the network and its metadata. Any defect raises NetcoreError."""
    arrays, meta = _read(path)
    sizes = meta["sizes"]
    _check(path, arrays, sizes, ())
    L = len(sizes) - 1
    net = Network([arrays[f"W{l}"] for l in range(1, L + 1)], [arrays[f"b{l}"] for l in range(1, L + 1)],
                  meta["activation"])
    return net, meta


def load_snapshots(path: Path) -> tuple[dict[int, Network], dict]:
    """Read a snapshots file: {epoch: network} and the metadata."""
    arrays, meta = _read(path)
    epochs = arrays.get("epochs")
    if epochs is None or epochs.ndim != 1 or epochs.dtype.kind not in "iu" or len(epochs) == 0:
        raise NetcoreError(f"{path}: missing or malformed 'epochs' array; not a snapshots file")
    sizes = meta["sizes"]
    _check(path, arrays, sizes, (len(epochs),))
    L = len(sizes) - 1
    return {int(e): Network([arrays[f"W{l}"][i] for l in range(1, L + 1)],
                            [arrays[f"b{l}"][i] for l in range(1, L + 1)], meta["activation"])
            for i, e in enumerate(epochs)}, meta
