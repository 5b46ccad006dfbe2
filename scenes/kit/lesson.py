"""What a scene is about: the weights, the digit and the theme, chosen without editing code.

Settings come from a ``lesson.toml`` file in the current folder (or the file named by
$LESSON_CONFIG), then from environment variables, which win:

    LESSON_DIGIT    a sample index (0, 1, ...) or the path of your own digit image
    LESSON_WEIGHTS  a weights file made by `python -m netcore train`
    LESSON_THEME    dark | light
    LESSON_PALETTE  classic | colorblind   (the two weight colours)
    LESSON_CAPTIONS on | off   (draw the narration at the bottom of the frame; off when a
                    player shows the .srt/.vtt captions instead, as the lesson page does)
"""
from __future__ import annotations

import os
import sys
import tomllib
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np

from netcore import NetcoreError, Network, Trace, paths, samples, weights
from netcore.preprocess import load_image

from .theme import Theme, make_theme

KEYS = ("digit", "weights", "theme", "palette", "captions")


class ConfigError(Exception):
    """A setting that cannot be used, explained in one line."""


@dataclass(frozen=True)
class Settings:
    """The user's choices, as given."""

    digit: str = "0"
    weights: str = str(paths.DEFAULT_WEIGHTS)
    theme: str = "dark"
    palette: str = "classic"
    captions: str = "on"


@dataclass
class Digit:
    """One input digit: its 784 values in [0, 1] and where it came from."""

    pixels: np.ndarray
    label: int | None
    caption: str

    @property
    def image(self) -> np.ndarray:
        return self.pixels.reshape(28, 28)


@dataclass
class Lesson:
    """Everything a scene draws from: the network, the sample digits, the chosen digit, the theme."""

    settings: Settings
    net: Network
    meta: dict
    samples: samples.Samples
    digit: Digit
    theme: Theme

    @cached_property
    def sample_predictions(self) -> np.ndarray:
        """The network's answer for every shipped sample digit (computed once)."""
        return self.net.predict(self.samples.inputs)

    @cached_property
    def trace(self) -> Trace:
        """The forward pass of the chosen digit (computed once)."""
        return self.net.forward(self.digit.pixels)

    def sample_digit(self, i: int) -> Digit:
        """Sample ``i`` of the shipped digits."""
        return sample_digit(self.samples, i)


def sample_digit(sample: samples.Samples, i: int) -> Digit:
    """Sample ``i`` as a Digit captioned with its MNIST test-set index."""
    return Digit(sample.input(i), int(sample.labels[i]), f"MNIST test image #{sample.indices[i]}")


def read_settings(env: dict[str, str] | None = None, cwd: Path | None = None) -> Settings:
    """Settings from lesson.toml (if any) overridden by LESSON_* environment variables."""
    env = dict(os.environ) if env is None else env
    values: dict[str, str] = {}
    config_file = Path(env["LESSON_CONFIG"]) if env.get("LESSON_CONFIG") else (cwd or Path.cwd()) / "lesson.toml"
    if env.get("LESSON_CONFIG") and not config_file.is_file():
        raise ConfigError(f"LESSON_CONFIG names {config_file}, which does not exist")
    if config_file.is_file():
        try:
            data = tomllib.loads(config_file.read_text())
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise ConfigError(f"{config_file}: not valid TOML ({e})") from None
        unknown = set(data) - set(KEYS)
        if unknown:
            raise ConfigError(f"{config_file}: unknown setting(s) {', '.join(sorted(unknown))} (known: {', '.join(KEYS)})")
        values.update({k: str(v) for k, v in data.items()})
        for k in ("weights", "digit"):  # paths in the file are relative to the file
            if k in data and not str(data[k]).strip().isdigit():
                values[k] = str((config_file.parent / str(data[k])).resolve())
    for k in KEYS:
        if env.get(f"LESSON_{k.upper()}"):
            values[k] = env[f"LESSON_{k.upper()}"]
    return Settings(**values)


def load(settings: Settings) -> Lesson:
    """Load and check everything the settings name; raises ConfigError with a clear message."""
    try:
        theme = make_theme(settings.theme, settings.palette)
    except ValueError as e:
        raise ConfigError(str(e)) from None
    if settings.captions not in ("on", "off"):
        raise ConfigError(f"captions must be 'on' or 'off', not {settings.captions!r}")
    try:
        net, meta = weights.load(Path(settings.weights))
        if net.sizes[0] != 784:
            raise ConfigError(f"{settings.weights}: the network takes {net.sizes[0]} inputs; scenes need 784 (28x28)")
        sample = samples.load(paths.SAMPLES)
        text = settings.digit.strip()
        if text.lstrip("-").isdigit():
            i = int(text)
            if not 0 <= i < len(sample):
                raise ConfigError(f"digit {i} is out of range: the shipped sample has {len(sample)} digits (0..{len(sample) - 1})")
            digit = sample_digit(sample, i)
        else:
            digit = Digit(load_image(Path(text)).reshape(-1), None, f"your image {Path(text).name}")
    except NetcoreError as e:
        raise ConfigError(str(e)) from None
    return Lesson(settings, net, meta, sample, digit, theme)


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
