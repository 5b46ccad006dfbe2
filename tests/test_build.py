"""scenes/build.py: captions timing, change detection, manifest, failures, the lesson page in a browser."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from lessonpublish import captions, media
from lessonpublish.chapters import LESSON
from scenetools import ROOT, blank_moments, find_one, project_copy, video_info

TIMED = '''
from lessonkit import LessonScene


class Timed(LessonScene):
    def construct(self):
        self.say("first", run_time=0.5)
        self.wait(1)
        self.say("second", run_time=0.5)
        self.wait(2)
'''


def frames(seconds: float, fps: int = 15) -> float:
    """Manim plays whole frames: a run time lasts ceil(seconds * fps) frames."""
    import math

    return math.ceil(seconds * fps - 1e-9) / fps


def test_caption_cues_match_known_waits(tmp_path):
    scene_file = tmp_path / "timed.py"
    scene_file.write_text(TIMED)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scenes")}
    result = subprocess.run([sys.executable, "-m", "manim", "render", "-ql", "--media_dir", str(tmp_path),
                             str(scene_file), "Timed"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    cues = captions.parse_srt(find_one(tmp_path, "Timed.srt").read_text())
    first_end = frames(0.5) + frames(1)
    total = first_end + frames(0.5) + frames(2)
    assert [c.text for c in cues] == ["first", "second"]
    assert cues[0].start == 0 and cues[0].end == pytest.approx(first_end, abs=0.002)
    assert cues[1].start == pytest.approx(first_end, abs=0.002) and cues[1].end == pytest.approx(total, abs=0.002)
    duration, _, _ = video_info(find_one(tmp_path, "Timed.mp4"))
    assert duration == pytest.approx(total, abs=0.07)


def test_srt_to_vtt_by_hand():
    srt = "1\n00:00:00,000 --> 00:00:01,533\nfirst <b>\n\n2\n00:01:01,533 --> 01:00:04,066\nsecond\n"
    cues = captions.parse_srt(srt)
    assert cues[1].start == pytest.approx(61.533) and cues[1].end == pytest.approx(3604.066)
    assert captions.to_vtt(cues) == ("WEBVTT\n\n1\n00:00:00.000 --> 00:00:01.533\nfirst &lt;b&gt;\n\n"
                                    "2\n00:01:01.533 --> 01:00:04.066\nsecond\n")
    assert captions.parse_srt(captions.to_srt(cues)) == cues
    with pytest.raises(ValueError, match="malformed"):
        captions.parse_srt("1\n00:00 --> 00:01\nx\n")


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    """A copy of the project's code (assets linked) where scenes can be edited and broken."""
    return project_copy(tmp_path_factory.mktemp("project"))


