"""The lesson's renderer (lessonrender) gives the very pictures Manim's own code gives: its segment
encoder and held pictures, kept paths, image compositing, kept backdrop, frames drawn ahead, glyph
cache, and the caption copies; and the whole renderer against Manim's with the switch off."""
import os
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from lessonrender import LessonCamera, LessonRenderer, encoding, pathcache
from lessonrender import encoder as segments
from manim import BLUE, RED, Circle, Line, Square, Text, VGroup, tempconfig
from manim.camera.camera import Camera
from manim._config.video_encoder import VideoEncoderSpec
from manim.scene.video_segment_encoder import VideoSegmentEncoder


def rgba(seed: int, size=(48, 64)) -> np.ndarray:
    rng = np.random.default_rng(seed)
    img = rng.integers(0, 256, (*size, 4), dtype=np.uint8)
    img[..., 3] = 255
    return img


SPEC = VideoEncoderSpec(container_format="mp4", codec="libx264", pixel_format="yuv420p", width=64, height=48,
                        frame_rate=Fraction(15), options=(("qp", "0"), ("preset", "ultrafast")))


def encode(path, encoder, pictures: list[tuple[np.ndarray, int]]) -> list[np.ndarray]:
    """Encode (frame, repeat) pairs with ``encoder`` (a class; losslessly) and decode the planes back."""
    enc = encoder(target=path, spec=SPEC)
    for picture, repeat in pictures:
        enc.write_frame(picture.copy(), repeat=repeat)
    enc.finish()
    return planes(path)


def planes(path) -> list[np.ndarray]:
    with av.open(str(path)) as c:
        return [f.to_ndarray() for f in c.decode(video=0)]


PICTURES = [(rgba(1), 1), (rgba(2), 4), (rgba(3), 1), (rgba(4), 3)]


def test_frames_are_encoded_as_manim_encodes_them(tmp_path, monkeypatch):
    monkeypatch.delenv(encoding.TWINS_ENV, raising=False)
    ours = encode(tmp_path / "ours.mp4", segments.LessonSegmentEncoder, PICTURES)
    manims = encode(tmp_path / "manims.mp4", VideoSegmentEncoder, PICTURES)
    assert len(ours) == len(manims) == 9  # every repeat is a frame of its own
    for a, b in zip(ours, manims):
        assert np.array_equal(a, b)
    assert np.array_equal(ours[1], ours[4]) and not np.array_equal(ours[0], ours[1])
    assert not (tmp_path / "ours.webm").exists()  # twins only when the build asks


def decode_cleanly(path) -> list[np.ndarray]:
    """The planes of every frame, failing on any warning or error of the decoder."""
    av.logging.set_level(av.logging.VERBOSE)
    try:
        with av.logging.Capture() as logs:
            frames_ = planes(path)
    finally:
        av.logging.set_level(None)
    complaints = [text for level, _, text in logs if level <= av.logging.WARNING]
    assert not complaints, complaints[:3]
    return frames_


@pytest.mark.parametrize("size,options", [
    ((48, 64), (("preset", "superfast"), ("crf", "26"))),  # the kit's settings: CABAC, B-frames, weighted P
    ((60, 100), (("preset", "ultrafast"), ("crf", "30"))),  # CAVLC; 100 x 60 is not whole macroblocks
    ((48, 64), (("preset", "superfast"), ("x264-params", "bframes=0"))),  # picture order from frame numbers
    ((48, 64), (("qp", "0"), ("preset", "ultrafast"))),  # lossless (High 4:4:4 Predictive)
])
def test_a_held_picture_is_encoded_once_and_its_repeats_decode_to_it(tmp_path, monkeypatch, size, options):
    """The repeats show the first picture again, exactly; that picture is the one Manim's encoder makes."""
    monkeypatch.delenv(encoding.TWINS_ENV, raising=False)
    spec = VideoEncoderSpec(container_format="mp4", codec="libx264", pixel_format="yuv420p", width=size[1],
                            height=size[0], frame_rate=Fraction(15), options=options)
    picture, repeat = rgba(7, size), 300  # past the wrap of frame_num (16) and of the picture order count (64)
    for name, encoder in (("ours", segments.LessonSegmentEncoder), ("manims", VideoSegmentEncoder)):
        enc = encoder(target=tmp_path / f"{name}.mp4", spec=spec)
        enc.write_frame(picture.copy(), repeat=repeat)
        enc.finish()
    ours, manims = decode_cleanly(tmp_path / "ours.mp4"), planes(tmp_path / "manims.mp4")
    assert len(ours) == len(manims) == repeat
    assert np.array_equal(ours[0], manims[0])  # the picture, encoded once as Manim encodes it
    assert all(np.array_equal(frame, ours[0]) for frame in ours)  # and shown again, exactly
    with av.open(str(tmp_path / "ours.mp4")) as x, av.open(str(tmp_path / "manims.mp4")) as y:
        assert x.streams.video[0].codec_context.extradata == y.streams.video[0].codec_context.extradata
        packets = [(p.size, round(p.pts * p.time_base * 15)) for p in x.demux(video=0) if p.size]
    assert [pts for _, pts in packets] == list(range(repeat))
    assert max(size for size, _ in packets[1:]) < 16  # each repeat: a slice header and skipped macroblocks


