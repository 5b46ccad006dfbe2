"""Frames drawn on other threads while the main thread moves the shapes for the next ones.

For every frame of an animation Manim's Cairo renderer moves the shapes (Python), draws them one
after another with Cairo, and hands the picture to the encoder, all on one thread. At 1080p,
Cairo's rasterizing of strokes and fills was 40% of that thread's time in the main scene
(measured: 15 of 36 s), while Cairo can work without Python's lock.

Here Manim's own display code draws each frame into a Cairo recording surface (cheap: Cairo keeps
the paths and paints), after the picture Manim would start from (the animation's still picture,
or the background). A drawing thread then plays the recording onto a new picture in one Cairo
call, which lets go of Python's lock, while the main thread moves on. A recording played back
makes the very calls it recorded, in order, with the same transformation and settings, so every
frame is the one Manim draws, pixel for pixel (tested frame by frame). Two frames are drawn at
once; they are handed to the encoder in order, by the main thread, and all of an animation's
frames before it ends.

The renderer (:class:`lessonrender.LessonRenderer`) records; its file writer holds the frames being
drawn (:class:`Pending`) and hands them over before any frame written another way.

A frame whose moving shapes are not all plain vector shapes (an image, a shape painted with a
background image, a point cloud), a camera other than Manim's plain one, or skipped animations
are drawn as Manim draws them, after the frames before them.
"""
from __future__ import annotations

import itertools as it
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor

import cairo
import numpy as np
from manim.camera.camera import Camera
from manim.mobject.mobject import Mobject
from manim.mobject.types.vectorized_mobject import VMobject
from manim.utils.iterables import list_update

from .camera import LessonCamera

#: Frames drawn at once, each by a thread of its own. On two cores, two drawers made the 1080p60 main
#: scene 1 to 3 s quicker than one (of 37-41 s; three: no better).
DRAWERS = 2

_worker: ThreadPoolExecutor | None = None


class NotRecordable(Exception):
    """Raised while recording a frame that must be drawn Manim's way."""


def record(camera: Camera, mobjects, start: np.ndarray) -> cairo.RecordingSurface:
    """A Cairo recording of Manim's ``update_frame``: ``start`` painted, then ``mobjects`` drawn by
    Manim's display code with the camera's transformation; :class:`NotRecordable` for a frame with
    anything but plain vector shapes."""
    height, width = start.shape[:2]
    recording = cairo.RecordingSurface(cairo.CONTENT_COLOR_ALPHA, cairo.Rectangle(0, 0, width, height))
    ctx = cairo.Context(recording)
    ctx.set_source_surface(_surface_of(start))
    ctx.paint()
    ctx.set_matrix(camera.get_cairo_context(camera.pixel_array).get_matrix())
    shapes = camera.get_mobjects_to_display(mobjects, include_submobjects=True)
    for kind, batch in it.groupby(shapes, camera.type_or_raise):
        if kind is Mobject:
            continue  # Manim draws nothing for these
        if kind is not VMobject:
            raise NotRecordable(f"{kind.__name__} is not drawn by Cairo calls")
        for vmobject in batch:
            if vmobject.get_background_image():
                raise NotRecordable("a shape painted with a background image")
            camera.display_vectorized(vmobject, ctx)
    return recording


_start: tuple[np.ndarray, cairo.ImageSurface] | None = None


def _surface_of(start: np.ndarray) -> cairo.ImageSurface:
    """A Cairo surface on the picture frames start from, kept while that picture is in use: a
    recording holds a copy-on-write snapshot of it, which Cairo would copy (8 MB at 1080p) when
    the surface is let go."""
    global _start
    if _start is None or _start[0] is not start:
        height, width = start.shape[:2]
        _start = (start, cairo.ImageSurface.create_for_data(start.data, cairo.FORMAT_ARGB32, width, height))
    return _start[1]


def draw(recording: cairo.RecordingSurface, shape: tuple[int, ...]) -> np.ndarray:
    """The recorded frame as a new picture (on the drawing thread: one Cairo call, which lets go of
    Python's lock while it draws)."""
    frame = np.empty(shape, dtype=np.uint8)
    height, width = shape[:2]
    ctx = cairo.Context(cairo.ImageSurface.create_for_data(frame.data, cairo.FORMAT_ARGB32, width, height))
    ctx.set_operator(cairo.OPERATOR_SOURCE)
    ctx.set_source_surface(recording)
    ctx.paint()
    ctx.get_target().flush()
    return frame


class Pending:
    """Frames being drawn, oldest first, and the function that encodes a drawn frame."""

    def __init__(self, encode) -> None:
        self.frames: deque[Future] = deque()
        self.encode = encode

    def add(self, frame: Future, keep: int = DRAWERS) -> None:
        """Queue a frame being drawn; encode, in order, every drawn frame but the last ``keep``."""
        self.frames.append(frame)
        self.hand_over(keep)

    def hand_over(self, keep: int = 0) -> None:
        """Encode, in order, every frame but the last ``keep`` (waiting for them to be drawn); a frame
        whose drawing failed raises its error here."""
        while len(self.frames) > keep:
            self.encode(self.frames.popleft().result())

    def drop(self) -> None:
        self.frames.clear()


def _plain(camera: Camera) -> bool:
    return (type(camera) in (Camera, LessonCamera) and camera.pixel_array.ndim == 3
            and camera.pixel_array.shape[2] == 4 and camera.pixel_array.dtype == np.uint8)


def _can_start_from(start: np.ndarray | None, pixel_array: np.ndarray) -> bool:
    return (start is not None and start.shape == pixel_array.shape and start.dtype == np.uint8
            and start.flags.c_contiguous and start.flags.writeable)


def draw_ahead(renderer, scene, moving_mobjects=None) -> bool:
    """Manim's ``CairoRenderer.render`` (update the frame, then add it), with the drawing done on a
    drawing thread: the frame goes to the file writer's ``pending`` frames. False, with nothing done,
    for a frame that must be drawn Manim's way (the renderer then calls Manim's ``render``)."""
    global _worker
    pending = getattr(renderer.file_writer, "pending", None)
    start = renderer.static_image if renderer.static_image is not None else renderer.camera.background
    if (pending is None or renderer.skip_animations or not _plain(renderer.camera)
            or not _can_start_from(start, renderer.camera.pixel_array)):
        return False
    mobjects = moving_mobjects or list_update(scene.mobjects, scene.foreground_mobjects)  # as update_frame
    try:
        recording = record(renderer.camera, mobjects, start)
    except NotRecordable:
        return False
    if _worker is None:
        _worker = ThreadPoolExecutor(max_workers=DRAWERS, thread_name_prefix="lesson-draw")
    pending.add(_worker.submit(draw, recording, start.shape))  # older frames encoded while newer ones draw
    renderer.time += 1 / renderer.camera.frame_rate  # as Manim's add_frame counts it
    return True
