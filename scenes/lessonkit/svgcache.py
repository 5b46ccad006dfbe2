"""Glyphs of Text and MathTex kept on disk from one render to the next, and formulas compiled once.

Manim draws a Text or a formula by writing an SVG file and parsing it back into shapes, and the
parsing (svgelements, then Bézier points per glyph) took about 0.1 s per line of text: 4 s of the
main scene's 16 s at -ql. The shapes one SVG file gives depend only on that file and the style
Manim parses it with, so they are kept, pickled, under a name made of both, in the kit's cache
folder ($NETLESSON_CACHE/glyphs, else ~/.cache/netlesson/glyphs). A missing, stale or unreadable
entry is simply parsed again.

Formulas: Manim compiles each with LaTeX into its media folder, and a lesson build gives every
scene a fresh one, so every build compiled every formula again (0.3 s each). The kit points
Manim's Tex folder at the cache folder as well ($NETLESSON_CACHE/tex), unless the user chose one,
and lets one process at a time compile there (Manim deletes LaTeX's working files after each
formula, which must not happen under another process's compile). Without file locks (Windows) the
Tex folder stays Manim's.
"""
from __future__ import annotations

import hashlib
import pickle
import sys
from contextlib import contextmanager
from pathlib import Path

import manim
from manim import config
from manim.mobject.svg.svg_mobject import SVGMobject
from manim.mobject.text import tex_mobject

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

from netcore.atomic import atomic_open
from netcore.errors import NetcoreError

from .caches import cache_folder

_MANIMS_GENERATE = SVGMobject.generate_mobject
_MANIMS_TEX_TO_SVG = tex_mobject.tex_to_svg_file

#: Changed whenever what is kept changes, so older entries are not read.
FORMAT = 1


def entry_name(svg: SVGMobject) -> str:
    """The cache entry for this SVG file parsed with this style, by Manim and Python of this version."""
    h = hashlib.sha256()
    h.update(repr((FORMAT, manim.__version__, sys.version_info[:2], type(svg).__name__, svg.svg_default,
                   svg.path_string_config, svg.generate_config_style_dict())).encode())
    h.update(svg.get_file_path().read_bytes())
    return h.hexdigest()


def path_in(path: Path, folder: Path) -> bool:
    """Whether ``path`` is a file directly in ``folder``."""
    return Path(path).resolve().parent == Path(folder).resolve()


def drop_svg_sources(*mobjects) -> None:
    """Forget the parsed SVG path each glyph of a Text or MathTex keeps after its points are made.

    Manim reads it only when the glyph is built, but every animation deep-copies it, and it drags
    the SVG document along: copying one line of caption took 70 ms, a third of the main scene's
    render time. Without it the copy takes 15 ms and every frame is the same. (Nor is it kept in
    the glyph cache.)
    """
    for mob in mobjects:
        if mob is None:
            continue
        for part in mob.get_family():
            if getattr(part, "path_obj", None) is not None:
                part.path_obj = None


def _read(path: Path):
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except Exception:  # noqa: BLE001 - missing, damaged or foreign: parsed again (and rewritten)
        return None


def _write(path: Path, value) -> None:
    try:
        with atomic_open(path) as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
    except (OSError, NetcoreError):
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
    if tex_mobject.tex_to_svg_file is tex_to_svg_file and path_in(self.get_file_path(), config.get_dir("tex_dir")):
        with _shared_tex_folder():  # Manim parses a copy it writes beside the file, then deletes
            _MANIMS_GENERATE(self)
    else:
        _MANIMS_GENERATE(self)
    drop_svg_sources(*self.submobjects)
    _write(path, (list(self.submobjects), self.id_to_vgroup_dict))
    return self


@contextmanager
def _shared_tex_folder():
    """Hold the shared Tex folder's lock (a file beside it: Manim empties the folder)."""
    folder = config.get_dir("tex_dir")
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder.with_name(folder.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def tex_to_svg_file(expression: str, environment: str | None = None, tex_template=None) -> Path:
    """Manim's ``tex_to_svg_file``, one process at a time."""
    with _shared_tex_folder():
        return _MANIMS_TEX_TO_SVG(expression, environment, tex_template)


def install() -> None:
    """Use :func:`generate_mobject` for every SVG, Text and formula made in this process, and compile
    formulas in the shared Tex folder when the user left Manim's default."""
    SVGMobject.generate_mobject = generate_mobject
    if fcntl is not None and config.get_dir("tex_dir") == config.get_dir("media_dir") / "Tex":
        config.tex_dir = str(cache_folder("tex"))
        tex_mobject.tex_to_svg_file = tex_to_svg_file
