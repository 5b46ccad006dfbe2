"""A neuron is a thing that holds a number: every pixel becomes an input neuron.

    manim render scenes/neurons.py          # the default scene, PixelsAreNeurons

The values written on the pixels and the neurons are the chosen item's own gray levels.
"""
from __future__ import annotations

import numpy as np
from manim import *  # noqa: F401,F403 - scene files use manim's star import, as its examples do

from lessonkit import LessonScene, PixelPatches, grid_centers, item_image, size_braces
from lessonkit.formatting import count, fmt
from lessonkit.pixels import pixel_value_labels

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
        self.say(f"{count(self.n_in)} pixels. Each one is just a number")
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
        self.say(f"Up close: rows {r}–{r + PATCH - 1}, columns {c}–{c + PATCH - 1}, with their values")
        self.play(Create(box), run_time=0.6)
        self.play(TransformFromCopy(VGroup(box), zoomed), run_time=1.2)
        self.play(FadeIn(self.value_labels), run_time=0.8)
        values = [pixels[k] for k in self.window]
        self.describe(f"A {PATCH} by {PATCH} window of the {self.topic.noun} is shown large, each square with its "
                      f"value, from {fmt(min(values))} to {fmt(max(values))}")
        self.say("0 is black, 1 is white, and everything between is a shade of gray")
        self.wait(2)
        self.box, self.zoomed = box, zoomed

    def pixels_become_neurons(self):
        pixels = self.lesson.item.pixels
        radius = 0.38
        self.circles = VGroup(*[
            Circle(radius, color=self.theme.neuron_stroke, stroke_width=2)
            .set_fill(self.theme.neuron_on, opacity=float(pixels[k])).move_to(self.big_centers[n])
            for n, k in enumerate(self.window)])
        self.say("Think of each pixel as a neuron: something that holds a number")
        self.play(ReplacementTransform(self.zoomed, self.circles), self.value_labels.animate.set_z_index(1),
                  run_time=1.2)
        self.describe("The squares turn into circles, neurons, each as bright as its pixel")
        self.wait(1.5)

    def name_the_number(self):
        word = self.text("activation", self.theme.font_size + 10, self.theme.highlight)
        word.next_to(self.circles, UP, 0.35)
        self.say("The number a neuron holds is its activation; brightness shows it")
        self.play(Write(word), run_time=1)
        self.wait(2)
        self.word = word

    def all_inputs(self):
        headline = self.text(f"{count(self.n_in)} input neurons, one per pixel, each holding its gray level",
                             self.theme.font_size)
        headline.to_edge(UP, buff=0.35)
        self.headline = headline
        self.say(f"Together, the {count(self.n_in)} neurons of the first layer hold the whole image")
        self.play(FadeIn(headline), Indicate(self.image, scale_factor=1.03, color=self.theme.highlight), run_time=1.2)
        self.wait(2.5)
