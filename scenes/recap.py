"""The lesson's last chapter. So what is this network, really? A function: one neuron's value depends
only on its inputs, and the whole network is one function with all its weights and biases as knobs;
the whole lesson in a few sentences; the question the next lesson answers.

    manim render scenes/recap.py          # the default scene, NetworkAsFunction

The neuron, its activations, the inputs, the outputs and the count of weights and biases are all
netcore's.
"""
from __future__ import annotations

import numpy as np
from manim import *  # noqa: F401,F403 - scene files use manim's star import, as its examples do

from lessonkit import FillTo, Item, LessonScene, equations, item_image
from lessonkit.layout import fit_within
from lessonscript import Num, spoken

IMAGE = 2.2  # height of an item's picture
BOX = (3.4, 2.3)  # the smallest width, and the height, of the box f
ROW_Y = 0.5  # the height of the row: pixel values in, f, numbers out


def near_limit(x: float) -> str:
    """yes when ``x`` is said as 0 or 1 (two places) but is not exactly that."""
    said = round(float(x), 2)
    return "yes" if said in (0.0, 1.0) and float(x) != said else "no"


class NetworkAsFunction(LessonScene):
    """One neuron a function of its inputs; the network one function; the lesson looked back on; the
    question of the next lesson."""

    def construct(self):
        self.one_neuron()
        self.same_input_same_number()
        self.different_input_different_number()
        self.the_neuron_is_a_function()
        self.the_network_is_a_function()
        self.looking_back()
        self.the_next_question()

    def setup(self):
        super().setup()
        self.other_item, self.neuron = self.neuron_that_changes()
        self.params = self.lesson.net.n_params
        self.hidden_activation = self.lesson.layers[1].activation.name
        self.output_activation = self.lesson.layers[-1].activation.name
        words = self.text(self.t("recap.parameters", params=self.params), self.theme.small_font_size)
        self.box_width = max(BOX[0], words.width + 0.5)  # the box f holds its count of weights and biases

    # --- one neuron ---------------------------------------------------------------------

    def one_neuron(self):
        item = self.lesson.item
        first = self.activation_of(item)
        self.image = item_image(item.image, self.theme, height=IMAGE, width=IMAGE * 1.4)
        self.cell = Circle(radius=0.55, color=self.theme.neuron_stroke, stroke_width=3)
        self.cell.set_fill(self.theme.neuron_on, opacity=0)
        self.feed = Arrow(LEFT, RIGHT, color=self.theme.dim_text, buff=0)
        Group(self.image, self.feed, self.cell).arrange(RIGHT, buff=0.5)
        name = self.text(self.t("recap.neuron-label", layer=self.lesson.layers[1].name, neuron=str(self.neuron)),
                         self.theme.small_font_size, self.theme.dim_text)
        self.value = self.value_text(first).next_to(self.cell, RIGHT, 0.3)
        self.cell_name = name.next_to(self.cell, DOWN, 0.25)
        self.cell_group = VGroup(self.cell, self.cell_name)
        Group(self.image, self.feed, self.cell_group, self.value).move_to([0, -0.3, 0])
        self.heading = self.text(self.t("recap.heading"), self.theme.font_size + 4).to_edge(UP, buff=0.8)
        self.say(self.t("recap.question"))
        self.play(FadeIn(self.heading, shift=0.2 * DOWN), run_time=1)
        self.say(self.t("recap.start-neuron"))
        self.play(FadeIn(self.image, shift=0.2 * RIGHT), run_time=1)
        self.play(FadeIn(self.cell_group, shift=0.2 * LEFT), run_time=1)
        self.play(Indicate(self.cell, color=self.theme.highlight), run_time=1)
        self.say(self.t("recap.neuron-first", layer=self.lesson.layers[1].name, noun=self.topic.noun,
                        first=spoken(first), near=near_limit(first)))
        self.play(GrowArrow(self.feed), run_time=0.6)
        self.play(FillTo(self.cell, self.opacity(first)), FadeIn(self.value), run_time=0.8)

    def same_input_same_number(self):
        first = self.activation_of(self.lesson.item)
        self.say(self.t("recap.neuron-same", noun=self.topic.noun, first=spoken(first), near=near_limit(first)))
        # An outline, not Indicate: Indicate would paint the whole picture in the highlight colour.
        self.play(FillTo(self.cell, 0), FadeOut(self.value), Circumscribe(self.image, color=self.theme.highlight),
                  run_time=0.8)
        self.play(ShowPassingFlash(self.feed.copy().set_color(self.theme.highlight), time_width=0.6), run_time=0.7)
        self.play(FillTo(self.cell, self.opacity(first)), FadeIn(self.value), run_time=0.8)

    def different_input_different_number(self):
        first, second = self.activation_of(self.lesson.item), self.activation_of(self.other_item)
        other = item_image(self.other_item.image, self.theme, height=IMAGE, width=IMAGE * 1.4).move_to(self.image)
        new_value = self.value_text(second).next_to(self.cell, RIGHT, 0.3)
        self.say(self.t("recap.neuron-change", noun=self.topic.noun, second=spoken(second)))
        # The old item's number leaves with it: a new picture beside the old value would be stale.
        self.play(FadeOut(self.image), FadeIn(other), FillTo(self.cell, 0), FadeOut(self.value), run_time=0.8)
        self.play(ShowPassingFlash(self.feed.copy().set_color(self.theme.highlight), time_width=0.6), run_time=0.7)
        self.play(FillTo(self.cell, self.opacity(second)), FadeIn(new_value), run_time=1)
        self.image, self.value = other, new_value
        self.describe(self.t("recap.neuron-described", layer=self.lesson.layers[1].name, neuron=str(self.neuron),
                             noun=self.topic.noun, first=spoken(first), second=spoken(second)))

    def the_neuron_is_a_function(self):
        last = self.n_in - 1
        f = equations.symbol(self.lesson.layers[1].activation)
        neuron = equations.Formula(r"a^{(1)}_{%d}" % self.neuron, "=",
                         rf"{f}\big(w_{{0}}\,a^{{(0)}}_0 + \cdots + w_{{{last}}}\,a^{{(0)}}_{{{last}}} + b\big)",
                         color=self.theme.text, font_size=self.theme.font_size + 6)
        fit_within(neuron, config.frame_width - 0.8)
        self.neuron_formula = neuron.to_edge(UP, buff=0.8)
        self.say(self.t("recap.neuron-is-a-function", activation=self.hidden_activation))
        self.play(FadeOut(self.heading), Write(neuron), run_time=1.5)
        self.play(Indicate(neuron[2], color=self.theme.highlight, scale_factor=1.03), run_time=1)

    # --- the whole network ----------------------------------------------------------------

    def the_network_is_a_function(self):
        sizes = self.sizes
        self.params_text = self.text(self.t("recap.parameters", params=self.params), self.theme.small_font_size)
        self.box = RoundedRectangle(width=self.box_width, height=BOX[1], corner_radius=0.2, color=self.theme.highlight)
        self.f = equations.Formula("f", color=self.theme.text, font_size=72)
        inside = VGroup(self.f, self.params_text).arrange(DOWN, buff=0.25)
        self.function = VGroup(self.box, inside)
        self.function.move_to([0, ROW_Y, 0])
        inside.move_to(self.box)
        ins = self.text(self.t("recap.numbers-in", inputs=sizes[0]), self.theme.small_font_size)
        outs = VGroup(self.text(self.t("recap.numbers-out", outputs=sizes[-1]), self.theme.small_font_size),
                      self.text(self.t("recap.one-per-class"), self.theme.small_font_size, self.theme.dim_text))
        outs.arrange(DOWN, buff=0.15)
        for label in (ins, outs):  # a longer language's words still fit beside the box
            fit_within(label, (config.frame_width - self.box_width) / 2 - 1.3)
        ins.next_to(self.box, LEFT, 0.9)
        outs.next_to(self.box, RIGHT, 0.9)
        self.arrows = VGroup(Arrow(ins.get_right(), self.box.get_left(), color=self.theme.dim_text, buff=0.1),
                             Arrow(self.box.get_right(), outs.get_left(), color=self.theme.dim_text, buff=0.1))
        self.say(self.t("recap.network-is-a-function", inputs=sizes[0], outputs=sizes[-1]))
        self.play(ReplacementTransform(self.cell, self.box), FadeIn(inside),  # the neuron grows into the network
                  *[FadeOut(m) for m in (self.cell_name, self.value, self.image, self.feed, self.neuron_formula)],
                  run_time=1.2)
        self.play(FadeIn(ins), GrowArrow(self.arrows[0]), run_time=0.7)
        self.play(FadeIn(outs), GrowArrow(self.arrows[1]), run_time=0.7)
        self.describe(self.t("recap.box", params=self.params, inputs=sizes[0], outputs=sizes[-1]))
        self.say(self.t("recap.knobs", params=self.params, plural=self.topic.plural))
        self.play(Circumscribe(self.params_text, color=self.theme.highlight), run_time=1.2)
        self.ends = VGroup(ins, outs)

    # --- the whole lesson, and the next question --------------------------------------------

    def looking_back(self):
        activation = self.hidden_activation
        trained = "yes" if self.lesson.trained else "no"
        lines = [("recap.look-back", [self.t("recap.point-pixels"), self.t("recap.point-neurons"),
                                      self.t("recap.point-layers")]),
                 ("recap.look-back-neuron", [self.t("recap.point-neuron", activation=activation)]),
                 ("recap.look-back-training", [self.t("recap.point-knobs", params=self.params, trained=trained)])]
        points = VGroup(*[self.text(p, self.theme.font_size - 4) for _, ps in lines for p in ps])
        points.arrange(DOWN, buff=0.25)
        self.function.generate_target()
        VGroup(self.function.target, points).arrange(DOWN, buff=0.45).move_to([0, ROW_Y - 0.1, 0])
        shown = 0
        for line_id, words in lines:
            self.say(self.t(line_id, activation=activation, output=self.output_activation, params=self.params,
                            trained=trained))
            if shown == 0:  # the last picture stays until its words are said
                self.play(FadeOut(self.ends), FadeOut(self.arrows), MoveToTarget(self.function), run_time=1)
            new = points[shown:shown + len(words)]
            self.play(points[:shown].animate.set_color(self.theme.dim_text), run_time=0.3)
            for point in new:
                point.set_color(self.theme.highlight)
                self.play(FadeIn(point, shift=0.15 * UP), run_time=0.6)
            shown += len(words)
        self.points = points

    def the_next_question(self):
        question = self.text(self.t("recap.next-title"), self.theme.font_size, self.theme.highlight)
        self.function.generate_target()
        self.function.target.move_to([0, ROW_Y + 0.4, 0])
        question.next_to(self.function.target, DOWN, 0.6)
        self.say(self.t("recap.next-question", params=self.params))
        self.play(FadeOut(self.points), MoveToTarget(self.function), run_time=1)
        self.play(FadeIn(question, shift=0.15 * UP), run_time=1)
        self.play(Circumscribe(self.params_text, color=self.theme.highlight), run_time=1.2)
        self.describe(self.t("recap.look-back-described", params=self.params))

    # --- helpers -----------------------------------------------------------------------------

    def neuron_that_changes(self) -> tuple[Item, int]:
        """A sample item of another class than the lesson's item, and the first-hidden-layer neuron
        whose activation differs most between the two."""
        item, s = self.lesson.item, self.lesson.samples
        others = [i for i in range(len(s.labels)) if int(s.labels[i]) != item.label
                  and not np.array_equal(s.input(i), item.pixels)] or [i for i in range(len(s.labels))]
        other = self.lesson.sample_item(others[0])
        net = self.lesson.net
        k = int(np.argmax(np.abs(net.forward(item.pixels).a(1) - net.forward(other.pixels).a(1))))
        return other, k

    def activation_of(self, item: Item) -> float:
        return float(self.lesson.net.forward(item.pixels).a(1)[self.neuron])

    def opacity(self, value: float) -> float:
        return float(min(1.0, max(0.0, value)))

    def value_text(self, value: float) -> Text:
        return self.text(self.t("recap.neuron-value", value=Num(value, 2)), self.theme.small_font_size)
