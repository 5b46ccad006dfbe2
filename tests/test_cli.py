"""python -m netcore: outputs, one-line errors and exit codes, checkpoints and Ctrl-C."""
import gzip
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from netcore import mnist, weights
from netcore.evaluate import confusion_matrix
from scenetools import ROOT
from datasets import idx_bytes


def run(*args, **kw):
    return subprocess.run([sys.executable, "-m", "netcore", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, **kw)


def test_predict_sample():
    r = run("predict", "--sample", "0")
    assert r.returncode == 0
    lines = r.stdout.splitlines()
    assert "label 7" in lines[0]
    assert lines[-1] == "prediction: 7"
    assert sum("<- choice" in line for line in lines) == 1


def test_predict_image(tmp_path):
    from PIL import Image

    img = np.full((100, 100), 255, np.uint8)
    img[15:85, 45:55] = 0
    Image.fromarray(img).save(tmp_path / "one.png")
    r = run("predict", "--image", str(tmp_path / "one.png"))
    assert r.returncode == 0 and "prediction:" in r.stdout


@pytest.mark.parametrize("args, message", [
    (["predict", "--sample", "9999"], "out of range"),
    (["predict", "--image", "/nonexistent.png"], "not found"),
    (["evaluate", "--weights", "/nonexistent.npz"], "not found"),
    (["info", "--weights", "pyproject.toml"], "not a readable .npz"),
])
def test_bad_input_one_line(args, message):
    r = run(*args)
    assert r.returncode == 1
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("error:") and message in r.stderr


def test_unknown_option():
    r = run("train", "--colour", "red")
    assert r.returncode == 2 and "unrecognized arguments: --colour red" in r.stderr
    assert "Traceback" not in r.stderr


def test_confusion_matrix_by_hand():
    counts = confusion_matrix(np.array([0, 0, 1, 2]), np.array([0, 1, 1, 1]), 3)
    assert counts.tolist() == [[1, 1, 0], [0, 1, 0], [0, 1, 0]]


def fake_mnist(folder, n_train=2000, n_test=200):
    rng = np.random.default_rng(0)
    for split, n in (("train", n_train), ("test", n_test)):
        labels = rng.integers(0, 10, n).astype(np.uint8)
        images = np.zeros((n, 28, 28), np.uint8)
        for i, y in enumerate(labels):  # each class lights its own band of rows: easy to learn
            images[i, 2 + 2 * y: 4 + 2 * y, 4:24] = 255
        images = np.clip(images + rng.integers(0, 40, images.shape), 0, 255).astype(np.uint8)
        for stem, arr in zip(mnist.SPLITS[split], (images, labels)):
            (folder / f"{stem}.gz").write_bytes(gzip.compress(idx_bytes(arr)))


def test_train_writes_checkpoint_and_snapshots(tmp_path):
    fake_mnist(tmp_path)
    out, snaps = tmp_path / "w.npz", tmp_path / "s.npz"
    r = run("train", "--data", str(tmp_path), "--out", str(out), "--epochs", "3", "--shift", "0", "--lr", "0.01", "--snapshots", "0,3",
            "--snapshots-out", str(snaps))
    assert r.returncode == 0, r.stderr
    net, meta = weights.load(out)
    assert meta["epochs_done"] == 3 and meta["test_accuracy"] > 0.9
    assert sorted(weights.load_snapshots(snaps)[0]) == [0, 3]
    r = run("evaluate", "--weights", str(out), "--data", str(tmp_path))
    assert r.returncode == 0 and "confusion matrix" in r.stdout


def test_ctrl_c_keeps_last_checkpoint(tmp_path):
    fake_mnist(tmp_path, n_train=20000)
    out = tmp_path / "w.npz"
    proc = subprocess.Popen([sys.executable, "-m", "netcore", "train", "--data", str(tmp_path), "--out", str(out),
                             "--epochs", "500"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while not out.exists() and time.time() < deadline:
        time.sleep(0.05)
    assert out.exists()
    time.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "holds the weights after epoch" in err and "Traceback" not in err
    net, meta = weights.load(out)  # intact and loadable
    assert meta["epochs_done"] >= 1
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".part")]
