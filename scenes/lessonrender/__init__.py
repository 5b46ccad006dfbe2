"""lessonrender: how a lesson scene is drawn and encoded, faster than Manim's own code and to the same
pixels. Manim's renderer takes a camera class and a file writer class; these are subclasses of
Manim's, which a scene opts into (``LessonScene`` does, unless the speed-ups are switched off):

    renderer.py   LessonRenderer: the backdrop kept between animations, frames drawn ahead, settings
    camera.py     LessonCamera: Cairo paths kept between frames, images composited over their box
    writer.py     LessonFileWriter: the lesson's segment encoder, frames drawn ahead handed over in order
    encoder.py    the segment encoder (one conversion per picture, WebM twins); held.py: held pictures
    glyphs.py     Text and MathTex whose glyphs are kept on disk, formulas compiled once
    encoding.py   the encoder settings (also what the build transcodes with); Manim-free
    switch.py     the switch (speedups = "off") and the Manim versions the speed-ups were verified with

Importing it changes nothing in Manim: a plain Scene renders exactly as it would without it.
"""
from .camera import LessonCamera
from .glyphs import MathTex, Text
from .renderer import LessonRenderer
from .switch import VERIFIED, active
from .writer import LessonFileWriter

__all__ = ["LessonCamera", "LessonFileWriter", "LessonRenderer", "MathTex", "Text", "VERIFIED", "active"]
