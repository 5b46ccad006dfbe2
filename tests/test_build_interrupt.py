"""Ctrl-C during a build, sent as a real SIGINT while a scene renders, while one transcodes and while
the lesson video is joined: exit status 130, the finished scenes named, no temporary file left, and
the next run makes only what is missing."""
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lessonpublish import media
from scenetools import ROOT

#: Lets a test hold the build at one stage until it is interrupted (only when the test asks).
PAUSE = '''

def _pause(stage: str, check) -> None:
    import os, time
    if os.environ.get("BUILD_TEST_STAGE") == stage:
        Path(os.environ["BUILD_TEST_MARK"]).touch()
        for _ in range(1200):
            check()
            time.sleep(0.05)
'''


@pytest.fixture
def project(tmp_path):
    """A copy of the project whose lesson has two chapters, with the pause hook in its media code."""
    root = tmp_path / "project"
    shutil.copytree(ROOT / "scenes", root / "scenes", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "netcore", root / "netcore", ignore=shutil.ignore_patterns("__pycache__"))
    (root / "assets").symlink_to(ROOT / "assets")
    contents = root / "scenes" / "chapters.toml"  # the table of contents, cut to intro and recap
    tables = contents.read_text().split("[[chapter]]")
    contents.write_text(tables[0] + "".join("[[chapter]]" + t for t in tables[1:]
                                            if 'name = "intro"' in t or 'name = "recap"' in t))
    media = root / "scenes" / "lessonpublish" / "media.py"
    code = media.read_text() + PAUSE
    for line in ('    codec, options = ("libvpx-vp9", VP9)',  # a kept video's WebM, encoded again
                 '    counts = [frame_count(t) for t in twins]'):  # a new render's WebM, joined from its twins
        assert line in code
        code = code.replace(line, '    _pause("transcode", check)\n' + line)
    code = code.replace('    signatures = {_signature(path)', '    _pause("join", check)\n    signatures = {_signature(path)')
    media.write_text(code)
    return root


def start(root: Path, stage: str = "", jobs: str = "2") -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(root), "LESSON_ITEM": "0", "LESSON_VOICE": "off", "BUILD_TEST_STAGE": stage,
           "BUILD_TEST_MARK": str(root / "paused")}
    return subprocess.Popen([sys.executable, str(root / "scenes" / "build.py"), "--jobs", jobs, "--out",
                             str(root / "renders")], cwd=root, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def wait_for(condition, seconds: float = 300) -> None:
    deadline = time.time() + seconds
    while not condition():
        assert time.time() < deadline, "the build never reached the stage"
        time.sleep(0.1)


def interrupt(proc: subprocess.Popen) -> str:
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    return err


def leftovers(root: Path) -> list[str]:
    return [p.name for p in (root / "renders").iterdir() if p.name.startswith(".")]


def finished(root: Path) -> set[str]:
    return set(json.loads((root / "renders" / "manifest.json").read_text())["chapters"])


def rerun(root: Path) -> str:
    r = subprocess.run([sys.executable, str(root / "scenes" / "build.py"), "--out", str(root / "renders")], cwd=root,
                       env={**os.environ, "PYTHONPATH": str(root), "LESSON_ITEM": "0", "LESSON_VOICE": "off"}, capture_output=True,
                       text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    return r.stderr


def test_interrupted_while_rendering(project):
    proc = start(project)
    wait_for(lambda: any((project / "renders").glob(".work-*/media/**/partial_movie_files/**/*.mp4")))
    err = interrupt(proc)
    assert "Not made yet: intro, recap" in err
    assert leftovers(project) == [] and finished(project) == set()
    assert not subprocess.run(["pgrep", "-f", str(project / "scenes")], capture_output=True).stdout  # no render left
    out = rerun(project)
    assert "2 scene(s) to render" in out and (project / "renders" / "lesson.mp4").is_file()


def test_interrupted_while_transcoding(project):
    proc = start(project, "transcode", jobs="1")
    wait_for(lambda: (project / "paused").exists())
    err = interrupt(proc)
    assert "Nothing finished now" in err and "Not made yet: intro, recap" in err
    assert leftovers(project) == [] and finished(project) == set()


def test_interrupted_while_joining(project):
    proc = start(project, "join")
    wait_for(lambda: (project / "paused").exists())
    err = interrupt(proc)
    assert "Finished now: " in err and "run again to join" in err
    assert leftovers(project) == [] and finished(project) == {"intro", "recap"}
    assert not (project / "renders" / "lesson.mp4").exists()
    out = rerun(project)
    assert "0 scene(s) to render" in out and "lesson.mp4: all chapters joined by copying packets" in out, out
    renders = project / "renders"
    parts = [renders / "01-intro.mp4", renders / "02-recap.mp4"]
    frames = [sum(1 for _ in media.frames(p)) for p in parts]
    assert sum(1 for _ in media.frames(renders / "lesson.mp4")) == sum(frames)  # every frame decodes
    assert media.duration(renders / "lesson.mp4") == pytest.approx(sum(media.duration(p) for p in parts), abs=0.1)
