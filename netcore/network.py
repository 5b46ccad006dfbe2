"""The multilayer perceptron: layer sizes, weights, biases and a forward pass that keeps every number."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import activations
from .errors import NetcoreError

Array = np.ndarray

DEFAULT_SIZES = (784, 16, 16, 10)
#: The output layer is always a sigmoid, so every output lies in (0, 1) as the lesson draws it.
OUTPUT_ACTIVATION = "sigmoid"


@dataclass
class Trace:
    """Everything one forward pass computed.

    Layers are numbered as in the lesson: layer 0 is the input, layer L the output.
    ``a(l)`` is the activation vector of layer l and ``z(l)`` (l >= 1) the weighted
    sums W a(l-1) + b that went into it. For a batch, each has a leading batch axis.
    """

    activations: list[Array]
    weighted_sums: list[Array]

    def a(self, layer: int) -> Array:
        """Activations of layer ``layer`` (0 = the input pixels)."""
        return self.activations[layer]

    def z(self, layer: int) -> Array:
        """Weighted sums of layer ``layer`` (1 .. L), before the activation function."""
        if layer < 1:
            raise IndexError("the input layer has no weighted sums; layers start at 1")
        return self.weighted_sums[layer - 1]

    @property
    def output(self) -> Array:
        """The output layer's activations."""
        return self.activations[-1]

    @property
    def prediction(self) -> Array | int:
        """Index of the most active output neuron (per image for a batch)."""
        p = np.argmax(self.output, axis=-1)
        return int(p) if p.ndim == 0 else p


class Network:
    """A fully connected network. ``weights[l]`` has shape (sizes[l+1], sizes[l]):
    row k holds the weights into neuron k of layer l+1, which pairs with ``biases[l][k]``.

    Hidden layers use ``activation`` ("sigmoid" or "relu"); the output layer is always
    a sigmoid (``layer_activations`` names each layer's).
    """

    def __init__(self, weights: list[Array], biases: list[Array], activation: str = "sigmoid"):
        activations.get(activation)
        if len(weights) != len(biases) or not weights:
            raise NetcoreError("a network needs one bias vector per weight matrix")
        for l, (w, b) in enumerate(zip(weights, biases)):
            if w.ndim != 2 or b.shape != (w.shape[0],):
                raise NetcoreError(
                    f"layer {l + 1}: weights {w.shape} and biases {b.shape} do not fit together"
                )
            if l and w.shape[1] != weights[l - 1].shape[0]:
                raise NetcoreError(
                    f"layer {l + 1}: takes {w.shape[1]} inputs but layer {l} has {weights[l - 1].shape[0]} neurons"
                )
        self.weights = [np.asarray(w, dtype=float) for w in weights]
        self.biases = [np.asarray(b, dtype=float) for b in biases]
        self.activation = activation

    @classmethod
    def random(cls, sizes: tuple[int, ...] = DEFAULT_SIZES, activation: str = "sigmoid",
               seed: int = 0) -> "Network":
        """Fresh, untrained weights: Glorot-uniform for sigmoid layers, He for ReLU; zero biases."""
        if len(sizes) < 2 or any(int(n) < 1 for n in sizes):
            raise NetcoreError(f"layer sizes must be two or more positive numbers, got {sizes}")
        rng = np.random.default_rng(seed)
        weights, biases = [], []
        for l, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
            hidden = l < len(sizes) - 2
            if hidden and activation == "relu":
                limit = np.sqrt(6.0 / n_in)
            else:
                limit = np.sqrt(6.0 / (n_in + n_out))
            weights.append(rng.uniform(-limit, limit, size=(n_out, n_in)))
            biases.append(np.zeros(n_out))
        return cls(weights, biases, activation)

    @property
    def sizes(self) -> tuple[int, ...]:
        """Neurons per layer, input first."""
        return (self.weights[0].shape[1],) + tuple(w.shape[0] for w in self.weights)

    @property
    def n_layers(self) -> int:
        """Number of weight layers L (the output layer's number)."""
        return len(self.weights)

    @property
    def n_params(self) -> int:
        """Count of all weights and biases, from the arrays' shapes."""
        return sum(w.size + b.size for w, b in zip(self.weights, self.biases))

    @property
    def layer_activations(self) -> list[str]:
        """The activation's name for each layer 1 .. L: the hidden one, then sigmoid for the output."""
        return [self.activation] * (self.n_layers - 1) + [OUTPUT_ACTIVATION]

    def layer_activation(self, layer: int) -> activations.Activation:
        """The activation used by layer ``layer`` (1 .. L): its ``fn``, ``prime`` and ``formula``."""
        if not 1 <= layer <= self.n_layers:
            raise IndexError(f"layer {layer} does not exist; layers with an activation are 1 .. {self.n_layers}")
        return activations.get(self.layer_activations[layer - 1])

    def forward(self, x: Array) -> Trace:
        """Run one input (a vector of ``sizes[0]`` values, or an image with that many pixels) or a
        batch of them; keep every z and a."""
        return self.forward_unchecked(self._as_input(x))

    def forward_unchecked(self, a: Array) -> Trace:
        """forward() for inputs already known to be finite floats of shape (n, sizes[0]): the training loop's path."""
        acts, sums = [a], []
        for l, (w, b) in enumerate(zip(self.weights, self.biases), start=1):
            z = a @ w.T + b
            a = self.layer_activation(l).fn(z)
            sums.append(z)
            acts.append(a)
        return Trace(acts, sums)

    def predict(self, x: Array) -> Array | int:
        """The class (index of the brightest output) for one input or a batch."""
        return self.forward(x).prediction

    def copy(self) -> "Network":
        """An independent copy of the parameters."""
        return Network([w.copy() for w in self.weights], [b.copy() for b in self.biases], self.activation)

    def _as_input(self, x: Array) -> Array:
        x = np.asarray(x, dtype=float)
        n = self.sizes[0]
        if x.ndim in (2, 3) and x.shape[-1] != n and x.shape[-2] * x.shape[-1] == n:
            x = x.reshape(x.shape[:-2] + (n,))  # an image (or a batch of images) with n pixels
        if x.ndim not in (1, 2) or x.shape[-1] != n:
            raise NetcoreError(f"input has shape {x.shape}; expected ({n},) or (batch, {n})")
        if not np.all(np.isfinite(x)):
            raise NetcoreError("input contains NaN or infinite values")
        return x
