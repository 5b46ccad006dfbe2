"""Why layers? The hoped-for story (edges, then pieces, then whole items), then what our trained
network really learned.

    manim render scenes/why_layers.py          # the default scene, WhyLayers

The first part is an idealised sketch of digits and says so; it is shown only when the lesson
set's classes include the digits it draws. The second part shows the real first-layer weights
and the sample items that excite second-layer neurons most, all from netcore.
"""
from __future__ import annotations

import numpy as np
from manim import *  # noqa: F401,F403 - scene files use manim's star import, as its examples do

from lessonkit import LessonScene, WeightGrid, item_image
from lessonkit.formatting import format_activation, percent
from lessonkit.layout import fit_within
from lessonkit.network import MAX_SHOWN
from lessonscript import Num

WINDOW_FRACTION = 1 / 4  # an edge detector keeps its weight in a patch this fraction of the image's side
LOCAL = 0.5  # share of weight in one patch above which a neuron counts as local
#: The idealised sketch: which digit is drawn as which pieces. It needs these class names.
SKETCH_CLASSES = ("9", "8", "4")
FAVOURITES = 3  # sample items shown per second-layer neuron
FOLLOWED = 4  # second-layer neurons followed


def window_for(shape: tuple[int, int]) -> tuple[int, int]:
    """The patch an edge detector would watch: a quarter of the image's side (7 x 7 on 28 x 28)."""
    return tuple(max(2, round(n * WINDOW_FRACTION)) for n in shape)


def locality(w: np.ndarray, shape: tuple[int, int]) -> float:
    """Share of a weight row's squared weight inside its densest window (``window_for``) patch."""
    energy = np.asarray(w, dtype=float).reshape(shape) ** 2
    (rows, cols), (wr, wc) = shape, window_for(shape)
    total = energy.sum()
    best = max(energy[r:r + wr, c:c + wc].sum() for r in range(rows - wr + 1) for c in range(cols - wc + 1))
    return float(best / total) if total else 0.0


def verdict(n_local: int, n: int) -> str:
    """The line id of the plain answer to 'do they look like edges?', from the count of local neurons."""
    if n_local >= 0.75 * n:
        return "why_layers.verdict-yes"
    if n_local >= 0.25 * n:
        return "why_layers.verdict-partly"
    return "why_layers.verdict-no"


