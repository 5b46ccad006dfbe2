"""The narration script: every line each scene says, with its id, to read aloud and record.

Lines are collected by running each scene with its animations skipped (nothing is drawn or
spoken), so the script holds exactly what a render would say for this lesson set and item. A
teacher records ``<folder>/<scene>/<line-id>.wav`` (or .flac, .mp3) for any lines they like; each
take replaces the synthetic voice for its line, and the scene's timing follows its length.
"""
from __future__ import annotations

import dataclasses
import importlib
import json
from pathlib import Path

from lessonkit import voice
from netcore.atomic import atomic_open

from .chapters import Chapter

SCRIPT_MD, SCRIPT_JSON = "script.md", "script.json"


def spoken_lines(chapter: Chapter, lesson) -> list[str]:
    """The lines ``chapter``'s scene says, in order, for ``lesson`` (built with animations skipped)."""
    from manim import tempconfig

    scene_cls = getattr(importlib.import_module(chapter.name), chapter.scene)
    silent = dataclasses.replace(lesson, narrator=None)
    with tempconfig({"dry_run": True, "disable_caching": True, "quality": "low_quality", "verbosity": "ERROR",
                     "progress_bar": "none"}):
        scene = scene_cls(skip_animations=True)
        scene.renderer.update_frame = lambda *args, **kwargs: None  # nothing is drawn
        scene.lesson = silent
        scene.render()
    return list(scene.captions)


def script_texts(lines: dict[str, list[str]], folder: Path) -> tuple[str, dict]:
    """The script as Markdown for people and as JSON ({scene: [{id, text}]}) for tools."""
    md = ["# Narration script", "",
          f"Record any line as `{folder.name}/<scene>/<id>.wav` (FLAC or MP3 work too). Each take replaces the",
          "synthetic voice for its line, and the video waits for it to finish. An id changes when its",
          "line's words change; a take whose id matches no line is reported and not used.", ""]
    data = {}
    for scene, texts in lines.items():
        md += [f"## {scene}", ""]
        data[scene] = []
        for text in texts:
            line = voice.line_id(text)
            md.append(f"- `{scene}/{line}`: {text}")
            data[scene].append({"id": line, "text": voice.spoken(text)})
        md.append("")
    return "\n".join(md), data


def write_script(chosen: list[tuple[int, Chapter]], lesson, folder: Path, console) -> int:
    """Write script.md and script.json into ``folder``, report stale takes; returns the exit status."""
    lines = {chapter.name: spoken_lines(chapter, lesson) for _, chapter in chosen}
    md, data = script_texts(lines, folder)
    folder.mkdir(parents=True, exist_ok=True)
    with atomic_open(folder / SCRIPT_MD) as f:
        f.write(md.encode("utf-8"))
    with atomic_open(folder / SCRIPT_JSON) as f:
        f.write(json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8"))
    total = sum(len(v) for v in lines.values())
    console.print(f"wrote {folder / SCRIPT_MD} and {SCRIPT_JSON}: {total} lines in {len(lines)} scene(s)",
                  markup=False, highlight=False)
    for scene, texts in lines.items():
        for take, why in voice.stale_takes(folder / scene, [voice.line_id(t) for t in texts]):
            console.print(f"narration: {scene}/{take}: {why}", markup=False, highlight=False)
    return 0
