"""Lines with named placeholders, plurals and choices, in ICU MessageFormat's syntax (the subset a
lesson needs), which Weblate, Crowdin and Lokalise know:

    {answer}                                          a value the scene fills in
    {layers, plural, one {# hidden layer} other {# hidden layers}}   by the language's plural rules
    {layers, plural, =2 {two hidden layers} other {# hidden layers}} an exact number first
    {colour, select, green {green} red {red} other {coloured}}       a choice by a word

``#`` inside a plural is its number, written the language's way. An apostrophe quotes the braces
and ``#`` that follow it ('{' is a literal brace; '' is one apostrophe); any other apostrophe,
as in "network's", is just an apostrophe.
"""
from __future__ import annotations

import numbers

import re
from dataclasses import dataclass, field
from typing import Callable, Union

NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class MessageError(ValueError):
    """A line that cannot be parsed or filled, explained in words."""


@dataclass(frozen=True)
class Arg:
    """{name}: a value put in as it is (numbers written the language's way)."""

    name: str


@dataclass(frozen=True)
class Hash:
    """# inside a plural: the plural's number."""


@dataclass(frozen=True)
class Choice:
    """{name, plural, ...} or {name, select, ...}: one branch picked by the value."""

    name: str
    kind: str  # "plural" or "select"
    branches: dict[str, "Nodes"] = field(default_factory=dict)


Node = Union[str, Arg, Hash, Choice]
Nodes = tuple  # of Node


def parse(text: str) -> Nodes:
    """The line's parts: plain text, placeholders and choices; MessageError if it is malformed."""
    nodes, end = _parse(text, 0, in_plural=False, top=True)
    return nodes


def _parse(text: str, i: int, in_plural: bool, top: bool) -> tuple[Nodes, int]:
    out: list[Node] = []
    buf: list[str] = []

    def flush():
        if buf:
            out.append("".join(buf))
            buf.clear()

    while i < len(text):
        ch = text[i]
        if ch == "'":
            if text.startswith("''", i):
                buf.append("'")
                i += 2
                continue
            if i + 1 < len(text) and text[i + 1] in "{}#":
                close = text.find("'", i + 1)
                if close < 0:
                    raise MessageError(f"a quote at character {i + 1} is never closed")
                buf.append(text[i + 1:close])
                i = close + 1
                continue
            buf.append(ch)
            i += 1
        elif ch == "{":
            flush()
            node, i = _parse_arg(text, i + 1, in_plural)
            out.append(node)
        elif ch == "}":
            if top:
                raise MessageError(f"a closing brace at character {i + 1} has no opening one")
            flush()
            return tuple(out), i
        elif ch == "#" and in_plural:
            flush()
            out.append(Hash())
            i += 1
        else:
            buf.append(ch)
            i += 1
    if not top:
        raise MessageError("a brace is opened and never closed")
    flush()
    return tuple(out), i


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _parse_arg(text: str, i: int, in_plural: bool) -> tuple[Node, int]:
    i = _skip_space(text, i)
    m = NAME.match(text, i)
    if not m:
        snippet = text[i:i + 12]
        raise MessageError(f"a placeholder needs a name of letters, digits and _, not {{{snippet}")
    name = m.group()
    i = _skip_space(text, m.end())
    if i < len(text) and text[i] == "}":
        return Arg(name), i + 1
    if i >= len(text) or text[i] != ",":
        raise MessageError(f"placeholder {{{name}}} is not closed")
    i = _skip_space(text, i + 1)
    m = NAME.match(text, i)
    kind = m.group() if m else ""
    if kind not in ("plural", "select"):
        raise MessageError(f"{{{name}, {kind or '...'}}}: only plural and select are known")
    i = _skip_space(text, m.end())
    if i >= len(text) or text[i] != ",":
        raise MessageError(f"{{{name}, {kind}}} needs a comma before its branches")
    i = _skip_space(text, i + 1)
    branches: dict[str, Nodes] = {}
    while i < len(text) and text[i] != "}":
        m = re.compile(r"=\d+|[A-Za-z_][A-Za-z0-9_-]*").match(text, i)
        if not m:
            raise MessageError(f"{{{name}, {kind}}}: a branch needs a key such as one, other or =2")
        key = m.group()
        if key.startswith("=") and kind != "plural":
            raise MessageError(f"{{{name}, select}}: =N keys belong to plurals")
        i = _skip_space(text, m.end())
        if i >= len(text) or text[i] != "{":
            raise MessageError(f"{{{name}, {kind}}}: the branch {key} needs its text in braces")
        body, i = _parse(text, i + 1, in_plural=(kind == "plural") or in_plural, top=False)
        if key in branches:
            raise MessageError(f"{{{name}, {kind}}}: the branch {key} is given twice")
        branches[key] = body
        i = _skip_space(text, i + 1)
    if i >= len(text):
        raise MessageError(f"{{{name}, {kind}}} is never closed")
    if "other" not in branches:
        raise MessageError(f"{{{name}, {kind}}} needs an 'other' branch")
    return Choice(name, kind, branches), i + 1


