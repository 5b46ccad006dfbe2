"""How numbers are written on screen, in one place (tests format with the same functions).

They write in the language of the lesson being drawn (``use``, called by every LessonScene when it
sets up; English until then), through the script's number format (lessonscript.numbers: CLDR's
symbols and grouping)."""
from __future__ import annotations

from lessonscript.numbers import NumberFormat

_current = NumberFormat("en")


def use(numbers: NumberFormat) -> None:
    """Write numbers the way ``numbers`` does from now on."""
    global _current
    _current = numbers


def current() -> NumberFormat:
    return _current


def fmt(x: float, places: int = 2, sign: bool = False) -> str:
    """``x`` rounded to ``places`` decimals, with a true minus sign (−) and optionally a plus."""
    return _current.decimal(x, places, sign)


def format_activation(a: float) -> str:
    """An activation, three decimals."""
    return fmt(a, 3)


def count(n: int) -> str:
    """A whole number with the language's thousands separators: 13,002."""
    return _current.count(n)


def percent(x: float, places: int = 2) -> str:
    """A fraction as a percentage: 0.9598 -> 95.98%."""
    return _current.percent(x, places)
