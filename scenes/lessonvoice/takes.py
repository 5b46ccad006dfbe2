"""The takes list: every line each scene says, with its id, to read aloud and record.

Lines are collected by running each scene with its animations skipped (nothing is drawn or
spoken), so the list holds exactly what a render would say for this lesson set, item, language and
script. A teacher records ``<folder>/<language>/<scene>/<line-id>.wav`` (or .flac, .mp3) for any
lines they like; each take replaces the synthetic voice for its line, and the scene's timing follows
its length. The list is written to ``<folder>/<language>/script.md`` (and ``script.json``); for the
described version (described = on) it also holds the descriptions, which that version speaks.
(English takes in the older ``<folder>/<scene>/`` are still read while ``<folder>/en/<scene>/`` does
not exist.)
"""
from __future__ import annotations

import dataclasses
import importlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from netcore.atomic import atomic_open

from . import voice

if TYPE_CHECKING:
    from lessonpublish.chapters import Chapter  # a chapter of the table of contents: name, scene

SCRIPT_MD, SCRIPT_JSON = "script.md", "script.json"


def spoken_lines(chapter: Chapter, lesson) -> list[str]:
    """The lines ``chapter``'s scene says, in order, for ``lesson`` (built with animations skipped)."""
    return [text for text, kind in scene_lines(chapter, lesson) if kind == "line"]


def scene_lines(chapter: Chapter, lesson) -> list[tuple[str, str]]:
    """(text, kind) of everything ``chapter``'s scene could speak for ``lesson``: its lines ("line"),
    in order, then its descriptions ("description"), which the described version speaks too."""
    from manim import tempconfig

    scene_cls = getattr(importlib.import_module(chapter.name), chapter.scene)
    silent = dataclasses.replace(lesson, narrator=None)
    with tempconfig({"dry_run": True, "disable_caching": True, "quality": "low_quality", "verbosity": "ERROR",
                     "progress_bar": "none"}):
        scene = scene_cls(skip_animations=True)
        scene.renderer.update_frame = lambda *args, **kwargs: None  # nothing is drawn
        scene.lesson = silent
        scene.render()
    return [(text, "line") for text in scene.captions] + [(text, "description") for _, text in scene.descriptions]


def takes_folder(folder: Path, language: str, scene: str) -> Path:
    """Where ``scene``'s takes in ``language`` are read from (as voice.Narrator.scene_takes)."""
    return voice.Narrator("", "", takes=folder, language=language).scene_takes(scene)


def script_texts(lines: dict[str, list[tuple[str, str]]], folder: Path, language: str = "en",
                 described: bool = False) -> tuple[str, dict]:
    """The takes list as Markdown for people and as JSON ({scene: [{id, text, kind}]}) for tools:
    each scene's lines, and with ``described`` its descriptions too."""
    md = [f"# Narration: lines to record ({language})", "",
          f"Record any line as `{folder.name}/{language}/<scene>/<id>.wav` (FLAC or MP3 work too). Each take",
          "replaces the synthetic voice for its line, and the video waits for it to finish. An id changes when",
          "its line's words change; a take whose id matches no line is reported and not used.", ""]
    if described:
        md += ["This list is for the described version: after each scene's lines come its descriptions, which",
               "that version speaks while the picture holds.", ""]
    data = {}
    for scene, texts in lines.items():
        md += [f"## {scene}", ""]
        data[scene] = []
        for text, kind in texts:
            if kind == "description" and not described:
                continue
            line = voice.line_id(text)
            md.append(f"- `{scene}/{line}`: " + (f"(description) {text}" if kind == "description" else text))
            data[scene].append({"id": line, "text": voice.spoken(text), "kind": kind})
        md.append("")
    return "\n".join(md), data


def write_script(chosen: list[tuple[int, Chapter]], lesson, folder: Path, console) -> int:
    """Write script.md and script.json into ``folder/<language>/``, report stale takes (a take of a
    description is not stale: the described version speaks it); returns the exit status."""
    language = lesson.settings.language
    described = lesson.settings.described == "on"
    lines = {chapter.name: scene_lines(chapter, lesson) for _, chapter in chosen}
    md, data = script_texts(lines, folder, language, described)
    target = folder / language
    target.mkdir(parents=True, exist_ok=True)
    with atomic_open(target / SCRIPT_MD) as f:
        f.write(md.encode("utf-8"))
    with atomic_open(target / SCRIPT_JSON) as f:
        f.write(json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8"))
    total = sum(len(v) for v in data.values())
    console.print(f"wrote {target / SCRIPT_MD} and {SCRIPT_JSON}: {total} lines in {len(lines)} scene(s)",
                  markup=False, highlight=False)
    for scene, texts in lines.items():
        takes = takes_folder(folder, language, scene)
        for take, why in voice.stale_takes(takes, [voice.line_id(t) for t, _ in texts]):
            console.print(f"narration: {takes.relative_to(folder)}/{take}: {why}", markup=False, highlight=False)
    return 0
