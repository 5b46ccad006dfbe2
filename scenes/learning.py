"""What learning means: replaying the real training run, from random weights to the trained ones.

    manim render scenes/learning.py          # the default scene, ReplayTraining

The snapshots in the lesson set's snapshots.npz were saved by the same training run that made
its weights.npz; the outputs, weights and accuracies shown are computed from them. A set without
snapshots for the chosen network says so instead of replaying anything.
"""
from __future__ import annotations

import numpy as np
from manim import *  # noqa: F401,F403 - scene files use manim's star import, as its examples do

from lessonkit import LessonScene, WeightGrid, item_image, neurons_to_show
from lessonkit.bars import Bars
from lessonkit.layout import fit_within
from lessonkit.plots import nice_step, themed_axes
from lessonscript import Num, Pct


class ReplayTraining(LessonScene):
    """Untrained noise, then epoch after epoch: one item's outputs, one neuron's weights, test accuracy."""

    def construct(self):
        self.what_learning_is()
        if self.snapshots is None:
            self.nothing_to_replay()
            return
        self.before_training()
        self.replay()
        self.where_it_ends()

    def setup(self):
        super().setup()
        self.snapshots, meta = self.lesson.set.snapshots, self.lesson.set.snapshots_meta
        if self.snapshots is None:
            return
        self.epochs = sorted(self.snapshots)
        self.n_train = int(meta["n_train"])
        self.snapshot_accuracy = {int(e): float(a) for e, a in meta["test_accuracy"].items()}
        self.curve_points = [(0, self.snapshot_accuracy[0])] + [
            (int(h["epoch"]), float(h["test_accuracy"])) for h in meta["history"]]
        final = self.snapshots[self.epochs[-1]]
        pixels = self.lesson.item.pixels
        self.k = int(np.argmax(final.forward(pixels).a(1)))  # the neuron followed: most active at the end
        self.outputs = {e: self.snapshots[e].forward(pixels).output for e in self.epochs}
        # The classes drawn as bars (at most 16): the label and every epoch's answer, then the final brightest.
        label = [self.lesson.item.label] if self.lesson.item.label is not None else []
        answers = [int(np.argmax(out)) for out in self.outputs.values()]
        self.classes = neurons_to_show(len(final.biases[-1]), label + answers, self.outputs[self.epochs[-1]])

    # --- beats ------------------------------------------------------------------------

    def what_learning_is(self):
        line = self.text(self.t("learning.goal", params=self.lesson.net.n_params), self.theme.font_size + 4)
        line2 = self.text(self.t("learning.goal-rest", plural=self.topic.plural), self.theme.font_size)
        group = fit_within(VGroup(line, line2).arrange(DOWN, buff=0.3), config.frame_width - 0.8)
        self.play(FadeIn(group), run_time=1)
        if self.snapshots is not None:
            self.say(self.t("learning.replay"))
        self.wait(2)
        self.play(FadeOut(group), run_time=0.5)

    def nothing_to_replay(self):
        where = self.lesson.set.folder
        self.note = self.text(self.t("learning.no-snapshots-title", folder=where.name), self.theme.font_size)
        self.say(self.t("learning.no-snapshots"))
        self.play(FadeIn(self.note), run_time=0.6)
        self.wait(2.5)

    def before_training(self):
        self.thumb = item_image(self.lesson.item.image, self.theme, height=1.6, width=2.4).to_corner(UL, buff=0.5)
        last = self.epochs[-1]
        self.axes = themed_axes(self.theme, (0, last, nice_step(last)), (0, 1, 0.25), 4.2, 2.6, font_size=18)
        self.axes.to_edge(RIGHT, buff=0.6).shift(DOWN * 0.3)
        axes_label = self.text(self.t("learning.plot-title"), self.theme.small_font_size, self.theme.dim_text)
        axes_label.next_to(self.axes, UP, 0.2)
        self.curve = VMobject(stroke_color=self.theme.highlight, stroke_width=3)
        self.curve.set_points_as_corners([self.axes.c2p(*self.curve_points[0]), self.axes.c2p(*self.curve_points[0])])
        e = self.epochs[0]
        self.show(e)
        self.say(self.t("learning.epoch-zero"))
        self.play(FadeIn(self.thumb), FadeIn(self.grid), FadeIn(self.grid_label), FadeIn(self.bars),
                  FadeIn(self.epoch_text), FadeIn(self.acc_text), Create(self.axes), FadeIn(axes_label),
                  FadeIn(self.dot), run_time=1.2)
        self.add(self.curve)
        self.describe(self.snapshot_words(e))
        self.wait(2.5)

    def replay(self):
        self.say(self.t("learning.epoch-is-a-pass", count=self.n_train, plural=self.topic.plural))
        for e in self.epochs[1:]:
            old = (self.grid, self.bars, self.epoch_text, self.acc_text, self.dot)
            self.show(e)
            upto = [p for p in self.curve_points if p[0] <= e]
            new_curve = VMobject(stroke_color=self.theme.highlight, stroke_width=3)
            new_curve.set_points_as_corners([self.axes.c2p(*p) for p in upto])
            self.play(FadeOut(old[0]), FadeIn(self.grid), ReplacementTransform(old[1], self.bars),
                      ReplacementTransform(old[2], self.epoch_text), ReplacementTransform(old[3], self.acc_text),
                      ReplacementTransform(old[4], self.dot), Transform(self.curve, new_curve), run_time=1.0)
            self.describe(self.snapshot_words(e))
            self.wait(0.6)

    def where_it_ends(self):
        final = self.snapshots[self.epochs[-1]]
        same = all(np.array_equal(a, b) for a, b in zip(final.weights + final.biases,
                                                         self.lesson.net.weights + self.lesson.net.biases))
        if same:
            self.say(self.t("learning.ends-same"))
        else:
            self.say(self.t("learning.ends-elsewhere", folder=self.lesson.set.folder.name,
                            weights=self.lesson.set.weights_path.name))
        self.wait(3)

    # --- helpers ----------------------------------------------------------------------

    def snapshot_words(self, epoch: int) -> str:
        """What the picture shows of one snapshot, in words with its numbers."""
        out = self.outputs[epoch]
        answer = int(np.argmax(out))
        return self.t("learning.snapshot", epoch=int(epoch), accuracy=Pct(self.snapshot_accuracy[epoch]),
                      noun=self.topic.noun, answer=self.lesson.class_name(answer), value=Num(out[answer], 3))

    def show(self, epoch: int) -> None:
        """Build the pieces showing one snapshot (not yet on screen)."""
        net = self.snapshots[epoch]
        out = self.outputs[epoch]
        self.grid = WeightGrid(net.weights[0][self.k].reshape(self.lesson.shape), self.theme, height=2.6, width=3.0)
        self.grid.move_to(LEFT * 4.9 + DOWN * 0.5)
        self.grid_label = self.text(self.t("learning.grid-label", neuron=str(self.k)), self.theme.small_font_size,
                                    self.theme.dim_text, max_width=4.4).next_to(self.grid, DOWN, 0.2)
        shown = self.classes
        answer = int(np.argmax(out))
        self.bars = Bars(out[shown], self.theme, [self.lesson.class_name(k) for k in shown], height=2.4,
                         highlight=shown.index(answer), show_values=len(shown) <= 10)
        fit_within(self.bars, 4.4).move_to(LEFT * 1.0 + DOWN * 0.35)
        self.epoch_text = self.text(self.t("learning.epoch", epoch=int(epoch)), self.theme.font_size + 8)
        self.epoch_text.to_edge(UP, buff=0.45)
        accuracy = self.t("learning.accuracy", accuracy=Pct(self.snapshot_accuracy[epoch]))
        self.acc_text = self.text(accuracy, self.theme.font_size, self.theme.highlight).next_to(self.epoch_text, DOWN, 0.15)
        self.dot = Dot(self.axes.c2p(epoch, self.snapshot_accuracy[epoch]), color=self.theme.highlight, radius=0.07)
        self.shown_epoch = epoch
