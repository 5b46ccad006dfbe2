"""lessonkit: the visual kit every lesson scene is built from.

Importing it applies the render settings the lesson's scenes are tuned for (see ``settings``),
so a scene file in any folder renders the same way with plain `manim render`.
"""
from . import settings as _settings
from .lesson import ConfigError, Item, Layer, Lesson, Settings
from .network import AnswerMarker, FillTo, NetworkDiagram, neurons_to_show, strongest_inputs
from .pixels import PixelPatches, grid_centers, item_image, pixel_center, size_braces
from .scene import LessonScene
from .theme import Theme, make_theme
from .weightgrid import WeightGrid, WeightKey

_settings.apply()

__all__ = [
    "ConfigError", "Item", "Layer", "Lesson", "Settings", "AnswerMarker", "FillTo", "NetworkDiagram", "neurons_to_show",
    "strongest_inputs", "PixelPatches", "grid_centers", "item_image", "pixel_center", "size_braces", "LessonScene",
    "Theme", "make_theme", "WeightGrid", "WeightKey",
]
