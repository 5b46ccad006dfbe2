"""Benchmark of rendering and publishing the lesson (not a test: it prints measurements).

    python tests/benchmarks/lesson.py            # -ql only (about 2 minutes)
    python tests/benchmarks/lesson.py --high     # also -qh (1080p60; about 15 minutes)
    python tests/benchmarks/lesson.py --speedups off    # with Manim's own drawing and encoding
    python tests/benchmarks/lesson.py --speedups both   # each measurement both ways, off first

Prints, against the targets of the performance issue:
- scenes/layers.py: seconds of rendering per second of video (targets 0.25 at -ql, 1.0 at -qh);
- the whole lesson built by scenes/build.py into an empty folder, every output included: wall
  time over the lesson's duration (target 1.0 at -qh), and the largest memory of any process;
- an unchanged rebuild (target under 2 s);
- each publishing step on the layers video, as done for a kept video (WebM re-encoded from the MP4;
  a new render encodes its WebM while it renders and the build only joins it), the GIF and the
  poster, and the join;
- how far layers' last frame at -ql is from tests/reference/layers_last.png (0 = unchanged).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))  # the tests' helpers (scenetools), which are not installed

from lessonpublish import media  # noqa: E402
from scenetools import find_one, image_difference  # noqa: E402

TARGETS = {"l": 0.25, "h": 1.0}
ENV = {**os.environ, "LESSON_ITEM": "0"}


def timed(cmd: list[str], cwd: Path = ROOT) -> float:
    start = time.perf_counter()
    r = subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{r.stderr[-2000:]}")
    return time.perf_counter() - start


def layers_ratio(quality: str, tmp: Path) -> Path:
    media_dir = tmp / f"layers-{quality}"
    seconds = timed([sys.executable, "-m", "manim", "render", f"-q{quality}", "--media_dir", str(media_dir),
                     "--progress_bar", "none", "scenes/layers.py", "ForwardPass"])
    video = find_one(media_dir, "ForwardPass.mp4")
    length = media.duration(video)
    print(f"layers.py -q{quality}: {seconds:.1f} s for {length:.1f} s of video = {seconds / length:.2f} s per "
          f"video-second (target {TARGETS[quality]})")
    return video


def publishing_steps(video: Path, tmp: Path) -> None:
    steps = {"WebM (VP9) from the MP4": lambda: media.transcode(video, tmp / "x.webm", "webm"),
             "GIF preview": lambda: media.gif_preview(video, tmp / "x.gif"),
             "poster": lambda: media.poster(video, tmp / "x.png")}
    length = media.duration(video)
    for name, step in steps.items():
        start = time.perf_counter()
        step()
        seconds = time.perf_counter() - start
        print(f"  {name}: {seconds:.1f} s ({seconds / length:.2f} per video-second)")


def whole_lesson(quality: str, tmp: Path) -> None:
    out = tmp / f"renders-{quality}"
    seconds = timed([sys.executable, "scenes/build.py", "-q", quality, "--out", str(out)])
    manifest = json.loads((out / "manifest.json").read_text())
    length = manifest["lesson"]["duration"]
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"whole lesson -q {quality}: {seconds:.0f} s for {length:.0f} s of video = {seconds / length:.2f} x its "
          f"duration (target 1.0 at -q h); largest process {peak:.0f} MB (target under 1,024); lesson.mp4 joined "
          f"by {manifest['lesson']['joined_by']}")
    start = time.perf_counter()
    media.concatenate([(out / e["files"][0]["file"], e["title"]) for e in manifest["chapters"].values()],
                      tmp / "joined.mp4")
    print(f"  joining the chapters alone: {time.perf_counter() - start:.1f} s")
    again = timed([sys.executable, "scenes/build.py", "-q", quality, "--out", str(out)])
    print(f"  unchanged rebuild: {again:.1f} s (target under 2 s)")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--high", action="store_true", help="also measure 1080p60 (-qh)")
    p.add_argument("--speedups", choices=("on", "off", "both"), default="on",
                   help="the lesson's renderer (on), Manim's own code (off), or each measurement both ways")
    args = p.parse_args()
    for choice in (("off", "on") if args.speedups == "both" else (args.speedups,)):
        print(f"--- speedups {choice}")
        ENV["LESSON_SPEEDUPS"] = choice
        measure(args.high)


def measure(high: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        video = layers_ratio("l", tmp)
        frame_dir = tmp / "frame"
        timed([sys.executable, "-m", "manim", "render", "-s", "-ql", "--media_dir", str(frame_dir),
               "scenes/layers.py", "ForwardPass"])
        mean, off = image_difference(find_one(frame_dir, "ForwardPass*.png"), ROOT / "tests" / "reference" / "layers_last.png")
        print(f"layers last frame against the reference: mean difference {mean:.2f} of 255, {off:.2%} of pixels "
              "off by more than 64")
        publishing_steps(video, tmp)
        whole_lesson("l", tmp)
        if high:
            video = layers_ratio("h", tmp)
            publishing_steps(video, tmp)
            whole_lesson("h", tmp)


if __name__ == "__main__":
    main()
