"""Keeping things inside the frame, whatever the lesson set's sizes."""
from __future__ import annotations

from manim import Mobject, config

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


def keep_in_frame(mob: Mobject, margin: float = MARGIN) -> Mobject:
    """Scale ``mob`` down to fit the frame less ``margin`` on each side, then move it just enough
    to lie wholly inside."""
    w, h = config.frame_width / 2 - margin, config.frame_height / 2 - margin
    fit_within(mob, 2 * w, 2 * h)
    dx = max(0.0, -w - mob.get_left()[0]) - max(0.0, mob.get_right()[0] - w)
    dy = max(0.0, -h - mob.get_bottom()[1]) - max(0.0, mob.get_top()[1] - h)
    mob.shift([dx, dy, 0])
    return mob
