"""Activation functions written as formulas, from the layer's own activation (never assumed)."""
from __future__ import annotations

from netcore.activations import Activation

#: How each netcore activation is written: its symbol and its right-hand side in a variable.
SYMBOLS = {"sigmoid": r"\sigma", "relu": r"\mathrm{ReLU}"}
BODIES = {"sigmoid": r"\frac{1}{1 + e^{-%s}}", "relu": r"\max(0, %s)"}


def symbol(activation: Activation) -> str:
    """The activation's symbol in TeX: \\sigma, \\mathrm{ReLU}."""
    return SYMBOLS.get(activation.name, rf"\mathrm{{{activation.name}}}")


def definition(activation: Activation, var: str = "z") -> str:
    """'symbol(var) = body' in TeX."""
    body = BODIES.get(activation.name, r"\mathrm{" + activation.formula.replace("z", "%s") + "}") % var
    return f"{symbol(activation)}({var}) = {body}"


def words(activation: Activation, script) -> str:
    """What the activation does, for a caption, in the script's words (line kit.activation-does)."""
    return script("kit.activation-does", activation=activation.name, formula=activation.formula)


def plain(activation: Activation) -> str:
    """The symbol as plain text for captions: σ, ReLU."""
    return {"sigmoid": "σ", "relu": "ReLU"}.get(activation.name, activation.name)
