"""The network is a function: one number per pixel in, one per class out, all its parameters inside.

    manim render scenes/recap.py          # the default scene, NetworkAsFunction

The input, the outputs, the parameter count and the mistake shown are all netcore's.
"""
from __future__ import annotations

import numpy as np
from manim import *  # noqa: F401,F403 - scene files use manim's star import, as its examples do

from lessonkit import LessonScene, equations, item_image, neurons_to_show
from lessonkit.bars import Bars
from lessonkit.layout import fit_within, keep_in_frame
from lessonscript import Num


class NetworkAsFunction(LessonScene):
    """Each neuron a function; the whole network one function; an item through it; a real mistake."""

    def construct(self):
        self.each_neuron_is_a_function()
        self.the_network_is_a_function()
        self.an_item_through_it()
        self.a_real_mistake()

    def setup(self):
        super().setup()
        wrong = np.flatnonzero(self.lesson.sample_predictions != self.lesson.samples.labels)
        self.mistake = int(wrong[0]) if len(wrong) else None

    def each_neuron_is_a_function(self):
        c = self.theme.text
        last = self.n_in - 1
        f = equations.symbol(self.lesson.layers[1].activation)
        neuron = MathTex(r"a^{(1)}_k", "=",
                         rf"{f}\big(w_{{k,0}}\,a^{{(0)}}_0 + \cdots + w_{{k,{last}}}\,a^{{(0)}}_{{{last}}} + b_k\big)",
                         color=c, font_size=self.theme.font_size + 6)
        fit_within(neuron, config.frame_width - 0.8)
        self.neuron_formula = neuron
        self.say(self.t("recap.neuron-is-a-function"))
        self.play(Write(neuron), run_time=1.5)
        self.wait(2)
        self.play(FadeOut(neuron), run_time=0.5)

    def the_network_is_a_function(self):
        net = self.lesson.net
        self.box = RoundedRectangle(width=4.2, height=2.6, corner_radius=0.2, color=self.theme.highlight)
        inside = VGroup(MathTex("f", color=self.theme.text, font_size=72),
                        self.text(self.t("recap.parameters", params=net.n_params), self.theme.small_font_size))
        inside.arrange(DOWN, buff=0.25).move_to(self.box)
        self.params_text = inside[1]
        sizes = net.sizes
        self.in_text = self.text(self.t("recap.numbers-in", inputs=sizes[0]), self.theme.small_font_size + 2)
        self.in_text.next_to(self.box, LEFT, 0.6)
        self.out_text = self.text(self.t("recap.numbers-out", outputs=sizes[-1]), self.theme.small_font_size + 2)
        self.out_text.next_to(self.box, RIGHT, 0.6)
        arrows = VGroup(Arrow(self.in_text.get_right(), self.box.get_left(), color=self.theme.dim_text, buff=0.1),
                        Arrow(self.box.get_right(), self.out_text.get_left(), color=self.theme.dim_text, buff=0.1))
        names = sorted({equations.plain(layer.activation) for layer in self.lesson.layers[1:]})
        self.say(self.t("recap.network-is-a-function", activations=self.listed(names)))
        self.play(Create(self.box), FadeIn(inside), run_time=1)
        self.play(FadeIn(self.in_text), FadeIn(self.out_text), GrowArrow(arrows[0]), GrowArrow(arrows[1]), run_time=1)
        self.describe(self.t("recap.box", params=net.n_params, inputs=sizes[0], outputs=sizes[-1]))
        self.wait(2)
        self.function = VGroup(self.box, inside, arrows)
        self.play(FadeOut(self.in_text), FadeOut(self.out_text), self.function.animate.scale(0.6).move_to(ORIGIN + UP * 0.4),
                  run_time=0.8)

    def an_item_through_it(self):
        item = self.lesson.item
        self.show_through(item.image, item.label,
                          self.t("recap.item-through", noun=self.topic.noun, outputs=self.sizes[-1]))

    def a_real_mistake(self):
        if self.mistake is None:
            self.say(self.t("recap.no-mistake", noun=self.topic.noun))
            self.wait(1)
            return
        s = self.lesson.samples
        item = self.lesson.sample_item(self.mistake)
        self.show_through(item.image, item.label,
                          self.t("recap.mistake", noun=self.topic.noun, index=str(s.indices[self.mistake])))

    def show_through(self, image_values: np.ndarray, label: int | None, caption: str) -> None:
        trace = self.lesson.net.forward(image_values)
        name = self.lesson.class_name
        image = item_image(image_values, self.theme, height=2.4, width=3.0).next_to(self.box, LEFT, 1.0)
        shown = neurons_to_show(self.sizes[-1], [trace.prediction] + ([label] if label is not None else []),
                                trace.output)
        bars = Bars(trace.output[shown], self.theme, [name(k) for k in shown], height=2.2,
                    highlight=shown.index(trace.prediction), show_values=len(shown) <= 10)
        fit_within(bars, config.frame_width / 2 - self.box.get_right()[0] - 1.1)
        bars.next_to(self.box, RIGHT, 0.9).align_to(self.box, DOWN)
        self.shown_classes = shown
        labelled = "" if label is None else self.t("recap.labelled", label=name(label))
        written = self.text(labelled, self.theme.small_font_size, self.theme.dim_text).next_to(image, DOWN, 0.2)
        keep_in_frame(written)
        value = Num(trace.output[trace.prediction], 3)
        colour = self.theme.wrong if label is not None and label != trace.prediction else self.theme.highlight
        answer = self.text(self.t("recap.answer", answer=name(trace.prediction), value=value),
                           self.theme.small_font_size, colour)
        keep_in_frame(answer.next_to(bars, DOWN, 0.25))
        old = [m for m in (getattr(self, "shown", None),) if m is not None]
        self.say(caption)
        self.describe(self.t("recap.through", labelled="no" if label is None else "yes", noun=self.topic.noun,
                             label="" if label is None else name(label), answer=name(trace.prediction), value=value))
        self.play(*[FadeOut(m) for m in old], FadeIn(image), FadeIn(written), run_time=0.7)
        self.play(Indicate(self.box, color=self.theme.highlight, scale_factor=1.05), run_time=0.6)
        self.play(FadeIn(bars, lag_ratio=0.1), FadeIn(answer), run_time=1)
        self.wait(2.5)
        self.shown = Group(image, written, bars, answer)
        self.last_bars, self.last_answer = bars, answer

    def listed(self, names: list[str]) -> str:
        """The names joined into one list, "a and b" (line recap.and)."""
        text = names[0]
        for name in names[1:]:
            text = self.t("recap.and", first=text, second=name)
        return text
