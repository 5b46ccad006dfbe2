"""Sigmoid against ReLU: the two curves, then evidence from two real trainings.

    manim render scenes/relu.py          # the default scene, SigmoidVsReLU

The two networks are the lesson's network and its twin with the other hidden activation, made
together by `python -m netcore assets` (same layers, data and settings but for the learning rate
each does best with). Without a twin the scene compares the lesson set's own pair and says so.
Accuracies and learning curves are their recorded evaluations on the test split; activations
are computed for the chosen item.
"""
from __future__ import annotations

import numpy as np
from manim import *  # noqa: F401,F403 - scene files use manim's star import, as its examples do

from lessonkit import LessonScene, equations
from lessonkit.bars import Bars
from lessonkit.layout import fit_within
from lessonkit.network import MAX_SHOWN
from lessonkit.plots import activation_axes, activation_curve, nice_step, themed_axes
from lessonscript import Num, Pct
from netcore.activations import ACTIVATIONS

NAMES = {"sigmoid": "sigmoid", "relu": "ReLU"}  # each activation's key in the scene's tables of the two networks


class SigmoidVsReLU(LessonScene):
    """Two activation functions, two trained networks, their accuracy, curves and hidden activations."""

    def construct(self):
        self.two_curves()
        if self.comparison is None:
            self.no_pair()
            return
        self.same_network_two_ways()
        self.learning_curves()
        self.hidden_activations()

    def setup(self):
        super().setup()
        self.comparison = self.lesson.comparison
        if self.comparison is None:
            return
        pair = self.comparison.by_activation
        self.nets = {NAMES[a]: (t.net, t.meta) for a, t in sorted(pair.items())}
        self.accuracy = {name: float(meta["test_accuracy"]) for name, (_, meta) in self.nets.items()}
        self.histories = {name: [float(h["test_accuracy"]) for h in meta["history"]]
                          for name, (_, meta) in self.nets.items()}
        pixels = self.lesson.item.pixels
        self.hidden = {name: net.forward(pixels).a(1) for name, (net, _) in self.nets.items()}

    def two_curves(self):
        left = activation_axes(self.theme, (-6, 6, 2), (0, 1, 0.5), width=5, height=2.6)
        right = activation_axes(self.theme, (-6, 6, 2), (0, 6, 2), width=5, height=2.6)
        VGroup(left, right).arrange(RIGHT, buff=1.2).shift(DOWN * 0.3)
        sig, rel = ACTIVATIONS["sigmoid"], ACTIVATIONS["relu"]
        names = VGroup(MathTex(equations.definition(sig, "x"), color=self.theme.text).next_to(left, UP, 0.3),
                       MathTex(equations.definition(rel, "x"), color=self.theme.text).next_to(right, UP, 0.3))
        curves = VGroup(activation_curve(left, sig.fn, self.theme.highlight),
                        activation_curve(right, rel.fn, self.theme.positive))
        self.say(self.t("relu.two-curves"))
        self.play(Create(left), Create(right), FadeIn(names), run_time=1)
        self.play(Create(curves[0]), Create(curves[1]), run_time=1.5)
        self.wait(2)
        self.play(FadeOut(VGroup(left, right, names, curves)), run_time=0.5)

    def no_pair(self):
        self.say(self.t("relu.no-pair"))
        self.wait(2.5)

    def same_network_two_ways(self):
        sizes = "-".join(map(str, self.nets["sigmoid"][0].sizes))
        title = self.text(self.t("relu.same-network", sizes=sizes), self.theme.font_size + 4)
        fit_within(title, config.frame_width - 0.6).to_edge(UP, buff=0.4)
        if self.comparison.note:
            self.say(self.comparison.note[0].upper() + self.comparison.note[1:])
        self.acc_texts = {}
        rows = VGroup()
        for act, colour in (("sigmoid", self.theme.highlight), ("relu", self.theme.positive)):
            name = NAMES[act]
            row = self.t("relu.accuracy-row", activation=act, accuracy=Pct(self.accuracy[name]),
                         plural=self.topic.plural)
            t = self.text(row, self.theme.font_size, colour)
            fit_within(t, config.frame_width - 0.8)
            self.acc_texts[name] = t
            rows.add(t)
        rows.arrange(DOWN, buff=0.4)
        meta = self.nets["sigmoid"][1]
        self.say(self.t("relu.evidence", train=int(meta["n_train"]), plural=self.topic.plural,
                        test=int(meta["n_test"])))
        self.play(FadeIn(title), LaggedStart(*[FadeIn(r) for r in rows], lag_ratio=0.5), run_time=1.5)
        self.describe(self.t("relu.accuracy-described", sizes=sizes, sigmoid=Pct(self.accuracy["sigmoid"]),
                             relu=Pct(self.accuracy["ReLU"])))
        self.wait(1.5)
        self.verdict = self.which_did_better(self.accuracy["sigmoid"], self.accuracy["ReLU"])
        self.say(self.verdict)
        self.wait(2)
        self.play(FadeOut(title), FadeOut(rows), run_time=0.5)

    def learning_curves(self):
        n = max(len(h) for h in self.histories.values())
        low = min(0.95, np.floor(20 * min(min(h) for h in self.histories.values())) / 20)
        axes = themed_axes(self.theme, (1, n, nice_step(n)), (low, 1, nice_step(1 - low, 5)), 8, 4, font_size=18)
        axes.shift(DOWN * 0.2)
        label = self.text(self.t("relu.plot-title"), self.theme.small_font_size, self.theme.dim_text)
        label.next_to(axes, UP, 0.2)
        self.curves = {}
        legend = VGroup()
        for act, colour in (("sigmoid", self.theme.highlight), ("relu", self.theme.positive)):
            name = NAMES[act]
            curve = VMobject(stroke_color=colour, stroke_width=3)
            curve.set_points_as_corners([axes.c2p(e + 1, a) for e, a in enumerate(self.histories[name])])
            self.curves[name] = curve
            key = self.text(self.t("relu.legend", activation=act), self.theme.small_font_size, colour)
            legend.add(VGroup(Line(ORIGIN, RIGHT * 0.5, color=colour, stroke_width=3), key).arrange(RIGHT, buff=0.15))
        legend.arrange(DOWN, aligned_edge=LEFT, buff=0.15).move_to(axes.c2p(0.75 * n, low + 0.3 * (1 - low)))
        self.say(self.t("relu.how-fast"))
        self.play(Create(axes), FadeIn(label), FadeIn(legend), run_time=1)
        self.play(Create(self.curves["sigmoid"]), Create(self.curves["ReLU"]), run_time=2)
        self.wait(2)
        self.play(FadeOut(VGroup(axes, label, legend, *self.curves.values())), run_time=0.5)

    def hidden_activations(self):
        groups = VGroup()
        self.hidden_bars = {}
        n = len(self.hidden["ReLU"])
        shown = min(n, MAX_SHOWN)
        for act, colour in (("sigmoid", self.theme.highlight), ("relu", self.theme.positive)):
            name = NAMES[act]
            values = self.hidden[name][:shown]
            top = max(1.0, float(values.max()))
            bars = Bars(values, self.theme, height=2.4, width=0.24, gap=0.1, top=top, label_size=14)
            bars.bars.set_fill(colour)
            words = (self.t("relu.hidden-title", activation=act) if shown == n
                     else self.t("relu.hidden-title-first", shown=shown, neurons=n, activation=act))
            title = self.text(words, self.theme.small_font_size, colour)
            scale = self.text(self.t("relu.bar-scale", top=Num(top)), 16, self.theme.dim_text)
            groups.add(VGroup(title, scale, bars).arrange(DOWN, buff=0.25))
            self.hidden_bars[name] = bars
        groups.arrange(RIGHT, buff=1.0).shift(DOWN * 0.2)
        fit_within(groups, config.frame_width - 0.6)
        zeros = int(np.sum(self.hidden["ReLU"] == 0))
        self.zeros = zeros
        self.say(self.t("relu.zeros", noun=self.topic.noun, zeros=zeros, neurons=n))
        self.play(FadeIn(groups, lag_ratio=0.1), run_time=1.5)
        sig, rel = self.hidden["sigmoid"], self.hidden["ReLU"]
        self.describe(self.t("relu.bars-described", noun=self.topic.noun, low=Num(float(sig.min())),
                             high=Num(float(sig.max())), top=Num(float(rel.max())), zeros=zeros))
        self.wait(3.5)

    # --- helpers ----------------------------------------------------------------------

    def which_did_better(self, sig: float, rel: float) -> str:
        """One sentence on which did better, in percentage points, calling a small gap a tie."""
        gap = 100 * (rel - sig)
        if abs(gap) < 0.5:
            return self.t("relu.verdict-even", points=Num(abs(gap)))
        return self.t("relu.verdict", better="relu" if gap > 0 else "sigmoid", points=Num(abs(gap)))
