"""The narrator's voice: every line a scene says, spoken by an offline speech engine or read from a
teacher's own recording, loudness-normalised and cached.

Engines sit behind one small interface (``Engine``): a name, the program that must be installed,
how to install it, a default voice, the languages it speaks, and the command that writes one line
to a WAV file. Add one to ENGINES to offer it. Every engine runs as a separate program and none is
imported: Piper (GPL-3.0) stays a program our MIT code calls. Clips are cached by engine, voice,
rate and text (``Narrator.clip``), so rendering again synthesises nothing.

The default voice depends on the script's language (``default_voice``): flite for English (the
clearest offline English voice), espeak-ng in its voice for any other language it speaks.
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import wave
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

import numpy as np
from netcore.atomic import atomic_open

from netcore.paths import cache_folder

#: Loudness every clip is normalised to (integrated, ITU-R BS.1770, as pyloudnorm measures it);
#: the usual target for speech on the web and in podcasts.
TARGET_LUFS = -16.0
#: How clips are made from an engine's or a take's sound (part of every cache key: change it when
#: trimming or normalising changes, so no clip made the old way is used).
PROCESSING = f"trim-1%,{TARGET_LUFS}LUFS,limit-0.95,v1"
#: Words per minute of the default speaking rate.
DEFAULT_RATE = 160
RATE_RANGE = (80, 300)
TAKE_SUFFIXES = (".wav", ".flac", ".mp3")



class VoiceError(Exception):
    """A voice that cannot be used, explained in one line."""


@dataclass(frozen=True)
class Engine:
    """An offline speech engine run as a program."""

    name: str
    program: str
    install: str  # how to install the program ("apt-get install flite")
    default_voice: str  # "" when the user must name one (a Piper voice model file)
    command: Callable[[Path, Path, str, int], list[str]]  # (text file, wav out, voice, words per minute)
    languages: tuple[str, ...] | None = ("en",)  # None: any its voices speak (asked of the voice)


def find_program(name: str) -> str | None:
    """The path of program ``name``: on PATH, or beside this Python (a program pip installed into the
    virtual environment, such as piper, when the environment is not activated)."""
    found = shutil.which(name)
    if found is None:
        beside = Path(sys.executable).parent / name
        found = str(beside) if beside.is_file() else None
    return found


def _espeak(text: Path, out: Path, voice: str, rate: int) -> list[str]:
    return ["espeak-ng", "-v", voice, "-s", str(rate), "-w", str(out), "-f", str(text)]


def _flite(text: Path, out: Path, voice: str, rate: int) -> list[str]:
    # flite speaks at about 170 words a minute; a duration stretch sets the rate.
    return ["flite", "-voice", voice, "--setf", f"duration_stretch={170 / rate:.3f}", "-f", str(text), "-o", str(out)]


def _festival(text: Path, out: Path, voice: str, rate: int) -> list[str]:
    # HTS voices (the clearest Debian ships) take a speed factor; the older ones a duration stretch.
    speed = (f"(if (and (boundp 'hts_engine_params) hts_engine_params) (set! hts_engine_params "
             f"(append hts_engine_params (list (list \"-r\" {rate / 165:.3f})))))")
    return ["text2wave", "-eval", f"(voice_{voice})", "-eval", f"(Parameter.set 'Duration_Stretch {165 / rate:.3f})",
            "-eval", speed, "-o", str(out), str(text)]


#: Piper's medium voices speak at about this many words a minute at length scale 1.
PIPER_RATE = 165


def _piper(text: Path, out: Path, voice: str, rate: int) -> list[str]:
    # voice: the path of a .onnx voice model, its .onnx.json beside it; a length scale sets the rate.
    return [find_program("piper") or "piper", "--model", voice, "--input-file", str(text), "--output-file", str(out),
            "--length-scale", f"{PIPER_RATE / rate:.3f}"]


#: Offline engines by name, the clearest English first (word error rates measured by
#: tests/benchmarks/voices.py).
ENGINES: dict[str, Engine] = {
    "flite": Engine("flite", "flite", "apt-get install flite", "slt", _flite),
    "espeak-ng": Engine("espeak-ng", "espeak-ng", "apt-get install espeak-ng", "en-us", _espeak, None),
    "festival": Engine("festival", "text2wave", "apt-get install festival festvox-us-slt-hts", "cmu_us_slt_arctic_hts",
                       _festival),
    "piper": Engine("piper", "piper", "pip install piper-tts", "", _piper, None),
}


@dataclass(frozen=True)
class Clip:
    """One spoken line: a normalised WAV file and its length."""

    path: Path
    seconds: float
    source: str  # "flite:slt", or "take narration/layers/<line-id>.wav"


def base_language(tag: str) -> str:
    """The language a voice must speak for a script tagged ``tag``: de for de-AT, en for the
    pseudo-language en-XA."""
    return tag.split("-")[0].lower()


def espeak_voices() -> dict[str, str]:
    """The language of every voice espeak-ng has, by the names it may be chosen with (its language
    tag, its name, its file): {"de": "de", "german": "de", "gmw/de": "de", "en-us": "en-us", ...};
    empty when espeak-ng is not installed."""
    program = find_program("espeak-ng")
    return {} if program is None else _espeak_table(program)


@lru_cache(maxsize=None)
def _espeak_table(program: str) -> dict[str, str]:
    """espeak_voices, read once per program from its list of voices."""
    table = subprocess.run([program, "--voices"], capture_output=True, text=True).stdout.splitlines()[1:]
    voices: dict[str, str] = {}
    for row in table:
        columns = row.split()
        if len(columns) >= 5:
            language, name, file = columns[1].lower(), columns[3].lower(), columns[4].lower()
            for key in (language, name, file, file.rsplit("/", 1)[-1]):
                voices.setdefault(key, language)
    return voices


def espeak_voice(language: str) -> str | None:
    """espeak-ng's voice for ``language`` (pt-BR -> pt-br, else its base language), or None when
    espeak-ng is not installed or speaks no such language."""
    voices = espeak_voices()
    return next((tag for tag in (language.lower(), base_language(language)) if voices.get(tag) == tag), None)


def default_voice(language: str) -> str:
    """The voice a lesson in ``language`` is spoken in unless the user names one: flite for English,
    espeak-ng's voice for another language (VoiceError naming the choices when there is none)."""
    if base_language(language) == "en":
        return "flite"
    voice = espeak_voice(language)
    if voice is None:
        raise VoiceError(f"no offline voice speaks {language!r} here: install espeak-ng (apt-get install espeak-ng), "
                         "name a Piper voice model (voice = \"piper:/path/to/voice.onnx\"), or choose voice off")
    return f"espeak-ng:{voice}"


