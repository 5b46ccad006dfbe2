"""Plots of activation functions, with real values marked on them."""
from __future__ import annotations

from typing import Callable

import numpy as np
from manim import DOWN, LEFT, UP, Axes, Dot, VGroup
from lessonrender import Text  # Manim's Text, its glyphs kept between renders

from .equations import Formula
from .formatting import fmt
from .layout import keep_in_frame
from .theme import Theme


def places_of(step: float) -> int:
    """How many decimals a tick step needs: 5 -> 0, 0.25 -> 2."""
    text = f"{step:g}"
    return len(text.split(".")[1]) if "." in text else 0


def themed_axes(theme: Theme, x_range, y_range, width: float, height: float,
                font_size: float | None = None, x_format: Callable[[float], str] | None = None,
                y_format: Callable[[float], str] | None = None) -> Axes:
    """Numbered axes in the theme's colours (lines dim, numbers in the text colour). The numbers are
    written in the labels' type and the lesson's language (0,5 in German), each axis with as many
    decimals as its step needs unless ``x_format`` / ``y_format`` write them (a percentage, say);
    they are each axis's ``numbers``. They stand along the plot's left and bottom edges, not along
    axes that cross inside it, where a curve or the other axis would run through them."""
    axes = Axes(x_range=list(x_range), y_range=list(y_range), x_length=width, y_length=height, tips=False,
                axis_config={"color": theme.dim_text, "include_numbers": False})
    size = font_size or theme.small_font_size
    x_lo, y_lo = x_range[0], y_range[0]
    for axis, (lo, hi, step), write, side in ((axes.x_axis, x_range, x_format, DOWN),
                                              (axes.y_axis, y_range, y_format, LEFT)):
        write = write or (lambda v, p=places_of(step): fmt(v, p))
        at = (lambda v: axes.c2p(v, y_lo)) if side is DOWN else (lambda v: axes.c2p(x_lo, v))
        axis.numbers = VGroup(*[Text(write(float(v)), font=theme.font, font_size=size, color=theme.text)
                                .next_to(at(v), side, 0.15) for v in np.arange(lo, hi + step / 2, step)])
        axis.add(axis.numbers)
    return axes


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
        group.add(keep_in_frame(Formula(label, color=theme.highlight, font_size=theme.font_size).next_to(dot, UP, 0.15)))
    return group


def nice_step(span: float, ticks: int = 6) -> float:
    """A round tick step (1, 2 or 5 times a power of ten) giving about ``ticks`` ticks over ``span``."""
    raw = max(span, 1e-9) / ticks
    power = 10 ** np.floor(np.log10(raw))
    return float(min((m * power for m in (1, 2, 5, 10) if m * power >= raw), default=10 * power))
