"""The segment encoder of the lesson's file writer: how rendered frames reach the encoders.

Manim 0.22 copies every RGBA frame into a new video frame (``VideoFrame.from_ndarray``, about
9.5 ms at 1080p here) and lets the encoder convert it to YUV, once per repeated frame too: a
three-second pause at 60 fps is 180 copies and conversions of one picture. The kit's segment
encoder wraps the frame's own buffer instead (Manim hands the array over and does not reuse it)
and converts a repeated frame once. The encoded pictures are the same, bit for bit (tested against
Manim's own method with a lossless encode).

When the lesson build asks for it ($LESSON_WEBM_TWINS), each segment is also encoded as VP9 WebM
beside its MP4, from the same converted frames, so that publishing the WebM needs neither decoding
the MP4 again nor a second pass over the video.

A segment that holds one picture (its first write repeats it: a pause) encodes the picture once
in each stream and writes every repeat as a frame that shows it again (:mod:`lessonrender.held`).
"""
from __future__ import annotations

import io
import os
from contextlib import suppress
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

import av
import numpy as np
from av.video.reformatter import VideoReformatter
from manim.scene.video_segment_encoder import VideoSegmentEncoder

from . import held
from .encoding import VP9, twins_wanted


@lru_cache(maxsize=8)
def x264_plans_ahead(options: tuple[tuple[str, str], ...]) -> bool:
    """Whether x264 with these options sets a picture's quality from the pictures after it (its
    macroblock tree, on from preset "veryfast" down). A held picture is then better encoded in a
    stream of its repeats (measured: 56.7 dB against 47.9 at preset medium), so it is not held. Read
    from the settings x264 writes into its first frame, on a tiny test picture."""
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=30, options=dict(options))
        stream.width, stream.height, stream.pix_fmt = 64, 64, "yuv420p"
        frame = av.VideoFrame(64, 64, "yuv420p")
        frame.pts = 0
        settings = b"".join(bytes(p) for p in [*stream.encode(frame), *stream.encode()])
    return b"mbtree=0" not in settings


class HeldStream:
    """One encoded stream of a segment whose first picture may be held: encoded once, its repeats
    written after the encoder is flushed (:mod:`lessonrender.held`)."""

    def __init__(self, container, stream, options: dict[str, str]) -> None:
        self.container, self.stream, self.options = container, stream, options
        self.first = None  # the first packet out of the encoder: (pts, dts, time base, duration, first bytes)
        self.repeats = 0  # repeats of the first picture still to write
        self.h264: held.H264Repeats | None = None  # the repeats of an x264 stream, read from its headers

    def encode(self, frame) -> None:
        for packet in self.stream.encode(frame):
            self.mux(packet)

    def mux(self, packet) -> None:
        if self.first is None:
            self.first = (packet.pts, packet.dts, packet.time_base, packet.duration, bytes(memoryview(packet)[:4]))
        self.container.mux(packet)

    def hold(self, frame, repeats: int) -> None:
        """Encode ``frame`` (pts 0) once and keep its ``repeats`` for :meth:`flush`; a stream whose
        repeats cannot be written so encodes them now, as ordinary frames."""
        frame.pts = 0  # (the frame is shared with the other stream, which may have numbered it)
        self.encode(frame)
        self.repeats = repeats
        if not self._can_repeat():
            self.release(frame)

    def release(self, frame) -> None:
        """Encode the kept repeats as ordinary frames (another picture follows the held one)."""
        for k in range(1, self.repeats + 1):
            frame.pts = k
            self.encode(frame)
        self.repeats = 0

    def flush(self) -> None:
        """Drain the encoder, then write the kept repeats."""
        for packet in self.stream.encode():
            self.mux(packet)
        if not self.repeats:
            return
        make = self._repeat_maker()
        pts, dts, time_base, duration, _ = self.first
        for k in range(1, self.repeats + 1):
            packet = av.Packet(make(k))
            packet.pts, packet.dts = pts + k, dts + k
            packet.time_base, packet.duration, packet.stream = time_base, duration or 1, self.stream
            self.container.mux(packet)
        self.repeats = 0

    def _can_repeat(self) -> bool:
        """Whether this stream's repeats can be written as frames that show the picture again."""
        context = self.stream.codec_context
        if self.stream.pix_fmt != "yuv420p":
            return False
        if context.name == "libvpx-vp9":
            return True
        if context.name != "libx264" or x264_plans_ahead(tuple(sorted(self.options.items()))):
            return False
        try:
            self.h264 = self.h264 or held.H264Repeats(bytes(context.extradata or b""))
        except held.Unsupported:
            return False
        return True

    def _repeat_maker(self):
        """k -> the bytes of the k-th repeat (see :meth:`_can_repeat`)."""
        if self.h264 is not None:
            return self.h264.frame
        again = held.vp9_show_existing(self.first[4])  # in the key frame's profile
        return lambda k: again


