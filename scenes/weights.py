"""One neuron up close: its weights, the weighted sum, its activation function and the bias.

    manim render scenes/weights.py          # the default scene, OneNeuron

The neuron is picked from the first hidden layer for the chosen item (see pick_neuron); every
weight, sum, bias and activation on screen is read from netcore, and the activation function
drawn is the layer's own (sigmoid or ReLU).
"""
from __future__ import annotations

import numpy as np
from manim import *  # noqa: F401,F403 - scene files use manim's star import, as its examples do

from lessonkit import LessonScene, WeightGrid, grid_centers, item_image
from lessonkit import equations
from lessonkit.formatting import fmt, format_activation
from lessonkit.layout import fit_within
from lessonkit.plots import activation_axes, activation_curve, mark_point
from lessonscript import Num
from netcore.activations import Activation


#: The hand-made detector's bar, in fractions of the image's height and width.
BAR_TOP, BAR_THICKNESS, BAR_LEFT, BAR_RIGHT = 0.29, 0.11, 0.29, 0.71


def edge_detector(shape: tuple[int, int]) -> np.ndarray:
    """A hand-made weight grid for images of ``shape``: +1 on a horizontal bar in the image's upper
    half, -1 on as many rows just above and below it, 0 elsewhere (on MNIST's images: rows 8-10,
    columns 8-19). It should respond to a bright bar with dark surroundings."""
    rows, cols = shape
    t = max(1, round(rows * BAR_THICKNESS))
    top = max(t, round(rows * BAR_TOP))
    left = round(cols * BAR_LEFT)
    right = max(round(cols * BAR_RIGHT), left + 1)
    w = np.zeros(shape)
    w[top - t:top, left:right] = -1.0
    w[top:top + t, left:right] = 1.0
    w[top + t:top + 2 * t, left:right] = -1.0
    return w.reshape(-1)


ILLUSTRATION_BIAS = -10.0


def pick_neuron(activations: np.ndarray, activation: Activation) -> int:
    """For a bounded activation (sigmoid): the most active neuron that is not saturated (between
    0.05 and 0.95), so the curve and the bias have visible work to do; the most active one if every
    neuron is saturated. For an unbounded one (ReLU): the most active neuron."""
    a = np.asarray(activations)
    candidates = np.flatnonzero((a > 0.05) & (a < 0.95)) if activation.bounded else []
    return int(candidates[np.argmax(a[candidates])]) if len(candidates) else int(np.argmax(a))


