"""One neuron up close: what it would need to notice a bar (weights, the weighted sum, an activation
function, a bias), shown with a hand-made illustration, then a real neuron's own numbers.

    manim render scenes/weights.py          # the default scene, OneNeuron

The chapter opens with a design puzzle: how could one neuron of the first hidden layer notice a short
bar in one spot of the image? It answers step by step with a weight grid made by hand (marked as an
illustration) tried on real items, then follows a real neuron of the trained network (see
pick_neuron). Every weight, sum, bias and activation on screen is read from netcore, and the
activation function drawn is the layer's own (sigmoid or ReLU).
"""
from __future__ import annotations

import numpy as np
from manim import *  # noqa: F401,F403 - scene files use manim's star import, as its examples do

from lessonkit import LessonScene, WeightGrid, grid_centers, item_image
from lessonkit import equations
from lessonkit.formatting import fmt, format_activation
from lessonkit.layout import place_clear
from lessonkit.plots import activation_curve, mark_point, themed_axes
from lessonscript import Num
from netcore.activations import Activation


#: The hand-made detector's bar, in fractions of the image's height and width.
BAR_TOP, BAR_THICKNESS, BAR_LEFT, BAR_RIGHT = 0.29, 0.11, 0.29, 0.71


#: Where the row of pictures (item, weights, products) sits, and how large each is.
ROW_Y, CELL_H, CELL_W = 0.35, 2.7, 3.2
LEFT_X, MID_X, RIGHT_X = -4.6, 0.0, 4.6


def bar_rows_cols(shape: tuple[int, int]) -> tuple[int, int, int, int]:
    """(thickness, top row, left column, right column) of the hand-made detector's bar."""
    rows, cols = shape
    t = max(1, round(rows * BAR_THICKNESS))
    top = max(t, round(rows * BAR_TOP))
    left = round(cols * BAR_LEFT)
    return t, top, left, max(round(cols * BAR_RIGHT), left + 1)


def edge_detector(shape: tuple[int, int]) -> np.ndarray:
    """A hand-made weight grid for images of ``shape``: +1 on a horizontal bar in the image's upper
    half, -1 on as many rows just above and below it, 0 elsewhere (on MNIST's images: rows 8-10,
    columns 8-19). It should respond to a bright bar with dark surroundings."""
    t, top, left, right = bar_rows_cols(shape)
    w = np.zeros(shape)
    w[top - t:top, left:right] = -1.0
    w[top:top + t, left:right] = 1.0
    w[top + t:top + 2 * t, left:right] = -1.0
    return w.reshape(-1)


def illustration_threshold(highest_sum: float) -> int:
    """The sum the example bias asks the hand-made neuron to pass: a round number (1, 2 or 5 times a
    power of ten, at least 1) at most 0.8 of the highest sum it gives on the sample, so the best
    match passes it (10 on MNIST, where that sum is about 15.6)."""
    limit = max(1.0, 0.8 * highest_sum)
    power = 10 ** int(np.floor(np.log10(limit)))
    return int(max(m * power for m in (1, 2, 5, 10) if m * power <= limit))


def pick_neuron(activations: np.ndarray, activation: Activation) -> int:
    """For a bounded activation (sigmoid): the most active neuron that is not saturated (between
    0.05 and 0.95), so the curve and the bias have visible work to do; the most active one if every
    neuron is saturated. For an unbounded one (ReLU): the most active neuron."""
    a = np.asarray(activations)
    candidates = np.flatnonzero((a > 0.05) & (a < 0.95)) if activation.bounded else []
    return int(candidates[np.argmax(a[candidates])]) if len(candidates) else int(np.argmax(a))


def adding_up(total: float, bias: float, z: float, places: tuple[int, ...] = (2, 3)) -> tuple[int, float, float, float]:
    """(places, sum, bias, total) rounded alike, to the fewest ``places`` at which the rounded sum and
    bias add up to the rounded total, so that the numbers shown and said add up (1.20 and 0.48 make
    1.68; never 1.2 and 0.48 making 1.7). Where no such places are found, the total is the rounded sum
    plus the rounded bias (off from the true total by less than the last place)."""
    for p in places:
        s, b, t = round(total, p), round(bias, p), round(z, p)
        if abs(s + b - t) < 0.5 * 10 ** -p:
            return p, s, b, t
    p = places[-1]
    s, b = round(total, p), round(bias, p)
    return p, s, b, round(s + b, p)


