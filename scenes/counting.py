"""Counting the knobs: every weight and bias of the network, counted from its arrays.

    manim render scenes/counting.py          # the default scene, CountingParameters

Each count is the size of a netcore array; a network of another shape gives its own total.
"""
from __future__ import annotations

from manim import *  # noqa: F401,F403 - scene files use manim's star import, as its examples do

from lessonkit import LessonScene, NetworkDiagram
from lessonkit.layout import fit_within


def layer_counts(net) -> list[tuple[int, int, int, int]]:
    """Per weight layer: (inputs, neurons, weights, biases), read from the arrays' shapes."""
    return [(w.shape[1], w.shape[0], w.size, b.size) for w, b in zip(net.weights, net.biases)]


class CountingParameters(LessonScene):
    """One neuron's weights and bias, a layer of such neurons, the other layers, the total."""

    def construct(self):
        self.one_neuron()
        self.a_whole_layer()
        self.the_other_layers()
        self.the_total()

    def setup(self):
        super().setup()
        self.counts = layer_counts(self.lesson.net)
        width = min(7.0, 1.3 * len(self.sizes))  # deeper networks get more of the frame
        self.diagram = NetworkDiagram(self.lesson.net, self.theme, self.topic.classes, width=width, height=5.0,
                                      layer_spacing=1.25)
        self.diagram.to_edge(LEFT, buff=0.8).shift(DOWN * 0.2)
        self.rows: list[Text] = []

    def one_neuron(self):
        d = self.diagram
        n_in, _, _, _ = self.counts[0]
        self.play(FadeIn(d.neurons), FadeIn(d.extras), FadeIn(d.output_labels), run_time=1)
        neuron = d.neurons[1][0]
        into_one = VGroup(*[Line(c.get_right(), neuron.get_left(), color=self.theme.highlight, stroke_width=1.5)
                            for c in d.neurons[0]])
        self.say(self.t("counting.one-neuron-said", inputs=n_in))
        self.play(Create(into_one), Indicate(neuron, color=self.theme.highlight), run_time=1.2)
        self.one = self.text(self.t("counting.one-neuron", inputs=n_in), self.theme.font_size)
        self.one.to_edge(UP, buff=0.5).to_edge(RIGHT, buff=0.5)
        self.play(FadeIn(self.one), run_time=0.6)
        self.wait(1.5)
        self.play(FadeOut(into_one), run_time=0.4)

    def a_whole_layer(self):
        self.add_row(1)
        self.play(Create(self.diagram.edges[0]), run_time=1.2)
        self.wait(1.5)

    def the_other_layers(self):
        for layer in range(2, len(self.counts) + 1):
            self.add_row(layer)
            self.play(Create(self.diagram.edges[layer - 1]), run_time=1)
            self.wait(1)

    def the_total(self):
        total = sum(w + b for _, _, w, b in self.counts)
        self.total = total
        rule = Line(LEFT * 3.0, RIGHT * 3.0, color=self.theme.dim_text).next_to(self.rows[-1], DOWN, 0.25)
        rule.align_to(self.rows[-1], RIGHT)
        tracker = ValueTracker(0)

        def total_line(n: int) -> Text:
            return self.text(self.t("counting.total", total=n), self.theme.font_size + 6, self.theme.highlight) \
                .next_to(rule, DOWN, 0.3).align_to(rule, RIGHT)

        counter = always_redraw(lambda: total_line(int(round(tracker.get_value()))))
        self.say(self.t("counting.add-up"))
        self.play(Create(rule), run_time=0.4)
        self.add(counter)
        self.play(tracker.animate.set_value(total), run_time=2.5, rate_func=smooth)
        self.total_text = total_line(total)  # the count ends exactly on the total
        self.remove(counter)
        self.add(self.total_text)
        self.describe(self.t("counting.total-described", total=total))
        self.wait(1)
        self.say(self.t("counting.meaning", total=total))
        self.wait(2.5)

    def add_row(self, layer: int) -> None:
        n_in, n_out, n_w, n_b = self.counts[layer - 1]
        names = [layer.short for layer in self.lesson.layers]
        values = dict(from_layer=names[layer - 1], to_layer=names[layer], inputs=n_in, neurons=n_out, weights=n_w,
                      biases=n_b)
        row = self.text(self.t("counting.row", **values), self.theme.small_font_size)
        fit_within(row, config.frame_width - self.diagram.get_right()[0] - config.frame_width / 2 - 0.8)
        if self.rows:
            row.next_to(self.rows[-1], DOWN, 0.3).align_to(self.rows[-1], RIGHT)
        else:
            row.next_to(self.one, DOWN, 0.7).to_edge(RIGHT, buff=0.5)
        self.rows.append(row)
        self.say(self.t("counting.row-said", neurons=n_out, inputs=n_in))
        self.play(FadeIn(row, shift=0.2 * LEFT), run_time=0.7)
        self.describe(self.t("counting.row-described", **values))