def piper_model(path_text: str) -> tuple[Path, str]:
    """A Piper voice model file and the language it speaks (from the .onnx.json beside it);
    VoiceError in one line when either is missing or unreadable."""
    if not path_text:
        raise VoiceError("the piper voice needs a voice model file: piper:/path/to/de_DE-thorsten-medium.onnx "
                         "(Piper's voices: https://huggingface.co/rhasspy/piper-voices)")
    model = Path(path_text).expanduser()
    if not model.is_file():
        raise VoiceError(f"Piper voice model {model} not found (download a voice's .onnx and .onnx.json from "
                         "https://huggingface.co/rhasspy/piper-voices)")
    config = model.with_name(model.name + ".json")
    try:
        data = json.loads(config.read_text(encoding="utf-8"))
        language = str(data.get("language", {}).get("code") or data.get("espeak", {}).get("voice") or "")
    except (OSError, ValueError, AttributeError) as e:
        raise VoiceError(f"Piper voice model {model} needs its {config.name} beside it ({type(e).__name__})") from None
    return model.absolute(), language.replace("_", "-")


def parse_voice(setting: str, language: str = "en") -> tuple[str, str] | None:
    """The engine and voice a setting names for a lesson in ``language``: "off" -> None; "auto" -> the
    language's default voice; "flite" or "flite:awb" -> (engine, voice); "piper:/path/model.onnx";
    VoiceError in one line for anything that cannot speak the lesson."""
    text = setting.strip()
    if text == "off":
        return None
    if text == "auto":
        text = default_voice(language)
    name, _, voice = text.partition(":")
    if name not in ENGINES:
        raise VoiceError(f"unknown voice {setting!r} (choose off, auto, or one of {', '.join(ENGINES)}, optionally "
                         "with :VOICE, such as flite:awb, espeak-ng:de or piper:/path/to/voice.onnx)")
    engine = ENGINES[name]
    if find_program(engine.program) is None:
        raise VoiceError(f"the {name} voice needs the program {engine.program}, which is not installed "
                         f"({engine.install}), or choose voice off for silent videos")
    wanted = base_language(language)
    if engine.languages is not None and wanted not in engine.languages:
        raise VoiceError(f"{name} speaks only {', '.join(engine.languages)}, and this lesson is in {language}: "
                         f"choose voice auto ({default_voice(language)} here), piper:MODEL, or off")
    if name == "piper":
        model, speaks = piper_model(voice)
        if speaks and base_language(speaks) != wanted:
            raise VoiceError(f"the Piper voice {model.name} speaks {speaks}, and this lesson is in {language}")
        return name, str(model)
    if name == "espeak-ng":
        if not voice:
            return name, espeak_voice(language) or engine.default_voice
        speaks = espeak_voices().get(voice.lower())
        if speaks is None:
            raise VoiceError(f"espeak-ng has no voice {voice!r} (espeak-ng --voices lists them)")
        if base_language(speaks) != wanted:
            raise VoiceError(f"the espeak-ng voice {voice} speaks {speaks}, and this lesson is in {language}")
    return name, voice or engine.default_voice


