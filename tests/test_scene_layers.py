"""scenes/layers.py: what it draws equals what netcore computes, and it renders."""
import os
import shutil
from pathlib import Path

import pytest

from kit import lesson as lesson_mod
from kit.formatting import format_activation
from layers import ForwardPass, describe_layers
from scenetools import build, find_one, image_difference, render, video_info

REFERENCE = Path(__file__).parent / "reference" / "layers_last.png"


@pytest.fixture(scope="module")
def lesson():
    return lesson_mod.load(lesson_mod.Settings(digit="0"))


def check_diagram_shows(scene, pixels):
    trace = scene.lesson.net.forward(pixels)
    d = scene.diagram
    for l, col in enumerate(d.neurons):
        for circle, k in zip(col, d.shown[l]):
            assert circle.get_fill_opacity() == pytest.approx(trace.a(l)[k], abs=1e-9), (l, k)
    assert scene.marker.answer == trace.prediction
    assert scene.marker[1].text == format_activation(trace.output[trace.prediction])
    return trace


def test_forward_pass_shows_the_trace(lesson, tmp_path):
    scene = build(ForwardPass, lesson, ["show_digit", "pixels_become_inputs", "reveal_layers",
                                        "forward_pass", "announce_answer"], tmp_path)
    trace = check_diagram_shows(scene, lesson.digit.pixels)
    # The input neurons drawn are the pixels the diagram says, holding their gray levels.
    assert all(0 <= k < 784 for k in scene.diagram.shown[0])
    assert f"{trace.prediction}" in scene.captions[-1]
    assert "Two hidden layers of 16 neurons, then 10 outputs" in " ".join(scene.captions)
    assert describe_layers((784, 30, 20, 10)) == "Hidden layers of 30, 20 neurons, then 10 outputs, one per digit"
    assert format_activation(trace.output[trace.prediction]) in scene.captions[-1]


def test_more_digits_include_a_mistake_and_end_bound(lesson, tmp_path):
    scene = build(ForwardPass, lesson, media_dir=tmp_path)
    s = lesson.samples
    preds = [lesson.net.predict(s.input(i)) for i in scene.others]
    labels = [s.labels[i] for i in scene.others]
    assert any(p != y for p, y in zip(preds, labels)), "one of the extra digits must be a real mistake"
    assert any(p == y for p, y in zip(preds, labels))
    check_diagram_shows(scene, s.input(scene.others[-1]))
    wrong = scene.others[-1]
    assert "Wrong" in scene.captions[-1] and f"Written: {s.labels[wrong]}" in scene.captions[-1]


def test_bad_settings_stop_before_rendering(tmp_path):
    cases = {
        "LESSON_DIGIT": ("/nonexistent/mine.png", "not found"),
        "LESSON_THEME": ("pink", "unknown theme"),
    }
    for var, (value, message) in cases.items():
        result = render("layers.py", "ForwardPass", tmp_path, "-ql", env={var: value})
        output = result.stdout + result.stderr
        assert result.returncode != 0
        assert message in output and "Traceback" not in output
        assert not list(tmp_path.rglob("*.mp4"))


def test_last_frame_matches_reference(tmp_path):
    result = render("layers.py", "ForwardPass", tmp_path, "-s", "-ql", env={"LESSON_DIGIT": "0"})
    assert result.returncode == 0, result.stderr[-2000:]
    frame = find_one(tmp_path, "ForwardPass*.png")
    if os.environ.get("UPDATE_REFERENCE"):
        shutil.copy(frame, REFERENCE)
    mean, off = image_difference(frame, REFERENCE)
    assert mean < 3.0 and off < 0.01, f"last frame differs from {REFERENCE.name}: mean {mean:.2f}, {off:.2%} pixels off"


@pytest.mark.slow
def test_full_render_low_quality(tmp_path):
    result = render("layers.py", "ForwardPass", tmp_path, "-ql", env={"LESSON_DIGIT": "0"})
    assert result.returncode == 0, result.stderr[-2000:]
    duration, width, height = video_info(find_one(tmp_path, "ForwardPass.mp4"))
    assert (width, height) == (854, 480)
    assert 25 <= duration <= 45