def build(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(root), "LESSON_ITEM": "0", "LESSON_VOICE": "off"}
    return subprocess.run([sys.executable, str(root / "scenes" / "build.py"), *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=600)


def test_build_outputs_manifest_and_change_detection(sandbox):
    out = sandbox / "renders"
    r = build(sandbox, "--only", "intro,recap", "--out", str(out))
    assert r.returncode == 0, r.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    for name, stem in (("intro", "01-intro"), ("recap", "10-recap")):
        entry = manifest["chapters"][name]
        for suffix in (".mp4", ".webm", ".gif", ".png", ".srt", ".vtt"):
            assert (out / f"{stem}{suffix}").is_file()
        mp4 = out / f"{stem}.mp4"
        assert entry["duration"] == pytest.approx(media.duration(mp4), abs=1e-3)
        assert media.frame_size(out / f"{stem}.webm") == (854, 480)
        assert media.duration(out / f"{stem}.webm") == pytest.approx(entry["duration"], abs=0.1)
        assert media.frame_count(out / f"{stem}.webm") == media.frame_count(mp4)  # joined from the twins
        vtt_cues = (out / f"{stem}.vtt").read_text().count(" --> ")
        assert vtt_cues == len(entry["captions"]) > 0
        assert blank_moments(mp4) == [], f"{stem}: a blank frame mid-chapter"  # sampled every second
    import hashlib

    for item in manifest["outputs"]:
        data = (out / item["file"]).read_bytes()
        assert item["sha256"] == hashlib.sha256(data).hexdigest() and item["bytes"] == len(data)
        assert item["weights"]["path"] == "assets/weights.npz" and item["item"]["setting"] == "0"
        assert item["quality"] == "low_quality"
    assert "lesson" not in manifest  # not every chapter was rendered
    from netcore import lessonset
    from lessonpublish.tryit import weight_bytes

    # The Try-it panel carries the very weights the videos were drawn from
    assert manifest["tryit"]["weights_sha256"] == hashlib.sha256(weight_bytes(lessonset.load(ROOT / "assets").net)).hexdigest()
    assert all((out / f).is_file() for f in ("tryit.html", "tryit.js", "tryit-data.js", "tryit.css"))
    assert not list(out.glob(".*"))  # no work folders or partial files left

    before = {p.name: p.stat().st_mtime_ns for p in out.glob("[0-9]*")}
    r = build(sandbox, "--only", "intro,recap", "--out", str(out))
    assert r.returncode == 0 and "0 scene(s) to render" in r.stderr and "intro: unchanged" in r.stderr
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("[0-9]*")} == before

    with open(sandbox / "scenes" / "intro.py", "a") as f:
        f.write("\n# edited\n")
    r = build(sandbox, "--only", "intro,recap", "--out", str(out))
    assert r.returncode == 0 and "1 scene(s) to render" in r.stderr and "recap: unchanged" in r.stderr
    after = {p.name: p.stat().st_mtime_ns for p in out.glob("[0-9]*")}
    assert after["01-intro.mp4"] != before["01-intro.mp4"] and after["10-recap.mp4"] == before["10-recap.mp4"]

    # A change in publishing (transcoding) makes the outputs again from the kept videos: no render.
    with open(sandbox / "scenes" / "lessonpublish" / "media.py", "a") as f:
        f.write("\n# edited\n")
    r = build(sandbox, "--only", "intro,recap", "--out", str(out))
    assert r.returncode == 0 and "2 scene(s) to render" in r.stderr
    assert r.stderr.count("publishing only: video unchanged") == 2
    again = {p.name: p.stat().st_mtime_ns for p in out.glob("[0-9]*")}
    assert again["10-recap.webm"] != after["10-recap.webm"]
    assert media.duration(out / "10-recap.mp4") == pytest.approx(manifest["chapters"]["recap"]["duration"], abs=1e-3)
    topic = json.loads((out / "manifest.json").read_text())["topic"]
    assert topic["sizes"] == [784, 16, 16, 10] and topic["noun"] == "digit"
    page = (out / "index.html").read_text()
    assert "784-16-16-10" in page and "MNIST handwritten digits" in page


def test_a_crashing_scene_is_named_and_the_rest_render(sandbox, tmp_path):
    broken = sandbox / "scenes" / "counting.py"
    original = broken.read_text()
    broken.write_text(original.replace("        self.one_neuron()\n", "        raise RuntimeError('boom in counting')\n"))
    try:
        r = build(sandbox, "--only", "counting,neurons", "--out", str(tmp_path))
    finally:
        broken.write_text(original)
    assert r.returncode == 1
    assert "counting: FAILED" in r.stderr and "boom in counting" in r.stderr
    assert (tmp_path / "02-neurons.mp4").is_file() and not list(tmp_path.glob("06-counting*"))
    assert not list(tmp_path.glob(".*"))


def test_bad_options_stop_before_rendering(sandbox, tmp_path):
    r = build(sandbox, "--only", "intro,nonsense")
    assert r.returncode == 2 and "unknown scene nonsense" in r.stderr and "Traceback" not in r.stderr
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    r = build(sandbox, "--out", str(blocker / "renders"))
    assert r.returncode == 2 and "cannot write to" in r.stderr
    r = subprocess.run([sys.executable, str(sandbox / "scenes" / "build.py"), "--only", "intro"], cwd=sandbox,
                       env={**os.environ, "PYTHONPATH": str(sandbox), "LESSON_THEME": "pink"},
                       capture_output=True, text=True)
    assert r.returncode == 2 and "unknown theme 'pink'" in r.stderr


def test_full_disk_leaves_nothing(tmp_path, monkeypatch):
    import errno

    import build as build_mod
    from lessonkit import lesson as lesson_mod

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(build_mod.media, "transcode", no_space)
    monkeypatch.setattr(build_mod.media, "webm_from_twins", no_space)
    settings = lesson_mod.Settings()
    chapter = LESSON[0]
    todo = build_mod.Todo(0, chapter, "render-hash", "publish-hash", reuse=False)
    result = build_mod.render_chapter(todo, "l", tmp_path, settings, lesson_mod.load(settings), build_mod.Jobs())
    assert not result.ok and result.error == "No space left on device"
    assert list(tmp_path.iterdir()) == []


def clip(path, colour, n, codec="libx264", size=(64, 48)):
    """A clip of ``n`` frames of one colour at 15 fps."""
    from PIL import Image
    import av

    with av.open(str(path), "w") as c:
        s = c.add_stream(codec, rate=15)
        s.width, s.height, s.pix_fmt = *size, "yuv420p"
        for i in range(n):
            frame = av.VideoFrame.from_image(Image.new("RGB", size, colour))
            frame.pts = i
            for p in s.encode(frame):
                c.mux(p)
        for p in s.encode():
            c.mux(p)
    return path


