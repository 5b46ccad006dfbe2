"""What learning means: replaying the real training run, from random weights to the trained ones.

    manim render scenes/learning.py          # the default scene, ReplayTraining

The snapshots in the lesson set's snapshots.npz were saved by the same training run that made
its weights.npz; the outputs, weights and accuracies shown are computed from them (the accuracy
of every epoch from the run's history). A set without snapshots for the chosen network says so
instead of replaying anything.
"""
from __future__ import annotations

import sys
import textwrap

import numpy as np
from manim import *  # noqa: F401,F403 - scene files use manim's star import, as its examples do

from lessonkit import LessonScene, WeightGrid, item_image, neurons_to_show
from lessonkit.bars import Bars
from lessonkit.formatting import count, fmt, percent
from lessonkit.plots import nice_step, themed_axes
from lessonscript import Num, Pct

GRID_AT = LEFT * 4.3 + DOWN * 0.3  # where the followed neuron's weights are drawn, from start to end
EDGE = 0.35  # frame units kept free at every edge (47 pixels at 1080p)
SMOOTH = 0.3  # neighbouring weights correlated at least this much: the grid shows smooth patches


def odds(accuracy: float) -> dict:
    """How a share right is said: kind none, all, one_in (with n: one in n) or other (percent)."""
    if accuracy <= 0:
        kind = "none"
    elif accuracy >= 1:
        kind = "all"
    elif accuracy <= 0.35:
        kind = "one_in"
    else:
        kind = "other"
    return dict(odds=kind, n=max(2, round(1 / accuracy)) if accuracy > 0 else 0, percent=round(100 * accuracy))


def smoothness(weights: np.ndarray, shape: tuple[int, int]) -> float:
    """How alike neighbouring weights are (correlation of each with its right and lower neighbour):
    about 0 for speckle, near 1 for smooth patches."""
    g = weights.reshape(shape)
    a = np.concatenate([g[:, :-1].ravel(), g[:-1, :].ravel()])
    b = np.concatenate([g[:, 1:].ravel(), g[1:, :].ravel()])
    if a.size < 2 or a.std() == 0 or b.std() == 0:
        return 0.0
    return float(np.corrcoef(a, b)[0, 1])


