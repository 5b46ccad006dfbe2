"""How numbers are written on screen, in one place (tests format with the same functions)."""
from __future__ import annotations


def fmt(x: float, places: int = 2, sign: bool = False) -> str:
    """``x`` rounded to ``places`` decimals, with a true minus sign (−) and optionally a plus."""
    text = f"{x:+.{places}f}" if sign else f"{x:.{places}f}"
    if text.lstrip("+-").strip("0.") == "":  # no "−0.00"
        text = text.replace("-", "+" if sign else "")
    return text.replace("-", "−")


def format_activation(a: float) -> str:
    """An activation, three decimals."""
    return fmt(a, 3)


def count(n: int) -> str:
    """A whole number with thousands separators: 13,002."""
    return f"{n:,}"


def percent(x: float) -> str:
    """A fraction as a percentage with two decimals: 0.9598 -> 95.98%."""
    return f"{100 * x:.2f}%"


def number_words(n: int) -> str:
    """Small counts in words (one to ten), larger ones in digits."""
    words = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
    return words[n] if 0 <= n < len(words) else count(n)