def voice_identity(setting: str) -> str:
    """A voice setting as far as what it sounds like: a Piper model also by its file's size and time,
    since another model saved under the same name is another voice (for cache keys and render hashes)."""
    name, _, voice = setting.strip().partition(":")
    if name == "piper" and voice and Path(voice).is_file():
        stat = Path(voice).stat()
        return f"{setting.strip()}:{stat.st_size}:{stat.st_mtime_ns}"
    return setting.strip()


def voice_label(setting: str) -> str:
    """A voice setting as it may be shown to viewers: a Piper model by its file's name, not the
    folder it sits in on the teacher's machine (piper:de_DE-thorsten-medium.onnx)."""
    name, _, voice = setting.strip().partition(":")
    return f"piper:{Path(voice).name}" if name == "piper" and voice else setting.strip()


def line_id(text: str) -> str:
    """A line's id: its first words and a short hash of all its words, such as
    "every-number-on-screen-5d41a2". It stays the same while the words do (wherever the line
    moves), and a take recorded for other words can never be used by mistake."""
    words = re.findall(r"[a-z0-9]+", text.lower())[:4]
    return "-".join(words + [hashlib.sha256(text.encode("utf-8")).hexdigest()[:6]])


def read_audio(path: Path) -> tuple[np.ndarray, int]:
    """Mono float samples in [-1, 1] and the sample rate of a WAV, FLAC or MP3 file; VoiceError
    naming the file when it cannot be read."""
    path = Path(path)
    try:
        if path.suffix.lower() == ".wav":
            with wave.open(str(path), "rb") as w:
                width, channels, rate = w.getsampwidth(), w.getnchannels(), w.getframerate()
                raw = w.readframes(w.getnframes())
            if width not in (1, 2, 4):
                raise VoiceError(f"{path}: {8 * width}-bit WAV is not supported (use 16-bit PCM)")
            dtype = {1: np.uint8, 2: "<i2", 4: "<i4"}[width]
            samples = np.frombuffer(raw, dtype).astype(float)
            samples = (samples - 128) / 128 if width == 1 else samples / float(2 ** (8 * width - 1))
            samples = samples.reshape(-1, channels).mean(axis=1)
        else:
            import av

            with av.open(str(path)) as container:
                stream = container.streams.audio[0]
                rate = stream.rate
                chunks = [f.to_ndarray().astype(float).reshape(len(f.layout.channels), -1).mean(axis=0)
                          if f.format.is_planar else
                          f.to_ndarray().astype(float).reshape(-1, len(f.layout.channels)).mean(axis=1)
                          for f in container.decode(stream)]
            samples = np.concatenate(chunks) if chunks else np.zeros(0)
            if samples.size and np.abs(samples).max() > 1.5:  # integer sample formats
                samples = samples / 32768.0
    except VoiceError:
        raise
    except Exception as e:  # wave.Error, av errors, EOFError...: the file is not usable audio
        raise VoiceError(f"{path}: cannot read as audio ({type(e).__name__}: {e})") from None
    if samples.size == 0 or not rate:
        raise VoiceError(f"{path}: holds no audio")
    if not np.all(np.isfinite(samples)):
        raise VoiceError(f"{path}: contains invalid samples")
    return samples, int(rate)


