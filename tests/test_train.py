import numpy as np

from netcore import Network, mnist
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
    assert shifted(img, 1, 0).reshape(3, 3).tolist() == [[0, 0, 0], [1, 2, 3], [4, 5, 6]]
    assert shifted(img, 0, -1).reshape(3, 3).tolist() == [[2, 3, 0], [5, 6, 0], [8, 9, 0]]
    assert shifted(img, -1, 1).reshape(3, 3).tolist() == [[0, 4, 5], [0, 7, 8], [0, 0, 0]]
    assert np.array_equal(shifted(img, 0, 0), img)


def test_training_is_seeded():
    rng = np.random.default_rng(0)
    x, y = rng.random((40, 6)), rng.integers(0, 3, 40)
    nets = [Network.random((6, 5, 3), seed=1) for _ in range(2)]
    for net in nets:
        train(net, x, y, TrainConfig(epochs=2, batch_size=8, shift=0, seed=7))
    assert all(np.array_equal(a, b) for a, b in zip(nets[0].weights, nets[1].weights))


@needs_mnist
def test_short_run_on_a_slice_beats_chance_widely():
    images, labels = mnist.load("train")
    x, y = mnist.to_inputs(images[:3000]), labels[:3000]
    test_images, test_labels = mnist.load("test")
    t = mnist.to_inputs(test_images[:1000])
    net = Network.random(seed=0)
    history = train(net, x, y, TrainConfig(epochs=10, learning_rate=1e-2, seed=0), test=(t, test_labels[:1000]),
                    snapshot_epochs={0, 10})
    assert history.epochs[-1].test_accuracy > 0.75  # chance is 0.10
    assert accuracy(history.snapshots[0], t, test_labels[:1000]) < 0.3
    assert history.epochs[-1].cost < history.epochs[0].cost