def test_a_picture_is_not_held_where_x264_plans_ahead(tmp_path, monkeypatch):
    """With its macroblock tree (preset medium), x264 spends more bits on a picture that later frames
    copy; encoded alone it would be worse, so it is encoded frame by frame, as Manim does."""
    monkeypatch.delenv(encoding.TWINS_ENV, raising=False)
    options = (("preset", "medium"), ("crf", "23"))
    assert segments.x264_plans_ahead(options) and not segments.x264_plans_ahead((("preset", "superfast"),))
    spec = VideoEncoderSpec(container_format="mp4", codec="libx264", pixel_format="yuv420p", width=64, height=48,
                            frame_rate=Fraction(15), options=options)
    for name, encoder in (("ours", segments.LessonSegmentEncoder), ("manims", VideoSegmentEncoder)):
        enc = encoder(target=tmp_path / f"{name}.mp4", spec=spec)
        enc.write_frame(rgba(7), repeat=30)
        enc.finish()
    ours, manims = planes(tmp_path / "ours.mp4"), planes(tmp_path / "manims.mp4")
    assert len(ours) == 30 and all(np.array_equal(a, b) for a, b in zip(ours, manims))


def test_a_held_picture_followed_by_another_is_encoded_as_manim_encodes_it(tmp_path, monkeypatch):
    monkeypatch.delenv(encoding.TWINS_ENV, raising=False)
    pictures = [(rgba(2), 5), (rgba(3), 1), (rgba(4), 3)]  # not the usual pause: its repeats become frames
    ours = encode(tmp_path / "ours.mp4", segments.LessonSegmentEncoder, pictures)
    manims = encode(tmp_path / "manims.mp4", VideoSegmentEncoder, pictures)
    assert len(ours) == len(manims) == 9 and all(np.array_equal(a, b) for a, b in zip(ours, manims))


@pytest.mark.parametrize("rows,cols", [(1, 0), (0, 1), (0, 0)])  # a few bit patterns of the first MB row
def test_a_held_1080p_picture_decodes_to_itself(tmp_path, monkeypatch, rows, cols):
    """Full-size pictures: 8,160 macroblocks in one skipped slice, checked at the kit's real settings."""
    monkeypatch.delenv(encoding.TWINS_ENV, raising=False)
    spec = VideoEncoderSpec(container_format="mp4", codec="libx264", pixel_format="yuv420p", width=1920,
                            height=1080, frame_rate=Fraction(60), options=(("preset", "superfast"), ("crf", "26")))
    picture = np.zeros((1080, 1920, 4), np.uint8)
    picture[..., 3] = 255
    picture[rows * 500:, cols * 900:, 0] = 200  # flat areas and edges
    enc = segments.LessonSegmentEncoder(target=tmp_path / "held.mp4", spec=spec)
    enc.write_frame(picture, repeat=70)
    enc.finish()
    decoded = decode_cleanly(tmp_path / "held.mp4")
    assert len(decoded) == 70 and all(np.array_equal(frame, decoded[0]) for frame in decoded)
    assert abs(int(decoded[0][600, 1000]) - int(decoded[0][0, 0])) > 20 or rows == cols == 0


