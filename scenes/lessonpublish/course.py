"""The course page, OUT/index.html of a build with --course: each lesson's poster, heading, network,
language, theme, quality and length, linking its own page. Every word is the script's (course.*
lines of page.po) in the course's language; the lessons' own words (titles, datasets) as given."""
from __future__ import annotations

import html
from pathlib import Path

from lessonscript import Num

from .chapters import LESSON
from .languages import native_name
from .page import STYLE

COURSE_STYLE = """
.lessons { display: grid; grid-template-columns: repeat(auto-fill, minmax(280px, 1fr)); gap: 24px; margin-top: 32px; }
.lesson a { color: #ece9e2; text-decoration: none; } .lesson a:hover h2 { text-decoration: underline; }
.lesson img { width: 100%; border-radius: 6px; background: #000; display: block; }
.lesson h2 { font-size: 20px; margin: 10px 0 4px; }
"""


def _poster(manifest: dict) -> str | None:
    """The first chapter's poster (its last frame)."""
    for chapter in LESSON:
        entry = manifest.get("chapters", {}).get(chapter.name)
        if entry:
            return next((f["file"] for f in entry["files"] if f["file"].endswith(".png")), None)
    return None


def _card(lesson: dict, script) -> str:
    manifest, folder = lesson["manifest"], lesson["folder"]
    topic = manifest.get("topic", {})
    title = lesson["title"] or topic.get("title") or lesson["name"]
    language = manifest.get("script", {}).get("language", "")
    whole = manifest.get("lesson")
    facts = [script("page.course-lesson-network", network="-".join(map(str, topic.get("sizes", []))),
                    title=str(topic.get("title", "")))]
    facts += [native_name(language)] if language else []
    facts.append(script("page.course-theme", theme=lesson["theme"]))
    qualities = {e.get("quality") for e in manifest.get("chapters", {}).values()}
    if len(qualities) == 1:
        facts.append(script("page.quality", quality=qualities.pop()))
    if whole:
        facts.append(script("page.course-duration", minutes=Num(whole["duration"] / 60, 1)))
    else:
        facts.append(script("page.course-not-made"))
    poster = _poster(manifest)
    href = f"{folder}/index.html"
    image = (f'<img src="{html.escape(folder)}/{html.escape(poster)}" alt="" loading="lazy">' if poster else "")
    return (f'<article class="lesson" lang="{html.escape(language)}"><a href="{html.escape(href)}">{image}'
            f"<h2>{html.escape(title)}</h2></a>"
            f'<p class="meta">{" · ".join(html.escape(f) for f in facts)}</p></article>')


def render_course_page(title: str, lessons: list[dict], script) -> str:
    """The page's HTML: ``lessons`` are dicts of name, title ("" for the dataset's), folder (relative
    to the page), manifest and theme."""
    heading = title or script("page.course-title")
    intro = script("page.course-intro", chapters=len(LESSON))
    cards = "\n".join(_card(lesson, script) for lesson in lessons)
    return (f'<!doctype html>\n<html lang="{html.escape(script.language)}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(heading)}</title><style>{STYLE}{COURSE_STYLE}</style></head>\n"
            f"<body><main>\n<h1>{html.escape(heading)}</h1>\n<p class=\"meta\">{html.escape(intro)}</p>\n"
            f'<div class="lessons">\n{cards}\n</div></main></body></html>\n')


def write_course_page(out: Path, title: str, lessons: list[dict], script) -> Path:
    """Write OUT/index.html atomically."""
    from netcore.atomic import atomic_open

    path = Path(out) / "index.html"
    with atomic_open(path) as f:
        f.write(render_course_page(title, lessons, script).encode("utf-8"))
    return path
