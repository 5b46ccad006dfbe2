"""Glyphs of Text and MathTex kept on disk from one render to the next.

Manim draws a Text or a formula by writing an SVG file and parsing it back into shapes, and the
parsing (svgelements, then Bézier points per glyph) took about 0.1 s per line of text: 4 s of the
main scene's 16 s at -ql. The shapes one SVG file gives depend only on that file and the style
Manim parses it with, so they are kept, pickled, under a name made of both, in the kit's cache
folder ($NETLESSON_CACHE/glyphs, else ~/.cache/netlesson/glyphs). A missing, stale or unreadable
entry is simply parsed again.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

import manim
from manim.mobject.svg.svg_mobject import SVGMobject

from .caches import cache_folder

_MANIMS_GENERATE = SVGMobject.generate_mobject

#: Changed whenever what is kept changes, so older entries are not read.
FORMAT = 1


def entry_name(svg: SVGMobject) -> str:
    """The cache entry for this SVG file parsed with this style, by Manim and Python of this version."""
    h = hashlib.sha256()
    h.update(repr((FORMAT, manim.__version__, sys.version_info[:2], type(svg).__name__, svg.svg_default,
                   svg.path_string_config, svg.generate_config_style_dict())).encode())
    h.update(svg.get_file_path().read_bytes())
    return h.hexdigest()


def _forget_sources(parts) -> None:
    """The parsed SVG path each glyph keeps is read only while it is built (and not picklable cheaply)."""
    for part in parts:
        for member in part.get_family():
            if getattr(member, "path_obj", None) is not None:
                member.path_obj = None


def _read(path: Path):
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 - a damaged or foreign entry is parsed again, and rewritten
        return None


def _write(path: Path, value) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass  # a read-only or full cache folder only costs the parsing next time


def generate_mobject(self: SVGMobject) -> SVGMobject:
    """Manim's ``generate_mobject``, taking the shapes from the cache when this SVG was parsed before."""
    try:
        path = cache_folder("glyphs") / f"{entry_name(self)}.pickle"
    except OSError:
        return _MANIMS_GENERATE(self)
    kept = _read(path)
    if kept is not None:
        parts, groups = kept
        self.add(*parts)
        self.id_to_vgroup_dict = groups
        return self
    _MANIMS_GENERATE(self)
    _forget_sources(self.submobjects)
    _write(path, (list(self.submobjects), self.id_to_vgroup_dict))
    return self


def install() -> None:
    """Use :func:`generate_mobject` for every SVG, Text and formula made in this process."""
    SVGMobject.generate_mobject = generate_mobject
