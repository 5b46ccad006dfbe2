"""The shared visual kit: settings, themes, the network diagram's binding to netcore."""
import json

import numpy as np
import pytest

from kit import ConfigError, NetworkDiagram, answer_marker, make_theme, strongest_inputs
from kit import lesson as lesson_mod
from kit.network import EdgeKey
from kit.formatting import fmt, format_activation
from kit.pixels import digit_image, gray_rgb, grid_centers, pixel_center, pixel_patches, pixel_squares
from manim import ManimColor, interpolate_color
from netcore import Network, paths, weights
from scenetools import same_color


def test_settings_file_then_environment(tmp_path):
    (tmp_path / "lesson.toml").write_text('digit = 5\ntheme = "light"\n')
    s = lesson_mod.read_settings(env={}, cwd=tmp_path)
    assert (s.digit, s.theme, s.palette) == ("5", "light", "classic")
    s = lesson_mod.read_settings(env={"LESSON_DIGIT": "7", "LESSON_PALETTE": "colorblind"}, cwd=tmp_path)
    assert (s.digit, s.theme, s.palette) == ("7", "light", "colorblind")


def test_settings_file_paths_are_relative_to_it(tmp_path):
    (tmp_path / "lesson.toml").write_text('digit = "mine.png"\nweights = "w.npz"\n')
    s = lesson_mod.read_settings(env={}, cwd=tmp_path)
    assert s.digit == str(tmp_path / "mine.png") and s.weights == str(tmp_path / "w.npz")


def test_unknown_setting_and_bad_toml(tmp_path):
    (tmp_path / "lesson.toml").write_text('colour = "red"\n')
    with pytest.raises(ConfigError, match="unknown setting"):
        lesson_mod.read_settings(env={}, cwd=tmp_path)
    (tmp_path / "lesson.toml").write_text('digit = \n')
    with pytest.raises(ConfigError, match="not valid TOML"):
        lesson_mod.read_settings(env={}, cwd=tmp_path)


@pytest.mark.parametrize("change, message", [
    ({"digit": "999"}, "out of range"),
    ({"digit": "/nonexistent/digit.png"}, "not found"),
    ({"theme": "pink"}, "unknown theme"),
    ({"palette": "neon"}, "unknown palette"),
    ({"weights": "/nonexistent/w.npz"}, "not found"),
])
def test_bad_settings_are_named(change, message):
    with pytest.raises(ConfigError, match=message):
        lesson_mod.load(lesson_mod.Settings(**change))


def test_weights_of_wrong_shape(tmp_path):
    net = Network.random((100, 16, 10))
    weights.save(net, tmp_path / "small.npz")
    with pytest.raises(ConfigError, match="takes 100 inputs"):
        lesson_mod.load(lesson_mod.Settings(weights=str(tmp_path / "small.npz")))
    np.savez(tmp_path / "bad.npz", meta=np.array(json.dumps({"format": 1, "sizes": [784, 16, 16, 10],
                                                            "activation": "sigmoid"})), W1=np.zeros((16, 10)))
    with pytest.raises(ConfigError, match="W1 has shape"):
        lesson_mod.load(lesson_mod.Settings(weights=str(tmp_path / "bad.npz")))


def test_user_image_digit(tmp_path):
    from PIL import Image

    img = np.full((80, 60), 255, np.uint8)
    img[10:70, 25:35] = 0  # a dark "1" on white paper
    Image.fromarray(img).save(tmp_path / "one.png")
    lesson = lesson_mod.load(lesson_mod.Settings(digit=str(tmp_path / "one.png")))
    assert lesson.digit.label is None and "one.png" in lesson.digit.caption
    assert lesson.digit.pixels.shape == (784,) and lesson.digit.pixels.max() == pytest.approx(1)


def test_themes():
    dark, light = make_theme("dark"), make_theme("light")
    cb = make_theme("dark", "colorblind")
    assert dark.background != light.background
    assert cb.positive != dark.positive and cb.negative != dark.negative
    assert same_color(dark.weight_color(0.3), dark.positive) and same_color(dark.weight_color(-0.3), dark.negative)


def test_gray_levels_mix_paper_and_ink():
    theme = make_theme("dark")
    rgb = gray_rgb(np.array([0.0, 0.5, 1.0]), theme)
    assert rgb[0].tolist() == [0, 0, 0] and rgb[2].tolist() == [255, 255, 255]
    assert abs(int(rgb[1][0]) - 128) <= 1
    light = gray_rgb(np.array([0.0, 1.0]), make_theme("light"))
    assert light[0].tolist() == [255, 255, 255]


def test_pixel_geometry_matches_image():
    theme = make_theme("dark")
    values = np.random.default_rng(0).random(784)
    squares = pixel_squares(values, theme, height=2.8)
    image = digit_image(values, theme, height=2.8)
    centers = grid_centers(image)
    for i in (0, 27, 28, 400, 783):
        assert np.allclose(squares[i].get_center(), pixel_center(squares, i), atol=1e-6)
        assert np.allclose(pixel_center(image, i), pixel_center(squares, i), atol=1e-6)
        assert np.allclose(centers[i], pixel_center(image, i), atol=1e-6)


