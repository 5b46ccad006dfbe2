"""Why layers? The hoped-for story (edges, then pieces, then digits), then what our trained
network really learned.

    manim render scenes/why_layers.py          # the default scene, WhyLayers

The first part is an idealised sketch and says so. The second part shows the real first-layer
weights and the sample digits that excite second-layer neurons most, all from netcore.
"""
from __future__ import annotations

import numpy as np
from manim import *  # noqa: F401,F403 - scene files use manim's star import, as its examples do

from kit import LessonScene, digit_image
from kit.formatting import fmt, format_activation
from kit.weightgrid import weight_image

WINDOW = 7  # side of the patch in which an edge detector would keep its weight
LOCAL = 0.5  # share of weight in one patch above which a neuron counts as local


def locality(w: np.ndarray, window: int = WINDOW) -> float:
    """Share of a weight row's squared weight inside its densest window x window patch."""
    energy = np.asarray(w, dtype=float).reshape(28, 28) ** 2
    total = energy.sum()
    best = max(energy[r:r + window, c:c + window].sum() for r in range(29 - window) for c in range(29 - window))
    return float(best / total) if total else 0.0


def verdict(n_local: int, n: int) -> str:
    """The plain answer to 'do they look like edges?', from the count of local neurons."""
    if n_local >= 0.75 * n:
        return "Mostly yes: most neurons watch one small place, as an edge detector would"
    if n_local >= 0.25 * n:
        return "Partly: some watch one small stroke, but many are broad patterns, not tidy edges"
    return "Mostly not: the weights are broad patterns over the whole digit, not edges"


