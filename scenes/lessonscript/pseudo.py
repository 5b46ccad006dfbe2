"""en-XA, a pseudo-language made from the English script: every letter accented (so a plain ASCII
letter left on screen or in the page is a word that did not come from the script), every word about
40% longer (its vowels doubled, as German or Finnish would lengthen it), each line in [brackets]
(so a cut-off line shows). Placeholders, plural keys and # are kept, so every line works as English."""
from __future__ import annotations

from . import messages

ACCENTED = dict(zip(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "áƀçđéƒĝĥíĵķĺɱñóþʠŕšţúʋŵẋýžÁƁÇĐÉƑĜĤÍĴĶĹṀÑÓÞǪŔŠŢÚṼŴẊÝŽ"))
VOWELS = set("aeiouAEIOU")


def accent(text: str) -> str:
    """Every ASCII letter accented, every vowel doubled."""
    out = []
    for ch in text:
        mapped = ACCENTED.get(ch, ch)
        out.append(mapped * 2 if ch in VOWELS else mapped)
    return "".join(out)


def pseudo_text(english: str) -> str:
    """One English line in en-XA, still in the line syntax (placeholders kept)."""
    return "[" + messages.map_text(messages.parse(english), accent) + "]"


def pseudo_lines(base: dict) -> dict:
    """The whole base script in en-XA."""
    from .catalog import Line

    out = {}
    for line_id, line in base.items():
        text = pseudo_text(line.text)
        out[line_id] = Line(line_id, text, messages.parse(text), line.source, line.text)
    return out


def has_plain_letters(text: str, allowed: tuple[str, ...] = ()) -> list[str]:
    """The words of ``text`` with plain ASCII letters, after taking out the ``allowed`` strings (data such
    as class names, which are not the script's)."""
    for a in sorted(allowed, key=len, reverse=True):
        if a:
            text = text.replace(a, " ")
    return [w for w in text.split() if any("a" <= c.lower() <= "z" for c in w)]
