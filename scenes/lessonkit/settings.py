"""The render settings the lesson's scenes are tuned for, applied when the kit is imported, so they
hold for a scene file in any folder (Manim reads manim.cfg only from the folder it runs in)."""
from __future__ import annotations

from manim import config

from . import frames, pathcache, svgcache

#: x264's "veryfast" preset: at the same quality (crf 23) it encoded our 1080p60 scenes faster
#: than the default "medium", and into a smaller file.
X264_PRESET = "veryfast"


def apply() -> None:
    """Caching off (hashing thousands of objects per animation costs more than re-rendering them),
    the x264 preset, unless the user's own manim.cfg or command line chose a preset, and the quicker
    frame hand-off of :mod:`frames`, the path reuse of :mod:`pathcache` and the glyph cache of
    :mod:`svgcache`."""
    config.disable_caching = True
    options = config.video_encoder_options
    options.setdefault("preset", X264_PRESET)
    config.video_encoder_options = options
    frames.install()
    pathcache.install()
    svgcache.install()

