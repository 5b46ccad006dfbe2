"""Every scene, built against six lesson sets: the shipped one with each of its networks, a wider and
a deeper network, 12x12 shapes in three named classes, and 20 classes of 10x14 images. For each:
nothing leaves the frame, the numbers drawn are netcore's, and formulas name the layer's own activation;
after every animation no text is smaller than the theme's smallest size, nearer the frame's edge than
40 pixels at 1080p, or over another text; no text is morphed into another (mid-way its glyphs are no
text at all); and no animation but the last few leaves the frame empty (a fully black frame)."""
import importlib
import re

import numpy as np
import pytest

from lessonkit import LessonScene, PixelPatches, equations
from lessonkit import lesson as lesson_mod
from lessonkit.formatting import count, current, fmt, format_activation, percent
from lessonpublish.chapters import LESSON
from scenetools import build, morphed_texts, outside_frame, shows_something, text_problems

SETS = ["shipped", "shipped-relu", "784-32-10", "four-hidden-relu", "shapes-12x12", "twenty-classes"]



def check_layers(scene, lesson):
    d = scene.diagram
    last = lesson.sample_item(scene.others[-1]) if scene.others else lesson.item
    trace = lesson.net.forward(last.pixels)
    for l, col in enumerate(d.neurons):
        for circle, k in zip(col, d.shown[l]):
            assert circle.get_fill_opacity() == pytest.approx(trace.a(l)[k], abs=1e-9)
    assert scene.marker.answer == trace.prediction and trace.prediction in d.shown[-1]
    assert scene.marker.value_text.text == format_activation(trace.output[trace.prediction])
    if last.label is not None and trace.prediction != last.label:  # a mistake: the true class's value beside it
        assert scene.truth.text == format_activation(trace.output[last.label])
    assert [t.text for t in d.output_labels] == [lesson.class_name(k).replace(" ", "") for k in d.shown[-1]]
    assert len(d.neurons) == len(lesson.net.sizes) and all(len(s) <= 16 for s in d.shown)


def check_intro(scene, lesson):
    s = lesson.samples
    assert all(s.labels[i] == scene.label for i in scene.chosen)
    assert scene.answers == [int(lesson.net.predict(s.input(i))) for i in scene.chosen]
    assert scene.pixel_values[0] == s.input(scene.chosen[0])[scene.pixel]


def check_neurons(scene, lesson):
    pixels = lesson.item.pixels
    assert [t.text for t in scene.value_labels] == [fmt(pixels[k]) for k in scene.window]


def check_why_layers(scene, lesson):
    from why_layers import locality

    w = lesson.net.weights[0]
    for k, label in enumerate(scene.share_labels):
        assert re.sub(r"\D", "", label.text) == str(round(100 * locality(w[k], lesson.shape))) and "%" in label.text
    if scene.has_second_hidden_layer:
        acts = lesson.net.forward(lesson.samples.inputs).a(2)
        for (k, i), label in scene.top_labels.items():
            assert label.text == format_activation(acts[i, k])


def check_weights(scene, lesson):
    act = lesson.net.layer_activation(1)
    k, trace = scene.k, lesson.trace
    assert scene.z == pytest.approx(trace.z(1)[k]) and scene.activation == pytest.approx(trace.a(1)[k])
    assert scene.activation == pytest.approx(float(act.fn(np.array([scene.z]))[0]))
    assert scene.total == pytest.approx(float(np.dot(lesson.net.weights[0][k], lesson.item.pixels)))
    assert scene.activation_formula.tex_string.startswith(equations.symbol(act))
    # The activation as written: the usual format, or, where ReLU passes z on, z's own places (so the
    # two equal numbers on one line read alike); either way netcore's activation, rounded.
    drawn = scene.bias_text.text.rsplit("=", 1)[1]
    if act.bounded or scene.activation <= 0:
        assert drawn == format_activation(scene.activation)
    else:
        point, group = (current().locale.number_symbols["latn"][k] for k in ("decimal", "group"))
        places = len(drawn.split(point)[1]) if point in drawn else 0
        value = float(drawn.replace(group, "").replace(point, "."))
        assert value == pytest.approx(scene.activation, abs=0.5 * 10 ** -places + 1e-9)
        assert re.match(r"[−\d.,]+", scene.bias_text.text.split("=")[-2]).group(0) == drawn  # z, as written


