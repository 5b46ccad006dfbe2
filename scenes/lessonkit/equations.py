"""Activation functions written as formulas, from the layer's own activation (never assumed)."""
from __future__ import annotations

from netcore.activations import Activation

#: How each netcore activation is written: its symbol and its right-hand side in a variable.
SYMBOLS = {"sigmoid": r"\sigma", "relu": r"\mathrm{ReLU}"}
BODIES = {"sigmoid": r"\frac{1}{1 + e^{-%s}}", "relu": r"\max(0, %s)"}
#: What each one does to a weighted sum, in words, for captions.
WORDS = {"sigmoid": "squishes any number into the range 0 to 1",
         "relu": "keeps a positive number as it is and turns a negative one into 0"}


def symbol(activation: Activation) -> str:
    """The activation's symbol in TeX: \\sigma, \\mathrm{ReLU}."""
    return SYMBOLS.get(activation.name, rf"\mathrm{{{activation.name}}}")


def definition(activation: Activation, var: str = "z") -> str:
    """'symbol(var) = body' in TeX."""
    body = BODIES.get(activation.name, r"\mathrm{" + activation.formula.replace("z", "%s") + "}") % var
    return f"{symbol(activation)}({var}) = {body}"


def words(activation: Activation) -> str:
    """What the activation does, for a caption."""
    return WORDS.get(activation.name, f"computes {activation.formula}")


def plain(activation: Activation) -> str:
    """The symbol as plain text for captions: σ, ReLU."""
    return {"sigmoid": "σ", "relu": "ReLU"}.get(activation.name, activation.name)
