"""Activations as a row of bars: one bar per neuron, its height the activation, its label below."""
from __future__ import annotations

import numpy as np
from manim import DOWN, PI, UP, Rectangle, VGroup
from lessonrender import Text  # Manim's Text, its glyphs kept between renders

from .formatting import fmt
from .theme import Theme


class Bars(VGroup):
    """Bars for ``values`` (heights scaled so ``top`` is ``height`` tall), labelled underneath.

    ``bars[i]`` is the bar of value i, ``labels[i]`` its label, ``values`` what they show;
    ``highlight`` colours one bar (say, the network's answer) in ``highlight_colour`` (the theme's
    highlight unless given: the colour of a mistake, say).
    """

    def __init__(self, values, theme: Theme, labels: list[str] | None = None, height: float = 2.0,
                 width: float = 0.32, gap: float = 0.14, top: float = 1.0, highlight: int | None = None,
                 show_values: bool = False, label_size: float | None = None, highlight_colour: str | None = None):
        super().__init__()
        self.values = np.asarray(values, dtype=float)
        self.theme, self.height, self.top = theme, height, top
        labels = labels if labels is not None else [str(i) for i in range(len(self.values))]
        self.bars = VGroup()
        for i, v in enumerate(self.values):
            colour = (highlight_colour or theme.highlight) if i == highlight else theme.neuron_on
            bar = Rectangle(width=width, height=max(1e-3, height * min(v, top) / top), stroke_width=0)
            bar.set_fill(colour, opacity=0.9)
            bar.move_to([i * (width + gap), 0, 0], aligned_edge=DOWN)
            self.bars.add(bar)
        size = label_size or theme.small_font_size - 2
        self.labels = VGroup(*[Text(s, font=theme.font, font_size=size, color=theme.dim_text) for s in labels])
        if max(label.width for label in self.labels) > width + gap * 0.8:  # long names read downwards
            for label in self.labels:
                label.rotate(-PI / 2)
        for label, bar in zip(self.labels, self.bars):
            label.next_to(bar, DOWN, 0.1).align_to([0, -0.12, 0], UP)
        self.add(self.bars, self.labels)
        self.value_labels = VGroup()
        if show_values:
            self.value_labels = VGroup(*[Text(fmt(v, 2), font=theme.font, font_size=theme.min_font_size,
                                              color=theme.dim_text) for v in self.values])
            upright = max(label.width for label in self.value_labels) <= width + gap * 0.8
            for label, bar in zip(self.value_labels, self.bars):
                if not upright:  # too wide for its bar: read upwards, as long names read downwards
                    label.rotate(PI / 2)
                label.next_to(bar, UP, 0.05)
            self.add(self.value_labels)
