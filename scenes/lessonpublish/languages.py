"""The languages of one build, side by side: what each lesson's page links to in its language
switch. A lesson in English sits in the output folder, each other language in a folder named by
its tag (renders/de/); every page lists them all, each by its own name ("Deutsch")."""
from __future__ import annotations

import os
from pathlib import Path

from lessonscript.numbers import locale_of


def native_name(tag: str) -> str:
    """A language's name in that language, from CLDR: "Deutsch" for de, "English" for en; the
    pseudo-language en-XA is named as what it is."""
    if tag.endswith("-XA"):
        return f"{native_name(tag[:-3])} (pseudo, {tag})"
    try:
        name = locale_of(tag).get_display_name(locale_of(tag)) or tag
    except ValueError:
        return tag
    return name[:1].upper() + name[1:]


def links(found: dict[str, Path], here: Path) -> list[dict]:
    """The switch of the lesson in folder ``here``: each language of ``found`` ({tag: folder}) with
    its name and its page's address relative to ``here``, in tag order."""
    return [{"language": tag, "name": native_name(tag),
             "page": Path(os.path.relpath(folder / "index.html", here)).as_posix(),
             "manifest": Path(os.path.relpath(folder / "manifest.json", here)).as_posix()}
            for tag, folder in sorted(found.items())]
