import json

import numpy as np
import pytest

from netcore import NetcoreError, Network, weights


def test_round_trip(tmp_path):
    net = Network.random(seed=5)
    weights.save(net, tmp_path / "w.npz", {"seed": 5})
    back, meta = weights.load(tmp_path / "w.npz")
    assert meta["seed"] == 5 and meta["sizes"] == [784, 16, 16, 10] and meta["n_params"] == 13002
    assert all(np.array_equal(a, b) for a, b in zip(net.weights + net.biases, back.weights + back.biases))


def test_snapshots_round_trip(tmp_path):
    snaps = {0: Network.random((4, 3, 2), seed=0), 5: Network.random((4, 3, 2), seed=1)}
    weights.save_snapshots(snaps, tmp_path / "s.npz")
    back, _ = weights.load_snapshots(tmp_path / "s.npz")
    assert sorted(back) == [0, 5]
    assert np.array_equal(back[5].weights[1], snaps[5].weights[1])


def write_raw(path, meta, **arrays):
    np.savez(path, meta=np.array(json.dumps(meta)), **arrays)


GOOD_META = {"format": 1, "sizes": [3, 2], "activation": "sigmoid"}


@pytest.mark.parametrize("meta, arrays, message", [
    (GOOD_META, {"W1": np.zeros((3, 2)), "b1": np.zeros(2)}, "W1 has shape"),
    (GOOD_META, {"W1": np.zeros((2, 3))}, "b1 is missing"),
    (GOOD_META, {"W1": np.full((2, 3), np.nan), "b1": np.zeros(2)}, "NaN"),
    (GOOD_META, {"W1": np.zeros((2, 3), int), "b1": np.zeros(2)}, "dtype"),
    (dict(GOOD_META, format=9), {"W1": np.zeros((2, 3)), "b1": np.zeros(2)}, "format version"),
    (dict(GOOD_META, activation="tanh"), {"W1": np.zeros((2, 3)), "b1": np.zeros(2)}, "unknown activation"),
    (dict(GOOD_META, sizes="784"), {"W1": np.zeros((2, 3)), "b1": np.zeros(2)}, "sizes"),
])
def test_bad_files(tmp_path, meta, arrays, message):
    write_raw(tmp_path / "bad.npz", meta, **arrays)
    with pytest.raises(NetcoreError, match=message):
        weights.load(tmp_path / "bad.npz")


def test_not_npz_and_missing(tmp_path):
    (tmp_path / "x.npz").write_bytes(b"not a zip")
    with pytest.raises(NetcoreError, match="not a readable"):
        weights.load(tmp_path / "x.npz")
    with pytest.raises(NetcoreError, match="not found"):
        weights.load(tmp_path / "none.npz")
    np.savez(tmp_path / "nometa.npz", W1=np.zeros((2, 3)))
    with pytest.raises(NetcoreError, match="meta"):
        weights.load(tmp_path / "nometa.npz")


def test_failed_save_keeps_old_file(tmp_path, monkeypatch):
    path = tmp_path / "w.npz"
    weights.save(Network.random((3, 2)), path)
    before = path.read_bytes()

    def boom(*a, **k):
        raise RuntimeError("disk full")
    monkeypatch.setattr(np, "savez_compressed", boom)
    with pytest.raises(RuntimeError):
        weights.save(Network.random((3, 2), seed=9), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["w.npz"]