class WebmTwin(HeldStream):
    """A VP9 WebM copy of one segment, written to ``<target>.part`` and renamed when complete."""

    def __init__(self, target: Path, width: int, height: int, rate: Fraction):
        self.target = target
        self.part = target.with_name(target.name + ".part")
        container = av.open(str(self.part), mode="w", format="webm")
        stream = container.add_stream("libvpx-vp9", rate=rate)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.options = dict(VP9)
        super().__init__(container, stream, dict(VP9))

    def finish(self) -> None:
        self.flush()
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
        self.main = HeldStream(self._container, self._stream, dict(spec.options))
        self.held = None  # the held picture, while its repeats wait for finish()
        # One converter for the segment: PyAV's frame.reformat() sets up and frees a swscale context
        # for every frame (1.2 of its 3.4 ms at 1080p here); kept, the context is set up once.
        self.to_yuv = VideoReformatter()
        self.twin = None
        if twins_wanted() and spec.pixel_format == "yuv420p":
            try:
                self.twin = WebmTwin(Path(target).with_suffix(".webm"), spec.width, spec.height, spec.frame_rate)
            except BaseException:
                super().abort()
                raise
        self.streams = [self.main] + ([self.twin] if self.twin is not None else [])

    def write_frame(self, pixels: np.ndarray, *, repeat: int = 1) -> None:
        """Encode ``pixels`` ``repeat`` times, converted once to the stream's pixel format; a first
        picture that repeats is encoded once and held (see :class:`HeldStream`)."""
        pixel_format = self._stream.pix_fmt
        if not pixel_format or not pixel_format.startswith("yuv"):
            super().write_frame(pixels, repeat=repeat)  # e.g. a transparent or GIF output: Manim's way
            return
        self._validate_frame(pixels, repeat)
        rate = self.spec.frame_rate
        time_base = Fraction(rate.denominator, rate.numerator)
        try:
            if self.held is not None:  # another picture after the held one: its repeats become frames
                for stream in self.streams:
                    stream.release(self.held)
                self.held = None
            frame = self.to_yuv.reformat(av.VideoFrame.from_numpy_buffer(pixels, format="rgba"), format=pixel_format)
            frame.time_base = time_base
            if self._next_pts == 0 and repeat > 1:
                self._next_pts, self.held = repeat, frame
                for stream in self.streams:
                    stream.hold(frame, repeat - 1)
                return
            for _ in range(repeat):
                frame.pts = self._next_pts
                self._next_pts += 1
                for stream in self.streams:
                    stream.encode(frame)
        except BaseException as error:
            raise self._operation_error("encode", error) from error

    def finish(self) -> None:
        """Flush (writing the held picture's repeats) and close the segment, then its twin."""
        if self._closed:
            return
        self._closed = True
        try:
            self.main.flush()
        except BaseException as error:
            with suppress(BaseException):
                self._container.close()
            raise self._operation_error("finish", error) from error
        try:
            self._container.close()
        except BaseException as error:
            raise self._operation_error("finish", error) from error
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
