"""A scene's backdrop drawn once for several animations.

At the start of every animation Manim's Cairo renderer draws everything that will not move into a
still picture. A lesson scene keeps its network's edges behind everything else
(``LessonScene.keep_behind``): hundreds of overlapping translucent lines, the costliest part of
that picture, redrawn for every caption that changes. Here the picture of those backdrop shapes
alone is kept, and reused while they look the same (same objects, points, colours, widths, and
camera); the other still shapes are drawn over it as before. Drawing is a sequence of strokes and
fills onto one picture, so resuming from the kept picture gives the same pixels as drawing from
the start.
"""
from __future__ import annotations

import numpy as np
from manim.mobject.types.vectorized_mobject import VMobject


def look(shape: VMobject) -> tuple:
    """Everything Manim's Cairo camera reads to draw a vector shape."""
    return (id(shape), shape.points.shape, hash(shape.points.tobytes()), shape.fill_rgbas.tobytes(),
            shape.stroke_rgbas.tobytes(), shape.background_stroke_rgbas.tobytes(), float(shape.stroke_width),
            float(shape.background_stroke_width), float(shape.sheen_factor), tuple(np.ravel(shape.sheen_direction)),
            shape.joint_type, shape.cap_style, shape.get_background_image(), shape.n_points_per_cubic_curve,
            shape.tolerance_for_point_equality)


def _camera_look(camera) -> tuple:
    return (camera.pixel_width, camera.pixel_height, camera.frame_width, camera.frame_height,
            tuple(camera.frame_center), str(camera.background_color), camera.background_opacity,
            str(camera.background_image), camera.cairo_line_width_multiple, camera.use_z_index)


class KeptBackdrop:
    """The picture of one renderer's backdrop shapes, with what they looked like."""

    def __init__(self) -> None:
        self.kept: tuple[tuple, np.ndarray] | None = None

    def still_picture(self, renderer, scene, static_mobjects):
        """What Manim's ``CairoRenderer.save_static_frame_data`` draws (the picture of the shapes that
        will not move), starting from the kept picture of the scene's backdrop when it looks as it did;
        None when the scene keeps no backdrop among them (Manim's own method then draws it)."""
        behind = getattr(scene, "backdrop", None)
        behind = {id(m) for m in behind()} if callable(behind) else set()
        if not static_mobjects or not behind:
            return None
        camera = renderer.camera
        shapes = camera.get_mobjects_to_display(static_mobjects)
        n = 0
        while n < len(shapes) and id(shapes[n]) in behind and isinstance(shapes[n], VMobject):
            n += 1
        if n == 0:
            return None
        key = (_camera_look(camera), *map(look, shapes[:n]))
        if self.kept is not None and self.kept[0] == key:
            camera.set_pixel_array(self.kept[1])
        else:
            camera.reset()
            camera.capture_mobjects(shapes[:n], include_submobjects=False)
            self.kept = (key, camera.pixel_array.copy())
        camera.capture_mobjects(shapes[n:], include_submobjects=False)
        return renderer.get_frame()
