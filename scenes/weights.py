"""One neuron up close: its 784 weights, the weighted sum, the sigmoid and the bias.

    manim render scenes/weights.py          # the default scene, OneNeuron

The neuron is the most active neuron of the first hidden layer for the chosen digit;
every weight, sum, bias and activation on screen is read from netcore.
"""
from __future__ import annotations

import numpy as np
from manim import *  # noqa: F401,F403 - scene files use manim's star import, as its examples do

from kit import LessonScene, digit_image
from kit.formatting import count, fmt, format_activation
from kit.pixels import grid_centers
from kit.plots import activation_axes, activation_curve, mark_point
from kit.weightgrid import weight_image
from netcore.activations import sigmoid


def edge_detector() -> np.ndarray:
    """A hand-made weight grid (784 values): +1 on a short horizontal bar near the top of the
    frame, -1 on the pixels just above and below it, 0 elsewhere. It should respond to a
    bright bar with dark surroundings."""
    w = np.zeros((28, 28))
    w[5:8, 8:20] = -1.0
    w[11:14, 8:20] = -1.0
    w[8:11, 8:20] = 1.0
    return w.reshape(-1)


ILLUSTRATION_BIAS = -10.0


def pick_neuron(activations: np.ndarray) -> int:
    """The most active neuron that is not saturated (activation between 0.05 and 0.95), so the
    sigmoid and the bias have visible work to do; the most active one if every neuron is saturated."""
    a = np.asarray(activations)
    candidates = np.flatnonzero((a > 0.05) & (a < 0.95))
    return int(candidates[np.argmax(a[candidates])]) if len(candidates) else int(np.argmax(a))


