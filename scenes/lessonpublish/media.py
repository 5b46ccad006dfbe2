"""Video files with PyAV (which Manim already brings): duration, frames, WebM, GIF, poster,
and joining scenes into one video with chapter markers. A narrated video's sound goes along:
Opus in WebM, AAC in MP4, always exactly as long as the picture."""
from __future__ import annotations

import threading
from fractions import Fraction
from pathlib import Path
from typing import Callable, Iterable

import av
import numpy as np
from PIL import Image

from lessonrender.encoding import VP9, X264  # as the scenes' renders encode (their WebM twins too)

Check = Callable[[], None]  # called once a frame; raises to stop the work (a Ctrl-C)

#: Sample rate of every published soundtrack (Opus works at 48 kHz).
AUDIO_RATE = 48_000
# Muxers write no random ids or tool versions: the same frames make the same file, on any machine.
BITEXACT = {"fflags": "+bitexact"}


def no_check() -> None:
    pass


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




def has_audio(path: Path) -> bool:
    with av.open(str(path)) as c:
        return bool(c.streams.audio)


def audio_samples(path: Path, seconds: float | None = None) -> np.ndarray:
    """The file's sound as mono float samples at AUDIO_RATE, padded with silence or cut to exactly
    ``seconds`` when given; silence for a file without sound."""
    chunks = []
    with av.open(str(path)) as c:
        if c.streams.audio:
            resampler = av.AudioResampler(format="flt", layout="mono", rate=AUDIO_RATE)
            for frame in c.decode(c.streams.audio[0]):
                chunks += [f.to_ndarray().reshape(-1) for f in resampler.resample(frame)]
            chunks += [f.to_ndarray().reshape(-1) for f in resampler.resample(None)]
    samples = np.concatenate(chunks).astype(np.float32) if chunks else np.zeros(0, np.float32)
    if seconds is not None:
        n = int(round(seconds * AUDIO_RATE))
        samples = np.pad(samples[:n], (0, max(0, n - len(samples))))
    return samples


def loudness(samples: np.ndarray, rate: int = AUDIO_RATE) -> float:
    """Integrated loudness in LUFS (ITU-R BS.1770, pyloudnorm); -inf for silence."""
    import pyloudnorm

    if len(samples) < rate:
        samples = np.pad(samples, (0, rate - len(samples)))
    return float(pyloudnorm.Meter(rate).integrated_loudness(samples.astype(float)))


def describe_audio(path: Path, voice: str) -> dict | None:
    """A narrated video's sound for the manifest: the voice, its length and measured loudness."""
    if not has_audio(path):
        return None
    samples = audio_samples(path, duration(path))
    return {"voice": voice, "seconds": round(len(samples) / AUDIO_RATE, 3), "loudness_lufs": round(loudness(samples), 1)}


def _audio_packets(out, codec: str, samples: np.ndarray) -> list:
    """``samples`` (mono, AUDIO_RATE) encoded for ``out``'s new audio stream, as packets to mux."""
    stream = out.add_stream(codec, rate=AUDIO_RATE, layout="mono")
    if codec == "aac":
        stream.bit_rate = 96_000
    fmt = stream.codec_context.format.name if stream.codec_context.format else "fltp"
    resampler = av.AudioResampler(format=fmt, layout="mono", rate=AUDIO_RATE)
    packets, step = [], 960 * 20
    for start in range(0, len(samples), step):
        frame = av.AudioFrame.from_ndarray(samples[None, start:start + step], format="flt", layout="mono")
        frame.sample_rate = AUDIO_RATE
        frame.pts, frame.time_base = start, Fraction(1, AUDIO_RATE)
        for f in resampler.resample(frame):
            packets += stream.encode(f)
    packets += stream.encode(None)
    return packets


def _mux_with_audio(out, video_packets: Iterable, audio: list) -> None:
    """Mux video packets as they come, each audio packet once the video has reached its time."""
    pending = list(audio)

    def due(t: float | None) -> None:
        while pending and (t is None or pending[0].pts is None or float(pending[0].pts * pending[0].time_base) <= t):
            out.mux(pending.pop(0))

    for packet in video_packets:
        if packet.pts is not None:
            due(float(packet.pts * packet.time_base))
        out.mux(packet)
    due(None)


#: One re-encode at a time in a build: with the decoder's threads each keeps more than a core busy
#: while other scenes render, and two 1080p VP9 encoders at once took the build past 1 GB of memory.
ENCODE_SLOT = threading.Semaphore(1)


class Tap:
    """Something made from a video's frames while another job decodes them (see ``transcode``)."""

    def take(self, frame, seconds: float) -> None:
        raise NotImplementedError


