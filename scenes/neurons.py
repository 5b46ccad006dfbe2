"""A neuron is a thing that holds a number: every pixel becomes an input neuron.

    manim render scenes/neurons.py          # the default scene, PixelsAreNeurons

The values written on the pixels and the neurons are the chosen item's own gray levels.
"""
from __future__ import annotations

import numpy as np
from manim import *  # noqa: F401,F403 - scene files use manim's star import, as its examples do

from lessonkit import LessonScene, PixelPatches, grid_centers, item_image, size_braces
from lessonkit.pixels import pixel_value_labels
from lessonscript import Num

PATCH = 4  # a PATCH x PATCH window of pixels is shown up close (every image is at least 4 x 4)


class PixelsAreNeurons(LessonScene):
    """Zoom on a few pixels, read their values, turn them into neurons, name the number 'activation'."""

    def construct(self):
        self.show_item()
        self.zoom_on_pixels()
        self.pixels_become_neurons()
        self.name_the_number()
        self.all_inputs()

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
        self.image = item_image(self.lesson.item.image, self.theme, height=4.4, width=5.6)
        self.image.shift(LEFT * 3.5 + DOWN * 0.25)
        self.braces = size_braces(self.image, self.theme, self.rows, self.cols)
        self.play(FadeIn(self.image), FadeIn(self.braces), run_time=0.8)
        self.say(self.t("neurons.pixels-are-numbers", pixels=self.n_in))
        self.wait(1)

    def zoom_on_pixels(self):
        pixels = self.lesson.item.pixels
        centers = grid_centers(self.image, self.rows, self.cols)
        side = self.image.width / self.cols
        box = Square(side * PATCH, color=self.theme.highlight, stroke_width=3)
        box.move_to(np.mean(centers[self.window], axis=0))
        big_side = 0.95
        big_centers = np.array([[(j - (PATCH - 1) / 2) * big_side, ((PATCH - 1) / 2 - i) * big_side, 0]
                                for i in range(PATCH) for j in range(PATCH)]) + RIGHT * 3.4 + UP * 0.2
        self.big_centers = big_centers
        zoomed = VGroup(*[PixelPatches(pixels[[k]], big_centers[[n]], big_side, self.theme, outline=1.5)
                          for n, k in enumerate(self.window)])
        self.value_labels = pixel_value_labels(pixels, self.window, big_centers, self.theme)
        r, c = self.corner
        self.say(self.t("neurons.up-close", first_row=r, last_row=r + PATCH - 1, first_column=c,
                        last_column=c + PATCH - 1))
        self.play(Create(box), run_time=0.6)
        self.play(TransformFromCopy(VGroup(box), zoomed), run_time=1.2)
        self.play(FadeIn(self.value_labels), run_time=0.8)
        values = [float(pixels[k]) for k in self.window]
        self.describe(self.t("neurons.window-described", size=PATCH, noun=self.topic.noun, lowest=Num(min(values), 2),
                             highest=Num(max(values), 2)))
        self.say(self.t("neurons.gray-scale"))
        self.wait(2)
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
        self.wait(1.5)

    def name_the_number(self):
        word = self.text(self.t("neurons.activation-word"), self.theme.font_size + 10, self.theme.highlight)
        word.next_to(self.circles, UP, 0.35)
        self.say(self.t("neurons.activation"))
        self.play(Write(word), run_time=1)
        self.wait(2)
        self.word = word

    def all_inputs(self):
        headline = self.text(self.t("neurons.inputs-title", inputs=self.n_in), self.theme.font_size)
        headline.to_edge(UP, buff=0.35)
        self.headline = headline
        self.say(self.t("neurons.first-layer", inputs=self.n_in))
        self.play(FadeIn(headline), Indicate(self.image, scale_factor=1.03, color=self.theme.highlight), run_time=1.2)
        self.wait(2.5)
