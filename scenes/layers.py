"""The forward pass: a real digit goes through the trained network, layer by layer.

    manim render scenes/layers.py          # the default scene, ForwardPass
    LESSON_DIGIT=my_digit.png manim render scenes/layers.py

Every brightness and number on screen is computed by netcore from the shipped weights.
"""
from __future__ import annotations

import numpy as np
from manim import *  # noqa: F401,F403 - scene files use manim's star import, as its examples do

from kit import LessonScene, NetworkDiagram, answer_marker, digit_image, size_braces, strongest_inputs
from kit.pixels import grid_centers, pixel_patches
from kit.network import MAX_SHOWN
from kit.formatting import count, format_activation



def describe_layers(sizes: tuple[int, ...]) -> str:
    """'Two hidden layers of 16 neurons, then 10 outputs, one per digit', from the layer sizes."""
    hidden, out = sizes[1:-1], sizes[-1]
    words = {1: "One", 2: "Two", 3: "Three"}
    if len(set(hidden)) == 1:
        layers = f"{words.get(len(hidden), len(hidden))} hidden layer{'s' if len(hidden) > 1 else ''} of {hidden[0]} neurons"
    else:
        layers = "Hidden layers of " + ", ".join(map(str, hidden)) + " neurons"
    return f"{layers}, then {out} outputs, one per digit"