def test_pixel_patches_merge_by_gray_level_and_keep_every_pixel():
    theme = make_theme("dark")
    values = np.zeros(784)
    values[[5, 6, 100]] = [1.0, 0.5, 1.0]
    centers = grid_centers(digit_image(values, theme, height=2.8))
    patches = pixel_patches(values, centers, 0.1, theme)
    assert len(patches) == 3  # levels 0, 128 and 255
    assert sorted(i for p in patches for i in p.pixel_indices) == list(range(784))
    for p in patches:
        level = values[p.pixel_indices[0]]
        assert np.all(values[p.pixel_indices] == level)
        expected = interpolate_color(ManimColor(theme.paper), ManimColor(theme.ink), round(level * 255) / 255)
        assert same_color(p.get_fill_color(), expected)
        # one closed square of side 0.1 per pixel, centred where it should be
        squares = p.points.reshape(len(p.pixel_indices), -1, 3)
        assert np.allclose(squares.mean(axis=1)[:, :2], centers[p.pixel_indices][:, :2], atol=1e-6)
        assert np.allclose(np.ptp(squares[:, :, 0], axis=1), 0.1)


@pytest.fixture(scope="module")
def trained():
    return weights.load(paths.DEFAULT_WEIGHTS)[0]


def test_strongest_inputs_are_honest(trained):
    chosen = strongest_inputs(trained)
    strength = np.abs(trained.weights[0]).sum(axis=0)
    assert len(chosen) == 16 and chosen == sorted(chosen)
    assert min(strength[chosen]) >= np.sort(strength)[-16]
    pixels = np.zeros(784)
    pixels[[3, 50, 700]] = 1.0
    assert set(strongest_inputs(trained, pixels)) >= {3, 50, 700}


def test_diagram_binds_to_the_trace(trained):
    theme = make_theme("dark", "colorblind")
    x = np.random.default_rng(1).random(784)
    trace = trained.forward(x)
    d = NetworkDiagram(trained, theme).set_activations(trace)
    assert [len(c) for c in d.neurons] == [16, 16, 16, 10]
    for l, col in enumerate(d.neurons):
        for circle, k in zip(col, d.shown[l]):
            assert circle.get_fill_opacity() == pytest.approx(trace.a(l)[k])
    # Every edge between shown neurons exists once, coloured by its weight's sign.
    assert len(d.edge_bucket) == 16 * 16 + 16 * 16 + 16 * 10
    for key in d.edge_bucket:
        w = trained.weights[key.layer - 1][key.to, key.frm]
        assert same_color(d.bucket_of(key).get_stroke_color(), theme.positive if w >= 0 else theme.negative)
    # Bigger weights are drawn at least as wide.
    l1 = [(abs(trained.weights[0][k.to, k.frm]), d.bucket_of(k).get_stroke_width()) for k in d.edge_bucket if k.layer == 1]
    l1.sort()
    widths = [w for _, w in l1]
    assert widths == sorted(widths)
    marker = answer_marker(d, trace, theme)
    assert marker.answer == int(np.argmax(trace.output))
    assert marker[1].text == format_activation(trace.output[marker.answer])


def test_edge_geometry_joins_the_right_neurons(trained):
    d = NetworkDiagram(trained, make_theme("dark"))
    key = EdgeKey(2, 5, 11)
    bucket = d.bucket_of(key)
    start = d.neuron(1, 11).get_right()
    end = d.neuron(2, 5).get_left()
    pts = bucket.points.reshape(-1, 4, 3)
    assert any(np.allclose(p[0], start, atol=1e-6) and np.allclose(p[-1], end, atol=1e-6) for p in pts)


def test_number_formatting():
    assert fmt(-1.234) == "−1.23" and fmt(1.235, 1) == "1.2" and fmt(0.5, sign=True) == "+0.50"
    assert fmt(-0.0001) == "0.00" and fmt(-0.0001, sign=True) == "+0.00"
    assert format_activation(0.99949) == "0.999"


def test_captions_off_keeps_timing_and_draws_nothing(tmp_path):
    from dataclasses import replace

    from kit import LessonScene
    from scenetools import build

    class Talk(LessonScene):
        def construct(self):
            self.say("one")
            self.wait(1)
            self.say("two")
            self.wait(0.5)

    on = lesson_mod.load(lesson_mod.Settings())
    off = replace(on, settings=replace(on.settings, captions="off"))
    with_text, without = build(Talk, on, media_dir=tmp_path), build(Talk, off, media_dir=tmp_path)
    assert with_text.cues == without.cues and [c[2] for c in without.cues] == ["one", "two"]
    assert with_text._caption is not None and without._caption is None
    with pytest.raises(ConfigError, match="captions must be"):
        lesson_mod.load(lesson_mod.Settings(captions="maybe"))


def test_axes_numbers_follow_the_theme():
    from kit.plots import themed_axes

    light = make_theme("light")
    axes = themed_axes(light, (0, 30, 5), (0, 1, 0.25), 4, 3)
    numbers = list(axes.x_axis.numbers) + list(axes.y_axis.numbers)
    assert numbers and all(same_color(n.get_color(), light.text) for n in numbers)
    assert [n.number for n in axes.x_axis.numbers][:2] == [5, 10]
    assert all(n.num_decimal_places == 0 for n in axes.x_axis.numbers)
    assert all(n.num_decimal_places == 2 for n in axes.y_axis.numbers)
