"""Plots of activation functions, with real values marked on them."""
from __future__ import annotations

from typing import Callable

import numpy as np
from manim import DOWN, UP, Axes, Dot, MathTex, VGroup

from .theme import Theme


def activation_axes(theme: Theme, x_range=(-10, 10, 5), y_range=(0, 1, 0.5), width: float = 6.0,
                    height: float = 3.0) -> Axes:
    """Axes for an activation function, numbered, in the theme's colours."""
    axes = Axes(x_range=list(x_range), y_range=list(y_range), x_length=width, y_length=height,
                tips=False, axis_config={"color": theme.dim_text, "include_numbers": True,
                                         "font_size": theme.small_font_size})
    return axes


def activation_curve(axes: Axes, f: Callable[[np.ndarray], np.ndarray], color: str):
    """The graph of ``f`` (a netcore activation, applied elementwise) over the axes' x range."""
    lo, hi = axes.x_range[0], axes.x_range[1]
    return axes.plot(lambda x: float(f(np.array([x]))[0]), x_range=[lo, hi, (hi - lo) / 200], color=color,
                     stroke_width=4)


def mark_point(axes: Axes, x: float, y: float, theme: Theme, label: str | None = None) -> VGroup:
    """A dot at (x, y) with an optional label above it; x is clamped to the axes' range for drawing."""
    lo, hi = axes.x_range[0], axes.x_range[1]
    dot = Dot(axes.c2p(min(max(x, lo), hi), y), color=theme.highlight, radius=0.08)
    group = VGroup(dot)
    if label:
        group.add(MathTex(label, color=theme.highlight, font_size=theme.font_size).next_to(dot, UP, 0.15))
    return group
