"""lessonkit: the visual kit every lesson scene is built from (network, pixel grid, weight grid, plots,
equations, theme) and ``LessonScene``, which renders with the lesson's own renderer (lessonrender).
Importing it changes nothing in Manim.
"""
from .lesson import ConfigError, Item, Layer, Lesson, Settings
from .network import AnswerMarker, FillTo, NetworkDiagram, neurons_to_show, strongest_inputs
from .pixels import PixelPatches, grid_centers, item_image, pixel_center, size_braces
from .scene import LessonScene
from .theme import Theme, make_theme
from .weightgrid import WeightGrid, WeightKey

__all__ = [
    "ConfigError", "Item", "Layer", "Lesson", "Settings", "AnswerMarker", "FillTo", "NetworkDiagram", "neurons_to_show",
    "strongest_inputs", "PixelPatches", "grid_centers", "item_image", "pixel_center", "size_braces", "LessonScene",
    "Theme", "make_theme", "WeightGrid", "WeightKey",
]
