"""Making it your own, as README says: a lesson on your own dataset in three commands, a scene file
written outside the repository, and last frames of lessons other than the shipped one."""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from datasets import shapes_dataset
from scenetools import MANIM, ROOT, find_one

#: The example scene of docs/settings.md ("Building your own scenes"), as a user would copy it into a
#: folder of their own: read from the page, so the page stays true.
OWN_SCENE = re.search(r"```python\n(.*?class WhatItSees.*?)```", (ROOT / "docs" / "settings.md").read_text(), re.S).group(1)


def manim(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(MANIM + list(args), cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True,
                          text=True, timeout=600)


def not_blank(png: Path) -> bool:
    pixels = np.asarray(Image.open(png).convert("L"), dtype=float)
    return pixels.shape == (480, 854) and pixels.std() > 5


def test_a_scene_written_outside_the_repository_renders(tmp_path):
    (tmp_path / "my_scene.py").write_text(OWN_SCENE)
    r = manim("render", "-s", "-ql", "--media_dir", str(tmp_path / "media"), "my_scene.py", "WhatItSees",
              cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-2000:]
    assert not_blank(find_one(tmp_path / "media", "WhatItSees*.png"))


def test_own_dataset_in_three_commands(tmp_path):
    data = shapes_dataset(tmp_path / "my-data", names=["circle", "square", "cross"], n_train=240, n_test=60)
    r = subprocess.run([sys.executable, "-m", "netcore", "assets", "--data", str(data), "--out", str(tmp_path / "my-set")],
                       cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    env = {"LESSON_ASSETS": str(tmp_path / "my-set")}
    r = manim("render", "-s", "-ql", "--media_dir", str(tmp_path / "media"), str(ROOT / "scenes" / "layers.py"),
              cwd=tmp_path, env=env)
    assert r.returncode == 0, r.stderr[-2000:]
    assert not_blank(find_one(tmp_path / "media", "ForwardPass*.png"))
    r = subprocess.run([sys.executable, str(ROOT / "scenes" / "build.py"), "--only", "counting", "--out",
                        str(tmp_path / "renders")], cwd=tmp_path, env={**os.environ, **env}, capture_output=True,
                       text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    manifest = json.loads((tmp_path / "renders" / "manifest.json").read_text())
    assert manifest["topic"]["title"] == "Drawn shapes" and manifest["topic"]["classes"] == ["circle", "square", "cross"]
    assert manifest["chapters"]["counting"]["item"]["source"].startswith("Drawn shapes, test shape #")
    assert (tmp_path / "renders" / "06-counting.mp4").is_file()



@pytest.mark.parametrize("scene_file, scene, set_name", [
    ("weights.py", "OneNeuron", "shipped-relu"),
    ("why_layers.py", "WhyLayers", "twenty-classes"),
])
def test_last_frame_of_another_lesson(sets, tmp_path, scene_file, scene, set_name):
    env = {f"LESSON_{k.upper()}": v for k, v in sets[set_name].items()}
    r = manim("render", "-s", "-ql", "--media_dir", str(tmp_path), str(ROOT / "scenes" / scene_file), scene,
              cwd=ROOT, env=env)
    assert r.returncode == 0, r.stderr[-2000:]
    assert not_blank(find_one(tmp_path, f"{scene}*.png"))


def test_a_non_editable_install_names_the_missing_lesson_set(tmp_path):
    target = tmp_path / "site"
    r = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps",
                        "--target", str(target), str(ROOT)], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    code = "from lessonkit import lesson; print(lesson.current_or_exit().topic.title)"
    env = {**os.environ, "PYTHONPATH": str(target)}
    r = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert r.returncode == 2 and r.stderr.count("\n") == 1
    assert f"lesson set {target / 'assets'} not found: set LESSON_ASSETS" in r.stderr
    r = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env={**env, "LESSON_ASSETS": str(ROOT / "assets")},
                       capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.strip() == "MNIST handwritten digits"