class GifFrames(Tap):
    """The frames of a small looping GIF of the whole video, ``speed`` times faster, at ``fps``. Only
    the frames kept are converted, scaled down by the decoder's own scaler."""

    def __init__(self, width: int = 360, speed: float = 4.0, fps: float = 8.0):
        self.width, self.fps, self.step = width, fps, speed / fps  # step: seconds of video between frames
        self.picked: list[Image.Image] = []
        self.next_t = 0.0

    def take(self, frame, seconds: float) -> None:
        if seconds + 1e-6 >= self.next_t:
            height = round(frame.height * self.width / frame.width)
            small = frame.reformat(width=self.width, height=height, format="rgb24", interpolation="AREA")
            self.picked.append(small.to_image().quantize(colors=64, method=Image.Quantize.MEDIANCUT))
            self.next_t += self.step

    def save(self, dst: Path, name: str = "the video") -> int:
        """Write the GIF; returns its number of frames."""
        if not self.picked:
            raise ValueError(f"{name}: no frames")
        with open(dst, "wb") as f:
            self.picked[0].save(f, format="GIF", save_all=True, append_images=self.picked[1:],
                                duration=int(1000 / self.fps), loop=0, optimize=True)
        return len(self.picked)


class LastFrame(Tap):
    """The last frame seen, saved as the poster."""

    def __init__(self):
        self.frame = None

    def take(self, frame, seconds: float) -> None:
        self.frame = frame

    def save(self, dst: Path, name: str = "the video") -> None:
        if self.frame is None:
            raise ValueError(f"{name}: no frames")
        save_png(self.frame.to_image(), dst)


def transcode(src: Path, dst: Path, fmt: str, check: Check = no_check, also: Iterable[Tap] = ()) -> None:
    """Re-encode ``src`` as WebM (VP9, its sound as Opus) or MP4 (H.264, AAC) into ``dst``, and hand
    every decoded frame to the taps in ``also`` (the GIF and the poster need no decoding of their own)."""
    with ENCODE_SLOT:
        _transcode(src, dst, fmt, check, tuple(also))


def _transcode(src: Path, dst: Path, fmt: str, check: Check, taps: tuple[Tap, ...]) -> None:
    codec, options = ("libvpx-vp9", VP9) if fmt == "webm" else ("libx264", X264)
    with av.open(str(src)) as inp:
        s = inp.streams.video[0]
        s.thread_type = "AUTO"
        with av.open(str(dst), "w", format=fmt, container_options=BITEXACT) as out:
            rate = s.average_rate or Fraction(15)
            enc = _encoder(out, codec, rate, s.codec_context.width, s.codec_context.height, options)
            audio = _audio_packets(out, "libopus" if fmt == "webm" else "aac",
                                   audio_samples(src, duration(src))) if inp.streams.audio else []

            def video_packets():
                for i, frame in enumerate(inp.decode(s)):
                    check()
                    for tap in taps:
                        tap.take(frame, float(frame.pts * s.time_base))
                    yield from enc.encode(_numbered(frame, i, rate))
                yield from enc.encode()

            _mux_with_audio(out, video_packets(), audio)


def gif_preview(src: Path, dst: Path, width: int = 360, speed: float = 4.0, fps: float = 8.0,
                check: Check = no_check) -> int:
    """A small looping GIF of the whole video, ``speed`` times faster, at ``fps``; returns its number
    of frames. Only the frames other frames refer to are decoded (about half the work): a preview
    wants one frame in many, and one a few frames later is as good."""
    gif = GifFrames(width, speed, fps)
    with av.open(str(src)) as c:
        s = c.streams.video[0]
        s.thread_type = "AUTO"
        s.codec_context.skip_frame = "NONREF"
        for frame in c.decode(s):
            check()
            gif.take(frame, float(frame.pts * s.time_base))
    return gif.save(dst, str(src))


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


def save_png(image: Image.Image, dst: Path) -> None:
    with open(dst, "wb") as f:
        image.save(f, format="PNG", optimize=True)


def poster(src: Path, dst: Path) -> None:
    """The video's last frame as PNG."""
    save_png(last_frame(src), dst)


def _signature(path: Path) -> tuple:
    """What must match for two videos' pictures to be joined by copying their packets."""
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        cc = s.codec_context
        return cc.name, cc.width, cc.height, cc.pix_fmt, bytes(cc.extradata or b""), s.time_base, s.guessed_rate


def _chapter_marks(out, chapters: list[tuple[float, float, str]]) -> None:
    tb = Fraction(1, 1000)
    out.set_chapters([{"id": i + 1, "start": int(round(a * 1000)), "end": int(round(b * 1000)),
                       "time_base": tb, "metadata": {"title": t}} for i, (a, b, t) in enumerate(chapters)])


def _chapter_ends(parts: list[tuple[Path, str]]) -> list[Fraction]:
    """Each part's video length, as the end of its last packet."""
    ends = []
    for path, _ in parts:
        with av.open(str(path)) as inp:
            s = inp.streams.video[0]
            end = Fraction(0)
            for packet in inp.demux(s):
                if packet.dts is not None:
                    end = max(end, (packet.pts + (packet.duration or 0)) * s.time_base)
            ends.append(end)
    return ends


def _joined_audio(parts: list[tuple[Path, str]], lengths: list[float]) -> np.ndarray:
    """Every part's sound, each padded or cut to its part's video length, end to end: the joined
    video's soundtrack stays in sync across chapter boundaries."""
    return np.concatenate([audio_samples(path, seconds) for (path, _), seconds in zip(parts, lengths)])


