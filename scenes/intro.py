"""The challenge: you read these items without effort; could you write the program that does it?

    manim render scenes/intro.py          # the default scene, OneClassManyImages

Five real test items of one class (the one whose first five sample items differ most from each
other), one pixel boxed in each with its value (the pixel whose value varies most across them),
the task (one number per pixel in, one class out), and the trained network's answer under each.
Every value drawn is read from the items; the answers are netcore's.
"""
from __future__ import annotations

import math

import numpy as np
from manim import *  # noqa: F401,F403 - scene files use manim's star import, as its examples do

from lessonkit import LessonScene, grid_centers, item_image
from lessonkit.formatting import fmt
from lessonscript import spoken

SHOWN = 5  # items of the class shown side by side
SIDE_MARGIN = 0.45  # frame units kept free left and right of the row of items
GAP = 0.3  # between two slots of the row
BAND = (2.8, -3.05)  # top and bottom of the space between the title and the caption
LOWER_BLOCK = 0.95  # height kept under each item's number for a two-line label
WIDE_SPREAD = 0.5  # a pixel whose value spans at least this much across the items "varies widely"


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


def two_lines(s: str) -> str:
    """``s`` broken at the space nearest its middle (unchanged without a space)."""
    spaces = [i for i, ch in enumerate(s) if ch == " "]
    if not spaces:
        return s
    cut = min(spaces, key=lambda i: abs(i - len(s) / 2))
    return s[:cut] + "\n" + s[cut + 1:]


