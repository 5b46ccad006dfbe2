"""Benchmark of scene rendering (not a test: it prints measurements).

    python tests/benchmarks/render.py [scene_file.py[:Scene] ...] [--quality l h]

For each scene and quality, renders into a temporary folder and prints the wall time,
the video's duration and their ratio, seconds of rendering per second of video,
against the targets (0.4 at -ql, 480p15; 1.5 at -qh, 1080p60). Default: scenes/layers.py.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import av

ROOT = Path(__file__).resolve().parents[2]
TARGETS = {"l": 0.4, "h": 1.5}


def measure(scene_file: str, scene: str | None, quality: str) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as media:
        cmd = [sys.executable, "-m", "manim", "render", f"-q{quality}", "--media_dir", media,
               str(ROOT / "scenes" / scene_file)] + ([scene] if scene else [])
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
        wall = time.perf_counter() - start
        video = next(Path(media).rglob("*.mp4"))
        with av.open(str(video)) as c:
            s = c.streams.video[0]
            return wall, float(s.duration * s.time_base)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("scenes", nargs="*", default=["layers.py"])
    p.add_argument("--quality", nargs="+", default=["l", "h"], choices=["l", "m", "h"])
    args = p.parse_args()
    print(f"{'scene':<28} {'quality':>7} {'wall s':>8} {'video s':>8} {'s per video s':>14} {'target':>7}")
    for spec in args.scenes:
        scene_file, _, scene = spec.partition(":")
        for q in args.quality:
            wall, duration = measure(scene_file, scene or None, q)
            target = TARGETS.get(q)
            print(f"{spec:<28} {'-q' + q:>7} {wall:>8.1f} {duration:>8.1f} {wall / duration:>14.2f} "
                  f"{target if target else '':>7}")


if __name__ == "__main__":
    main()