def test_bits_are_written_as_the_h264_standard_spells_them():
    from lessonrender.held import BitReader, BitWriter, escape, unescape

    w = BitWriter()
    for value in (0, 1, 2, 3, 4):
        w.ue(value)
    for value in (1, -1, 2):
        w.se(value)
    # Table 9-2 (ue) and 9-3 (se): 1 010 011 00100 00101 | 010 011 00100
    assert "".join(map(str, w.bits)) == "1" "010" "011" "00100" "00101" "010" "011" "00100"
    w.align(0)
    r = BitReader(w.to_bytes())
    assert [r.ue() for _ in range(5)] == [0, 1, 2, 3, 4] and [r.se() for _ in range(3)] == [1, -1, 2]
    raw = bytes([0, 0, 1, 0, 0, 0, 0, 0, 3, 0, 0])
    assert escape(raw) == bytes([0, 0, 3, 1, 0, 0, 3, 0, 0, 3, 0, 3, 0, 0, 3])  # by hand, section 7.4.1
    assert unescape(escape(raw)) == raw


def test_a_webm_twin_has_the_same_frames(tmp_path, monkeypatch):
    monkeypatch.setenv(encoding.TWINS_ENV, "1")
    flat = [(np.full((48, 64, 4), (40 * k, 255 - 40 * k, 90, 255), np.uint8), repeat)
            for k, repeat in ((1, 2), (2, 5), (4, 1))]  # flat colours: VP9 keeps them within a few levels
    mp4 = encode(tmp_path / "seg.mp4", segments.LessonSegmentEncoder, flat)
    twin = planes(tmp_path / "seg.webm")
    assert len(twin) == len(mp4) == 8 and not list(tmp_path.glob("*.part"))
    for a, b in zip(twin, mp4):
        assert np.abs(a.astype(int) - b).max() <= 4
    with av.open(str(tmp_path / "seg.webm")) as c:
        assert c.streams.video[0].codec_context.name == "vp9"
        assert sum(1 for p in c.demux(video=0) if p.dts is not None) == 8  # one packet a frame


def test_a_held_picture_in_a_webm_twin_is_shown_again(tmp_path, monkeypatch):
    monkeypatch.setenv(encoding.TWINS_ENV, "1")
    flat = np.full((48, 64, 4), (200, 60, 90, 255), np.uint8)
    mp4 = encode(tmp_path / "seg.mp4", segments.LessonSegmentEncoder, [(flat, 120)])
    twin = decode_cleanly(tmp_path / "seg.webm")
    assert len(twin) == len(mp4) == 120 and all(np.array_equal(frame, twin[0]) for frame in twin)
    assert np.abs(twin[0].astype(int) - mp4[0]).max() <= 4
    with av.open(str(tmp_path / "seg.webm")) as c:
        assert [p.size for p in c.demux(video=0) if p.size][1:] == [1] * 119  # show_existing_frame


def test_an_aborted_segment_leaves_no_twin(tmp_path, monkeypatch):
    monkeypatch.setenv(encoding.TWINS_ENV, "1")
    enc = segments.LessonSegmentEncoder(target=tmp_path / "seg.mp4", spec=SPEC)
    enc.write_frame(rgba(5), repeat=3)
    enc.abort()
    assert list(tmp_path.iterdir()) == []


def test_frames_refuse_what_manim_refuses(tmp_path):
    spec = VideoEncoderSpec(container_format="mp4", codec="libx264", pixel_format="yuv420p", width=64, height=48,
                            frame_rate=Fraction(15), options=())
    enc = segments.LessonSegmentEncoder(target=tmp_path / "x.mp4", spec=spec)
    with pytest.raises(ValueError, match="shape"):
        enc.write_frame(np.zeros((10, 10, 4), np.uint8))
    with pytest.raises(ValueError, match="repeat"):
        enc.write_frame(rgba(0), repeat=0)
    enc.abort()


def draw(camera: Camera, mobjects) -> np.ndarray:
    camera.reset()
    camera.capture_mobjects(mobjects)
    return camera.pixel_array.copy()


@pytest.fixture
def cameras():
    """Manim's camera and the lesson's, small, with the same settings."""
    with tempconfig({"pixel_width": 320, "pixel_height": 180}):
        yield Camera(), LessonCamera()


def test_kept_paths_draw_the_same_pixels_as_manim(cameras):
    manims, ours = cameras
    shapes = [Circle(radius=1.5, color=BLUE).shift(2 * np.array([-1, 0, 0])),
              Square(2, color=RED, fill_opacity=0.5), Line([-5, -3, 0], [5, 3, 0], stroke_width=6),
              Text("reused 0.731", font_size=40).shift([0, -2.5, 0])]
    first = draw(ours, shapes)  # paths built and kept
    again = draw(ours, shapes)  # every path taken from the cache
    assert len(ours.paths.paths) >= 4
    shapes[0].shift([1, 1, 0])  # moved: its path must be built anew
    moved = draw(ours, shapes)
    assert np.array_equal(again, first)
    assert np.array_equal(moved, draw(manims, shapes))  # Manim's own drawing of the moved scene
    shapes[0].shift([-1, -1, 0])
    assert np.array_equal(first, draw(manims, shapes))
    assert not np.array_equal(first, moved)


