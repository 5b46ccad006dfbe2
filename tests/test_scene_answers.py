"""The main scene never shows one item's picture beside another item's answer: after every animation,
an answer box on screen marks the brightest output of the item whose picture is on screen, in the
colour of a mistake exactly when that item's label differs, and the output neurons are lit with
that item's own outputs (picture, outputs and answer change together)."""
import numpy as np
import pytest
from manim import ImageMobject, SurroundingRectangle

from layers import ForwardPass
from lessonkit import AnswerMarker, LessonScene
from lessonkit import lesson as lesson_mod
from lessonkit.pixels import gray_rgb
from scenetools import build, same_color


def pictured_items(scene, lesson) -> list[int | None]:
    """The items whose picture is on screen: sample indices, or None for the lesson's own item."""
    images = [m for m in scene.get_mobject_family_members() if isinstance(m, ImageMobject)]
    found = []
    candidates = [(None, lesson.item.image)] + [(i, lesson.sample_item(i).image) for i in range(len(lesson.samples))]
    for image in images:
        for index, picture in candidates:
            expected = ImageMobject(gray_rgb(np.asarray(picture, dtype=float), scene.theme)).pixel_array
            if image.pixel_array.shape == expected.shape and np.array_equal(image.pixel_array, expected):
                found.append(index)
                break
    return found


@pytest.mark.parametrize("set_name", ["shipped", "shapes-12x12", "twenty-classes"])
def test_the_answer_box_belongs_to_the_item_shown(sets, set_name, monkeypatch):
    lesson = lesson_mod.load(lesson_mod.Settings(**sets[set_name]))
    seen = []
    play = LessonScene.play

    def checked_play(self, *args, **kwargs):
        play(self, *args, **kwargs)
        family = self.get_mobject_family_members()
        boxes = [m for m in family if isinstance(m, SurroundingRectangle)
                 and any(same_color(m.get_stroke_color(), c) for c in (self.theme.highlight, self.theme.wrong))
                 and m.get_stroke_opacity() > 0]
        marker = getattr(self, "marker", None)
        if marker is None or marker.box not in family:
            assert not any(b.get_center()[0] > self.diagram.neurons[-1].get_x() - 0.5 for b in boxes), \
                "an answer box on screen that is not the scene's marker"
            return
        assert isinstance(marker, AnswerMarker)
        items = pictured_items(self, lesson)
        assert len(items) == 1, f"an answer box beside {len(items)} item pictures"
        item = lesson.item if items[0] is None else lesson.sample_item(items[0])
        trace = lesson.net.forward(item.pixels)
        assert marker.answer == trace.prediction, "the answer box marks another item's answer"
        wrong = item.label is not None and item.label != trace.prediction
        expected = self.theme.wrong if wrong else self.theme.highlight
        assert same_color(marker.box.get_stroke_color(), expected), "a right answer marked as wrong, or the reverse"
        d = self.diagram
        for circle, k in zip(d.neurons[-1], d.shown[-1]):
            assert circle.get_fill_opacity() == pytest.approx(trace.output[k], abs=1e-9)
        seen.append((items[0], wrong))

    monkeypatch.setattr(LessonScene, "play", checked_play)
    scene = build(ForwardPass, lesson)
    shown_items = {item for item, _ in seen}
    assert len(shown_items) == 1 + len(scene.others)  # every item's answer was checked
    if scene.wrong:
        assert any(wrong for _, wrong in seen)  # and the mistake was among them
