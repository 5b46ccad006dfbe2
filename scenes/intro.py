"""One class, many images: real test items with the same label differ pixel by pixel.

    manim render scenes/intro.py          # the default scene, OneClassManyImages

The class shown is picked by a stated rule: the one whose first five sample items differ most
from each other. All items are real test items from the lesson set's sample; the pixel values
compared on screen are read from them, and the network's answers are netcore's.
"""
from __future__ import annotations

import numpy as np
from manim import *  # noqa: F401,F403 - scene files use manim's star import, as its examples do

from lessonkit import LessonScene, grid_centers, item_image, size_braces
from lessonkit.formatting import fmt
from lessonkit.layout import fit_within
from lessonscript import Num

SHOWN = 5  # items of the class shown side by side


def most_varied_class(images: np.ndarray, labels: np.ndarray, n: int = SHOWN) -> int:
    """The label whose first ``n`` items differ most, on average, pixel by pixel (mean absolute
    difference over all pairs); labels with fewer than two items are passed over."""
    best, best_score = -1, -1.0
    for label in np.unique(labels):
        group = images[np.flatnonzero(labels == label)[:n]].reshape(-1, images[0].size).astype(float)
        if len(group) < 2:
            continue
        score = float(np.mean([np.abs(a - b).mean() for i, a in enumerate(group) for b in group[i + 1:]]))
        if score > best_score:
            best, best_score = int(label), score
    if best < 0:
        raise ValueError("the sample needs at least two items of one class")
    return best


class OneClassManyImages(LessonScene):
    """One item, four more of its class, one pixel that disagrees, and the task: pixels in, a class out."""

    def construct(self):
        self.one_item()
        self.more_of_its_class()
        self.one_pixel_disagrees()
        self.state_the_task()

    def setup(self):
        super().setup()
        s = self.lesson.samples
        self.label = most_varied_class(s.images, s.labels)
        self.name = self.lesson.class_name(self.label)
        self.chosen = s.of_label(self.label)[:SHOWN]
        images = s.inputs[self.chosen]
        # The pixel where the first two differ most.
        self.pixel = int(np.argmax(np.abs(images[0] - images[1])))
        self.pixel_values = [float(images[0][self.pixel]), float(images[1][self.pixel])]

    def one_item(self):
        first = self.lesson.sample_item(self.chosen[0])
        self.big = item_image(first.image, self.theme, height=4.4, width=9).shift(UP * 0.3)
        braces = size_braces(self.big, self.theme, self.rows, self.cols)
        caption = self.text(first.caption, self.theme.small_font_size, self.theme.dim_text)
        caption.next_to(self.big, DOWN, 0.2)
        self.play(FadeIn(self.big), FadeIn(braces), FadeIn(caption), run_time=1)
        self.describe(self.t("intro.item-drawn", caption=first.caption, label=self.name, rows=self.rows,
                             cols=self.cols))
        self.say(self.t("intro.one-item", noun=self.topic.noun, label=self.name, rows=self.rows, cols=self.cols))
        self.wait(1.5)
        self.play(FadeOut(braces), FadeOut(caption), run_time=0.5)

    def more_of_its_class(self):
        s = self.lesson.samples
        cells = Group()
        for i in self.chosen:
            img = item_image(self.lesson.sample_item(i).image, self.theme, height=2.2)
            label = self.text(self.t("intro.item-number", index=str(s.indices[i])), self.theme.small_font_size,
                              self.theme.dim_text)
            cells.add(Group(img, label.next_to(img, DOWN, 0.15)))
        cells.arrange(RIGHT, buff=0.45)
        fit_within(cells, config.frame_width - 0.8)
        cells.shift(UP * 0.4)
        self.cells = cells
        self.play(ReplacementTransform(self.big, cells[0][0]), FadeIn(cells[0][1]), run_time=1)
        self.play(LaggedStart(*[FadeIn(c) for c in cells[1:]], lag_ratio=0.3), run_time=1.5)
        numbers = self.listed(str(s.indices[i]) for i in self.chosen)
        self.describe(self.t("intro.side-by-side", shown=len(self.chosen), plural=self.topic.plural, label=self.name,
                             numbers=numbers))
        self.say(self.t("intro.same-class", shown=len(self.chosen), plural=self.topic.plural, label=self.name))
        self.wait(2)

    def one_pixel_disagrees(self):
        row, col = divmod(self.pixel, self.cols)
        boxes, self.value_labels = VGroup(), []
        for cell, value in zip(self.cells[:2], self.pixel_values):
            img = cell[0]
            side = img.width / self.cols
            box = Square(side * 2.6, color=self.theme.highlight, stroke_width=4)
            box.move_to(grid_centers(img, self.rows, self.cols)[self.pixel])
            label = self.text(fmt(value), self.theme.small_font_size, self.theme.highlight)
            label.next_to(cell, DOWN, 0.2)
            boxes.add(box)
            self.value_labels.append(label)
        self.say(self.t("intro.pixel-differs", row=row, column=col))
        self.play(Create(boxes), *[FadeIn(l) for l in self.value_labels], run_time=1)
        first, second = (Num(v, 2) for v in self.pixel_values)
        self.describe(self.t("intro.pixel-values", first=first, second=second))
        self.wait(2.5)
        self.play(FadeOut(boxes), *[FadeOut(l) for l in self.value_labels], run_time=0.5)

    def state_the_task(self):
        self.answers = [int(self.lesson.sample_predictions[i]) for i in self.chosen]
        marks = VGroup()
        for cell, answer in zip(self.cells, self.answers):
            colour = self.theme.text if answer == self.label else self.theme.wrong
            mark = self.text(self.t("intro.network-answer", answer=self.lesson.class_name(answer)),
                             self.theme.small_font_size, colour)
            marks.add(fit_within(mark, cell.width + 0.4).next_to(cell, DOWN, 0.2))
        self.answer_marks = marks
        task = self.text(self.t("intro.task-title", inputs=self.n_in, classes=self.sizes[-1]), self.theme.font_size + 6)
        task.to_edge(UP, buff=0.5)
        self.task = task
        self.say(self.t("intro.task", inputs=self.n_in, noun=self.topic.noun))
        self.play(Write(task), run_time=1.2)
        self.wait(1)
        right = sum(a == self.label for a in self.answers)
        self.say(self.t("intro.network-reads", right=right, shown=len(self.answers)))
        self.play(LaggedStart(*[FadeIn(m) for m in marks], lag_ratio=0.2), run_time=1.2)
        answers = self.listed(self.lesson.class_name(a) for a in self.answers)
        self.describe(self.t("intro.answers-under", answers=answers))
        self.wait(2.5)

    def listed(self, parts) -> str:
        """``parts`` as a list in the script's words ("0, 11, 21")."""
        return self.t("intro.list-separator").join(parts)
