"""How rendered frames reach the encoders.

Manim 0.22 copies every RGBA frame into a new video frame (``VideoFrame.from_ndarray``, about
9.5 ms at 1080p here) and lets the encoder convert it to YUV, once per repeated frame too: a
three-second pause at 60 fps is 180 copies and conversions of one picture. The kit's segment
encoder wraps the frame's own buffer instead (Manim hands the array over and does not reuse it)
and converts a repeated frame once. The encoded pictures are the same, bit for bit (tested against
Manim's own method with a lossless encode).

When the lesson build asks for it ($LESSON_WEBM_TWINS), each segment is also encoded as VP9 WebM
beside its MP4, from the same converted frames, so that publishing the WebM needs neither decoding
the MP4 again nor a second pass over the video.
"""
from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from manim import config
from manim.scene.scene_file_writer import SceneFileWriter
from manim.scene.video_segment_encoder import VideoSegmentEncoder

#: Set to "1" by the lesson build: write a VP9 twin of every segment (``<segment>.webm``).
TWINS_ENV = "LESSON_WEBM_TWINS"

#: VP9 at its fastest real-time speed. One thread: measured on the 1080p60 layers video, two threads
#: (with tile columns) saved 1 s of 22 and cost 16% more processor time, which a build rendering
#: other scenes at the same time would rather have. No look-ahead ("lag-in-frames" 0): the same
#: size, and 110 MB less memory; and every packet is one shown frame, so segments join by count.
VP9 = {"deadline": "realtime", "cpu-used": "8", "row-mt": "1", "crf": "34", "b": "0", "threads": "1",
       "lag-in-frames": "0"}


#: x264 settings added for a segment that holds one picture (a pause while the voice speaks): no
#: scene-cut or adaptive B-frame analysis, which only choose frame types for pictures that change.
#: The headers stay the same, so segments still join by copying packets, and every decoded frame
#: is the same; a held 1080p frame took 8.7 ms of processor time instead of 12.0.
HELD_X264 = "scenecut=0:b-adapt=0"


def twins_wanted() -> bool:
    """Whether this process was asked for WebM twins (by the lesson build)."""
    return os.environ.get(TWINS_ENV) == "1"


class WebmTwin:
    """A VP9 WebM copy of one segment, written to ``<target>.part`` and renamed when complete."""

    def __init__(self, target: Path, width: int, height: int, rate: Fraction):
        self.target = target
        self.part = target.with_name(target.name + ".part")
        self.container = av.open(str(self.part), mode="w", format="webm")
        self.stream = self.container.add_stream("libvpx-vp9", rate=rate)
        self.stream.width, self.stream.height, self.stream.pix_fmt = width, height, "yuv420p"
        self.stream.options = dict(VP9)

    def encode(self, frame) -> None:
        for packet in self.stream.encode(frame):
            self.container.mux(packet)

    def finish(self) -> None:
        for packet in self.stream.encode():
            self.container.mux(packet)
        self.container.close()
        os.replace(self.part, self.target)

    def abort(self) -> None:
        try:
            self.container.close()
        finally:
            self.part.unlink(missing_ok=True)


class LessonSegmentEncoder(VideoSegmentEncoder):
    """Manim's segment encoder with the quicker hand-off, and a WebM twin when the build wants one."""

    def __init__(self, *, target: Path, spec) -> None:
        super().__init__(target=target, spec=spec)
        self.twin = None
        if twins_wanted() and spec.pixel_format == "yuv420p":
            try:
                self.twin = WebmTwin(Path(target).with_suffix(".webm"), spec.width, spec.height, spec.frame_rate)
            except BaseException:
                super().abort()
                raise

    def write_frame(self, pixels: np.ndarray, *, repeat: int = 1) -> None:
        """Encode ``pixels`` ``repeat`` times, converted once to the stream's pixel format."""
        pixel_format = self._stream.pix_fmt
        if not pixel_format or not pixel_format.startswith("yuv"):
            super().write_frame(pixels, repeat=repeat)  # e.g. a transparent or GIF output: Manim's way
            return
        self._validate_frame(pixels, repeat)
        if self._next_pts == 0 and repeat > 1:
            self._hold()
        rate = self.spec.frame_rate
        time_base = Fraction(rate.denominator, rate.numerator)
        try:
            frame = av.VideoFrame.from_numpy_buffer(pixels, format="rgba").reformat(format=pixel_format)
            for _ in range(repeat):
                frame.pts = self._next_pts
                frame.time_base = time_base
                self._next_pts += 1
                for packet in self._stream.encode(frame):
                    self._container.mux(packet)
                if self.twin is not None:
                    self.twin.encode(frame)
        except BaseException as error:
            raise self._operation_error("encode", error) from error

    def _hold(self) -> None:
        """This segment is one picture held (its first call repeats it): lighten x264's analysis.
        The codec opens on the first frame, so its options can still change here."""
        if self.spec.codec != "libx264":
            return
        options = dict(self._stream.codec_context.options)
        params = options.get("x264-params", "")
        options["x264-params"] = f"{params}:{HELD_X264}" if params else HELD_X264
        self._stream.codec_context.options = options

    def finish(self) -> None:
        super().finish()
        if self.twin is not None:
            try:
                self.twin.finish()
            except BaseException as error:
                self.twin.abort()
                raise self._operation_error("finish the WebM twin of", error) from error

    def abort(self) -> None:
        try:
            super().abort()
        finally:
            if self.twin is not None:
                self.twin.abort()


def _create_segment_encoder(self: SceneFileWriter, target: Path) -> VideoSegmentEncoder:
    if self.video_encoder is None:
        raise RuntimeError("Video segment encoding requires resolved settings.")
    return LessonSegmentEncoder(target=target, spec=self.video_encoder)


def install() -> None:
    """Make every scene in this process encode its segments with :class:`LessonSegmentEncoder`;
    when twins are asked for, keep every segment (Manim prunes past 100) until the build joins them."""
    SceneFileWriter._create_segment_encoder = _create_segment_encoder
    if twins_wanted():
        config.max_files_cached = -1
