"""Every scene told in German, against the six lesson sets of the any-set test: all of its checks
(nothing leaves the frame, the numbers drawn are netcore's, text readable and apart, no garbled
number, no black frame), and the German ones: numbers on screen, in the captions and in the
descriptions are written the German way (0,873 and 13.002, never 0.873), and no English is left.

"No English left" has two halves. The German script is complete (no line falls back to English), and
every line reaches the screen through the script: the pseudo-language test proves that for every word
drawn. Here, no word of the English script that German never uses (such as "weights" or "the") is
drawn, captioned or described: a text written into a scene or the kit would show up as one."""
from __future__ import annotations

import re
from functools import lru_cache

import pytest
from manim import MathTex, Text

from lessonkit import lesson as lesson_mod
from lessonpublish.chapters import LESSON
import lessonscript
from lessonscript import messages
from test_scenes_any_set import SETS, checked_build

WORD = re.compile(r"[^\W\d_]{3,}")
#: A number written the English way: a decimal point not followed by a thousands group of German's.
ENGLISH_DECIMAL = re.compile(r"(?<![\d.,])\d+\.\d+(?![\d.,])")
GERMAN_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")
TEX_WORDS = re.compile(r"\\(?:text|mathrm|textrm|mbox)\{([^{}]*)\}")


def words_of(nodes) -> set[str]:
    out = set()
    for node in nodes:
        if isinstance(node, str):
            out |= {w.lower() for w in WORD.findall(node)}
        elif isinstance(node, messages.Choice):
            for branch in node.branches.values():
                out |= words_of(branch)
    return out


@lru_cache(maxsize=1)
def english_only_words() -> frozenset[str]:
    """Words of the English script that the German script never uses."""
    english, german = lessonscript.load("en"), lessonscript.load("de", fallback=False)
    ours = set().union(*(words_of(line.nodes) for line in german.lines.values()))
    theirs = set().union(*(words_of(line.nodes) for line in english.lines.values()))
    return frozenset(theirs - ours)


def english_words(text: str, allowed: set[str]) -> list[str]:
    return [w for w in WORD.findall(text) if w.lower() in english_only_words() and w.lower() not in allowed]


def english_numbers(text: str) -> list[str]:
    return [n for n in ENGLISH_DECIMAL.findall(text) if not GERMAN_GROUPED.match(n)]


def drawn_texts(scene) -> list[str]:
    out = []
    for m in scene.mobjects:
        for f in m.get_family():
            if isinstance(f, Text):
                out.append(f.original_text if hasattr(f, "original_text") else f.text)
            elif isinstance(f, MathTex):
                out += TEX_WORDS.findall(f.tex_string)
                out += [n for n in ENGLISH_DECIMAL.findall(f.tex_string)]  # a matrix's numbers
    return out


def test_the_german_script_is_complete():
    script = lessonscript.load("de", fallback=False)
    assert script.fell_back == [] and script.notes == [] and set(script.ids()) == set(lessonscript.load("en").ids())
    assert len(english_only_words()) > 300  # the check below has English to find


def test_the_sets_name_their_items_and_classes_in_german(sets):
    """The words the check below allows (the dataset's) are German where the set gives them."""
    words = {name: lesson_mod.load(lesson_mod.Settings(**sets[name], language="de")).topic for name in SETS}
    assert words["shipped"].noun == words["four-hidden-relu"].noun == "Ziffer"  # MNIST's German words
    assert words["shapes-12x12"].classes == ("Kreis", "Quadrat", "Kreuz") and words["shapes-12x12"].plural == "Formen"
    assert words["twenty-classes"].classes[0] == "Marke A" and words["twenty-classes"].noun == "Zeichen"


@pytest.mark.parametrize("set_name", SETS)
@pytest.mark.parametrize("chapter", LESSON, ids=[c.name for c in LESSON])
def test_every_scene_in_german(sets, set_name, chapter, tmp_path, monkeypatch):
    lesson = lesson_mod.load(lesson_mod.Settings(**sets[set_name], language="de", captions="on", fallback="off"))
    topic = lesson.topic
    names = [*topic.classes, topic.title, topic.noun, topic.plural, lesson.set.folder.name, lesson.set.weights_path.name]
    for trained in (lesson.comparison.by_activation.values() if lesson.comparison else ()):
        names += [trained.path.name, trained.path.parent.name]  # files the relu chapter names
    allowed = {w.lower() for name in names for w in WORD.findall(name)}
    seen, numbers = [], []

    from lessonkit import LessonScene
    play = LessonScene.play

    def play_and_read(self, *args, **kwargs):
        play(self, *args, **kwargs)
        for text in drawn_texts(self):
            seen.extend(w for w in english_words(text, allowed) if w not in seen)
            numbers.extend(n for n in english_numbers(text) if n not in numbers)

    monkeypatch.setattr(LessonScene, "play", play_and_read)
    scene, picture = checked_build(chapter, lesson, tmp_path, monkeypatch)
    assert not picture, "; ".join(picture)
    assert not seen, f"English on screen: {seen[:10]}"
    assert not numbers, f"numbers written the English way on screen: {numbers[:10]}"
    said = scene.captions + [line for _, line in scene.descriptions]
    assert said and not [w for line in said for w in english_words(line, allowed)], said
    assert not [n for line in said for n in english_numbers(line)], said
