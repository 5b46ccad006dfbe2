"""What learning means: replaying the real training run, from random weights to the shipped ones.

    manim render scenes/learning.py          # the default scene, ReplayTraining

The snapshots in assets/snapshots.npz were saved by the same training command that made the
shipped weights; the outputs, weights and accuracies shown are computed from them.
"""
from __future__ import annotations

import numpy as np
from manim import *  # noqa: F401,F403 - scene files use manim's star import, as its examples do

from kit import LessonScene, digit_image
from kit.bars import Bars
from kit.formatting import count, percent
from kit.plots import themed_axes
from kit.weightgrid import weight_image
from netcore import paths, weights


class ReplayTraining(LessonScene):
    """Untrained noise, then epoch after epoch: one digit's outputs, one neuron's weights, test accuracy."""

    def construct(self):
        self.what_learning_is()
        self.before_training()
        self.replay()
        self.where_it_ends()

    def setup(self):
        super().setup()
        self.snapshots, meta = weights.load_snapshots(paths.SNAPSHOTS)
        self.epochs = sorted(self.snapshots)
        self.n_train = int(meta["n_train"])
        self.snapshot_accuracy = {int(e): float(a) for e, a in meta["test_accuracy"].items()}
        self.curve_points = [(0, self.snapshot_accuracy[0])] + [
            (int(h["epoch"]), float(h["test_accuracy"])) for h in meta["history"]]
        final = self.snapshots[self.epochs[-1]]
        pixels = self.lesson.digit.pixels
        self.k = int(np.argmax(final.forward(pixels).a(1)))  # the neuron followed: most active at the end
        self.outputs = {e: self.snapshots[e].forward(pixels).output for e in self.epochs}

    # --- beats ------------------------------------------------------------------------

    def what_learning_is(self):
        n = count(self.snapshots[self.epochs[-1]].n_params)
        line = self.text(f"Learning: finding values for all {n} weights and biases", self.theme.font_size + 4)
        line2 = self.text("that make the right output light up, for digits it has never seen", self.theme.font_size)
        group = VGroup(line, line2).arrange(DOWN, buff=0.3)
        self.play(FadeIn(group), run_time=1)
        self.say("Here is our network's real training run, replayed from snapshots saved along the way")
        self.wait(2)
        self.play(FadeOut(group), run_time=0.5)

    def before_training(self):
        self.digit = digit_image(self.lesson.digit.pixels, self.theme, height=1.6).to_corner(UL, buff=0.5)
        self.axes = themed_axes(self.theme, (0, self.epochs[-1], 5), (0, 1, 0.25), 4.2, 2.6, font_size=18)
        self.axes.to_edge(RIGHT, buff=0.6).shift(DOWN * 0.3)
        axes_label = self.text("test accuracy by epoch", self.theme.small_font_size, self.theme.dim_text)
        axes_label.next_to(self.axes, UP, 0.2)
        self.curve = VMobject(stroke_color=self.theme.highlight, stroke_width=3)
        self.curve.set_points_as_corners([self.axes.c2p(*self.curve_points[0]), self.axes.c2p(*self.curve_points[0])])
        e = self.epochs[0]
        self.show(e)
        self.say("Epoch 0: random weights. The outputs are noise and the weights have no pattern")
        self.play(FadeIn(self.digit), FadeIn(self.grid), FadeIn(self.grid_label), FadeIn(self.bars),
                  FadeIn(self.epoch_text), FadeIn(self.acc_text), Create(self.axes), FadeIn(axes_label),
                  FadeIn(self.dot), run_time=1.2)
        self.add(self.curve)
        self.wait(2.5)

    def replay(self):
        self.say(f"Each epoch is one pass over the {count(self.n_train)} training images, nudging every number a little")
        for e in self.epochs[1:]:
            old = (self.grid, self.bars, self.epoch_text, self.acc_text, self.dot)
            self.show(e)
            upto = [p for p in self.curve_points if p[0] <= e]
            new_curve = VMobject(stroke_color=self.theme.highlight, stroke_width=3)
            new_curve.set_points_as_corners([self.axes.c2p(*p) for p in upto])
            self.play(FadeOut(old[0]), FadeIn(self.grid), ReplacementTransform(old[1], self.bars),
                      ReplacementTransform(old[2], self.epoch_text), ReplacementTransform(old[3], self.acc_text),
                      ReplacementTransform(old[4], self.dot), Transform(self.curve, new_curve), run_time=1.0)
            self.wait(0.6)

    def where_it_ends(self):
        final = self.snapshots[self.epochs[-1]]
        same = all(np.array_equal(a, b) for a, b in zip(final.weights + final.biases,
                                                         self.lesson.net.weights + self.lesson.net.biases))
        if same:
            self.say("It ends at the very weights the other scenes use: learned, not set by hand")
        else:
            self.say("It ends at the shipped weights (your scenes use other weights): learned, not set by hand")
        self.wait(3)

    # --- helpers ----------------------------------------------------------------------

    def show(self, epoch: int) -> None:
        """Build the pieces showing one snapshot (not yet on screen)."""
        net = self.snapshots[epoch]
        out = self.outputs[epoch]
        self.grid = weight_image(net.weights[0][self.k], self.theme, height=2.6).move_to(LEFT * 4.9 + DOWN * 0.5)
        self.grid_label = self.text(f"weights into hidden neuron {self.k}", self.theme.small_font_size,
                                    self.theme.dim_text).next_to(self.grid, DOWN, 0.2)
        self.bars = Bars(out, self.theme, height=2.4, highlight=int(np.argmax(out)), show_values=True)
        self.bars.move_to(LEFT * 1.0 + DOWN * 0.35)
        self.epoch_text = self.text(f"epoch {epoch}", self.theme.font_size + 8).to_edge(UP, buff=0.45)
        self.acc_text = self.text(f"test accuracy {percent(self.snapshot_accuracy[epoch])}", self.theme.font_size,
                                  self.theme.highlight).next_to(self.epoch_text, DOWN, 0.15)
        self.dot = Dot(self.axes.c2p(epoch, self.snapshot_accuracy[epoch]), color=self.theme.highlight, radius=0.07)
        self.shown_epoch = epoch