class OneNeuron(LessonScene):
    """Weights as a grid, the weighted sum, a hand-made edge detector, the sigmoid, the bias."""

    def construct(self):
        self.meet_the_neuron()
        self.weights_as_grid()
        self.weighted_sum()
        self.hand_made_edge_detector()
        self.squish_with_sigmoid()
        self.add_the_bias()

    # --- the numbers, all from netcore ------------------------------------------------

    def setup(self):
        super().setup()
        net, a = self.lesson.net, self.lesson.digit.pixels
        trace = self.lesson.trace
        self.k = pick_neuron(trace.a(1))
        self.w = net.weights[0][self.k]
        self.b = float(net.biases[0][self.k])
        self.products = self.w * a
        self.total = float(self.products.sum())  # w1 a1 + ... + w784 a784, without the bias
        self.z = float(trace.z(1)[self.k])
        self.activation = float(trace.a(1)[self.k])

    # --- beats ------------------------------------------------------------------------

    def meet_the_neuron(self):
        self.digit = digit_image(self.lesson.digit.pixels, self.theme, height=3.2).move_to(LEFT * 4.6 + UP * 0.3)
        self.neuron = Circle(0.45, color=self.theme.neuron_stroke).set_fill(self.theme.neuron_on, 0)
        self.neuron.move_to(RIGHT * 4.6 + UP * 0.3)
        fan = self.connections()
        label = self.text(f"hidden neuron {self.k}", self.theme.small_font_size).next_to(self.neuron, DOWN)
        self.play(FadeIn(self.digit), FadeIn(self.neuron), FadeIn(label), run_time=0.8)
        self.say(f"Hidden neuron {self.k} of the first layer is joined to all {count(self.n_in)} pixels")
        self.play(Create(fan), run_time=1.5)
        self.wait(1)
        self.say("Each connection has a weight: a number the network learned")
        self.wait(1)
        self.play(FadeOut(fan), FadeOut(label), FadeOut(self.neuron), run_time=0.6)

    def weights_as_grid(self):
        self.grid = weight_image(self.w, self.theme, height=3.2).move_to(UP * 0.3)
        lo, hi = float(self.w.min()), float(self.w.max())
        self.range_text = self.text(f"weights from {fmt(lo)} to {fmt(hi, sign=True)}", self.theme.small_font_size,
                                    self.theme.dim_text).next_to(self.grid, DOWN, 0.2)
        self.play(FadeIn(self.grid), FadeIn(self.range_text), run_time=0.8)
        self.say(self.palette_sentence())
        self.wait(2)

    def weighted_sum(self):
        self.product_grid = weight_image(self.products, self.theme, height=3.2).move_to(RIGHT * 4.6 + UP * 0.3)
        times = MathTex(r"\times", color=self.theme.text).move_to((self.digit.get_right() + self.grid.get_left()) / 2)
        equals = MathTex("=", color=self.theme.text).move_to((self.grid.get_right() + self.product_grid.get_left()) / 2)
        self.say("Multiply each pixel by its weight: green pixels push the sum up, red ones pull it down")
        self.play(FadeIn(times), FadeIn(equals), FadeIn(self.product_grid), run_time=1)
        self.wait(1.5)
        n = self.n_in
        formula = MathTex(rf"w_1 a_1 + w_2 a_2 + \cdots + w_{{{n}}} a_{{{n}}}", "=", fmt(self.total).replace("−", "-"),
                          color=self.theme.text, font_size=self.theme.font_size + 8)
        formula.to_edge(UP, buff=0.35)
        self.sum_formula = formula
        self.say(f"Add all {count(n)} products: that is the weighted sum")
        self.play(Write(formula[0]), run_time=1.2)
        self.play(FadeIn(formula[1:]), run_time=0.6)
        self.wait(1.5)
        self.play(*[FadeOut(m) for m in (times, equals, self.product_grid, formula, self.grid, self.range_text,
                                         self.digit)], run_time=0.6)

    def hand_made_edge_detector(self):
        detector = edge_detector()
        samples = self.lesson.samples
        inputs = samples.inputs
        sums = inputs @ detector
        order = np.argsort(sums, kind="stable")
        self.detector_picks = [int(order[-1]), int(order[len(order) // 2]), int(order[0])]
        self.detector_sums = [float(sums[i]) for i in self.detector_picks]
        title = self.text("An idealised edge detector, made by hand (not learned)", self.theme.font_size)
        title.to_edge(UP, buff=0.35)
        grid = weight_image(detector, self.theme, height=2.6).move_to(LEFT * 4.8 + DOWN * 0.1)
        note = self.text("+1 on a bar, −1 around it", self.theme.small_font_size, self.theme.dim_text)
        note.next_to(grid, DOWN, 0.2)
        self.say("Positive weights on a bar, negative around it: made to fire for a bright bar on dark")
        self.play(FadeIn(title), FadeIn(grid), FadeIn(note), run_time=0.8)
        cells = Group()
        self.detector_labels = []
        for i, s in zip(self.detector_picks, self.detector_sums):
            img = digit_image(inputs[i], self.theme, height=2.2)
            label = self.text(f"sum = {fmt(s)}", self.theme.small_font_size)
            label.next_to(img, DOWN, 0.2)
            self.detector_labels.append(label)
            cells.add(Group(img, label))
        cells.arrange(RIGHT, buff=0.6).move_to(RIGHT * 1.6 + DOWN * 0.1)
        self.play(LaggedStart(*[FadeIn(c) for c in cells], lag_ratio=0.4), run_time=1.5)
        self.say("On real digits: the sum is highest where the bar is bright and its edges dark")
        self.wait(2)
        self.play(FadeOut(title), FadeOut(grid), FadeOut(note), FadeOut(cells), run_time=0.6)

    def squish_with_sigmoid(self):
        reach = max(10, 5 * int(np.ceil((max(abs(self.total), abs(self.z)) + 1) / 5)))
        self.axes = activation_axes(self.theme, (-reach, reach, 5), width=9, height=3.6).shift(DOWN * 0.6)
        self.curve = activation_curve(self.axes, sigmoid, self.theme.highlight)
        formula = MathTex(r"\sigma(x) = \frac{1}{1 + e^{-x}}", color=self.theme.text,
                          font_size=self.theme.font_size + 8).to_edge(UP, buff=0.35)
        self.say("The sigmoid squishes any number into the range 0 to 1")
        self.play(Create(self.axes), FadeIn(formula), run_time=1)
        self.play(Create(self.curve), run_time=1.2)
        self.wait(1)
        self.sum_point = mark_point(self.axes, self.total, float(sigmoid(np.array([self.total]))[0]), self.theme)
        self.sum_text = self.text(f"weighted sum {fmt(self.total)}  →  σ = "
                                  f"{format_activation(float(sigmoid(np.array([self.total]))[0]))}",
                                  self.theme.small_font_size).next_to(formula, DOWN, 0.25)
        self.play(FadeIn(self.sum_point), FadeIn(self.sum_text), run_time=0.8)
        self.wait(1.5)
        self.sigmoid_formula = formula

    def add_the_bias(self):
        shifted = self.axes.plot(lambda x: float(sigmoid(np.array([x + ILLUSTRATION_BIAS]))[0]),
                                 x_range=[self.axes.x_range[0], self.axes.x_range[1], 0.1],
                                 color=self.theme.dim_text, stroke_width=3)
        shifted = DashedVMobject(shifted, num_dashes=60)
        example = MathTex(r"\sigma(x - 10)", color=self.theme.dim_text, font_size=self.theme.font_size)
        example.next_to(self.axes.c2p(10, 0.25), RIGHT, 0.15)
        self.say("A bias shifts the sum. With −10, the neuron wakes only once the sum passes 10")
        self.play(Create(shifted), FadeIn(example), run_time=1.2)
        self.wait(1.5)
        self.play(FadeOut(shifted), FadeOut(example), run_time=0.5)
        self.bias_text = self.text(
            f"this neuron's own bias: {fmt(self.b)}     z = {fmt(self.total)} {'+' if self.b >= 0 else '−'} "
            f"{fmt(abs(self.b))} = {fmt(self.z)}     σ(z) = {format_activation(self.activation)}",
            self.theme.small_font_size).next_to(self.sigmoid_formula, DOWN, 0.25)
        point = mark_point(self.axes, self.z, self.activation, self.theme)
        self.say("Its real bias moves the sum to z; the sigmoid of z is the neuron's activation")
        self.play(FadeOut(self.sum_text), FadeIn(self.bias_text), ReplacementTransform(self.sum_point, point),
                  run_time=1)
        self.activation_point = point
        self.wait(2.5)

    # --- helpers ----------------------------------------------------------------------

    def connections(self) -> VGroup:
        """784 lines, pixel to neuron, drawn as two paths (positive, negative weights)."""
        centers = grid_centers(self.digit)
        end = self.neuron.get_left()
        paths = VGroup()
        for sign, colour in ((1, self.theme.positive), (-1, self.theme.negative)):
            path = VMobject(stroke_color=colour, stroke_width=0.6, stroke_opacity=0.35)
            for i in np.flatnonzero(np.sign(self.w) == sign):
                path.start_new_path(centers[i])
                path.add_line_to(end)
            paths.add(path)
        return paths

    def palette_sentence(self) -> str:
        pos, neg = {"classic": ("green", "red"), "colorblind": ("blue", "orange")}[self.lesson.settings.palette]
        return (f"Its {count(self.n_in)} weights laid out like the pixels: {pos} positive, {neg} negative, "
                "brighter is larger")
