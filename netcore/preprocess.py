"""A user's own image turned into a network input, the way the dataset's own images were made.

Two recipes (a dataset names its own in dataset.toml):

- ``mnist``: how MNIST was made, scaled to any image size: grayscale, crop to the ink, fit the
  ink into 20/28 of the field keeping its aspect ratio, then place it with its centre of mass
  in the middle of the field.
- ``fit``: a plain fit-and-pad, for data not centred that way: the whole image scaled to fit the
  field keeping its aspect ratio, centred, and padded with paper.

Either way, dark-on-light and light-on-dark images both come out as light ink (1) on dark paper
(0). Pillow only decodes the file; the rest is numpy.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from .errors import NetcoreError

#: MNIST's proportions: the ink fits in a 20-pixel box inside the 28-pixel field.
BOX_FRACTION = 20 / 28
RECIPES = ("mnist", "fit")

def read_image(path: Path) -> np.ndarray:
    """Decode an image file to a 2-D float array of gray levels in [0, 1]."""
    from PIL import Image, UnidentifiedImageError

    path = Path(path)
    if not path.is_file():
        raise NetcoreError(f"image {path} not found")
    try:
        with Image.open(path) as im:
            im.load()
            if im.mode in ("RGBA", "LA", "PA") or "transparency" in im.info:
                # Transparent pixels count as paper: composite onto white.
                rgba = im.convert("RGBA")
                white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
                im = Image.alpha_composite(white, rgba)
            gray = np.asarray(im.convert("L"), dtype=float) / 255.0
    except (UnidentifiedImageError, OSError, ValueError) as e:
        raise NetcoreError(f"{path}: cannot decode as an image ({e})") from None
    return gray


def resample_matrix(n_in: int, n_out: int) -> np.ndarray:
    """(n_out, n_in) linear map that resizes one axis with a triangle filter,
    widened when shrinking so every input pixel contributes (anti-aliased)."""
    scale = n_in / n_out
    support = max(scale, 1.0)
    centers = (np.arange(n_out) + 0.5) * scale - 0.5
    offsets = np.arange(n_in)[None, :] - centers[:, None]
    w = np.clip(1.0 - np.abs(offsets) / support, 0.0, None)
    return w / w.sum(axis=1, keepdims=True)


def resize(img: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Resize a 2-D array to ``shape`` with separable triangle filtering."""
    return resample_matrix(img.shape[0], shape[0]) @ img @ resample_matrix(img.shape[1], shape[1]).T


def center_of_mass(img: np.ndarray) -> tuple[float, float]:
    """(row, column) of the intensity-weighted mean position."""
    total = img.sum()
    rows, cols = np.indices(img.shape)
    return float((rows * img).sum() / total), float((cols * img).sum() / total)


def ink_of(gray: np.ndarray, name: str = "image") -> np.ndarray:
    """The image as ink in [0, 1] on paper 0, whichever way round it was drawn (the paper colour
    is the median of the border); NetcoreError for a blank image."""
    gray = np.asarray(gray, dtype=float)
    if gray.ndim != 2 or min(gray.shape) < 1:
        raise NetcoreError(f"{name}: expected a 2-D image, got shape {gray.shape}")
    if not np.all(np.isfinite(gray)):
        raise NetcoreError(f"{name}: contains NaN or infinite values")
    border = np.concatenate([gray[0], gray[-1], gray[:, 0], gray[:, -1]])
    paper = float(np.median(border))
    ink = np.clip(gray - paper if paper < 0.5 else paper - gray, 0.0, None)
    peak = ink.max()
    if peak < 0.1:
        raise NetcoreError(f"{name}: nothing found in the image (it is blank or has almost no contrast)")
    return ink / peak


def fit_into(img: np.ndarray, box: tuple[int, int]) -> np.ndarray:
    """``img`` resized to fit inside ``box`` (rows, cols), keeping its aspect ratio."""
    h, w = img.shape
    scale = min(box[0] / h, box[1] / w)
    size = (min(box[0], max(1, round(h * scale))), min(box[1], max(1, round(w * scale))))
    return np.clip(resize(img, size), 0.0, 1.0)


def nearest_pixel(x: float) -> int:
    """``x`` rounded to a whole pixel, halves to the even one. ``x`` is first rounded to 9 decimals, so
    a shift that is exactly half a pixel (a symmetric drawing) does not go one way or the other with
    the last bits of a sum, and a browser summing in another order agrees (the lesson page's tryit.js)."""
    return int(round(float(np.round(x, 9))))


def mnist_recipe(ink: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Crop to the ink, fit it into BOX_FRACTION of the field, centre of mass in the middle."""
    rows_, cols_ = shape
    rows = np.flatnonzero((ink > 0.2).any(axis=1))
    cols = np.flatnonzero((ink > 0.2).any(axis=0))
    ink = ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
    box = fit_into(ink, (max(1, round(rows_ * BOX_FRACTION)), max(1, round(cols_ * BOX_FRACTION))))
    cy, cx = center_of_mass(box)
    bh, bw = box.shape
    top = int(np.clip(nearest_pixel((rows_ - 1) / 2 - cy), 0, rows_ - bh))
    left = int(np.clip(nearest_pixel((cols_ - 1) / 2 - cx), 0, cols_ - bw))
    out = np.zeros(shape)
    out[top:top + bh, left:left + bw] = box
    return out


def fit_recipe(ink: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """The whole image fitted into the field keeping its aspect ratio, centred, padded with paper."""
    box = fit_into(ink, shape)
    bh, bw = box.shape
    top, left = (shape[0] - bh) // 2, (shape[1] - bw) // 2
    out = np.zeros(shape)
    out[top:top + bh, left:left + bw] = box
    return out


def prepare(gray: np.ndarray, shape: tuple[int, int] = (28, 28), recipe: str = "mnist",
            name: str = "image") -> np.ndarray:
    """A gray image (any size, either polarity) as a ``shape`` input in [0, 1], ink = 1, made by
    ``recipe`` ("mnist" or "fit")."""
    if recipe not in RECIPES:
        raise NetcoreError(f"unknown image recipe {recipe!r} (known: {', '.join(RECIPES)})")
    ink = ink_of(gray, name)
    return mnist_recipe(ink, tuple(shape)) if recipe == "mnist" else fit_recipe(ink, tuple(shape))


def load_image(path: Path, shape: tuple[int, int] = (28, 28), recipe: str = "mnist") -> np.ndarray:
    """Read the user's image file as a network input of ``shape``, prepared by ``recipe``."""
    return prepare(read_image(path), shape, recipe, str(path))