def with_sound(path, burst_at: float, seconds: float):
    """``path`` with a soundtrack of ``seconds``: silence but for a 0.2 s tone starting at ``burst_at``."""
    import av

    rate = 48_000
    samples = np.zeros(int(seconds * rate), np.float32)
    start = int(burst_at * rate)
    samples[start:start + rate // 5] = 0.5 * np.sin(2 * np.pi * 440 * np.arange(rate // 5) / rate)
    out = path.with_name(path.stem + "-sound.mp4")
    with av.open(str(path)) as inp, av.open(str(out), "w") as c:
        video = c.add_stream_from_template(template=inp.streams.video[0])
        sound = media._audio_packets(c, "aac", samples)  # every stream exists before the first packet
        for packet in inp.demux(inp.streams.video[0]):
            if packet.dts is not None:
                packet.stream = video
                c.mux(packet)
        for packet in sound:
            c.mux(packet)
    return out


def tone_onsets(path) -> list[float]:
    """Where each tone starts in the file's soundtrack, in seconds."""
    samples = media.audio_samples(path)
    loud = np.abs(samples) > 0.1
    starts = np.flatnonzero(loud[1:] & ~loud[:-1]) + 1
    keep = [int(starts[0])] + [int(b) for a, b in zip(starts, starts[1:]) if b - a > 4800] if starts.size else []
    return [k / media.AUDIO_RATE for k in keep]


def test_joined_chapters_keep_their_sound_in_step(tmp_path):
    a = with_sound(clip(tmp_path / "a.mp4", (255, 0, 0), 30), 0.5, 1.9)  # 2 s of picture, 1.9 s of sound
    b = with_sound(clip(tmp_path / "b.mp4", (0, 0, 255), 45), 1.0, 3.0)
    silent = clip(tmp_path / "c.mp4", (0, 255, 0), 15)
    for parts, copied in (([(a, "a"), (b, "b"), (silent, "c")], True), ([(a, "a"), (b, "b")], True)):
        chapters, was_copied = media.concatenate(parts, tmp_path / "joined.mp4")
        assert was_copied == copied
        onsets = tone_onsets(tmp_path / "joined.mp4")
        assert onsets == pytest.approx([0.5, 2.0 + 1.0], abs=0.03)  # the second chapter's tone 2 s later
        assert len(media.audio_samples(tmp_path / "joined.mp4")) / media.AUDIO_RATE == pytest.approx(chapters[-1][1], abs=0.05)
    media.transcode(b, tmp_path / "b.webm", "webm")
    assert tone_onsets(tmp_path / "b.webm") == pytest.approx([1.0], abs=0.03)


def test_webm_joined_from_the_segments_twins(tmp_path, monkeypatch):
    from fractions import Fraction

    from lessonrender.encoder import LessonSegmentEncoder
    from lessonrender.encoding import TWINS_ENV
    from manim._config.video_encoder import VideoEncoderSpec

    monkeypatch.setenv(TWINS_ENV, "1")
    spec = VideoEncoderSpec(container_format="mp4", codec="libx264", pixel_format="yuv420p", width=64, height=48,
                            frame_rate=Fraction(15), options=())
    folder = tmp_path / "partial_movie_files" / "video"
    segments = []
    for k, (colour, n) in enumerate((((255, 0, 0), 20), ((0, 0, 255), 7), ((0, 255, 0), 33))):
        enc = LessonSegmentEncoder(target=folder / f"uncached_{k:05}.mp4", spec=spec)
        enc.write_frame(np.full((48, 64, 4), (*colour, 255), np.uint8), repeat=n)
        enc.finish()
        segments.append((folder / f"uncached_{k:05}.mp4", str(k)))
    media.concatenate(segments, tmp_path / "joined.mp4")  # as Manim joins a scene's segments
    video = with_sound(tmp_path / "joined.mp4", 3.0, 4.0).rename(tmp_path / "video.mp4")
    twins = media.webm_twins(video)
    assert [t.name for t in twins] == ["uncached_00000.webm", "uncached_00001.webm", "uncached_00002.webm"]
    media.webm_from_twins(twins, video, tmp_path / "video.webm")
    assert media.frame_count(tmp_path / "video.webm") == media.frame_count(video) == 60
    assert colours(tmp_path / "video.webm") == colours(video)  # every frame, in order
    assert media.duration(tmp_path / "video.webm") == pytest.approx(4.0, abs=1 / 15)
    assert tone_onsets(tmp_path / "video.webm") == pytest.approx([3.0], abs=0.03)
    twins[1].unlink()
    assert media.webm_twins(video) is None  # a segment without its twin: the build transcodes instead
    with pytest.raises(ValueError, match="hold 53 frames, the video 60"):
        media.webm_from_twins([twins[0], twins[2]], video, tmp_path / "bad.webm")


def colours(path):
    """The mean RGB of every frame, decoded."""
    return [tuple(np.round(rgb.reshape(-1, 3).mean(axis=0) / 64).astype(int)) for _, rgb in media.frames(path)]


def test_concatenate_copies_packets_with_chapters(tmp_path):
    import av

    parts = [(clip(tmp_path / "a.mp4", (255, 0, 0), 15), "part a"), (clip(tmp_path / "b.mp4", (0, 0, 255), 30), "part b")]
    chapters, copied = media.concatenate(parts, tmp_path / "joined.mp4")
    assert copied
    assert chapters == [(0.0, 1.0, "part a"), (1.0, 3.0, "part b")]
    assert media.duration(tmp_path / "joined.mp4") == pytest.approx(3.0, abs=0.07)
    assert colours(tmp_path / "joined.mp4") == colours(parts[0][0]) + colours(parts[1][0])  # every frame, in order
    with av.open(str(tmp_path / "joined.mp4")) as c:
        assert [ch["metadata"]["title"] for ch in c.chapters()] == ["part a", "part b"]
        times = [float(f.pts * c.streams.video[0].time_base) for f in c.decode(video=0)]
    assert times == sorted(times) and times[15] == pytest.approx(1.0, abs=1e-3)


def test_poster_is_the_last_frame_and_the_gif_covers_the_video(tmp_path):
    from PIL import Image
    import av

    path = tmp_path / "v.mp4"
    with av.open(str(path), "w") as c:  # 5 s at 15 fps: a slow ramp of grays, then a white frame
        s = c.add_stream("libx264", rate=15)
        s.width, s.height, s.pix_fmt = 96, 64, "yuv420p"
        for i in range(75):
            frame = av.VideoFrame.from_image(Image.new("RGB", (96, 64), (255,) * 3 if i == 74 else (20 + 2 * i,) * 3))
            frame.pts = i
            for p in s.encode(frame):
                c.mux(p)
        for p in s.encode():
            c.mux(p)
    decoded = [rgb for _, rgb in media.frames(path)]
    media.poster(path, tmp_path / "p.png")
    assert np.array_equal(np.asarray(Image.open(tmp_path / "p.png").convert("RGB")), decoded[-1])
    n = media.gif_preview(path, tmp_path / "p.gif", width=48, speed=4.0, fps=8.0)
    assert n == 10  # a frame every half second of video, 0.0 .. 4.5
    with Image.open(tmp_path / "p.gif") as gif:
        assert gif.size == (48, 32) and gif.n_frames == 10
    # Made from the frames a WebM transcode decodes (a build publishing a kept video): the same
    gif, last = media.GifFrames(width=48, speed=4.0, fps=8.0), media.LastFrame()
    media.transcode(path, tmp_path / "v.webm", "webm", also=(gif, last))
    assert gif.save(tmp_path / "q.gif") == 10
    with Image.open(tmp_path / "q.gif") as q, Image.open(tmp_path / "p.gif") as p:
        assert q.size == p.size and q.n_frames == p.n_frames
    last.save(tmp_path / "q.png")
    assert np.array_equal(np.asarray(Image.open(tmp_path / "q.png").convert("RGB")), decoded[-1])
    with pytest.raises(ValueError, match="no frames"):
        media.LastFrame().save(tmp_path / "none.png")


def test_concatenate_reencodes_chapters_that_differ(tmp_path):
    parts = [(clip(tmp_path / "a.mp4", (255, 0, 0), 15), "a"), (clip(tmp_path / "b.mp4", (0, 0, 255), 15, "mpeg4"), "b")]
    chapters, copied = media.concatenate(parts, tmp_path / "joined.mp4")
    assert not copied and chapters == [(0.0, 1.0, "a"), (1.0, 2.0, "b")]
    assert len(colours(tmp_path / "joined.mp4")) == 30
    other = (clip(tmp_path / "c.mp4", (0, 255, 0), 15, size=(32, 24)), "c")
    with pytest.raises(ValueError, match="render all scenes at one quality"):
        media.concatenate(parts[:1] + [other], tmp_path / "bad.mp4")


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian's chromium is not installed")
def test_lesson_page_in_a_real_browser(sandbox):
    out = sandbox / "renders"
    if not (out / "manifest.json").is_file():
        assert build(sandbox, "--only", "intro,recap", "--out", str(out)).returncode == 0
    profile = sandbox / "chromium-profile"
    result = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", "--virtual-time-budget=20000",
         "--dump-dom", f"file://{out / 'index.html'}#selftest"],
        capture_output=True, text=True, timeout=120)
    assert 'data-done="1"' in result.stdout, result.stderr[-2000:]
    assert 'class="tryit" id="tryit"' in result.stdout and 'data-state="ready"' in result.stdout  # the Try-it panel
    report = json.loads(result.stdout.split('<pre id="selftest" data-done="1">')[1].split("</pre>")[0])
    assert report["errors"] == []
    assert "CONSOLE" not in result.stderr and "Uncaught" not in result.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    videos = {v["id"]: v for v in report["videos"]}
    for name, entry in manifest["chapters"].items():
        v = videos[f"video-{name}"]
        assert v["error"] is None and v["duration"] == pytest.approx(entry["duration"], abs=0.1)
        assert v["tracks"] == [len(entry["captions"]), len(entry["descriptions"])] and min(v["tracks"]) > 0
        assert v["kinds"] == ["captions", "descriptions"]


