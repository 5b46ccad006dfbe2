"""A neuron's weights (or any signed values laid out like the image's pixels) as a grid: one
colour for positive, another for negative, brightness for magnitude."""
from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RESAMPLING_ALGORITHMS, RIGHT, ImageMobject, ManimColor, Square, VGroup
from lessonrender import Text  # Manim's Text, its glyphs kept between renders

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


class WeightGrid(ImageMobject):
    """Signed values (rows, cols) drawn as a sharp image; ``values`` keeps them (flat) and ``scale``
    the magnitude drawn at full colour."""

    def __init__(self, values: np.ndarray, theme: Theme, height: float = 3.0, scale: float | None = None,
                 width: float | None = None):
        values = np.asarray(values, dtype=float)
        if values.ndim != 2:
            raise ValueError(f"WeightGrid needs a 2-D grid, got shape {values.shape}")
        super().__init__(signed_rgb(values, theme, scale))
        self.set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
        self.height = height
        if width is not None and self.width > width:
            self.width = width
        self.values = values.reshape(-1)
        self.scale_value = float(np.abs(values).max()) if scale is None else scale


class WeightKey(VGroup):
    """The key to the weight colours, to keep in a corner wherever weights are drawn: a swatch of
    each colour with its words (the script's lines kit.key-positive and kit.key-negative)."""

    def __init__(self, theme: Theme, positive: str, negative: str, font_size: float | None = None):
        super().__init__()
        size = font_size or theme.min_font_size
        for colour, words in ((theme.positive, positive), (theme.negative, negative)):
            swatch = Square(side_length=0.22, stroke_width=0, fill_color=colour, fill_opacity=1)
            label = Text(words, font=theme.font, font_size=size, color=theme.text)
            self.add(VGroup(swatch, label).arrange(RIGHT, buff=0.12))
        self.arrange(DOWN, aligned_edge=LEFT, buff=0.12)