def check_counting(scene, lesson):
    assert scene.total == lesson.net.n_params
    assert scene.total_text.text.startswith(count(lesson.net.n_params).replace(" ", ""))


def check_learning(scene, lesson):
    if lesson.set.snapshots is None:
        assert scene.snapshots is None
        return
    out = scene.outputs[scene.shown_epoch]
    assert np.allclose(scene.bars.values, out[scene.classes])
    assert scene.acc_text.text.endswith(percent(scene.snapshot_accuracy[scene.shown_epoch]).replace(" ", ""))


def check_notation(scene, lesson):
    act = lesson.net.layer_activation(1)
    assert scene.formula.tex_strings[2] == equations.symbol(act)
    assert np.allclose(scene.a1, lesson.trace.a(1)) and np.allclose(scene.z, lesson.trace.z(1))


def check_recap(scene, lesson):
    assert scene.params_text.text.startswith(count(lesson.net.n_params))
    assert equations.symbol(lesson.net.layer_activation(1)) in scene.neuron_formula.tex_string
    second = lesson.net.forward(scene.other_item.pixels).a(1)[scene.neuron]  # the neuron's number, as shown
    assert scene.value.text.endswith(fmt(second, 2).replace(" ", ""))


def check_relu(scene, lesson):
    if scene.comparison is None:
        return
    for name, (net, meta) in scene.nets.items():
        assert percent(meta["test_accuracy"]).replace(" ", "") in scene.acc_texts[name].text
        assert np.allclose(scene.hidden[name], net.forward(lesson.item.pixels).a(1))
    assert scene.zeros == int(np.sum(scene.hidden["ReLU"] == 0))


CHECKS = {"layers": check_layers, "intro": check_intro, "neurons": check_neurons, "why_layers": check_why_layers,
          "weights": check_weights, "counting": check_counting, "learning": check_learning,
          "notation": check_notation, "recap": check_recap, "relu": check_relu}


def checked_build(chapter, lesson, tmp_path, monkeypatch):
    """Build ``chapter`` for ``lesson``, checking after every animation that nothing leaves the frame
    and that text is readable; then its numbers (CHECKS). Returns the scene and what is wrong with its
    pictures (text too small, near the edge or overlapping, morphed texts, black frames)."""
    problems, texts, morphs, shown = [], [], [], []
    play = LessonScene.play

    def checked_play(self, *args, **kwargs):
        morphs.extend(morphed_texts(args))
        play(self, *args, **kwargs)
        # Pixels unrolling into the input column pass below the frame on their way, by design.
        problems.extend(p for p in outside_frame(self, skip=(PixelPatches,)) if p not in problems)
        texts.extend(p for p in text_problems(self, self.theme.min_font_size) if p not in texts)
        shown.append(shows_something(self))

    monkeypatch.setattr(LessonScene, "play", checked_play)
    scene_cls = getattr(importlib.import_module(chapter.name), chapter.scene)
    scene = build(scene_cls, lesson, media_dir=tmp_path)
    assert not problems, f"off the frame: {problems[:5]}"
    CHECKS[chapter.name](scene, lesson)
    while shown and not shown[-1]:  # a chapter may end by fading everything out
        shown.pop()
    picture = [f"text too small, too near the edge or overlapping: {texts[:6]}"] if texts else []
    picture += [f"texts morphed into other texts (garbled mid-way): {morphs[:4]}"] if morphs else []
    picture += [f"a fully black frame after animation {shown.index(False) + 1} of {len(shown)}"] if not all(shown) else []
    return scene, picture


@pytest.mark.parametrize("set_name", SETS)
@pytest.mark.parametrize("chapter", LESSON, ids=[c.name for c in LESSON])
def test_every_scene_is_true_and_in_frame(sets, set_name, chapter, tmp_path, monkeypatch):
    lesson = lesson_mod.load(lesson_mod.Settings(**sets[set_name], captions="on"))
    _, picture = checked_build(chapter, lesson, tmp_path, monkeypatch)
    assert not picture, "; ".join(picture)
