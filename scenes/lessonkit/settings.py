"""The render settings the lesson's scenes are tuned for, applied when the kit is imported, so they
hold for a scene file in any folder (Manim reads manim.cfg only from the folder it runs in)."""
from __future__ import annotations

from manim import config

from . import backdrop, drawahead, frames, overlay, pathcache, svgcache

#: x264's "superfast" preset at crf 26. On 900 frames of the 1080p60 layers video it took 8.6 ms of
#: processor time a frame where "veryfast" at crf 23 took 15.7 (and the default "medium" more),
#: at the same fidelity (mean luma PSNR 50.9 dB against 51.0), for a file 27% larger.
X264_PRESET = "superfast"
X264_CRF = "26"

#: Segments encoded while the next animation is drawn (Manim's --max-inflight-encoders; its default,
#: 1, makes every animation wait until the encoder has finished the one before): measured on the
#: 1080p60 main scene, about 1 s less of 30-32 s, for 140 MB more memory. Not when the lesson build
#: asks for WebM twins: a segment then has two encoders, and the render passed 1 GB (1,030 MB
#: against 715); the build keeps both cores busy with two scenes at once anyway.
INFLIGHT_ENCODERS = 2


def apply() -> None:
    """Caching off (hashing thousands of objects per animation costs more than re-rendering them);
    the x264 preset and quality, unless the user's own manim.cfg or command line chose a preset;
    two segments in flight to the encoder, unless the user chose a number other than Manim's 1 or
    the build wants WebM twins; and
    the quicker frame hand-off of :mod:`frames`, the path reuse of :mod:`pathcache`, the glyph cache
    of :mod:`svgcache`, the image compositing of :mod:`overlay`, the kept backdrop of
    :mod:`backdrop`, and frames drawn on other threads by :mod:`drawahead`."""
    config.disable_caching = True
    options = config.video_encoder_options
    if "preset" not in options:
        options.update(preset=X264_PRESET, crf=options.get("crf", X264_CRF))
    config.video_encoder_options = options
    if config.max_inflight_encoders == 1 and not frames.twins_wanted():  # Manim's default
        config.max_inflight_encoders = INFLIGHT_ENCODERS
    frames.install()
    pathcache.install()
    svgcache.install()
    overlay.install()
    backdrop.install()
    drawahead.install()
