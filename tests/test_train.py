import numpy as np
import pytest

from netcore import NetcoreError, Network, dataset
from netcore.train import TrainConfig, accuracy, cost, gradients, shifted, train

from conftest import needs_mnist


def test_gradients_match_finite_differences():
    for activation in ("sigmoid", "relu"):
        net = Network.random((7, 5, 4, 3), activation=activation, seed=4)
        for b in net.biases:
            b[:] = np.random.default_rng(1).normal(0, 0.3, b.shape)
        rng = np.random.default_rng(2)
        x, y = rng.random((6, 7)), rng.integers(0, 3, 6)
        gw, gb = gradients(net, x, y)
        h = 1e-6
        for params, grads in ((net.weights, gw), (net.biases, gb)):
            for p, g in zip(params, grads):
                for idx in np.ndindex(p.shape):
                    old = p[idx]
                    p[idx] = old + h
                    up = cost(net, x, y)
                    p[idx] = old - h
                    down = cost(net, x, y)
                    p[idx] = old
                    assert abs((up - down) / (2 * h) - g[idx]) < 1e-6, (activation, idx)


def test_shift_moves_pixels_without_wrapping():
    img = np.arange(1, 10, dtype=float).reshape(1, 9)  # 3x3: 1 2 3 / 4 5 6 / 7 8 9
    assert shifted(img, 1, 0, (3, 3)).reshape(3, 3).tolist() == [[0, 0, 0], [1, 2, 3], [4, 5, 6]]
    assert shifted(img, 0, -1, (3, 3)).reshape(3, 3).tolist() == [[2, 3, 0], [5, 6, 0], [8, 9, 0]]
    assert shifted(img, -1, 1, (3, 3)).reshape(3, 3).tolist() == [[0, 4, 5], [0, 7, 8], [0, 0, 0]]
    assert np.array_equal(shifted(img, 0, 0, (3, 3)), img)
    wide = np.arange(1, 7, dtype=float).reshape(1, 6)  # 2x3: 1 2 3 / 4 5 6
    assert shifted(wide, 0, 1, (2, 3)).reshape(2, 3).tolist() == [[0, 1, 2], [0, 4, 5]]


def test_defaults_fit_the_data():
    assert TrainConfig.for_data(60_000, (28, 28)) == TrainConfig()  # MNIST: the shipped settings
    small = TrainConfig.for_data(1_437, (8, 8))
    assert small.shift == 0 and small.epochs * 45 >= 15_000 and small.epochs <= 400  # 45 batches an epoch
    assert TrainConfig.for_data(500_000, (64, 40)).epochs == 30
    chosen = TrainConfig.for_data(1_437, (8, 8), epochs=5, shift=2, learning_rate=None)
    assert (chosen.epochs, chosen.shift, chosen.learning_rate) == (5, 2, TrainConfig().learning_rate)


def test_labels_must_fit_the_outputs():
    net = Network.random((4, 3, 2))
    with pytest.raises(NetcoreError, match="outside 0..1"):
        train(net, np.zeros((3, 4)), np.array([0, 1, 2]), TrainConfig(epochs=1, shift=0))


def test_training_is_seeded():
    rng = np.random.default_rng(0)
    x, y = rng.random((40, 6)), rng.integers(0, 3, 40)
    nets = [Network.random((6, 5, 3), seed=1) for _ in range(2)]
    for net in nets:
        train(net, x, y, TrainConfig(epochs=2, batch_size=8, shift=0, seed=7))
    assert all(np.array_equal(a, b) for a, b in zip(nets[0].weights, nets[1].weights))


@needs_mnist
def test_short_run_on_a_slice_beats_chance_widely():
    data = dataset.load()
    x, y = data.train.inputs[:3000], data.train.labels[:3000]
    t, test_labels = data.test.inputs[:1000], data.test.labels
    net = Network.random(seed=0)
    history = train(net, x, y, TrainConfig(epochs=10, learning_rate=1e-2, seed=0), test=(t, test_labels[:1000]),
                    snapshot_epochs={0, 10})
    assert history.epochs[-1].test_accuracy > 0.75  # chance is 0.10
    assert accuracy(history.snapshots[0], t, test_labels[:1000]) < 0.3
    assert history.epochs[-1].cost < history.epochs[0].cost
