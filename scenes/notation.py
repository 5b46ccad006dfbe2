"""The compact form: a(1) = f(W a(0) + b), with a real numeric slice of W, a(0) and b, and f the
first hidden layer's own activation function (σ or ReLU).

    manim render scenes/notation.py          # the default scene, MatrixForm

Every entry written is the true value (rounded for display) for the chosen item; row k of
W holds the weights into neuron k and pairs with bias b_k. Each row's sum uses every column
(one per pixel): only a few are written out.
"""
from __future__ import annotations

import numpy as np
from manim import *  # noqa: F401,F403 - scene files use manim's star import, as its examples do

from lessonkit import LessonScene, equations
from lessonkit.formatting import fmt
from lessonscript import Num

DOTS = None  # marks an ellipsis slot in an index list


def with_gaps(indices: set[int]) -> list:
    """Sorted indices with an ellipsis slot (DOTS) wherever neighbours are not consecutive."""
    out: list = []
    for i in sorted(indices):
        if out and i != out[-1] + 1:
            out.append(DOTS)
        out.append(i)
    return out


def tex_number(x: float, places: int = 2) -> str:
    """A number for LaTeX (an ASCII minus)."""
    return fmt(x, places).replace("−", "-")


class MatrixForm(LessonScene):
    """The activations as a vector, the weights as a matrix, the biases as a vector, the activation function."""

    def construct(self):
        self.state_the_formula()
        self.show_the_slice()
        self.row_pairs_with_bias()
        self.apply_the_activation()

    def setup(self):
        super().setup()
        a = self.lesson.item.pixels
        n_in = self.lesson.net.sizes[0]
        self.act = self.lesson.layers[1].activation
        # Two neighbouring pixels with ink, so the written part of a(0) is not all zeros.
        j0 = int(np.argmax(a[:-1] + a[1:]))
        self.cols = with_gaps({0, j0, j0 + 1, n_in - 1})
        trace = self.lesson.trace
        self.z, self.a1 = trace.z(1), trace.a(1)
        n_out = self.lesson.net.sizes[1]
        self.k = int(np.argmax(self.a1))  # the row followed through the computation: the most active neuron
        self.rows = with_gaps({0, self.k, n_out - 1})

    # --- beats ------------------------------------------------------------------------

    def state_the_formula(self):
        c = self.theme.text
        self.formula = MathTex(r"a^{(1)}", "=", equations.symbol(self.act), r"\big(", "W", r"a^{(0)}", "+", "b",
                               r"\big)", color=c, font_size=self.theme.font_size + 14).to_edge(UP, buff=0.3)
        self.say(self.t("notation.whole-layer", activation=equations.plain(self.act)))
        self.play(Write(self.formula), run_time=1.5)
        self.wait(1.5)

    def show_the_slice(self):
        net = self.lesson.net
        W, b, a = net.weights[0], net.biases[0], self.lesson.item.pixels
        self.W = self.matrix([[self.entry(W[k, j]) if k is not DOTS and j is not DOTS else self.dots(k, j)
                               for j in self.cols] for k in self.rows])
        self.a0 = self.matrix([[self.entry(a[j]) if j is not DOTS else r"\vdots"] for j in self.cols])
        self.b = self.matrix([[self.entry(b[k]) if k is not DOTS else r"\vdots"] for k in self.rows])
        plus = MathTex("+", color=self.theme.text)
        self.body = VGroup(self.W, self.a0, plus, self.b).arrange(RIGHT, buff=0.35)
        plus.shift(RIGHT * 0.5)
        self.b.shift(RIGHT * 0.6)
        self.body.scale(0.75).move_to(DOWN * 0.35)
        self.col_labels = VGroup(*[self.index_label(j).next_to(entry, UP, 0.35)
                                   for j, entry in zip(self.cols, self.W.get_rows()[0]) if j is not DOTS])
        self.row_labels = VGroup(*[self.index_label(k).next_to(self.W.get_brackets()[0], LEFT, 0.15)
                                   .set_y(entry.get_y()) for k, entry in zip(self.rows, self.W.get_columns()[0])
                                   if k is not DOTS])
        self.a0_labels = VGroup(*[self.index_label(j).next_to(self.a0.get_brackets()[1], RIGHT, 0.1)
                                  .set_y(entry.get_y()) for j, entry in zip(self.cols, self.a0.get_entries())
                                  if j is not DOTS])
        names = VGroup(MathTex("W", color=self.theme.highlight).next_to(self.W, DOWN, 0.2),
                       MathTex(r"a^{(0)}", color=self.theme.highlight).next_to(self.a0, DOWN, 0.2),
                       MathTex("b", color=self.theme.highlight).next_to(self.b, DOWN, 0.2))
        self.say(self.t("notation.rows", inputs=net.sizes[0]))
        self.play(FadeIn(self.W), FadeIn(self.row_labels), FadeIn(self.col_labels), FadeIn(names[0]), run_time=1.2)
        self.play(FadeIn(self.a0), FadeIn(self.a0_labels), FadeIn(names[1]), run_time=1)
        self.play(FadeIn(plus), FadeIn(self.b), FadeIn(names[2]), run_time=0.8)
        self.say(self.t("notation.indices"))
        self.wait(2.5)
        self.names = names

    def row_pairs_with_bias(self):
        k, net = self.k, self.lesson.net
        row = self.W.get_rows()[self.rows.index(k)]
        bias = self.b.get_entries()[self.rows.index(k)]
        boxes = VGroup(SurroundingRectangle(row, color=self.theme.highlight, buff=0.08),
                       SurroundingRectangle(self.a0.get_entries(), color=self.theme.highlight, buff=0.08),
                       SurroundingRectangle(bias, color=self.theme.highlight, buff=0.08))
        b_k = net.biases[0][k]
        parts = dict(k=str(k), product=Num(self.z[k] - b_k), bias=Num(b_k), sum=Num(self.z[k]))
        self.row_sum = self.text(self.t("notation.row-sum", **parts), self.theme.small_font_size + 2)
        self.row_sum.next_to(self.body, DOWN, 0.8)
        self.say(self.t("notation.row-times-column", k=str(k), inputs=net.sizes[0]))
        self.play(Create(boxes), run_time=0.8)
        self.play(FadeIn(self.row_sum), run_time=0.8)
        self.describe(self.t("notation.row-boxed", **parts))
        self.wait(2.5)
        self.play(FadeOut(boxes), run_time=0.4)

    def apply_the_activation(self):
        self.a1_vec = self.matrix([[self.entry(self.a1[k], 3) if k is not DOTS else r"\vdots"] for k in self.rows])
        self.a1_vec.scale(0.8)
        sigma_l = MathTex(equations.symbol(self.act) + r"\Big(", color=self.theme.text, font_size=60).scale(0.8)
        sigma_r = MathTex(r"\Big)", color=self.theme.text, font_size=60).scale(0.8)
        equals = MathTex("=", color=self.theme.text)
        group = VGroup(sigma_l, VGroup(self.body, self.row_labels, self.col_labels, self.a0_labels, self.names),
                       sigma_r, equals, self.a1_vec)
        target = group.copy().arrange(RIGHT, buff=0.2)
        if target.width > config.frame_width - 1.0:
            target.scale_to_fit_width(config.frame_width - 1.0)
        target.move_to(DOWN * 0.35)
        self.say(self.t("notation.apply", activation=equations.plain(self.act)))
        self.play(FadeOut(self.row_sum), run_time=0.3)
        sigma_l.move_to(target[0]), sigma_r.move_to(target[2]), equals.move_to(target[3])
        self.a1_vec.move_to(target[4])
        self.play(Transform(group[1], target[1]), FadeIn(sigma_l), FadeIn(sigma_r), run_time=1)
        self.play(FadeIn(equals), FadeIn(self.a1_vec), run_time=0.8)
        label = MathTex(r"a^{(1)}", color=self.theme.highlight).next_to(self.a1_vec, DOWN, 0.2)
        self.play(FadeIn(label), run_time=0.4)
        k = self.k
        symbol, value = equations.plain(self.act), Num(self.a1[k], 3)
        self.describe(self.t("notation.whole-expression", activation=symbol, count=len(self.a1), k=str(k), value=value))
        self.say(self.t("notation.neuron-result", k=str(k), activation=symbol, sum=Num(self.z[k]), value=value))
        self.wait(3)

    # --- helpers ----------------------------------------------------------------------

    def matrix(self, rows: list[list[str]]) -> Matrix:
        m = Matrix(rows, h_buff=1.55, v_buff=0.75, element_alignment_corner=ORIGIN,
                   element_to_mobject_config={"color": self.theme.text})
        m.get_brackets().set_color(self.theme.text)
        return m

    def entry(self, x: float, places: int = 2) -> str:
        return tex_number(x, places)

    @staticmethod
    def dots(k, j) -> str:
        if k is DOTS and j is DOTS:
            return r"\ddots"
        return r"\vdots" if k is DOTS else r"\cdots"

    def index_label(self, i: int) -> Text:
        return self.text(str(i), 14, self.theme.dim_text)