class ReplayTraining(LessonScene):
    """Where the numbers come from; untrained noise, then epoch after epoch: one item's outputs, one
    neuron's weights, test accuracy."""

    def construct(self):
        self.ask_where_numbers_come_from()
        self.what_learning_is()
        if self.snapshots is None:
            self.nothing_to_replay()
        else:
            self.before_training()
            self.first_guess()
            self.chance_level()
            self.first_pass()
            self.remaining_passes()
            self.where_it_ends()
        self.hand_over()

    def setup(self):
        super().setup()
        self.snapshots, meta = self.lesson.set.snapshots, self.lesson.set.snapshots_meta
        self.k = int(np.argmax(self.lesson.trace.a(1)))  # the neuron followed: the most active for the item
        self.key = self.weight_key()
        if self.snapshots is None:
            return
        self.epochs = sorted(self.snapshots)
        self.n_train, self.n_test = int(meta["n_train"]), int(meta.get("n_test", 0))
        self.snapshot_accuracy = {int(e): float(a) for e, a in meta["test_accuracy"].items()}
        # Every epoch's test accuracy: the run's history, and the snapshots' own where they have one.
        self.accuracy = {int(h["epoch"]): float(h["test_accuracy"]) for h in meta["history"]}
        self.accuracy.update(self.snapshot_accuracy)
        final = self.snapshots[self.epochs[-1]]
        pixels = self.lesson.item.pixels
        self.k = int(np.argmax(final.forward(pixels).a(1)))  # the neuron followed: most active at the end
        self.outputs = {e: self.snapshots[e].forward(pixels).output for e in self.epochs}
        # The classes drawn as bars (at most 16): the label and every epoch's answer, then the final brightest.
        label = [self.lesson.item.label] if self.lesson.item.label is not None else []
        answers = [int(np.argmax(out)) for out in self.outputs.values()]
        self.classes = neurons_to_show(len(final.biases[-1]), label + answers, self.outputs[self.epochs[-1]])
        self.smooth = {e: smoothness(self.snapshots[e].weights[0][self.k], self.lesson.shape) for e in self.epochs}
        self._readouts: dict[int, tuple[Text, Text]] = {}

    # --- beats ------------------------------------------------------------------------

    def ask_where_numbers_come_from(self):
        """The trained neuron's weights, and the question: who chose them?"""
        net = self.snapshots[self.epochs[-1]] if self.snapshots is not None else self.lesson.net
        self.grid = self.weight_grid(net)
        self.grid_label = self.neuron_label()
        self.question = self.text(self.t("learning.question-title"), self.theme.font_size + 6,
                                  max_width=self.right_width())
        self.question.move_to(self.right_centre() + UP * 1.6)
        self.say(self.t("learning.question"))
        self.play(FadeIn(self.grid), FadeIn(self.grid_label), FadeIn(self.key), run_time=1.2)
        self.play(FadeIn(self.question, shift=0.2 * DOWN), run_time=0.8)
        self.describe(self.t("learning.question-described", neuron=str(self.k),
                             positive=self.colour_name(self.theme.positive_name),
                             negative=self.colour_name(self.theme.negative_name)))

    def what_learning_is(self):
        """Learning named: good values for every weight and bias, found by a program."""
        width = self.right_width()
        goal = self.block(self.t("learning.goal", params=self.lesson.net.n_params), self.theme.font_size + 2, width)
        rest = self.block(self.t("learning.goal-rest", plural=self.topic.plural), self.theme.font_size, width,
                          self.theme.dim_text)
        self.goal = VGroup(goal, rest).arrange(DOWN, buff=0.35).next_to(self.question, DOWN, 0.6)
        self.say(self.t("learning.goal-said", params=self.lesson.net.n_params, plural=self.topic.plural,
                        trained="yes" if self.lesson.trained else "no"))
        self.play(FadeIn(goal), run_time=0.8)
        self.play(FadeIn(rest), run_time=0.8)

    def nothing_to_replay(self):
        """A lesson set without snapshots of this network: the learner is told there is no run to replay;
        the teacher, on the terminal, how to save one."""
        print(f"learning: {self.lesson.set.folder} has no training snapshots of this network; "
              "`python -m netcore assets` saves them with the weights", file=sys.stderr)
        trained = "yes" if self.lesson.trained else "no"
        self.note = self.block(self.t("learning.no-snapshots-title", trained=trained), self.theme.font_size,
                               self.right_width())
        self.note.move_to(self.right_centre() + DOWN * 0.2)
        self.say(self.t("learning.no-snapshots", trained=trained))
        self.play(FadeOut(self.question), FadeOut(self.goal), FadeIn(self.note), run_time=0.8)
        self.describe(self.t("learning.no-snapshots-described", trained=trained))

    def before_training(self):
        """The run's first snapshot: random weights, so the neuron's grid is speckle."""
        e = self.epochs[0]
        grid = self.weight_grid(self.snapshots[e])
        self.plot = self.accuracy_plot()
        self.axes = self.plot[0]
        epoch_text, acc_text = self.readout_texts(e)
        self.readout = VGroup(epoch_text, acc_text)
        self.say(self.t("learning.start", neuron=str(self.k)))
        self.play(FadeOut(self.question), FadeOut(self.goal), FadeIn(epoch_text), run_time=0.8)
        self.play(FadeOut(self.grid), FadeIn(grid), run_time=1.5)
        self.grid = grid
        self.shown_epoch = e

    def first_guess(self):
        """One item's outputs from the random network."""
        e = self.epochs[0]
        self.thumb = item_image(self.lesson.item.image, self.theme, height=1.5, width=2.2)
        self.thumb.to_corner(UL, buff=0.5)
        if self.lesson.item.label is not None:  # what the item is, where the eye sees it
            label = self.text(self.t("learning.item-label", label=self.lesson.class_name(self.lesson.item.label)),
                              self.theme.small_font_size, self.theme.dim_text, max_width=2.6)
            self.thumb = Group(self.thumb, label.next_to(self.thumb, DOWN, 0.15)).to_corner(UL, buff=0.5)
        self.bars, self.bar_value = self.output_bars(e)
        # The bars' own title, level with the plot's: every number on screen says what it is.
        plot_title = self.plot[2]
        x, left, right = self.bars.get_x(), GRID_AT[0] + 1.3 + 0.3, plot_title.get_left()[0] - 0.4
        self.bars_title = self.text(self.t("learning.bars-title", noun=self.topic.noun), self.theme.small_font_size,
                                    self.theme.dim_text, max_width=2 * min(x - left, right - x))
        self.bars_title.move_to([self.bars.get_x(), plot_title.get_y(), 0])
        classes = len(self.outputs[e])
        self.say(self.t("learning.first-guess", every="yes" if len(self.classes) == classes else "no",
                        shown=len(self.classes), classes=classes, **self.item_words(e)))
        self.play(FadeIn(self.thumb), run_time=0.6)
        self.play(FadeIn(self.bars), FadeIn(self.bar_value), FadeIn(self.bars_title), run_time=1.0)

    def chance_level(self):
        """How often the random network is right: about what guessing gives."""
        e = self.epochs[0]
        acc = self.accuracy[e]
        classes = len(self.lesson.net.biases[-1])
        ratio = acc * classes
        guess = "same" if 0.67 <= ratio <= 1.5 else "worse" if ratio < 0.67 else "better"
        self.curve = VMobject(stroke_color=self.theme.highlight, stroke_width=3)
        self.curve.set_points_as_corners([self.axes.c2p(e, acc), self.axes.c2p(e, acc)])
        self.dot = Dot(self.axes.c2p(e, acc), color=self.theme.highlight, radius=0.07)
        self.say(self.t("learning.chance", tests=self.n_test, plural=self.topic.plural, classes=classes,
                        guess=guess, **odds(acc)))
        self.play(FadeIn(self.plot), run_time=0.8)
        self.play(FadeIn(self.readout[1]), FadeIn(self.dot, scale=2), run_time=0.8)
        self.remove(*self.readout, self.dot)
        self.live = VGroup(self.readout, self.curve, self.dot)  # what each step of the replay redraws
        self.add(self.live)
        self.epoch_text, self.acc_text = self.readout
        self.describe(self.snapshot_words(e))

    def first_pass(self):
        """Training starts: the first snapshot after the random one, slowly."""
        e0, e1 = self.epochs[0], self.epochs[1]
        self.say(self.t("learning.training-begins", count=self.n_train, plural=self.topic.plural))
        # The first pass plays while its line is said, and lands as the result is about to be told.
        self.advance(e1, run_time=max(3.0, self.still_saying()))
        self.say(self.t("learning.after-first", passes=e1 - e0, plural=self.topic.plural,
                        pattern="yes" if self.patterned(e1) else "no", neuron=str(self.k),
                        positive=self.colour_name(self.theme.positive_name),
                        negative=self.colour_name(self.theme.negative_name),
                        **odds(self.accuracy[e1]), **self.item_words(e1)))

    def remaining_passes(self):
        """The later snapshots, each epoch's accuracy ticking by, the curve drawn as it goes."""
        e1, last = self.epochs[1], self.epochs[-1]
        if last == e1:
            return
        pattern = "already" if self.patterned(e1) else "later" if self.patterned(last) else "never"
        self.say(self.t("learning.keep-watching", last=last, neuron=str(self.k), pace=self.pace(), pattern=pattern,
                        positive=self.colour_name(self.theme.positive_name),
                        negative=self.colour_name(self.theme.negative_name)))
        for e in self.epochs[2:]:
            steps = len([x for x in self.accuracy if self.shown_epoch < x <= e])
            self.advance(e, run_time=float(np.clip(0.8 + 0.2 * steps, 1.5, 3.5)))
            self.wait(0.3)

    def where_it_ends(self):
        """Where the run ends, a highlight following the words: the accuracy, the item's answer, the grid."""
        first, last = self.epochs[0], self.epochs[-1]
        trend = "up" if self.accuracy[last] > self.accuracy[first] else "other"
        self.say(self.t("learning.ends", last=last, plural=self.topic.plural, trend=trend, **odds(self.accuracy[last]),
                        **{k + "0": v for k, v in odds(self.accuracy[first]).items()}))
        self.box = self.highlight(VGroup(self.acc_text, self.epoch_text))
        self.play(Create(self.box), run_time=0.8)
        self.say(self.t("learning.ends-item", **self.item_words(last)))
        answer = self.classes.index(int(np.argmax(self.outputs[last])))
        self.play(Transform(self.box, self.highlight(VGroup(self.bars.bars[answer], self.bars.labels[answer],
                                                             self.bar_value), buff=0.04)), run_time=0.8)
        final = self.snapshots[last]
        same = all(np.array_equal(a, b) for a, b in zip(final.weights + final.biases,
                                                         self.lesson.net.weights + self.lesson.net.biases))
        if same:
            self.say(self.t("learning.ends-same", plural=self.topic.plural))
        else:
            self.say(self.t("learning.ends-elsewhere"))
        self.play(Transform(self.box, self.highlight(self.grid)), run_time=0.8)

    def hand_over(self):
        self.say(self.t("learning.hand-over"))
        if self.snapshots is not None:
            self.play(FadeOut(self.box), run_time=0.6)
        self.wait(1.0)

    # --- helpers ----------------------------------------------------------------------

    def highlight(self, mob: Mobject, buff: float = 0.1) -> SurroundingRectangle:
        return SurroundingRectangle(mob, color=self.theme.highlight, buff=buff)

    def right_width(self) -> float:
        """How wide a text may be right of the grid: up to the frame's right margin."""
        return config.frame_width / 2 - EDGE - (GRID_AT[0] + 1.3 + 0.6)

    def right_centre(self) -> np.ndarray:
        left = GRID_AT[0] + 1.3 + 0.6
        return np.array([(left + config.frame_width / 2 - EDGE) / 2, 0.0, 0.0])

    def block(self, s: str, size: float, width: float, color: str | None = None) -> Text:
        """A text wrapped into lines that fit ``width`` (never scaled below the smallest type size)."""
        text = self.text(s, size, color, max_width=float("inf"))
        if text.width > width:
            per_line = max(12, int(len(s) * width / text.width * 0.95))
            text = self.text("\n".join(textwrap.wrap(s, per_line)), size, color, max_width=float("inf"))
        return text

    def weight_grid(self, net) -> WeightGrid:
        return WeightGrid(net.weights[0][self.k].reshape(self.lesson.shape), self.theme, height=2.6,
                          width=2.6).move_to(GRID_AT)

    def neuron_label(self) -> Text:
        label = self.block(self.t("learning.grid-label", layer=self.lesson.layers[1].name, neuron=str(self.k)),
                           self.theme.small_font_size,
                           2 * (GRID_AT[0] + config.frame_width / 2 - EDGE), self.theme.dim_text)
        return label.next_to(self.grid, DOWN, 0.25)

    def accuracy_plot(self) -> VGroup:
        """Test accuracy (in percent) against epoch, with its title, on the right."""
        last = self.epochs[-1]
        step = max(1, round(nice_step(last)))  # whole epochs
        axes = themed_axes(self.theme, (0, last, step), (0, 1, 0.25), 3.9, 2.6,
                           font_size=self.theme.min_font_size)
        axes.y_axis.remove(axes.y_axis.numbers)  # numbered below in the lesson's type and language:
        axes.x_axis.remove(axes.x_axis.numbers)  # the accuracy in percent
        axes.to_edge(RIGHT, buff=0.7).set_y(GRID_AT[1])
        size = self.theme.min_font_size
        ticks = VGroup(*[self.text(percent(v, 0), size, max_width=float("inf")).next_to(axes.c2p(0, v), LEFT, 0.15)
                         for v in (0, 0.25, 0.5, 0.75, 1.0)],
                       *[self.text(count(int(e)), size, max_width=float("inf")).next_to(axes.c2p(e, 0), DOWN, 0.15)
                         for e in np.arange(step, last + step / 2, step)])
        title = self.text(self.t("learning.plot-title"), self.theme.small_font_size, self.theme.dim_text,
                          max_width=axes.width + 0.6).next_to(axes, UP, 0.3)
        return VGroup(axes, ticks, title)

    def readout_texts(self, epoch: int) -> tuple[Text, Text]:
        """The epoch's title and its test accuracy, drawn once per epoch and kept."""
        if epoch not in self._readouts:
            epoch_text = self.text(self.t("learning.epoch", epoch=int(epoch)), self.theme.font_size + 8)
            epoch_text.to_edge(UP, buff=EDGE + 0.05)
            acc = self.text(self.t("learning.accuracy", accuracy=Pct(self.accuracy[epoch])), self.theme.font_size,
                            self.theme.highlight).next_to(epoch_text, DOWN, 0.15)
            self._readouts[epoch] = (epoch_text, acc)
        return self._readouts[epoch]

    def output_bars(self, epoch: int) -> tuple[Bars, Text]:
        """The item's outputs at ``epoch`` as bars (the tallest highlighted) and the tallest one's value."""
        out, shown = self.outputs[epoch], self.classes
        answer = int(np.argmax(out))
        label = self.lesson.item.label
        colour = self.theme.wrong if label is not None and answer != label else self.theme.highlight  # as in layers
        slot = min(0.46, 3.4 / len(shown))
        bars = Bars(out[shown], self.theme, [self.lesson.class_name(k) for k in shown], height=2.2,
                    width=slot * 0.7, gap=slot * 0.3, highlight=shown.index(answer),
                    label_size=self.theme.min_font_size, highlight_colour=colour)
        bars.set_x(-0.3)
        bars.shift(UP * (GRID_AT[1] - 1.3 - bars.bars.get_bottom()[1]))  # bars stand level with the grid's foot
        value = self.text(fmt(out[answer], 2), self.theme.min_font_size, colour, max_width=float("inf"))
        value.next_to(bars.bars[shown.index(answer)], UP, 0.1)
        return bars, value

    def advance(self, epoch: int, run_time: float) -> None:
        """From the epoch shown to ``epoch``: the grid and bars change into the next snapshot's, the
        readout steps through real epochs' accuracies (each shown whole, never morphed), the curve is
        drawn through every measured epoch and the dot rides its end."""
        start = self.shown_epoch
        measured = sorted(x for x in self.accuracy if start <= x <= epoch)
        ticks = [start] + self.ticks(measured[1:])
        grid = self.weight_grid(self.snapshots[epoch])
        bars, value = self.output_bars(epoch)
        done = [p for p in sorted(self.accuracy) if p < start]
        # Every readout of the step is in the scene from the start, all but one invisible: Manim draws
        # during an animation the shapes it found when the animation began.
        readouts = [self.readout_texts(e) for e in ticks]
        self.readout.submobjects = [t for pair in readouts for t in pair]
        for pair in readouts[1:]:
            VGroup(*pair).set_opacity(0)
        old_value = self.bar_value
        value.set_opacity(0)
        self.add(value)  # the tallest bar's value swaps at half time: two numbers never overlap

        def follow(live: VGroup, alpha: float) -> None:
            x = start + alpha * (epoch - start)
            shown = max(i for i, e in enumerate(ticks) if e <= x + 1e-9)
            for i, pair in enumerate(readouts):
                VGroup(*pair).set_opacity(1.0 if i == shown else 0.0)
            reached = [e for e in measured if e <= x + 1e-9]
            points = [self.axes.c2p(e, self.accuracy[e]) for e in done + reached]
            nxt = min((e for e in measured if e > x + 1e-9), default=None)
            if nxt is not None:  # the segment being drawn, up to x
                y = np.interp(x, [reached[-1], nxt], [self.accuracy[reached[-1]], self.accuracy[nxt]])
                points.append(self.axes.c2p(x, y))
            self.curve.set_points_as_corners(points if len(points) > 1 else points * 2)
            self.dot.move_to(points[-1])
            old_value.set_opacity(1.0 if alpha < 0.5 else 0.0)
            value.set_opacity(0.0 if alpha < 0.5 else 1.0)

        self.play(FadeOut(self.grid), FadeIn(grid), Transform(self.bars.bars, bars.bars),
                  UpdateFromAlphaFunc(VGroup(self.live, old_value, value), follow), run_time=run_time, rate_func=linear)
        self.remove(self.bars, old_value)
        value.set_opacity(1.0)
        self.add(bars)
        self.epoch_text, self.acc_text = readouts[-1]
        self.readout.submobjects = list(readouts[-1])
        self.grid, self.bars, self.bar_value, self.shown_epoch = grid, bars, value, epoch
        self.describe(self.snapshot_words(epoch))

    @staticmethod
    def ticks(epochs: list[int], most: int = 12) -> list[int]:
        """At most ``most`` of ``epochs``, evenly spread, always the last: the readouts a step shows."""
        if len(epochs) <= most:
            return epochs
        picks = np.linspace(0, len(epochs) - 1, most).round().astype(int)
        return [epochs[i] for i in sorted(set(picks))]

    def patterned(self, epoch: int) -> bool:
        """Whether the neuron's weights at ``epoch`` form smooth patches, where they began as speckle."""
        return self.smooth[epoch] >= SMOOTH and self.smooth[epoch] - self.smooth[self.epochs[0]] >= 0.25

    def pace(self) -> str:
        """How the score moves after the first step: flat (the rest of the run gains under a point),
        slower or faster (the next step's gain per epoch against the first step's)."""
        e0, e1, e2, last = self.epochs[0], self.epochs[1], self.epochs[2], self.epochs[-1]
        acc = self.accuracy
        if acc[last] - acc[e1] < 0.01:
            return "flat"
        return "slower" if (acc[e2] - acc[e1]) / (e2 - e1) < (acc[e1] - acc[e0]) / (e1 - e0) else "faster"

    def item_words(self, epoch: int) -> dict:
        """The item's verdict at ``epoch``, for the lines that say it."""
        out = self.outputs[epoch]
        answer, label = int(np.argmax(out)), self.lesson.item.label
        verdict = "none" if label is None else "right" if answer == label else "wrong"
        return dict(noun=self.topic.noun, answer=self.lesson.class_name(answer), value=Num(out[answer], 2),
                    label=self.lesson.class_name(label) if label is not None else "", verdict=verdict,
                    confident="yes" if out[answer] >= 0.9 else "no")

    def snapshot_words(self, epoch: int) -> str:
        """What the picture shows of one snapshot, in words with its numbers."""
        out = self.outputs[epoch]
        answer = int(np.argmax(out))
        return self.t("learning.snapshot", epoch=int(epoch), accuracy=Pct(self.accuracy[epoch]),
                      noun=self.topic.noun, answer=self.lesson.class_name(answer), value=Num(out[answer], 2),
                      neuron=str(self.k))
