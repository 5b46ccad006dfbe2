"""Shared fixtures: the repository paths and MNIST's presence. (pytest puts the scenes and tests
folders on the import path: pythonpath in pyproject.toml.)"""
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

from netcore import mnist  # noqa: E402


def mnist_available() -> bool:
    try:
        for stems in mnist.SPLITS.values():
            for stem in stems:
                mnist.find(stem)
        return True
    except Exception:
        return False


needs_mnist = pytest.mark.skipif(not mnist_available(),
                                 reason="MNIST files not found (run `python -m netcore download`)")


@pytest.fixture(scope="session")
def sets(tmp_path_factory):
    """Lesson settings by name for six lesson sets (see datasets.lesson_sets), made once per run."""
    from datasets import lesson_sets

    return lesson_sets(tmp_path_factory.mktemp("lesson-sets"))


@pytest.fixture(autouse=True)
def glyphs_setting_restored():
    """A LessonScene sets the glyph cache's switch for the glyphs it makes (lessonrender.glyphs.setting);
    each test starts from the setting it found, whatever scene an earlier test made."""
    from lessonrender import glyphs

    before = glyphs.setting
    yield
    glyphs.setting = before
