import numpy as np
import pytest
from PIL import Image

from netcore import NetcoreError
from netcore.preprocess import center_of_mass, load_image, prepare, resize


def stroke_image(invert=False, size=(120, 90)):
    """A thick off-center vertical bar with a foot: white ink on black, or the reverse."""
    h, w = size
    img = np.zeros(size)
    img[10:70, 15:25] = 1.0
    img[60:70, 15:45] = 1.0
    return 1.0 - img if invert else img


def test_centered_and_boxed():
    out = prepare(stroke_image())
    assert out.shape == (28, 28) and 0 <= out.min() and out.max() <= 1
    cy, cx = center_of_mass(out)
    assert abs(cy - 13.5) <= 1 and abs(cx - 13.5) <= 1
    rows = np.flatnonzero(out.max(axis=1) > 0.05)
    cols = np.flatnonzero(out.max(axis=0) > 0.05)
    assert rows[-1] - rows[0] + 1 <= 21 and cols[-1] - cols[0] + 1 <= 21
    assert rows[-1] - rows[0] + 1 >= 19  # the long side fills the 20-pixel box


def test_inversion_handled():
    assert np.allclose(prepare(stroke_image()), prepare(stroke_image(invert=True)), atol=1e-9)


def test_blank_image_refused():
    with pytest.raises(NetcoreError, match="nothing found"):
        prepare(np.full((50, 50), 0.8))


def test_resize_preserves_mean_and_constants():
    img = np.random.default_rng(0).random((40, 60))
    assert np.allclose(resize(np.ones((40, 60)), (20, 13)), 1.0)
    assert abs(resize(img, (20, 30)).mean() - img.mean()) < 0.01


def test_png_file_with_alpha(tmp_path):
    rgba = np.zeros((64, 64, 4), np.uint8)
    rgba[10:50, 28:36] = (0, 0, 0, 255)  # black ink, rest transparent
    Image.fromarray(rgba, "RGBA").save(tmp_path / "d.png")
    out = load_image(tmp_path / "d.png")
    assert out.max() == pytest.approx(1.0) and out.sum() > 20


def test_not_an_image(tmp_path):
    p = tmp_path / "x.png"
    p.write_text("hello")
    with pytest.raises(NetcoreError, match="cannot decode"):
        load_image(p)
    with pytest.raises(NetcoreError, match="not found"):
        load_image(tmp_path / "nope.png")


def test_mnist_recipe_scales_with_the_field():
    for shape in ((8, 8), (12, 20), (64, 64)):
        out = prepare(stroke_image(), shape, "mnist")
        assert out.shape == shape
        cy, cx = center_of_mass(out)
        assert abs(cy - (shape[0] - 1) / 2) <= 1 and abs(cx - (shape[1] - 1) / 2) <= 1
        rows = np.flatnonzero(out.max(axis=1) > 0.05)
        assert rows[-1] - rows[0] + 1 <= round(shape[0] * 20 / 28) + 1  # the ink fits in 20/28 of the side


def test_fit_recipe_keeps_the_whole_frame():
    img = np.zeros((40, 20))
    img[0:4, :] = 1.0  # a bar along the top edge of a tall image
    out = prepare(img, (10, 10), "fit")
    assert out.shape == (10, 10)
    assert out[:, :2].max() == 0 and out[:, -2:].max() == 0  # padded left and right, not stretched
    assert out[0].max() > 0.5 and out[5:].max() == 0  # the bar stays at the top, not centred by mass


def test_unknown_recipe():
    with pytest.raises(NetcoreError, match="unknown image recipe"):
        prepare(stroke_image(), (8, 8), "squash")
