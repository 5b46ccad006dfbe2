"""The lesson's renderer is opted into, never installed: importing the project changes nothing in
Manim, a plain Scene renders as stock Manim, LessonScene uses lessonrender unless the switch is off,
and the speed-ups step aside on a Manim version they were not verified with."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: Prints a fingerprint of every class attribute of the Manim classes the renderer builds on, and of
#: Manim's config, before and after importing every package of the project.
SNAPSHOT = r"""
import hashlib, inspect, json
import manim
from manim import config
from manim.camera.camera import Camera
from manim.mobject.svg.svg_mobject import SVGMobject
from manim.mobject.text import tex_mobject, text_mobject
from manim.renderer.cairo_renderer import CairoRenderer
from manim.scene.scene import Scene
from manim.scene.scene_file_writer import SceneFileWriter
from manim.scene.video_segment_encoder import VideoSegmentEncoder

def snapshot():
    parts = {}
    for owner in (Camera, SVGMobject, text_mobject.Text, tex_mobject.MathTex, tex_mobject.SingleStringMathTex,
                  CairoRenderer, Scene, SceneFileWriter, VideoSegmentEncoder):
        parts[owner.__name__] = {k: repr(v) if not callable(v) else getattr(v, "__qualname__", repr(v)) + str(id(v))
                                 for k, v in vars(owner).items()}
    parts["tex_module"] = {k: str(id(v)) for k, v in vars(tex_mobject).items() if callable(v)}
    parts["config"] = {k: repr(config[k]) for k in sorted(config._d)}
    return parts

before = snapshot()
import lessonkit, lessonrender, lessonscript, lessonvoice, lessonpublish.media, lessonpublish.page  # noqa
after = snapshot()
changed = sorted(f"{o}.{k}" for o in before for k in set(before[o]) | set(after[o]) if before[o].get(k) != after[o].get(k))
print(json.dumps(changed))
"""


def run_python(code: str, *args: str, env: dict | None = None, cwd: Path | None = None) -> str:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=300,
                         env={**os.environ, **(env or {})}, cwd=cwd)
    assert out.returncode == 0, out.stderr[-3000:]
    return out.stdout


def test_importing_the_project_changes_nothing_in_manim():
    assert run_python(SNAPSHOT).strip().splitlines()[-1] == "[]"


PLAIN_SCENE = r"""
import sys
from pathlib import Path
if sys.argv[1] == "with":
    import lessonkit, lessonrender, lessonpublish.media  # noqa: F401 - imported, not used
import av, hashlib
from manim import BLUE, RED, Circle, FadeIn, MathTex, Scene, Square, Text, tempconfig

class Plain(Scene):
    def construct(self):
        square = Square(2).set_fill(RED, opacity=0.5)
        self.add(square, Text("plain 0.731", font_size=36).to_edge([0, -1, 0]))
        self.play(square.animate.rotate(0.5), FadeIn(Circle(color=BLUE)), run_time=0.6)
        self.play(FadeIn(MathTex(r"a = \sigma(z)").to_edge([0, 1, 0])), run_time=0.4)
        self.wait(0.5)

with tempconfig({"quality": "low_quality", "media_dir": sys.argv[2], "progress_bar": "none", "verbosity": "WARNING"}):
    scene = Plain()
    print(type(scene.renderer).__module__, type(scene.renderer.camera).__module__,
          type(scene.renderer.file_writer).__module__)
    scene.render()
    path = scene.renderer.file_writer.movie_file_path
with av.open(str(path)) as c:
    frames = [hashlib.sha1(b"".join(bytes(p) for p in f.planes)).hexdigest() for f in c.decode(video=0)]