def test_progress_is_live_on_a_terminal_and_plain_in_a_log():
    import io

    from rich.console import Console

    from lessonpublish.progress import BuildProgress

    log = io.StringIO()
    with BuildProgress(Console(file=log, force_terminal=False, width=100), 2, {"intro": 4}) as p:
        p.started("intro")
        p.animations("intro", 2)
        assert p.progress.tasks[0].completed == pytest.approx(0.5)  # half of intro's animations, of 2 scenes
        p.finished("intro", "  [1/2] ✓ intro: 1.0 s")
    assert log.getvalue() == "  [1/2] ✓ intro: 1.0 s\n"  # no bars, no control codes

    screen = io.StringIO()
    with BuildProgress(Console(file=screen, force_terminal=True, width=100), 2, {}) as p:
        p.started("recap")
        p.animations("recap", 3)
        p.progress.refresh()
        assert "recap" in screen.getvalue() and "3 animations" in screen.getvalue()
        p.finished("recap", "done")
    assert "lesson" in screen.getvalue() and "1/2 scenes" in screen.getvalue()


def test_blank_moments_finds_a_blank_frame_mid_video_but_not_at_the_ends(tmp_path):
    import av
    import numpy as np

    path = tmp_path / "v.mp4"
    with av.open(str(path), "w") as c:
        s = c.add_stream("libx264", rate=10)
        s.width, s.height, s.pix_fmt = 64, 48, "yuv420p"
        for i in range(60):  # 6 s: blank in the first second, from 3 to 4 s, and in the last second
            rgb = np.full((48, 64, 3), 12, np.uint8)
            if 10 <= i < 30 or 40 <= i < 50:
                rgb[10:30, 10:40] = 230
            for packet in s.encode(av.VideoFrame.from_ndarray(rgb, format="rgb24")):
                c.mux(packet)
        for packet in s.encode():
            c.mux(packet)
    found = blank_moments(path, every=0.5)
    assert found and all(3.0 <= t < 4.0 for t in found)


