"""The lesson's chapters in order, read from the table of contents beside the scenes
(scenes/chapters.toml): which scene file, which scene, which script line titles it."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

#: The table of contents: scenes/chapters.toml.
CONTENTS = Path(__file__).resolve().parent.parent / "chapters.toml"


@dataclass(frozen=True)
class Chapter:
    name: str  # the scene file's stem, also the short name on the command line
    scene: str  # the default scene class in that file
    title: str = ""  # the id of the script line that titles it (page.chapter-...)


class ContentsError(ValueError):
    """The table of contents cannot be read; the message names the file and the problem."""


def read_contents(path: Path = CONTENTS) -> tuple[Chapter, ...]:
    """The chapters listed in ``path``, in order; ContentsError for a missing or malformed file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise ContentsError(f"{path}: cannot read the lesson's table of contents ({e})") from None
    chapters, seen = [], set()
    for k, entry in enumerate(data.get("chapter", []), 1):
        if not isinstance(entry, dict) or set(entry) != {"name", "scene", "title"} or not all(
                isinstance(v, str) and v for v in entry.values()):
            raise ContentsError(f"{path}: chapter {k} needs exactly name, scene and title, each a text")
        if entry["name"] in seen:
            raise ContentsError(f"{path}: chapter {entry['name']!r} is listed twice")
        if not (path.parent / f"{entry['name']}.py").is_file():
            raise ContentsError(f"{path}: chapter {entry['name']!r} has no scene file {entry['name']}.py beside it")
        seen.add(entry["name"])
        chapters.append(Chapter(entry["name"], entry["scene"], entry["title"]))
    if not chapters:
        raise ContentsError(f"{path}: lists no chapter ([[chapter]] tables)")
    return tuple(chapters)


LESSON = read_contents()


def chapter_title(chapter: Chapter | str, script) -> str:
    """A chapter's title (the chapter or its name) in ``script``'s words (a lessonscript.Script)."""
    if isinstance(chapter, str):
        chapter = next(c for c in LESSON if c.name == chapter)
    return script(chapter.title)
