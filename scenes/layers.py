"""The forward pass: a real item goes through the trained network, layer by layer.

    manim render scenes/layers.py          # the default scene, ForwardPass
    LESSON_ITEM=my_image.png manim render scenes/layers.py
    LESSON_ASSETS=my-set manim render scenes/layers.py

Every brightness and number on screen is computed by netcore from the lesson set's weights.
"""
from __future__ import annotations

import numpy as np
from manim import *  # noqa: F401,F403 - scene files use manim's star import, as its examples do

from lessonkit import (AnswerMarker, FillTo, LessonScene, NetworkDiagram, PixelPatches, grid_centers, item_image,
                       neurons_to_show, size_braces, strongest_inputs)
from lessonscript import Num, Script


ANSWER_ROOM = 1.0  # width kept free right of the diagram for the answer's activation


def describe_layers(sizes: tuple[int, ...], noun: str, script: Script) -> str:
    """'Two hidden layers of 16 neurons, then 10 outputs, one per kind of digit', from the layer sizes, in
    the script's words (lines layers.hidden-same and layers.hidden-different)."""
    hidden, out = sizes[1:-1], sizes[-1]
    if len(set(hidden)) == 1:
        return script("layers.hidden-same", hidden=len(hidden), size=hidden[0], outputs=out, noun=noun)
    return script("layers.hidden-different", sizes=listed(hidden, script), outputs=out, noun=noun)


def listed(sizes, script: Script) -> str:
    """Layer sizes as a list, the script's way: '784, 16, 16, 10'."""
    return script("layers.list-separator").join(script.numbers.count(n) for n in sizes)


def activation(a: float) -> Num:
    """An activation for a line: three decimals, as format_activation draws it."""
    return Num(float(a), 3)


