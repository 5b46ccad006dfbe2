"""The network drawn as columns of neurons joined by weighted edges, bound to a netcore Network."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, Animation, AnimationGroup, Brace, Circle, LaggedStart, SurroundingRectangle,
                   VGroup, VMobject, interpolate, there_and_back)
from lessonrender import Text  # Manim's Text, its glyphs kept between renders

from netcore import Network, Trace

from .formatting import count, format_activation
from .theme import Theme

MAX_SHOWN = 16
#: Layers closer than this (in frame units) get thinner, fainter edges (``NetworkDiagram.thin_edges``).
DENSE_GAP = 1.35
EDGE_LEVELS = 6  # edges are drawn at this many widths/opacities by weight magnitude
TIGHT_SPACING = 1.6  # below this distance between columns, a layer's size is written under it


def strongest_inputs(net: Network, pixels: np.ndarray | None = None, n: int = MAX_SHOWN) -> list[int]:
    """Which ``n`` of the inputs a diagram shows, in pixel order: those whose weights into the first
    hidden layer are largest in total (sum over k of |W[k, j]|), or, given an item's ``pixels``,
    those that push hardest on the first hidden layer for that item (sum over k of |W[k, j] a_j|)."""
    strength = np.abs(net.weights[0]).sum(axis=0)
    if pixels is not None:
        strength = strength * np.asarray(pixels, dtype=float).reshape(-1)
    return sorted(int(i) for i in np.argsort(-strength, kind="stable")[:n])


def neurons_to_show(size: int, must: list[int] | tuple[int, ...] = (), scores: np.ndarray | None = None,
                    limit: int = MAX_SHOWN) -> list[int]:
    """At most ``limit`` neuron indices of a layer of ``size``, in order, always including ``must``
    (say, the answer and the true class): then the highest ``scores`` if given, else the first and
    the last few (the ellipsis stands for the ones between)."""
    if size <= limit:
        return list(range(size))
    chosen = list(dict.fromkeys(int(k) for k in must))[:limit]
    if scores is not None:
        order = [int(k) for k in np.argsort(-np.asarray(scores), kind="stable")]
    else:
        half = limit // 2
        order = list(range(half)) + list(range(size - (limit - half), size))
    for k in order:
        if len(chosen) == limit:
            break
        if k not in chosen:
            chosen.append(k)
    return sorted(chosen)


class StyleTo(Animation):
    """Some style numbers of a shape brought to new values (``read`` and ``write`` name them), and
    nothing else touched: the pictures of ``shape.animate.set_...(...)`` without copying the shape
    twice and moving its points every frame."""

    def __init__(self, shape: VMobject, end: tuple[float, ...], **kwargs) -> None:
        super().__init__(shape, **kwargs)
        self.end = tuple(float(v) for v in end)
        self.start = self.end

    def read(self) -> tuple[float, ...]:
        raise NotImplementedError

    def write(self, *values: float) -> None:
        raise NotImplementedError

    def create_starting_mobject(self) -> VMobject:
        return self.mobject  # no copy: only the style is read, before it changes

    def begin(self) -> None:
        self.start = self.read()
        super().begin()

    def interpolate_mobject(self, alpha: float) -> None:
        t = self.rate_func(alpha)
        self.write(*[interpolate(a, b, t) for a, b in zip(self.start, self.end)])


class FillTo(StyleTo):
    """A shape's fill opacity brought to ``opacity``: ``shape.animate.set_fill(opacity=...)``."""

    def __init__(self, shape: VMobject, opacity: float, **kwargs) -> None:
        super().__init__(shape, (opacity,), **kwargs)

    def read(self) -> tuple[float, ...]:
        return (float(self.mobject.get_fill_opacity()),)

    def write(self, opacity: float) -> None:
        self.mobject.set_fill(opacity=opacity)


