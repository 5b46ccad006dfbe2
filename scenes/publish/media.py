"""Video files with PyAV (which Manim already brings): duration, frames, WebM, GIF, poster,
and joining scenes into one video with chapter markers."""
from __future__ import annotations

from fractions import Fraction
from pathlib import Path

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
VP9 = {"deadline": "realtime", "cpu-used": "8", "row-mt": "1", "crf": "34", "b": "0"}


def transcode(src: Path, dst: Path, fmt: str) -> None:
    """Re-encode ``src`` as WebM (VP9) or MP4 (H.264) into ``dst`` (an open-for-write path)."""
    codec, options = ("libvpx-vp9", VP9) if fmt == "webm" else ("libx264", X264)
    with av.open(str(src)) as inp:
        s = inp.streams.video[0]
        with av.open(str(dst), "w", format=fmt) as out:
            rate = s.average_rate or Fraction(15)
            enc = _encoder(out, codec, rate, s.codec_context.width, s.codec_context.height, options)
            for i, frame in enumerate(inp.decode(s)):
                for packet in enc.encode(_numbered(frame, i, rate)):
                    out.mux(packet)
            for packet in enc.encode():
                out.mux(packet)


def gif_preview(src: Path, dst: Path, width: int = 360, speed: float = 4.0, fps: float = 8.0) -> int:
    """A small looping GIF of the whole video, ``speed`` times faster, at ``fps``; returns frame count."""
    step = speed / fps  # seconds of video between GIF frames
    picked, next_t = [], 0.0
    for t, rgb in frames(src):
        if t + 1e-6 >= next_t:
            im = Image.fromarray(rgb)
            im = im.resize((width, round(im.height * width / im.width)), Image.LANCZOS)
            picked.append(im.quantize(colors=64, method=Image.Quantize.MEDIANCUT))
            next_t += step
    if not picked:
        raise ValueError(f"{src}: no frames")
    with open(dst, "wb") as f:
        picked[0].save(f, format="GIF", save_all=True, append_images=picked[1:], duration=int(1000 / fps),
                       loop=0, optimize=True)
    return len(picked)


def poster(src: Path, dst: Path) -> None:
    """The video's last frame as PNG."""
    last = None
    for _, rgb in frames(src):
        last = rgb
    if last is None:
        raise ValueError(f"{src}: no frames")
    with open(dst, "wb") as f:
        Image.fromarray(last).save(f, format="PNG", optimize=True)


def concatenate(parts: list[tuple[Path, str]], dst) -> list[tuple[float, float, str]]:
    """Join videos of one size into an H.264 MP4 (``dst``: a path or a binary file) with a chapter
    per part; returns (start, end, title) of each chapter in seconds."""
    chapters = []
    with av.open(str(parts[0][0])) as first:
        s0 = first.streams.video[0]
        rate, width, height = s0.average_rate or Fraction(15), s0.codec_context.width, s0.codec_context.height
    with av.open(str(dst) if isinstance(dst, Path) else dst, "w", format="mp4") as out:
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
                    for packet in enc.encode(_numbered(frame, n, rate)):
                        out.mux(packet)
                    n += 1
            chapters.append((start_n / rate, n / rate, title))
        for packet in enc.encode():
            out.mux(packet)
        tb = Fraction(1, 1000)
        out.set_chapters([{"id": i + 1, "start": int(round(float(a) * 1000)), "end": int(round(float(b) * 1000)),
                           "time_base": tb, "metadata": {"title": t}} for i, (a, b, t) in enumerate(chapters)])
    return [(float(a), float(b), t) for a, b, t in chapters]


def frame_size(path: Path) -> tuple[int, int]:
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        return s.codec_context.width, s.codec_context.height

