"""The network drawn as columns of neurons joined by weighted edges, bound to a netcore Network."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (LEFT, RIGHT, UP, AnimationGroup, Brace, Circle, LaggedStart, Text, VGroup,
                   VMobject, there_and_back)

from netcore import Network, Trace

from .formatting import format_activation
from .theme import Theme

MAX_SHOWN = 16
EDGE_LEVELS = 6  # edges are drawn at this many widths/opacities by weight magnitude


def strongest_inputs(net: Network, pixels: np.ndarray | None = None, n: int = MAX_SHOWN) -> list[int]:
    """Which ``n`` of the inputs a diagram shows, in pixel order: those whose weights into the first
    hidden layer are largest in total (sum over k of |W[k, j]|), or, given a digit's ``pixels``,
    those that push hardest on the first hidden layer for that digit (sum over k of |W[k, j] a_j|)."""
    strength = np.abs(net.weights[0]).sum(axis=0)
    if pixels is not None:
        strength = strength * np.asarray(pixels, dtype=float).reshape(-1)
    return sorted(int(i) for i in np.argsort(-strength, kind="stable")[:n])


@dataclass(frozen=True)
class EdgeKey:
    layer: int  # the layer the edge goes into (1 .. L)
    to: int  # neuron index in that layer
    frm: int  # neuron index in layer - 1


class NetworkDiagram(VGroup):
    """Columns of circles (at most 16 shown per layer) with edges coloured by weight sign.

    ``shown[l]`` lists which neurons of layer l are drawn; ``neurons[l][i]`` is the circle
    for neuron ``shown[l][i]``. Edges between shown neurons are grouped into a few
    VMobjects per layer by (sign, magnitude level), which keeps rendering fast;
    ``edge_bucket[key]`` says which group an edge belongs to.
    """

    def __init__(self, net: Network, theme: Theme, shown_inputs: list[int] | None = None,
                 height: float | None = None, layer_spacing: float | None = None):
        super().__init__()
        self.net, self.theme = net, theme
        sizes = net.sizes
        self.shown: list[list[int]] = [shown_inputs if shown_inputs is not None else
                                       (strongest_inputs(net) if sizes[0] > MAX_SHOWN else list(range(sizes[0])))]
        self.shown += [list(range(min(n, MAX_SHOWN))) for n in sizes[1:]]
        spacing = theme.neuron_spacing if height is None else height / MAX_SHOWN
        dx = theme.layer_spacing if layer_spacing is None else layer_spacing

        self.neurons = VGroup()
        self.extras = VGroup()  # ellipses and size braces
        for l, n in enumerate(sizes):
            col = VGroup(*[Circle(theme.neuron_radius, color=theme.neuron_stroke, stroke_width=1.5)
                           .set_fill(theme.neuron_on, opacity=0) for _ in self.shown[l]])
            truncated = n > len(self.shown[l])
            slots = len(self.shown[l]) + (1 if truncated else 0)
            ys = (np.arange(slots)[::-1] - (slots - 1) / 2) * spacing
            if truncated:
                half = len(self.shown[l]) // 2
                ys_neurons = np.concatenate([ys[:half], ys[half + 1:]])
                dots = Text("⋮", font=theme.font, font_size=theme.font_size, color=theme.dim_text)
                dots.move_to([l * dx, ys[half], 0])
                self.extras.add(dots)
            else:
                ys_neurons = ys
            for c, y in zip(col, ys_neurons):
                c.move_to([l * dx, y, 0])
            self.neurons.add(col)
            if truncated:
                brace = Brace(col, LEFT, buff=0.12, color=theme.dim_text)
                label = Text(f"{n:,}", font=theme.font, font_size=theme.small_font_size, color=theme.text)
                label.next_to(brace, LEFT, 0.08)
                self.extras.add(brace, label)

        self.edges = VGroup()  # one VGroup of buckets per weight layer
        self.edge_bucket: dict[EdgeKey, tuple[int, int]] = {}  # key -> (sign: +1/-1, level)
        for l in range(1, len(sizes)):
            self.edges.add(self._edge_layer(l))

        self.output_labels = VGroup(*[
            Text(str(d), font=theme.font, font_size=theme.small_font_size + 4, color=theme.text)
            .next_to(c, RIGHT, 0.18) for d, c in zip(self.shown[-1], self.neurons[-1])
        ])
        self.add(self.edges, self.neurons, self.extras, self.output_labels)
        self.center()

    def _edge_layer(self, l: int) -> VGroup:
        w = self.net.weights[l - 1]
        rows, cols = self.shown[l], self.shown[l - 1]
        sub = w[np.ix_(rows, cols)]
        scale = np.abs(sub).max() or 1.0
        buckets: dict[tuple[int, int], VMobject] = {}
        r = self.theme.neuron_radius
        for i, k in enumerate(rows):
            end = self.neurons[l][i].get_center() + LEFT * r
            for j, m in enumerate(cols):
                weight = sub[i, j]
                sign = 1 if weight >= 0 else -1
                level = min(EDGE_LEVELS - 1, int(abs(weight) / scale * EDGE_LEVELS))
                key = (sign, level)
                if key not in buckets:
                    frac = (level + 1) / EDGE_LEVELS
                    buckets[key] = VMobject(stroke_color=self.theme.weight_color(weight),
                                            stroke_width=0.4 + self.theme.edge_max_width * frac,
                                            stroke_opacity=0.15 + (self.theme.edge_max_opacity - 0.15) * frac)
                start = self.neurons[l - 1][j].get_center() + RIGHT * r
                buckets[key].start_new_path(start)
                buckets[key].add_line_to(end)
                self.edge_bucket[EdgeKey(l, k, m)] = key
        group = VGroup(*[buckets[k] for k in sorted(buckets)])
        group.bucket_keys = sorted(buckets)
        return group

    def bucket_of(self, key: EdgeKey) -> VMobject:
        """The VMobject that draws an edge."""
        layer = self.edges[key.layer - 1]
        return layer[layer.bucket_keys.index(self.edge_bucket[key])]

    # --- activations -----------------------------------------------------------------

    def activations_of(self, trace: Trace, layer: int) -> np.ndarray:
        """The trace's activations of the shown neurons of ``layer``."""
        return np.asarray(trace.a(layer))[self.shown[layer]]

    def set_activations(self, trace: Trace, layers: range | None = None) -> "NetworkDiagram":
        """Fill every shown neuron with its activation from the trace (no animation)."""
        for l in layers if layers is not None else range(len(self.neurons)):
            for c, a in zip(self.neurons[l], self.activations_of(trace, l)):
                c.set_fill(opacity=float(a))
        return self

    def fill_layer(self, trace: Trace, layer: int, lag: float = 0.05) -> LaggedStart:
        """Animate the neurons of one layer to their activations."""
        return LaggedStart(*[c.animate.set_fill(opacity=float(a))
                             for c, a in zip(self.neurons[layer], self.activations_of(trace, layer))],
                           lag_ratio=lag)

    def flash_edges(self, layer: int) -> AnimationGroup:
        """Brighten the edges into ``layer`` and let them settle back."""
        return AnimationGroup(*[
            b.animate(rate_func=there_and_back).set_stroke(width=b.get_stroke_width() * 1.8, opacity=1.0)
            for b in self.edges[layer - 1]
        ])

    def propagate(self, trace: Trace, layer: int) -> AnimationGroup:
        """Signal flowing from layer-1 into ``layer``: edges flash, then its neurons light up."""
        return AnimationGroup(self.flash_edges(layer), self.fill_layer(trace, layer), lag_ratio=0.35)

    def neuron(self, layer: int, index: int) -> Circle:
        """The circle of neuron ``index`` (a true index in the layer) if it is shown."""
        return self.neurons[layer][self.shown[layer].index(index)]

    def layer_title(self, layer: int, text: str) -> Text:
        """A small caption above a layer's column."""
        col = self.neurons[layer]
        return Text(text, font=self.theme.font, font_size=self.theme.small_font_size,
                    color=self.theme.dim_text).next_to(col, UP, 0.25)


def answer_marker(diagram: NetworkDiagram, trace: Trace, theme: Theme) -> VGroup:
    """A box around the most active output neuron, with its activation written beside it."""
    from manim import SurroundingRectangle

    answer = int(np.argmax(trace.output))
    circle = diagram.neuron(len(diagram.neurons) - 1, answer)
    label = diagram.output_labels[diagram.shown[-1].index(answer)]
    box = SurroundingRectangle(VGroup(circle, label), color=theme.highlight, buff=0.08, corner_radius=0.08)
    value = Text(format_activation(float(trace.output[answer])), font=theme.font,
                 font_size=theme.small_font_size + 2, color=theme.highlight).next_to(box, RIGHT, 0.12)
    marker = VGroup(box, value)
    marker.answer, marker.value = answer, float(trace.output[answer])
    return marker
