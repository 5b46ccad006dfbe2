"""Every scene told in en-XA, the pseudo-language (every letter accented, words 40% longer, lines in
brackets), against three lesson sets chosen to take the main branches (digits with two sigmoid hidden
layers; four ReLU hidden layers; 20 named non-digit classes with one hidden layer): nothing leaves the frame with the longer
words, and no word on screen, in a caption or in a description is plain English: every one came
from the script. Words that are the lesson set's data (class names, the dataset's title and nouns,
file names) and formula symbols are not the script's, and are left out of the check."""
import importlib
import re

import pytest
from manim import MathTex, Text

from lessonkit import LessonScene, PixelPatches
from lessonkit import lesson as lesson_mod
from lessonscript.pseudo import has_plain_letters
from lessonpublish.chapters import LESSON
from scenetools import build, outside_frame

#: The any-set test proves the numbers on all six sets; the words need each main kind of branch once.
PSEUDO_SETS = ["shipped", "four-hidden-relu", "twenty-classes"]

TEX_WORDS = re.compile(r"\\(?:text|mathrm|textrm|mbox)\{([^{}]*)\}")
SYMBOLS = ("ReLU", "max", "exp")  # formula notation, the same in every language


def data_words(lesson) -> tuple[str, ...]:
    topic = lesson.topic
    words = [*topic.classes, topic.title, topic.noun, topic.plural, *SYMBOLS]
    for trained in (lesson.comparison.by_activation.values() if lesson.comparison else ()):
        words += [trained.path.name, trained.path.parent.name]
    words += [lesson.set.weights_path.name, lesson.set.folder.name]
    return tuple(w.replace(" ", "") for w in words) + tuple(words)


def is_symbol(word: str) -> bool:
    """A formula's variable (z=, σ(z)=, a(0)): its runs of plain letters are single letters. The
    pseudo-language doubles every vowel, so no word of the script is one plain letter."""
    return all(len(run) <= 1 for run in re.findall(r"[A-Za-z]+", word))


def plain_words(scene, allowed) -> list[str]:
    found = []
    for m in scene.mobjects:
        for f in m.get_family():
            if isinstance(f, Text):
                found += has_plain_letters(f.text, allowed)
            elif isinstance(f, MathTex):
                for words in TEX_WORDS.findall(f.tex_string):
                    found += has_plain_letters(words, allowed)
    return [w for w in found if not is_symbol(w)]


@pytest.mark.parametrize("set_name", PSEUDO_SETS)
@pytest.mark.parametrize("chapter", LESSON, ids=[c.name for c in LESSON])
def test_every_scene_in_the_pseudo_language(sets, set_name, chapter, tmp_path, monkeypatch):
    lesson = lesson_mod.load(lesson_mod.Settings(**sets[set_name], language="en-XA", captions="on"))
    allowed = data_words(lesson)
    off_frame, plain = [], []
    play = LessonScene.play

    def checked_play(self, *args, **kwargs):
        play(self, *args, **kwargs)
        off_frame.extend(p for p in outside_frame(self, skip=(PixelPatches,)) if p not in off_frame)
        plain.extend(w for w in plain_words(self, allowed) if w not in plain)

    monkeypatch.setattr(LessonScene, "play", checked_play)
    scene = build(getattr(importlib.import_module(chapter.name), chapter.scene), lesson, media_dir=tmp_path)
    assert not off_frame, f"off the frame: {off_frame[:5]}"
    assert not plain, f"plain English on screen: {plain[:10]}"
    spoken = [w for line in scene.captions for w in has_plain_letters(line, allowed)]
    described = [w for _, line in scene.descriptions for w in has_plain_letters(line, allowed)]
    assert not spoken, f"plain English in the narration: {spoken[:10]}"
    assert not described, f"plain English in the descriptions: {described[:10]}"
    assert scene.captions and all(c.startswith("[") and c.endswith("]") for c in scene.captions)
