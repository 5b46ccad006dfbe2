"""What is a neuron? A thing that holds a number: every pixel becomes an input neuron; later layers' neurons
hold other numbers.

    manim render scenes/neurons.py          # the default scene, PixelsAreNeurons

The values written on the pixels and the neurons are the chosen item's own gray levels, and every
input neuron is filled as far as its pixel is bright; the later layers, drawn last, are empty circles.
"""
from __future__ import annotations

import numpy as np
from manim import *  # noqa: F401,F403 - scene files use manim's star import, as its examples do

from lessonkit import LessonScene, PixelPatches, grid_centers, item_image
from lessonkit.pixels import pixel_value_labels
from lessonscript import Num, spoken

PATCH = 4  # a PATCH x PATCH window of pixels is shown up close (every image is at least 4 x 4)
BIG_SIDE = 0.95  # side of one pixel of the window, drawn large
WINDOW_CENTER = RIGHT * 3.5 + DOWN * 0.3
LATER_SHOWN = 10  # neurons drawn of each later layer, at the end
LEFT_EDGE = -config.frame_width / 2 + 0.45  # where the item and its braces move to, beside the window


def neuron_grid(values: np.ndarray, centers: np.ndarray, radius: float, stroke: str, fill: str) -> VGroup:
    """A circle (a neuron) at each of ``centers``, filled with ``fill`` at the opacity of its value,
    merged into one VMobject per level (to 1/255): hundreds of neurons cost a few dozen objects."""
    template = Circle(radius).points
    levels = np.round(np.clip(values, 0, 1) * 255).astype(int)
    group = VGroup()
    for level in np.unique(levels):
        part = VMobject(stroke_color=stroke, stroke_width=1, stroke_opacity=0.6)
        part.set_points(np.concatenate([template + c for c in centers[levels == level]]))
        group.add(part.set_fill(fill, opacity=level / 255))
    return group


