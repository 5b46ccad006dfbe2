"""Keeping things inside the frame, whatever the lesson set's sizes."""
from __future__ import annotations

import numpy as np
from manim import DL, DR, LEFT, RIGHT, UL, UR, Mobject, config

MARGIN = 0.25


def fit_within(mob: Mobject, width: float | None = None, height: float | None = None) -> Mobject:
    """Scale ``mob`` down (never up) so it is at most ``width`` wide and ``height`` tall."""
    factor = 1.0
    if width is not None and mob.width > width:
        factor = min(factor, width / mob.width)
    if height is not None and mob.height > height:
        factor = min(factor, height / mob.height)
    if factor < 1.0:
        mob.scale(factor)
    return mob


def fill_within(mob: Mobject, width: float, height: float, most: float = 1.6) -> Mobject:
    """Scale ``mob`` up or down to the largest size that is at most ``width`` wide and ``height``
    tall, growing it by at most ``most`` (a picture made for a small set is not blown up without end)."""
    if width <= 0 or height <= 0 or (mob.width == 0 and mob.height == 0):
        return mob
    factor = min(width / mob.width if mob.width else most, height / mob.height if mob.height else most, most)
    mob.scale(factor)
    return mob


def sampled_points(mob: Mobject, per_path: int = 80) -> np.ndarray:
    """Points along every drawn path of ``mob`` (lines included, not only their ends): about
    ``per_path`` points a path, spread over its cubic Bézier curves and evaluated all at once."""
    points = [np.zeros((0, 3))]
    for part in mob.family_members_with_points():
        corners = np.asarray(part.points)
        if getattr(part, "n_points_per_cubic_curve", None) == 4 and len(corners) >= 4:
            curves = corners[: len(corners) // 4 * 4].reshape(-1, 4, 3)
            t = np.linspace(0, 1, max(2, -(-per_path // len(curves))))[:, None]
            bernstein = np.hstack([(1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t ** 2 * (1 - t), t ** 3])  # (k, 4)
            points.append(np.einsum("kc,ncd->nkd", bernstein, curves).reshape(-1, 3))
        else:
            points.append(corners)
    return np.concatenate(points)


def place_clear(label: Mobject, anchor: np.ndarray, avoid: list[Mobject], buff: float = 0.2,
                directions=(RIGHT, UR, DR, UL, LEFT, DL), margin: float = 0.4) -> Mobject:
    """Put ``label`` beside ``anchor`` in the first of ``directions`` where no line of ``avoid``
    runs through it and it stays ``margin`` inside the frame (else the first direction)."""
    points = np.concatenate([sampled_points(m) for m in avoid]) if avoid else np.zeros((0, 3))
    half_w, half_h = config.frame_width / 2 - margin, config.frame_height / 2 - margin
    for direction in directions:
        label.next_to(anchor, direction, buff)
        (x0, y0, _), (x1, y1, _) = label.get_corner(DL) - 0.04, label.get_corner(UR) + 0.04
        inside = (points[:, 0] > x0) & (points[:, 0] < x1) & (points[:, 1] > y0) & (points[:, 1] < y1)
        if not inside.any() and x0 > -half_w and x1 < half_w and y0 > -half_h and y1 < half_h:
            return label
    for direction in directions:  # nowhere clear: the first place inside the frame, else kept inside it
        label.next_to(anchor, direction, buff)
        if label.get_left()[0] > -half_w and label.get_right()[0] < half_w and \
                label.get_bottom()[1] > -half_h and label.get_top()[1] < half_h:
            return label
    return keep_in_frame(label.next_to(anchor, directions[0], buff), margin)


def baseline(text: Mobject) -> float:
    """The height of the line a text's letters stand on: the median of its glyphs' bottoms (a few
    letters hang below it, as in g and y; most stand on it)."""
    bottoms = sorted(glyph.get_bottom()[1] for glyph in text.submobjects) or [text.get_bottom()[1]]
    return float(bottoms[len(bottoms) // 2])


def keep_in_frame(mob: Mobject, margin: float = MARGIN) -> Mobject:
    """Scale ``mob`` down to fit the frame less ``margin`` on each side, then move it just enough
    to lie wholly inside."""
    w, h = config.frame_width / 2 - margin, config.frame_height / 2 - margin
    fit_within(mob, 2 * w, 2 * h)
    dx = max(0.0, -w - mob.get_left()[0]) - max(0.0, mob.get_right()[0] - w)
    dy = max(0.0, -h - mob.get_bottom()[1]) - max(0.0, mob.get_top()[1] - h)
    mob.shift([dx, dy, 0])
    return mob
