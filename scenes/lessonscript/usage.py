"""Which line ids the code asks for, found in its source: every string literal of the form
``<file>.<name>`` where ``<file>`` is one of the script's files (layers.unroll, kit.layer-hidden).
Line ids are always written out whole in the code, never assembled, so this finds them all."""
from __future__ import annotations

import ast
from pathlib import Path

from .catalog import HERE, BASE


FILE_SUFFIXES = (".js", ".css", ".html", ".py", ".json", ".po", ".txt", ".png", ".md")  # tryit.js is a file


def used_ids(sources: list[Path]) -> dict[str, list[Path]]:
    """{line id: the files that name it} over the Python (and JavaScript) ``sources``."""
    prefixes = {p.stem for p in (HERE / BASE).glob("*.po")}
    found: dict[str, list[Path]] = {}
    for path in sources:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".py":
            literals = [n.value for n in ast.walk(ast.parse(text)) if isinstance(n, ast.Constant)
                        and isinstance(n.value, str)]
        else:
            import re
            literals = re.findall(r"[\"']([a-z_]+\.[a-z0-9_.-]+)[\"']", text)
        for s in literals:
            head, dot, rest = s.partition(".")
            if (dot and head in prefixes and rest and all(c.isalnum() or c in "-_." for c in rest)
                    and not s.endswith(FILE_SUFFIXES)):
                found.setdefault(s, []).append(path)
    return found


def unused_lines(script_ids, sources: list[Path]) -> list[str]:
    """Ids of the script that no source file names."""
    used = used_ids(sources)
    return [i for i in script_ids if i not in used]