def limited(samples: np.ndarray, rate: int, ceiling: float = 0.95) -> np.ndarray:
    """Peaks above ``ceiling`` turned down smoothly: the gain follows the loudest sample within 5 ms
    on either side, so speech keeps its shape instead of being clipped."""
    if np.abs(samples).max() <= ceiling:
        return samples
    half = max(1, int(0.005 * rate))
    padded = np.pad(np.abs(samples), half)
    envelope = np.lib.stride_tricks.sliding_window_view(padded, 2 * half + 1).max(axis=1)
    gain = np.minimum(1.0, ceiling / np.maximum(envelope, 1e-12))
    kernel = np.hanning(2 * half + 1)
    gain = np.minimum(gain, np.convolve(gain, kernel / kernel.sum(), mode="same"))  # no sudden steps
    return np.clip(samples * gain, -ceiling, ceiling)


def normalised(samples: np.ndarray, rate: int, target: float = TARGET_LUFS) -> np.ndarray:
    """Samples brought to ``target`` LUFS integrated loudness (ITU-R BS.1770, pyloudnorm), peaks
    limited below full scale; a few rounds, since limiting the peaks lowers the loudness a little."""
    import pyloudnorm

    meter = pyloudnorm.Meter(rate)
    minimum = int(0.5 * rate)  # the meter needs at least one 400 ms block

    def measure(x: np.ndarray) -> float:
        return meter.integrated_loudness(x if len(x) >= minimum else np.pad(x, (0, minimum - len(x))))

    out = samples
    for _ in range(4):
        loudness = measure(out)
        if not np.isfinite(loudness) or abs(loudness - target) < 0.2:
            break
        out = limited(out * 10 ** ((target - loudness) / 20), rate)
    return out


