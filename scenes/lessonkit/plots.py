"""Plots of activation functions, with real values marked on them."""
from __future__ import annotations

from typing import Callable

import numpy as np
from manim import UP, Axes, Dot, MathTex, VGroup

from .theme import Theme


def themed_axes(theme: Theme, x_range, y_range, width: float, height: float,
                font_size: float | None = None) -> Axes:
    """Numbered axes in the theme's colours (lines dim, numbers in the text colour), each axis
    numbered with as many decimals as its step needs."""
    def numbers(step: float) -> dict:
        text = f"{step:g}"
        places = len(text.split(".")[1]) if "." in text else 0
        return {"decimal_number_config": {"color": theme.text, "num_decimal_places": places}}

    return Axes(x_range=list(x_range), y_range=list(y_range), x_length=width, y_length=height, tips=False,
                axis_config={"color": theme.dim_text, "include_numbers": True,
                             "font_size": font_size or theme.small_font_size},
                x_axis_config=numbers(x_range[2]), y_axis_config=numbers(y_range[2]))


def activation_axes(theme: Theme, x_range=(-10, 10, 5), y_range=(0, 1, 0.5), width: float = 6.0,
                    height: float = 3.0) -> Axes:
    """Axes for an activation function."""
    return themed_axes(theme, x_range, y_range, width, height)


def activation_curve(axes: Axes, f: Callable[[np.ndarray], np.ndarray], color: str):
    """The graph of ``f`` (a netcore activation, applied elementwise) over the part of the axes' x
    range where it stays within their y range (an unbounded ReLU stops at the top of the axes)."""
    lo, hi = axes.x_range[0], axes.x_range[1]
    xs = np.linspace(lo, hi, 401)
    inside = np.flatnonzero(f(xs) <= axes.y_range[1] + 1e-9)
    lo, hi = float(xs[inside[0]]), float(xs[inside[-1]])
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


def nice_step(span: float, ticks: int = 6) -> float:
    """A round tick step (1, 2 or 5 times a power of ten) giving about ``ticks`` ticks over ``span``."""
    raw = max(span, 1e-9) / ticks
    power = 10 ** np.floor(np.log10(raw))
    return float(min((m * power for m in (1, 2, 5, 10) if m * power >= raw), default=10 * power))
