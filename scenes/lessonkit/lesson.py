"""What a scene is about: the lesson set, the item shown and the theme, chosen without editing code.

Settings come from a ``lesson.toml`` file in the current folder (or the file named by
$LESSON_CONFIG), then from environment variables, which win:

    LESSON_ASSETS   a lesson set folder made by `python -m netcore assets` (default: the shipped one)
    LESSON_WEIGHTS  one weights file to use instead of the set's weights.npz
    LESSON_ITEM     a sample index (0, 1, ...) or the path of your own image (LESSON_DIGIT: the same)
    LESSON_THEME    dark | light
    LESSON_PALETTE  classic | colorblind   (the two weight colours)
    LESSON_CAPTIONS on | off   (draw the narration at the bottom of the frame; off when a
                    player shows the .srt/.vtt captions instead, as the lesson page does)
    LESSON_VOICE    off | auto | flite | espeak-ng | festival, optionally :VOICE (flite:awb,
                    espeak-ng:de), or piper:/path/to/voice.onnx: speak every line; each beat then
                    lasts at least as long as its spoken line (default off; scenes/build.py speaks
                    with auto: flite for English, espeak-ng in the script's language otherwise)
    LESSON_RATE     speaking rate in words per minute (default 160)
    LESSON_NARRATION a folder of recorded takes, narration/<language>/<scene>/<line-id>.wav (or .flac,
                    .mp3), each replacing one spoken line (default: ./narration when it exists)
    LESSON_LANGUAGE the script's language: en (default), a shipped translation, or en-XA (pseudo)
    LESSON_SCRIPT   a folder of your own .po files: each line in it replaces the shipped one
    LESSON_FALLBACK on | off: lines a translation lacks are spoken in English (on, listed on
                    stderr) or stop the render (off)
    LESSON_DESCRIBED on | off: speak the descriptions of the picture too, the picture holding while
                    they are spoken (extended audio description)
    LESSON_SPEEDUPS on | off: draw and encode with the lesson's renderer (lessonrender; on) or with
                    Manim's own code (off: slower, the same pictures)

Everything about the topic (image size, class names, the word for one item, the layers and
their activations) is read from the lesson set, and every word from the script
(lessonscript), never written into a scene.
"""
from __future__ import annotations

import os
import sys
import tomllib
from dataclasses import dataclass, fields
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np

from netcore import NetcoreError, Network, Trace, lessonset, paths, samples
from netcore.activations import Activation
from netcore.dataset import DatasetInfo
from netcore.preprocess import load_image

import lessonscript
from lessonvoice import voice as voice_mod

from .theme import Theme, make_theme

ALIASES = {"digit": "item"}  # older names of settings, still read


class ConfigError(Exception):
    """A setting that cannot be used, explained in one line."""


@dataclass(frozen=True)
class Settings:
    """The user's choices, as given."""

    assets: str = str(paths.ASSETS)
    weights: str = ""  # empty: the set's own weights.npz
    item: str = "0"
    theme: str = "dark"
    palette: str = "classic"
    captions: str = "on"
    voice: str = "off"
    rate: str = str(voice_mod.DEFAULT_RATE)
    narration: str = ""  # empty: ./narration when that folder exists
    language: str = lessonscript.BASE
    script: str = ""  # empty: the shipped script only
    fallback: str = "on"  # a translation's missing lines in English (on) or an error (off)
    described: str = "off"  # speak the descriptions in pauses (on)
    speedups: str = "on"  # render with lessonrender (on) or with Manim's own code (off)


KEYS = tuple(f.name for f in fields(Settings))


@dataclass
class Item:
    """One input: its pixel values in [0, 1] (flat), its image shape, label and where it came from."""

    pixels: np.ndarray
    shape: tuple[int, int]
    label: int | None
    caption: str

    @property
    def image(self) -> np.ndarray:
        return self.pixels.reshape(self.shape)


@dataclass(frozen=True)
class Layer:
    """One layer of the network as the lesson names it."""

    index: int  # 0 = input, L = output
    size: int
    name: str  # "input layer", "hidden layer 2", "output layer"
    short: str  # "input", "hidden 2", "output"
    activation: Activation | None  # None for the input layer


@dataclass(frozen=True)
class Trained:
    """One trained network with its metadata and the file it came from."""

    net: Network
    meta: dict
    path: Path


@dataclass(frozen=True)
class Comparison:
    """A sigmoid network and a ReLU one of the same layers and data, and a plain note when they are
    not the lesson's own network and its twin."""

    by_activation: dict[str, Trained]
    note: str | None


