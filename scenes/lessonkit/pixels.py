"""An image drawn as pixels: one raster image when still, squares when they must move.

Images are 2-D arrays of values in [0, 1], of any shape (rows, cols)."""
from __future__ import annotations

import numpy as np
from manim import (LEFT, RESAMPLING_ALGORITHMS, UP, Brace, ImageMobject, ManimColor,
                   VGroup, VMobject, interpolate_color)
from lessonrender import Text  # Manim's Text, its glyphs kept between renders

from .formatting import count
from .theme import Theme


def gray_rgb(values: np.ndarray, theme: Theme) -> np.ndarray:
    """uint8 RGB image: each value in [0, 1] mixes the theme's paper (0) and ink (1) colours."""
    paper = np.array(ManimColor(theme.paper).to_rgb())
    ink = np.array(ManimColor(theme.ink).to_rgb())
    v = np.clip(values, 0, 1)[..., None]
    return np.round(255 * (paper * (1 - v) + ink * v)).astype(np.uint8)


def item_image(image: np.ndarray, theme: Theme, height: float = 3.0, width: float | None = None) -> ImageMobject:
    """A 2-D image (rows, cols) as one sharp-edged picture ``height`` tall, or narrower if it would
    be wider than ``width`` (fast to draw)."""
    image = np.asarray(image, dtype=float)
    if image.ndim != 2:
        raise ValueError(f"item_image needs a 2-D image, got shape {image.shape}")
    img = ImageMobject(gray_rgb(image, theme))
    img.set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
    img.height = height
    if width is not None and img.width > width:
        img.width = width
    return img


def grid_centers(mob, rows: int, cols: int) -> np.ndarray:
    """(rows*cols, 3) scene positions of the pixel centres of an image drawn over ``mob``'s bounding box."""
    side = mob.width / cols
    r, c = np.divmod(np.arange(rows * cols), cols)
    corner = mob.get_corner(UP + LEFT)
    return corner + np.stack([(c + 0.5) * side, -(r + 0.5) * side, np.zeros_like(r, dtype=float)], axis=1)


class PixelPatches(VGroup):
    """Pixels drawn as squares of width ``side`` at ``centers``, merged into one VMobject per gray
    level (to 1/255), so that hundreds of moving pixels cost a few dozen objects to draw.

    Two groups with the same values and different centres Transform into each other pixel by
    pixel. ``pixel_indices[i]`` lists the pixels that part ``i`` draws.
    """

    def __init__(self, values: np.ndarray, centers: np.ndarray, side: float, theme: Theme, outline: float = 0.6):
        super().__init__()
        values = np.asarray(values, dtype=float).reshape(-1)
        levels = np.round(np.clip(values, 0, 1) * 255).astype(int)
        paper, ink = ManimColor(theme.paper), ManimColor(theme.ink)
        half = side / 2
        corners = np.array([[-half, half, 0], [half, half, 0], [half, -half, 0], [-half, -half, 0]])
        self.pixel_indices: list[np.ndarray] = []
        for level in np.unique(levels):
            idx = np.flatnonzero(levels == level)
            part = VMobject(stroke_width=outline, stroke_color=theme.dim_text, stroke_opacity=0.6)
            part.set_fill(interpolate_color(paper, ink, level / 255), opacity=1)
            for i in idx:
                square = centers[i] + corners
                part.start_new_path(square[0])
                part.add_points_as_corners([square[1], square[2], square[3], square[0]])
            self.pixel_indices.append(idx)
            self.add(part)


def pixel_value_labels(values: np.ndarray, indices, centers: np.ndarray, theme: Theme,
                       font_size: float = 20) -> VGroup:
    """Each chosen pixel's value written at its centre, in ink on light pixels and paper on
    dark ones so it stays readable."""
    from .formatting import fmt

    values = np.asarray(values, dtype=float).reshape(-1)
    return VGroup(*[Text(fmt(values[k]), font=theme.font, font_size=font_size,
                         color=theme.paper if values[k] > 0.5 else theme.ink).move_to(c)
                    for k, c in zip(indices, centers)])


def pixel_center(image: ImageMobject, index: int, cols: int) -> np.ndarray:
    """Scene position of pixel ``index`` (row-major, ``cols`` to a row) of an image drawn with ``item_image``."""
    row, col = divmod(index, cols)
    side = image.width / cols
    return image.get_corner(UP + LEFT) + np.array([(col + 0.5) * side, -(row + 0.5) * side, 0])


def size_braces(mob, theme: Theme, rows: int, cols: int) -> VGroup:
    """Braces with the pixel counts along the top (columns) and the left side (rows)."""
    top = Brace(mob, UP, buff=0.08, color=theme.dim_text)
    left = Brace(mob, LEFT, buff=0.08, color=theme.dim_text)
    size = theme.small_font_size
    return VGroup(
        top, Text(count(cols), font=theme.font, font_size=size, color=theme.dim_text).next_to(top, UP, 0.08),
        left, Text(count(rows), font=theme.font, font_size=size, color=theme.dim_text).next_to(left, LEFT, 0.08),
    )
