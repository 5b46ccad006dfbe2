"""Which offline voice is clearest, in each language? (not a test: it prints a table)

    pip install pocketsphinx          # the recogniser (English model in its wheel); not a dependency
    python tests/benchmarks/voices.py [--only intro,layers] [--rate 160] [--language en,de]
                                      [--piper /path/en_US-joe-medium.onnx --piper /path/de_DE-....onnx]

Every line of the lesson (for the shipped set) is spoken, in each language, by each installed engine
that speaks it (flite, espeak-ng, festival with its HTS voice, and each Piper voice model given),
then, for English, transcribed by pocketsphinx. Prints each engine's word error rate against the
words it was given (numbers written out as words), the minutes of speech, the seconds of synthesis
per minute of speech, and the loudness of the clips (target -16 LUFS). pocketsphinx ships an
English model only, so no word error rate is measured for another language. Lower WER: the
recogniser understood more, a rough stand-in for a listener.
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scenes"))  # the scene modules, imported by name

from lessonkit import lesson as lesson_mod
from lessonvoice import voice
from lessonpublish.chapters import LESSON
from lessonvoice.takes import spoken_lines

ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen " \
       "seventeen eighteen nineteen".split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def say_number(n: int) -> str:
    """A whole number in words, as the engines read it."""
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + ("" if n % 10 == 0 else " " + ONES[n % 10])
    if n < 1000:
        return ONES[n // 100] + " hundred" + ("" if n % 100 == 0 else " " + say_number(n % 100))
    return say_number(n // 1000) + " thousand" + ("" if n % 1000 == 0 else " " + say_number(n % 1000))


def words(text: str) -> list[str]:
    """The words a listener should hear: lower case, numbers spelled out, punctuation dropped."""
    text = voice.spoken(text).lower().replace(",", "")

    def number(m: re.Match) -> str:
        whole, _, decimals = m.group(0).partition(".")
        said = say_number(int(whole))
        return said + (" point " + " ".join(ONES[int(d)] for d in decimals) if decimals else "")

    text = re.sub(r"\d+(\.\d+)?", number, text)
    return re.findall(r"[a-z']+", text)


def word_errors(ref: list[str], hyp: list[str]) -> int:
    """Edit distance between two word lists (substitutions, insertions, deletions)."""
    d = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, start=1):
        prev, d[0] = d[0], i
        for j, h in enumerate(hyp, start=1):
            prev, d[j] = d[j], min(d[j] + 1, d[j - 1] + 1, prev + (r != h))
    return d[len(hyp)]


def recognise(decoder, samples: np.ndarray, rate: int) -> list[str]:
    """pocketsphinx's words for one clip (resampled to 16 kHz)."""
    n = int(len(samples) * 16000 / rate)
    pcm = np.interp(np.arange(n) * rate / 16000, np.arange(len(samples)), samples)
    decoder.start_utt()
    decoder.process_raw((np.clip(pcm, -1, 1) * 32767).astype("<i2").tobytes(), full_utt=True)
    decoder.end_utt()
    hyp = decoder.hyp()
    return hyp.hypstr.split() if hyp is not None else []


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--only", default="", help="comma-separated chapters (default: all)")
    p.add_argument("--rate", type=int, default=voice.DEFAULT_RATE)
    p.add_argument("--language", default="en", help="comma-separated languages (default en)")
    p.add_argument("--piper", action="append", default=[], help="a Piper voice model (.onnx) to measure too")
    args = p.parse_args()
    try:
        from pocketsphinx import Decoder

        decoder = Decoder(samprate=16000, loglevel="FATAL")
    except ImportError:
        decoder = None
        print("pocketsphinx is not installed: no word error rates (pip install pocketsphinx)")
    wanted = [w for w in args.only.split(",") if w]
    print(f"{'language':>8} {'engine:voice':>32} {'WER':>7} {'speech min':>10} {'synth s/min':>11} {'LUFS':>6}")
    for language in args.language.split(","):
        lesson = lesson_mod.load(lesson_mod.Settings(language=language))
        lines = [t for c in LESSON if not wanted or c.name in wanted for t in spoken_lines(c, lesson)]
        print(f"{language:>8}: {len(lines)} lines, {sum(len(t.split()) for t in lines)} words; rate {args.rate} "
              "words a minute")
        voices = [(name, engine.default_voice) for name, engine in voice.ENGINES.items() if engine.default_voice]
        voices += [("piper", model) for model in args.piper]
        for name, chosen in voices:
            try:
                _, chosen = voice.parse_voice(f"{name}:{chosen}" if name == "piper" else name, language)
            except voice.VoiceError as e:
                print(f"{language:>8} {name:>32}  {e}")
                continue
            label = f"{name}:{Path(chosen).name}"
            with tempfile.TemporaryDirectory() as cache:
                narrator = voice.Narrator(name, chosen, args.rate, None, Path(cache), language=language)
                start = time.perf_counter()
                clips = [narrator.clip("bench", t) for t in lines]
                synth = time.perf_counter() - start
                errors = total = 0
                speech, loud = 0.0, []
                for text, clip in zip(lines, clips):
                    samples, rate = voice.read_audio(clip.path)
                    speech += clip.seconds
                    loud.append(loudness(samples, rate))
                    if decoder is not None and language.startswith("en"):
                        ref = words(text)
                        errors += word_errors(ref, recognise(decoder, samples, rate))
                        total += len(ref)
            wer = f"{errors / total:.1%}" if total else "-"
            print(f"{language:>8} {label:>32} {wer:>7} {speech / 60:>10.1f} {synth / (speech / 60):>11.1f} "
                  f"{np.median(loud):>6.1f}")


def loudness(samples: np.ndarray, rate: int) -> float:
    import pyloudnorm

    minimum = int(0.5 * rate)
    return pyloudnorm.Meter(rate).integrated_loudness(np.pad(samples, (0, max(0, minimum - len(samples)))))


if __name__ == "__main__":
    main()