def test_the_table_of_contents_is_read_from_beside_the_scenes(tmp_path):
    """scenes/chapters.toml lists every scene file's chapter once; a broken copy is one clear error."""
    from lessonpublish.chapters import CONTENTS, ContentsError, read_contents

    assert CONTENTS == ROOT / "scenes" / "chapters.toml"
    assert [c.name for c in LESSON] == [c.name for c in read_contents()]
    assert {c.name for c in LESSON} == {p.stem for p in (ROOT / "scenes").glob("*.py")} - {"build"}
    (tmp_path / "intro.py").write_text("")
    cases = {
        "[[chapter]]\nname = \"intro\"\nscene = \"A\"\n": "chapter 1 needs exactly name, scene and title",
        "[[chapter]]\nname = \"outro\"\nscene = \"A\"\ntitle = \"page.x\"\n": "chapter 'outro' has no scene file outro.py",
        "[[chapter]]\nname = \"intro\"\nscene = \"A\"\ntitle = \"page.x\"\n" * 2: "chapter 'intro' is listed twice",
        "chapter = [\n": "cannot read the lesson's table of contents",
        "": "lists no chapter",
    }
    for text, message in cases.items():
        (tmp_path / "chapters.toml").write_text(text)
        with pytest.raises(ContentsError, match=message):
            read_contents(tmp_path / "chapters.toml")
