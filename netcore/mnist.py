"""The IDX file format, finding the four files of a dataset under MNIST's names, and checksums."""
from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import numpy as np

from .errors import NetcoreError
from .paths import mnist_dirs

#: The official gzipped files with their published SHA-256 (see README for provenance).
FILES = {
    "train-images-idx3-ubyte.gz": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
    "train-labels-idx1-ubyte.gz": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
    "t10k-images-idx3-ubyte.gz": "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
    "t10k-labels-idx1-ubyte.gz": "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
}
SPLITS = {"train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
          "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")}

_IDX_TYPES = {0x08: np.uint8}


def parse_idx(data: bytes, name: str = "IDX data") -> np.ndarray:
    """Decode the bytes of an unsigned-byte IDX file, checking magic number, dimensions and length."""
    if len(data) < 4:
        raise NetcoreError(f"{name}: too short to be an IDX file ({len(data)} bytes)")
    zero, dtype_code, ndim = data[0] << 8 | data[1], data[2], data[3]
    if zero != 0 or dtype_code not in _IDX_TYPES or ndim == 0:
        raise NetcoreError(f"{name}: not an unsigned-byte IDX file (magic number {data[:4].hex()})")
    header = 4 + 4 * ndim
    if len(data) < header:
        raise NetcoreError(f"{name}: header cut short")
    dims = tuple(int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim))
    expected = header + int(np.prod(dims))
    if len(data) != expected:
        raise NetcoreError(
            f"{name}: header says {'x'.join(map(str, dims))} = {expected} bytes, file has {len(data)}"
            + (" (truncated)" if len(data) < expected else " (trailing bytes)")
        )
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(dims)


def read_idx(path: Path) -> np.ndarray:
    """Read an IDX file, gzipped (.gz) or raw."""
    path = Path(path)
    try:
        raw = path.read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
    except FileNotFoundError:
        raise NetcoreError(f"{path}: no such file") from None
    except (OSError, EOFError, gzip.BadGzipFile) as e:
        raise NetcoreError(f"{path}: cannot read or decompress ({e})") from None
    return parse_idx(raw, str(path))


def find(stem: str, folders: list[Path] | None = None) -> Path:
    """The first existing copy of an MNIST file (raw or .gz) in the search folders."""
    folders = mnist_dirs() if folders is None else folders
    for d in folders:
        for candidate in (Path(d) / stem, Path(d) / f"{stem}.gz"):
            if candidate.is_file():
                return candidate
    where = ", ".join(str(d) for d in folders)
    raise NetcoreError(
        f"MNIST file {stem} not found (looked in {where}); run `python -m netcore download`"
    )


def to_inputs(images: np.ndarray) -> np.ndarray:
    """uint8 images (n, rows, cols) as network inputs (n, rows*cols) in [0, 1]."""
    return images.reshape(len(images), -1).astype(float) / 255.0


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def data_fingerprint(split: str = "train", folder: Path | None = None) -> dict[str, str]:
    """SHA-256 of the files a split is read from, for recording in a weights file."""
    folders = None if folder is None else [Path(folder)]
    return {find(stem, folders).name: sha256(find(stem, folders)) for stem in SPLITS[split]}
