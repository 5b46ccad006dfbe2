"""The kit's two speed-ups of Manim's drawing and encoding give the very pictures Manim's own code
gives (lessonkit.frames, lessonkit.pathcache)."""
from fractions import Fraction

import av
import numpy as np
import pytest

import lessonkit  # noqa: F401 - installs the speed-ups
from lessonkit import frames, pathcache
from manim import BLUE, RED, Circle, Line, Square, Text, VGroup, tempconfig
from manim.camera.camera import Camera
from manim._config.video_encoder import VideoEncoderSpec
from manim.scene.video_segment_encoder import VideoSegmentEncoder


def rgba(seed: int, size=(48, 64)) -> np.ndarray:
    rng = np.random.default_rng(seed)
    img = rng.integers(0, 256, (*size, 4), dtype=np.uint8)
    img[..., 3] = 255
    return img


def encode(path, write, pictures: list[tuple[np.ndarray, int]]) -> list[np.ndarray]:
    """Encode (frame, repeat) pairs losslessly with ``write`` and decode the planes back."""
    spec = VideoEncoderSpec(container_format="mp4", codec="libx264", pixel_format="yuv420p", width=64, height=48,
                            frame_rate=Fraction(15), options=(("qp", "0"), ("preset", "ultrafast")))
    enc = VideoSegmentEncoder(target=path, spec=spec)
    for picture, repeat in pictures:
        write(enc, picture.copy(), repeat=repeat)
    enc.finish()
    with av.open(str(path)) as c:
        return [f.to_ndarray() for f in c.decode(video=0)]


def test_frames_are_encoded_as_manim_encodes_them(tmp_path):
    assert VideoSegmentEncoder.write_frame is frames.write_frame
    pictures = [(rgba(1), 1), (rgba(2), 4), (rgba(3), 1), (rgba(4), 3)]
    ours = encode(tmp_path / "ours.mp4", frames.write_frame, pictures)
    manims = encode(tmp_path / "manims.mp4", frames._MANIMS_WRITE_FRAME, pictures)
    assert len(ours) == len(manims) == 9  # every repeat is a frame of its own
    for a, b in zip(ours, manims):
        assert np.array_equal(a, b)
    assert np.array_equal(ours[1], ours[4]) and not np.array_equal(ours[0], ours[1])


def test_frames_refuse_what_manim_refuses(tmp_path):
    spec = VideoEncoderSpec(container_format="mp4", codec="libx264", pixel_format="yuv420p", width=64, height=48,
                            frame_rate=Fraction(15), options=())
    enc = VideoSegmentEncoder(target=tmp_path / "x.mp4", spec=spec)
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
def camera():
    with tempconfig({"pixel_width": 320, "pixel_height": 180}):  # small, and the same for both ways
        yield Camera()


def test_kept_paths_draw_the_same_pixels_as_manim(camera, monkeypatch):
    shapes = [Circle(radius=1.5, color=BLUE).shift(2 * np.array([-1, 0, 0])),
              Square(2, color=RED, fill_opacity=0.5), Line([-5, -3, 0], [5, 3, 0], stroke_width=6),
              Text("reused 0.731", font_size=40).shift([0, -2.5, 0])]
    pathcache._paths.clear()
    first = draw(camera, shapes)  # paths built and kept
    again = draw(camera, shapes)  # every path taken from the cache
    assert len(pathcache._paths) >= 4
    shapes[0].shift([1, 1, 0])  # moved: its path must be built anew
    moved = draw(camera, shapes)
    monkeypatch.setattr(Camera, "set_cairo_context_path", pathcache._MANIMS_SET_PATH)
    assert np.array_equal(again, first)
    assert np.array_equal(moved, draw(camera, shapes))  # Manim's own drawing of the moved scene
    shapes[0].shift([-1, -1, 0])
    assert np.array_equal(first, draw(camera, shapes))
    assert not np.array_equal(first, moved)


def test_a_new_shape_in_a_reused_slot_gets_its_own_path(camera):
    pathcache._paths.clear()
    a = VGroup(Circle(radius=1))
    draw(camera, [a])
    key = id(a[0])
    b = Square(1.5)
    pathcache._paths[id(b)] = pathcache._paths.pop(key)  # as if b were born where a's circle was
    only_b = draw(camera, [b])
    pathcache._paths.clear()
    assert np.array_equal(only_b, draw(camera, [b]))


def test_glyphs_come_back_from_the_cache_as_parsed(tmp_path, monkeypatch):
    from manim import MathTex
    from manim.mobject.svg import svg_mobject

    from lessonkit import svgcache

    monkeypatch.setenv("NETLESSON_CACHE", str(tmp_path / "cache"))
    assert svg_mobject.SVGMobject.generate_mobject is svgcache.generate_mobject

    def make():
        svg_mobject.SVG_HASH_TO_MOB_MAP.clear()  # Manim's own in-process cache would answer first
        return [Text("0.731 of 16 neurons", font_size=30, color=BLUE), MathTex(r"a = \sigma(w \cdot x + b)")]

    parsed = make()
    entries = sorted((tmp_path / "cache" / "glyphs").glob("*.pickle"))
    assert len(entries) == 2
    kept = make()
    for a, b in zip(parsed, kept):
        pa, pb = a.family_members_with_points(), b.family_members_with_points()
        assert len(pa) == len(pb) > 5
        assert all(np.array_equal(x.points, y.points) for x, y in zip(pa, pb))
        assert a.get_fill_color() == b.get_fill_color()
    entries[0].write_bytes(b"not a pickle")  # a damaged entry is parsed again and rewritten
    again = make()
    assert all(np.array_equal(x.points, y.points) for x, y in
               zip(parsed[0].family_members_with_points(), again[0].family_members_with_points()))
    assert entries[0].read_bytes() != b"not a pickle"
    svg_mobject.SVG_HASH_TO_MOB_MAP.clear()
    other = Text("0.732 of 16 neurons", font_size=30)  # another text: another entry
    assert len(list((tmp_path / "cache" / "glyphs").glob("*.pickle"))) == 3 and other.width > 0