class WhyLayers(LessonScene):
    """The hope, then the honest look at hidden layers 1 and 2."""

    def construct(self):
        if self.sketch_fits:
            self.the_hope()
            self.pieces_from_edges()
        else:
            self.hope_in_words()
        self.first_layer_for_real()
        if self.has_second_hidden_layer:
            self.second_layer_for_real()
        else:
            self.no_second_hidden_layer()

    def setup(self):
        super().setup()
        net, s = self.lesson.net, self.lesson.samples
        self.has_second_hidden_layer = net.n_layers >= 3
        self.sketch_fits = set(SKETCH_CLASSES) <= set(self.topic.classes) and self.has_second_hidden_layer
        self.local_share = [locality(w, self.lesson.shape) for w in net.weights[0]]
        self.n_local = sum(share > LOCAL for share in self.local_share)
        if self.has_second_hidden_layer:
            acts = net.forward(s.inputs).a(2)  # (n_samples, size of hidden layer 2)
            self.layer2_neurons = [int(k) for k in np.argsort(-acts.std(axis=0), kind="stable")[:FOLLOWED]]
            self.layer2_top = {k: [int(i) for i in np.argsort(-acts[:, k], kind="stable")[:FAVOURITES]]
                               for k in self.layer2_neurons}
            self.layer2_acts = acts

    # --- the hope (idealised) ---------------------------------------------------------

    def hope_in_words(self):
        plural = self.topic.plural
        tag = self.text(self.t("why_layers.hope-words-title"), self.theme.font_size, self.theme.highlight)
        tag.to_edge(UP, buff=0.35)
        lines = VGroup(*[self.text(t, self.theme.font_size) for t in (
            self.t("why_layers.hope-words-first"),
            self.t("why_layers.hope-words-next"),
            self.t("why_layers.hope-words-output", plural=plural))]).arrange(DOWN, buff=0.35)
        if self.has_second_hidden_layer:
            self.say(self.t("why_layers.hope-words-said", plural=plural))
        else:
            self.say(self.t("why_layers.hope-words-said-one-hidden", plural=plural))
        self.play(FadeIn(tag), LaggedStart(*[FadeIn(line) for line in lines], lag_ratio=0.4), run_time=1.5)
        self.wait(2.5)
        self.play(FadeOut(tag), FadeOut(lines), run_time=0.5)

    def the_hope(self):
        tag = self.text(self.t("why_layers.sketch-title"), self.theme.font_size, self.theme.highlight)
        tag.to_edge(UP, buff=0.35)
        self.tag = tag
        c = self.theme.text
        loop = lambda: Circle(0.45, color=c, stroke_width=6)  # noqa: E731
        line = lambda h=1.2: Line(UP * h / 2, DOWN * h / 2, color=c, stroke_width=6)  # noqa: E731
        nine = VGroup(loop(), line().next_to(ORIGIN, RIGHT, 0)).arrange(RIGHT, buff=0.05)
        nine[1].align_to(nine[0], UP).shift(DOWN * 0.2)
        eight = VGroup(loop(), loop()).arrange(DOWN, buff=0)
        four = VGroup(Line(UP * 0.6 + LEFT * 0.3, DOWN * 0.05 + LEFT * 0.45, color=c, stroke_width=6),
                      Line(LEFT * 0.5, RIGHT * 0.4, color=c, stroke_width=6), line(1.3).shift(RIGHT * 0.15))
        rows = VGroup()
        for digit, pieces in zip(SKETCH_CLASSES, ([nine[0], nine[1]], [eight[0], eight[1]], list(four))):
            parts = [self.text(digit, 44), MathTex("=", color=c)]
            for i, piece in enumerate(pieces):
                if i:
                    parts.append(MathTex("+", color=c))
                parts.append(piece.copy().move_to(ORIGIN))
            rows.add(VGroup(*parts).arrange(RIGHT, buff=0.3))
        rows.arrange(DOWN, buff=0.5, aligned_edge=LEFT).move_to(DOWN * 0.2)
        self.play(FadeIn(tag), run_time=0.6)
        self.describe(self.t("why_layers.sketch-described"))
        self.say(self.t("why_layers.sketch-pieces"))
        self.play(LaggedStart(*[FadeIn(r) for r in rows], lag_ratio=0.4), run_time=2)
        self.say(self.t("why_layers.sketch-digits"))
        self.wait(2)
        self.hope_rows = rows

    def pieces_from_edges(self):
        loop = Circle(1.1, color=self.theme.text, stroke_width=6).move_to(LEFT * 3)
        edges = VGroup(*[Line(loop.point_from_proportion(t), loop.point_from_proportion(t + 1 / 12),
                              color=self.theme.positive, stroke_width=6).shift(RIGHT * 6)
                         for t in np.arange(12) / 12])
        arrow = Arrow(LEFT * 1.4, RIGHT * 1.4, color=self.theme.dim_text)
        self.say(self.t("why_layers.sketch-edges"))
        self.play(FadeOut(self.hope_rows), FadeIn(loop), run_time=0.8)
        self.play(GrowArrow(arrow), TransformFromCopy(loop, edges), run_time=1.2)
        self.wait(2)
        self.play(FadeOut(loop), FadeOut(edges), FadeOut(arrow), FadeOut(self.tag), run_time=0.6)

    # --- what the trained network really did ----------------------------------------

    def first_layer_for_real(self):
        net = self.lesson.net
        n = net.sizes[1]
        shown = list(range(min(n, MAX_SHOWN)))
        if len(shown) == n:
            title = self.text(self.t("why_layers.first-title-every"), self.theme.font_size)
        else:
            title = self.text(self.t("why_layers.first-title-some", shown=len(shown), neurons=n), self.theme.font_size)
        fit_within(title, config.frame_width - 0.6).to_edge(UP, buff=0.35)
        cells = Group()
        self.share_labels = []
        for k in shown:
            img = WeightGrid(net.weights[0][k].reshape(self.lesson.shape), self.theme, height=1.35, width=1.6)
            label = self.text(percent(self.local_share[k], 0), 16,
                              self.theme.highlight if self.local_share[k] > LOCAL else self.theme.dim_text)
            self.share_labels.append(label)
            cells.add(Group(img, label.next_to(img, DOWN, 0.08)))
        cells.arrange_in_grid(rows=2 if len(shown) > 4 else 1, buff=(0.2, 0.3))
        fit_within(cells, config.frame_width - 0.8, 4.3).next_to(title, DOWN, 0.4)
        self.say(self.t("why_layers.first-intro"))
        self.play(FadeIn(title), LaggedStart(*[FadeIn(c) for c in cells], lag_ratio=0.08), run_time=2)
        shares = self.t("why_layers.list-comma").join(percent(self.local_share[k], 0) for k in shown)
        self.describe(self.t("why_layers.first-described", grids=len(shown), shares=shares))
        self.wait(1.5)
        wr, wc = window_for(self.lesson.shape)
        self.say(self.t("why_layers.first-patch", rows=wr, cols=wc))
        self.wait(2.5)
        self.local_sentence = self.text(self.t("why_layers.first-local", local=self.n_local, neurons=n),
                                        self.theme.small_font_size + 2)
        fit_within(self.local_sentence, config.frame_width - 0.6).next_to(cells, DOWN, 0.35)
        self.play(FadeIn(self.local_sentence), run_time=0.6)
        self.say(self.t(verdict(self.n_local, n), noun=self.topic.noun))
        self.wait(3)
        self.first_layer = Group(title, cells, self.local_sentence)

    def no_second_hidden_layer(self):
        self.say(self.t("why_layers.single-hidden"))
        self.wait(2.5)

    def second_layer_for_real(self):
        s = self.lesson.samples
        self.play(FadeOut(self.first_layer), run_time=0.6)
        title = self.text(self.t("why_layers.second-title", plural=self.topic.plural,
                                 neurons=len(self.layer2_neurons)), self.theme.font_size)
        fit_within(title, config.frame_width - 0.6).to_edge(UP, buff=0.35)
        rows = Group()
        self.top_labels = {}
        for k in self.layer2_neurons:
            name = self.text(self.t("why_layers.neuron", neuron=str(k)), self.theme.small_font_size)
            cells = Group()
            for i in self.layer2_top[k]:
                img = item_image(self.lesson.sample_item(i).image, self.theme, height=1.1, width=1.5)
                label = self.text(format_activation(self.layer2_acts[i, k]), 16, self.theme.dim_text)
                self.top_labels[(k, i)] = label
                cells.add(Group(img, label.next_to(img, DOWN, 0.05)))
            cells.arrange(RIGHT, buff=0.2)
            rows.add(Group(name, cells).arrange(RIGHT, buff=0.35))
        rows.arrange_in_grid(rows=2, cols=2, buff=(0.9, 0.35))
        fit_within(rows, config.frame_width - 0.6, 4.8).next_to(title, DOWN, 0.45)
        self.say(self.t("why_layers.second-favourites", favourites=FAVOURITES, plural=self.topic.plural))
        self.play(FadeIn(title), LaggedStart(*[FadeIn(r) for r in rows], lag_ratio=0.2), run_time=2)
        self.describe(self.t("kit.separator").join(self.favourites_in_words(k) for k in self.layer2_neurons))
        self.wait(2.5)
        mixed = sum(len({int(s.labels[i]) for i in self.layer2_top[k]}) > 1 for k in self.layer2_neurons)
        self.mixed = mixed
        n = len(self.layer2_neurons)
        if mixed:
            self.say(self.t("why_layers.second-mixed", mixed=mixed, followed=n))
        else:
            self.say(self.t("why_layers.second-one-class", followed=n))
        self.wait(3)

    def favourites_in_words(self, k: int) -> str:
        """Second-layer neuron ``k``'s favourite sample items and its activation for each, for a description."""
        s = self.lesson.samples
        items = self.t("why_layers.list-comma").join(
            self.t("why_layers.second-described-item", name=self.lesson.class_name(s.labels[i]),
                   activation=Num(float(self.layer2_acts[i, k]), 3))
            for i in self.layer2_top[k])
        return self.t("why_layers.second-described-neuron", neuron=str(k), items=items)
