"""scenes/intro.py, neurons.py and why_layers.py: every number shown equals what netcore computes."""
import numpy as np
import pytest

from intro import DIGIT, SloppyThrees
from kit import lesson as lesson_mod
from kit.formatting import fmt, format_activation
from neurons import PATCH, PixelsAreNeurons
from scenetools import build, find_one, render
from why_layers import LOCAL, WhyLayers, locality, verdict


@pytest.fixture(scope="module")
def lesson():
    return lesson_mod.load(lesson_mod.Settings(digit="0"))


def test_intro_threes_values_and_answers(lesson, tmp_path):
    scene = build(SloppyThrees, lesson, media_dir=tmp_path)
    s = lesson.samples
    assert len(scene.threes) >= 2 and all(s.labels[i] == DIGIT for i in scene.threes)
    a, b = s.images[scene.threes[0]] / 255.0, s.images[scene.threes[1]] / 255.0
    row, col = divmod(scene.pixel, 28)
    assert abs(a[row, col] - b[row, col]) == pytest.approx(np.abs(a - b).max())
    assert [label.original_text for label in scene.value_labels] == [fmt(a[row, col]), fmt(b[row, col])]
    assert scene.task.original_text.startswith(f"{lesson.net.sizes[0]} numbers in")
    for mark, i in zip(scene.answer_marks, scene.threes):
        assert mark.original_text == f"network: {lesson.net.predict(s.input(i))}"


def test_neurons_hold_the_pixel_values(lesson, tmp_path):
    scene = build(PixelsAreNeurons, lesson, media_dir=tmp_path)
    image = lesson.digit.image
    r, c = scene.corner
    values = [image[r + i, c + j] for i in range(PATCH) for j in range(PATCH)]
    assert [l.original_text for l in scene.value_labels] == [fmt(v) for v in values]
    assert [circle.get_fill_opacity() for circle in scene.circles] == pytest.approx(values)
    assert np.ptp(values) > 0.5  # the window shows both ink and paper
    assert scene.headline.original_text.startswith(f"{lesson.net.sizes[0]} input neurons")


def test_locality_by_hand():
    w = np.zeros(784)
    w[0] = 3.0
    w[783] = 1.0
    assert locality(w) == pytest.approx(0.9)
    assert verdict(14, 16).startswith("Mostly yes") and verdict(7, 16).startswith("Partly")
    assert verdict(1, 16).startswith("Mostly not")


def test_why_layers_real_numbers(lesson, tmp_path):
    scene = build(WhyLayers, lesson, media_dir=tmp_path)
    net, s = lesson.net, lesson.samples
    shares = [locality(w) for w in net.weights[0]]
    assert [l.original_text for l in scene.share_labels] == [f"{round(100 * x)}%" for x in shares]
    n_local = sum(x > LOCAL for x in shares)
    assert scene.local_sentence.original_text.startswith(f"{n_local} of 16")
    assert any(c.endswith(verdict(n_local, 16)) for c in scene.captions)
    for k in scene.layer2_neurons:
        acts = [net.forward(s.input(i)).a(2)[k] for i in range(len(s))]
        assert scene.layer2_top[k] == list(np.argsort(-np.array(acts), kind="stable")[:3])
        for i in scene.layer2_top[k]:
            assert scene.top_labels[(k, i)].original_text == format_activation(acts[i])


@pytest.mark.parametrize("file, scene", [("intro.py", "SloppyThrees"), ("neurons.py", "PixelsAreNeurons"),
                                         ("why_layers.py", "WhyLayers")])
def test_last_frame_renders(file, scene, tmp_path):
    result = render(file, scene, tmp_path, "-s", "-ql", env={"LESSON_DIGIT": "0"})
    assert result.returncode == 0, result.stderr[-2000:]
    find_one(tmp_path, f"{scene}*.png")
