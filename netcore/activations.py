"""Activation functions and their derivatives, by name."""
from __future__ import annotations

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


ACTIVATIONS: dict[str, tuple[Callable[[Array], Array], Callable[[Array], Array]]] = {
    "sigmoid": (sigmoid, sigmoid_prime),
    "relu": (relu, relu_prime),
}


def get(name: str) -> tuple[Callable[[Array], Array], Callable[[Array], Array]]:
    """The (function, derivative) pair for an activation name."""
    try:
        return ACTIVATIONS[name]
    except KeyError:
        known = ", ".join(sorted(ACTIVATIONS))
        raise NetcoreError(f"unknown activation {name!r} (known: {known})") from None