@dataclass
class Lesson:
    """Everything a scene draws from: the lesson set (network, twin, snapshots, sample items,
    dataset description), the chosen item and the theme."""

    settings: Settings
    set: lessonset.LessonSet
    item: Item
    theme: Theme
    narrator: voice_mod.Narrator | None = None  # None: silent
    script: lessonscript.Script = None  # every line of the lesson in its language

    def __post_init__(self):
        if self.script is None:
            self.script = lessonscript.english()

    @property
    def net(self) -> Network:
        return self.set.net

    @property
    def samples(self) -> samples.Samples:
        return self.set.samples

    @property
    def trained(self) -> bool:
        """Whether the lesson's network was trained: its weights file records a training run (epochs
        or a history). An untrained network's weights are its random starting values."""
        meta = self.set.meta
        return bool(meta.get("history") or meta.get("epochs_done"))

    @cached_property
    def topic(self) -> DatasetInfo:
        """The dataset: title, noun and plural, class names (in the script's language where the
        dataset gives them in it), image shape."""
        return self.set.info.in_language(self.script.language)

    @property
    def shape(self) -> tuple[int, int]:
        """(rows, cols) of every image."""
        return self.topic.image_shape

    @cached_property
    def layers(self) -> list[Layer]:
        """Every layer, input to output, with its name, size and activation."""
        sizes, last = self.net.sizes, len(self.net.sizes) - 1
        t = self.script
        out = [Layer(0, sizes[0], t("kit.layer-input"), t("kit.layer-input-short"), None)]
        for l in range(1, last):
            out.append(Layer(l, sizes[l], t("kit.layer-hidden", layer=l), t("kit.layer-hidden-short", layer=l),
                             self.net.layer_activation(l)))
        out.append(Layer(last, sizes[last], t("kit.layer-output"), t("kit.layer-output-short"),
                         self.net.layer_activation(last)))
        return out

    def class_name(self, k: int) -> str:
        return self.topic.classes[int(k)]

    @cached_property
    def sample_predictions(self) -> np.ndarray:
        """The network's answer for every sample item (computed once)."""
        return self.net.predict(self.samples.inputs)

    @cached_property
    def trace(self) -> Trace:
        """The forward pass of the chosen item (computed once)."""
        return self.net.forward(self.item.pixels)

    def sample_item(self, i: int) -> Item:
        """Sample ``i`` of the set's test items."""
        return sample_item(self.samples, i, self.topic, self.script)

    @cached_property
    def comparison(self) -> Comparison | None:
        """The networks the sigmoid-against-ReLU chapter compares: the lesson's network and its twin;
        without a twin, the lesson set's own weights.npz and its twin, saying so; None if neither."""
        s = self.set
        chosen, note = s, None
        if s.twin is None:
            try:
                chosen = lessonset.load(s.folder)
            except NetcoreError:
                return None
            if chosen.twin is None:
                return None
            note = self.script("relu.twin-note", weights=s.weights_path.name, folder=s.folder.name,
                               set_weights=chosen.weights_path.name, twin=chosen.twin_path.name)
        pair = [Trained(chosen.net, chosen.meta, chosen.weights_path),
                Trained(chosen.twin, chosen.twin_meta, chosen.twin_path)]
        return Comparison({t.net.activation: t for t in pair}, note)


def sample_item(sample: samples.Samples, i: int, topic: DatasetInfo, script: lessonscript.Script | None = None) -> Item:
    """Sample ``i`` as an Item captioned with its index in the test split."""
    script = script or lessonscript.english()
    return Item(sample.input(i), sample.image_shape, int(sample.labels[i]),
                script("kit.item-sample", title=topic.title, noun=topic.noun, index=str(sample.indices[i])))


def read_settings(env: dict[str, str] | None = None, cwd: Path | None = None,
                  defaults: dict[str, str] | None = None) -> Settings:
    """Settings from lesson.toml (if any) overridden by LESSON_* environment variables; ``defaults``
    (such as the build's voice) stand where neither says anything."""
    env = dict(os.environ) if env is None else env
    values: dict[str, str] = dict(defaults or {})
    config_file = Path(env["LESSON_CONFIG"]) if env.get("LESSON_CONFIG") else (cwd or Path.cwd()) / "lesson.toml"
    if env.get("LESSON_CONFIG") and not config_file.is_file():
        raise ConfigError(f"LESSON_CONFIG names {config_file}, which does not exist")
    if config_file.is_file():
        try:
            data = tomllib.loads(config_file.read_text())
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise ConfigError(f"{config_file}: not valid TOML ({e})") from None
        data = {ALIASES.get(k, k): v for k, v in data.items()}
        unknown = set(data) - set(KEYS)
        if unknown:
            raise ConfigError(f"{config_file}: unknown setting(s) {', '.join(sorted(unknown))} (known: {', '.join(KEYS)})")
        values.update({k: str(v) for k, v in data.items()})
        for k in ("assets", "weights", "item", "narration", "script"):  # paths in the file are relative to the file
            if k in data and str(data[k]).strip() and not str(data[k]).strip().isdigit():
                values[k] = str((config_file.parent / str(data[k])).resolve())
    for old, new in ALIASES.items():
        if env.get(f"LESSON_{old.upper()}") and not env.get(f"LESSON_{new.upper()}"):
            values[new] = env[f"LESSON_{old.upper()}"]
    for k in KEYS:
        if env.get(f"LESSON_{k.upper()}"):
            values[k] = env[f"LESSON_{k.upper()}"]
    return Settings(**values)


