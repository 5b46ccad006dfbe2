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
from manim.renderer.cairo_renderer import CairoRenderer
from manim.scene.scene import Scene
from manim.utils.iterables import list_update

_MANIMS_RENDER = CairoRenderer.render
_MANIMS_PLAY_INTERNAL = Scene.play_internal

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


class DrawAhead:
    """One renderer's frames being drawn, oldest first."""

    def __init__(self) -> None:
        self.pending: deque[Future] = deque()

    def hand_over(self, renderer: CairoRenderer, keep: int = 0) -> None:
        """Give the encoder, in order, every drawn frame but the last ``keep`` (waiting for them)."""
        while len(self.pending) > keep:
            renderer.file_writer.write_frame(self.pending.popleft().result())

    def drop(self) -> None:
        self.pending.clear()


def _state(renderer: CairoRenderer) -> DrawAhead:
    state = renderer.__dict__.get("_lesson_drawahead")
    if state is None:
        state = renderer.__dict__["_lesson_drawahead"] = DrawAhead()
    return state


def _plain(camera: Camera) -> bool:
    kind = type(camera)
    return (kind is Camera and kind.capture_mobjects is Camera.capture_mobjects and camera.pixel_array.ndim == 3
            and camera.pixel_array.shape[2] == 4 and camera.pixel_array.dtype == np.uint8)


def _can_start_from(start: np.ndarray | None, pixel_array: np.ndarray) -> bool:
    return (start is not None and start.shape == pixel_array.shape and start.dtype == np.uint8
            and start.flags.c_contiguous and start.flags.writeable)


def render(self: CairoRenderer, scene, time: float, moving_mobjects=None) -> None:
    """Manim's ``CairoRenderer.render`` (update the frame, then add it), the drawing done ahead."""
    global _worker
    ahead = _state(self)
    start = self.static_image if self.static_image is not None else self.camera.background
    recording = None
    if not self.skip_animations and _plain(self.camera) and _can_start_from(start, self.camera.pixel_array):
        mobjects = moving_mobjects or list_update(scene.mobjects, scene.foreground_mobjects)  # as update_frame
        try:
            recording = record(self.camera, mobjects, start)
        except NotRecordable:
            recording = None
    if recording is None:
        ahead.hand_over(self)
        return _MANIMS_RENDER(self, scene, time, moving_mobjects)
    if _worker is None:
        _worker = ThreadPoolExecutor(max_workers=DRAWERS, thread_name_prefix="lesson-draw")
    ahead.pending.append(_worker.submit(draw, recording, start.shape))
    ahead.hand_over(self, keep=DRAWERS)  # older frames, while the newer ones are drawn
    self.time += 1 / self.camera.frame_rate  # as Manim's add_frame counts it


def play_internal(self: Scene, skip_rendering: bool = False) -> None:
    """Manim's ``Scene.play_internal``, every frame handed over before the animation ends."""
    try:
        _MANIMS_PLAY_INTERNAL(self, skip_rendering)
    except BaseException:
        if isinstance(self.renderer, CairoRenderer):
            _state(self.renderer).drop()  # the animation failed: its frames are not written
        raise
    if isinstance(self.renderer, CairoRenderer):
        _state(self.renderer).hand_over(self.renderer)


def install() -> None:
    """Draw ahead in every Cairo scene of this process."""
    CairoRenderer.render = render
    Scene.play_internal = play_internal
