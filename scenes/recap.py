"""The network is a function: one number per pixel in, one per class out, all its parameters inside.

    manim render scenes/recap.py          # the default scene, NetworkAsFunction

The input, the outputs, the parameter count and the mistake shown are all netcore's.
"""
from __future__ import annotations

import numpy as np
from manim import *  # noqa: F401,F403 - scene files use manim's star import, as its examples do

from lessonkit import LessonScene, equations, item_image, neurons_to_show
from lessonkit.bars import Bars
from lessonkit.formatting import count, format_activation
from lessonkit.layout import fit_within, keep_in_frame


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
        self.say("Each neuron is a function: it takes the previous layer's numbers and gives back one")
        self.play(Write(neuron), run_time=1.5)
        self.wait(2)
        self.play(FadeOut(neuron), run_time=0.5)

    def the_network_is_a_function(self):
        net = self.lesson.net
        self.box = RoundedRectangle(width=4.2, height=2.6, corner_radius=0.2, color=self.theme.highlight)
        inside = VGroup(MathTex("f", color=self.theme.text, font_size=72),
                        self.text(f"{count(net.n_params)} parameters", self.theme.small_font_size))
        inside.arrange(DOWN, buff=0.25).move_to(self.box)
        self.params_text = inside[1]
        sizes = net.sizes
        self.in_text = self.text(f"{count(sizes[0])} numbers in", self.theme.small_font_size + 2)
        self.in_text.next_to(self.box, LEFT, 0.6)
        self.out_text = self.text(f"{count(sizes[-1])} numbers out", self.theme.small_font_size + 2)
        self.out_text.next_to(self.box, RIGHT, 0.6)
        arrows = VGroup(Arrow(self.in_text.get_right(), self.box.get_left(), color=self.theme.dim_text, buff=0.1),
                        Arrow(self.box.get_right(), self.out_text.get_left(), color=self.theme.dim_text, buff=0.1))
        names = sorted({equations.plain(layer.activation) for layer in self.lesson.layers[1:]})
        self.say(f"The whole network is one function too, built of matrix products and {' and '.join(names)}")
        self.play(Create(self.box), FadeIn(inside), run_time=1)
        self.play(FadeIn(self.in_text), FadeIn(self.out_text), GrowArrow(arrows[0]), GrowArrow(arrows[1]), run_time=1)
        self.describe(f"A box named f with {count(net.n_params)} parameters: {count(sizes[0])} numbers go in, "
                      f"{count(sizes[-1])} come out")
        self.wait(2)
        self.function = VGroup(self.box, inside, arrows)
        self.play(FadeOut(self.in_text), FadeOut(self.out_text), self.function.animate.scale(0.6).move_to(ORIGIN + UP * 0.4),
                  run_time=0.8)

    def an_item_through_it(self):
        item = self.lesson.item
        self.show_through(item.image, item.label, f"A {self.topic.noun} goes in; {count(self.sizes[-1])} numbers "
                                                  "come out, one per class")

    def a_real_mistake(self):
        if self.mistake is None:
            self.say(f"Our sample holds no {self.topic.noun} the network gets wrong")
            self.wait(1)
            return
        s = self.lesson.samples
        item = self.lesson.sample_item(self.mistake)
        self.show_through(item.image, item.label,
                          f"Test {self.topic.noun} #{s.indices[self.mistake]}: a real mistake. "
                          "The function is good, not perfect")

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
        written = self.text("" if label is None else f"labelled: {name(label)}", self.theme.small_font_size,
                            self.theme.dim_text).next_to(image, DOWN, 0.2)
        keep_in_frame(written)
        answer = self.text(f"answer: {name(trace.prediction)} ({format_activation(trace.output[trace.prediction])})",
                           self.theme.small_font_size,
                           self.theme.wrong if label is not None and label != trace.prediction else self.theme.highlight)
        keep_in_frame(answer.next_to(bars, DOWN, 0.25))
        old = [m for m in (getattr(self, "shown", None),) if m is not None]
        self.say(caption)
        self.describe(("A " + self.topic.noun if label is None else f"A {self.topic.noun} labelled {name(label)}")
                      + f" goes into f; its outputs appear as bars, the tallest for {name(trace.prediction)} at "
                      f"{format_activation(trace.output[trace.prediction])}")
        self.play(*[FadeOut(m) for m in old], FadeIn(image), FadeIn(written), run_time=0.7)
        self.play(Indicate(self.box, color=self.theme.highlight, scale_factor=1.05), run_time=0.6)
        self.play(FadeIn(bars, lag_ratio=0.1), FadeIn(answer), run_time=1)
        self.wait(2.5)
        self.shown = Group(image, written, bars, answer)
        self.last_bars, self.last_answer = bars, answer