def check_speedups(settings: Settings) -> None:
    """ConfigError unless the speedups setting is on or off."""
    if settings.speedups not in ("on", "off"):
        raise ConfigError(f"speedups must be 'on' or 'off', not {settings.speedups!r}")


def load(settings: Settings) -> Lesson:
    """Load and check everything the settings name; raises ConfigError with a clear message."""
    try:
        theme = make_theme(settings.theme, settings.palette)
    except ValueError as e:
        raise ConfigError(str(e)) from None
    if settings.captions not in ("on", "off"):
        raise ConfigError(f"captions must be 'on' or 'off', not {settings.captions!r}")
    if settings.fallback not in ("on", "off"):
        raise ConfigError(f"fallback must be 'on' or 'off', not {settings.fallback!r}")
    if settings.described not in ("on", "off"):
        raise ConfigError(f"described must be 'on' or 'off', not {settings.described!r}")
    check_speedups(settings)
    script = load_script(settings)
    if not Path(settings.assets).is_dir():
        raise ConfigError(f"lesson set {settings.assets} not found: set LESSON_ASSETS (or assets = \"...\" in "
                          "lesson.toml) to a folder made by `python -m netcore assets`, such as the project's assets/")
    narrator = make_narrator(settings)
    try:
        chosen = lessonset.load(Path(settings.assets), Path(settings.weights) if settings.weights else None)
        text = settings.item.strip()
        if text.lstrip("-").isdigit():
            i = int(text)
            if not 0 <= i < len(chosen.samples):
                raise ConfigError(f"item {i} is out of range: the lesson set's sample has {len(chosen.samples)} "
                                  f"{chosen.info.plural} (0..{len(chosen.samples) - 1})")
            item = sample_item(chosen.samples, i, chosen.info.in_language(script.language), script)
        else:
            path = Path(text)
            pixels = load_image(path, chosen.info.image_shape, chosen.info.recipe)
            item = Item(pixels.reshape(-1), chosen.info.image_shape, None, script("kit.item-own", file=path.name))
    except NetcoreError as e:
        raise ConfigError(str(e)) from None
    base = voice_mod.base_language(script.language)
    if base != voice_mod.base_language(lessonscript.BASE) and not chosen.info.speaks(script.language):
        print(f"note: the lesson set {settings.assets} names its {chosen.info.plural} and classes in English only; "
              f"to name them in {script.language}, add classes.{script.language}.txt or a [{script.language}] table "
              "to the dataset's dataset.toml and build the set again", file=sys.stderr)
    return Lesson(settings, chosen, item, theme, narrator, script)


@lru_cache(maxsize=None)
def _script(language: str, own: str, fallback: str) -> lessonscript.Script:
    script = lessonscript.load(language, Path(own) if own else None, fallback == "on")
    lessonscript.report(script)
    return script


def load_script(settings: Settings) -> lessonscript.Script:
    """The script the settings choose (checked whole; read once per choice); ConfigError if it cannot
    be used."""
    try:
        return _script(settings.language, settings.script, settings.fallback)
    except lessonscript.ScriptError as e:
        raise ConfigError(str(e)) from None


def make_narrator(settings: Settings) -> voice_mod.Narrator | None:
    """The narrator the settings ask for: None for a silent lesson; ConfigError for a voice that
    cannot be used (an unknown engine, a missing program, a bad rate or takes folder)."""
    try:
        chosen = voice_mod.parse_voice(settings.voice, settings.language)
    except voice_mod.VoiceError as e:
        raise ConfigError(str(e)) from None
    try:
        rate = int(settings.rate)
    except ValueError:
        rate = -1
    if not voice_mod.RATE_RANGE[0] <= rate <= voice_mod.RATE_RANGE[1]:
        raise ConfigError(f"rate must be a whole number of words per minute from {voice_mod.RATE_RANGE[0]} to "
                          f"{voice_mod.RATE_RANGE[1]}, not {settings.rate!r}")
    takes = Path(settings.narration) if settings.narration else Path("narration")
    if settings.narration and not takes.is_dir():
        raise ConfigError(f"narration folder {takes} not found (it holds recorded takes as <scene>/<line-id>.wav)")
    if chosen is None:
        return None
    return voice_mod.Narrator(*chosen, rate, takes.absolute() if takes.is_dir() else None,
                               language=settings.language)


@lru_cache(maxsize=None)
def _cached(settings: Settings) -> Lesson:
    return load(settings)


def current() -> Lesson:
    """The lesson the current settings describe (loaded once per settings)."""
    return _cached(read_settings())


def current_or_exit() -> Lesson:
    """Like current(), but a bad setting ends the program with one line on stderr and status 2."""
    try:
        return current()
    except ConfigError as e:
        print(f"error: {e}", file=sys.stderr)
        raise SystemExit(2) from None