class ForwardPass(LessonScene):
    """Digit -> 784 inputs -> two hidden layers of 16 -> 10 outputs, then a few more digits."""

    def construct(self):
        self.show_digit()
        self.pixels_become_inputs()
        self.reveal_layers()
        self.forward_pass()
        self.announce_answer()
        self.more_digits()

    # --- beats ------------------------------------------------------------------------

    def show_digit(self):
        digit = self.lesson.digit
        self.digit = digit
        self.image = digit_image(digit.pixels, self.theme, height=4.6).shift(LEFT * 1.5 + UP * 0.2)
        self.braces = size_braces(self.image, self.theme, str(self.side))
        self.source = self.text(digit.caption, self.theme.small_font_size, self.theme.dim_text)
        self.source.next_to(self.image, DOWN, 0.2)
        self.play(FadeIn(self.image), FadeIn(self.braces), FadeIn(self.source), run_time=1)
        self.say(f"{self.side} × {self.side} = {count(self.n_in)} pixels, each a gray level from 0 (black) to 1 (white)")
        self.wait(1.2)

    def pixels_become_inputs(self):
        net, pixels = self.lesson.net, self.digit.pixels
        self.diagram = NetworkDiagram(net, self.theme, strongest_inputs(net, pixels)).shift(RIGHT * 0.6)
        d = self.diagram
        chosen = d.shown[0]
        n, side = self.n_in, self.side
        others = np.setdiff1d(np.arange(n), chosen)
        # The pixels as squares, then as one long column, row after row, centred on the inkiest row.
        pixel = self.image.width / side
        grid = grid_centers(self.image, side, side)
        step, col_side = 0.16, 0.14
        inkiest = int(np.argmax(self.digit.image.sum(axis=1)))
        column = d.neurons[0].get_center() + np.outer(inkiest * side + side // 2 - np.arange(n), UP * step)
        squares = pixel_patches(pixels[others], grid[others], pixel, self.theme)
        unrolled = pixel_patches(pixels[others], column[others], col_side, self.theme)
        kept = VGroup(*[pixel_patches(pixels[[i]], grid[[i]], pixel, self.theme) for i in chosen])
        kept_unrolled = VGroup(*[pixel_patches(pixels[[i]], column[[i]], col_side, self.theme) for i in chosen])
        self.add(squares, kept)
        self.remove(self.image)
        self.say(f"Unrolled, the pixels become {count(self.n_in)} input neurons, one per pixel")
        self.play(FadeOut(self.braces), FadeOut(self.source),
                  Transform(squares, unrolled), Transform(kept, kept_unrolled), run_time=2.4)
        # Keep 16 of them on screen; the rest stand behind the ellipsis.
        d.set_activations(self.lesson.trace, range(1))
        self.play(FadeOut(squares), ReplacementTransform(kept, d.neurons[0]), FadeIn(d.extras), run_time=1.4)
        self.say(f"Drawn: the {MAX_SHOWN} pixels that weigh most on the next layer for this digit; "
                 f"all {count(self.n_in)} count")
        self.wait(1.2)
        self.thumb = digit_image(self.digit.pixels, self.theme, height=1.6).to_corner(UL, buff=0.4)
        self.play(FadeIn(self.thumb), run_time=0.4)
        self.bring_to_back(self.thumb)  # a still image behind the animated neurons is drawn once, not per frame

    def reveal_layers(self):
        d = self.diagram
        titles = VGroup(d.layer_title(0, "input"), d.layer_title(1, "hidden 1"),
                        d.layer_title(2, "hidden 2"), d.layer_title(3, "output"))
        self.titles = titles
        self.say(describe_layers(self.sizes))
        self.play(LaggedStart(*[FadeIn(col, lag_ratio=0.05) for col in d.neurons[1:]], lag_ratio=0.3),
                  FadeIn(titles), FadeIn(d.output_labels), run_time=1.5)
        self.play(LaggedStart(*[Create(layer, lag_ratio=0.0) for layer in d.edges], lag_ratio=0.4),
                  run_time=1.6)
        self.keep_behind(*d.edges)
        self.say(self.edge_legend(), run_time=0.4)
        self.wait(1.8)

    def forward_pass(self):
        d, trace = self.diagram, self.lesson.trace
        self.say("Each layer's activations are computed from the layer before")
        for layer in range(1, len(d.neurons)):
            self.play(d.propagate(trace, layer), run_time=1.3)
        self.wait(0.6)

    def announce_answer(self):
        trace = self.lesson.trace
        self.marker = answer_marker(self.diagram, trace, self.theme)
        self.play(Create(self.marker[0]), FadeIn(self.marker[1]), run_time=0.8)
        self.say(self.verdict(self.digit.label, trace.prediction, trace.output[trace.prediction]))
        self.wait(2)

    def more_digits(self):
        """Run a few more shipped digits, including one the network gets wrong."""
        d, lesson = self.diagram, self.lesson
        self.others = self.pick_more_digits()
        for i in self.others:
            digit = lesson.sample_digit(i)
            trace = lesson.net.forward(digit.pixels)
            thumb = digit_image(digit.pixels, self.theme, height=1.6).move_to(self.thumb)
            marker = answer_marker(d, trace, self.theme)
            fills = [c.animate.set_fill(opacity=float(a))
                     for l in range(len(d.neurons))
                     for c, a in zip(d.neurons[l], d.activations_of(trace, l))]
            # The new digit simply replaces the old one: fading images costs a full-frame blend per frame.
            self.remove(self.thumb)
            self.add(thumb)
            self.bring_to_back(thumb)
            self.play(*fills, ReplacementTransform(self.marker, marker), run_time=0.9)
            self.thumb, self.marker = thumb, marker
            self.say(self.verdict(digit.label, trace.prediction, trace.output[trace.prediction]), run_time=0.3)
            self.wait(1.3)
        self.wait(0.5)

    # --- helpers ----------------------------------------------------------------------

    def pick_more_digits(self) -> list[int]:
        """Three sample digits the network gets right (of other classes) and the first it gets wrong."""
        s, preds = self.lesson.samples, self.lesson.sample_predictions
        right = [i for i in range(len(s)) if preds[i] == s.labels[i] and s.labels[i] != self.digit.label]
        chosen, seen = [], set()
        for i in right:
            if s.labels[i] not in seen:
                chosen.append(i)
                seen.add(s.labels[i])
            if len(chosen) == 3:
                break
        wrong = [i for i in range(len(s)) if preds[i] != s.labels[i]]
        return chosen + wrong[:1]

    def edge_legend(self) -> str:
        names = {"classic": ("Green", "red"), "colorblind": ("Blue", "orange")}[self.lesson.settings.palette]
        return f"{names[0]} edges: positive weights; {names[1]}: negative; thicker: larger in size"

    def verdict(self, label: int | None, answer: int, value: float) -> str:
        if label is None:
            return f"The network's answer: {answer} (activation {format_activation(value)})"
        if label == answer:
            return f"Written: {label}.  Brightest output: {answer} ({format_activation(value)}).  Right."
        return (f"Written: {label}.  Brightest output: {answer} ({format_activation(value)}).  "
                "Wrong: the network is not perfect.")