def write_wav(path: Path, samples: np.ndarray, rate: int) -> None:
    """16-bit mono WAV, written to a temporary file and renamed."""
    with atomic_open(path) as f, wave.open(f, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((np.clip(samples, -1, 1) * 32767).round().astype("<i2").tobytes())


def default_cache() -> Path:
    """Where synthesised clips are kept: $NETLESSON_CACHE/voice, else the user's cache folder."""
    return cache_folder("voice")


@dataclass
class Narrator:
    """Speaks a scene's lines: a recorded take when ``takes`` has one for the line, else the engine."""

    engine: str
    voice: str
    rate: int = DEFAULT_RATE
    takes: Path | None = None  # narration/ folder: <language>/<scene>/<line-id>.wav (or .flac, .mp3)
    cache: Path | None = None
    synthesised: int = 0  # clips made by the engine in this process (0 on a cached run)
    language: str = "en"  # takes are read from narration/<language>/ (English also from narration/<scene>/)

    def scene_takes(self, scene: str) -> Path | None:
        """The folder of one scene's takes in this language."""
        if self.takes is None:
            return None
        folder = self.takes / self.language / scene
        if not folder.is_dir() and self.language == "en" and (self.takes / scene).is_dir():
            return self.takes / scene  # the layout before scripts had languages
        return folder

    def take_for(self, scene: str, line: str) -> Path | None:
        """The recorded take of a line, if the takes folder has one."""
        folder = self.scene_takes(scene)
        if folder is None:
            return None
        for suffix in TAKE_SUFFIXES:
            path = folder / (line + suffix)
            if path.is_file():
                return path
        return None

    def stale_takes(self, scene: str, line_ids: list[str]) -> list[tuple[str, str]]:
        """(take id, why) for each take of ``scene`` that none of its lines (``line_ids``) uses."""
        folder = self.scene_takes(scene)
        return [] if folder is None else stale_takes(folder, line_ids)

    def clip(self, scene: str, text: str) -> Clip:
        """The line ``text`` of ``scene`` as a normalised clip."""
        cache = self.cache or default_cache()
        take = self.take_for(scene, line_id(text))
        if take is not None:
            key = hashlib.sha256(f"take\0{PROCESSING}\0".encode() + take.read_bytes()).hexdigest()[:24]
            out = cache / f"take-{key}.wav"
            if not out.is_file():
                samples, rate = read_audio(take)
                write_wav(out, normalised(samples, rate), rate)
            return Clip(out, wav_seconds(out), f"take {take}")
        engine = ENGINES[self.engine]
        voice = voice_identity(f"{engine.name}:{self.voice}")
        key = hashlib.sha256("\0".join([PROCESSING, voice, str(self.rate), text]).encode()).hexdigest()[:24]
        out = cache / f"{engine.name}-{key}.wav"
        if not out.is_file():
            self._synthesise(engine, text, out)
        return Clip(out, wav_seconds(out), voice_label(f"{engine.name}:{self.voice}"))

    def _synthesise(self, engine: Engine, text: str, out: Path) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            text_file, wav = Path(tmp) / "line.txt", Path(tmp) / "line.wav"
            text_file.write_text(spoken(text) + "\n", encoding="utf-8")
            result = subprocess.run(engine.command(text_file, wav, self.voice, self.rate), capture_output=True,
                                    text=True, timeout=120)
            if result.returncode != 0 or not wav.is_file():
                detail = (result.stderr or result.stdout).strip().splitlines()
                raise VoiceError(f"{engine.name} could not speak {text[:40]!r} with voice {self.voice!r}"
                                 + (f": {detail[-1]}" if detail else ""))
            samples, rate = read_audio(wav)
        write_wav(out, normalised(trimmed(samples), rate), rate)
        self.synthesised += 1


def trimmed(samples: np.ndarray, floor: float = 0.01) -> np.ndarray:
    """Samples without the silence (and faint hiss) an engine leaves before and after the words:
    everything quieter than ``floor`` of the loudest sample."""
    loud = np.flatnonzero(np.abs(samples) > floor * max(np.abs(samples).max(), 1e-9))
    return samples[loud[0]:loud[-1] + 1] if loud.size else samples


def spoken(text: str) -> str:
    """A caption as a speech engine reads it: the true minus sign (−) and the narrow no-break spaces
    of some languages' numbers as the plain characters every engine knows. The script's spoken
    lines hold no other symbols (tests/test_script.py)."""
    text = text.replace("\u2212", "-").replace("\u202f", " ").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


def wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as w:
        return w.getnframes() / w.getframerate()


def stale_takes(folder: Path, line_ids: list[str]) -> list[tuple[str, str]]:
    """(take id, why) for each take in one scene's takes ``folder`` that matches none of ``line_ids``."""
    if not folder.is_dir():
        return []
    return [(p.stem, "matches no line now (its words changed or the line was removed); not used")
            for p in sorted(folder.iterdir()) if p.suffix.lower() in TAKE_SUFFIXES and p.stem not in line_ids]
