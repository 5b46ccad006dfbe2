"""scenes/layers.py renders: bad settings stop it, its last frame matches the reference, its video
has the right size and length (what it draws is checked for six lesson sets in test_scenes_any_set)."""
import json
import os
import shutil
from pathlib import Path

import pytest

import lessonscript
from layers import describe_layers
from lessonkit.scene import reading_seconds
from scenetools import find_one, image_difference, render, video_info

REFERENCE = Path(__file__).parent / "reference" / "layers_last.png"


def test_layer_words():
    script = lessonscript.load()
    choice = " How many, and how large, is a choice made by whoever builds a network. Other sizes work too."
    assert describe_layers((784, 30, 20, 10), "digit", script) == "In between sit two more layers, of 30 and 20 neurons." + choice
    assert describe_layers((144, 12, 3), "shape", script) == "In between sits one more layer, of 12 neurons." + choice
    assert describe_layers((784, 16, 16, 10), "digit", script) == "In between sit two more layers, each of 16 neurons." + choice
    assert (describe_layers((784, 24, 20, 16, 12, 10), "digit", script)
            == "In between sit four more layers, of 24, 20, 16 and 12 neurons." + choice)


def test_bad_settings_stop_before_rendering(tmp_path):
    cases = {
        "LESSON_ITEM": ("/nonexistent/mine.png", "not found"),
        "LESSON_THEME": ("pink", "unknown theme"),
    }
    for var, (value, message) in cases.items():
        result = render("layers.py", "ForwardPass", tmp_path, "-ql", env={var: value})
        output = result.stdout + result.stderr
        assert result.returncode != 0
        assert message in output and "Traceback" not in output
        assert not list(tmp_path.rglob("*.mp4"))


def test_last_frame_matches_reference(tmp_path):
    result = render("layers.py", "ForwardPass", tmp_path, "-s", "-ql", env={"LESSON_ITEM": "0"})
    assert result.returncode == 0, result.stderr[-2000:]
    frame = find_one(tmp_path, "ForwardPass*.png")
    if os.environ.get("UPDATE_REFERENCE"):
        shutil.copy(frame, REFERENCE)
    mean, off = image_difference(frame, REFERENCE)
    assert mean < 3.0 and off < 0.01, f"last frame differs from {REFERENCE.name}: mean {mean:.2f}, {off:.2%} pixels off"


@pytest.mark.slow
def test_full_render_low_quality(tmp_path):
    result = render("layers.py", "ForwardPass", tmp_path, "-ql", env={"LESSON_ITEM": "0"})
    assert result.returncode == 0, result.stderr[-2000:]
    video = find_one(tmp_path, "ForwardPass.mp4")
    duration, width, height = video_info(video)
    assert (width, height) == (854, 480)
    # A silent render holds each line as long as it takes to say it (animations play while it is said).
    record = json.loads(video.with_suffix(".narration.json").read_text(encoding="utf-8"))
    said = sum(reading_seconds(line["text"], 160) for line in record["lines"])
    assert said <= duration <= said + 60
    # The kit's x264 settings apply with no manim.cfg in the folder: superfast writes subme=1 (medium, 7).
    assert b"subme=1 " in video.read_bytes() and b"crf=26.0" in video.read_bytes()
