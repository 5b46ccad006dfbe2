"""Distortions: warps checked against exact rotations and an explicit loop, strokes against hand-made
images, training with distortions reproducible and checked."""
import numpy as np
import pytest

from netcore import Network, NetcoreError
from netcore.augment import Distortion, VARIANTS, linear_maps, thicker, thinner, warp, written_differently
from netcore.train import TrainConfig, train


def test_a_quarter_turn_is_numpys_rot90():
    rng = np.random.default_rng(0)
    images = rng.random((3, 9, 9))
    turned = warp(images, linear_maps(np.full(3, 90.0), np.zeros(3), np.ones(3), np.ones(3)))
    assert np.allclose(turned, np.rot90(images, k=-1, axes=(1, 2)), atol=1e-6)  # clockwise


def test_warp_equals_an_explicit_bilinear_loop():
    rng = np.random.default_rng(1)
    image = rng.random((6, 7))
    m = linear_maps(np.array([17.0]), np.array([0.2]), np.array([1.1]), np.array([0.9]))[0]
    shift = np.array([0.3, -0.6])
    got = warp(image[None], m[None], shift[None])[0]
    centre = np.array([2.5, 3.0])
    for r in range(6):
        for c in range(7):
            y, x = m @ (np.array([r, c]) - centre) + centre + shift
            total = 0.0
            for rr in (int(np.floor(y)), int(np.floor(y)) + 1):
                for cc in (int(np.floor(x)), int(np.floor(x)) + 1):
                    if 0 <= rr < 6 and 0 <= cc < 7:
                        total += (1 - abs(y - rr)) * (1 - abs(x - cc)) * image[rr, cc]
            assert got[r, c] == pytest.approx(total, abs=1e-5)  # computed in float32


def test_stretch_and_slant_move_points_where_expected():
    image = np.zeros((1, 21, 21))
    image[0, 10, 15] = 1.0  # five columns right of the centre
    wide = warp(image, linear_maps(np.zeros(1), np.zeros(1), np.ones(1), np.full(1, 1.2)))
    assert np.unravel_index(wide[0].argmax(), (21, 21)) == (10, 16)  # 5 * 1.2 = 6 columns right
    image = np.zeros((1, 21, 21))
    image[0, 5, 10] = 1.0  # five rows above the centre
    slanted = warp(image, linear_maps(np.zeros(1), np.full(1, 0.4), np.ones(1), np.ones(1)))
    assert np.unravel_index(slanted[0].argmax(), (21, 21)) == (5, 12)  # leans right by 0.4 per row up


def test_thicker_and_thinner_strokes():
    image = np.zeros((1, 7, 7))
    image[0, 2:5, 3] = 1.0  # a vertical line, 1 wide
    thick = thicker(image)[0]
    assert thick[2:5, 2:5].all() and thick[1, 3] == 1 and thick[5, 3] == 1 and thick.sum() == 3 * 3 + 2
    block = np.zeros((1, 7, 7))
    block[0, 1:6, 1:6] = 0.8
    thin = thinner(block)[0]
    assert (thin[2:5, 2:5] == 0.8).all() and thin.sum() == pytest.approx(9 * 0.8)  # ink keeps its strength


def test_every_variant_keeps_images_in_range():
    rng = np.random.default_rng(2)
    images = rng.random((4, 28, 28))
    for v in VARIANTS:
        out = written_differently(images, v)
        assert out.shape == images.shape and out.min() >= 0 and out.max() <= 1 + 1e-12, v
    with pytest.raises(ValueError, match="unknown variant"):
        written_differently(images, "upside down")


def test_training_with_distortions_is_reproducible_and_checked():
    rng = np.random.default_rng(3)
    x, labels = rng.random((64, 64)), rng.integers(0, 3, 64)
    config = TrainConfig(epochs=1, shift=0, turn=10, slant=0.2, stretch=0.1, stroke=0.2)
    nets = [Network.random((64, 5, 3), seed=0) for _ in range(2)]
    for net in nets:
        train(net, x, labels, config, image_shape=(8, 8))
    assert np.array_equal(nets[0].weights[0], nets[1].weights[0])
    plain = Network.random((64, 5, 3), seed=0)
    train(plain, x, labels, TrainConfig(epochs=1, shift=0), image_shape=(8, 8))
    assert not np.array_equal(plain.weights[0], nets[0].weights[0])  # the distortions changed what it saw
    with pytest.raises(NetcoreError, match="distortions must be positive"):
        train(plain, x, labels, TrainConfig(epochs=1, shift=0, stroke=0.7), image_shape=(8, 8))
    assert Distortion().active is False and config.distortion == Distortion(10, 0.2, 0.1, 0.2)
