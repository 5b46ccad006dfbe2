"""A user's own digit image turned into an MNIST-style input, the way MNIST itself was made:
grayscale, crop to the ink, fit into 20x20 keeping the aspect ratio, then place in 28x28
with the center of mass in the middle. Pillow only decodes the file; the rest is numpy.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from .errors import NetcoreError

FIELD, BOX = 28, 20


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


def to_mnist(gray: np.ndarray, name: str = "image") -> np.ndarray:
    """A gray image (any size, dark-on-light or light-on-dark) as a 28x28 input in [0, 1], ink = 1."""
    gray = np.asarray(gray, dtype=float)
    if gray.ndim != 2 or min(gray.shape) < 1:
        raise NetcoreError(f"{name}: expected a 2-D image, got shape {gray.shape}")
    if not np.all(np.isfinite(gray)):
        raise NetcoreError(f"{name}: contains NaN or infinite values")
    border = np.concatenate([gray[0], gray[-1], gray[:, 0], gray[:, -1]])
    paper = float(np.median(border))
    ink = gray - paper if paper < 0.5 else paper - gray  # ink > 0, paper ~ 0
    ink = np.clip(ink, 0.0, None)
    peak = ink.max()
    if peak < 0.1:
        raise NetcoreError(f"{name}: no digit found (the image is blank or has almost no contrast)")
    ink /= peak
    rows = np.flatnonzero((ink > 0.2).any(axis=1))
    cols = np.flatnonzero((ink > 0.2).any(axis=0))
    ink = ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
    h, w = ink.shape
    fit = BOX / max(h, w)
    box = np.clip(resize(ink, (max(1, round(h * fit)), max(1, round(w * fit)))), 0.0, 1.0)
    cy, cx = center_of_mass(box)
    bh, bw = box.shape
    top = int(np.clip(round((FIELD - 1) / 2 - cy), 0, FIELD - bh))
    left = int(np.clip(round((FIELD - 1) / 2 - cx), 0, FIELD - bw))
    out = np.zeros((FIELD, FIELD))
    out[top:top + bh, left:left + bw] = box
    return out


def load_digit(path: Path) -> np.ndarray:
    """Read the user's digit image file as a 28x28 network input."""
    return to_mnist(read_image(path), str(path))
