"""The shared visual kit: settings, themes, the network diagram's binding to netcore."""
import itertools
import json

import numpy as np
import pytest

from netcore.dataset import MNIST
from lessonkit import AnswerMarker, ConfigError, NetworkDiagram, make_theme, neurons_to_show, strongest_inputs
from lessonkit import lesson as lesson_mod
from lessonkit.network import EdgeKey
from lessonkit.formatting import fmt, format_activation
from lessonkit.pixels import PixelPatches, gray_rgb, grid_centers, item_image, pixel_center
from manim import UL, ManimColor, Text, interpolate_color
from netcore import Network, paths, weights
from scenetools import same_color


def test_settings_file_then_environment(tmp_path):
    (tmp_path / "lesson.toml").write_text('digit = 5\ntheme = "light"\n')  # 'digit' is the older name of 'item'
    s = lesson_mod.read_settings(env={}, cwd=tmp_path)
    assert (s.item, s.theme, s.palette) == ("5", "light", "classic")
    s = lesson_mod.read_settings(env={"LESSON_DIGIT": "7", "LESSON_PALETTE": "colorblind"}, cwd=tmp_path)
    assert (s.item, s.theme, s.palette) == ("7", "light", "colorblind")


def test_settings_file_paths_are_relative_to_it(tmp_path):
    (tmp_path / "lesson.toml").write_text('item = "mine.png"\nweights = "w.npz"\nassets = "set"\n')
    s = lesson_mod.read_settings(env={}, cwd=tmp_path)
    assert s.item == str(tmp_path / "mine.png") and s.weights == str(tmp_path / "w.npz")
    assert s.assets == str(tmp_path / "set")


def test_unknown_setting_and_bad_toml(tmp_path):
    (tmp_path / "lesson.toml").write_text('colour = "red"\n')
    with pytest.raises(ConfigError, match="unknown setting"):
        lesson_mod.read_settings(env={}, cwd=tmp_path)
    (tmp_path / "lesson.toml").write_text('digit = \n')
    with pytest.raises(ConfigError, match="not valid TOML"):
        lesson_mod.read_settings(env={}, cwd=tmp_path)


