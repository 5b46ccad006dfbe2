"""One scene rendered by Manim in a process of its own, here or on a cluster's worker: its video,
the WebM joined from the segments' twins, its captions, its narration record, how many
animations it played and what it said about the narration."""
from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the project: scenes/ and netcore/ beside each other
QUALITIES = {"l": "low_quality", "m": "medium_quality", "h": "high_quality"}


@dataclass
class Rendered:
    """A scene's render in a work folder: the MP4 (with its .srt and .narration.json beside it), the
    WebM when the render encoded its twins (else None: made from the MP4), the number of animations
    played, and narration notes."""

    video: Path
    webm: Path | None
    played: int
    notes: list[str] = field(default_factory=list)
    seconds: float | None = None  # how long the render itself took, where that is not the caller's wait

    @property
    def srt(self) -> Path:
        return self.video.with_suffix(".srt")

    @property
    def record(self) -> Path:
        return self.video.with_suffix(".narration.json")


def failure_line(output: str) -> str:
    """The line that says why a render failed: our own 'error: ...', else the exception's last line."""
    lines = [line.strip(" │") for line in output.splitlines() if line.strip(" │")]
    pattern = re.compile(r"^(error:|[A-Za-z_][\w.]*(Error|Exception|Interrupt)\b)")
    found = next((line for line in reversed(lines) if pattern.match(line)), None)
    return found or (lines[-1] if lines else "")


def render_scene(label: str, name: str, scene: str, quality: str, work: Path, settings: dict[str, str],
                 jobs, root: Path = ROOT) -> Rendered:
    """Render scene class ``scene`` of scenes/<name>.py at ``quality`` into ``work`` with ``settings``
    (lessonkit.lesson.Settings as a dict), through ``jobs`` (lessonpublish.jobs.Jobs: followed as
    ``label``, stopped on Ctrl-C); RuntimeError with Manim's own reason if it fails."""
    from lessonpublish import media  # (these bring Manim with them: only where a scene is rendered)
    from lessonrender.encoding import TWINS_ENV

    settings = dict(settings)
    if not settings.get("narration"):  # no takes: not the project folder's narration/ either
        settings["narration"] = str(work / "no-takes")
        (work / "no-takes").mkdir(parents=True, exist_ok=True)
    (work / "no-settings.toml").write_text("")  # every setting is given: no lesson.toml of this machine adds one
    env = {**os.environ, **{f"LESSON_{k.upper()}": str(v) for k, v in settings.items()},
           "LESSON_CONFIG": str(work / "no-settings.toml"),
           "COLUMNS": "1000",  # one log line per line, so progress can be read from it
           TWINS_ENV: "1"}  # each segment also as VP9 WebM, joined into the scene's WebM below
    cmd = [sys.executable, "-m", "manim", "render", f"-q{quality}", "--media_dir", str(work / "media"),
           "--progress_bar", "none", str(root / "scenes" / f"{name}.py"), scene]
    status, output, played = jobs.run(label, cmd, cwd=root, env=env)
    if status != 0:
        raise RuntimeError(failure_line(output) or f"manim exited with status {status}")
    videos = [p for p in (work / "media").rglob(f"{scene}.mp4") if "partial_movie_files" not in p.parts]
    if len(videos) != 1:
        raise RuntimeError(f"expected one {scene}.mp4 from manim, found {len(videos)}")
    video = videos[0]
    notes = [line.strip() for line in output.splitlines() if line.startswith("narration: ")]
    twins, webm = media.webm_twins(video), None
    if twins:  # the render encoded the WebM too, segment by segment: join them
        webm = video.with_suffix(".webm")
        media.webm_from_twins(twins, video, webm, jobs.check)
    return Rendered(video, webm, played, notes)
