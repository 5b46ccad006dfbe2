"""The lesson's chapters in order: which scene file, which scene; their titles are the script's
(lines page.chapter-... in scenes/lessonscript/en/page.po)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Chapter:
    name: str  # the scene file's stem, also the short name on the command line
    scene: str  # the default scene class in that file


#: Each chapter's title line (ids written out whole: the script's check finds them in the code).
TITLES = {
    "intro": "page.chapter-intro",
    "neurons": "page.chapter-neurons",
    "layers": "page.chapter-layers",
    "why_layers": "page.chapter-why-layers",
    "weights": "page.chapter-weights",
    "counting": "page.chapter-counting",
    "learning": "page.chapter-learning",
    "notation": "page.chapter-notation",
    "relu": "page.chapter-relu",
    "recap": "page.chapter-recap",
}


def chapter_title(chapter: Chapter | str, script) -> str:
    """A chapter's title (the chapter or its name) in ``script``'s words (a lessonscript.Script)."""
    return script(TITLES[getattr(chapter, "name", chapter)])


LESSON = (
    Chapter("intro", "OneClassManyImages"),
    Chapter("neurons", "PixelsAreNeurons"),
    Chapter("layers", "ForwardPass"),
    Chapter("why_layers", "WhyLayers"),
    Chapter("weights", "OneNeuron"),
    Chapter("counting", "CountingParameters"),
    Chapter("learning", "ReplayTraining"),
    Chapter("notation", "MatrixForm"),
    Chapter("relu", "SigmoidVsReLU"),
    Chapter("recap", "NetworkAsFunction"),
)
