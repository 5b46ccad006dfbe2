"""Text and MathTex whose glyphs are kept on disk from one render to the next, and formulas compiled once.

Manim draws a Text or a formula by writing an SVG file and parsing it back into shapes, and the
parsing (svgelements, then Bézier points per glyph) took about 0.1 s per line of text: 4 s of the
main scene's 16 s at -ql. The shapes one SVG file gives depend only on that file and the style
Manim parses it with, so they are kept, pickled, under a name made of both, in the kit's cache
folder ($NETLESSON_CACHE/glyphs, else ~/.cache/netlesson/glyphs). A missing, stale or unreadable
entry is simply parsed again.

Formulas: Manim compiles each with LaTeX into its media folder, and a lesson build gives every
scene a fresh one, so every build compiled every formula again (0.3 s each). While it is made, a
:class:`MathTex` of this module points Manim's Tex folder at the cache folder as well
($NETLESSON_CACHE/tex), unless the user chose one, and lets one process at a time compile there
(Manim deletes LaTeX's working files after each formula, which must not happen under another
process's compile). Without file locks (Windows) the Tex folder stays Manim's.

These are subclasses the kit and the scenes use (``LessonScene.text``, ``equations.Formula``); a
Text or MathTex made any other way is Manim's own. With the speed-ups off (:mod:`.switch`) they
parse and compile exactly as Manim's do.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
from contextlib import contextmanager
from pathlib import Path

import manim
from manim import config
from manim.mobject.svg.svg_mobject import SVGMobject
from manim.mobject.text import tex_mobject, text_mobject

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

from netcore.atomic import atomic_open
from netcore.errors import NetcoreError
from netcore.paths import cache_folder

from . import switch

#: Changed whenever what is kept changes, so older entries are not read.
FORMAT = 1


def entry_name(svg: SVGMobject) -> str:
    """The cache entry for this SVG file parsed with this style, by Manim and Python of this version."""
    h = hashlib.sha256()
    h.update(repr((FORMAT, manim.__version__, sys.version_info[:2], type(svg).__name__, svg.svg_default,
                   svg.path_string_config, svg.generate_config_style_dict())).encode())
    h.update(svg.get_file_path().read_bytes())
    return h.hexdigest()


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


#: The speed-ups' setting for glyphs made from now on ("on" or "off"): $LESSON_SPEEDUPS at first, and
#: a LessonScene sets it from its lesson's settings as it starts (glyphs are made outside any renderer).
setting = os.environ.get("LESSON_SPEEDUPS") or "on"


class KeptGlyphs(SVGMobject):
    """An SVG mobject whose shapes come from the cache when its SVG file was parsed before."""

    def generate_mobject(self) -> None:
        if not switch.active(setting):
            return super().generate_mobject()
        try:
            path = cache_folder("glyphs") / f"{entry_name(self)}.pickle"
        except OSError:
            return super().generate_mobject()
        kept = _read(path)
        if kept is not None:
            parts, groups = kept
            self.add(*parts)
            self.id_to_vgroup_dict = groups
            return None
        super().generate_mobject()
        drop_svg_sources(*self.submobjects)
        _write(path, (list(self.submobjects), self.id_to_vgroup_dict))
        return None


class Text(KeptGlyphs, text_mobject.Text):
    """Manim's ``Text``, its glyphs kept between renders."""


class MathTex(KeptGlyphs, tex_mobject.MathTex):
    """Manim's ``MathTex``, its glyphs kept between renders, compiled in the shared Tex folder."""

    def __init__(self, *tex_strings, **kwargs) -> None:
        if not switch.active(setting) or fcntl is None or config.get_dir("tex_dir") != config.get_dir("media_dir") / "Tex":
            super().__init__(*tex_strings, **kwargs)  # Manim's folder (or the user's own)
            return
        with _shared_tex_folder():
            super().__init__(*tex_strings, **kwargs)


@contextmanager
def _shared_tex_folder():
    """Manim's Tex folder set to the shared cache folder, under the folder's lock (a file beside it:
    Manim empties the folder), for as long as a formula is made."""
    folder = cache_folder("tex")
    folder.mkdir(parents=True, exist_ok=True)
    before = config.tex_dir
    with open(folder.with_name(folder.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        config.tex_dir = str(folder)
        try:
            yield
        finally:
            config.tex_dir = before
