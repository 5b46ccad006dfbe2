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


def _sans_template():
    """Manim's default TeX template with sans-serif mathematics (sansmath), so formulas share the
    look of the labels (DejaVu Sans) instead of meeting them in a serif."""
    from manim import TexTemplate

    template = TexTemplate()
    template.add_to_preamble(r"\usepackage{sansmath}" "\n" r"\sansmath")
    return template


class Formula:
    """MathTex in the lesson's sans-serif mathematics: Formula(r"a^{(1)}", color=...) is a MathTex."""

    _template = None

    def __new__(cls, *tex_strings, **kwargs):
        from lessonrender import MathTex  # Manim's MathTex, its glyphs kept between renders

        if Formula._template is None:
            Formula._template = _sans_template()
        kwargs.setdefault("tex_template", Formula._template)
        return MathTex(*tex_strings, **kwargs)
