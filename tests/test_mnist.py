import gzip

import numpy as np
import pytest

from netcore import NetcoreError, dataset, mnist
from conftest import needs_mnist
from datasets import idx_bytes


@pytest.mark.parametrize("gz", [True, False])
def test_good_files_round_trip(tmp_path, gz):
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (5, 28, 28), dtype=np.uint8)
    data = idx_bytes(images)
    path = tmp_path / ("x.gz" if gz else "x")
    path.write_bytes(gzip.compress(data) if gz else data)
    assert np.array_equal(mnist.read_idx(path), images)


def test_truncated_file(tmp_path):
    data = idx_bytes(np.zeros((3, 28, 28), np.uint8))[:-10]
    with pytest.raises(NetcoreError, match="truncated"):
        mnist.parse_idx(data, "x")


def test_wrong_magic(tmp_path):
    data = b"\x12\x34\x08\x01" + bytes(8)
    with pytest.raises(NetcoreError, match="magic number"):
        mnist.parse_idx(data, "x")


def test_corrupt_gzip(tmp_path):
    p = tmp_path / "t10k-labels-idx1-ubyte.gz"
    p.write_bytes(gzip.compress(idx_bytes(np.zeros(5, np.uint8)))[:-8])
    with pytest.raises(NetcoreError, match="decompress"):
        mnist.read_idx(p)


def test_missing_files_named(tmp_path):
    with pytest.raises(NetcoreError, match="t10k-images-idx3-ubyte not found"):
        mnist.find("t10k-images-idx3-ubyte", [tmp_path])


@needs_mnist
def test_official_files_checksums_and_structure():
    for name, digest in mnist.FILES.items():
        path = mnist.find(name[:-3])
        if path.suffix == ".gz":
            assert mnist.sha256(path) == digest
    test = dataset.load().test
    images, labels = test.images, test.labels
    assert images.shape == (10000, 28, 28)
    assert labels[:10].tolist() == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]
    assert np.bincount(labels).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
