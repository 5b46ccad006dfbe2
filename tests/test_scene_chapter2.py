"""scenes/counting.py, notation.py, recap.py, learning.py and relu.py: every number shown is netcore's."""
import numpy as np
import pytest

from counting import CountingParameters, layer_counts
from kit import lesson as lesson_mod
from kit.formatting import count, fmt, format_activation
from kit.formatting import percent
from learning import ReplayTraining
from netcore import Network, dataset, paths, weights
from netcore.train import accuracy
from notation import DOTS, MatrixForm, tex_number, with_gaps
from recap import NetworkAsFunction
from relu import SigmoidVsReLU, comparison
from scenetools import build, find_one, render
from conftest import needs_mnist


@pytest.fixture(scope="module")
def lesson():
    return lesson_mod.load(lesson_mod.Settings(digit="0"))


def test_counting_by_hand(lesson, tmp_path):
    scene = build(CountingParameters, lesson, media_dir=tmp_path)
    assert [r.original_text for r in scene.rows] == [
        "input → hidden 1:  784 × 16 = 12,544 weights + 16 biases",
        "hidden 1 → hidden 2:  16 × 16 = 256 weights + 16 biases",
        "hidden 2 → output:  16 × 10 = 160 weights + 10 biases"]
    assert scene.total == 784 * 16 + 16 + 16 * 16 + 16 + 16 * 10 + 10 == 13002
    assert scene.total_text.original_text == "13,002 weights and biases"


def test_counting_another_architecture():
    net = Network.random((784, 30, 10))
    assert layer_counts(net) == [(784, 30, 23520, 30), (30, 10, 300, 10)]
    assert sum(w + b for _, _, w, b in layer_counts(net)) == net.n_params == 23860


def test_notation_slice_is_true(lesson, tmp_path):
    scene = build(MatrixForm, lesson, media_dir=tmp_path)
    net, a = lesson.net, lesson.digit.pixels
    W, b = net.weights[0], net.biases[0]
    entries = [e.tex_string for e in scene.W.get_entries()]
    expected = []
    for k in scene.rows:
        for j in scene.cols:
            if k is DOTS or j is DOTS:
                expected.append(None)
            else:
                expected.append(tex_number(W[k, j]))
    assert [e for e, x in zip(entries, expected) if x is not None] == [x for x in expected if x is not None]
    # Column and row labels name the true indices.
    assert [l.original_text for l in scene.col_labels] == [str(j) for j in scene.cols if j is not DOTS]
    assert [l.original_text for l in scene.row_labels] == [str(k) for k in scene.rows if k is not DOTS]
    a0 = [e.tex_string for e in scene.a0.get_entries()]
    assert [x for x, j in zip(a0, scene.cols) if j is not DOTS] == [tex_number(a[j]) for j in scene.cols if j is not DOTS]
    bias = [e.tex_string for e in scene.b.get_entries()]
    assert [x for x, k in zip(bias, scene.rows) if k is not DOTS] == [tex_number(b[k]) for k in scene.rows if k is not DOTS]
    a1 = [e.tex_string for e in scene.a1_vec.get_entries()]
    z = [sum(W[k, j] * a[j] for j in range(784)) + b[k] for k in range(16)]  # an explicit loop, all 784 columns
    assert [x for x, k in zip(a1, scene.rows) if k is not DOTS] == [
        tex_number(1 / (1 + np.exp(-z[k])), 3) for k in scene.rows if k is not DOTS]
    assert scene.row_sum.original_text.endswith(f"=  {fmt(z[scene.k])}")


def test_with_gaps():
    assert with_gaps({0, 5, 6, 783}) == [0, DOTS, 5, 6, DOTS, 783]
    assert with_gaps({0, 1, 15}) == [0, 1, DOTS, 15]


def test_recap_outputs_and_mistake(lesson, tmp_path):
    scene = build(NetworkAsFunction, lesson, media_dir=tmp_path)
    s, net = lesson.samples, lesson.net
    assert scene.params_text.original_text == f"{count(13002)} parameters"
    assert scene.mistake is not None and net.predict(s.input(scene.mistake)) != s.labels[scene.mistake]
    out = net.forward(s.input(scene.mistake)).output
    assert np.allclose(scene.last_bars.values, out)
    assert [l.original_text for l in scene.last_bars.value_labels] == [fmt(v) for v in out]
    assert scene.last_answer.original_text == f"answer: {int(np.argmax(out))} ({format_activation(out.max())})"


def test_learning_replays_the_snapshots(lesson, tmp_path):
    scene = build(ReplayTraining, lesson, media_dir=tmp_path)
    snaps, meta = weights.load_snapshots(paths.SNAPSHOTS)
    last = max(snaps)
    assert scene.shown_epoch == last and scene.epoch_text.original_text == f"epoch {last}"
    assert scene.acc_text.original_text == f"test accuracy {percent(meta['test_accuracy'][str(last)])}"
    assert np.allclose(scene.bars.values, snaps[last].forward(lesson.digit.pixels).output)
    assert np.array_equal(scene.grid.values, snaps[last].weights[0][scene.k])
    final, _ = weights.load(paths.DEFAULT_WEIGHTS)
    assert np.array_equal(snaps[last].weights[0], final.weights[0])  # the replay ends at the shipped weights
    assert scene.captions[-1].startswith("It ends at the very weights the other scenes use")
    assert any(f"pass over the {count(meta['n_train'])} training images" in c for c in scene.captions)


@needs_mnist
def test_snapshot_accuracies_are_measured():
    snaps, meta = weights.load_snapshots(paths.SNAPSHOTS)
    test = dataset.load().test
    x, labels = test.inputs, test.labels
    for epoch in (0, 1, max(snaps)):
        assert meta["test_accuracy"][str(epoch)] == pytest.approx(accuracy(snaps[epoch], x, labels), abs=1e-12)


def test_relu_scene_numbers(lesson, tmp_path):
    scene = build(SigmoidVsReLU, lesson, media_dir=tmp_path)
    for name, path in (("sigmoid", paths.DEFAULT_WEIGHTS), ("ReLU", paths.RELU_WEIGHTS)):
        net, meta = weights.load(path)
        assert percent(meta["test_accuracy"]) in scene.acc_texts[name].original_text
        assert np.allclose(scene.hidden_bars[name].values, net.forward(lesson.digit.pixels).a(1))
    relu_net, _ = weights.load(paths.RELU_WEIGHTS)
    assert scene.zeros == int(np.sum(relu_net.forward(lesson.digit.pixels).a(1) == 0))
    assert comparison(0.95, 0.9502).startswith("On this small network") and comparison(0.90, 0.95).startswith("ReLU beats")


@pytest.mark.parametrize("file, scene", [("counting.py", "CountingParameters"), ("notation.py", "MatrixForm"),
                                         ("recap.py", "NetworkAsFunction"), ("learning.py", "ReplayTraining"),
                                         ("relu.py", "SigmoidVsReLU")])
def test_last_frame_renders(file, scene, tmp_path):
    result = render(file, scene, tmp_path, "-s", "-ql", env={"LESSON_DIGIT": "0"})
    assert result.returncode == 0, result.stderr[-2000:]
    find_one(tmp_path, f"{scene}*.png")
