"""Whether the speed-ups run: the one switch, and the Manim versions they were verified against.

The speed-ups read Manim's private parts (the camera's pixel array and its Cairo paths, the
renderer's still picture, the file writer's segment encoder, the encoder's container and stream).
They were verified, every frame against Manim's own drawing and encoding (tests/test_speedups.py),
with the versions in :data:`VERIFIED`. On any other version they step aside, saying so once in the
log, and scenes render with Manim's own code; the same tests, run on the new version, are what lets
it into :data:`VERIFIED`.

A teacher turns them all off with ``speedups = "off"`` in lesson.toml or ``LESSON_SPEEDUPS=off``
(to compare, or to work around a problem); the lesson's settings read both.
"""
from __future__ import annotations

import manim
from manim import logger

#: Manim versions every speed-up was checked against, frame for frame.
VERIFIED = ("0.22.0",)

#: The setting's values.
CHOICES = ("on", "off")

_told: set[str] = set()


def verified(version: str | None = None) -> bool:
    """Whether this Manim (or ``version``) is one the speed-ups were verified against."""
    return (version or manim.__version__) in VERIFIED


def active(setting: str = "on") -> bool:
    """Whether the speed-ups run for a scene whose lesson says ``setting`` ("on" or "off"): on, and on
    a verified Manim. Stepping aside for another version is logged once per process."""
    if setting != "on":
        return False
    version = manim.__version__
    if not verified(version):
        if version not in _told:
            _told.add(version)
            logger.warning(f"lesson speed-ups off: verified with Manim {', '.join(VERIFIED)}, this is {version}; "
                           "rendering with Manim's own code")
        return False
    return True
