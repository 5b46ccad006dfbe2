"""The compact form: first the first layer written out the long way, then its weights packed into a
matrix W and its pixels and biases into vectors, so that one line says it all,
a(1) = f(W(1) a(0) + b(1)), with f the first hidden layer's own activation function (σ or ReLU);
one row worked through; then every layer written the same way.

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
from lessonscript import Num, spoken

DOTS = None  # marks an ellipsis slot in an index list
EDGE = 0.45  # frame units kept free left and right of the whole expression
LABEL_GAP = 0.15  # between a matrix's bracket and its index labels


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


def tall_bracket(side: str, height: float, color) -> MathTex:
    """A parenthesis as tall as ``height``, drawn by TeX's \\left( \\right) around an empty column (as
    Manim draws a matrix's brackets)."""
    column = r"\begin{array}{c}" + r"\quad \\" * max(1, int(height / 0.5977) + 1) + r"\end{array}"
    tex = r"\left(" + column + r"\right." if side == "(" else r"\left." + column + r"\right)"
    return equations.Formula(tex, color=color).stretch_to_fit_height(height)


def place_in_a_row(parts: list, gaps: list[float]) -> None:
    """Put ``parts`` left to right, ``gaps[i]`` between part i and part i+1, each at its own height."""
    for part, before, gap in zip(parts[1:], parts, gaps):
        part.shift(RIGHT * (before.get_right()[0] + gap - part.get_left()[0]))


