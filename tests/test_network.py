import numpy as np
import pytest

from netcore import Network, NetcoreError
from netcore.activations import relu, sigmoid


def test_parameter_count_by_hand():
    # 784*16 + 16  +  16*16 + 16  +  16*10 + 10
    assert 12544 + 16 + 256 + 16 + 160 + 10 == 13002
    assert Network.random().n_params == 13002
    assert Network.random((4, 3, 2)).n_params == 4 * 3 + 3 + 3 * 2 + 2


def test_forward_matches_explicit_loop():
    net = Network.random((6, 4, 3), seed=3)
    net.biases[0][:] = [0.5, -1.0, 0.25, 2.0]
    x = np.linspace(0, 1, 6)
    trace = net.forward(x)
    a = list(x)
    for l, (w, b) in enumerate(zip(net.weights, net.biases), start=1):
        z = []
        for k in range(w.shape[0]):
            total = b[k]
            for j in range(w.shape[1]):
                total += w[k, j] * a[j]
            z.append(total)
        a = [1 / (1 + np.exp(-v)) for v in z]
        assert np.allclose(trace.z(l), z)
        assert np.allclose(trace.a(l), a)
    assert trace.prediction == int(np.argmax(a))


def test_batch_equals_single_and_accepts_images():
    net = Network.random(seed=1)
    rng = np.random.default_rng(0)
    batch = rng.random((5, 28, 28))
    t = net.forward(batch)
    for i in range(5):
        assert np.allclose(t.output[i], net.forward(batch[i]).output)
    assert list(t.prediction) == [net.predict(b) for b in batch]


def test_relu_hidden_layers_and_sigmoid_output():
    net = Network.random((5, 4, 3), activation="relu", seed=2)
    t = net.forward(np.ones(5))
    assert np.allclose(t.a(1), np.maximum(0, t.z(1)))
    assert np.allclose(t.a(2), 1 / (1 + np.exp(-t.z(2))))


def test_activation_values():
    assert sigmoid(np.array([0.0]))[0] == 0.5
    assert np.allclose(sigmoid(np.array([-1000.0, 1000.0])), [0.0, 1.0])
    assert np.allclose(relu(np.array([-2.0, 0.0, 3.0])), [0, 0, 3])


@pytest.mark.parametrize("bad, msg", [
    (np.zeros(10), "shape"),
    (np.full(784, np.nan), "NaN"),
])
def test_bad_inputs(bad, msg):
    with pytest.raises(NetcoreError, match=msg):
        Network.random().forward(bad)


def test_mismatched_layers_rejected():
    with pytest.raises(NetcoreError, match="do not fit"):
        Network([np.zeros((3, 4))], [np.zeros(4)])
    with pytest.raises(NetcoreError, match="unknown activation"):
        Network.random(activation="tanh")
