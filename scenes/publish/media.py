"""Video files with PyAV (which Manim already brings): duration, frames, WebM, GIF, poster,
and joining scenes into one video with chapter markers."""
from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Callable

Check = Callable[[], None]  # called once a frame; raises to stop the work (a Ctrl-C)


def no_check() -> None:
    pass

import av
from PIL import Image


def duration(path: Path) -> float:
    """Seconds of video in a file."""
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        if s.duration is not None:
            return float(s.duration * s.time_base)
        return float(c.duration / av.time_base)


def frames(path: Path):
    """(seconds, RGB array) for every frame."""
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        for frame in c.decode(s):
            yield float(frame.pts * s.time_base), frame.to_ndarray(format="rgb24")


def _encoder(container, codec: str, rate: Fraction, width: int, height: int, options: dict):
    stream = container.add_stream(codec, rate=rate)
    stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
    stream.options = options
    return stream


def _numbered(frame, i: int, rate: Fraction):
    """The frame as the i-th of a stream at ``rate`` frames per second, in yuv420p."""
    out = frame.reformat(format="yuv420p")
    out.pts, out.time_base = i, 1 / Fraction(rate)
    return out


X264 = {"preset": "veryfast", "crf": "23"}
VP9 = {"deadline": "realtime", "cpu-used": "8", "row-mt": "1", "crf": "34", "b": "0", "tile-columns": "2",
       "threads": "2"}


def transcode(src: Path, dst: Path, fmt: str, check: Check = no_check) -> None:
    """Re-encode ``src`` as WebM (VP9) or MP4 (H.264) into ``dst`` (an open-for-write path)."""
    codec, options = ("libvpx-vp9", VP9) if fmt == "webm" else ("libx264", X264)
    with av.open(str(src)) as inp:
        s = inp.streams.video[0]
        s.thread_type = "AUTO"
        with av.open(str(dst), "w", format=fmt) as out:
            rate = s.average_rate or Fraction(15)
            enc = _encoder(out, codec, rate, s.codec_context.width, s.codec_context.height, options)
            for i, frame in enumerate(inp.decode(s)):
                check()
                for packet in enc.encode(_numbered(frame, i, rate)):
                    out.mux(packet)
            for packet in enc.encode():
                out.mux(packet)


def gif_preview(src: Path, dst: Path, width: int = 360, speed: float = 4.0, fps: float = 8.0,
                check: Check = no_check) -> int:
    """A small looping GIF of the whole video, ``speed`` times faster, at ``fps``; returns frame count.
    Only the frames kept are converted, scaled down by the decoder's own scaler."""
    step = speed / fps  # seconds of video between GIF frames
    picked, next_t = [], 0.0
    with av.open(str(src)) as c:
        s = c.streams.video[0]
        s.thread_type = "AUTO"
        height = round(s.codec_context.height * width / s.codec_context.width)
        for frame in c.decode(s):
            check()
            if float(frame.pts * s.time_base) + 1e-6 >= next_t:
                small = frame.reformat(width=width, height=height, format="rgb24", interpolation="AREA")
                picked.append(small.to_image().quantize(colors=64, method=Image.Quantize.MEDIANCUT))
                next_t += step
    if not picked:
        raise ValueError(f"{src}: no frames")
    with open(dst, "wb") as f:
        picked[0].save(f, format="GIF", save_all=True, append_images=picked[1:], duration=int(1000 / fps),
                       loop=0, optimize=True)
    return len(picked)


def last_frame(src: Path):
    """The video's last frame as a PIL image, found by seeking near the end (decoding only the
    last group of pictures), or by decoding everything if seeking finds nothing."""
    with av.open(str(src)) as c:
        s = c.streams.video[0]
        s.thread_type = "AUTO"
        last = None
        end = duration(src)
        for back in (2.0, None):
            if back is not None:
                c.seek(max(0, int((end - back) / s.time_base)), stream=s, backward=True)
            else:
                c.seek(0, stream=s)
            for frame in c.decode(s):
                last = frame
            if last is not None:
                return last.to_image()
    raise ValueError(f"{src}: no frames")


