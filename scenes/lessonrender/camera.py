"""The lesson's camera: Manim's Cairo camera with paths kept between frames (:mod:`.pathcache`) and
images composited over their own box (:mod:`.overlay`). Every pixel is the one Manim's camera draws."""
from __future__ import annotations

import numpy as np
from manim.camera.camera import Camera
from PIL import Image

from . import overlay, pathcache


class LessonCamera(Camera):
    """Manim's ``Camera``, quicker at redrawing shapes that have not moved and at drawing images."""

    def __init__(self, *args, **kwargs) -> None:
        self.paths = pathcache.PathCache()
        super().__init__(*args, **kwargs)

    def set_cairo_context_path(self, ctx, vmobject) -> LessonCamera:
        if not self.paths.set_path(self, ctx, vmobject):
            super().set_cairo_context_path(ctx, vmobject)
        return self

    def overlay_PIL_image(self, pixel_array: np.ndarray, image: Image.Image) -> None:
        overlay.composite_over_box(pixel_array, image, self.image_mode)
