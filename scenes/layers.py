"""The forward pass: a real item goes through the trained network, layer by layer.

    manim render scenes/layers.py          # the default scene, ForwardPass
    LESSON_ITEM=my_image.png manim render scenes/layers.py
    LESSON_ASSETS=my-set manim render scenes/layers.py

Every brightness and number on screen is computed by netcore from the lesson set's weights.
"""
from __future__ import annotations

import math
import textwrap

import numpy as np
from manim import *  # noqa: F401,F403 - scene files use manim's star import, as its examples do

from lessonkit import (AnswerMarker, FillTo, LessonScene, NetworkDiagram, PixelPatches, grid_centers, item_image,
                       neurons_to_show, size_braces, strongest_inputs)
from lessonkit.formatting import format_activation
from lessonscript import Num, Script


ANSWER_ROOM = 1.2  # width kept free right of the diagram for the answer's activation
EDGE_ROOM = 0.35  # and between that and the frame's edge
DIAGRAM_HEIGHT, DIAGRAM_Y = 6.05, 0.1  # the diagram keeps clear of layer titles above and two-line captions below


def describe_layers(sizes: tuple[int, ...], noun: str, script: Script) -> str:
    """The spoken sentence about the layers between input and output ('In between sit two more layers,
    each of 16 neurons.'), from the layer sizes, in the script's words (lines layers.hidden-same and
    layers.hidden-different)."""
    hidden, out = sizes[1:-1], sizes[-1]
    if len(set(hidden)) == 1:
        return script("layers.hidden-same", hidden=len(hidden), size=hidden[0], outputs=out, noun=noun)
    return script("layers.hidden-different", hidden=len(hidden), sizes=listed(hidden, script), outputs=out,
                  noun=noun)


def listed(sizes, script: Script) -> str:
    """Layer sizes as a list, the script's way: '24, 20, 16 and 12'."""
    words = [script.numbers.count(n) for n in sizes]
    if len(words) < 2:
        return "".join(words)
    return script("layers.list-separator").join(words[:-1]) + script("layers.list-last") + words[-1]


def activation(a: float) -> Num:
    """An activation for a description: three decimals, as format_activation draws it."""
    return Num(float(a), 3)


def spoken(a: float) -> Num:
    """An activation for a spoken line: two decimals (0.99), as a person would say it."""
    return Num(float(a), 2)


