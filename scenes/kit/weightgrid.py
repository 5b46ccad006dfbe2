"""A neuron's 784 weights (or any signed 28x28 values) as a grid: one colour for positive,
another for negative, brightness for magnitude."""
from __future__ import annotations

import numpy as np
from manim import RESAMPLING_ALGORITHMS, ImageMobject, ManimColor

from .theme import Theme


def signed_rgb(values: np.ndarray, theme: Theme, scale: float | None = None) -> np.ndarray:
    """uint8 RGB: each value mixes the theme's paper colour with the positive or negative
    colour in proportion |value| / scale (scale defaults to the largest |value|)."""
    values = np.asarray(values, dtype=float)
    scale = float(np.abs(values).max()) if scale is None else scale
    t = np.clip(np.abs(values) / (scale or 1.0), 0, 1)[..., None]
    paper = np.array(ManimColor(theme.paper).to_rgb())
    pos = np.array(ManimColor(theme.positive).to_rgb())
    neg = np.array(ManimColor(theme.negative).to_rgb())
    colour = np.where(values[..., None] >= 0, pos, neg)
    return np.round(255 * (paper * (1 - t) + colour * t)).astype(np.uint8)


def weight_image(values: np.ndarray, theme: Theme, height: float = 3.0, scale: float | None = None) -> ImageMobject:
    """784 signed values drawn as a sharp 28x28 image."""
    img = ImageMobject(signed_rgb(np.asarray(values).reshape(28, 28), theme, scale))
    img.set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
    img.height = height
    img.values = np.asarray(values, dtype=float).reshape(-1)
    return img
