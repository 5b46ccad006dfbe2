"""Activation functions by name: each with its function ``fn``, its derivative ``prime`` and a
plain-text ``formula``."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from .errors import NetcoreError

Array = np.ndarray


def sigmoid(z: Array) -> Array:
    """1 / (1 + e^-z), computed as (1 + tanh(z/2)) / 2, which cannot overflow for large |z|."""
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))


def sigmoid_prime(z: Array) -> Array:
    """Derivative of the sigmoid: s(z) (1 - s(z))."""
    s = sigmoid(z)
    return s * (1.0 - s)


def relu(z: Array) -> Array:
    """max(0, z)."""
    return np.maximum(0.0, np.asarray(z, dtype=float))


def relu_prime(z: Array) -> Array:
    """1 where z > 0, else 0 (the subgradient at 0 is taken as 0)."""
    return (np.asarray(z) > 0).astype(float)


@dataclass(frozen=True)
class Activation:
    """One activation function: its name, the function, its derivative and its formula in words."""

    name: str
    fn: Callable[[Array], Array]
    prime: Callable[[Array], Array]
    formula: str
    bounded: bool  # True when every output lies in (0, 1)

    def __call__(self, z: Array) -> Array:
        return self.fn(z)


ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_prime, "1 / (1 + e^-z)", bounded=True),
    "relu": Activation("relu", relu, relu_prime, "max(0, z)", bounded=False),
}


def get(name: str) -> Activation:
    """The activation called ``name``; NetcoreError for an unknown name."""
    try:
        return ACTIVATIONS[name]
    except KeyError:
        known = ", ".join(sorted(ACTIVATIONS))
        raise NetcoreError(f"unknown activation {name!r} (known: {known})") from None


def other(name: str) -> str:
    """The other hidden activation: the twin a lesson set compares against."""
    return "relu" if name == "sigmoid" else "sigmoid"