class StrokeTo(StyleTo):
    """A shape's stroke width and opacity brought to new values (with ``there_and_back`` as the rate
    function: and back): ``shape.animate.set_stroke(width=..., opacity=...)``."""

    def __init__(self, shape: VMobject, width: float, opacity: float, **kwargs) -> None:
        super().__init__(shape, (width, opacity), **kwargs)

    def read(self) -> tuple[float, ...]:
        return float(self.mobject.get_stroke_width()), float(self.mobject.get_stroke_opacity())

    def write(self, width: float, opacity: float) -> None:
        self.mobject.set_stroke(width=width, opacity=opacity)


@dataclass(frozen=True)
class EdgeKey:
    layer: int  # the layer the edge goes into (1 .. L)
    to: int  # neuron index in that layer
    frm: int  # neuron index in layer - 1


class EdgeLayer(VGroup):
    """The edges into one layer, as one VMobject per (sign, magnitude level) in ``keys`` order."""

    def __init__(self, buckets: dict[tuple[int, int], VMobject]):
        self.keys = sorted(buckets)
        super().__init__(*[buckets[k] for k in self.keys])


class NetworkDiagram(VGroup):
    """Columns of circles (at most 16 shown per layer) with edges coloured by weight sign.

    ``shown[l]`` lists which neurons of layer l are drawn; ``neurons[l][i]`` is the circle
    for neuron ``shown[l][i]``. A layer with more neurons than are drawn gets an ellipsis and a
    brace with its true size. The output neurons are labelled with ``class_names``. Edges between
    shown neurons are grouped into a few VMobjects per layer by (sign, magnitude level), which
    keeps rendering fast; ``edge_bucket[key]`` says which group an edge belongs to. The diagram
    fits within ``width`` x ``height``.
    """

    def __init__(self, net: Network, theme: Theme, class_names: tuple[str, ...] | list[str],
                 shown_inputs: list[int] | None = None, shown_outputs: list[int] | None = None,
                 width: float = 11.0, height: float = 6.0, layer_spacing: float | None = None):
        super().__init__()
        self.net, self.theme = net, theme
        sizes = net.sizes
        self.shown: list[list[int]] = [shown_inputs if shown_inputs is not None else
                                       (strongest_inputs(net) if sizes[0] > MAX_SHOWN else list(range(sizes[0])))]
        self.shown += [neurons_to_show(n) for n in sizes[1:-1]]
        self.shown.append(shown_outputs if shown_outputs is not None else neurons_to_show(sizes[-1]))
        spacing = theme.neuron_spacing
        dx = min(theme.layer_spacing if layer_spacing is None else layer_spacing, width / max(1, len(sizes)))

        self.neurons = VGroup()
        self.extras = VGroup()  # ellipses and size braces
        for l, n in enumerate(sizes):
            col = VGroup(*[Circle(theme.neuron_radius, color=theme.neuron_stroke, stroke_width=1.5)
                           .set_fill(theme.neuron_on, opacity=0) for _ in self.shown[l]])
            truncated = n > len(self.shown[l])
            slots = len(self.shown[l]) + (1 if truncated else 0)
            gap = spacing
            if l == len(sizes) - 1 and not truncated:  # a few outputs, named in words: room between names
                gap = spacing * min(1.6, max(1.0, 6 / slots))
            ys = (np.arange(slots)[::-1] - (slots - 1) / 2) * gap
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
                label = Text(count(n), font=theme.font, font_size=theme.small_font_size, color=theme.text)
                if dx >= TIGHT_SPACING or l == 0:
                    brace = Brace(col, LEFT, buff=0.12, color=theme.dim_text)
                    label.next_to(brace, LEFT, 0.08)
                    self.extras.add(brace)
                else:  # no room for a brace among the edges: the true size goes under the column
                    label.next_to(col, DOWN, 0.15)
                label.add_background_rectangle(color=theme.background, opacity=0.85, buff=0.04)
                self.extras.add(label)

        self.edges = VGroup()  # one EdgeLayer per weight layer
        self.edge_bucket: dict[EdgeKey, tuple[int, int]] = {}  # key -> (sign: +1/-1, level)
        for l in range(1, len(sizes)):
            self.edges.add(self._edge_layer(l))

        self.class_names = list(class_names)
        self.output_labels = VGroup(*[
            Text(self.class_names[k], font=theme.font, font_size=theme.small_font_size + 4, color=theme.text)
            .next_to(c, RIGHT, 0.18) for k, c in zip(self.shown[-1], self.neurons[-1])
        ])
        widest = max(label.width for label in self.output_labels)
        if widest > 0.9 * dx:  # long class names: smaller, so the diagram keeps its proportions
            for label, c in zip(self.output_labels, self.neurons[-1]):
                label.scale(0.9 * dx / widest).next_to(c, RIGHT, 0.18)
        self.add(self.edges, self.neurons, self.extras, self.output_labels)
        shrink = 1.0
        if self.width > width or self.height > height:
            shrink = min(width / self.width, height / self.height)
            self.scale(shrink)
        self.thin_edges(dx * shrink)
        self.center()

    def thin_edges(self, gap: float) -> None:
        """Edges drawn thinner and fainter where layers stand close (``gap`` apart): in a narrow gap,
        lines at full width merge into one block of colour and no single connection can be seen."""
        factor = min(1.0, gap / DENSE_GAP)
        if factor >= 1.0:
            return
        for layer in self.edges:
            for bucket in layer.submobjects:
                bucket.set_stroke(width=bucket.get_stroke_width() * factor ** 1.5,
                                  opacity=bucket.get_stroke_opacity() * factor)

    def _edge_layer(self, l: int) -> EdgeLayer:
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
        return EdgeLayer(buckets)

    def bucket_of(self, key: EdgeKey) -> VMobject:
        """The VMobject that draws an edge."""
        layer = self.edges[key.layer - 1]
        return layer[layer.keys.index(self.edge_bucket[key])]

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
        return LaggedStart(*[FillTo(c, a) for c, a in zip(self.neurons[layer], self.activations_of(trace, layer))],
                           lag_ratio=lag)

    def flash_edges(self, layer: int) -> AnimationGroup:
        """Brighten the edges into ``layer`` and let them settle back."""
        return AnimationGroup(*[StrokeTo(b, b.get_stroke_width() * 1.8, 1.0, rate_func=there_and_back)
                                for b in self.edges[layer - 1]])

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