class WhyLayers(LessonScene):
    """The hope, then the honest look at hidden layers 1 and 2."""

    def construct(self):
        self.the_hope()
        self.pieces_from_edges()
        self.first_layer_for_real()
        self.second_layer_for_real()

    def setup(self):
        super().setup()
        net, s = self.lesson.net, self.lesson.samples
        self.local_share = [locality(w) for w in net.weights[0]]
        self.n_local = sum(share > LOCAL for share in self.local_share)
        acts = net.forward(s.inputs).a(2)  # (n_samples, 16)
        self.layer2_neurons = [int(k) for k in np.argsort(-acts.std(axis=0), kind="stable")[:4]]
        self.layer2_top = {k: [int(i) for i in np.argsort(-acts[:, k], kind="stable")[:3]] for k in self.layer2_neurons}
        self.layer2_acts = acts

    # --- the hope (idealised) ---------------------------------------------------------

    def the_hope(self):
        tag = self.text("The hope: an idealised sketch, not our network", self.theme.font_size, self.theme.highlight)
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
        for digit, pieces in (("9", [nine[0], nine[1]]), ("8", [eight[0], eight[1]]), ("4", list(four))):
            parts = [self.text(digit, 44), MathTex("=", color=c)]
            for i, piece in enumerate(pieces):
                if i:
                    parts.append(MathTex("+", color=c))
                parts.append(piece.copy().move_to(ORIGIN))
            rows.add(VGroup(*parts).arrange(RIGHT, buff=0.3))
        rows.arrange(DOWN, buff=0.5, aligned_edge=LEFT).move_to(DOWN * 0.2)
        self.play(FadeIn(tag), run_time=0.6)
        self.say("We might hope the last hidden layer spots pieces: a loop up top, a long line…")
        self.play(LaggedStart(*[FadeIn(r) for r in rows], lag_ratio=0.4), run_time=2)
        self.say("…so a 9 is a loop plus a line, an 8 two loops, a 4 three lines")
        self.wait(2)
        self.hope_rows = rows

    def pieces_from_edges(self):
        loop = Circle(1.1, color=self.theme.text, stroke_width=6).move_to(LEFT * 3)
        edges = VGroup(*[Line(loop.point_from_proportion(t), loop.point_from_proportion(t + 1 / 12),
                              color=self.theme.positive, stroke_width=6).shift(RIGHT * 6)
                         for t in np.arange(12) / 12])
        arrow = Arrow(LEFT * 1.4, RIGHT * 1.4, color=self.theme.dim_text)
        self.say("…and the layer before it spots the little edges each piece is made of")
        self.play(FadeOut(self.hope_rows), FadeIn(loop), run_time=0.8)
        self.play(GrowArrow(arrow), TransformFromCopy(loop, edges), run_time=1.2)
        self.wait(2)
        self.play(FadeOut(loop), FadeOut(edges), FadeOut(arrow), FadeOut(self.tag), run_time=0.6)

    # --- what the trained network really did ----------------------------------------

    def first_layer_for_real(self):
        net = self.lesson.net
        title = self.text("Our trained network: the weights into each neuron of hidden layer 1",
                          self.theme.font_size).to_edge(UP, buff=0.35)
        cells = Group()
        self.share_labels = []
        for k in range(net.sizes[1]):
            img = weight_image(net.weights[0][k], self.theme, height=1.35)
            label = self.text(f"{round(100 * self.local_share[k])}%", 16,
                              self.theme.highlight if self.local_share[k] > LOCAL else self.theme.dim_text)
            self.share_labels.append(label)
            cells.add(Group(img, label.next_to(img, DOWN, 0.08)))
        cells.arrange_in_grid(rows=2, buff=(0.2, 0.3)).next_to(title, DOWN, 0.4)
        self.say("No one told it what to look for. Here is what it learned, weight for weight")
        self.play(FadeIn(title), LaggedStart(*[FadeIn(c) for c in cells], lag_ratio=0.08), run_time=2)
        self.wait(1.5)
        self.say(f"Under each: the share of its weight inside its busiest {WINDOW}×{WINDOW} patch of pixels")
        self.wait(2.5)
        n = net.sizes[1]
        self.local_sentence = self.text(
            f"{self.n_local} of {n} keep over half their weight in one small patch, like a stroke detector",
            self.theme.small_font_size + 2).next_to(cells, DOWN, 0.35)
        self.play(FadeIn(self.local_sentence), run_time=0.6)
        self.verdict_text = verdict(self.n_local, n)
        self.say("Edges? " + self.verdict_text)
        self.wait(3)
        self.play(FadeOut(title), FadeOut(cells), FadeOut(self.local_sentence), run_time=0.6)

    def second_layer_for_real(self):
        s = self.lesson.samples
        title = self.text("Hidden layer 2: the sample digits that excite four of its neurons most",
                          self.theme.font_size).to_edge(UP, buff=0.35)
        rows = Group()
        self.top_labels = {}
        for k in self.layer2_neurons:
            name = self.text(f"neuron {k}", self.theme.small_font_size)
            cells = Group()
            for i in self.layer2_top[k]:
                img = digit_image(s.input(i), self.theme, height=1.1)
                label = self.text(format_activation(self.layer2_acts[i, k]), 16, self.theme.dim_text)
                self.top_labels[(k, i)] = label
                cells.add(Group(img, label.next_to(img, DOWN, 0.05)))
            cells.arrange(RIGHT, buff=0.2)
            rows.add(Group(name, cells).arrange(RIGHT, buff=0.35))
        rows.arrange_in_grid(rows=2, cols=2, buff=(0.9, 0.35)).next_to(title, DOWN, 0.45)
        self.say("Each neuron's three favourite digits from our sample, with its activation for each")
        self.play(FadeIn(title), LaggedStart(*[FadeIn(r) for r in rows], lag_ratio=0.2), run_time=2)
        self.wait(2.5)
        mixed = sum(len({int(s.labels[i]) for i in self.layer2_top[k]}) > 1 for k in self.layer2_neurons)
        self.mixed = mixed
        if mixed:
            self.say(f"{mixed} of these 4 answer most to different digits at once: not one clean piece each")
        else:
            self.say("Each of these 4 answers most to one kind of digit")
        self.wait(3)