def _copy_packets(parts: list[tuple[Path, str]], out, check: Check) -> list[tuple[float, float, str]]:
    """Join by copying every video packet with its timestamps shifted: no picture is decoded or
    encoded. The sound (if any part has some) is joined as samples and encoded once, which costs
    little and keeps it exactly in step with the picture."""
    ends = _chapter_ends(parts)
    with av.open(str(parts[0][0])) as first:
        stream = out.add_stream_from_template(template=first.streams.video[0])
    audio = _audio_packets(out, "aac", _joined_audio(parts, [float(e) for e in ends])) \
        if any(has_audio(path) for path, _ in parts) else []

    def video_packets():
        offset = Fraction(0)
        for (path, _), end in zip(parts, ends):
            with av.open(str(path)) as inp:
                s = inp.streams.video[0]
                shift = int(offset / s.time_base)
                for packet in inp.demux(s):
                    check()
                    if packet.dts is None:  # the demuxer's empty flushing packet
                        continue
                    packet.pts += shift
                    packet.dts += shift
                    packet.stream = stream
                    yield packet
            offset += end

    _mux_with_audio(out, video_packets(), audio)
    starts = np.cumsum([Fraction(0)] + ends[:-1])
    return [(float(a), float(a + e), title) for a, e, (_, title) in zip(starts, ends, parts)]


def _reencode(parts: list[tuple[Path, str]], out, check: Check) -> list[tuple[float, float, str]]:
    """Join by decoding every frame and encoding them again as one H.264 stream."""
    chapters = []
    with av.open(str(parts[0][0])) as first:
        s0 = first.streams.video[0]
        rate, width, height = s0.average_rate or Fraction(15), s0.codec_context.width, s0.codec_context.height
    for path, _ in parts:
        size = frame_size(path)
        if size != (width, height):
            raise ValueError(f"{path.name} is {size[0]}x{size[1]}, the others {width}x{height}: "
                             "render all scenes at one quality")
    enc = _encoder(out, "libx264", rate, width, height, X264)
    counts = [frame_count(path) for path, _ in parts]
    audio = _audio_packets(out, "aac", _joined_audio(parts, [float(k / rate) for k in counts])) \
        if any(has_audio(path) for path, _ in parts) else []
    n = 0
    for (path, title), k in zip(parts, counts):
        chapters.append((float(n / rate), float((n + k) / rate), title))
        n += k

    def video_packets():
        i = 0
        for path, _ in parts:
            with av.open(str(path)) as inp:
                for frame in inp.decode(inp.streams.video[0]):
                    check()
                    yield from enc.encode(_numbered(frame, i, rate))
                    i += 1
        yield from enc.encode()

    _mux_with_audio(out, video_packets(), audio)
    return chapters


def webm_twins(video: Path) -> list[Path] | None:
    """The VP9 twins (``lessonrender.encoder``) of the segments Manim joined into ``video``, in order,
    or None when a segment has none (then the WebM is made from the MP4 with ``transcode``)."""
    folder = video.parent / "partial_movie_files" / video.stem
    segments = sorted(folder.glob("*.mp4"))  # uncached_00000.mp4, ...: the order they were played
    twins = [p.with_suffix(".webm") for p in segments]
    return twins if twins and all(t.is_file() for t in twins) else None


def webm_from_twins(twins: list[Path], video: Path, dst: Path, check: Check = no_check) -> None:
    """The scene's WebM from its segments' VP9 twins, joined by copying their packets (nothing
    decoded or encoded), with ``video``'s sound as Opus. Each twin's frames follow the frames before
    it, so the WebM has exactly the MP4's frames; a count that differs is an error."""
    counts = [frame_count(t) for t in twins]
    total, expected = sum(counts), frame_count(video)
    if total != expected:
        raise ValueError(f"{video.name}: its WebM segments hold {total} frames, the video {expected}")
    with av.open(str(dst), "w", format="webm", container_options=BITEXACT) as out:
        with av.open(str(twins[0])) as first:  # the template must stay open while it is copied
            template = first.streams.video[0]
            rate = template.guessed_rate or template.average_rate
            stream = out.add_stream_from_template(template=template)
        audio = _audio_packets(out, "libopus", audio_samples(video, float(total / rate))) if has_audio(video) else []

        def video_packets():
            before = 0
            for twin, count in zip(twins, counts):
                with av.open(str(twin)) as inp:
                    s = inp.streams.video[0]
                    for packet in inp.demux(s):
                        check()
                        if packet.dts is None:
                            continue
                        index = round(packet.pts * s.time_base * rate)  # the frame's place in its segment
                        packet.pts = packet.dts = round((before + index) / rate / s.time_base)
                        packet.stream = stream
                        yield packet
                before += count

        _mux_with_audio(out, video_packets(), audio)


def frame_count(path: Path) -> int:
    """Frames in the video, counted from its packets (nothing decoded)."""
    with av.open(str(path)) as c:
        return sum(1 for p in c.demux(c.streams.video[0]) if p.dts is not None)


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

