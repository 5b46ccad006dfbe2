"""Counting the knobs: every weight and bias of the network, counted from its arrays.

    manim render scenes/counting.py          # the default scene, CountingParameters

The network on the left, a table on the right: one row per layer of neurons (how many neurons, what
each one has, how many numbers in all), then the total. Each count is the size of a netcore array; a
network of another shape gives its own total.
"""
from __future__ import annotations

from manim import *  # noqa: F401,F403 - scene files use manim's star import, as its examples do

from lessonkit import LessonScene, NetworkDiagram
from lessonkit.formatting import count
from lessonkit.layout import baseline, fit_within

#: The frame's two halves: the network's centre on the left, the table's left edge and width.
DIAGRAM_X, DIAGRAM_Y, DIAGRAM_W, DIAGRAM_H = -3.9, 0.4, 5.6, 6.3
TABLE_LEFT, TABLE_W = -0.8, 7.5
COLUMN_GAP = 0.35


def layer_counts(net) -> list[tuple[int, int, int, int]]:
    """Per weight layer: (inputs, neurons, weights, biases), read from the arrays' shapes."""
    return [(w.shape[1], w.shape[0], w.size, b.size) for w, b in zip(net.weights, net.biases)]


class CountingParameters(LessonScene):
    """One neuron's weights and bias, a layer of such neurons, the other layers, the total."""

    def construct(self):
        self.the_question()
        self.one_neuron()
        self.a_whole_layer()
        self.the_other_layers()
        self.the_total()
        self.hand_over()

    def setup(self):
        super().setup()
        self.counts = layer_counts(self.lesson.net)
        self.diagram = NetworkDiagram(self.lesson.net, self.theme, self.topic.classes, width=DIAGRAM_W,
                                      height=DIAGRAM_H, layer_spacing=1.4)
        self.diagram.move_to(RIGHT * DIAGRAM_X + UP * DIAGRAM_Y)
        self.table = self.make_table()
        self.shown_rows = 0

    # --- beats ------------------------------------------------------------------------

    def the_question(self):
        d = self.diagram
        self.say(self.t("counting.question"))
        self.play(FadeIn(d.neurons), FadeIn(d.extras), FadeIn(d.output_labels), run_time=1)

    def one_neuron(self):
        d = self.diagram
        n_in = self.counts[0][0]
        neuron = d.neurons[1][0]
        into_one = VGroup(*[Line(c.get_right(), neuron.get_left(), color=self.theme.highlight, stroke_width=1.5)
                            for c in d.neurons[0]])
        self.one = self.one_neuron_text()
        self.say(self.t("counting.one-neuron-said", inputs=n_in))
        self.play(Create(into_one), Indicate(neuron, color=self.theme.highlight), FadeIn(self.one), run_time=1.2)
        self.into_one = into_one

    def a_whole_layer(self):
        self.add_row(1, FadeIn(self.table.header), FadeOut(self.into_one), FadeIn(self.weight_key()))

    def the_other_layers(self):
        """The later rows, under one line that says how every layer counts (the rows are not read out)."""
        rest = len(self.counts) - 1
        if rest == 0:
            return
        self.say(self.t("counting.row-said", rest=rest))
        every = self.heading_lines(self.t("counting.every-neuron"))  # one neuron of layer 1 no longer
        for layer in range(2, len(self.counts) + 1):
            self.add_row(layer, *([FadeOut(self.one), FadeIn(every)] if layer == 2 else []), run_time=1.0)

    def the_total(self):
        total = sum(w + b for _, _, w, b in self.counts)
        self.total = total
        rule = self.table.rule
        # The total is written at once: counting up through numbers that are no sum of the rows would
        # flash meaningless figures beside a table that already holds the real ones.
        self.total_text = self.text(self.t("counting.total", total=total), self.theme.font_size, self.theme.highlight,
                                    max_width=TABLE_W).next_to(rule, DOWN, 0.25).align_to(rule, RIGHT)
        self.say(self.t("counting.add-up", total=total))
        self.play(Create(rule), run_time=0.4)
        self.play(FadeIn(self.total_text, shift=0.2 * UP), run_time=1.2)
        self.describe(self.t("counting.total-described", total=total))

    def hand_over(self):
        self.say(self.t("counting.meaning", total=self.total))
        self.play(Circumscribe(self.total_text, color=self.theme.highlight, buff=0.12), run_time=1.5)

    # --- the table --------------------------------------------------------------------

    def add_row(self, layer: int, *also: Animation, run_time: float = 1.2) -> None:
        """Row ``layer`` of the table, the layer's connections drawn and its neurons pointed out (with
        ``also`` played at the same time); the first row is said, the others are not."""
        n_in, n_out, n_w, n_b = self.counts[layer - 1]
        name = self.lesson.layers[layer].name
        kind = "output" if layer == len(self.counts) else "hidden"
        row = self.table.rows[layer - 1]
        if layer == 1:
            self.say(self.t("counting.first-row-said", kind=kind, neurons=n_out, inputs=n_in, total=n_w + n_b))
        self.play(*also, FadeIn(row, shift=0.2 * LEFT), Create(self.diagram.edges[layer - 1]),
                  Indicate(self.diagram.neurons[layer], color=self.theme.highlight, scale_factor=1.1),
                  run_time=run_time)
        self.describe(self.t("counting.row-described", layer=name, neurons=n_out, inputs=n_in, total=n_w + n_b))

    def make_table(self) -> VGroup:
        """The table's header, its rows (one per layer of neurons) and the rule under them, placed in
        the right half; ``.header``, ``.rows`` and ``.rule`` are its parts."""
        size = self.theme.small_font_size
        header = [self.t("counting.col-layer"), self.t("counting.col-neurons"), self.t("counting.col-each"),
                  self.t("counting.col-all")]
        cells = [header]
        for layer, (n_in, n_out, n_w, n_b) in enumerate(self.counts, start=1):
            cells.append([self.lesson.layers[layer].short, count(n_out), self.t("counting.each", inputs=n_in),
                          count(n_w + n_b)])
        texts = [[self.text(c, size, self.theme.dim_text if r == 0 else self.theme.text, max_width=10)
                  for c in row] for r, row in enumerate(cells)]
        widths = [max(row[c].width for row in texts) for c in range(4)]
        lefts = [sum(widths[:c]) + COLUMN_GAP * c for c in range(4)]
        y = 0.0
        for r, row in enumerate(texts):
            for c, t in enumerate(row):
                x = lefts[c] + (widths[c] - t.width if c in (1, 3) else 0)  # numbers to the right
                t.move_to([x + t.width / 2, y, 0])
                t.shift(UP * (y - baseline(t)))  # a row's words stand on one line, whatever their letters
            y -= 0.5 if r else 0.6
        table = VGroup(*[VGroup(*row) for row in texts])
        rule = Line(LEFT, RIGHT, color=self.theme.dim_text)
        rule.scale_to_fit_width(widths[3] + widths[2] + COLUMN_GAP).next_to(table, DOWN, 0.2).align_to(table, RIGHT)
        table.add(rule)
        fit_within(table, TABLE_W)
        table.next_to(self.one_neuron_text(), DOWN, 0.55).align_to(RIGHT * TABLE_LEFT, LEFT)
        table.header, table.rows, table.rule = table[0], list(table[1:-1]), rule
        table.remove(rule)
        return table

    def one_neuron_text(self) -> VGroup:
        """What one neuron of the first hidden layer has, its lines centred over the table."""
        return self.heading_lines(self.t("counting.one-neuron", layer=self.lesson.layers[1].name,
                                         inputs=self.counts[0][0]))

    def heading_lines(self, words: str) -> VGroup:
        """``words`` (lines split at newlines) centred over the table."""
        lines = VGroup(*[self.text(line, self.theme.font_size - 4, max_width=TABLE_W) for line in words.split("\n")])
        return lines.arrange(DOWN, buff=0.12).move_to(RIGHT * (TABLE_LEFT + TABLE_W / 2) + UP * 2.3)
