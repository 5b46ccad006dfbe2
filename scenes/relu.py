"""A side question before the recap: why this squishing curve, the sigmoid, and not another? The two
curves, then the evidence from two real networks trained side by side: their test scores, and the
first hidden layer of each for one item, where ReLU has no top.

    manim render scenes/relu.py          # the default scene, SigmoidVsReLU

The two networks are the lesson's network and its twin with the other hidden activation, made
together by `python -m netcore assets` (same layers, data and settings but for the learning rate
each does best with). Without a twin the scene compares the lesson set's own pair and says so.
Accuracies are their recorded evaluations on the test split; activations are computed for the
chosen item.
"""
from __future__ import annotations

import sys

import numpy as np
from manim import *  # noqa: F401,F403 - scene files use manim's star import, as its examples do

from lessonkit import LessonScene, equations
from lessonkit.formatting import fmt
from lessonkit.layout import fit_within, keep_in_frame
from lessonkit.network import MAX_SHOWN
from lessonkit.plots import activation_axes, activation_curve, nice_step
from lessonscript import Num, Pct, spoken
from netcore.activations import ACTIVATIONS

NAMES = {"sigmoid": "sigmoid", "relu": "ReLU"}  # each activation's key in the scene's tables of the two networks


class SigmoidVsReLU(LessonScene):
    """Two activation functions, two trained networks, their accuracy and hidden activations."""

    def construct(self):
        self.the_question()
        self.what_relu_does()
        if self.comparison is None:
            self.no_pair()
        else:
            self.same_network_two_ways()
            self.which_scored_better()
            self.hidden_activations()
        self.why_a_bend()

    def setup(self):
        super().setup()
        # The sigmoid in the neutral text colour, ReLU in the theme's colour for a second series.
        self.colours = {"sigmoid": self.theme.text, "ReLU": self.theme.compare}
        self.comparison = self.lesson.comparison
        if self.comparison is None:
            return
        pair = self.comparison.by_activation
        self.nets = {NAMES[a]: (t.net, t.meta) for a, t in sorted(pair.items())}
        self.files = {NAMES[a]: t.path.name for a, t in pair.items()}
        self.accuracy = {name: float(meta["test_accuracy"]) for name, (_, meta) in self.nets.items()}
        pixels = self.lesson.item.pixels
        self.hidden = {name: net.forward(pixels).a(1) for name, (net, _) in self.nets.items()}

    # --- the two functions ------------------------------------------------------------------

    def the_question(self):
        lesson = self.lesson.net.activation
        self.left = activation_axes(self.theme, (-6, 6, 2), (0, 1, 0.5), width=5, height=2.6)
        self.right = activation_axes(self.theme, (-6, 6, 2), (0, 6, 2), width=5, height=2.6)
        VGroup(self.left, self.right).arrange(RIGHT, buff=1.2).shift(DOWN * 0.2)
        sig, rel = ACTIVATIONS["sigmoid"], ACTIVATIONS["relu"]
        names = [equations.Formula(equations.definition(sig, "x"), color=self.colours["sigmoid"]).next_to(self.left, UP, 0.4),
                 equations.Formula(equations.definition(rel, "x"), color=self.colours["ReLU"]).next_to(self.right, UP, 0.4)]
        curves = [activation_curve(self.left, sig.fn, self.colours["sigmoid"]),
                  activation_curve(self.right, rel.fn, self.colours["ReLU"])]
        self.say(self.t("relu.question", lesson=lesson))
        self.play(Create(self.left), FadeIn(names[0]), run_time=1)
        self.play(Create(curves[0]), run_time=1.5)
        zero_to_one = Line(self.left.c2p(0, 0), self.left.c2p(0, 1), color=self.theme.highlight, stroke_width=7)
        self.play(ShowPassingFlash(zero_to_one, time_width=1.0), run_time=1.2)
        self.say(self.t("relu.modern", lesson=lesson))
        self.play(Create(self.right), FadeIn(names[1]), run_time=1)
        self.play(Create(curves[1]), run_time=1.5)
        self.functions = VGroup(self.left, self.right, *names, *curves)

    def what_relu_does(self):
        relu = ACTIVATIONS["relu"].fn
        examples = []
        for x, line_id in ((3, "relu.example-positive"), (-4, "relu.example-negative")):
            y = float(relu(np.array([x]))[0])
            dot = Dot(self.right.c2p(x, y), color=self.theme.highlight, radius=0.08)
            words = self.t(line_id, x=Num(x, 0), zero=Num(0, 0))
            label = self.text(words, self.theme.small_font_size, self.theme.highlight)
            keep_in_frame(label.next_to(dot, DR if x > 0 else UP, 0.15), 0.45)  # longer words stay in the frame
            examples.append(VGroup(dot, label))
        rising = Line(self.right.c2p(0, 0), self.right.c2p(6, 6), color=self.theme.highlight, stroke_width=7)
        flat = Line(self.right.c2p(-6, 0), self.right.c2p(0, 0), color=self.theme.highlight, stroke_width=7)
        self.say(self.t("relu.keeps-positive"))
        self.play(ShowPassingFlash(rising, time_width=0.7), FadeIn(examples[0]), run_time=1.2)
        self.say(self.t("relu.zeroes-negative"))
        self.play(ShowPassingFlash(flat, time_width=0.7), FadeIn(examples[1]), run_time=1.2)
        self.functions.add(*examples)

    def no_pair(self):
        """No pair of networks to compare: the learner hears so; the teacher reads, on the terminal, how
        to train one."""
        print(f"relu: {self.lesson.set.folder} has no pair of networks trained with each activation; "
              "`python -m netcore assets` trains both", file=sys.stderr)
        self.say(self.t("relu.no-pair"))
        self.wait(0.5)

    # --- the evidence -------------------------------------------------------------------------

    def same_network_two_ways(self):
        title = self.text(self.t("relu.same-network", sizes=self.number_list(self.nets["sigmoid"][0].sizes)),
                          self.theme.font_size + 4)
        title.to_edge(UP, buff=0.8)
        self.rows, self.acc_texts = {}, {}
        for name in ("sigmoid", "ReLU"):
            colour = self.colours[name]
            key = VGroup(Line(ORIGIN, RIGHT * 0.6, color=colour, stroke_width=6),
                         self.text(self.t("relu.legend", activation=name.lower()), self.theme.font_size, colour))
            key.arrange(RIGHT, buff=0.25)
            score = self.text(self.t("relu.accuracy-row", accuracy=Pct(self.accuracy[name]), plural=self.topic.plural),
                              self.theme.font_size, colour)
            self.acc_texts[name] = score
            self.rows[name] = VGroup(key, score)
        keys = VGroup(*[r[0] for r in self.rows.values()]).arrange(DOWN, aligned_edge=LEFT, buff=0.7)
        for row in self.rows.values():
            row[1].next_to(keys, RIGHT, 0.5).set_y(row[0].get_y())
        table = VGroup(*self.rows.values())
        fit_within(table, config.frame_width - 1.2)
        table.move_to([0, 0.2, 0])
        files = VGroup()
        if self.comparison.note:  # name the two files compared, since they are not the lesson's network
            for name, row in self.rows.items():
                files.add(self.text(self.files[name], self.theme.min_font_size, self.theme.dim_text)
                          .next_to(row[0], DOWN, 0.12).align_to(row[0], LEFT))
        own = "none" if self.comparison.note else self.lesson.net.activation
        self.say(self.t("relu.evidence", own=own if own in ("sigmoid", "relu") else "none"))
        self.play(FadeOut(self.functions), FadeIn(title, shift=0.2 * DOWN), run_time=1)
        self.play(LaggedStart(*[FadeIn(r[0]) for r in self.rows.values()], lag_ratio=0.5), run_time=1.5)
        if self.comparison.note:
            self.say(self.comparison.note[0].upper() + self.comparison.note[1:])
            self.play(FadeIn(files, shift=0.1 * UP), run_time=1)
        meta = self.nets["sigmoid"][1]
        self.say(self.t("relu.evidence-data", train=int(meta["n_train"]), plural=self.topic.plural,
                        settings=self.settings_differ()))
        for row in self.rows.values():
            self.play(Circumscribe(row[0], color=self.theme.highlight, buff=0.12), run_time=0.9)
        self.evidence = VGroup(title, table, files)

    def which_scored_better(self):
        """Both scores in one line, and how they compare as said: the same, close, or one ahead."""
        meta = self.nets["sigmoid"][1]
        sig, rel = self.accuracy["sigmoid"], self.accuracy["ReLU"]
        self.compare = compare(sig, rel)
        self.say(self.t("relu.scores", test=int(meta["n_test"]), plural=self.topic.plural, compare=self.compare,
                        sigmoid=said_percent(sig), relu=said_percent(rel)))
        self.play(LaggedStart(*[FadeIn(self.acc_texts[n], shift=0.2 * LEFT) for n in ("sigmoid", "ReLU")],
                              lag_ratio=0.5), run_time=1.2)
        self.describe(self.t("relu.accuracy-described", sizes=self.number_list(self.nets["sigmoid"][0].sizes),
                             sigmoid=Pct(sig), relu=Pct(rel)))
        ahead = [n for n in self.rows if NAMES.get(self.compare) == n] or list(self.rows)
        self.play(*[Circumscribe(self.rows[n], color=self.theme.highlight) for n in ahead], run_time=1.2)

    def hidden_activations(self):
        n = len(self.hidden["ReLU"])
        shown = min(n, MAX_SHOWN)
        top = max(1.0, float(self.hidden["ReLU"][:shown].max()))
        height, pitch = 3.0, min(0.4, 4.6 / shown)
        charts, self.hidden_bars = VGroup(), {}
        for name in ("sigmoid", "ReLU"):
            bars = VGroup(*[Rectangle(width=0.7 * pitch, height=max(1e-3, height * v / top), stroke_width=0)
                            .set_fill(self.colours[name], opacity=0.9).move_to([i * pitch, 0, 0], aligned_edge=DOWN)
                            for i, v in enumerate(self.hidden[name][:shown])])
            base = Line(LEFT * 0.1, RIGHT * (shown * pitch - 0.1), color=self.theme.dim_text, stroke_width=2)
            base.align_to(bars, LEFT).shift(LEFT * 0.1).set_y(0)
            title = self.text(self.t("relu.hidden-title", activation=name.lower()), self.theme.small_font_size,
                              self.colours[name])
            title.next_to([base.get_center()[0], height, 0], UP, 0.55)
            charts.add(VGroup(bars, base, title))
            self.hidden_bars[name] = bars
        charts[1].shift(RIGHT * (charts[0].get_right()[0] - charts[1].get_left()[0] + 1.4))
        scale = self.scale_axis(top, height).next_to(charts[0][1], LEFT, 0.35).align_to(charts[0][1], DOWN)
        scale.shift(DOWN * (scale[0].get_bottom()[1] - 0))
        one = DashedLine([charts[0].get_left()[0], height / top, 0], [charts[1][1].get_right()[0], height / top, 0],
                         color=self.theme.highlight, stroke_width=2)
        one_label = self.text(fmt(1, 0), self.theme.min_font_size, self.theme.highlight).next_to(one, RIGHT, 0.1)
        which = "all" if shown == n else "first"
        note = self.text(self.t("relu.bar-neurons", which=which, shown=shown, neurons=n), self.theme.min_font_size,
                         self.theme.dim_text)
        picture = VGroup(scale, charts, one, one_label)
        note.next_to(picture, DOWN, 0.3)
        whole = VGroup(picture, note)
        fit_within(whole, config.frame_width - 1.2)
        whole.move_to([0, 0.15, 0])
        sig, rel = self.hidden["sigmoid"], self.hidden["ReLU"]
        zeros = int(np.sum(rel == 0))
        self.zeros = zeros
        self.say(self.t("relu.inside", noun=self.topic.noun))
        self.play(FadeOut(self.evidence), FadeIn(scale), FadeIn(charts[0][1:]), FadeIn(charts[1][1:]), FadeIn(note),
                  run_time=1)
        self.play(GrowFromEdge(charts[0][0], DOWN), GrowFromEdge(charts[1][0], DOWN), run_time=1.2)
        tallest = int(np.argmax(rel))  # over the whole layer: a neuron not drawn may be the one above 1
        highest = float(rel[tallest])
        drawn = tallest < shown
        top_label = self.text(fmt(highest, 2), self.theme.min_font_size, self.colours["ReLU"])
        if drawn:
            top_label.next_to(self.hidden_bars["ReLU"][tallest], UP, 0.08)
        self.say(self.t("relu.no-limit", above="yes" if highest > 1 else "no", top=spoken(highest, 1)))
        self.play(Create(one), FadeIn(one_label), run_time=0.8)
        if highest > 1 and drawn:
            self.play(Indicate(self.hidden_bars["ReLU"][tallest], color=self.theme.highlight), FadeIn(top_label),
                      run_time=1)
        self.describe(self.t("relu.bars-described", noun=self.topic.noun, low=Num(float(sig[:shown].min())),
                             high=Num(float(sig[:shown].max())), top=Num(highest), zeros=int(np.sum(rel[:shown] == 0))))

    def why_a_bend(self):
        """Why a neuron needs a bend at all: two weighted sums in a row are one straight line; with ReLU
        between them the line bends. An illustration without numbers (nothing here is the network's)."""
        first = lambda x: 1.5 * x - 1  # noqa: E731 - a weighted sum of one input
        second = lambda y: 0.8 * y + 0.5  # noqa: E731 - a weighted sum of that
        relu = ACTIVATIONS["relu"].fn
        graphs = VGroup()
        for title_id, through in (("relu.bend-straight", lambda y: y),
                                  ("relu.bend-relu", lambda y: float(relu(np.array([y]))[0]))):
            axes = Axes(x_range=[-3, 3, 1], y_range=[-4, 4, 1], x_length=4.6, y_length=3.0, tips=False,
                        axis_config={"color": self.theme.dim_text, "include_ticks": False, "stroke_width": 2})
            colour = self.colours["sigmoid" if title_id.endswith("straight") else "ReLU"]
            line = axes.plot(lambda x: second(through(first(x))), x_range=[-3, 3, 0.01], color=colour,
                             stroke_width=5)
            title = self.text(self.t(title_id), self.theme.small_font_size, colour, max_width=5.2)
            title.next_to(axes, UP, 0.3)
            graphs.add(VGroup(axes, line, title))
        graphs.arrange(RIGHT, buff=1.2)
        fit_within(graphs, config.frame_width - 1.2)
        graphs.move_to([0, 0.3, 0])
        axes = graphs[1][0]
        corner = 1 / 1.5  # where the first sum crosses 0, and ReLU starts to pass it on
        bend = Dot(axes.c2p(corner, second(0)), color=self.theme.highlight, radius=0.09)
        # The left graph first stands alone in the middle, drawing one sum, then the sum of a sum; it
        # moves aside when the bent line comes to stand beside it.
        left, left_at = graphs[0], graphs[0].get_center()
        left.move_to([0, left_at[1], 0])
        one_line = left[0].plot(first, x_range=[-2, 3, 0.01], color=left[1].get_color(), stroke_width=5)
        one_title = self.text(self.t("relu.bend-one"), self.theme.small_font_size, left[2].get_color(),
                              max_width=5.2).move_to(left[2])
        leaving = self.on_stage()
        self.say(self.t("relu.bend"))
        self.play(*[FadeOut(m) for m in leaving], FadeIn(left[0]), FadeIn(one_title), run_time=1)
        self.play(Create(one_line), run_time=1.2)
        self.say(self.t("relu.bend-again"))  # "Do it again to the result": the line turns as it is said
        self.play(ReplacementTransform(one_line, left[1]),  # the line turns; its title is swapped whole
                  Succession(FadeOut(one_title, run_time=0.5), FadeIn(left[2], run_time=0.7)), run_time=1.2)
        self.say(self.t("relu.bend-with"))
        self.play(left.animate.move_to(left_at), FadeIn(graphs[1][0]), FadeIn(graphs[1][2]), run_time=1)
        self.play(Create(graphs[1][1]), run_time=1.5)
        self.play(FadeIn(bend, scale=1.5), Flash(bend, color=self.theme.highlight), run_time=1)
        self.describe(self.t("relu.bend-described"))

    # --- helpers ----------------------------------------------------------------------

    def scale_axis(self, top: float, height: float) -> VGroup:
        """The charts' shared scale: a vertical line from 0 to ``top`` with round numbers, named above."""
        step = nice_step(top, 3)
        axis = Line([0, 0, 0], [0, height, 0], color=self.theme.dim_text, stroke_width=2)
        ticks = VGroup()
        for v in np.arange(0, top + 1e-9, step):
            y = height * v / top
            ticks.add(VGroup(Line([-0.08, y, 0], [0.08, y, 0], color=self.theme.dim_text, stroke_width=2),
                             self.text(fmt(float(v), 0 if step >= 1 else 1), self.theme.min_font_size,
                                       self.theme.text).next_to([-0.08, y, 0], LEFT, 0.1)))
        name = self.text(self.t("relu.bar-scale"), self.theme.min_font_size, self.theme.dim_text)
        name.next_to(axis, UP, 0.2)
        return VGroup(axis, ticks, name)

    def settings_differ(self) -> str:
        """same, rate (only the learning rate differs) or other: how the two networks' training differed."""
        a, b = (self.nets[name][1].get("config", {}) for name in ("sigmoid", "ReLU"))
        differ = {k for k in set(a) | set(b) if a.get(k) != b.get(k)}
        return "same" if not differ else "rate" if differ == {"learning_rate"} else "other"


def compare(sig: float, rel: float) -> str:
    """How two test scores compare as they are said: same when they are said alike (to a tenth of a
    percent), close when less than half a percentage point apart, else the one ahead (relu or sigmoid)."""
    if said_percent(sig).value == said_percent(rel).value:
        return "same"
    if abs(rel - sig) < 0.005:
        return "close"
    return "relu" if rel > sig else "sigmoid"


def said_percent(fraction: float) -> Num:
    """A fraction as the number of percent a voice says: one decimal, or none when it is zero."""
    value = round(100 * float(fraction), 1)
    return Num(value, 0 if value == round(value) else 1)