class PixelsAreNeurons(LessonScene):
    """The question, a window of pixels up close with their values, the pixels as neurons, the word
    'activation', every pixel a neuron of the input layer, and the later layers, whose neurons hold other numbers."""

    def construct(self):
        self.show_item()
        self.zoom_on_pixels()
        self.pixels_become_neurons()
        self.name_the_number()
        self.all_inputs()
        self.hand_over()

    def setup(self):
        super().setup()
        image = self.lesson.item.image
        # The window whose pixels span the widest range of values: some ink, some paper, some in between.
        best, self.corner = -1.0, (0, 0)
        for r in range(self.rows - PATCH + 1):
            for c in range(self.cols - PATCH + 1):
                window = image[r:r + PATCH, c:c + PATCH]
                score = len(np.unique(np.round(window, 2))) + window.std()
                if score > best:
                    best, self.corner = score, (r, c)
        r, c = self.corner
        self.window = [(r + i) * self.cols + (c + j) for i in range(PATCH) for j in range(PATCH)]

    def show_item(self):
        item = self.lesson.item
        self.image = item_image(item.image, self.theme, height=4.5, width=5.4).move_to(DOWN * 0.15)
        self.braces = self.pixel_braces(self.image, self.t("neurons.pixel-count", count=self.cols),
                                         self.t("neurons.pixel-unit", count=self.rows))
        caption = self.text(item.caption, self.theme.small_font_size, self.theme.dim_text, max_width=6.4)
        self.caption = caption.next_to(self.image, DOWN, 0.2)
        self.say(self.t("neurons.question"))
        self.play(FadeIn(self.image), FadeIn(self.braces), FadeIn(caption), run_time=0.8)
        self.describe(self.t("neurons.item-drawn", caption=item.caption, rows=self.rows, cols=self.cols))
        self.say(self.t("neurons.simpler"))

    def zoom_on_pixels(self):
        pixels = self.lesson.item.pixels
        self.say(self.t("neurons.up-close", count=PATCH * PATCH, noun=self.topic.noun))
        item = Group(self.image, self.braces, self.caption)
        self.play(item.animate.shift((LEFT_EDGE - item.get_left()[0]) * RIGHT), run_time=0.8)
        centers = grid_centers(self.image, self.rows, self.cols)
        side = self.image.width / self.cols
        box = Square(side * PATCH, color=self.theme.highlight, stroke_width=3)
        box.move_to(np.mean(centers[self.window], axis=0))
        big_centers = np.array([[(j - (PATCH - 1) / 2) * BIG_SIDE, ((PATCH - 1) / 2 - i) * BIG_SIDE, 0]
                                for i in range(PATCH) for j in range(PATCH)]) + WINDOW_CENTER
        self.big_centers = big_centers
        zoomed = VGroup(*[PixelPatches(pixels[[k]], big_centers[[n]], BIG_SIDE, self.theme, outline=1.5)
                          for n, k in enumerate(self.window)])
        self.value_labels = pixel_value_labels(pixels, self.window, big_centers, self.theme)
        header = self.text(self.t("neurons.values-header"), self.theme.small_font_size, self.theme.dim_text)
        self.values_header = header.next_to(zoomed, UP, 0.25)
        self.play(Create(box), run_time=0.6)
        self.play(TransformFromCopy(VGroup(box), zoomed), run_time=1.2)
        self.play(FadeIn(self.value_labels), FadeIn(header), run_time=0.8)
        values = [float(pixels[k]) for k in self.window]
        self.describe(self.t("neurons.window-described", size=PATCH, noun=self.topic.noun, lowest=Num(min(values), 2),
                             highest=Num(max(values), 2)))
        self.box, self.zoomed = box, zoomed

    def pixels_become_neurons(self):
        pixels = self.lesson.item.pixels
        radius = 0.38
        self.circles = VGroup(*[
            Circle(radius, color=self.theme.neuron_stroke, stroke_width=2)
            .set_fill(self.theme.neuron_on, opacity=float(pixels[k])).move_to(self.big_centers[n])
            for n, k in enumerate(self.window)])
        self.say(self.t("neurons.pixel-is-neuron"))
        self.play(ReplacementTransform(self.zoomed, self.circles), self.value_labels.animate.set_z_index(1),
                  run_time=1.2)
        self.describe(self.t("neurons.squares-to-circles"))
        self.say(self.t("neurons.holds-a-number"))

    def name_the_number(self):
        word = self.text(self.t("neurons.activation-word"), self.theme.font_size + 10, self.theme.highlight)
        meaning = self.text(self.t("neurons.activation-meaning"), self.theme.small_font_size, self.theme.text)
        self.word = VGroup(word, meaning).arrange(DOWN, buff=0.12).next_to(self.circles, UP, 0.25)
        self.say(self.t("neurons.activation"))
        self.play(FadeOut(self.values_header), run_time=0.3)
        self.play(Write(word), FadeIn(meaning), run_time=1)
        self.say(self.t("neurons.filled"))
        values = [float(self.lesson.item.pixels[k]) for k in self.window]
        high, low = int(np.argmax(values)), int(np.argmin(values))
        if values[high] > values[low]:
            self.say(self.t("neurons.example-high", value=spoken(values[high])))
            self.play(Indicate(self.circles[high], scale_factor=1.15, color=self.theme.highlight), run_time=0.9)
            self.say(self.t("neurons.example-low", value=spoken(values[low])))
            self.play(Indicate(self.circles[low], scale_factor=1.15, color=self.theme.highlight), run_time=0.9)

    def all_inputs(self):
        item = self.lesson.item
        centers = grid_centers(self.image, self.rows, self.cols)
        radius = 0.42 * self.image.width / self.cols
        self.grid = neuron_grid(item.pixels, centers, radius, self.theme.neuron_stroke, self.theme.neuron_on)
        headline = self.text(self.t("neurons.inputs-title", inputs=self.n_in), self.theme.font_size)
        self.headline = headline.to_edge(UP, buff=0.35)
        self.say(self.t("neurons.every-pixel", inputs=self.n_in))
        self.play(FadeIn(self.grid), FadeOut(self.image), run_time=1.5)
        self.bring_to_front(self.box)
        self.describe(self.t("neurons.all-circles", inputs=self.n_in))
        self.play(FadeIn(headline), run_time=0.8)
        self.say(self.t("neurons.first-layer"))

    def hand_over(self):
        """The close-up goes; the later layers appear to the right as columns of empty neurons (a few
        of each layer), the last of them the answer."""
        later = self.later_layers()
        self.say(self.t("neurons.later-layers"))
        self.play(FadeOut(VGroup(self.circles, self.value_labels, self.word, self.box)), run_time=0.6)
        self.play(LaggedStart(*[FadeIn(part) for part in later], lag_ratio=0.3), run_time=1.5)
        self.describe(self.t("neurons.later-described", layers=len(self.sizes) - 1))
        self.say(self.t("neurons.next"))
        self.play(Indicate(later[-1][1], color=self.theme.highlight, scale_factor=1.1), run_time=1)  # its neurons, not its name
        self.wait(0.5)

    def later_layers(self) -> VGroup:
        """For each layer after the input, a column of at most LATER_SHOWN empty neurons, evenly spread
        right of the input grid and its caption, each joined to the one before by an arrow."""
        left = max(self.grid.get_right()[0], self.caption.get_right()[0]) + 0.5
        right = config.frame_width / 2 - 0.6
        y = self.grid.get_center()[1]
        n = len(self.sizes) - 1
        step = (right - left) / n
        columns = []
        for layer in range(1, len(self.sizes)):
            k = min(self.sizes[layer], LATER_SHOWN)
            column = VGroup(*[Circle(0.15, color=self.theme.neuron_stroke, stroke_width=2) for _ in range(k)])
            column.arrange(DOWN, buff=0.12).move_to([left + step * (layer - 0.5), y, 0])
            columns.append(column)
        parts = VGroup()
        before = self.grid
        for column in columns:
            arrow = Arrow(before.get_right() + RIGHT * 0.05, column.get_left() + LEFT * 0.05, buff=0,
                          color=self.theme.dim_text, stroke_width=3, max_tip_length_to_length_ratio=0.3)
            parts.add(VGroup(arrow, column))
            before = column
        # Each column named ("hidden 1", "output"): a few neurons stand for a layer, whatever its size.
        lowest = min(column.get_bottom()[1] for column in columns)
        for layer, (part, column) in enumerate(zip(parts, columns), start=1):
            name = self.text(self.lesson.layers[layer].short, self.theme.min_font_size, self.theme.dim_text,
                             max_width=step * 0.9)
            part.add(name.next_to([column.get_x(), lowest, 0], DOWN, 0.2))
        return parts
