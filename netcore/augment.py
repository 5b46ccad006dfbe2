"""Images written differently: turned, slanted, stretched, with thicker or thinner strokes.

Training can draw such changes at random (``Distortion``), so the network sees more ways of
writing than its dataset holds; the same functions make a fixed test set of items written
differently from the dataset (``written_differently``), to measure how a network copes with,
say, a digit drawn with a mouse.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Array = np.ndarray


def warp(images: Array, matrices: Array, shifts: Array | None = None) -> Array:
    """Images (n, rows, cols) warped about their centres: output pixel p shows input point
    ``M (p - centre) + centre + shift`` (bilinear; outside the image is 0). ``matrices`` (n, 2, 2)
    act on (row, col); ``shifts`` (n, 2) in pixels. Computed in float32 (training distorts every
    item of every epoch), returned as float64."""
    f = np.float32
    n, rows, cols = images.shape
    centre = np.array([(rows - 1) / 2, (cols - 1) / 2])
    move = np.broadcast_to(centre + (np.asarray(shifts, dtype=float) if shifts is not None else 0.0), (n, 2))
    gr, gc = (np.indices((rows, cols)).reshape(2, 1, -1) - centre[:, None, None]).astype(f)  # (1, p) each
    m, move = np.asarray(matrices).astype(f), move.astype(f)
    pr = m[:, 0, 0, None] * gr + m[:, 0, 1, None] * gc + move[:, 0, None]
    pc = m[:, 1, 0, None] * gr + m[:, 1, 1, None] * gc + move[:, 1, None]
    # A zero border (one pixel before, two after) and coordinates clamped into it make every read
    # valid: a point outside the image reads zeros.
    np.clip(pr, -1, rows, out=pr)
    np.clip(pc, -1, cols, out=pc)
    r0, c0 = np.floor(pr), np.floor(pc)
    pr -= r0
    pc -= c0
    width = cols + 3
    padded = np.pad(np.asarray(images, dtype=f), ((0, 0), (1, 2), (1, 2))).ravel()
    i = (np.arange(n) * ((rows + 3) * width))[:, None] + (r0.astype(np.intp) + 1) * width + c0.astype(np.intp) + 1
    top = padded.take(i)
    top += pc * (padded.take(i + 1) - top)
    bottom = padded.take(i + width)
    bottom += pc * (padded.take(i + width + 1) - bottom)
    top += pr * (bottom - top)
    return top.reshape(n, rows, cols).astype(float)


def linear_maps(turn_degrees: Array, slant: Array, stretch_rows: Array, stretch_cols: Array) -> Array:
    """(n, 2, 2) matrices taking an output position to the input position it shows, for items
    turned clockwise by ``turn_degrees``, slanted (a shear: ``slant`` columns to the right per row
    up) and stretched by the given factors."""
    t = np.radians(turn_degrees)
    cos, sin = np.cos(t), np.sin(t)
    stretch = np.zeros((len(t), 2, 2))
    stretch[:, 0, 0], stretch[:, 1, 1] = stretch_rows, stretch_cols
    shear = np.tile(np.eye(2), (len(t), 1, 1))
    shear[:, 1, 0] = -slant
    turn = np.stack([np.stack([cos, sin], -1), np.stack([-sin, cos], -1)], 1)  # rows grow downwards
    return np.linalg.inv(turn @ shear @ stretch)  # input -> output is stretch, then slant, then turn


def _neighbours(images: Array) -> list[Array]:
    """Each image moved one pixel up, down, left and right (0 fills in), and itself."""
    p = np.pad(images, ((0, 0), (1, 1), (1, 1)))
    return [images, p[:, :-2, 1:-1], p[:, 2:, 1:-1], p[:, 1:-1, :-2], p[:, 1:-1, 2:]]


def thicker(images: Array) -> Array:
    """Strokes about a pixel wider: each pixel the brightest of itself and its four neighbours."""
    return np.maximum.reduce(_neighbours(images))


def thinner(images: Array) -> Array:
    """Strokes about a pixel narrower: each pixel the darkest of itself and its four neighbours,
    brightened back so the ink keeps its strength."""
    thin = np.minimum.reduce(_neighbours(images))
    peak = thin.reshape(len(thin), -1).max(axis=1)
    scale = np.where(peak > 0, images.reshape(len(images), -1).max(axis=1) / np.maximum(peak, 1e-12), 1.0)
    return np.clip(thin * scale[:, None, None], 0, 1)


@dataclass(frozen=True)
class Distortion:
    """How far training may change each item, drawn uniformly at random per item: a turn of up to
    ``turn`` degrees either way, a slant of up to ``slant``, a stretch of each axis by up to
    ``stretch`` (0.1 = 10%), and, with probability ``stroke`` each, thicker or thinner strokes."""

    turn: float = 0.0
    slant: float = 0.0
    stretch: float = 0.0
    stroke: float = 0.0

    @property
    def active(self) -> bool:
        return any((self.turn, self.slant, self.stretch, self.stroke))

    def apply(self, x: Array, shape: tuple[int, int], rng: np.random.Generator) -> Array:
        """A batch of flat inputs (n, rows*cols), each distorted at random."""
        n = len(x)
        images = x.reshape(n, *shape)
        u = lambda size: rng.uniform(-size, size, n)
        maps = linear_maps(u(self.turn), u(self.slant), 1 + u(self.stretch), 1 + u(self.stretch))
        images = warp(images, maps)
        if self.stroke:
            pick = rng.random(n)
            thick, thin = pick < self.stroke, (pick >= self.stroke) & (pick < 2 * self.stroke)
            if thick.any():
                images[thick] = thicker(images[thick])
            if thin.any():
                images[thin] = thinner(images[thin])
        return np.clip(images, 0, 1).reshape(n, -1)


#: What ``--distort`` trains with: mild enough that MNIST's own test accuracy stays above 95.5%
#: with 16-neuron layers, strong enough to help with digits written differently (README).
HANDWRITING = Distortion(turn=10, slant=0.15, stretch=0.1, stroke=0.1)

#: The ways of writing differently that ``written_differently`` makes, by name.
VARIANTS = ("turned left", "turned right", "slanted", "narrow", "wide", "thick", "thin", "mixed")


def written_differently(images: Array, variant: str, seed: int = 0) -> Array:
    """Images (n, rows, cols) in [0, 1] written one of the VARIANTS ways: turned 20 degrees,
    slanted by 0.35, squeezed or widened by 25%, a pixel thicker or thinner, or ``mixed``: a random
    turn (up to 20 degrees), slant (0.35), stretch (25%) and stroke change for each item."""
    n = len(images)
    one = lambda v: np.full(n, float(v))
    if variant == "turned left":
        return warp(images, linear_maps(one(-20), one(0), one(1), one(1)))
    if variant == "turned right":
        return warp(images, linear_maps(one(20), one(0), one(1), one(1)))
    if variant == "slanted":
        return warp(images, linear_maps(one(0), one(0.35), one(1), one(1)))
    if variant == "narrow":
        return warp(images, linear_maps(one(0), one(0), one(1), one(0.75)))
    if variant == "wide":
        return warp(images, linear_maps(one(0), one(0), one(1), one(1.25)))
    if variant == "thick":
        return thicker(images)
    if variant == "thin":
        return thinner(images)
    if variant == "mixed":
        rng = np.random.default_rng(seed)
        d = Distortion(turn=20, slant=0.35, stretch=0.25, stroke=1 / 3)
        return d.apply(images.reshape(n, -1), images.shape[1:], rng).reshape(images.shape)
    raise ValueError(f"unknown variant {variant!r} (known: {', '.join(VARIANTS)})")