class MatrixForm(LessonScene):
    """The long way; the weights as a matrix, the pixels and biases as vectors; one line; one row; the
    activation function; every layer alike."""

    def construct(self):
        self.the_long_way()
        self.pack_the_weights()
        self.pack_the_vectors()
        self.one_line()
        self.one_row()
        self.row_times_column()
        self.plus_the_bias()
        self.apply_the_activation()
        self.every_layer_alike()

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
        self.n_out = self.lesson.net.sizes[1]
        self.k = int(np.argmax(self.a1))  # the row followed through the computation: the most active neuron
        self.rows = with_gaps({0, self.k, self.n_out - 1})
        self.said = dict(activation=self.act.name, inputs=n_in, neurons=self.n_out, k=str(self.k))

    # --- beats ------------------------------------------------------------------------

    def the_long_way(self):
        """Every neuron of the layer written out: heavy, and only one layer."""
        n_in = self.lesson.net.sizes[0]
        self.long_form = self.long_way(n_in).move_to(UP * 0.3)
        self.say(self.t("notation.long-way", products=n_in * self.n_out, **self.said))
        self.play(Write(self.long_form), run_time=3.0)
        self.describe(self.t("notation.long-way-described", **self.said))
        self.say(self.t("notation.symbols"))  # the symbols named before the matrix packs them
        self.play(Indicate(self.long_form, color=self.theme.highlight, scale_factor=1.03), run_time=1.5)

    def pack_the_weights(self):
        """The weights as one grid of numbers: a matrix, with its rows and columns numbered."""
        self.build_expression()
        self.say(self.t("notation.matrix", **self.said))
        self.play(FadeOut(self.long_form), FadeIn(self.W), FadeIn(self.row_labels), FadeIn(self.col_labels),
                  FadeIn(self.names[0]), run_time=1.5)
        self.describe(self.t("notation.matrix-described", **self.said))

    def pack_the_vectors(self):
        self.say(self.t("notation.vectors", **self.said))
        self.play(FadeIn(self.a0), FadeIn(self.a0_labels), FadeIn(self.names[1]), run_time=1.0)
        self.play(FadeIn(self.plus), FadeIn(self.b), FadeIn(self.names[2]), run_time=0.8)

    def one_line(self):
        """The formula: the whole layer in one line."""
        c = self.theme.text
        self.formula = equations.Formula(r"a^{(1)}", "=", equations.symbol(self.act), r"\big(", r"W^{(1)}", r"a^{(0)}", "+",
                               r"b^{(1)}", r"\big)", color=c, font_size=self.theme.font_size + 14)
        self.formula.to_edge(UP, buff=0.35)
        self.say(self.t("notation.one-line", **self.said))
        self.play(Write(self.formula), run_time=2.0)

    def one_row(self):
        """Row k of the matrix: the weights into neuron k (said with the row times the column)."""
        i = self.rows.index(self.k)
        self.boxes = VGroup(self.box(self.W.get_rows()[i]))
        self.say(self.t("notation.row", **self.said))
        self.play(Create(self.boxes[0]), run_time=0.8)

    def row_times_column(self):
        """The row times the column of pixels: every product added, the sum written under the formula."""
        b_k = self.lesson.net.biases[0][self.k]
        self.boxes.add(self.box(self.a0.get_entries()))
        product = self.z[self.k] - b_k
        self.row_sum = self.text(self.t("notation.row-product", k=str(self.k), product=Num(product)),
                                 self.theme.small_font_size + 2).next_to(self.formula, DOWN, 0.35)
        self.play(Create(self.boxes[1]), run_time=0.8)
        self.play(FadeIn(self.row_sum), run_time=0.6)

    def plus_the_bias(self):
        """Plus the bias: neuron k's weighted sum."""
        k, b_k = self.k, self.lesson.net.biases[0][self.k]
        self.boxes.add(self.box(self.b.get_entries()[self.rows.index(k)]))
        parts = dict(k=str(k), product=Num(self.z[k] - b_k), bias=Num(b_k), sum=Num(self.z[k]))
        whole = self.text(self.t("notation.row-sum", **parts), self.theme.small_font_size + 2)
        whole.move_to(self.row_sum)
        self.say(self.t("notation.plus-bias", **self.said))
        self.play(Create(self.boxes[2]), run_time=0.8)
        self.play(FadeOut(self.row_sum), FadeIn(whole), run_time=0.6)
        self.row_sum = whole
        self.describe(self.t("notation.row-boxed", **parts))

    def apply_the_activation(self):
        """The activation function wraps the whole, and out comes a(1): the same numbers the network has."""
        k = self.k
        value = spoken(self.a1[k])
        rounded = "yes" if abs(round(float(self.a1[k]), value.places) - float(self.a1[k])) > 1e-9 else "no"
        self.say(self.t("notation.apply", noun=self.topic.noun, value=value, rounded=rounded, **self.said))
        self.play(FadeOut(self.boxes), FadeOut(self.row_sum), run_time=0.5)
        # The row numbers leave W's side and come back beside a(1), whose rows they number too.
        self.play(self.inside.animate.shift(self.room_shift), FadeOut(self.row_labels), run_time=1.0)
        self.row_labels.shift(self.labels_shift)
        self.play(FadeIn(self.wrap), run_time=0.8)
        self.play(FadeIn(self.equals), FadeIn(self.a1_vec), FadeIn(self.row_labels), FadeIn(self.names[3]),
                  run_time=0.8)
        entry = self.box(self.a1_vec.get_entries()[self.rows.index(k)])
        self.play(Create(entry), run_time=0.8)
        self.describe(self.t("notation.whole-expression", activation=self.act.name, count=len(self.a1),
                             k=str(k), value=Num(self.a1[k], 3)))
        self.entry_box = entry

    def every_layer_alike(self):
        """Every layer in the same form, one feeding the next: the whole network in a few lines."""
        n = len(self.lesson.layers) - 1  # layers with weights
        lines = VGroup(*[self.layer_line(l) for l in range(1, n + 1)]).arrange(DOWN, buff=0.35, aligned_edge=LEFT)
        fit = min(1.0, 5.2 / lines.height)
        lines.scale(fit).move_to(UP * 0.4)
        self.say(self.t("notation.hand-over", layers=n, others=n - 1))
        self.play(*[FadeOut(m) for m in (self.inside, self.row_labels, self.wrap, self.equals, self.a1_vec,
                                         self.names[3], self.entry_box)], run_time=0.8)
        self.play(ReplacementTransform(self.formula, lines[0]), run_time=1.0)
        self.formula = lines[0]
        for line in lines[1:]:
            self.play(Write(line), run_time=1.0)
            self.wait(0.4)
        # Each line's result is the next one's input: the pair lit up in turn, down the list.
        hl = self.theme.highlight
        for before, after in zip(lines, lines[1:]):
            self.play(before[0].animate.set_color(hl), after[5].animate.set_color(hl), run_time=0.6)
        self.play(Create(self.box(lines, buff=0.3)), run_time=1.0)
        self.layer_lines = lines
        self.describe(self.t("notation.layers-described", layers=n))

    # --- building ---------------------------------------------------------------------

    def long_way(self, n_in: int) -> MathTex:
        """The layer's sums written out, a few neurons of it: a_k = f(w_k,0 a_0 + ... + b_k)."""
        f = equations.symbol(self.act)
        last_in = n_in - 1

        def row(k) -> str:
            if k is DOTS:
                return r"&\vdots"
            return (rf"a^{{(1)}}_{{{k}}} &= {f}\big(w_{{{k},0}}\,a^{{(0)}}_{{0}} + w_{{{k},1}}\,a^{{(0)}}_{{1}}"
                    rf" + \cdots + w_{{{k},{last_in}}}\,a^{{(0)}}_{{{last_in}}} + b_{{{k}}}\big)")

        shown = list(range(self.n_out)) if self.n_out <= 3 else [0, 1, DOTS, self.n_out - 1]
        tex = equations.Formula(r" \\ ".join(row(k) for k in shown), color=self.theme.text, font_size=self.theme.font_size + 6)
        if tex.width > config.frame_width - 2 * EDGE:
            tex.scale_to_fit_width(config.frame_width - 2 * EDGE)
        return tex

    def build_expression(self):
        """W, a(0), b and a(1) with their labels, placed where they stay, at one scale for the whole
        final line f(W a(0) + b) = a(1); labels in type of a fixed size, never scaled."""
        net = self.lesson.net
        W, b, a = net.weights[0], net.biases[0], self.lesson.item.pixels
        self.W = self.matrix([[self.entry(W[k, j]) if k is not DOTS and j is not DOTS else self.dots(k, j)
                               for j in self.cols] for k in self.rows])
        self.a0 = self.matrix([[self.entry(a[j]) if j is not DOTS else r"\vdots"] for j in self.cols])
        self.b = self.matrix([[self.entry(b[k]) if k is not DOTS else r"\vdots"] for k in self.rows])
        self.a1_vec = self.matrix([[self.entry(self.a1[k], 3) if k is not DOTS else r"\vdots"] for k in self.rows])
        c = self.theme.text
        self.plus, self.equals = equations.Formula("+", color=c), equations.Formula("=", color=c)
        sigma = equations.Formula(equations.symbol(self.act), color=c, font_size=60)
        scalable = [self.W, self.a0, self.b, self.a1_vec, self.plus, self.equals, sigma]
        labels = [self.index_label(i) for i in self.rows + self.cols if i is not DOTS]
        fixed = 2 * max(label.width for label in labels) + LABEL_GAP
        gaps = [0.05, 0.1, 0.35, 0.3, 0.3, 0.1, 0.3, 0.3, 0.25]  # between the ten parts of the final line
        paren = 0.35  # about a tall parenthesis's width
        room = config.frame_width - 2 * EDGE - fixed - sum(gaps) - 2 * paren
        scale = min(0.8, room / sum(m.width for m in scalable))
        for m in scalable:
            m.scale(scale)
        # The index labels, outside the brackets: row numbers left of W (later left of the whole
        # line), column numbers above it, pixel numbers right of a(0).
        self.row_labels = VGroup(*[self.index_label(k).next_to(self.W.get_brackets()[0], LEFT, LABEL_GAP)
                                   .set_y(entry.get_y()) for k, entry in zip(self.rows, self.W.get_columns()[0])
                                   if k is not DOTS])
        self.col_labels = VGroup(*[self.index_label(j).next_to(self.W, UP, 0.15).set_x(entry.get_x())
                                   for j, entry in zip(self.cols, self.W.get_rows()[0]) if j is not DOTS])
        self.a0_labels = VGroup(*[self.index_label(j).next_to(self.a0.get_brackets()[1], RIGHT, LABEL_GAP)
                                  .set_y(entry.get_y()) for j, entry in zip(self.cols, self.a0.get_entries())
                                  if j is not DOTS])
        w_part = VGroup(self.W, self.col_labels)
        a0_part = VGroup(self.a0, self.a0_labels)
        height = max(self.W.height, self.a0.height) + 0.2
        left, right = tall_bracket("(", height, c), tall_bracket(")", height, c)
        self.wrap = VGroup(sigma, left, right)
        # The final line; the row numbers (which are the neurons' numbers, for W, b and a(1) alike)
        # stand outside it, on the right, after a(1) (on the left they read as one with the activation's
        # symbol: "12σ(").
        final = [sigma, left, w_part, a0_part, self.plus, self.b, right, self.equals, self.a1_vec, self.row_labels]
        place_in_a_row(final, gaps)
        VGroup(*final).move_to(DOWN * 0.15).set_x(0)
        # Until the activation wraps it, the inside stands in the middle with its row numbers beside
        # it: both move over to make room.
        self.inside = VGroup(w_part, a0_part, self.plus, self.b)
        labels_at, inside_at = self.row_labels.get_x(), self.inside.get_x()
        self.inside.set_x(0)
        self.row_labels.shift(RIGHT * (self.W.get_left()[0] - LABEL_GAP - self.row_labels.get_right()[0]))
        self.room_shift = RIGHT * (inside_at - self.inside.get_x())
        self.labels_shift = RIGHT * (labels_at - self.row_labels.get_x())
        self.names = VGroup(self.name(r"W^{(1)}", self.t("notation.name-weights"), self.W),
                            self.name(r"a^{(0)}", self.t("notation.name-pixels"), self.a0),
                            self.name(r"b^{(1)}", self.t("notation.name-biases"), self.b),
                            self.name(r"a^{(1)}", self.t("notation.name-activations"), self.a1_vec))
        self.inside.add(*self.names[:3])

    def name(self, symbol: str, words: str, under: Mobject) -> VGroup:
        """A matrix's symbol under it, and what it holds in words under that."""
        sym = equations.Formula(symbol, color=self.theme.highlight, font_size=self.theme.font_size + 4)
        text = self.text(words, self.theme.min_font_size, self.theme.dim_text, max_width=float("inf"))
        group = VGroup(sym, text).arrange(DOWN, buff=0.08).next_to(under, DOWN, 0.15)
        limit = config.frame_width / 2 - 0.35  # a longer language's words stay clear of the edges
        text.shift(RIGHT * (max(0.0, -limit - text.get_left()[0]) - max(0.0, text.get_right()[0] - limit)))
        return group

    def layer_line(self, l: int) -> MathTex:
        """Layer l in the compact form, with its own activation function."""
        f = equations.symbol(self.lesson.layers[l].activation)
        return equations.Formula(rf"a^{{({l})}}", "=", f, r"\big(", rf"W^{{({l})}}", rf"a^{{({l - 1})}}", "+", rf"b^{{({l})}}",
                       r"\big)", color=self.theme.text, font_size=self.theme.font_size + 14)

    def box(self, mob: Mobject, buff: float = 0.08) -> SurroundingRectangle:
        return SurroundingRectangle(mob, color=self.theme.highlight, buff=buff)

    def matrix(self, rows: list[list[str]]) -> Matrix:
        m = Matrix(rows, h_buff=1.55, v_buff=0.75, element_alignment_corner=ORIGIN,
                   element_to_mobject=equations.Formula,  # entries in the sans-serif of the labels
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
        return self.text(str(i), self.theme.min_font_size, self.theme.dim_text, max_width=float("inf"))
