"""So what is this network, really? A function: one neuron's value depends only on its inputs, and the
whole network is one function with all its weights and biases as knobs; an item in, one number per
class out; a real mistake; the whole lesson in a few sentences; the question the next lesson answers.

    manim render scenes/recap.py          # the default scene, NetworkAsFunction

The neuron, its activations, the inputs, the outputs, the count of weights and biases and the
mistake shown are all netcore's.
"""
from __future__ import annotations

import numpy as np
from manim import *  # noqa: F401,F403 - scene files use manim's star import, as its examples do

from lessonkit import FillTo, Item, LessonScene, equations, item_image, neurons_to_show
from lessonkit.bars import Bars
from lessonkit.layout import fit_within, keep_in_frame
from lessonscript import Num

IMAGE = 2.2  # height of an item's picture
GAP = 0.7  # between the picture, the box f and the bars
BOX = (3.4, 2.3)  # the smallest width, and the height, of the box f
ROW_Y = 0.5  # the height of the row: item, f, outputs
PITCH = 0.5  # the most room one output bar takes


def spoken(x: float) -> Num:
    """A value as a voice says it: two decimals, or none when they would be zeros (1, not 1.00)."""
    return Num(float(x), 0 if round(float(x), 2) == round(float(x)) else 2)


def about_percent(fraction: float) -> Num:
    """A fraction as the rounded number of percent a voice says: whole, or one decimal above 99.5."""
    value = 100 * float(fraction)
    return Num(value, 1 if 99.5 <= value < 100 else 0)