def test_changed_paths_are_built_as_manim_builds_them(cameras):
    """The quicker builder hands cairo the very same path as Manim's own, segment for segment."""
    from manim import Arc, DashedLine, VMobject

    camera = cameras[0]
    odd = VMobject().set_points_as_corners([[0, 0, 0], [1, 0, 0], [1, 1, 0]])  # open, then a second run
    odd.start_new_path([2, 2, 0])
    odd.add_points_as_corners([[3, 2, 0], [3, 3, 0], [2, 2, 0]])  # closed
    broken = Square(1).copy()
    broken.points[5] = np.nan
    many = VMobject()  # 120 squares, some touching: found with NumPy, not in a Python loop
    for k in range(120):
        corner = np.array([k % 12 * (0.5 if k % 3 else 0.4), k // 12 * 0.4, 0])
        many.start_new_path(corner)
        many.add_points_as_corners([corner + [0.4, 0, 0], corner + [0.4, 0.4, 0], corner + [0, 0.4, 0], corner])
    ragged = VMobject().set_points(np.array([[0, 0, 0], [1, 1, 0], [2, 1, 0], [3, 0, 0], [4, 4, 0], [5, 5, 0]]))
    assert len(many.points) // 4 > pathcache.FEW_CURVES
    shapes = [Circle(), Square(2), Arc(angle=2), DashedLine([-3, 0, 0], [3, 1, 0]), odd, broken, many, ragged,
              Text("Wrong: 0.731"), VMobject().set_points(np.zeros((1, 3)))]
    ctx = camera.get_cairo_context(camera.pixel_array)
    for shape in shapes:
        for leaf in shape.family_members_with_points():
            camera.set_cairo_context_path(ctx, leaf)
            manims = list(ctx.copy_path())
            ctx.new_path()
            pathcache.build_path(camera, ctx, leaf)
            assert list(ctx.copy_path()) == manims, type(shape).__name__


def test_a_new_shape_in_a_reused_slot_gets_its_own_path(cameras):
    ours = cameras[1]
    a = VGroup(Circle(radius=1))
    draw(ours, [a])
    key = id(a[0])
    b = Square(1.5)
    ours.paths.paths[id(b)] = ours.paths.paths.pop(key)  # as if b were born where a's circle was
    only_b = draw(ours, [b])
    ours.paths.paths.clear()
    assert np.array_equal(only_b, draw(ours, [b]))


def test_glyphs_come_back_from_the_cache_as_parsed(tmp_path, monkeypatch):
    from manim.mobject.svg import svg_mobject

    from lessonrender import MathTex, Text

    monkeypatch.setenv("NETLESSON_CACHE", str(tmp_path / "cache"))

    def make():
        svg_mobject.SVG_HASH_TO_MOB_MAP.clear()  # Manim's own in-process cache would answer first
        return [Text("0.731 of 16 neurons", font_size=30, color=BLUE), MathTex(r"a = \sigma(w \cdot x + b)")]

    parsed = make()
    entries = sorted((tmp_path / "cache" / "glyphs").glob("*.pickle"))
    assert len(entries) == 2
    kept = make()
    manims = [svg_mobject.SVG_HASH_TO_MOB_MAP.clear() or manim_class(*args, **kw) for manim_class, args, kw in
              ((__import__("manim").Text, ("0.731 of 16 neurons",), {"font_size": 30, "color": BLUE}),
               (__import__("manim").MathTex, (r"a = \sigma(w \cdot x + b)",), {}))]
    for a, b, c in zip(parsed, kept, manims):
        pa, pb, pc = a.family_members_with_points(), b.family_members_with_points(), c.family_members_with_points()
        assert len(pa) == len(pb) == len(pc) > 5
        assert all(np.array_equal(x.points, y.points) and np.array_equal(x.points, z.points) for x, y, z in zip(pa, pb, pc))
        assert a.get_fill_color() == b.get_fill_color() == c.get_fill_color()
    entries[0].write_bytes(b"not a pickle")  # a damaged entry is parsed again and rewritten
    again = make()
    assert all(np.array_equal(x.points, y.points) for x, y in
               zip(parsed[0].family_members_with_points(), again[0].family_members_with_points()))
    assert entries[0].read_bytes() != b"not a pickle"
    svg_mobject.SVG_HASH_TO_MOB_MAP.clear()
    other = Text("0.732 of 16 neurons", font_size=30)  # another text: another entry
    assert len(list((tmp_path / "cache" / "glyphs").glob("*.pickle"))) == 3 and other.width > 0


MAKE_FORMULAS = """
import sys, numpy as np
from lessonrender import MathTex
from manim import config
before = config.tex_dir
shapes = [MathTex(rf"a_{{{k}}} = \\sigma(z_{{{k}}})") for k in range(4)] + [MathTex(sys.argv[2])]
assert config.tex_dir == before  # Manim's folder again once the formulas are made
np.save(sys.argv[3], np.concatenate([m.points for s in shapes for m in s.family_members_with_points()]))
"""


def test_formulas_compile_once_in_a_shared_folder_one_process_at_a_time(tmp_path):
    import subprocess
    import sys

    cache = tmp_path / "cache"
    env = {**os.environ, "NETLESSON_CACHE": str(cache)}
    runs = [subprocess.Popen([sys.executable, "-c", MAKE_FORMULAS, str(cache), rf"x^{{{k}}}", str(tmp_path / f"{k}.npy")],
                             cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True) for k in range(3)]
    for run in runs:
        assert run.wait(timeout=300) == 0, run.stderr.read()[-2000:]
    svgs = sorted(p.name for p in (cache / "tex").glob("*.svg"))
    assert len(svgs) == 4 + 3  # the four shared formulas once, and each process's own
    assert not [p for p in (cache / "tex").iterdir() if p.suffix not in (".svg", ".tex")]  # LaTeX's files cleared
    first = [np.load(tmp_path / f"{k}.npy") for k in range(3)]
    assert first[0].shape != first[1].shape or not np.array_equal(first[0], first[1])
    again = subprocess.run([sys.executable, "-c", MAKE_FORMULAS, str(cache), "x^{0}", str(tmp_path / "again.npy")],
                           cwd=tmp_path, env=env, capture_output=True, text=True)
    assert again.returncode == 0 and np.array_equal(np.load(tmp_path / "again.npy"), first[0])
    assert sorted(p.name for p in (cache / "tex").glob("*.svg")) == svgs  # nothing compiled anew


def test_images_are_composited_as_manim_composites_them(cameras):
    """An image composited over the box of its visible pixels leaves the frame as Manim's full-frame
    composite does: random frames (alpha too), a half-transparent image partly outside the frame,
    one whose transparent pixels still carry colour, and one that is nowhere visible."""
    from manim import ImageMobject
    from PIL import Image

    rng = np.random.default_rng(4)
    h, w = cameras[0].pixel_array.shape[:2]
    picture = rng.integers(0, 256, (20, 30, 4), dtype=np.uint8)
    picture[:5, :, 3] = 0  # invisible rows, with colour
    images = [ImageMobject(picture).scale(3).shift([2, 1, 0]), ImageMobject(picture).scale(6).shift([5, -3, 0])]
    frame = rng.integers(0, 256, (h, w, 4), dtype=np.uint8)
    for image in images:
        drawn = []
        for camera in cameras:
            camera.pixel_array[:] = frame
            camera.display_image_mobject(image, camera.pixel_array)
            drawn.append(camera.pixel_array.copy())
        assert np.array_equal(drawn[1], drawn[0])
        assert not np.array_equal(drawn[0], frame)
    ours = cameras[1]
    nothing = Image.new("RGBA", (w, h), (255, 0, 0, 0))
    ours.pixel_array[:] = frame
    ours.overlay_PIL_image(ours.pixel_array, nothing)
    assert np.array_equal(ours.pixel_array, frame)


def small_scene_frames(scene_class, tmp_path, scenes: list | None = None, drawn: list | None = None,
                       ours: bool = False) -> list[np.ndarray]:
    """Every frame a scene hands to its encoder at 320x180, 15 fps, rendered in this process
    (nothing encoded) by the lesson's renderer (``ours``) or Manim's, collected in ``drawn`` if given
    (kept if the scene fails); the scene is appended to ``scenes`` if given."""
    drawn = [] if drawn is None else drawn
    with tempconfig({"pixel_width": 320, "pixel_height": 180, "frame_rate": 15, "media_dir": str(tmp_path),
                     "disable_caching": True, "verbosity": "WARNING", "progress_bar": "none"}):
        scene = scene_class(renderer=LessonRenderer()) if ours else scene_class()
        writer = scene.renderer.file_writer
        keep = lambda pixels, repeat=1: drawn.append(pixels.copy())  # noqa: E731
        if ours:
            writer.encode_frame = keep  # the one door to the encoder (frames drawn ahead pass it too)
        else:
            writer.write_frame = keep
        writer.finish = lambda: None  # nothing was encoded: nothing to join
        scene.render()
    if scenes is not None:
        scenes.append(scene)
    return drawn


def _column_frames(tmp_path, make) -> list[np.ndarray]:
    """Every frame of a small scene whose six circles change style through ``make(circle, k)``."""
    from manim import RIGHT, LaggedStart, Scene

    class Column(Scene):
        def construct(self):
            dots = VGroup(*[Circle(0.4, color=BLUE, stroke_width=3).set_fill(RED, opacity=0.1 * k)
                            for k in range(6)]).arrange(RIGHT)
            self.add(dots, Text("in front", font_size=30))
            self.play(LaggedStart(*[make(c, k) for k, c in enumerate(dots)], lag_ratio=0.2), run_time=1)
            self.play(*[make(c, 5 - k) for k, c in enumerate(dots)], run_time=0.5)

    return small_scene_frames(Column, tmp_path)


@pytest.mark.parametrize("name", ["fill", "stroke"])
def test_style_animations_draw_what_animate_draws(tmp_path, name):
    """FillTo and StrokeTo move only the style; every frame is the one Manim's ``.animate`` draws."""
    from manim import there_and_back

    from lessonkit.network import FillTo, StrokeTo

    if name == "fill":
        ours = _column_frames(tmp_path, lambda c, k: FillTo(c, 0.9 - 0.15 * k))
        manims = _column_frames(tmp_path, lambda c, k: c.animate.set_fill(opacity=0.9 - 0.15 * k))
    else:
        ours = _column_frames(tmp_path, lambda c, k: StrokeTo(c, 2 + k, 0.2 * k, rate_func=there_and_back))
        manims = _column_frames(tmp_path, lambda c, k: c.animate(rate_func=there_and_back).set_stroke(
            width=2 + k, opacity=0.2 * k))
    assert len(ours) == len(manims) == 23
    assert all(np.array_equal(a, b) for a, b in zip(ours, manims))
    assert not np.array_equal(ours[0], ours[8])


def test_caption_fades_draw_what_text_fades_draw(tmp_path):
    """A Caption's light copies give the very frames of Manim's deep copies when it fades out while
    another fades in (with a shift and a gradient), and a copy shares no numbers with its source."""
    from manim import DOWN, GREEN, UP, FadeIn, FadeOut, Scene, Succession

    from lessonkit.scene import Caption

    def frames_of(kind):
        class Swap(Scene):
            def construct(self):
                old = kind("first line", font_size=30).set_color_by_gradient(BLUE, GREEN).to_edge(DOWN)
                new = kind("the next line", font_size=30).to_edge(DOWN)
                self.add(Square(2).set_fill(RED, opacity=0.5), old)
                self.play(Succession(FadeOut(old, run_time=0.3), FadeIn(new, shift=0.3 * UP, run_time=0.3)),
                          run_time=0.6)
                self.play(FadeOut(new, shift=DOWN), run_time=0.4)

        return small_scene_frames(Swap, tmp_path)

    ours, manims = frames_of(Caption), frames_of(Text)
    assert len(ours) == len(manims) == 15
    assert all(np.array_equal(a, b) for a, b in zip(ours, manims))
    assert not np.array_equal(ours[2], ours[6])  # the frames do change

    line = Caption("a line")
    twin = line.copy()
    twin.fade(1).shift(UP)
    assert type(twin) is Caption and len(twin) == len(line)
    assert all(g.get_fill_opacity() == 1 for g in line) and all(g.get_fill_opacity() == 0 for g in twin)
    assert np.allclose(twin.get_center() - line.get_center(), UP)


def test_a_kept_backdrop_gives_the_frames_manim_draws(tmp_path, monkeypatch):
    """The backdrop's picture is reused while it looks the same, redrawn when it changes (here its
    colour, then its points); every frame is the one Manim's own still-picture step gives."""
    from manim import GREEN, RIGHT, UP, FadeIn, Scene

    from lessonrender.backdrop import KeptBackdrop

    class Behind(Scene):
        def backdrop(self):
            return self.lines.family_members_with_points()

        def construct(self):
            self.lines = VGroup(*[Line([-6, k / 3, 0], [6, -k / 4, 0], stroke_width=4).set_stroke(BLUE, opacity=0.4)
                                  for k in range(-8, 9)])
            dot = Circle(0.5).set_fill(RED, opacity=0.5)
            self.add(self.lines, dot)
            for step in range(4):
                self.play(dot.animate.shift(0.4 * UP), FadeIn(Text(str(step)).shift(2 * RIGHT)), run_time=0.4)
                if step == 1:
                    self.lines[3].set_stroke(GREEN)  # looks different: drawn again
                if step == 2:
                    self.lines[5].shift(0.2 * UP)

    spy = KeptBackdrop.still_picture
    hits = []

    def counting(self, renderer, scene, static):
        before = self.kept
        result = spy(self, renderer, scene, static)
        hits.append(before is not None and self.kept is before)
        return result

    monkeypatch.setattr(KeptBackdrop, "still_picture", counting)
    ours = small_scene_frames(Behind, tmp_path, ours=True)
    manims = small_scene_frames(Behind, tmp_path)
    assert hits == [False, True, False, False]  # kept once; redrawn after each change
    assert len(ours) == len(manims) == 24 and all(np.array_equal(a, b) for a, b in zip(ours, manims))


def decoded_planes(path: Path) -> list[bytes]:
    with av.open(str(path)) as c:
        return [bytes(memoryview(p)) for f in c.decode(video=0) for p in f.planes]


def test_the_main_scene_renders_the_same_video_as_manims_own_code(tmp_path, monkeypatch):
    """End to end, the whole renderer: scenes/layers.py at -ql, encoded losslessly (the user's own
    encoder settings, which the lesson keeps) and decoded, gives the same frames drawn by the lesson's
    renderer with its glyph cache empty, with it full, and by Manim's own code (speedups = "off")."""
    import layers
    from manim.renderer.cairo_renderer import CairoRenderer

    monkeypatch.setenv("LESSON_ITEM", "0")
    monkeypatch.setenv("NETLESSON_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv(encoding.TWINS_ENV, raising=False)

    def video(name: str) -> list[bytes]:
        with tempconfig({"quality": "low_quality", "media_dir": str(tmp_path / name), "disable_caching": True,
                         "verbosity": "WARNING", "progress_bar": "none",
                         "video_encoder_options": {"preset": "ultrafast", "crf": "0", "qp": "0"}}):
            scene = layers.ForwardPass()
            assert (type(scene.renderer) is CairoRenderer) == (name == "manims")
            scene.render()
            return decoded_planes(scene.renderer.file_writer.movie_file_path)

    cold = video("cold")
    assert len(list((tmp_path / "cache" / "glyphs").glob("*.pickle"))) > 20
    warm = video("warm")
    monkeypatch.setenv("LESSON_SPEEDUPS", "off")
    manims = video("manims")
    assert len(cold) == len(warm) == len(manims) > 3 * 300
    assert cold == manims and warm == manims


def mixed_scene():
    """A small scene with what frames drawn ahead must handle: shapes moving at staggered times,
    gradient strokes, text, an image fading in (drawn Manim's way), the image kept behind during
    a wait with updaters, halfway through which another image joins the moving shapes (frames
    drawn ahead, then frames drawn Manim's way, within one animation)."""
    from manim import DOWN, GREEN, LEFT, RIGHT, UP, FadeIn, Group, ImageMobject, LaggedStart, Scene

    class MixedScene(Scene):
        def construct(self):
            dots = VGroup(*[Circle(0.5, stroke_width=4).set_fill(RED, opacity=0.2 * k) for k in range(4)])
            dots.arrange(RIGHT).set_color_by_gradient(BLUE, GREEN)  # gradient strokes: Cairo patterns
            line = Line(LEFT * 5, RIGHT * 5, stroke_width=6).set_stroke([RED, BLUE])
            self.add(line, Text("behind", font_size=40).shift(DOWN * 2))
            self.play(LaggedStart(*[d.animate.shift(DOWN * 0.3 * k) for k, d in enumerate(dots)], lag_ratio=0.3),
                      line.animate.rotate(0.3), run_time=1)
            picture = ImageMobject(np.uint8(np.arange(64).reshape(8, 8) * 4)).scale(2).to_corner(LEFT)
            self.play(FadeIn(picture), dots.animate.shift(UP), run_time=0.6)
            self.bring_to_back(picture)  # still, and behind: in the still picture frames start from
            dots.add_updater(lambda m, dt: m.rotate(dt))
            late = Group(Square(0.5).set_fill(GREEN, opacity=0.5).to_corner(RIGHT))
            clock = [0.0]

            def join_late(group, dt):
                clock[0] += dt
                if clock[0] > 0.25 and len(group) == 1:
                    group.add(ImageMobject(np.uint8([[0, 255], [255, 0]])).scale(3).next_to(group[0], DOWN))

            self.add(late.add_updater(join_late))
            self.wait(0.5)

    return MixedScene


def test_frames_drawn_ahead_are_the_frames_manim_draws(tmp_path, monkeypatch):
    """Every frame, in order, is the one Manim draws itself, and the scene's clock agrees; most
    frames really were drawn ahead (the image's fade is drawn Manim's way)."""
    from lessonrender import drawahead

    spy, drawn_ahead = drawahead.draw, []
    monkeypatch.setattr(drawahead, "draw", lambda *args: drawn_ahead.append(1) or spy(*args))
    scenes = []
    ours = small_scene_frames(mixed_scene(), tmp_path, scenes, ours=True)
    manims = small_scene_frames(mixed_scene(), tmp_path, scenes)
    assert len(ours) == len(manims) == 15 + 9 + 8  # Manim draws 8 frames for half a second at 15 fps
    assert all(np.array_equal(a, b) for a, b in zip(ours, manims))
    assert len(drawn_ahead) == 15 + 4  # not the image's 9, nor the wait's last 4 (with an image)
    assert scenes[0].renderer.time == pytest.approx(scenes[1].renderer.time)


def test_a_frame_that_fails_to_draw_ends_the_animation(tmp_path, monkeypatch):
    """An error on the drawing thread reaches the scene as it is; the frames before it are handed
    over in order, none after it."""
    from lessonrender import drawahead

    spy, count = drawahead.draw, []

    def failing(*args):
        count.append(1)
        if len(count) == 4:
            raise MemoryError("no room for the frame")
        return spy(*args)

    whole = small_scene_frames(mixed_scene(), tmp_path, ours=True)
    monkeypatch.setattr(drawahead, "draw", failing)
    handed = []
    with pytest.raises(MemoryError, match="no room"):
        small_scene_frames(mixed_scene(), tmp_path, drawn=handed, ours=True)
    assert len(handed) == 3 and all(np.array_equal(a, b) for a, b in zip(handed, whole))


@pytest.mark.parametrize("chosen,twins,expected", [(None, False, 2), (1, False, 2), (4, False, 4), (None, True, 1)])
def test_the_next_animation_is_drawn_while_the_last_is_encoded(tmp_path, monkeypatch, chosen, twins, expected):
    """The lesson's renderer raises Manim's max_inflight_encoders from its default (1) to 2; a user's
    own other choice stands, and a render with WebM twins (two encoders a segment) keeps Manim's 1 and
    every segment (the build joins the twins)."""
    from manim import Scene, config

    if twins:
        monkeypatch.setenv(encoding.TWINS_ENV, "1")
    else:
        monkeypatch.delenv(encoding.TWINS_ENV, raising=False)
    chosen_config = {} if chosen is None else {"max_inflight_encoders": chosen}
    with tempconfig({"media_dir": str(tmp_path), **chosen_config}):
        before = (config.max_inflight_encoders, config.max_files_cached)
        settings = Scene(renderer=LessonRenderer()).renderer.file_writer.settings
        assert (config.max_inflight_encoders, config.max_files_cached) == before  # Manim's config untouched
    assert settings.max_inflight_encoders == expected
    assert settings.max_files_cached == (-1 if twins else 100)


@pytest.mark.parametrize("chosen,expected", [({}, {"preset": "superfast", "crf": "26"}),
                                             ({"crf": "18"}, {"preset": "superfast", "crf": "18"}),
                                             ({"preset": "slow"}, {"crf": "23", "preset": "slow"})])
def test_the_lesson_encodes_at_its_preset_unless_the_user_chose_one(tmp_path, chosen, expected):
    from manim import Scene

    with tempconfig({"media_dir": str(tmp_path), "video_encoder_options": chosen}):
        ours = Scene(renderer=LessonRenderer())
        manims = Scene()
    assert dict(ours.renderer.file_writer.video_encoder.options) == expected
    assert ours.session_spec.video_encoder == ours.renderer.file_writer.video_encoder
    assert dict(manims.renderer.file_writer.video_encoder.options) == {"crf": "23", **chosen}
