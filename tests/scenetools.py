"""Helpers for scene tests: build a scene without rendering, render for real, read videos and frames."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
from manim import ManimColor, tempconfig

ROOT = Path(__file__).resolve().parent.parent
MANIM = [sys.executable, "-m", "manim"]


def build(scene_cls, lesson=None, beats: list[str] | None = None, media_dir: Path | None = None):
    """Run a scene's construct (or only the named beats, in order) with animations skipped:
    every mobject is built and placed, nothing is drawn or written."""
    settings = {"dry_run": True, "disable_caching": True, "quality": "low_quality", "verbosity": "WARNING",
                "progress_bar": "none"}
    if media_dir is not None:
        settings["media_dir"] = str(media_dir)
    with tempconfig(settings):
        scene = scene_cls(skip_animations=True)
        scene.renderer.update_frame = lambda *args, **kwargs: None  # nothing is drawn: skip painting frames
        if lesson is not None:
            scene.lesson = lesson
        if beats is not None:
            scene.construct = lambda: [getattr(scene, beat)() for beat in beats]
        scene.render()
    return scene


def project_copy(root: Path) -> Path:
    """A copy of the project's code in ``root`` (assets linked), where scenes can be edited and broken
    and builds write what they like."""
    import shutil

    for part in ("scenes", "netcore"):
        shutil.copytree(ROOT / part, root / part, ignore=shutil.ignore_patterns("__pycache__"))
    (root / "assets").symlink_to(ROOT / "assets")
    return root


def build_counting(root: Path, *args: str, voice: str = "off") -> subprocess.CompletedProcess:
    """scenes/build.py of the project copy ``root`` at -ql for the short counting chapter, with ``args``,
    none of the caller's LESSON_* settings, the sample item 0, clips cached inside ``root`` and
    ``voice`` (off; "" for the build's own default)."""
    env = {**os.environ, "PYTHONPATH": str(root), "LESSON_ITEM": "0", "NETLESSON_CACHE": str(root / "cache")}
    for k in [k for k in env if k.startswith("LESSON_") and k != "LESSON_ITEM"]:
        env.pop(k)
    if voice:
        env["LESSON_VOICE"] = voice
    return subprocess.run([sys.executable, str(root / "scenes" / "build.py"), "-ql", "--only", "counting", *args],
                          cwd=root, env=env, capture_output=True, text=True, timeout=600)


def render(scene_file: str, scene: str, media_dir: Path, *flags: str, env: dict | None = None,
           timeout: float = 600) -> subprocess.CompletedProcess:
    """Run `manim render` for real in a subprocess."""
    return subprocess.run(
        MANIM + ["render", *flags, "--media_dir", str(media_dir), str(ROOT / "scenes" / scene_file), scene],
        cwd=ROOT, env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=timeout,
    )


def video_info(path: Path) -> tuple[float, int, int]:
    """(duration in seconds, width, height) of a video, read with PyAV."""
    import av

    with av.open(str(path)) as c:
        s = c.streams.video[0]
        return float(s.duration * s.time_base), s.codec_context.width, s.codec_context.height


def find_one(folder: Path, pattern: str) -> Path:
    found = sorted(Path(folder).rglob(pattern))
    assert len(found) == 1, f"expected one {pattern} under {folder}, found {found}"
    return found[0]


def image_difference(a: Path, b: Path) -> tuple[float, float]:
    """(mean absolute difference in 0..255, fraction of pixels off by more than 64) between two PNGs."""
    from PIL import Image

    x = np.asarray(Image.open(a).convert("RGB"), dtype=float)
    y = np.asarray(Image.open(b).convert("RGB"), dtype=float)
    assert x.shape == y.shape, f"frame sizes differ: {x.shape} vs {y.shape}"
    diff = np.abs(x - y)
    return float(diff.mean()), float((diff.max(axis=2) > 64).mean())


def same_color(a, b) -> bool:
    return ManimColor(a).to_hex().lower() == ManimColor(b).to_hex().lower()


def leaves(scene, skip: tuple = ()):
    """Every drawn mobject on screen now (those with points, and images), leaving out the families
    of mobjects of the ``skip`` types."""
    from manim import ImageMobject, VMobject

    skipped = {id(f) for m in scene.mobjects for top in m.get_family() if isinstance(top, skip)
               for f in top.get_family()}
    out = []
    for m in scene.mobjects:
        for f in m.get_family():
            if id(f) in skipped:
                continue
            if ((isinstance(f, VMobject) and f.has_points()) or isinstance(f, ImageMobject)) and f not in out:
                out.append(f)
    return out


def outside_frame(scene, tolerance: float = 0.02, skip: tuple = ()) -> list:
    """Drawn mobjects that reach beyond the frame (by more than ``tolerance``), with their extent."""
    from manim import config

    w, h = config.frame_width / 2 + tolerance, config.frame_height / 2 + tolerance
    bad = []
    for m in leaves(scene, skip):
        if not hasattr(m, "pixel_array") and m.get_fill_opacity() == 0 and m.get_stroke_opacity() == 0:
            continue  # invisible
        left, right, bottom, top = m.get_left()[0], m.get_right()[0], m.get_bottom()[1], m.get_top()[1]
        if left < -w or right > w or bottom < -h or top > h:
            bad.append((type(m).__name__, getattr(m, "text", ""), round(left, 2), round(right, 2),
                        round(bottom, 2), round(top, 2)))
    return bad


MARGIN = 40 / 135  # 40 pixels at 1080p, in frame units


def visible_texts(scene) -> list:
    """The Text mobjects on screen now that show something."""
    from manim import Text

    out = []
    for m in scene.mobjects:
        for f in m.get_family():
            if isinstance(f, Text) and f not in out and any(
                    p.get_fill_opacity() > 0.01 for p in f.family_members_with_points()):
                out.append(f)
    return out


def text_problems(scene, min_size: float, margin: float = MARGIN, overlap: float = 0.02) -> list[str]:
    """Texts on screen now that are smaller than ``min_size`` (font size), nearer an edge of the frame
    than ``margin``, or overlapping another text by more than ``overlap`` each way."""
    from manim import config

    texts = visible_texts(scene)
    w, h = config.frame_width / 2 - margin + 1e-3, config.frame_height / 2 - margin + 1e-3
    problems = []
    for t in texts:
        if t.font_size < min_size - 0.05:
            problems.append(f"too small ({t.font_size:.1f}): {t.text!r}")
        if t.get_left()[0] < -w or t.get_right()[0] > w or t.get_bottom()[1] < -h or t.get_top()[1] > h:
            problems.append(f"within {margin:.2f} of the frame's edge: {t.text!r}")
    boxes = [(t, t.get_left()[0], t.get_right()[0], t.get_bottom()[1], t.get_top()[1]) for t in texts]
    for i, (a, al, ar, ab, at) in enumerate(boxes):
        for b, bl, br, bb, bt in boxes[i + 1:]:
            if a in b.get_family() or b in a.get_family():
                continue
            if min(ar, br) - max(al, bl) > overlap and min(at, bt) - max(ab, bb) > overlap:
                problems.append(f"overlap: {a.text!r} and {b.text!r}")
    return problems


def morphed_texts(animations) -> list[str]:
    """Texts an animation morphs into other texts (a Transform whose start and end hold texts that
    differ): mid-way their glyphs are shapes that are no text at all."""
    from manim import Text, Transform
    from manim.animation.fading import _Fade

    found = []
    for anim in animations:
        inner = getattr(anim, "animations", None)
        if inner:
            found += morphed_texts(inner)
        elif isinstance(anim, Transform) and not isinstance(anim, _Fade) and anim.target_mobject is not None:
            start = [t.text for t in anim.mobject.get_family() if isinstance(t, Text)]
            end = [t.text for t in anim.target_mobject.get_family() if isinstance(t, Text)]
            if (start or end) and start != end:
                found.append(f"{start} -> {end}")
    return found


def shows_something(scene) -> bool:
    """Whether anything visible is on screen (a fully black frame otherwise)."""
    from manim import ImageMobject

    for m in scene.mobjects:
        for f in m.get_family():
            if isinstance(f, ImageMobject):
                return True
            if f.has_points() and (f.get_fill_opacity() > 0.01 or
                                   (f.get_stroke_width() > 0 and f.get_stroke_opacity() > 0.01)):
                return True
    return False


def blank_moments(video: Path, every: float = 1.0, edge: float = 1.0) -> list[float]:
    """The times (seconds, sampled every ``every``) at which a rendered video shows a blank frame (one
    flat colour, the background), leaving out the first and last ``edge`` seconds, where a chapter may
    fade in and out."""
    import av

    found, next_time = [], edge
    with av.open(str(video)) as c:
        stream = c.streams.video[0]
        duration = float(stream.duration * stream.time_base)
        for frame in c.decode(stream):
            t = float(frame.pts * stream.time_base)
            if t < next_time or t >= duration - edge:
                continue
            next_time = t + every
            pixels = frame.to_ndarray(format="rgb24").astype(int)
            if np.ptp(pixels.reshape(-1, 3), axis=0).max() <= 12:  # nothing but the background (and codec noise)
                found.append(round(t, 2))
    return found