class NetworkAsFunction(LessonScene):
    """One neuron a function of its inputs; the network one function; an item through it; a real
    mistake; the lesson looked back on; the question of the next lesson."""

    def construct(self):
        self.one_neuron()
        self.same_input_same_number()
        self.different_input_different_number()
        self.the_neuron_is_a_function()
        self.the_network_is_a_function()
        self.an_item_through_it()
        self.a_real_mistake()
        self.looking_back()
        self.the_next_question()

    def setup(self):
        super().setup()
        s = self.lesson.samples
        wrong = [int(i) for i in np.flatnonzero(self.lesson.sample_predictions != s.labels)
                 if not np.array_equal(s.input(int(i)), self.lesson.item.pixels)]  # not the item already shown
        self.mistake = wrong[0] if wrong else None
        self.other_item, self.neuron = self.neuron_that_changes()
        self.params = self.lesson.net.n_params
        self.hidden_activation = self.lesson.layers[1].activation.name
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
                        first=spoken(first)))
        self.play(GrowArrow(self.feed), run_time=0.6)
        self.play(FillTo(self.cell, self.opacity(first)), FadeIn(self.value), run_time=0.8)

    def same_input_same_number(self):
        first = self.activation_of(self.lesson.item)
        self.say(self.t("recap.neuron-same", noun=self.topic.noun, first=spoken(first)))
        self.play(FillTo(self.cell, 0), FadeOut(self.value), Indicate(self.image, scale_factor=1.05), run_time=0.8)
        self.play(ShowPassingFlash(self.feed.copy().set_color(self.theme.highlight), time_width=0.6), run_time=0.7)
        self.play(FillTo(self.cell, self.opacity(first)), FadeIn(self.value), run_time=0.8)

    def different_input_different_number(self):
        first, second = self.activation_of(self.lesson.item), self.activation_of(self.other_item)
        other = item_image(self.other_item.image, self.theme, height=IMAGE, width=IMAGE * 1.4).move_to(self.image)
        new_value = self.value_text(second).next_to(self.cell, RIGHT, 0.3)
        self.say(self.t("recap.neuron-change", noun=self.topic.noun, second=spoken(second)))
        self.play(FadeOut(self.image), FadeIn(other), run_time=0.8)
        self.play(ShowPassingFlash(self.feed.copy().set_color(self.theme.highlight), time_width=0.6), run_time=0.7)
        self.play(FillTo(self.cell, self.opacity(second)), FadeOut(self.value), FadeIn(new_value), run_time=1)
        self.image, self.value = other, new_value
        self.describe(self.t("recap.neuron-described", layer=self.lesson.layers[1].name, neuron=str(self.neuron),
                             noun=self.topic.noun, first=spoken(first), second=spoken(second)))

    def the_neuron_is_a_function(self):
        last = self.n_in - 1
        f = equations.symbol(self.lesson.layers[1].activation)
        neuron = MathTex(r"a^{(1)}_{%d}" % self.neuron, "=",
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
        self.f = MathTex("f", color=self.theme.text, font_size=72)
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

    def an_item_through_it(self):
        item = self.lesson.item
        self.show_through(item, self.t("recap.item-through", noun=self.topic.noun, outputs=self.sizes[-1]))

    def a_real_mistake(self):
        if self.mistake is None:
            self.say(self.no_mistake_line())
            self.play(Indicate(self.answer_box, color=self.answer_box.get_color(), scale_factor=1.05), run_time=1)
            return
        self.say(self.t("recap.mistake-question", noun=self.topic.noun, before=self.verdict))
        self.show_through(self.lesson.sample_item(self.mistake), None)
        self.say(self.how_good_line())
        self.play(Indicate(self.answer_box, color=self.theme.wrong, scale_factor=1.05), run_time=1)

    # --- the whole lesson, and the next question --------------------------------------------

    def looking_back(self):
        activation = self.hidden_activation
        meta = self.lesson.set.meta
        trained = "yes" if meta.get("history") or meta.get("epochs_done") else "no"
        lines = [("recap.look-back", [self.t("recap.point-pixels"), self.t("recap.point-neurons")]),
                 ("recap.look-back-layers", [self.t("recap.point-layers")]),
                 ("recap.look-back-neuron", [self.t("recap.point-neuron", activation=activation)]),
                 ("recap.look-back-training", [self.t("recap.point-knobs", params=self.params, trained=trained)])]
        points = VGroup(*[self.text(p, self.theme.font_size - 4) for _, ps in lines for p in ps])
        points.arrange(DOWN, buff=0.25)
        self.function.generate_target()
        VGroup(self.function.target, points).arrange(DOWN, buff=0.45).move_to([0, ROW_Y - 0.1, 0])
        shown = 0
        for line_id, words in lines:
            self.say(self.t(line_id, activation=activation, params=self.params, trained=trained))
            if shown == 0:  # the last picture stays until its words are said
                self.play(FadeOut(self.shown), FadeOut(self.arrows), MoveToTarget(self.function), run_time=1)
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

    def show_through(self, item: Item, caption: str | None) -> None:
        """The item left of f, its outputs as bars right of it, the answer boxed (in the wrong-answer
        colour when wrong); ``caption`` is said first (the mistake's words come with its box)."""
        trace = self.lesson.net.forward(item.pixels)
        name, answer, label = self.lesson.class_name, trace.prediction, item.label
        verdict = "other" if label is None else ("right" if label == answer else "wrong")
        colour = self.theme.wrong if verdict == "wrong" else self.theme.highlight
        shown = neurons_to_show(self.sizes[-1], [answer] + ([label] if label is not None else []), trace.output)
        top = max(1.0, float(trace.output.max()))
        pitch = min(PITCH, self.room_for_bars() / len(shown))
        bars = Bars(trace.output[shown], self.theme, [name(k) for k in shown], height=2.0, width=0.7 * pitch,
                    gap=0.3 * pitch, top=top, highlight=shown.index(answer), label_size=self.theme.min_font_size)
        title = self.text(self.t("recap.outputs-title"), self.theme.min_font_size, self.theme.dim_text)
        outputs = VGroup(title, bars).arrange(DOWN, buff=0.3)
        image = item_image(item.image, self.theme, height=IMAGE, width=IMAGE * 1.4)
        half = self.box_width / 2
        left = -(image.width + self.box_width + outputs.width + 2 * GAP) / 2
        image.move_to([left + image.width / 2, ROW_Y, 0])
        box_x = left + image.width + GAP + half
        outputs.next_to([box_x + half + GAP, ROW_Y, 0], RIGHT, 0)
        outputs.shift(UP * (ROW_Y - bars.bars.get_bottom()[1] - bars.height / 2))
        written = VGroup()
        if label is not None:
            written = self.text(self.t("recap.labelled", label=name(label)), self.theme.small_font_size,
                                self.theme.dim_text).next_to(image, DOWN, 0.25)
        value = Num(trace.output[answer], 2)
        said = self.text(self.t("recap.answer", verdict=verdict, answer=name(answer), value=value),
                         self.theme.small_font_size, colour)
        keep_in_frame(said.next_to(bars, DOWN, 0.3).set_x(outputs.get_x()), margin=0.4)
        marked = VGroup(bars.bars[shown.index(answer)], bars.labels[shown.index(answer)])
        answer_box = SurroundingRectangle(marked, color=colour, buff=0.08, corner_radius=0.05)
        arrows = VGroup(Arrow(image.get_right(), [box_x - half, ROW_Y, 0], color=self.theme.dim_text, buff=0.1),
                        Arrow([box_x + half, ROW_Y, 0], [outputs.get_left()[0], ROW_Y, 0],
                              color=self.theme.dim_text, buff=0.1))
        if caption is not None:
            self.say(caption)
        old = [m for m in (getattr(self, "shown", None), getattr(self, "ends", None)) if m is not None]
        self.play(*[FadeOut(m) for m in old], FadeIn(image), FadeIn(written),
                  self.function.animate.move_to([box_x, ROW_Y, 0]),
                  ReplacementTransform(self.arrows, arrows), run_time=1)
        self.arrows, self.ends = arrows, None
        self.play(ShowPassingFlash(arrows[0].copy().set_color(self.theme.highlight), time_width=0.6),
                  Indicate(self.box, color=self.theme.highlight, scale_factor=1.04), run_time=0.8)
        self.play(FadeIn(title), GrowFromEdge(bars.bars, DOWN), FadeIn(bars.labels), run_time=1)
        if caption is None:
            self.say(self.t("recap.mistake", noun=self.topic.noun, label=name(label), answer=name(answer),
                            value=spoken(trace.output[answer]), truth=spoken(trace.output[label])))
        else:
            self.say(self.t("recap.item-verdict", verdict=verdict, answer=name(answer), label="" if label is None
                            else name(label), noun=self.topic.noun))
        self.play(Create(answer_box), FadeIn(said), run_time=0.8)
        self.describe(self.t("recap.through", labelled="no" if label is None else "yes", noun=self.topic.noun,
                             label="" if label is None else name(label), answer=name(answer), value=value,
                             verdict=verdict))
        self.shown = Group(image, written, outputs, said, answer_box)
        self.shown_classes, self.last_bars, self.answer_box, self.verdict = shown, bars, answer_box, verdict

    def room_for_bars(self) -> float:
        """The width the output bars may take: the frame less the margins, the item's picture, f and the gaps."""
        return config.frame_width - 1.0 - IMAGE * 1.4 - self.box_width - 2 * GAP

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

    def no_mistake_line(self) -> str:
        accuracy = self.lesson.set.meta.get("test_accuracy")
        known = "other" if accuracy is None else ("perfect" if float(accuracy) >= 1 else "imperfect")
        return self.t("recap.no-mistake", known=known, noun=self.topic.noun, plural=self.topic.plural,
                      test=int(self.lesson.set.meta.get("n_test", 0)), accuracy=about_percent(accuracy or 0))

    def how_good_line(self) -> str:
        """How often the network is right over the whole test split, when its file records it."""
        accuracy = self.lesson.set.meta.get("test_accuracy")
        score = "other" if accuracy is None else ("good" if float(accuracy) >= 0.9 else "weak")
        return self.t("recap.how-good", score=score, accuracy=about_percent(accuracy or 0), plural=self.topic.plural,
                      test=int(self.lesson.set.meta.get("n_test", 0)))
