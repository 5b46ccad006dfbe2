"""The lesson's renderer: Manim's Cairo renderer with its camera (:class:`LessonCamera`) and file writer
(:class:`LessonFileWriter`), the backdrop's picture kept between animations (:mod:`.backdrop`),
frames drawn on other threads (:mod:`.drawahead`), and the encoding settings the lesson is tuned for
(:mod:`.encoding`). A scene opts in by passing it to Manim's Scene (``LessonScene`` does); nothing
else in the process changes."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import replace

from manim import config
from manim.renderer.cairo_renderer import CairoRenderer

from . import drawahead, encoding
from .backdrop import KeptBackdrop
from .camera import LessonCamera
from .writer import LessonFileWriter


class LessonRenderer(CairoRenderer):
    """Manim's ``CairoRenderer`` with the lesson's speed-ups; every frame is the one Manim draws."""

    def __init__(self, file_writer_class=LessonFileWriter, camera_class=None, skip_animations: bool = False,
                 **kwargs) -> None:
        super().__init__(file_writer_class=file_writer_class, camera_class=camera_class or LessonCamera,
                         skip_animations=skip_animations, **kwargs)
        self.backdrop = KeptBackdrop()

    def init_scene(self, scene, session_spec, file_writer_settings) -> None:
        """Manim's, with the lesson's encoding: x264 at the preset and quality of :mod:`.encoding` unless
        the user chose a preset; two segments in flight unless the user chose another number than
        Manim's 1 or the build wants WebM twins; and, with twins, every segment kept until the build
        joins them (Manim prunes past 100)."""
        spec = session_spec.video_encoder
        chosen = config.video_encoder_options
        if spec is not None and spec.codec == "libx264" and "preset" not in chosen:
            options = {**dict(spec.options), "preset": encoding.X264["preset"], "crf": chosen.get("crf", encoding.X264["crf"])}
            spec = replace(spec, options=tuple(options.items()))
            session_spec = replace(session_spec, video_encoder=spec)
            scene.session_spec = session_spec  # (what Manim's animation hashes read)
        twins = encoding.twins_wanted()
        inflight = file_writer_settings.max_inflight_encoders
        if inflight == 1 and not twins:  # Manim's default
            inflight = encoding.INFLIGHT_ENCODERS
        file_writer_settings = replace(file_writer_settings, video_encoder=spec, max_inflight_encoders=inflight,
                                       max_files_cached=-1 if twins else file_writer_settings.max_files_cached)
        scene.file_writer_settings = file_writer_settings
        super().init_scene(scene, session_spec, file_writer_settings)

    def play(self, scene, *args, **kwargs) -> None:
        """Manim's, without hashing the animation (hashing thousands of shapes costs more than drawing
        them again); the frames of an animation that fails are not written."""
        with _caching_off():
            try:
                super().play(scene, *args, **kwargs)
            except BaseException:
                pending = getattr(self.file_writer, "pending", None)
                if pending is not None:
                    pending.drop()
                raise

    def render(self, scene, time: float, moving_mobjects=None) -> None:
        if not drawahead.draw_ahead(self, scene, moving_mobjects):
            super().render(scene, time, moving_mobjects)

    def save_static_frame_data(self, scene, static_mobjects):
        picture = self.backdrop.still_picture(self, scene, static_mobjects)
        if picture is None:
            return super().save_static_frame_data(scene, static_mobjects)
        self.static_image = picture
        return picture


@contextmanager
def _caching_off():
    before = config.disable_caching
    config.disable_caching = True
    try:
        yield
    finally:
        config.disable_caching = before