BOX_BUFF = 0.08  # room between the answer box and what it surrounds


class AnswerMarker(VGroup):
    """A box around the most active output neuron, with its activation written beside it;
    ``answer`` is that neuron's index and ``value`` its activation."""

    def __init__(self, diagram: NetworkDiagram, trace: Trace, theme: Theme):
        super().__init__()
        self.answer = int(np.argmax(trace.output))
        self.value = float(trace.output[self.answer])
        column = diagram.neurons[-1]
        circle = diagram.neuron(len(diagram.neurons) - 1, self.answer)
        label = diagram.output_labels[diagram.shown[-1].index(self.answer)]
        # The box keeps to its neuron's row (its lines on the rows' borders at most), so it never
        # touches the neighbouring neurons or their labels, however close the rows are.
        marked = VGroup(circle, label)
        row = abs(column[1].get_y() - column[0].get_y()) if len(column) > 1 else np.inf
        buff_y = min(BOX_BUFF, (row - marked.height) / 2)
        self.box = SurroundingRectangle(marked, color=theme.highlight, buff=(BOX_BUFF, buff_y), corner_radius=0.08)
        self.box.set_y(circle.get_y())
        self.value_text = Text(format_activation(self.value), font=theme.font, font_size=theme.small_font_size + 2,
                               color=theme.highlight).scale(column[0].width / (2 * theme.neuron_radius))
        self.value_text.next_to(self.box, RIGHT, 0.12)
        self.add(self.box, self.value_text)