class ForwardPass(LessonScene):
    """Item -> one input per pixel -> the hidden layers -> one output per class, then a few more items."""

    def construct(self):
        self.show_item()
        self.pixels_become_inputs()
        self.reveal_layers()
        self.forward_pass()
        self.announce_answer()
        self.more_items()

    # --- beats ------------------------------------------------------------------------

    def show_item(self):
        item = self.lesson.item
        self.item = item
        self.image = item_image(item.image, self.theme, height=4.6, width=7.0).shift(LEFT * 1.5 + UP * 0.2)
        self.braces = size_braces(self.image, self.theme, self.rows, self.cols)
        self.source = self.text(item.caption, self.theme.small_font_size, self.theme.dim_text)
        self.source.next_to(self.image, DOWN, 0.2)
        self.play(FadeIn(self.image), FadeIn(self.braces), FadeIn(self.source), run_time=1)
        if item.label is None:
            self.describe(self.t("layers.item-drawn", caption=item.caption, rows=self.rows, cols=self.cols))
        else:
            self.describe(self.t("layers.item-drawn-labelled", caption=item.caption, rows=self.rows, cols=self.cols,
                                 label=self.lesson.class_name(item.label)))
        self.say(self.t("layers.pixel-count", rows=self.rows, cols=self.cols, inputs=self.n_in))
        self.wait(1.2)

    def pixels_become_inputs(self):
        net, pixels = self.lesson.net, self.item.pixels
        self.diagram = NetworkDiagram(net, self.theme, self.topic.classes, strongest_inputs(net, pixels),
                                      self.outputs_to_show(), width=11.5, height=6.2).shift(RIGHT * 0.6)
        d = self.diagram
        room = config.frame_width / 2 - 0.2 - ANSWER_ROOM - d.get_right()[0]  # the answer's value goes right of it
        if room < 0:
            d.shift(RIGHT * room)
        chosen = d.shown[0]
        n, rows, cols = self.n_in, self.rows, self.cols
        others = np.setdiff1d(np.arange(n), chosen)
        # The pixels as squares, then as one long column, row after row, centred on the inkiest row.
        pixel = self.image.width / cols
        grid = grid_centers(self.image, rows, cols)
        step, col_side = 0.16, 0.14
        inkiest = int(np.argmax(self.item.image.sum(axis=1)))
        column = d.neurons[0].get_center() + np.outer(inkiest * cols + cols // 2 - np.arange(n), UP * step)
        squares = PixelPatches(pixels[others], grid[others], pixel, self.theme)
        unrolled = PixelPatches(pixels[others], column[others], col_side, self.theme)
        kept = VGroup(*[PixelPatches(pixels[[i]], grid[[i]], pixel, self.theme) for i in chosen])
        kept_unrolled = VGroup(*[PixelPatches(pixels[[i]], column[[i]], col_side, self.theme) for i in chosen])
        self.add(squares, kept)
        self.remove(self.image)
        self.say(self.t("layers.unroll", inputs=self.n_in))
        self.play(FadeOut(self.braces), FadeOut(self.source),
                  Transform(squares, unrolled), Transform(kept, kept_unrolled), run_time=2.4)
        # Keep 16 of them on screen; the rest stand behind the ellipsis.
        d.set_activations(self.lesson.trace, range(1))
        self.play(FadeOut(squares), ReplacementTransform(kept, d.neurons[0]), FadeIn(d.extras), run_time=1.4)
        self.describe(self.t("layers.unroll-described", shown=len(chosen)))
        if len(chosen) < self.n_in:
            self.say(self.t("layers.drawn-strongest", shown=len(chosen), noun=self.topic.noun, inputs=self.n_in))
        else:
            self.say(self.t("layers.drawn-all", inputs=self.n_in))
        self.wait(1.2)
        self.thumb = item_image(self.item.image, self.theme, height=1.6, width=2.4).to_corner(UL, buff=0.4)
        self.play(FadeIn(self.thumb), run_time=0.4)
        self.bring_to_back(self.thumb)  # a still image behind the animated neurons is drawn once, not per frame

    def reveal_layers(self):
        d = self.diagram
        titles = VGroup(*[d.layer_title(layer.index, layer.short) for layer in self.lesson.layers])
        self.titles = titles
        self.say(describe_layers(self.sizes, self.topic.noun, self.script))
        self.play(LaggedStart(*[FadeIn(col, lag_ratio=0.05) for col in d.neurons[1:]], lag_ratio=0.3),
                  FadeIn(titles), FadeIn(d.output_labels), run_time=1.5)
        self.play(LaggedStart(*[Create(layer, lag_ratio=0.0) for layer in d.edges], lag_ratio=0.4),
                  run_time=1.6)
        self.keep_behind(*d.edges)
        self.describe(self.t("layers.layers-appear", sizes=listed(self.sizes, self.script)))
        self.say(self.edge_legend(), run_time=0.4)
        self.wait(1.8)

    def forward_pass(self):
        d, trace = self.diagram, self.lesson.trace
        self.say(self.t("layers.each-from-before"))
        for layer in range(1, len(d.neurons)):
            # Edges of different layers never overlap (they stop at the circles), so the flashing
            # layer's edges can be drawn last of all edges: then only they are redrawn every frame.
            self.keep_behind(*[e for i, e in enumerate(d.edges) if i != layer - 1], d.edges[layer - 1])
            self.play(d.propagate(trace, layer), run_time=1.3)
            self.describe(self.layer_lights(trace, layer))
        self.wait(0.6)

    def announce_answer(self):
        trace = self.lesson.trace
        self.marker = AnswerMarker(self.diagram, trace, self.theme)
        self.play(Create(self.marker.box), FadeIn(self.marker.value_text), run_time=0.8)
        self.describe(self.t("layers.answer-boxed", answer=self.lesson.class_name(trace.prediction),
                             value=activation(trace.output[trace.prediction])))
        self.say(self.verdict(self.item.label, trace.prediction, trace.output[trace.prediction]))
        self.wait(2)

    def more_items(self):
        """Run a few more sample items, including one the network gets wrong."""
        d, lesson = self.diagram, self.lesson
        for i in self.others:
            item = lesson.sample_item(i)
            trace = lesson.net.forward(item.pixels)
            thumb = item_image(item.image, self.theme, height=1.6, width=2.4).move_to(self.thumb)
            marker = AnswerMarker(d, trace, self.theme)
            fills = [FillTo(c, a) for l in range(len(d.neurons))
                     for c, a in zip(d.neurons[l], d.activations_of(trace, l))]
            # The new item simply replaces the old one: fading images costs a full-frame blend per frame.
            self.remove(self.thumb)
            self.add(thumb)
            self.bring_to_back(thumb)
            self.play(*fills, ReplacementTransform(self.marker, marker), run_time=0.9)
            self.thumb, self.marker = thumb, marker
            self.describe(self.t("layers.next-item", caption=item.caption, answer=lesson.class_name(trace.prediction),
                                 value=activation(trace.output[trace.prediction])))
            self.say(self.verdict(item.label, trace.prediction, trace.output[trace.prediction]), run_time=0.3)
            self.wait(1.3)
        self.wait(0.5)

    # --- helpers ----------------------------------------------------------------------

    def setup(self):
        super().setup()
        self.item = self.lesson.item
        self.others = self.pick_more_items()

    def outputs_to_show(self) -> list[int]:
        """The output neurons drawn: every answer and true class of the items shown (then the
        brightest outputs for the first item), at most 16."""
        lesson = self.lesson
        must = [lesson.trace.prediction] + ([self.item.label] if self.item.label is not None else [])
        for i in self.others:
            must += [int(lesson.sample_predictions[i]), int(lesson.samples.labels[i])]
        return neurons_to_show(self.sizes[-1], must, lesson.trace.output)

    def pick_more_items(self) -> list[int]:
        """Three sample items the network gets right (of other classes) and the first it gets wrong."""
        s, preds = self.lesson.samples, self.lesson.sample_predictions
        right = [i for i in range(len(s)) if preds[i] == s.labels[i] and s.labels[i] != self.item.label]
        chosen, seen = [], set()
        for i in right:
            if s.labels[i] not in seen:
                chosen.append(i)
                seen.add(s.labels[i])
            if len(chosen) == 3:
                break
        wrong = [i for i in range(len(s)) if preds[i] != s.labels[i]]
        return chosen + wrong[:1]

    def layer_lights(self, trace, layer: int) -> str:
        """'Hidden layer 1 lights up: its brightest neuron, number 7, at 0.98' (from the trace)."""
        a = np.asarray(trace.a(layer))
        k = int(np.argmax(a))
        name = self.lesson.layers[layer].name
        if layer == len(self.sizes) - 1:
            return self.t("layers.lights-output", layer=name, answer=self.lesson.class_name(k), value=activation(a[k]))
        return self.t("layers.lights-hidden", layer=name, neuron=str(k + 1), value=activation(a[k]))

    def edge_legend(self) -> str:
        t = self.theme
        line = self.t("layers.edge-legend", positive=self.colour_name(t.positive_name),
                      negative=self.colour_name(t.negative_name))
        return line[:1].upper() + line[1:]  # the line starts a sentence

    def verdict(self, label: int | None, answer: int, value: float) -> str:
        name = self.lesson.class_name
        if label is None:
            return self.t("layers.verdict-unlabelled", answer=name(answer), value=activation(value))
        if label == answer:
            return self.t("layers.verdict-right", label=name(label), answer=name(answer), value=activation(value))
        return self.t("layers.verdict-wrong", label=name(label), answer=name(answer), value=activation(value))