class ForwardPass(LessonScene):
    """Item -> one input per pixel -> the hidden layers -> one output per class, then a few more items."""

    def construct(self):
        self.show_item()
        self.pixels_become_inputs()
        self.drawn_inputs()
        self.show_outputs()
        self.ask_about_hidden_layers()
        self.show_connections()
        self.one_neuron_listens()
        self.forward_pass()
        self.announce_answer()
        self.more_items()
        self.hand_over()

    # --- beats ------------------------------------------------------------------------

    def show_item(self):
        """The item large, with its size, and the chapter's question."""
        item = self.lesson.item
        self.item = item
        self.image = item_image(item.image, self.theme, height=4.6, width=7.0).shift(LEFT * 1.5 + UP * 0.2)
        self.braces = size_braces(self.image, self.theme, self.rows, self.cols)
        self.source = self.text(item.caption, self.theme.small_font_size, self.theme.dim_text)
        self.source.next_to(self.image, DOWN, 0.2)
        self.say(self.t("layers.question", noun=self.topic.noun))
        self.play(FadeIn(self.image), FadeIn(self.braces), FadeIn(self.source), run_time=1)
        if item.label is None:
            self.describe(self.t("layers.item-drawn", caption=item.caption, rows=self.rows, cols=self.cols))
        else:
            self.describe(self.t("layers.item-drawn-labelled", caption=item.caption, rows=self.rows, cols=self.cols,
                                 label=self.lesson.class_name(item.label)))
        self.wait(0.5)

    def pixels_become_inputs(self):
        """The pixels unroll, row after row, into one long column: the input layer, 16 of it drawn."""
        pixels = self.item.pixels
        d = self.diagram = self.place_diagram()
        self.titles = VGroup(*[d.layer_title(layer.index, layer.short) for layer in self.lesson.layers])
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
        self.say(self.t("layers.unroll", inputs=self.n_in))
        # The size labels and the caption go first: the moving rows would run through them.
        self.play(FadeOut(self.braces), FadeOut(self.source), run_time=0.6)
        self.add(squares, kept)
        self.remove(self.image)
        self.play(Transform(squares, unrolled), Transform(kept, kept_unrolled), run_time=3)
        # Keep 16 of them on screen; the rest stand behind the ellipsis.
        d.set_activations(self.lesson.trace, range(1))
        self.play(FadeOut(squares), ReplacementTransform(kept, d.neurons[0]), FadeIn(self.extras_of(0)),
                  FadeIn(self.titles[0]), run_time=1.4)
        self.describe(self.t("layers.unroll-described", shown=len(chosen)))

    def drawn_inputs(self):
        """Which 16 inputs are drawn, and why they are bright; a small picture of the item stays in a corner."""
        pixels, chosen = self.item.pixels, self.diagram.shown[0]
        self.thumb = item_image(self.item.image, self.theme, height=1.6, width=2.4).to_corner(UL, buff=0.4)
        self.thumb_label = self.item_label(self.item.label)
        self.shown_note = VGroup()
        if len(chosen) < self.n_in:
            self.shown_note = self.note_by_inputs()
            values = pixels[chosen]
            bright = "yes" if values.min() > 0.5 and pixels.mean() < 0.5 else "no"
            self.say(self.t("layers.drawn-strongest", shown=len(chosen), noun=self.topic.noun, inputs=self.n_in,
                            bright=bright))
        else:
            self.say(self.t("layers.drawn-all", inputs=self.n_in))
        self.play(FadeIn(self.thumb), FadeIn(self.thumb_label), FadeIn(self.shown_note), run_time=0.6)
        self.bring_to_back(self.thumb)  # a still image behind the animated neurons is drawn once, not per frame
        if len(self.shown_note):
            self.describe(self.t("layers.shown-note-described", shown=len(chosen), inputs=self.n_in))
        self.describe(self.t("layers.thumb-described", labelled="no" if self.item.label is None else "yes"))

    def show_outputs(self):
        """The goal first: the output layer, one neuron per class; the brightest will be the answer."""
        d, last = self.diagram, len(self.sizes) - 1
        self.say(self.t("layers.outputs", outputs=self.sizes[-1], noun=self.topic.noun))
        self.play(FadeIn(d.neurons[last], lag_ratio=0.05), FadeIn(d.output_labels), FadeIn(self.titles[last]),
                  FadeIn(self.extras_of(last)), run_time=1.2)
        self.describe(self.t("layers.outputs-described", outputs=self.sizes[-1]))

    def ask_about_hidden_layers(self):
        """The hidden layers appear, marked as a question: what could they be doing?"""
        d, last = self.diagram, len(self.sizes) - 1
        hidden = range(1, last)
        self.say(describe_layers(self.sizes, self.topic.noun, self.script))
        self.play(LaggedStart(*[FadeIn(d.neurons[l], lag_ratio=0.05) for l in hidden], lag_ratio=0.3),
                  *[FadeIn(self.titles[l]) for l in hidden], *[FadeIn(self.extras_of(l)) for l in hidden],
                  run_time=1.5)
        # The box takes in the layers' titles, braces and sizes too: its edge never runs through them.
        block = VGroup(*[VGroup(d.neurons[l], self.titles[l], self.extras_of(l)) for l in hidden])
        frame = SurroundingRectangle(block, color=self.theme.highlight, buff=0.12, corner_radius=0.15)
        mark = self.text("?", 72, self.theme.highlight).move_to(self.question_spot())
        self.say(self.t("layers.hidden-question", hidden=len(hidden)))
        self.play(Create(frame), FadeIn(mark, scale=0.6), run_time=1.2)
        self.describe(self.t("layers.hidden-question-described", hidden=len(hidden)))
        self.question = VGroup(frame, mark)

    def show_connections(self):
        """Every neuron joined to every neuron of the layer before; each connection has a weight."""
        d = self.diagram
        self.say(self.t("layers.connections"))
        self.play(FadeOut(self.question), run_time=0.5)
        self.play(LaggedStart(*[Create(layer, lag_ratio=0.0) for layer in d.edges], lag_ratio=0.4),
                  FadeIn(self.key), run_time=2)
        self.keep_behind(*d.edges)
        self.describe(self.t("layers.layers-appear", sizes=listed(self.sizes, self.script)))
        t = self.theme
        self.say(self.t("layers.edge-legend", positive=self.colour_name(t.positive_name),
                        negative=self.colour_name(t.negative_name)))
        self.wait(0.5)

    def one_neuron_listens(self):
        """Slowly: one neuron of the first hidden layer hears every input through its connections."""
        d, trace = self.diagram, self.lesson.trace
        a = d.activations_of(trace, 1)
        i = int(np.argmax(a))
        target = d.neurons[1][i]
        r = target.width / 2
        lines = VGroup(*[Line(c.get_center() + RIGHT * r, target.get_center() + LEFT * r,
                              color=self.theme.highlight, stroke_width=3) for c in d.neurons[0]])
        self.say(self.t("layers.listen", noun=self.topic.noun))
        self.wait(1)
        self.play(Create(lines, lag_ratio=0.1), Indicate(target, color=self.theme.highlight, scale_factor=1.3),
                  run_time=2.5)
        self.play(FillTo(target, float(a[i])), run_time=1.5)
        self.describe(self.t("layers.listen-described", shown=len(d.neurons[0]), neuron=str(d.shown[1][i]),
                             layer=self.lesson.layers[1].name, value=activation(a[i])))
        self.play(FadeOut(lines), run_time=0.6)

    def forward_pass(self):
        """The rest of the first hidden layer, then each layer from the one before, to the output."""
        d = self.diagram
        self.say(self.t("layers.layer-fills"))
        self.light(1, run_time=2.2)
        self.say(self.t("layers.each-from-before"))
        for layer in range(2, len(d.neurons)):
            self.light(layer, run_time=2)
        self.wait(0.4)

    def announce_answer(self):
        trace = self.lesson.trace
        self.marker = self.answer_marker(trace, self.item.label)
        self.say(self.verdict(self.item.label, trace))
        self.play(Create(self.marker.box), FadeIn(self.marker.value_text), run_time=1)
        self.describe(self.t("layers.answer-boxed", answer=self.lesson.class_name(trace.prediction),
                             value=activation(trace.output[trace.prediction])))
        self.wait(1)

    def more_items(self):
        """A few more sample items, one of them a mistake when the sample has one. The right ones go by
        under one line, the mistake gets its own. For each, the old answer goes first; then the picture,
        its label and every activation change together; then the new answer is boxed, in the colour of a
        mistake when it is wrong."""
        lesson = self.lesson
        traces = [lesson.net.forward(lesson.sample_item(i).pixels) for i in self.others]
        rights = sum(int(t.prediction == lesson.samples.labels[i]) for i, t in zip(self.others, traces))
        if rights:
            self.say(self.t("layers.more-right", right=rights, noun=self.topic.noun, plural=self.topic.plural))
            if not lesson.trained:
                self.say(self.t("layers.more-right-luck"))
        for i, trace in zip(self.others, traces):
            item = lesson.sample_item(i)
            right = trace.prediction == item.label
            if not right:
                self.say(self.t("layers.more-wrong", noun=self.topic.noun, label=lesson.class_name(item.label),
                                answer=lesson.class_name(trace.prediction),
                                value=spoken(trace.output[trace.prediction]),
                                label_value=spoken(trace.output[item.label])))
            self.play(FadeOut(self.marker), FadeOut(self.truth), run_time=0.3)
            self.show_next(item, trace)
            if not right:  # the right answer's own value, which the line names, beside its neuron
                self.truth = self.value_beside(item.label, trace)
                self.play(FadeIn(self.truth), run_time=0.5)
            self.describe(self.t("layers.next-item", caption=item.caption, label=lesson.class_name(item.label),
                                 answer=lesson.class_name(trace.prediction),
                                 value=activation(trace.output[trace.prediction]),
                                 wrong="yes" if trace.prediction != item.label else "no"))
            self.wait(1.5)  # time to read the picture, its label and the answer together
        if len(self.wrong) == 0:
            self.say(self.t("layers.no-mistake", count=len(lesson.samples), plural=self.topic.plural))
            self.wait(0.5)

    def hand_over(self):
        self.say(self.t("layers.hand-over"))
        self.wait(1)

    # --- helpers ----------------------------------------------------------------------

    def setup(self):
        super().setup()
        self.truth = VGroup()  # the value of a wrong item's true class, when one is shown
        self.item = self.lesson.item
        self.others = self.pick_more_items()

    def show_next(self, item, trace) -> None:
        """Picture, label and activations change together; then the new answer is boxed."""
        d = self.diagram
        thumb = item_image(item.image, self.theme, height=1.6, width=2.4).move_to(self.thumb)
        label = self.item_label(item.label)
        fills = [FillTo(c, a) for l in range(len(d.neurons)) for c, a in zip(d.neurons[l], d.activations_of(trace, l))]
        # The new item and its label simply replace the old ones, at the same instant (fading images
        # costs a full-frame blend per frame, and a fading label would name the wrong picture).
        self.remove(self.thumb, self.thumb_label)
        self.add(thumb, label)
        self.bring_to_back(thumb)
        self.play(*fills, run_time=1)
        self.thumb, self.thumb_label = thumb, label
        self.marker = self.answer_marker(trace, item.label)
        self.play(Create(self.marker.box), FadeIn(self.marker.value_text), run_time=0.8)

    def value_beside(self, k: int, trace) -> Mobject:
        """Output ``k``'s activation written beside its label, in the text colour (not the answer's)."""
        d = self.diagram
        label = d.output_labels[d.shown[-1].index(k)]
        value = self.text(format_activation(trace.output[k]), self.theme.min_font_size, self.theme.text)
        return value.next_to(label, RIGHT, 0.15)

    def place_diagram(self) -> NetworkDiagram:
        """The network drawn with this item's strongest inputs and every output the chapter marks, clear of
        the captions, with room on its right for the answer's value and (a tall output layer) the weight key."""
        net = self.lesson.net
        d = NetworkDiagram(net, self.theme, self.topic.classes, strongest_inputs(net, self.item.pixels),
                           self.outputs_to_show(), width=11.5, height=DIAGRAM_HEIGHT)
        d.shift(RIGHT * 0.6 + UP * DIAGRAM_Y)
        self.key = self.weight_key()
        right = config.frame_width / 2 - EDGE_ROOM
        if d.output_labels.get_top()[1] > self.key.get_bottom()[1] - 0.15:
            right = min(right, self.key.get_left()[0] - 0.15)
        room = right - ANSWER_ROOM - d.get_right()[0]
        if room < 0:
            d.shift(RIGHT * room)
        return d

    def answer_marker(self, trace, label: int | None) -> AnswerMarker:
        """The box around the brightest output, in the colour of a mistake when the item's label differs."""
        marker = AnswerMarker(self.diagram, trace, self.theme)
        if label is not None and label != marker.answer:
            marker.box.set_stroke(color=self.theme.wrong)
            marker.value_text.set_color(self.theme.wrong)
        return marker

    def item_label(self, label: int | None) -> Mobject:
        """'labelled 7' under the small picture of the item (nothing for an image without a label)."""
        if label is None:
            return VGroup()
        room = VGroup(self.diagram.neurons[0], self.extras_of(0)).get_left()[0] - 0.2 - self.thumb.get_left()[0]
        words = self.t("layers.thumb-label", label=self.lesson.class_name(label))
        text = self.text(words, self.theme.small_font_size, self.theme.dim_text, max_width=math.inf)
        if text.width > room:  # on two lines rather than smaller
            text = self.text(textwrap.fill(words, max(8, int(len(words) * room / text.width))),
                             self.theme.small_font_size, self.theme.dim_text, max_width=room)
        return text.next_to(self.thumb, DOWN, 0.15).align_to(self.thumb, LEFT)

    def note_by_inputs(self) -> Mobject:
        """'16 of 784 pixels shown', beside the input column, under its size."""
        d = self.diagram
        size = next(m for m in self.extras_of(0) if isinstance(m, Text) and m.text != "⋮")
        note = self.text(self.t("layers.shown-note", shown=len(d.shown[0]), inputs=self.n_in),
                         self.theme.min_font_size, self.theme.dim_text)
        return note.next_to(size, DOWN, 0.3).align_to(size, RIGHT)

    def extras_of(self, layer: int) -> VGroup:
        """The ellipsis, brace and size of one layer (what stands for the neurons not drawn)."""
        d = self.diagram
        xs = [col.get_x() for col in d.neurons]
        nearest = lambda m: int(np.argmin([abs(m.get_x() - x) for x in xs]))  # noqa: E731
        return VGroup(*[m for m in d.extras if nearest(m) == layer])

    def question_spot(self) -> np.ndarray:
        """Where the question mark goes: in a gap between hidden layers near the middle (after hidden layer
        (hidden layers) // 2, or after the only one), high up (the layers' sizes are written at mid height)."""
        d = self.diagram
        m = max(1, (len(self.sizes) - 2) // 2)
        left, right = d.neurons[m], d.neurons[m + 1]
        y = left.get_top()[1] - left.height / 4
        return np.array([(left.get_x() + right.get_x()) / 2, y, 0])

    def light(self, layer: int, run_time: float) -> None:
        """One layer lights up from the one before (its connections flash)."""
        d, trace = self.diagram, self.lesson.trace
        # Connections of different layers never overlap (they stop at the circles), so the flashing
        # layer's connections can be drawn last of all: then only they are redrawn every frame.
        self.keep_behind(*[e for i, e in enumerate(d.edges) if i != layer - 1], d.edges[layer - 1])
        self.play(d.propagate(trace, layer), run_time=run_time)
        self.describe(self.layer_lights(trace, layer))

    def outputs_to_show(self) -> list[int]:
        """The output neurons drawn: every answer and true class of the items shown (then the
        brightest outputs for the first item), at most 16."""
        lesson = self.lesson
        must = [lesson.trace.prediction] + ([self.item.label] if self.item.label is not None else [])
        for i in self.others:
            must += [int(lesson.sample_predictions[i]), int(lesson.samples.labels[i])]
        return neurons_to_show(self.sizes[-1], must, lesson.trace.output)

    def pick_more_items(self) -> list[int]:
        """Three sample items the network gets right (of other classes) and the first it gets wrong
        that is not the item already shown (self.wrong keeps every mistake of the sample)."""
        s, preds = self.lesson.samples, self.lesson.sample_predictions
        right = [i for i in range(len(s)) if preds[i] == s.labels[i] and s.labels[i] != self.item.label]
        chosen, seen = [], set()
        for i in right:
            if s.labels[i] not in seen:
                chosen.append(i)
                seen.add(s.labels[i])
            if len(chosen) == 3:
                break
        self.wrong = [i for i in range(len(s)) if preds[i] != s.labels[i]]
        first = np.asarray(self.item.pixels).reshape(-1)
        others = [i for i in self.wrong if not np.array_equal(np.asarray(s.input(i)).reshape(-1), first)]
        return chosen + others[:1]

    def layer_lights(self, trace, layer: int) -> str:
        """'Hidden layer 1 lights up: its brightest neuron, number 7, at 0.98' (from the trace)."""
        a = np.asarray(trace.a(layer))
        k = int(np.argmax(a))
        name = self.lesson.layers[layer].name
        if layer == len(self.sizes) - 1:
            return self.t("layers.lights-output", layer=name, answer=self.lesson.class_name(k), value=activation(a[k]))
        return self.t("layers.lights-hidden", layer=name, neuron=str(k), value=activation(a[k]))

    def verdict(self, label: int | None, trace) -> str:
        """The first item's answer, said in whole sentences: right, wrong, or (own image) unknown."""
        name, answer = self.lesson.class_name, trace.prediction
        value = spoken(trace.output[answer])
        if label is None:
            return self.t("layers.verdict-unlabelled", answer=name(answer), value=value)
        if label == answer:
            return self.t("layers.verdict-right", label=name(label), answer=name(answer), value=value,
                          noun=self.topic.noun)
        return self.t("layers.verdict-wrong", label=name(label), answer=name(answer), value=value,
                      noun=self.topic.noun)
