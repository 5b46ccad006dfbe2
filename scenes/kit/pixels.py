"""A 28x28 digit drawn as pixels: one raster image when still, 784 squares when they must move."""
from __future__ import annotations

import numpy as np
from manim import (LEFT, RESAMPLING_ALGORITHMS, UP, Brace, ImageMobject, ManimColor,
                   Square, Text, VGroup, VMobject, interpolate_color)

from .theme import Theme


def gray_rgb(values: np.ndarray, theme: Theme) -> np.ndarray:
    """uint8 RGB image: each value in [0, 1] mixes the theme's paper (0) and ink (1) colours."""
    paper = np.array(ManimColor(theme.paper).to_rgb())
    ink = np.array(ManimColor(theme.ink).to_rgb())
    v = np.clip(values, 0, 1)[..., None]
    return np.round(255 * (paper * (1 - v) + ink * v)).astype(np.uint8)


def digit_image(values: np.ndarray, theme: Theme, height: float = 3.0) -> ImageMobject:
    """The digit as one sharp-edged image (fast to draw)."""
    img = ImageMobject(gray_rgb(np.asarray(values).reshape(28, 28), theme))
    img.set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
    img.height = height
    return img


def pixel_squares(values: np.ndarray, theme: Theme, height: float = 3.0, outline: float = 0.6) -> VGroup:
    """784 squares in reading order (row by row), filled with the pixel's gray level and
    outlined thinly so that black pixels stay visible on a black background."""
    values = np.asarray(values).reshape(-1)
    side = height / 28
    paper, ink = ManimColor(theme.paper), ManimColor(theme.ink)
    squares = VGroup(*[
        Square(side, stroke_width=outline, stroke_color=theme.dim_text, stroke_opacity=0.6).set_fill(interpolate_color(paper, ink, float(v)), opacity=1)
        for v in values
    ])
    squares.arrange_in_grid(28, 28, buff=0)
    return squares


def grid_centers(mob, rows: int = 28, cols: int = 28) -> np.ndarray:
    """(rows*cols, 3) scene positions of the pixel centres of a digit drawn over ``mob``'s bounding box."""
    side = mob.width / cols
    r, c = np.divmod(np.arange(rows * cols), cols)
    corner = mob.get_corner(UP + LEFT)
    return corner + np.stack([(c + 0.5) * side, -(r + 0.5) * side, np.zeros_like(r, dtype=float)], axis=1)


def pixel_patches(values: np.ndarray, centers: np.ndarray, side: float, theme: Theme,
                  outline: float = 0.6) -> VGroup:
    """Pixels drawn as squares of width ``side`` at ``centers``, merged into one VMobject per gray
    level (to 1/255), so that hundreds of moving pixels cost a few dozen objects to draw.

    Two calls with the same values and different centres give groups that Transform into
    each other pixel by pixel. Each part's ``pixel_indices`` says which pixels it draws.
    """
    values = np.asarray(values, dtype=float).reshape(-1)
    levels = np.round(np.clip(values, 0, 1) * 255).astype(int)
    paper, ink = ManimColor(theme.paper), ManimColor(theme.ink)
    half = side / 2
    corners = np.array([[-half, half, 0], [half, half, 0], [half, -half, 0], [-half, -half, 0]])
    group = VGroup()
    for level in np.unique(levels):
        idx = np.flatnonzero(levels == level)
        part = VMobject(stroke_width=outline, stroke_color=theme.dim_text, stroke_opacity=0.6)
        part.set_fill(interpolate_color(paper, ink, level / 255), opacity=1)
        for i in idx:
            square = centers[i] + corners
            part.start_new_path(square[0])
            part.add_points_as_corners([square[1], square[2], square[3], square[0]])
        part.pixel_indices = idx
        group.add(part)
    return group


def pixel_value_labels(values: np.ndarray, indices, centers: np.ndarray, theme: Theme,
                       font_size: float = 20) -> VGroup:
    """Each chosen pixel's value written at its centre, in ink on light pixels and paper on
    dark ones so it stays readable."""
    from .formatting import fmt

    values = np.asarray(values, dtype=float).reshape(-1)
    return VGroup(*[Text(fmt(values[k]), font=theme.font, font_size=font_size,
                         color=theme.paper if values[k] > 0.5 else theme.ink).move_to(c)
                    for k, c in zip(indices, centers)])


def pixel_center(image: ImageMobject | VGroup, index: int) -> np.ndarray:
    """Scene position of pixel ``index`` (row-major) of a digit drawn with ``digit_image`` or ``pixel_squares``."""
    row, col = divmod(index, 28)
    side = image.width / 28
    return image.get_corner(UP + LEFT) + np.array([(col + 0.5) * side, -(row + 0.5) * side, 0])


def size_braces(mob, theme: Theme, text: str = "28") -> VGroup:
    """Braces with the pixel count along the top and the left side."""
    top = Brace(mob, UP, buff=0.08, color=theme.dim_text)
    left = Brace(mob, LEFT, buff=0.08, color=theme.dim_text)
    return VGroup(
        top, Text(text, font=theme.font, font_size=theme.small_font_size, color=theme.dim_text).next_to(top, UP, 0.08),
        left, Text(text, font=theme.font, font_size=theme.small_font_size, color=theme.dim_text).next_to(left, LEFT, 0.08),
    )