def placeholders(nodes: Nodes) -> dict[str, str]:
    """Every placeholder a line uses, with how: 'value', 'plural' or 'select'."""
    found: dict[str, str] = {}
    for node in nodes:
        if isinstance(node, Arg):
            found.setdefault(node.name, "value")
        elif isinstance(node, Choice):
            found[node.name] = node.kind
            for body in node.branches.values():
                for k, v in placeholders(body).items():
                    found.setdefault(k, v)
    return found


def select_keys(nodes: Nodes) -> dict[str, set[str]]:
    """For each select placeholder, the keys its branches name (besides 'other')."""
    found: dict[str, set[str]] = {}
    for node in nodes:
        if isinstance(node, Choice):
            if node.kind == "select":
                found.setdefault(node.name, set()).update(k for k in node.branches if k != "other")
            for body in node.branches.values():
                for k, v in select_keys(body).items():
                    found.setdefault(k, set()).update(v)
    return found


def fill(nodes: Nodes, values: dict, write: Callable[[object], str], category: Callable[[float], str],
         number: float | None = None, hash_value: object = None) -> str:
    """The line with ``values`` put in: ``write`` writes a value, ``category`` names a number's
    plural category (one, few, other...). A missing value raises MessageError."""
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, Hash):
            out.append(write(hash_value))
        elif isinstance(node, Arg):
            if node.name not in values:
                raise MessageError(f"the scene gives no value for {{{node.name}}}")
            out.append(write(values[node.name]))
        else:
            if node.name not in values:
                raise MessageError(f"the scene gives no value for {{{node.name}}}")
            value = values[node.name]
            if node.kind == "plural":
                n = _as_number(value)
                if n is None:
                    raise MessageError(f"{{{node.name}, plural}} needs a number, not {value!r}")
                exact = f"={int(n)}" if float(n).is_integer() else None
                key = exact if exact in node.branches else category(n)
                body = node.branches.get(key, node.branches["other"])
                out.append(fill(body, values, write, category, n, value))
            else:
                body = node.branches.get(str(value), node.branches["other"])
                out.append(fill(body, values, write, category, number, hash_value))
    return "".join(out)


def _as_number(value) -> float | None:
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return None
    if isinstance(value, numbers.Integral):  # numpy's integers too: a count straight from an array
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    inner = getattr(value, "value", None)  # a formatted number (lessonscript.numbers)
    return inner if isinstance(inner, (int, float)) else None


def map_text(nodes: Nodes, change: Callable[[str], str]) -> str:
    """The line written back out in its syntax, every piece of plain text passed through ``change``
    (placeholders, keys and # untouched): how the pseudo-language is made."""
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(_quote(change(node)))
        elif isinstance(node, Hash):
            out.append("#")
        elif isinstance(node, Arg):
            out.append("{" + node.name + "}")
        else:
            parts = " ".join(f"{k} {{{map_text(body, change)}}}" for k, body in node.branches.items())
            out.append(f"{{{node.name}, {node.kind}, {parts}}}")
    return "".join(out)


def _quote(text: str) -> str:
    """Plain text made safe to write back: apostrophes doubled where they would start a quote, and
    braces and # quoted."""
    out = []
    for ch in text:
        if ch in "{}#":
            out.append(f"'{ch}'")
        elif ch == "'":
            out.append("''")
        else:
            out.append(ch)
    return "".join(out)
