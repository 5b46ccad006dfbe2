"""The files shipped in assets/: they load, and they are what the MNIST files and the training command say."""
import numpy as np
import pytest

from netcore import dataset, mnist, paths, samples, weights
from netcore.evaluate import evaluate
from conftest import needs_mnist


def test_shipped_weights_load_with_their_record():
    net, meta = weights.load(paths.DEFAULT_WEIGHTS)
    assert net.sizes == (784, 16, 16, 10) and net.activation == "sigmoid" and net.n_params == 13002
    assert meta["test_accuracy"] >= 0.95
    assert meta["epochs_done"] == meta["config"]["epochs"] == len(meta["history"])
    assert set(meta["training_data"]) == {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"}


def test_relu_weights_and_snapshots_load():
    relu, meta = weights.load(paths.RELU_WEIGHTS)
    assert relu.activation == "relu" and relu.sizes == (784, 16, 16, 10)
    snaps, smeta = weights.load_snapshots(paths.SNAPSHOTS)
    assert min(snaps) == 0 and max(snaps) == meta["config"]["epochs"]
    final, _ = weights.load(paths.DEFAULT_WEIGHTS)
    assert all(np.array_equal(a, b) for a, b in zip(snaps[max(snaps)].weights, final.weights))
    acc = smeta["test_accuracy"]
    assert acc["0"] < 0.3 and acc[str(max(snaps))] >= 0.95


def test_sample_has_every_class_and_a_mistake():
    s = samples.load(paths.SAMPLES)
    net, _ = weights.load(paths.DEFAULT_WEIGHTS)
    assert set(s.labels.tolist()) == set(range(10))
    assert list(s.indices) == sorted(s.indices) and len(set(s.indices)) == len(s)
    wrong = net.predict(s.inputs) != s.labels
    assert wrong.any() and not wrong.all()


@needs_mnist
def test_sample_is_the_documented_slice_of_the_test_set():
    test = dataset.load().test
    s = samples.load(paths.SAMPLES)
    assert np.array_equal(test.images[s.indices], s.images) and np.array_equal(test.labels[s.indices], s.labels)
    net, _ = weights.load(paths.DEFAULT_WEIGHTS)
    expected = samples.choose(test.labels, net.predict(test.inputs))
    assert np.array_equal(expected, s.indices)


@needs_mnist
def test_stated_accuracy_is_measured_accuracy():
    data = dataset.load()
    for path in (paths.DEFAULT_WEIGHTS, paths.RELU_WEIGHTS):
        net, meta = weights.load(path)
        result = evaluate(net, data.test)
        assert result.accuracy == pytest.approx(meta["test_accuracy"], abs=1e-9)
        assert result.counts.sum() == 10000 and result.right == round(result.accuracy * 10000)
        assert (meta["n_train"], meta["n_test"]) == (len(data.train), len(data.test))
    assert weights.load_snapshots(paths.SNAPSHOTS)[1]["n_train"] == len(data.train)
    assert weights.load(paths.DEFAULT_WEIGHTS)[1]["training_data"] == mnist.data_fingerprint("train")