print(len(frames), hashlib.sha1("".join(frames).encode()).hexdigest(), hashlib.sha1(Path(path).read_bytes()).hexdigest())
"""


def test_a_plain_scene_renders_as_stock_manim_with_the_project_imported(tmp_path):
    """Byte for byte: the same frames, and the same file, from a process that imported the project."""
    env = {"NETLESSON_CACHE": str(tmp_path / "cache")}
    stock = run_python(PLAIN_SCENE, "without", str(tmp_path / "a"), env=env, cwd=tmp_path).splitlines()
    ours = run_python(PLAIN_SCENE, "with", str(tmp_path / "b"), env=env, cwd=tmp_path).splitlines()
    assert stock[0].split() == ["manim.renderer.cairo_renderer", "manim.camera.camera", "manim.scene.scene_file_writer"]
    assert ours[0] == stock[0]
    count, frames, file = ours[-1].split()
    assert int(count) == 22 and ours[-1] == stock[-1]  # 9 + 6 + 7 frames at 15 fps
    assert not (tmp_path / "cache").exists()  # no glyph kept, no formula compiled in the kit's folder


def lesson_scene(tmp_path, monkeypatch, **env):
    """A LessonScene made (not rendered) with these LESSON_* settings, in an empty folder."""
    from manim import tempconfig

    from lessonkit import LessonScene

    monkeypatch.chdir(tmp_path)
    for key in ("LESSON_SPEEDUPS", "LESSON_CONFIG"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)

    class Tiny(LessonScene):
        def construct(self):
            pass

    with tempconfig({"media_dir": str(tmp_path / "media"), "verbosity": "WARNING"}):
        return Tiny()


def kinds(scene) -> tuple[str, str, str]:
    r = scene.renderer
    return type(r).__name__, type(r.camera).__name__, type(r.file_writer).__name__


def test_a_lesson_scene_renders_with_the_lessons_renderer(tmp_path, monkeypatch):
    assert kinds(lesson_scene(tmp_path, monkeypatch)) == ("LessonRenderer", "LessonCamera", "LessonFileWriter")


def test_the_switch_turns_every_speedup_off(tmp_path, monkeypatch):
    """LESSON_SPEEDUPS=off, or speedups = "off" in lesson.toml: Manim's own renderer, camera and file
    writer, Manim's glyphs, and a caption copied Manim's way."""
    from lessonrender import Text, glyphs

    stock = ("CairoRenderer", "Camera", "SceneFileWriter")
    assert kinds(lesson_scene(tmp_path, monkeypatch, LESSON_SPEEDUPS="off")) == stock
    assert glyphs.setting == "off"
    monkeypatch.setenv("NETLESSON_CACHE", str(tmp_path / "cache"))
    Text("not kept", font_size=20)
    assert not (tmp_path / "cache").exists()
    (tmp_path / "lesson.toml").write_text('speedups = "off"\n')
    assert kinds(lesson_scene(tmp_path, monkeypatch)) == stock
    (tmp_path / "lesson.toml").write_text('speedups = "on"\n')
    assert kinds(lesson_scene(tmp_path, monkeypatch))[0] == "LessonRenderer" and glyphs.setting == "on"


def test_a_bad_switch_value_is_one_clear_error(tmp_path, monkeypatch, capsys):
    with pytest.raises(SystemExit) as stop:
        lesson_scene(tmp_path, monkeypatch, LESSON_SPEEDUPS="fast")
    assert stop.value.code == 2
    assert capsys.readouterr().err.strip() == "error: speedups must be 'on' or 'off', not 'fast'"


def test_the_speedups_step_aside_on_a_manim_they_were_not_verified_with(tmp_path, monkeypatch):
    import manim

    from lessonrender import switch

    logged = []
    monkeypatch.setattr(manim, "__version__", "0.99.0")
    monkeypatch.setattr(switch.logger, "warning", lambda message: logged.append(message))
    monkeypatch.setattr(switch, "_told", set())
    assert kinds(lesson_scene(tmp_path, monkeypatch)) == ("CairoRenderer", "Camera", "SceneFileWriter")
    assert kinds(lesson_scene(tmp_path, monkeypatch))[0] == "CairoRenderer"
    assert logged == ["lesson speed-ups off: verified with Manim 0.22.0, this is 0.99.0; rendering with Manim's own code"]
    monkeypatch.setattr(manim, "__version__", switch.VERIFIED[0])
    assert kinds(lesson_scene(tmp_path, monkeypatch))[0] == "LessonRenderer"


def test_no_manim_class_attribute_is_assigned_outside_the_renderers_subclasses():
    """What the issue asked grep to find: no assignment to an attribute of a Manim class in the code."""
    import re

    manim_classes = r"(SceneFileWriter|Camera|SVGMobject|tex_mobject|text_mobject|CairoRenderer|Scene|Text|MathTex|" \
                    r"VMobject|Mobject|VideoSegmentEncoder|ImageMobject)"
    pattern = re.compile(rf"^\s*{manim_classes}\.\w+\s*=[^=]", re.M)
    found = [f"{p.relative_to(ROOT)}: {m.group(0).strip()}" for folder in ("scenes", "tests", "netcore")
             for p in sorted((ROOT / folder).rglob("*.py")) for m in pattern.finditer(p.read_text(encoding="utf-8"))]
    assert found == []
