"""scenes/weights.py: the neuron's weights, sums, bias and activation on screen equal netcore's."""
import numpy as np
import pytest
from manim import ManimColor

from kit import lesson as lesson_mod
from kit.formatting import fmt, format_activation
from scenetools import build, find_one, render
from weights import OneNeuron, edge_detector, pick_neuron


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    lesson = lesson_mod.load(lesson_mod.Settings(digit="0"))
    return build(OneNeuron, lesson, media_dir=tmp_path_factory.mktemp("media"))


def test_neuron_choice_and_weighted_sum(scene):
    net, a = scene.lesson.net, scene.lesson.digit.pixels
    acts = scene.lesson.trace.a(1)
    k = scene.k
    assert 0.05 < acts[k] < 0.95 and all(acts[j] <= acts[k] for j in range(16) if 0.05 < acts[j] < 0.95)
    total = 0.0
    for j in range(784):  # the weighted sum by an explicit loop
        total += net.weights[0][k, j] * a[j]
    assert scene.sum_formula[2].tex_string == fmt(total).replace("−", "-")
    assert f"{fmt(net.weights[0][k].min())} to {fmt(net.weights[0][k].max(), sign=True)}" in scene.range_text.original_text


def test_bias_z_and_activation(scene):
    net, a = scene.lesson.net, scene.lesson.digit.pixels
    k = scene.k
    b = net.biases[0][k]
    z = sum(net.weights[0][k, j] * a[j] for j in range(784)) + b
    activation = 1 / (1 + np.exp(-z))
    text = scene.bias_text.original_text
    assert f"bias: {fmt(b)}" in text and f"= {fmt(z)}" in text and f"σ(z) = {format_activation(activation)}" in text
    x, y = scene.axes.p2c(scene.activation_point[0].get_center())
    assert x == pytest.approx(z, abs=1e-6) and y == pytest.approx(activation, abs=1e-6)


def test_weight_grid_colours_follow_signs(scene):
    theme, w = scene.theme, scene.w
    rgb = scene.grid.pixel_array[:, :, :3].reshape(-1, 3).astype(int)
    pos, neg = ManimColor(theme.positive).to_int_rgb(), ManimColor(theme.negative).to_int_rgb()
    strongest_pos, strongest_neg = int(np.argmax(w)), int(np.argmin(w))
    assert rgb[strongest_pos].tolist() == list(pos)  # full brightness at the largest weight
    t = abs(w[strongest_neg]) / abs(w).max()
    paper = np.array(ManimColor(theme.paper).to_int_rgb())
    assert np.allclose(rgb[strongest_neg], paper * (1 - t) + np.array(neg) * t, atol=1)


def test_edge_detector_sums(scene):
    s = scene.lesson.samples
    detector = edge_detector().reshape(28, 28)
    for i, label in zip(scene.detector_picks, scene.detector_labels):
        image = s.images[i] / 255.0
        total = sum(detector[r, c] * image[r, c] for r in range(28) for c in range(28))
        assert label.original_text == f"sum = {fmt(total)}"
    sums = [float((s.images[i] / 255.0 * detector).sum()) for i in range(len(s))]
    assert scene.detector_sums[0] == pytest.approx(max(sums)) and scene.detector_sums[-1] == pytest.approx(min(sums))


def test_pick_neuron_rules():
    assert pick_neuron(np.array([0.99, 0.5, 0.7, 0.01])) == 2
    assert pick_neuron(np.array([0.99, 0.999, 0.01])) == 1


def test_last_frame_renders(tmp_path):
    result = render("weights.py", "OneNeuron", tmp_path, "-s", "-ql", env={"LESSON_DIGIT": "0"})
    assert result.returncode == 0, result.stderr[-2000:]
    find_one(tmp_path, "OneNeuron*.png")