def poster(src: Path, dst: Path) -> None:
    """The video's last frame as PNG."""
    image = last_frame(src)
    with open(dst, "wb") as f:
        image.save(f, format="PNG", optimize=True)


def _signature(path: Path) -> tuple:
    """What must match for two videos' packets to be joined as they are."""
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        cc = s.codec_context
        return cc.name, cc.width, cc.height, cc.pix_fmt, bytes(cc.extradata or b""), s.time_base, s.guessed_rate


def _chapter_marks(out, chapters: list[tuple[float, float, str]]) -> None:
    tb = Fraction(1, 1000)
    out.set_chapters([{"id": i + 1, "start": int(round(a * 1000)), "end": int(round(b * 1000)),
                       "time_base": tb, "metadata": {"title": t}} for i, (a, b, t) in enumerate(chapters)])


def _copy_packets(parts: list[tuple[Path, str]], out, check: Check) -> list[tuple[float, float, str]]:
    """Join by copying every packet with its timestamps shifted: nothing is decoded or encoded."""
    chapters, offset = [], Fraction(0)
    stream = None
    for path, title in parts:
        with av.open(str(path)) as inp:
            s = inp.streams.video[0]
            if stream is None:
                stream = out.add_stream_from_template(template=s)
            shift = int(offset / s.time_base)
            end = Fraction(0)
            for packet in inp.demux(s):
                check()
                if packet.dts is None:  # the demuxer's empty flushing packet
                    continue
                end = max(end, (packet.pts + (packet.duration or 0)) * s.time_base)
                packet.pts += shift
                packet.dts += shift
                packet.stream = stream
                out.mux(packet)
            chapters.append((float(offset), float(offset + end), title))
            offset += end
    return chapters


def _reencode(parts: list[tuple[Path, str]], out, check: Check) -> list[tuple[float, float, str]]:
    """Join by decoding every frame and encoding them again as one H.264 stream."""
    chapters = []
    with av.open(str(parts[0][0])) as first:
        s0 = first.streams.video[0]
        rate, width, height = s0.average_rate or Fraction(15), s0.codec_context.width, s0.codec_context.height
    enc = _encoder(out, "libx264", rate, width, height, X264)
    n = 0
    for path, title in parts:
        start_n = n
        with av.open(str(path)) as inp:
            s = inp.streams.video[0]
            if (s.codec_context.width, s.codec_context.height) != (width, height):
                raise ValueError(f"{path.name} is {s.codec_context.width}x{s.codec_context.height}, "
                                 f"the others {width}x{height}: render all scenes at one quality")
            for frame in inp.decode(s):
                check()
                for packet in enc.encode(_numbered(frame, n, rate)):
                    out.mux(packet)
                n += 1
        chapters.append((float(start_n / rate), float(n / rate), title))
    for packet in enc.encode():
        out.mux(packet)
    return chapters


def concatenate(parts: list[tuple[Path, str]], dst,
                check: Check = no_check) -> tuple[list[tuple[float, float, str]], bool]:
    """Join videos into one MP4 (``dst``: a path or a binary file) with a chapter per part. Videos
    from one encoder with one set of settings (every chapter Manim renders at one quality) are
    joined by copying their packets; others are decoded and encoded again. Returns (start, end,
    title) of each chapter in seconds, and whether the packets were copied."""
    signatures = {_signature(path) for path, _ in parts}
    copy = len(signatures) == 1
    with av.open(str(dst) if isinstance(dst, Path) else dst, "w", format="mp4") as out:
        chapters = (_copy_packets if copy else _reencode)(parts, out, check)
        _chapter_marks(out, chapters)
    return chapters, copy


def frame_size(path: Path) -> tuple[int, int]:
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        return s.codec_context.width, s.codec_context.height