def trimmed(x: float, places: int) -> Num:
    """``x`` to ``places`` decimals without the trailing zeros, as a person reads it: 1.20 is "1.2"."""
    q = next(q for q in range(places + 1) if abs(round(x, q) - round(x, places)) < 0.5 * 10 ** -(places + 1))
    return Num(abs(round(x, places)), q)


def spoken(name: str, x: float) -> dict:
    """A number for a spoken line, rounded as a person would say it (one decimal, two below 1): its
    size as ``name`` and whether it is negative as ``name_sign`` (the line says "minus", never a
    sign a voice cannot read)."""
    places = 1 if abs(x) >= 1 else 2
    negative = round(x, places) < 0
    return {name: Num(abs(x), places), f"{name}_sign": "negative" if negative else "positive"}


class OneNeuron(LessonScene):
    """The puzzle, weights, the weighted sum, squishing, the bias, then a real neuron's numbers."""

    def construct(self):
        self.the_puzzle()
        self.one_weight_per_connection()
        self.weights_chosen_by_hand()
        self.multiply_and_add()
        self.other_items()
        self.squish_into_a_range()
        self.add_a_bias()
        self.a_real_neuron()
        self.its_weighted_sum()
        self.its_activation()
        self.hand_over()

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
        # The sum, the bias and their total, rounded alike so that they add up, as shown and as said
        self.shown_adding = adding_up(self.total, self.b, self.z)
        self.detector = edge_detector(self.lesson.shape)
        self.detector_total = float(self.detector @ a)
        self.trained = "yes" if self.lesson.trained else "no"

    # --- beats ------------------------------------------------------------------------

    def the_puzzle(self):
        """The question first: what would one neuron need to notice a bar in one spot?"""
        self.picture = self.cell(item_image(self.lesson.item.image, self.theme, height=CELL_H, width=CELL_W), LEFT_X)
        self.spot = self.bar_outline(self.picture)
        self.neuron = Circle(0.5, color=self.theme.neuron_stroke).set_fill(self.theme.neuron_on, 0)
        self.neuron.move_to(RIGHT * RIGHT_X + UP * ROW_Y)
        self.unknown = self.text("?", self.theme.font_size + 8).move_to(self.neuron)
        self.neuron_label = self.text(self.t("weights.neuron-label", layer=self.lesson.layers[1].name),
                                      self.theme.small_font_size, max_width=CELL_W + 0.6)
        self.neuron_label.next_to(self.neuron, DOWN, 0.25)
        self.say(self.t("weights.puzzle"))
        self.play(FadeIn(self.picture), FadeIn(self.neuron), FadeIn(self.unknown), FadeIn(self.neuron_label),
                  run_time=0.8)
        self.play(Create(self.spot), run_time=0.8)
        self.describe(self.t("weights.puzzle-described", rows=self.rows, cols=self.cols))

    def one_weight_per_connection(self):
        """A connection from every pixel, each with a weight that says how much its pixel counts."""
        # Thin and faint, from behind the picture: seen as many lines leaving the image, not as a grey
        # wedge laid over it.
        self.fan = self.connections(np.ones(self.n_in), self.theme.dim_text, 0.16, width=0.5).set_z_index(-1)
        self.say(self.t("weights.connection", pixels=self.n_in))
        self.play(Create(self.fan), FadeOut(self.unknown), run_time=1.5)

    def weights_chosen_by_hand(self):
        """The answer, marked as an illustration: +1 on the bar, -1 around it, 0 elsewhere."""
        self.key = self.weight_key()
        self.illustration = self.top_title(self.t("weights.detector-title"))
        chosen = self.connections(self.detector, None, 0.7)
        self.say(self.t("weights.choose"))
        self.play(FadeIn(self.illustration), FadeIn(self.key), FadeOut(self.fan), FadeIn(chosen), run_time=1.2)
        self.detector_grid = self.cell(WeightGrid(self.detector.reshape(self.lesson.shape), self.theme,
                                                  height=CELL_H, width=CELL_W), MID_X)
        self.detector_note = self.label_under(self.detector_grid, self.t("weights.detector-note"))
        self.say(self.t("weights.grid"))
        self.play(FadeOut(chosen), FadeIn(self.detector_grid), FadeIn(self.detector_note), run_time=1)
        self.describe(self.t("weights.detector-described", rows=self.rows, cols=self.cols))

    def multiply_and_add(self):
        """Pixel times weight for every pixel, then the products added: the weighted sum."""
        products = self.detector * self.lesson.item.pixels
        self.product_grid = self.cell(WeightGrid(products.reshape(self.lesson.shape), self.theme, height=CELL_H,
                                                 width=CELL_W, scale=1.0), RIGHT_X)
        self.pixels_label = self.label_under(self.picture, self.t("weights.pixels-label"))
        products_label = self.label_under(self.product_grid, self.t("weights.products-label"))
        self.signs = self.times_and_equals(self.picture, self.detector_grid, self.product_grid)
        self.say(self.t("weights.multiply"))
        self.play(FadeOut(self.neuron), FadeOut(self.neuron_label), FadeOut(self.spot), FadeIn(self.pixels_label),
                  FadeIn(self.signs), FadeIn(self.product_grid), FadeIn(products_label), run_time=1)
        sum_text = self.text(self.t("weights.sum-label", sum=Num(self.detector_total)), self.theme.font_size,
                             self.theme.highlight, max_width=CELL_W + 1.2).next_to(products_label, DOWN, 0.3)
        self.say(self.t("weights.add", products=self.n_in, noun=self.topic.noun,
                        **spoken("sum", self.detector_total)))
        self.play(FadeIn(sum_text, shift=0.2 * DOWN), run_time=0.8)
        self.describe(self.t("weights.sum-described", products=self.n_in, sum=Num(self.detector_total)))
        self.leaving = [self.picture, self.pixels_label, self.signs, self.product_grid, products_label, sum_text]

    def other_items(self):
        """The same hand-made weights on three sample items: highest, middle and lowest sum."""
        inputs = self.lesson.samples.inputs
        sums = inputs @ self.detector
        order = np.argsort(sums, kind="stable")
        self.detector_picks = [int(order[-1]), int(order[len(order) // 2]), int(order[0])]
        self.detector_sums = [float(sums[i]) for i in self.detector_picks]
        self.threshold = illustration_threshold(self.detector_sums[0])
        cells = Group()
        self.detector_labels = []
        for i, s in zip(self.detector_picks, self.detector_sums):
            img = item_image(inputs[i].reshape(self.lesson.shape), self.theme, height=2.3, width=2.6)
            shown = spoken("sum", s)["sum"]  # rounded as the voice says it, so screen and voice agree
            label = self.label_under(img, self.t("weights.sum-under", sum=Num(s, shown.places)), 2.6, self.theme.text)
            self.detector_labels.append(label)
            cells.add(Group(img, label))
        cells.arrange(RIGHT, buff=0.45, aligned_edge=UP)
        cells.move_to(RIGHT * 2.2).align_to(self.detector_grid, UP)
        self.say(self.t("weights.other-items", plural=self.topic.plural, **spoken("high", self.detector_sums[0]),
                        **spoken("low", self.detector_sums[2])))
        self.play(*[FadeOut(m) for m in self.leaving],
                  Group(self.detector_grid, self.detector_note).animate.shift(RIGHT * (LEFT_X - MID_X)), run_time=1)
        self.play(LaggedStart(*[FadeIn(c) for c in cells], lag_ratio=0.4), run_time=1.5)
        self.describe(self.t("weights.other-items-described", plural=self.topic.plural,
                             high=Num(self.detector_sums[0]), middle=Num(self.detector_sums[1]),
                             low=Num(self.detector_sums[2])))
        self.leaving = [self.illustration, self.key, self.detector_grid, self.detector_note, cells]

    def squish_into_a_range(self):
        """Why the sum goes through the layer's own activation function, drawn with its formula."""
        act, f = self.act, self.act.fn
        self.axes = self.make_axes()
        self.curve = activation_curve(self.axes, f, self.theme.text)  # (highlight is for the marked dot only)
        self.activation_formula = self.definition()
        self.say(self.t("weights.why-squish", activation=act.name))
        self.wait(0.5)
        self.say(self.t("weights.squish", activation=act.name))
        self.play(*[FadeOut(m) for m in self.leaving], Create(self.axes), FadeIn(self.axis_labels),
                  FadeIn(self.activation_formula), run_time=1.2)
        self.play(Create(self.curve), run_time=1.5)
        self.describe(self.t("weights.squish-described", activation=act.name))

    def add_a_bias(self):
        """An example bias (-10 on MNIST): the hand-made neuron fires only once the sum passes 10. A dot
        shows what a small sum gives without it (half on, for a sigmoid) and with it."""
        f, bias = self.act.fn, -float(self.threshold)
        small = 0.0 if self.act.bounded else 1.0  # a sum of nothing much: zero, or just above for ReLU
        dot = mark_point(self.axes, small, float(f(np.array([small]))[0]), self.theme)
        self.say(self.t("weights.bias-why", activation=self.act.name))
        self.play(FadeIn(dot, scale=1.5), run_time=0.6)
        shifted = DashedVMobject(self.shifted_curve(bias, self.theme.dim_text), num_dashes=60)
        example = self.text(self.t("weights.example-bias", bias=Num(bias, 0)), self.theme.small_font_size,
                            self.theme.dim_text, max_width=3.0)
        place_clear(example, self.axes.c2p(self.threshold, self.axes.y_range[1] * 0.3),
                    [self.axes, self.axis_labels, self.curve, shifted, dot], buff=0.25)
        moved = mark_point(self.axes, small, float(f(np.array([small + bias]))[0]), self.theme)
        self.say(self.t("weights.bias-shift", threshold=self.threshold))
        self.play(Create(shifted), FadeIn(example), run_time=1.5)
        after = float(f(np.array([small + bias]))[0])
        self.say(self.t("weights.bias-dot", activation=self.act.name, drop="zero" if after == 0 else "nothing" if after < 0.01 else "less"))
        self.play(Transform(dot, moved), run_time=1)
        self.describe(self.t("weights.bias-shift-described", threshold=self.threshold))
        self.leaving = [shifted, example, dot]

    def a_real_neuron(self):
        """A neuron of the trained network: its weights, which nobody chose, laid out like the image."""
        self.key = self.weight_key()
        layer = self.lesson.layers[1].name
        self.real_title = self.top_title(self.t("weights.real-title", trained=self.trained, layer=layer,
                                                neuron=str(self.k)))
        self.picture = self.cell(item_image(self.lesson.item.image, self.theme, height=CELL_H, width=CELL_W), LEFT_X)
        self.pixels_label = self.label_under(self.picture, self.t("weights.pixels-label"))
        self.grid = self.cell(WeightGrid(self.w.reshape(self.lesson.shape), self.theme, height=CELL_H, width=CELL_W),
                              MID_X)
        lo, hi = Num(float(self.w.min())), Num(float(self.w.max()), sign=True)
        self.range_text = self.label_under(self.grid, self.t("weights.range", low=lo, high=hi))
        self.say(self.t("weights.real-neuron", trained=self.trained, layer=layer, neuron=str(self.k),
                        weights=self.n_in))
        self.play(*[FadeOut(m) for m in (*self.leaving, self.activation_formula, self.axes, self.axis_labels,
                                         self.curve)],
                  FadeIn(self.real_title), FadeIn(self.key), FadeIn(self.picture), FadeIn(self.pixels_label),
                  FadeIn(self.grid), FadeIn(self.range_text), run_time=1.2)
        self.describe(self.t("weights.grid-described", neuron=str(self.k), weights=self.n_in, rows=self.rows,
                             cols=self.cols, low=lo, high=hi))

    def its_weighted_sum(self):
        """The real neuron's products for this item, and their sum."""
        self.product_grid = self.cell(WeightGrid(self.products.reshape(self.lesson.shape), self.theme,
                                                 height=CELL_H, width=CELL_W), RIGHT_X)
        products_label = self.label_under(self.product_grid, self.t("weights.products-label"))
        signs = self.times_and_equals(self.picture, self.grid, self.product_grid)
        self.sum_text = self.text(self.t("weights.sum-label", sum=Num(self.total, self.shown_adding[0])),
                                  self.theme.font_size,
                                  self.theme.highlight, max_width=CELL_W + 1.2).next_to(products_label, DOWN, 0.3)
        p, total, _, _ = self.shown_adding
        self.say(self.t("weights.real-sum", noun=self.topic.noun, products=self.n_in,
                        sum=trimmed(total, p), sum_sign="negative" if total < 0 else "positive"))
        self.play(FadeIn(signs), FadeIn(self.product_grid), FadeIn(products_label), run_time=1)
        self.play(FadeIn(self.sum_text, shift=0.2 * DOWN), run_time=0.8)
        self.describe(self.t("weights.sum-described", products=self.n_in, sum=Num(self.total)))
        self.leaving = [self.real_title, self.key, self.picture, self.pixels_label, self.grid, self.range_text, signs,
                        self.product_grid, products_label, self.sum_text]

    def its_activation(self):
        """The neuron's own bias shifts its curve; its activation for this item is marked on it."""
        name = equations.plain(self.act)
        self.axes = self.make_axes()
        own_curve = self.shifted_curve(self.b, self.theme.text)  # curves in the text colour; the marked point in highlight
        self.activation_formula = self.definition()
        self.bias_text = self.text(self.t("weights.own-bias", arithmetic=self.sum_plus_bias(),
                                          z=Num(self.shown_adding[3], self.shown_adding[0]),
                                          name=name, activation=self.activation_as_shown()),
                                   self.theme.small_font_size).next_to(self.activation_formula, DOWN, 0.25)
        self.activation_point = mark_point(self.axes, self.total, self.activation, self.theme)
        own = self.text(self.t("weights.neuron-bias", neuron=str(self.k), bias=Num(self.b)),
                        self.theme.small_font_size, self.theme.highlight, max_width=3.0)
        place_clear(own, self.activation_point.get_center(), [self.axes, self.axis_labels, own_curve], buff=0.2)
        p, total, bias, z = self.shown_adding  # said as shown, so that the numbers heard add up too
        if self.act.bounded:
            value = Num(self.activation, 2)
        else:  # ReLU passes z on as it was said, or gives 0
            value = trimmed(z, p) if self.activation > 0 else Num(0.0, 0)
        self.say(self.t("weights.real-activation", activation=self.act.name, noun=self.topic.noun, value=value,
                        sum=trimmed(total, p), sum_sign="negative" if total < 0 else "positive",
                        bias=trimmed(bias, p), bias_sign="zero" if bias == 0 else "negative" if bias < 0 else "positive",
                        z=trimmed(z, p), z_sign="negative" if z < 0 else "positive"))
        self.play(*[FadeOut(m) for m in self.leaving], FadeIn(self.activation_formula), Create(self.axes),
                  FadeIn(self.axis_labels), run_time=1.2)
        self.play(Create(own_curve), FadeIn(self.bias_text), run_time=1.2)
        self.play(FadeIn(self.activation_point, scale=1.5), FadeIn(own), run_time=0.8)
        self.describe(self.t("weights.bias-described", bias=Num(self.b), sum=Num(self.total), z=Num(self.z),
                             name=name, activation=Num(self.activation, 3)))

    def activation_as_shown(self):
        """The activation as written beside z: a ReLU that passes z on shows it with z's places (10.70, not
        10.701 beside z = 10.70); any other, in the usual activation format."""
        p, _, _, z = self.shown_adding
        if not self.act.bounded and self.activation > 0:
            return Num(z, p)
        return format_activation(self.activation)

    def hand_over(self):
        self.say(self.t("weights.hand-over"))
        self.wait(0.5)

    # --- helpers ----------------------------------------------------------------------

    def cell(self, mob: Mobject, x: float) -> Mobject:
        """A picture of the row, centred at ``x``."""
        return mob.move_to(RIGHT * x + UP * ROW_Y)

    def label_under(self, mob: Mobject, words: str, max_width: float = CELL_W + 0.6,
                    colour: str | None = None) -> VGroup:
        """``words`` under ``mob``, each of their lines (split at newlines) centred."""
        lines = VGroup(*[self.text(line, self.theme.small_font_size, colour or self.theme.dim_text,
                                   max_width=max_width) for line in words.split("\n")])
        return lines.arrange(DOWN, buff=0.1).next_to(mob, DOWN, 0.2)

    def top_title(self, words: str) -> Text:
        """A title at the top, centred in the room left of the weight key in the top right corner."""
        left, right = -config.frame_width / 2 + 0.4, self.weight_key().get_left()[0] - 0.5
        title = self.text(words, self.theme.font_size, max_width=right - left).to_edge(UP, buff=0.4)
        return title.set_x((left + right) / 2)

    def times_and_equals(self, left: Mobject, middle: Mobject, right: Mobject) -> VGroup:
        times = equations.Formula(r"\times", color=self.theme.text).move_to((left.get_right() + middle.get_left()) / 2)
        equals = equations.Formula("=", color=self.theme.text).move_to((middle.get_right() + right.get_left()) / 2)
        return VGroup(times, equals)

    def bar_outline(self, picture: Mobject) -> VMobject:
        """A dashed box around the pixels of the hand-made detector's bar: the spot to watch."""
        t, top, left, right = bar_rows_cols(self.lesson.shape)
        side = picture.width / self.cols
        corner = picture.get_corner(UL)
        box = Rectangle(width=(right - left) * side, height=t * side, color=self.theme.highlight, stroke_width=3)
        box.move_to(corner + RIGHT * (left + right) / 2 * side + DOWN * (top + t / 2) * side)
        return DashedVMobject(box, num_dashes=24)

    def connections(self, weights: np.ndarray, colour: str | None, opacity: float, width: float = 0.8) -> VGroup:
        """A line from every pixel whose weight is not zero to the neuron, drawn as two paths
        (positive, negative weights), in ``colour`` or else in the weight colours."""
        centers = grid_centers(self.picture, self.rows, self.cols)
        end = self.neuron.get_left()
        paths = VGroup()
        for sign, key_colour in ((1, self.theme.positive), (-1, self.theme.negative)):
            path = VMobject(stroke_color=colour or key_colour, stroke_width=width, stroke_opacity=opacity)
            for i in np.flatnonzero(np.sign(weights) == sign):
                path.start_new_path(centers[i])
                path.add_line_to(end)
            paths.add(path)
        return paths

    def definition(self) -> MathTex:
        """The layer's activation function in symbols, in the variable z (as every label writes it)."""
        return equations.Formula(equations.definition(self.act, "z"), color=self.theme.text,
                                 font_size=self.theme.font_size + 8).to_edge(UP, buff=0.35)

    def sum_plus_bias(self) -> str:
        """The weighted sum plus the bias in numbers and signs, rounded alike so that they add up to the
        total shown: "1.20 + 0.48", "1.20 − 0.48"."""
        p, total, bias, _ = self.shown_adding
        return f"{fmt(total, p)} {'+' if bias >= 0 else '−'} {fmt(abs(bias), p)}"

    def make_axes(self) -> Axes:
        """Axes for the layer's activation function, wide enough for the real neuron's sum and the
        example bias; x is the weighted sum, y the activation (self.axis_labels names them)."""
        f = self.act.fn
        reach = max(15, 5 * int(np.ceil(max(abs(self.total) + 1, abs(self.z) + 1, 1.5 * self.threshold) / 5)))
        width, height = 8.4, 3.3
        if self.act.bounded:
            y_range = (0, 1, 0.5)
        else:  # one scale on both axes (a line that keeps its input rises at 45 degrees), tall enough
            top = max(1.0, float(f(np.array([max(self.total, self.z)]))[0]))  # for the largest value marked
            step = 5 * max(1, int(np.ceil(reach / 20)))  # at most about 4 numbers up the side
            y_top = step * max(np.ceil(top / step), np.floor(height * 2 * reach / width / step))
            height = min(y_top * width / (2 * reach), 3.6)
            y_range = (0, y_top, step)
        axes = themed_axes(self.theme, (-reach, reach, 5), y_range, width=width, height=height,
                           font_size=self.theme.font_size - 2)  # numbers as large as the labels' words
        axes.move_to(DOWN * 0.55)
        x_label = self.text(self.t("weights.axis-sum"), self.theme.small_font_size, self.theme.dim_text,
                            max_width=config.frame_width / 2 - axes.get_right()[0] - 0.6)
        x_label.next_to(axes.x_axis, RIGHT, 0.2)
        y_label = self.text(self.t("weights.axis-activation"), self.theme.small_font_size, self.theme.dim_text)
        y_label.next_to(axes.y_axis, UP, 0.15)
        self.axis_labels = VGroup(x_label, y_label)
        return axes

    def shifted_curve(self, bias: float, colour: str) -> VMobject:
        """The activation of (weighted sum + ``bias``) against the weighted sum, within the axes."""
        f, axes = self.act.fn, self.axes
        xs = np.linspace(axes.x_range[0], axes.x_range[1], 401)
        inside = np.flatnonzero(f(xs + bias) <= axes.y_range[1] + 1e-9)
        lo, hi = float(xs[inside[0]]), float(xs[inside[-1]])
        return axes.plot(lambda x: float(f(np.array([x + bias]))[0]), x_range=[lo, hi, (hi - lo) / 200],
                         color=colour, stroke_width=4)
