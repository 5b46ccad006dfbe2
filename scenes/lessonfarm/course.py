"""The course file: several lessons built in one go, each into renders/<name>/.

    title = "Neural networks, three ways"   # the course page's heading (optional)
    quality = "l"                            # any lesson key here is every lesson's default
    voice = "auto"

    [[lessons]]
    name = "digits"                          # its folder: renders/digits/
    assets = "assets"

    [[lessons]]
    name = "digits-light"
    theme = "light"
    title = "Digits, light theme"            # its name on the course page (optional)

A lesson takes the keys of lesson.toml (lessonkit.lesson.KEYS) and ``quality`` (l, m or h).
Relative paths are read from the course file's folder. Every mistake names the lesson and the key.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from lessonscript import BASE

SETTING_KEYS = (  # lessonkit.lesson.KEYS, written out: importing lessonkit brings Manim (a test keeps them equal)
    "assets", "weights", "item", "theme", "palette", "captions", "voice", "rate", "narration",
    "language", "script", "fallback", "described", "speedups")
ALIASES = {"digit": "item"}  # lesson.toml's older name
PATH_KEYS = ("assets", "weights", "item", "narration", "script")
QUALITIES = ("l", "m", "h")
LESSON_ONLY = ("name", "title")
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
RESERVED = {"described", "index.html"}


class CourseError(Exception):
    """A course file that cannot be built, said in one line."""


@dataclass(frozen=True)
class CourseLesson:
    """One lesson of a course: its folder name, its heading on the course page ("" for the lesson
    set's own title), its quality and its settings (the keys of lesson.toml that it or the course
    gives, paths made absolute)."""

    name: str
    title: str
    quality: str
    settings: dict[str, str]


@dataclass(frozen=True)
class Course:
    path: Path
    title: str
    defaults: dict[str, str]  # the lesson keys given at the top (the course page speaks its language)
    lessons: tuple[CourseLesson, ...]

    @property
    def language(self) -> str:
        """The course page's language: the course's default language, else English."""
        return self.defaults.get("language") or BASE


def _value(where: str, key: str, value) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, (str, int)):
        return str(value)
    raise CourseError(f"{where}: {key} must be a word, a number or a path, not {type(value).__name__} {value!r}")


def _settings(where: str, table: dict, folder: Path) -> dict[str, str]:
    known = SETTING_KEYS + ("quality",)
    out = {}
    for key, value in table.items():
        key = ALIASES.get(key, key)
        if key not in known:
            raise CourseError(f"{where}: unknown key {key!r} (a lesson takes {', '.join(known + LESSON_ONLY)})")
        text = _value(where, key, value).strip()
        if key in PATH_KEYS and text and not text.lstrip("-").isdigit():
            text = str((folder / Path(text).expanduser()).resolve())
        if key == "voice" and text.startswith("piper:") and len(text) > 6:
            text = "piper:" + str((folder / Path(text[6:]).expanduser()).resolve())
        if key == "quality" and text not in QUALITIES:
            raise CourseError(f"{where}: quality must be one of {', '.join(QUALITIES)} (480p15, 720p30, 1080p60), "
                              f"not {text!r}")
        out[key] = text
    return out


def read_course(path: Path) -> Course:
    """Read and check a course file (the lessons' settings are checked further by the build)."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CourseError(f"course file {path} not found") from None
    except (OSError, UnicodeDecodeError) as e:
        raise CourseError(f"cannot read course file {path}: {getattr(e, 'strerror', None) or e}") from None
    except tomllib.TOMLDecodeError as e:
        raise CourseError(f"{path}: not valid TOML ({e})") from None
    folder = path.resolve().parent
    lessons = data.pop("lessons", None)
    title = data.pop("title", "")
    if not isinstance(title, str):
        raise CourseError(f"{path}: title must be text, not {title!r}")
    stray = [k for k, v in data.items() if isinstance(v, (dict, list))]
    if stray:
        raise CourseError(f"{path}: unknown table {stray[0]!r}: lessons are written [[lessons]], each with a name")
    defaults = _settings(f"{path}", data, folder)
    if not isinstance(lessons, list) or not lessons or not all(isinstance(t, dict) for t in lessons):
        raise CourseError(f"{path}: no lessons: add one or more [[lessons]] tables, each with a name")
    made, seen = [], {}
    for n, table in enumerate(lessons, start=1):
        table = dict(table)
        name = table.pop("name", None)
        if not isinstance(name, str) or not name.strip():
            raise CourseError(f"{path}: lesson {n} has no name (its folder's name, such as name = \"digits\")")
        where = f"{path}: lesson {name!r}"
        if not NAME.fullmatch(name) or name.lower() in RESERVED:
            raise CourseError(f"{where}: a name is a folder name of letters, digits, '.', '-' and '_' "
                              f"(not starting with '.', and not {' or '.join(sorted(RESERVED))})")
        if name.lower() in seen:
            raise CourseError(f"{where}: the name is used twice (lessons {seen[name.lower()]} and {n})")
        seen[name.lower()] = n
        lesson_title = table.pop("title", "")
        if not isinstance(lesson_title, str):
            raise CourseError(f"{where}: title must be text, not {lesson_title!r}")
        values = {**defaults, **_settings(where, table, folder)}
        quality = values.pop("quality", "l")
        made.append(CourseLesson(name, lesson_title.strip(), quality, values))
    defaults.pop("quality", None)
    return Course(path, title.strip(), defaults, tuple(made))
