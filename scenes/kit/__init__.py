"""The visual kit every lesson scene is built from."""
from .lesson import ConfigError, Digit, Lesson, Settings
from .network import NetworkDiagram, answer_marker, strongest_inputs
from .pixels import digit_image, pixel_center, pixel_squares, size_braces
from .scene import LessonScene
from .theme import Theme, make_theme

__all__ = [
    "ConfigError", "Digit", "Lesson", "Settings", "NetworkDiagram", "answer_marker", "strongest_inputs",
    "digit_image", "pixel_center", "pixel_squares", "size_braces", "LessonScene",
    "Theme", "make_theme",
]
