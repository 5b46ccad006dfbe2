"""Numbers written the language's way, from CLDR's locale data (through Babel): decimal separator,
thousands grouping, percent sign and its spacing, and the plural category of a count.

The digits are rounded first by Python's own formatting (as netcore's numbers always were), then
written with the locale's symbols, so 0.8735 rounds the same in every language. A negative number
takes a true minus sign (−) where the locale writes the hyphen.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.numbers import get_minus_sign_symbol, parse_pattern

MINUS = "\u2212"


@dataclass(frozen=True)
class Num:
    """A decimal number to be written with ``places`` decimals (and a + for positives when ``sign``)."""

    value: float
    places: int = 2
    sign: bool = False


def spoken(x: float, places: int = 2) -> Num:
    """``x`` as a voice says it: at most ``places`` decimals, without trailing zeros (1, not 1.00;
    10.7, not 10.70)."""
    x = float(x)
    return Num(x, next(p for p in range(places + 1) if round(x, places) == round(x, p)))


@dataclass(frozen=True)
class Pct:
    """A fraction to be written as a percentage with ``places`` decimals: Pct(0.9578) is 95.78%."""

    value: float
    places: int = 2


@lru_cache(maxsize=None)
def locale_of(tag: str) -> Locale:
    """Babel's locale for a language tag such as en, de, pt-BR; the pseudo-languages (en-XA) are
    written as their base language. Raises ValueError for a tag CLDR does not know."""
    base = tag.split("-XA")[0] if tag.endswith("-XA") else tag
    try:
        return Locale.parse(base.replace("-", "_"))
    except (UnknownLocaleError, ValueError) as e:
        raise ValueError(f"unknown language {tag!r} ({e})") from None


class NumberFormat:
    """How one language writes numbers."""

    def __init__(self, tag: str = "en"):
        self.tag = tag
        self.locale = locale_of(tag)
        self._minus = get_minus_sign_symbol(self.locale)

    def _apply(self, pattern_text: str, value: Decimal, places: int) -> str:
        pattern = parse_pattern(pattern_text)
        pattern.frac_prec = (places, places)
        return pattern.apply(value, self.locale)

    def _signed(self, magnitude: str, negative: bool, plus: bool) -> str:
        if negative:
            minus = MINUS if self._minus.strip("\u200e\u200f") == "-" else self._minus
            return minus + magnitude
        if plus:
            return "+" + magnitude
        return magnitude

    def decimal(self, x: float, places: int = 2, sign: bool = False) -> str:
        """``x`` with ``places`` decimals; never −0.00."""
        digits = f"{abs(float(x)):.{places}f}"
        negative = float(x) < 0 and digits.strip("0.") != ""
        text = self._apply(self.locale.decimal_formats[None].pattern, Decimal(digits), places)
        return self._signed(text, negative, sign)

    def count(self, n: int) -> str:
        """A whole number, grouped the language's way: 13,002 / 13.002."""
        text = self._apply(self.locale.decimal_formats[None].pattern, Decimal(abs(int(n))), 0)
        return self._signed(text, int(n) < 0, False)

    def percent(self, x: float, places: int = 2) -> str:
        """A fraction as a percentage: 95.78% / 95,78 %."""
        digits = f"{abs(100 * float(x)):.{places}f}"
        negative = float(x) < 0 and digits.strip("0.") != ""
        text = self._apply(self.locale.percent_formats[None].pattern, Decimal(digits) / 100, places)
        return self._signed(text, negative, False)

    def write(self, value) -> str:
        """Any value a line is filled with: Num, Pct, whole numbers, or text as it is."""
        if isinstance(value, Num):
            return self.decimal(value.value, value.places, value.sign)
        if isinstance(value, Pct):
            return self.percent(value.value, value.places)
        if isinstance(value, bool):
            raise TypeError("a line cannot be filled with True or False; use a select with words")
        if isinstance(value, int) or (hasattr(value, "dtype") and value.dtype.kind in "iu"):
            return self.count(int(value))
        if isinstance(value, float) or hasattr(value, "dtype"):
            raise TypeError(f"write a decimal number as Num(x, places) or Pct(x), not the bare {value!r}")
        return str(value)

    def plural_category(self, n: float) -> str:
        """CLDR's plural category of ``n`` in this language: one, two, few, many or other."""
        return self.locale.plural_form(abs(n))
