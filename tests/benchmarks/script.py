"""How the lesson's narration reads when heard: words, pace, full sentences, symbols a voice cannot
say, questions, "you", and Flesch reading ease. Prints measurements; asserts nothing.

    python tests/benchmarks/script.py                    # the shipped set, every chapter built without drawing
    python tests/benchmarks/script.py --renders renders  # a built lesson: its spoken lines and their real timing
    LESSON_ASSETS=my-set python tests/benchmarks/script.py
    LESSON_LANGUAGE=de python tests/benchmarks/script.py     # the German narration (Amstad's reading ease)
    python tests/benchmarks/script.py --transcript t.md  # also write the spoken lines, chapter by chapter

Without --renders the minutes are estimated at the default speaking rate (160 words a minute).
Syllables are counted with pyphen's hyphenation dictionary (pip install pyphen; it is in the test extra).
"""
from __future__ import annotations

import argparse
import importlib
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "scenes"), str(ROOT / "tests")]  # scene files imported by name; the tests' helpers

SYMBOLS = set("σΣ×=≈→−+*/^_#()[]{}<>|…:;")
WORD = re.compile(r"[^\W\d_][\w'’-]*|\d[\d,.]*")
SENTENCE_END = re.compile(r"[.?!]+[\"”’)]?(?=\s|$)")
MIN_SENTENCE_WORDS = 4  # "Right." or "Labelled: 7." is a fragment, not a sentence


@dataclass
class Figures:
    lines: int
    words: int
    minutes: float
    estimated: bool
    full_sentence_share: float
    symbols: int
    bracketed: int
    questions: int
    you_per_minute: float
    flesch: float


def sentences(line: str) -> list[str]:
    parts = [p.strip() for p in SENTENCE_END.split(line)]
    return [p for p in parts if p]


def is_full_sentences(line: str) -> bool:
    """Whether a spoken line is made of whole sentences: it ends as a sentence ends, has no colon,
    semicolon, bracket or symbol in it, and each of its sentences has a few words at least."""
    text = line.strip()
    if not SENTENCE_END.search(text[-3:] if len(text) >= 3 else text) or any(c in SYMBOLS for c in text):
        return False
    return all(len(WORD.findall(s)) >= MIN_SENTENCE_WORDS for s in sentences(text))


def syllables(word: str, dic) -> int:
    if word[0].isdigit():
        return max(1, len(re.sub(r"\D", "", word)))  # a rough count for numbers said aloud
    return len(dic.positions(word.lower())) + 1


#: Per language: pyphen's dictionary, Flesch's formula (a, b, c: a - b * words per sentence - c *
#: syllables per word; German uses Amstad's version of it) and the words that address the listener.
LANGUAGES = {
    "en": ("en_US", (206.835, 1.015, 84.6), r"you(?:r|rs|rself)?"),
    "de": ("de_DE", (180.0, 1.0, 58.5), r"du|dich|dir|dein\w*"),
}


def flesch(text_lines: list[str], language: str = "en") -> float:
    import pyphen

    hyphenation, (a, b, c), _ = LANGUAGES.get(language, LANGUAGES["en"])
    dic = pyphen.Pyphen(lang=hyphenation)
    words = [w for line in text_lines for w in WORD.findall(line)]
    n_sentences = sum(max(1, len(sentences(line))) for line in text_lines)
    n_syllables = sum(syllables(w, dic) for w in words)
    return a - b * len(words) / max(1, n_sentences) - c * n_syllables / max(1, len(words))


def measure(lines: list[str], minutes: float | None, language: str = "en") -> Figures:
    words = sum(len(WORD.findall(line)) for line in lines)
    estimated = minutes is None
    minutes = words / 160 if minutes is None else minutes
    text = " ".join(lines)
    return Figures(
        lines=len(lines), words=words, minutes=minutes, estimated=estimated,
        full_sentence_share=sum(map(is_full_sentences, lines)) / max(1, len(lines)),
        symbols=sum(c in SYMBOLS - set("()[]{}") for c in text),
        bracketed=len(re.findall(r"[(\[{][^)\]}]*[)\]}]", text)),
        questions=text.count("?"),
        you_per_minute=len(re.findall(rf"\b(?:{LANGUAGES.get(language, LANGUAGES['en'])[2]})\b", text, re.I))
        / max(minutes, 1e-9),
        flesch=flesch(lines, language),
    )


def from_renders(folder: Path) -> tuple[dict[str, list[str]], float, dict[str, float]]:
    """Each built chapter's spoken lines, by file name, the minutes they all take in the videos, and
    each chapter's minutes."""
    records = sorted(folder.glob("*.narration.json"))
    if not records:
        raise SystemExit(f"error: no *.narration.json in {folder} (build the lesson with scenes/build.py)")
    chapters, minutes = {}, {}
    for path in records:
        record = json.loads(path.read_text(encoding="utf-8"))
        name = path.name.removesuffix(".narration.json")
        chapters[name] = [line["text"] for line in record["lines"]]
        minutes[name] = record["duration"] / 60
    return chapters, sum(minutes.values()), minutes


def from_scenes() -> dict[str, list[str]]:
    """Each chapter's spoken lines, by chapter name, from its scene built without drawing."""
    from lessonkit import lesson as lesson_mod
    from lessonpublish.chapters import LESSON
    from scenetools import build

    lesson = lesson_mod.load(lesson_mod.read_settings())
    return {chapter.name: list(build(getattr(importlib.import_module(chapter.name), chapter.scene), lesson).captions)
            for chapter in LESSON}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--renders", type=Path, help="a built lesson's folder (its *.narration.json files)")
    p.add_argument("--show", action="store_true", help="also print each line that is not whole sentences")
    p.add_argument("--transcript", type=Path, help="write the spoken lines, chapter by chapter, to this file")
    args = p.parse_args()
    chapters, minutes, took = from_renders(args.renders) if args.renders else (from_scenes(), None, {})
    lines = [line for said in chapters.values() for line in said]
    from lessonkit import lesson as lesson_mod

    language = lesson_mod.read_settings().language.split("-")[0]
    f = measure(lines, minutes, language)
    print(f"spoken lines                 {f.lines}")
    print(f"spoken words                 {f.words}")
    print(f"minutes                      {f.minutes:.1f}{' (estimated at 160 words a minute)' if f.estimated else ''}")
    print(f"words per minute             {f.words / max(f.minutes, 1e-9):.0f}")
    print(f"lines of full sentences      {100 * f.full_sentence_share:.0f}%")
    print(f"symbols in spoken lines      {f.symbols}  (target 0)")
    print(f"bracketed fragments          {f.bracketed}  (target 0)")
    print(f"questions asked              {f.questions}")
    print(f"'you' and 'your' per minute  {f.you_per_minute:.1f}  (in German: du, dich, dir, dein)")
    print(f"Flesch reading ease          {f.flesch:.0f}  (60 or more reads as plain language; Amstad's formula "
          "for German)")
    for name, said in chapters.items():
        words = sum(len(WORD.findall(line)) for line in said)
        if name in took:
            print(f"  {name:<14} {words:>5} words  {took[name]:4.1f} min in the video")
        else:
            print(f"  {name:<14} {words:>5} words  {words / 160:4.1f} min at 160 words a minute")
    if args.transcript:
        args.transcript.write_text("\n\n".join(f"## {name}\n\n" + "\n\n".join(said) for name, said in chapters.items())
                                   + "\n", encoding="utf-8")
    if args.show:
        for line in lines:
            if not is_full_sentences(line):
                print("  fragment:", line)


if __name__ == "__main__":
    main()
