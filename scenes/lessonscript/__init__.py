"""lessonscript: the lesson's words as data, one script per language (gettext .po files).

Scenes ask for a line by id with values, ``script("layers.unroll", inputs=784)``; they hold no
sentences. Manim-free: the build, the page and the tests read the same script.
"""
from .catalog import BASE, PSEUDO, Line, Script, ScriptError, english, load, report, shipped_languages
from .numbers import Num, NumberFormat, Pct, spoken
from .usage import unused_lines, used_ids

__all__ = ["BASE", "PSEUDO", "Line", "Script", "ScriptError", "english", "load", "report", "shipped_languages", "Num",
           "NumberFormat", "Pct", "spoken", "unused_lines", "used_ids"]
