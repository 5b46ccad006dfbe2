"""Lesson sets: made from a dataset folder by `python -m netcore assets`, read back and checked."""
import hashlib
import json
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from netcore import NetcoreError, dataset, lessonset, paths, samples, weights
from netcore.dataset import MNIST
from conftest import needs_mnist
from datasets import SHAPES, draw_shape, shapes_dataset
from scenetools import ROOT


def run(*args):
    return subprocess.run([sys.executable, "-m", "netcore", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)


@pytest.fixture(scope="module")
def shapes_set(tmp_path_factory):
    """A 12x12 dataset of three named shapes and the lesson set made from it."""
    root = tmp_path_factory.mktemp("shapes")
    data = shapes_dataset(root / "data", names=["circle", "square", "cross"])
    r = run("assets", "--data", str(data), "--out", str(root / "set"))
    assert r.returncode == 0, r.stderr
    return data, root / "set", r.stdout


def test_assets_makes_a_complete_set(shapes_set):
    data, folder, out = shapes_set
    assert sorted(p.name for p in folder.iterdir()) == ["README.md", "samples.npz", "snapshots.npz",
                                                        "weights-relu.npz", "weights.npz"]
    s = lessonset.load(folder)
    assert s.info.classes == ("circle", "square", "cross") and s.info.image_shape == (12, 12)
    assert s.net.sizes == (144, 16, 16, 3) and s.net.activation == "sigmoid"
    assert s.twin.activation == "relu" and s.twin.sizes == s.net.sizes
    assert s.meta["test_accuracy"] >= 0.95 and s.twin_meta["test_accuracy"] >= 0.9
    last = max(s.snapshots)
    assert min(s.snapshots) == 0 and last == s.meta["config"]["epochs"]
    assert all(np.array_equal(a, b) for a, b in zip(s.snapshots[last].weights, s.net.weights))
    # the sample: the first 8 of each class in test order, then the first mistakes
    test = dataset.load(data).test
    expected = samples.choose(test.labels, s.net.predict(test.inputs), 8, lessonset.MISTAKES)
    assert np.array_equal(s.samples.indices, expected)
    assert np.array_equal(s.samples.images, test.images[expected])
    readme = (folder / "README.md").read_text()
    assert "Drawn shapes" in readme and "circle, square, cross" in readme and "144-16-16-3" in readme
    assert "epoch" in out and "lesson set in" in out


def test_the_set_evaluates_and_reads_a_drawn_shape(shapes_set, tmp_path):
    data, folder, _ = shapes_set
    r = run("evaluate", "--weights", str(folder / "weights.npz"), "--data", str(data))
    assert r.returncode == 0, r.stderr
    assert "test accuracy on Drawn shapes" in r.stdout and "circle" in r.stdout
    for kind, name in zip(SHAPES[:3], ("circle", "square", "cross")):
        big = np.kron(255 - draw_shape(kind, 12, 12), np.ones((10, 10), np.uint8))  # dark on light, 120x120
        Image.fromarray(big.astype(np.uint8)).save(tmp_path / f"{kind}.png")
        r = run("predict", "--set", str(folder), "--image", str(tmp_path / f"{kind}.png"))
        assert r.returncode == 0, r.stderr
        assert r.stdout.splitlines()[-1] == f"prediction: {name}"


def test_info_prints_the_topic(shapes_set):
    _, folder, _ = shapes_set
    r = run("info", "--weights", str(folder / "weights.npz"))
    assert r.returncode == 0
    assert "Drawn shapes" in r.stdout and "shape (shapes), 12x12 pixels" in r.stdout
    assert "3 classes: circle, square, cross" in r.stdout
    assert "layer 1: W1 16x144" in r.stdout and "activation sigmoid = 1 / (1 + e^-z)" in r.stdout
    assert "total 2,643 parameters" in r.stdout  # 144*16+16 + 16*16+16 + 16*3+3


@pytest.mark.parametrize("sizes", [["8"], ["8", "6", "5"], ["144", "12", "3"]])
def test_one_and_three_hidden_layers_train_and_save(shapes_set, tmp_path, sizes):
    data, _, _ = shapes_set
    out = tmp_path / "w.npz"
    r = run("train", "--data", str(data), "--out", str(out), "--epochs", "3", "--sizes", *sizes, "--activation", "relu")
    assert r.returncode == 0, r.stderr
    net, meta = weights.load(out)
    hidden = tuple(int(n) for n in sizes) if sizes[0] != "144" else (12,)
    assert net.sizes == (144, *hidden, 3) and meta["activations"] == ["relu"] * len(hidden) + ["sigmoid"]
    assert weights.dataset_info(meta).classes == ("circle", "square", "cross")
    assert net.n_params == sum(a * b + b for a, b in zip(net.sizes, net.sizes[1:]))


@pytest.mark.parametrize("sizes, message", [
    (["8", "8", "8", "8", "8"], "5 hidden layers asked for; supported are 1 to 4"),
    (["513"], "a hidden layer of 513 neurons"),
    (["1"], "a hidden layer of 1 neurons"),
])
def test_unsupported_sizes_one_line(shapes_set, tmp_path, sizes, message):
    data, _, _ = shapes_set
    r = run("assets", "--data", str(data), "--out", str(tmp_path / "x"), "--sizes", *sizes)
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and message in r.stderr
    assert not (tmp_path / "x").exists()


def test_weights_from_before_datasets_were_recorded_still_load(tmp_path):
    net, _ = weights.load(paths.DEFAULT_WEIGHTS)
    meta = {"format": 1, "sizes": list(net.sizes), "activation": "sigmoid", "n_params": net.n_params}
    arrays = {f"{k}{l}": a for l, (w, b) in enumerate(zip(net.weights, net.biases), start=1) for k, a in (("W", w), ("b", b))}
    np.savez_compressed(tmp_path / "old.npz", meta=np.array(json.dumps(meta)), **arrays)
    back, meta = weights.load(tmp_path / "old.npz")
    assert weights.dataset_info(meta) == MNIST
    assert np.array_equal(back.forward(np.linspace(0, 1, 784)).output, net.forward(np.linspace(0, 1, 784)).output)
    r = run("info", "--weights", str(tmp_path / "old.npz"))
    assert r.returncode == 0 and "records no dataset" in r.stdout and "MNIST" in r.stdout


def test_a_set_whose_parts_do_not_fit(shapes_set, tmp_path):
    _, folder, _ = shapes_set
    with pytest.raises(NetcoreError, match="holds 28x28 items, but .* takes 12x12 images"):
        lessonset.load(paths.ASSETS, folder / "weights.npz")
    with pytest.raises(NetcoreError, match="lesson set .* not found"):
        lessonset.load(tmp_path / "none")


def test_a_recorded_topic_must_fit_the_layers(tmp_path):
    net, meta = weights.load(paths.DEFAULT_WEIGHTS)
    bad = dict(MNIST.to_meta(), classes=["a", "b"])
    with pytest.raises(NetcoreError, match="do not fit a network of layers 784-16-16-10"):
        weights.save(net, tmp_path / "w.npz", info=dataset.DatasetInfo.from_meta(bad, "x"))


def test_shipped_set_is_mnist():
    s = lessonset.load(paths.ASSETS)
    assert s.info == MNIST and s.net.n_params == 13002 and s.twin.activation == "relu"
    assert s.net.layer_activations == ["sigmoid"] * 3 and s.twin.layer_activations == ["relu", "relu", "sigmoid"]


#: SHA-256 of the shipped networks' predictions on the 10,000 MNIST test images, taken when the
#: networks were first trained with handwriting-like distortions (95.78% and 95.80%): a
#: regeneration on another CPU may change the arrays in their last bits, but no prediction.
PREDICTIONS = {"weights.npz": "e180c2fc5961ed48c82d95e1d726be4a2a6d7d8f9fe338869848865df83ac5e3",
               "weights-relu.npz": "eeb95ccef9f7d55222aa5a13f49440261ed82480a2864e167f2906cc5322749b"}


def prediction_digest(net, test) -> str:
    return hashlib.sha256(net.predict(test.inputs).astype(np.uint8).tobytes()).hexdigest()


@needs_mnist
def test_shipped_weights_give_the_same_predictions_as_before():
    test = dataset.load().test
    for name, digest in PREDICTIONS.items():
        assert prediction_digest(weights.load(paths.ASSETS / name)[0], test) == digest


@needs_mnist
@pytest.mark.slow
def test_assets_regenerates_the_shipped_set(tmp_path):
    r = run("assets", "--out", str(tmp_path))
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "README.md").read_text() == (paths.ASSETS / "README.md").read_text()
    for name in ("weights.npz", "weights-relu.npz", "snapshots.npz", "samples.npz"):
        with np.load(tmp_path / name) as new, np.load(paths.ASSETS / name) as old:
            assert set(new.files) == set(old.files)
            for k in new.files:
                if k == "meta":
                    continue
                # Bit for bit on the machine that made them; another CPU's floating point may differ
                # in the last bits, never in a prediction (checked below).
                assert np.allclose(new[k], old[k], rtol=0, atol=1e-9), (name, k)
    test = dataset.load().test
    for name, digest in PREDICTIONS.items():
        assert prediction_digest(weights.load(tmp_path / name)[0], test) == digest