@pytest.mark.parametrize("change, message", [
    ({"item": "999"}, "out of range"),
    ({"item": "/nonexistent/digit.png"}, "not found"),
    ({"assets": "/nonexistent/set"}, "lesson set /nonexistent/set not found"),
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
    with pytest.raises(ConfigError, match="holds 28x28 items, but .* takes 10x10 images"):
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
    lesson = lesson_mod.load(lesson_mod.Settings(item=str(tmp_path / "one.png")))
    assert lesson.item.label is None and "one.png" in lesson.item.caption
    assert lesson.item.pixels.shape == (784,) and lesson.item.pixels.max() == pytest.approx(1)


def test_themes():
    dark, light = make_theme("dark"), make_theme("light")
    cb = make_theme("dark", "colorblind")
    assert dark.background != light.background
    assert cb.positive != dark.positive and cb.negative != dark.negative
    assert same_color(dark.weight_color(0.3), dark.positive) and same_color(dark.weight_color(-0.3), dark.negative)


def cielab(hex_colour: str) -> np.ndarray:
    """sRGB to CIELAB (D65), written out from the standard formulas: the test's own oracle."""
    rgb = np.array([int(hex_colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)])
    lin = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ lin
    xyz /= np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


@pytest.mark.parametrize("name", ["dark", "light"])
@pytest.mark.parametrize("palette", ["classic", "colorblind"])
def test_each_meaning_has_a_colour_of_its_own(name, palette):
    """One meaning per colour: a wrong answer is not drawn in the colour of a negative weight, the
    highlight is not the colour of a weight, and every meaning stands out from the background."""
    from lessonkit.theme import MEANINGS

    theme = make_theme(name, palette)
    colours = {m: cielab(getattr(theme, m)) for m in MEANINGS}
    for a, b in itertools.combinations(MEANINGS, 2):
        assert np.linalg.norm(colours[a] - colours[b]) > 30, f"{name}/{palette}: {a} and {b} look alike"
    for m in MEANINGS:
        assert np.linalg.norm(colours[m] - cielab(theme.background)) > 40, f"{name}/{palette}: {m} on the background"


def test_gray_levels_mix_paper_and_ink():
    theme = make_theme("dark")
    rgb = gray_rgb(np.array([0.0, 0.5, 1.0]), theme)
    assert rgb[0].tolist() == [0, 0, 0] and rgb[2].tolist() == [255, 255, 255]
    assert abs(int(rgb[1][0]) - 128) <= 1
    light = gray_rgb(np.array([0.0, 1.0]), make_theme("light"))
    assert light[0].tolist() == [255, 255, 255]


def test_pixel_geometry_matches_image():
    theme = make_theme("dark")
    values = np.random.default_rng(0).random((6, 9))  # not square
    image = item_image(values, theme, height=2.8)
    assert image.width == pytest.approx(2.8 * 9 / 6)
    centers = grid_centers(image, 6, 9)
    corner = image.get_corner(UL)
    side = image.width / 9
    for i in (0, 8, 9, 53):
        r, c = divmod(i, 9)  # by hand: row-major, half a pixel in from the corner
        assert np.allclose(centers[i][:2], corner[:2] + [(c + 0.5) * side, -(r + 0.5) * side], atol=1e-6)
        assert np.allclose(pixel_center(image, i, 9), centers[i], atol=1e-6)


def test_pixel_patches_merge_by_gray_level_and_keep_every_pixel():
    theme = make_theme("dark")
    values = np.zeros(784)
    values[[5, 6, 100]] = [1.0, 0.5, 1.0]
    centers = grid_centers(item_image(values.reshape(28, 28), theme, height=2.8), 28, 28)
    patches = PixelPatches(values, centers, 0.1, theme)
    assert len(patches) == 3  # levels 0, 128 and 255
    assert sorted(i for idx in patches.pixel_indices for i in idx) == list(range(784))
    for p, idx in zip(patches, patches.pixel_indices):
        level = values[idx[0]]
        assert np.all(values[idx] == level)
        expected = interpolate_color(ManimColor(theme.paper), ManimColor(theme.ink), round(level * 255) / 255)
        assert same_color(p.get_fill_color(), expected)
        # one closed square of side 0.1 per pixel, centred where it should be
        squares = p.points.reshape(len(idx), -1, 3)
        assert np.allclose(squares.mean(axis=1)[:, :2], centers[idx][:, :2], atol=1e-6)
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
    d = NetworkDiagram(trained, theme, MNIST.classes).set_activations(trace)
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
    marker = AnswerMarker(d, trace, theme)
    assert marker.answer == int(np.argmax(trace.output))
    assert marker.value_text.text == format_activation(trace.output[marker.answer])


def test_edge_geometry_joins_the_right_neurons(trained):
    d = NetworkDiagram(trained, make_theme("dark"), MNIST.classes)
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

    from lessonkit import LessonScene
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
    from lessonkit.plots import themed_axes

    light = make_theme("light")
    axes = themed_axes(light, (0, 30, 5), (0, 1, 0.25), 4, 3)
    numbers = list(axes.x_axis.numbers) + list(axes.y_axis.numbers)
    assert numbers and all(same_color(n.get_color(), light.text) for n in numbers)
    assert all(n.font == light.font for n in numbers)  # the labels' type, not LaTeX's
    assert [n.text for n in axes.x_axis.numbers] == ["0", "5", "10", "15", "20", "25", "30"]
    assert [n.text for n in axes.y_axis.numbers] == ["0.00", "0.25", "0.50", "0.75", "1.00"]
    for n, v in zip(axes.x_axis.numbers, range(0, 31, 5)):  # each under its tick
        assert n.get_x() == pytest.approx(axes.c2p(v, 0)[0]) and n.get_top()[1] < axes.c2p(v, 0)[1]


def test_axes_numbers_in_the_lesson_s_language_and_own_format():
    from lessonkit import formatting
    from lessonkit.plots import themed_axes
    from lessonscript import NumberFormat

    formatting.use(NumberFormat("de"))
    try:
        axes = themed_axes(make_theme("dark"), (-6, 6, 2), (0, 1, 0.5), 4, 3, y_format=lambda v: f"{round(100 * v)}%")
        assert [n.text for n in axes.x_axis.numbers] == ["−6", "−4", "−2", "0", "2", "4", "6"]
        assert [n.text for n in axes.y_axis.numbers] == ["0%", "50%", "100%"]
        left = axes.c2p(-6, 0)[0]  # along the plot's left edge, not the y axis that crosses at 0
        assert all(n.get_right()[0] < left for n in axes.y_axis.numbers)
        assert formatting.fmt(0.5, 1) == "0,5"
    finally:
        formatting.use(NumberFormat("en"))


def test_neurons_to_show_keep_the_ones_that_must_be_seen():
    assert neurons_to_show(10) == list(range(10))
    assert neurons_to_show(512) == list(range(8)) + list(range(504, 512))  # first and last, ellipsis between
    shown = neurons_to_show(100, must=[57, 3], scores=np.arange(100.0))
    assert len(shown) == 16 and {57, 3} <= set(shown) and shown == sorted(shown)
    assert set(shown) - {57, 3} == set(range(86, 100))  # then the highest scores


def test_a_wide_layer_shows_its_true_size():
    net = Network.random((784, 300, 40), seed=0)
    d = NetworkDiagram(net, make_theme("dark"), [f"c{k}" for k in range(40)], width=8, height=5)
    assert [len(s) for s in d.shown] == [16, 16, 16]
    labels = [m.text for m in d.extras if isinstance(m, Text)]
    assert "784" in labels and "300" in labels and "40" in labels
    assert d.width <= 8 + 1e-6 and d.height <= 5 + 1e-6
    assert [t.text for t in d.output_labels] == [f"c{k}" for k in d.shown[-1]]


@pytest.mark.parametrize("sizes,names,height", [
    ((784, 16, 16, 10), [str(k) for k in range(10)], 6.2),  # the shipped layout
    ((144, 12, 8, 3), ["circle", "square", "cross"], 6.2),  # words with descenders
    ((64, 30, 20), [f"class {k}" for k in range(20)], 3.0),  # squeezed: rows closer than a circle's box
    ((16, 8, 1), ["yes"], 4.0),  # a single output: no neighbours
])
def test_the_answer_box_keeps_to_its_row(sizes, names, height):
    """The box around the answer surrounds its circle and label and stays within its row, clear of
    the neighbouring neurons' labels."""
    net = Network.random(sizes, seed=3)
    trace = net.forward(np.random.default_rng(0).random(sizes[0]))
    d = NetworkDiagram(net, make_theme("dark"), names, width=11.5, height=height)
    marker = AnswerMarker(d, trace, make_theme("dark"))
    box, column = marker.box, d.neurons[-1]
    circle = d.neuron(len(sizes) - 1, marker.answer)
    row = d.shown[-1].index(marker.answer)
    label = d.output_labels[row]
    assert box.get_left()[0] < circle.get_left()[0] and box.get_right()[0] > label.get_right()[0]
    assert box.get_y() == pytest.approx(circle.get_y())
    if len(column) == 1:
        assert box.height == pytest.approx(max(circle.height, label.height) + 0.16)
        return
    pitch = abs(column[1].get_y() - column[0].get_y())
    assert box.height <= pitch + 1e-9
    for k in (row - 1, row + 1):
        if 0 <= k < len(column):
            other = d.output_labels[k]
            assert other.get_bottom()[1] > box.get_top()[1] or other.get_top()[1] < box.get_bottom()[1]


def test_long_lines_are_captioned_in_parts_of_two_lines_shown_in_turn():
    from lessonkit.scene import CaptionChunks, caption_chunks

    text = ("One short sentence. " * 3 + "A much longer sentence that will not fit on a single caption line at "
            "all, however wide the frame is, and so it is wrapped.")
    chunks = caption_chunks(text, 40)
    assert " ".join(c.replace("\n", " ") for c in chunks) == " ".join(text.split())  # every word, in order
    assert all(len(c.split("\n")) <= 2 and all(len(line) <= 40 for line in c.split("\n")) for c in chunks)
    assert chunks[0] == "One short sentence. One short sentence.\nOne short sentence."  # sentences kept together
    parts = CaptionChunks(*[Text(c.replace("\n", " ")) for c in chunks[:3]])
    now = [0.0]
    parts.follow(lambda: now[0], [2.0, 5.0])
    shown = []
    for t in (0.0, 1.9, 2.0, 4.0, 5.0, 9.0):
        now[0] = t
        parts.update(0.1)
        shown.append([p.get_fill_opacity() for p in parts])
    assert shown == [[1, 0, 0], [1, 0, 0], [0, 1, 0], [0, 1, 0], [0, 0, 1], [0, 0, 1]]
    assert not parts.updaters  # done: later waits can hold one picture again


def test_a_very_long_line_is_captioned_in_parts_at_full_size():
    """A line of several long sentences (Pango hands back a text that long already broken, narrower
    than one line) still makes parts of at most two lines, none shrunk below the caption size."""
    from manim import config

    from lessonkit import LessonScene
    from scenetools import build

    line = ("A sigmoid neuron never goes above one, the dashed line. ReLU has no top, and here one neuron "
            "reaches ten point seven. That is fine, because the next layer multiplies it by a weight, and "
            "training sets those weights to suit what comes in. What a neuron really needs is a bend. "
            "Without one, layer after layer of weighted sums would add up to a single weighted sum.")

    class Long(LessonScene):
        def construct(self):
            self.say(line)

    scene = build(Long)
    parts = scene._caption.submobjects
    assert len(parts) >= 3
    size = scene.theme.small_font_size + 2
    assert all(p.font_size == pytest.approx(size) and p.width <= config.frame_width - 1 for p in parts)


def test_the_lesson_knows_whether_its_network_was_trained(tmp_path):
    from datasets import network_file

    assert lesson_mod.load(lesson_mod.Settings()).trained  # the shipped network records its training
    random = network_file(tmp_path / "random.npz", (784, 16, 10), "sigmoid")
    assert not lesson_mod.load(lesson_mod.Settings(weights=str(random))).trained


def test_baseline_lines_up_words_whatever_their_letters():
    from lessonkit.layout import baseline

    hang, stand = Text("layer gypsy"), Text("each neuron")
    stand.shift([3, 0.7, 0])
    hang.shift([0, -0.4, 0])
    hang.shift([0, baseline(stand) - baseline(hang), 0])
    # The bottom of 'l' (no descender, flat foot) against the bottom of 'h': on one line.
    assert abs(hang.submobjects[0].get_bottom()[1] - stand.submobjects[3].get_bottom()[1]) < 0.01
    # Centring them instead would not have been enough (the check can fail).
    assert abs(hang.get_center()[1] - stand.get_center()[1]) > 0.02


def test_place_clear_moves_a_label_off_the_lines_it_would_cover():
    from lessonkit.layout import place_clear, sampled_points
    from manim import Line, Dot, RIGHT, UP, LEFT

    dot = Dot([0, 0, 0])
    label = Text("neuron 9, bias 0.48", font_size=20)
    place_clear(label, dot.get_center(), [])
    assert label.get_left()[0] > dot.get_center()[0]  # no obstacle: to the right, as asked first
    wall = Line([0.3, -0.6, 0], [4.0, 0.6, 0])  # runs through the place to the right of the dot
    place_clear(label, dot.get_center(), [wall])
    points = sampled_points(wall)
    (x0, y0, _), (x1, y1, _) = label.get_corner(LEFT + UP * -1), label.get_corner(RIGHT + UP)
    inside = (points[:, 0] > x0) & (points[:, 0] < x1) & (points[:, 1] > y0) & (points[:, 1] < y1)
    assert not inside.any()
    label.next_to(dot, RIGHT, 0.2)  # where it would have gone: the line runs through it there
    (x0, y0, _), (x1, y1, _) = label.get_corner(LEFT + UP * -1), label.get_corner(RIGHT + UP)
    assert ((points[:, 0] > x0) & (points[:, 0] < x1) & (points[:, 1] > y0) & (points[:, 1] < y1)).any()


def test_fill_within_grows_and_shrinks_to_the_box():
    from lessonkit.layout import fill_within
    from manim import Square

    small, big = Square(1.0), Square(10.0)
    fill_within(small, 3.0, 1.5)
    fill_within(big, 3.0, 1.5)
    assert small.height == pytest.approx(1.5) and big.height == pytest.approx(1.5)
    capped = fill_within(Square(0.1), 3.0, 3.0, most=1.6)
    assert capped.width == pytest.approx(0.16)


def test_edges_thin_where_layers_stand_close():
    rng = np.random.default_rng(0)
    sizes = [30, 20, 20, 20, 20, 10]
    net = Network([rng.normal(size=(b, a)) for a, b in zip(sizes, sizes[1:])], [np.zeros(b) for b in sizes[1:]])
    theme = make_theme()
    names = [str(k) for k in range(10)]
    wide = NetworkDiagram(net, theme, names, width=13, height=6, layer_spacing=2.4)
    narrow = NetworkDiagram(net, theme, names, width=5, height=6, layer_spacing=2.4)
    widest = lambda d: max(b.get_stroke_width() for layer in d.edges for b in layer.submobjects)  # noqa: E731
    faintest = lambda d: max(b.get_stroke_opacity() for layer in d.edges for b in layer.submobjects)  # noqa: E731
    assert widest(wide) == pytest.approx(0.4 + theme.edge_max_width)  # room enough: as the weights say
    assert widest(narrow) < 0.7 * widest(wide) and faintest(narrow) < faintest(wide)


def test_sampled_points_lie_along_the_paths_and_cover_them():
    from lessonkit.layout import sampled_points
    from manim import Circle, Line, VGroup

    circle, line = Circle(radius=2.0), Line([-1, -1, 0], [3, 1, 0])
    on_circle, on_line = sampled_points(circle), sampled_points(line)
    assert np.array_equal(sampled_points(VGroup(circle, line)), np.concatenate([on_circle, on_line]))
    assert np.abs(np.linalg.norm(on_circle[:, :2], axis=1) - 2.0).max() < 0.01  # on the circle
    angles = np.sort(np.arctan2(on_circle[:, 1], on_circle[:, 0]))
    assert len(on_circle) >= 80 and np.diff(np.r_[angles, angles[0] + 2 * np.pi]).max() < 0.2  # all the way round
    assert np.allclose(on_line[:, 1], (on_line[:, 0] - 1) / 2, atol=1e-9)  # on the line y = (x - 1) / 2
    assert on_line[:, 0].min() == pytest.approx(-1) and on_line[:, 0].max() == pytest.approx(3)
    assert np.diff(np.sort(on_line[:, 0])).max() < 0.1  # along it, not only its ends


def test_a_long_label_is_broken_into_even_centred_lines():
    from lessonkit.scene import balanced_lines, centred_lines

    assert balanced_lines("Ein Neuron (verborgene Schicht 1)", 2) in (["Ein Neuron", "(verborgene Schicht 1)"],
                                                                     ["Ein Neuron (verborgene", "Schicht 1)"])
    assert balanced_lines("Gewichtete Summe", 2) == ["Gewichtete", "Summe"]
    assert balanced_lines("Summe", 2) is None and balanced_lines("one\ntwo", 2) is None
    assert balanced_lines("a bb ccc dddd", 3) == ["a bb", "ccc", "dddd"]  # the longest line as short as can be
    text = centred_lines(Text("Gewichtete\nSumme", font_size=20), 2)
    top, bottom = ([g for g in text.submobjects if g.get_center()[1] > text.get_center()[1]],
                   [g for g in text.submobjects if g.get_center()[1] < text.get_center()[1]])
    assert len(top) == 10 and len(bottom) == 5
    from manim import VGroup
    assert abs(VGroup(*top).get_center()[0] - VGroup(*bottom).get_center()[0]) < 1e-6  # flush left no more
