"""The sloppy three: real 3s that differ pixel by pixel yet all read as 3.

    manim render scenes/intro.py          # the default scene, SloppyThrees

All digits are real MNIST test images from the shipped sample; the pixel values compared
on screen are read from them, and the network's answers are netcore's.
"""
from __future__ import annotations

import numpy as np
from manim import *  # noqa: F401,F403 - scene files use manim's star import, as its examples do

from kit import LessonScene, digit_image, size_braces
from kit.formatting import count, fmt
from kit.pixels import grid_centers

DIGIT = 3


class SloppyThrees(LessonScene):
    """One 3, four more, one pixel that disagrees, and the task: 784 numbers in, one digit out."""

    def construct(self):
        self.one_three()
        self.other_threes()
        self.one_pixel_disagrees()
        self.state_the_task()

    def setup(self):
        super().setup()
        s = self.lesson.samples
        self.threes = s.of_label(DIGIT)[:5]
        if len(self.threes) < 2:
            raise ValueError(f"the sample needs at least two {DIGIT}s")
        images = np.stack([s.input(i) for i in self.threes])
        # The pixel where the first two 3s differ most.
        self.pixel = int(np.argmax(np.abs(images[0] - images[1])))
        self.pixel_values = [float(images[0][self.pixel]), float(images[1][self.pixel])]

    def one_three(self):
        s = self.lesson.samples
        first = self.threes[0]
        self.big = digit_image(s.input(first), self.theme, height=4.4).shift(UP * 0.3)
        braces = size_braces(self.big, self.theme, str(self.side))
        caption = self.text(f"MNIST test image #{s.indices[first]}", self.theme.small_font_size, self.theme.dim_text)
        caption.next_to(self.big, DOWN, 0.2)
        self.play(FadeIn(self.big), FadeIn(braces), FadeIn(caption), run_time=1)
        self.say(f"A {DIGIT}, written by hand and stored as {self.side} × {self.side} gray pixels")
        self.wait(1.5)
        self.play(FadeOut(braces), FadeOut(caption), run_time=0.5)

    def other_threes(self):
        s = self.lesson.samples
        cells = Group()
        for i in self.threes:
            img = digit_image(s.input(i), self.theme, height=2.2)
            label = self.text(f"#{s.indices[i]}", self.theme.small_font_size, self.theme.dim_text)
            cells.add(Group(img, label.next_to(img, DOWN, 0.15)))
        cells.arrange(RIGHT, buff=0.45).shift(UP * 0.4)
        self.cells = cells
        self.play(ReplacementTransform(self.big, cells[0][0]), FadeIn(cells[0][1]), run_time=1)
        self.play(LaggedStart(*[FadeIn(c) for c in cells[1:]], lag_ratio=0.3), run_time=1.5)
        self.say(f"{len(self.threes)} real 3s from the test set: different strokes, same digit to your eye")
        self.wait(2)

    def one_pixel_disagrees(self):
        row, col = divmod(self.pixel, 28)
        boxes, self.value_labels = VGroup(), []
        for cell, value in zip(self.cells[:2], self.pixel_values):
            img = cell[0]
            side = img.width / 28
            box = Square(side * 2.6, color=self.theme.highlight, stroke_width=4).move_to(grid_centers(img)[self.pixel])
            label = self.text(fmt(value), self.theme.small_font_size, self.theme.highlight)
            label.next_to(cell, DOWN, 0.2)
            boxes.add(box)
            self.value_labels.append(label)
        self.say(f"Same pixel (row {row}, column {col}), very different values: the computer sees only numbers")
        self.play(Create(boxes), *[FadeIn(l) for l in self.value_labels], run_time=1)
        self.wait(2.5)
        self.play(FadeOut(boxes), *[FadeOut(l) for l in self.value_labels], run_time=0.5)

    def state_the_task(self):
        s, net = self.lesson.samples, self.lesson.net
        self.answers = [int(net.predict(s.input(i))) for i in self.threes]
        marks = VGroup()
        for cell, answer in zip(self.cells, self.answers):
            colour = self.theme.text if answer == DIGIT else self.theme.wrong
            marks.add(self.text(f"network: {answer}", self.theme.small_font_size, colour).next_to(cell, DOWN, 0.2))
        self.answer_marks = marks
        task = self.text(f"{count(self.n_in)} numbers in  →  one digit out", self.theme.font_size + 6)
        task.to_edge(UP, buff=0.5)
        self.task = task
        self.say(f"The task: turn {count(self.n_in)} numbers into the right digit, however the {DIGIT} was written")
        self.play(Write(task), run_time=1.2)
        self.wait(1)
        right = sum(a == DIGIT for a in self.answers)
        self.say(f"Our trained network reads {right} of these {len(self.answers)} correctly. The rest of the lesson shows how")
        self.play(LaggedStart(*[FadeIn(m) for m in marks], lag_ratio=0.2), run_time=1.2)
        self.wait(2.5)
