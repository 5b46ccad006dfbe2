"""Colours, fonts and sizes for every scene, in one place."""
from __future__ import annotations

from dataclasses import dataclass, replace

from manim import ManimColor


@dataclass(frozen=True)
class Theme:
    """Everything a scene needs to know about how things look."""

    name: str
    background: str
    text: str
    dim_text: str
    neuron_stroke: str
    neuron_on: str  # fill colour of a neuron at activation 1 (opacity = activation)
    ink: str  # digit pixels at value 1
    paper: str  # digit pixels at value 0
    positive: str  # weight colours
    negative: str
    positive_name: str  # how captions name them
    negative_name: str
    highlight: str  # "look here": the neuron or line being talked about
    wrong: str  # a wrong answer, and nothing else
    compare: str  # a second curve or series set against the first (ReLU beside sigmoid)
    font: str = "DejaVu Sans"
    font_size: float = 28
    small_font_size: float = 20
    min_font_size: float = 18  # no text smaller: capitals 24 pixels tall at 1080p
    neuron_radius: float = 0.16
    neuron_spacing: float = 0.38
    layer_spacing: float = 2.4
    edge_max_width: float = 3.0
    edge_max_opacity: float = 0.9

    def weight_color(self, w: float) -> ManimColor:
        """The colour of a weight's sign: positive or negative."""
        return ManimColor(self.positive if w >= 0 else self.negative)


DARK = Theme(
    name="dark", background="#0c0c0f", text="#ece9e2", dim_text="#9a988f",
    neuron_stroke="#d8d6cf", neuron_on="#ffffff", ink="#ffffff", paper="#000000",
    positive="#58c470", negative="#e0524c", positive_name="green", negative_name="red",
    highlight="#f7c948", wrong="#e56bd9", compare="#4cc9f0",
)
LIGHT = Theme(
    name="light", background="#fbfaf6", text="#1d1c1a", dim_text="#6b6963",
    neuron_stroke="#3a3936", neuron_on="#1d1c1a", ink="#111111", paper="#ffffff",
    positive="#1f8a3b", negative="#c0332d", positive_name="green", negative_name="red",
    highlight="#c98a00", wrong="#a8329b", compare="#1f6fc9",
)
#: Colours readable with the common colour-vision deficiencies, after Okabe & Ito: weights blue and
#: orange, and the other meanings moved off them (each colour still means one thing).
COLORBLIND = {
    "dark": dict(positive="#56b4e9", negative="#d55e00", highlight="#f0e442", wrong="#cc79a7", compare="#009e73"),
    "light": dict(positive="#0072b2", negative="#d55e00", highlight="#b59a00", wrong="#a6468a", compare="#009e73"),
}
#: What each colour means: a test keeps them far apart (CIELAB), in every theme and palette.
MEANINGS = ("text", "positive", "negative", "highlight", "wrong", "compare")

THEMES = {"dark": DARK, "light": LIGHT}
PALETTES = ("classic", "colorblind")


def make_theme(name: str = "dark", palette: str = "classic") -> Theme:
    """The named theme with the chosen weight palette; raises ValueError for an unknown name."""
    if name not in THEMES:
        raise ValueError(f"unknown theme {name!r} (choose from {', '.join(THEMES)})")
    if palette not in PALETTES:
        raise ValueError(f"unknown palette {palette!r} (choose from {', '.join(PALETTES)})")
    theme = THEMES[name]
    if palette == "colorblind":
        theme = replace(theme, **COLORBLIND[name], positive_name="blue", negative_name="orange")
    return theme