class OneClassManyImages(LessonScene):
    """One item, four more of its class, the challenge, one pixel's values, the task, the network's answers."""

    def construct(self):
        self.one_item()
        self.more_of_its_class()
        self.pose_the_challenge()
        self.one_pixel_disagrees()
        self.state_the_task()
        self.network_answers()
        self.hand_over()

    def setup(self):
        super().setup()
        s = self.lesson.samples
        self.label = most_varied_class(s.images, s.labels)
        self.name = self.lesson.class_name(self.label)
        self.chosen = s.of_label(self.label)[:SHOWN]
        images = s.inputs[self.chosen]
        # The pixel whose value varies most across the items shown.
        self.pixel = int(np.argmax(images.std(axis=0)))
        self.pixel_values = [float(v) for v in images[:, self.pixel]]
        self.answers = [int(self.lesson.sample_predictions[i]) for i in self.chosen]
        n = len(self.chosen)
        self.slot = (config.frame_width - 2 * SIDE_MARGIN - (n - 1) * GAP) / n

    # -- pieces ------------------------------------------------------------------------------

    def fitted(self, s: str, size: float, colour: str, width: float) -> Text:
        """``s`` at ``size``, no wider than ``width`` if it can be: scaled down to the theme's smallest
        size at most, then broken onto two lines (at a space) if still too wide."""
        smallest = self.theme.min_font_size
        for candidate in (s, two_lines(s)):
            text = self.text(candidate, size, colour, max_width=math.inf)
            if text.width > width:
                text.scale(max(width / text.width, smallest / size))
            if text.width <= width + 1e-6:
                break
        return text

    def block(self, header: str, value: str, colour: str, x: float) -> VGroup:
        """A two-line label in one slot under an item: a small header over a value, its top at the
        row's lower line."""
        top = self.fitted(header, self.theme.small_font_size, self.theme.dim_text, self.slot)
        bottom = self.fitted(value, self.theme.font_size - 2, colour, self.slot)
        group = VGroup(top, bottom).arrange(DOWN, buff=0.1)
        return group.move_to([x, self.lower_y - group.height / 2, 0])

    # -- beats -------------------------------------------------------------------------------

    def one_item(self):
        first = self.lesson.sample_item(self.chosen[0])
        self.big = item_image(first.image, self.theme, height=4.8, width=9).move_to(UP * 0.3)
        braces = self.pixel_braces(self.big, self.t("intro.pixel-count", count=self.cols),
                                   self.t("intro.pixel-unit", count=self.rows))
        caption = self.text(first.caption, self.theme.small_font_size, self.theme.dim_text)
        caption.next_to(self.big, DOWN, 0.2)
        self.play(FadeIn(self.big), FadeIn(braces), FadeIn(caption), run_time=1)
        self.describe(self.t("intro.item-drawn", caption=first.caption, label=self.name, rows=self.rows,
                             cols=self.cols))
        self.say(self.t("intro.one-item", noun=self.topic.noun, label=self.name))
        self.say(self.t("intro.effortless"))
        self.wait(0.5)
        self.play(FadeOut(braces), FadeOut(caption), run_time=0.5)

    def lay_out_row(self) -> tuple[list[ImageMobject], list[Text]]:
        """The items side by side, one to a slot, each with its number in the test split under it; the
        row, with room for a two-line label under each, centred between the title and the caption."""
        s = self.lesson.samples
        images = [item_image(self.lesson.sample_item(i).image, self.theme, height=3.2, width=self.slot)
                  for i in self.chosen]
        numbers = [self.fitted(self.t("intro.item-number", index=str(s.indices[i])), self.theme.small_font_size,
                               self.theme.dim_text, self.slot) for i in self.chosen]
        tallest, number_height = max(img.height for img in images), max(t.height for t in numbers)
        image_top = (BAND[0] + BAND[1]) / 2 + (tallest + 0.15 + number_height + 0.3 + LOWER_BLOCK) / 2
        self.xs = [(k - (len(images) - 1) / 2) * (self.slot + GAP) for k in range(len(images))]
        for img, number, x in zip(images, numbers, self.xs):
            img.move_to([x, image_top - tallest / 2, 0])
            number.move_to([x, image_top - tallest - 0.15 - number_height / 2, 0])
        self.lower_y = image_top - tallest - 0.15 - number_height - 0.3
        return images, numbers

    def more_of_its_class(self):
        n = len(self.chosen)
        self.images, self.numbers = images, numbers = self.lay_out_row()
        self.say(self.t("intro.same-class", others=n - 1, noun=self.topic.noun, plural=self.topic.plural,
                        label=self.name))
        self.play(ReplacementTransform(self.big, images[0]), FadeIn(numbers[0]), run_time=1)
        self.play(LaggedStart(*[FadeIn(Group(img, number)) for img, number in zip(images[1:], numbers[1:])],
                              lag_ratio=0.3), run_time=1.5)
        listed = self.listed(str(self.lesson.samples.indices[i]) for i in self.chosen)
        self.describe(self.t("intro.side-by-side", shown=n, plural=self.topic.plural, label=self.name,
                             numbers=listed))

    def pose_the_challenge(self):
        question = self.text(self.t("intro.challenge-title"), self.theme.font_size + 6, self.theme.highlight)
        self.question = question.to_edge(UP, buff=0.5)
        self.say(self.t("intro.program-gets", shown=len(self.chosen), label=self.name))
        self.play(FadeIn(question, shift=0.1 * DOWN), run_time=0.8)
        self.describe(self.t("intro.challenge-described"))

    def one_pixel_disagrees(self):
        row, col = divmod(self.pixel, self.cols)
        boxes = VGroup()
        for img in self.images:
            side = max(img.width / self.cols + 0.06, 0.18)  # just around the pixel, seen even when it is tiny
            centre = grid_centers(img, self.rows, self.cols)[self.pixel]
            halo = Square(side, color=self.theme.background, stroke_width=9).move_to(centre)
            boxes.add(VGroup(halo, Square(side, color=self.theme.highlight, stroke_width=4).move_to(centre)))
        self.value_blocks = VGroup(*[
            self.block(self.t("intro.pixel-header"), fmt(v), self.theme.highlight, x)
            for v, x in zip(self.pixel_values, self.xs)])
        self.say(self.t("intro.try-one-pixel", noun=self.topic.noun))
        self.play(Create(boxes), run_time=1)
        self.say(self.t("intro.pixel-is-number", theme=self.theme.name))
        self.play(LaggedStart(*[FadeIn(b) for b in self.value_blocks], lag_ratio=0.2), run_time=1.2)
        self.describe(self.t("intro.pixel-values", row=row, column=col,
                             values=self.listed(fmt(v) for v in self.pixel_values)))
        lowest, highest = min(self.pixel_values), max(self.pixel_values)
        spread = "wide" if highest - lowest >= WIDE_SPREAD else "narrow"
        self.say(self.t("intro.pixel-range", spread=spread, shown=len(self.chosen), plural=self.topic.plural,
                        lowest=spoken(lowest), highest=spoken(highest)))
        if spread == "wide":
            self.say(self.t("intro.pixel-alone", plural=self.topic.plural, label=self.name))
        self.say(self.t("intro.only-numbers", rows=self.rows, cols=self.cols, inputs=self.n_in, noun=self.topic.noun))
        self.say(self.t("intro.hopeless"))
        self.play(FadeOut(boxes), FadeOut(self.value_blocks), run_time=0.5)

    def state_the_task(self):
        task = self.text(self.t("intro.task-title", inputs=self.n_in, classes=self.sizes[-1]), self.theme.font_size + 6)
        self.task = task.to_edge(UP, buff=0.5)
        self.say(self.t("intro.task", inputs=self.n_in, classes=self.sizes[-1]))
        self.play(FadeOut(self.question), run_time=0.4)
        self.play(Write(task), run_time=1.2)
        self.describe(self.t("intro.task-described", inputs=self.n_in, classes=self.sizes[-1]))

    def network_answers(self):
        marks = VGroup()
        for answer, x in zip(self.answers, self.xs):
            verdict = "right" if answer == self.label else "wrong"
            colour = self.theme.text if verdict == "right" else self.theme.wrong
            name = self.t("intro.network-answer", verdict=verdict, answer=self.lesson.class_name(answer))
            marks.add(self.block(self.t("intro.network-header"), name, colour, x))
        self.answer_marks = marks
        self.say(self.t("intro.network-can"))
        self.say(self.t("intro.network-here", noun=self.topic.noun, plural=self.topic.plural))
        self.play(LaggedStart(*[FadeIn(m) for m in marks], lag_ratio=0.2), run_time=1.2)
        answers = self.listed(self.lesson.class_name(a) for a in self.answers)
        self.describe(self.t("intro.answers-under", answers=answers))
        trained = "yes" if self.lesson.trained else "no"
        self.say(self.t("intro.never-seen", trained=trained, plural=self.topic.plural))
        right, shown = sum(a == self.label for a in self.answers), len(self.answers)
        score = "all" if right == shown else "none" if right == 0 else "some"
        self.say(self.t("intro.network-reads", score=score, right=right, shown=shown))

    def hand_over(self):
        self.say(self.t("intro.next"))
        self.wait(0.5)

    def listed(self, parts) -> str:
        """``parts`` as a list in the script's words ("0, 11, 21")."""
        return self.t("intro.list-separator").join(parts)