class OneNeuron(LessonScene):
    """Weights as a grid, the weighted sum, a hand-made edge detector, the activation function, the bias."""

    def construct(self):
        self.meet_the_neuron()
        self.weights_as_grid()
        self.weighted_sum()
        self.hand_made_edge_detector()
        self.apply_the_activation()
        self.add_the_bias()

    # --- the numbers, all from netcore ------------------------------------------------

    def setup(self):
        super().setup()
        net, a = self.lesson.net, self.lesson.item.pixels
        trace = self.lesson.trace
        self.act = self.lesson.layers[1].activation  # hidden layer 1's own activation function
        self.k = pick_neuron(trace.a(1), self.act)
        self.w = net.weights[0][self.k]
        self.b = float(net.biases[0][self.k])
        self.products = self.w * a
        self.total = float(self.products.sum())  # w1 a1 + ... + wn an over every pixel, without the bias
        self.z = float(trace.z(1)[self.k])
        self.activation = float(trace.a(1)[self.k])

    # --- beats ------------------------------------------------------------------------

    def meet_the_neuron(self):
        self.picture = item_image(self.lesson.item.image, self.theme, height=3.2, width=3.6).move_to(LEFT * 4.6 + UP * 0.3)
        self.neuron = Circle(0.45, color=self.theme.neuron_stroke).set_fill(self.theme.neuron_on, 0)
        self.neuron.move_to(RIGHT * 4.6 + UP * 0.3)
        fan = self.connections()
        label = self.text(self.t("weights.neuron-label", neuron=str(self.k)), self.theme.small_font_size)
        label.next_to(self.neuron, DOWN)
        self.play(FadeIn(self.picture), FadeIn(self.neuron), FadeIn(label), run_time=0.8)
        self.say(self.t("weights.meet", neuron=str(self.k), pixels=self.n_in))
        self.play(Create(fan), run_time=1.5)
        self.wait(1)
        self.say(self.t("weights.connection"))
        self.wait(1)
        self.play(FadeOut(fan), FadeOut(label), FadeOut(self.neuron), run_time=0.6)

    def weights_as_grid(self):
        self.grid = WeightGrid(self.w.reshape(self.lesson.shape), self.theme, height=3.2, width=3.6).move_to(UP * 0.3)
        lo, hi = Num(float(self.w.min())), Num(float(self.w.max()), sign=True)
        self.range_text = self.text(self.t("weights.range", low=lo, high=hi), self.theme.small_font_size,
                                    self.theme.dim_text).next_to(self.grid, DOWN, 0.2)
        self.play(FadeIn(self.grid), FadeIn(self.range_text), run_time=0.8)
        self.describe(self.t("weights.grid-described", neuron=str(self.k), weights=self.n_in, rows=self.rows,
                             cols=self.cols, low=lo, high=hi))
        self.say(self.palette_sentence())
        self.wait(2)

    def weighted_sum(self):
        self.product_grid = WeightGrid(self.products.reshape(self.lesson.shape), self.theme, height=3.2, width=3.6)
        self.product_grid.move_to(RIGHT * 4.6 + UP * 0.3)
        times = MathTex(r"\times", color=self.theme.text).move_to((self.picture.get_right() + self.grid.get_left()) / 2)
        equals = MathTex("=", color=self.theme.text).move_to((self.grid.get_right() + self.product_grid.get_left()) / 2)
        self.say(self.t("weights.multiply", positive=self.colour_name(self.theme.positive_name),
                        negative=self.colour_name(self.theme.negative_name)))
        self.play(FadeIn(times), FadeIn(equals), FadeIn(self.product_grid), run_time=1)
        self.wait(1.5)
        n = self.n_in
        formula = MathTex(rf"w_1 a_1 + w_2 a_2 + \cdots + w_{{{n}}} a_{{{n}}}", "=", fmt(self.total).replace("−", "-"),
                          color=self.theme.text, font_size=self.theme.font_size + 8)
        formula.to_edge(UP, buff=0.35)
        self.sum_formula = formula
        self.say(self.t("weights.add", products=n))
        self.play(Write(formula[0]), run_time=1.2)
        self.play(FadeIn(formula[1:]), run_time=0.6)
        self.describe(self.t("weights.sum-described", products=n, sum=Num(self.total)))
        self.wait(1.5)
        self.play(*[FadeOut(m) for m in (times, equals, self.product_grid, formula, self.grid, self.range_text,
                                         self.picture)], run_time=0.6)

    def hand_made_edge_detector(self):
        detector = edge_detector(self.lesson.shape)
        samples = self.lesson.samples
        inputs = samples.inputs
        sums = inputs @ detector
        order = np.argsort(sums, kind="stable")
        self.detector_picks = [int(order[-1]), int(order[len(order) // 2]), int(order[0])]
        self.detector_sums = [float(sums[i]) for i in self.detector_picks]
        title = self.text(self.t("weights.detector-title"), self.theme.font_size)
        title.to_edge(UP, buff=0.35)
        grid = WeightGrid(detector.reshape(self.lesson.shape), self.theme, height=2.6, width=3.0)
        grid.move_to(LEFT * 4.8 + DOWN * 0.1)
        note = self.text(self.t("weights.detector-note"), self.theme.small_font_size, self.theme.dim_text,
                         max_width=grid.width + 1.2)
        note.next_to(grid, DOWN, 0.2)
        self.say(self.t("weights.detector-said", rows=self.rows, cols=self.cols))
        self.play(FadeIn(title), FadeIn(grid), FadeIn(note), run_time=0.8)
        cells = Group()
        self.detector_labels = []
        for i, s in zip(self.detector_picks, self.detector_sums):
            img = item_image(inputs[i].reshape(self.lesson.shape), self.theme, height=2.2, width=2.6)
            label = self.text(self.t("weights.detector-sum", sum=Num(s)), self.theme.small_font_size)
            label.next_to(img, DOWN, 0.2)
            self.detector_labels.append(label)
            cells.add(Group(img, label))
        cells.arrange(RIGHT, buff=0.6).move_to(RIGHT * 1.6 + DOWN * 0.1)
        self.play(LaggedStart(*[FadeIn(c) for c in cells], lag_ratio=0.4), run_time=1.5)
        self.say(self.t("weights.detector-items", plural=self.topic.plural))
        self.wait(2)
        self.play(FadeOut(title), FadeOut(grid), FadeOut(note), FadeOut(cells), run_time=0.6)

    def apply_the_activation(self):
        act, f = self.act, self.act.fn
        reach = max(10, 5 * int(np.ceil((max(abs(self.total), abs(self.z)) + 1) / 5)))
        if act.bounded:
            y_range = (0, 1, 0.5)
        else:  # tall enough for the largest value marked
            top = max(1.0, float(f(np.array([max(self.total, self.z)]))[0]))
            step = max(1, int(np.ceil(top / 2)))
            y_range = (0, 2 * step, step)
        self.axes = activation_axes(self.theme, (-reach, reach, 5), y_range, width=9, height=3.6).shift(DOWN * 0.6)
        self.curve = activation_curve(self.axes, f, self.theme.highlight)
        formula = MathTex(equations.definition(act, "x"), color=self.theme.text,
                          font_size=self.theme.font_size + 8).to_edge(UP, buff=0.35)
        self.say(self.t("weights.activation", name=equations.plain(act), does=equations.words(act, self.script)))
        self.play(Create(self.axes), FadeIn(formula), run_time=1)
        self.play(Create(self.curve), run_time=1.2)
        self.wait(1)
        squashed = float(f(np.array([self.total]))[0])
        self.sum_point = mark_point(self.axes, self.total, squashed, self.theme)
        self.sum_text = self.text(self.t("weights.activation-sum", sum=Num(self.total), name=equations.plain(act),
                                         activation=Num(squashed, 3)),
                                  self.theme.small_font_size).next_to(formula, DOWN, 0.25)
        self.play(FadeIn(self.sum_point), FadeIn(self.sum_text), run_time=0.8)
        self.wait(1.5)
        self.activation_formula = formula

    def add_the_bias(self):
        f, name = self.act.fn, equations.plain(self.act)
        shifted = self.axes.plot(lambda x: float(f(np.array([x + ILLUSTRATION_BIAS]))[0]),
                                 x_range=[self.axes.x_range[0], self.axes.x_range[1], 0.1],
                                 color=self.theme.dim_text, stroke_width=3)
        shifted = DashedVMobject(shifted, num_dashes=60)
        example = MathTex(rf"{equations.symbol(self.act)}(x {fmt(ILLUSTRATION_BIAS, 0, sign=True).replace('−', '-')})",
                          color=self.theme.dim_text, font_size=self.theme.font_size)
        example.next_to(self.axes.c2p(-ILLUSTRATION_BIAS, self.axes.y_range[1] / 4), RIGHT, 0.15)
        self.say(self.t("weights.bias-shift", bias=Num(ILLUSTRATION_BIAS, 0), threshold=Num(-ILLUSTRATION_BIAS, 0)))
        self.play(Create(shifted), FadeIn(example), run_time=1.2)
        self.wait(1.5)
        self.play(FadeOut(shifted), FadeOut(example), run_time=0.5)
        self.bias_text = self.text(self.t("weights.own-bias", bias=Num(self.b), formula=self.z_in_symbols()),
                                   self.theme.small_font_size)
        fit_within(self.bias_text, config.frame_width - 0.6).next_to(self.activation_formula, DOWN, 0.25)
        point = mark_point(self.axes, self.z, self.activation, self.theme)
        self.say(self.t("weights.bias-moves", name=name))
        self.play(FadeOut(self.sum_text), FadeIn(self.bias_text), ReplacementTransform(self.sum_point, point),
                  run_time=1)
        self.activation_point = point
        self.describe(self.t("weights.bias-described", bias=Num(self.b), z=Num(self.z), name=name,
                             activation=Num(self.activation, 3)))
        self.wait(2.5)

    # --- helpers ----------------------------------------------------------------------

    def connections(self) -> VGroup:
        """A line from every pixel to the neuron, drawn as two paths (positive, negative weights)."""
        centers = grid_centers(self.picture, self.rows, self.cols)
        end = self.neuron.get_left()
        paths = VGroup()
        for sign, colour in ((1, self.theme.positive), (-1, self.theme.negative)):
            path = VMobject(stroke_color=colour, stroke_width=0.6, stroke_opacity=0.35)
            for i in np.flatnonzero(np.sign(self.w) == sign):
                path.start_new_path(centers[i])
                path.add_line_to(end)
            paths.add(path)
        return paths

    def z_in_symbols(self) -> str:
        """z = weighted sum + bias, and the activation of z, in symbols and numbers (no words)."""
        name = equations.plain(self.act)
        return (f"z = {fmt(self.total)} {'+' if self.b >= 0 else '−'} {fmt(abs(self.b))} = {fmt(self.z)}     "
                f"{name}(z) = {format_activation(self.activation)}")

    def palette_sentence(self) -> str:
        return self.t("weights.palette", weights=self.n_in, positive=self.colour_name(self.theme.positive_name),
                      negative=self.colour_name(self.theme.negative_name))
