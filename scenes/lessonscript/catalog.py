"""The script: every line of the lesson in one language, read from gettext catalogues (.po files).

The shipped English script (``en/*.po`` beside this file, one file per chapter plus ``kit.po`` for
words the shared pieces draw and ``page.po`` for the lesson page) is the base: its line ids, and the
placeholders each line uses, are what the scenes ask for. Every entry is

    #. what the line is for, and what each placeholder holds
    msgctxt "layers.unroll"                  the line's id
    msgid "Unrolled, the pixels become..."    the English line
    msgstr ""                                 this language's line ("" in English: the msgid)

A translation (``de/*.po``) or a teacher's own folder (``script = "my-script"``) holds entries of
the same form; each entry it has replaces that line, so a teacher's folder may hold three lines.
Everything is checked when the script is loaded, before anything is drawn.
"""
from __future__ import annotations

import io
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from babel.messages.pofile import PoFileError, read_po

from . import messages
from .numbers import NumberFormat

HERE = Path(__file__).resolve().parent
BASE = "en"
PSEUDO = "en-XA"


class ScriptError(Exception):
    """A problem with a script, in one line naming the file, the line id and what is wrong."""


@dataclass(frozen=True)
class Line:
    """One line of the script."""

    id: str
    text: str  # in this script's language
    nodes: tuple
    source: Path  # the file it was read from
    english: str  # the base line it stands for


@dataclass
class Script:
    """Every line of the lesson in one language, with that language's numbers and plurals."""

    language: str
    lines: dict[str, Line]
    numbers: NumberFormat
    fell_back: list[str] = field(default_factory=list)  # ids taken from English, the translation lacking them
    notes: list[str] = field(default_factory=list)  # warnings (a teacher's line written for older wording)

    def __call__(self, line_id: str, **values) -> str:
        """The line ``line_id`` with ``values`` put in (numbers as Num, Pct or whole numbers)."""
        line = self.lines.get(line_id)
        if line is None:
            raise ScriptError(f"{line_id}: no such line in the script (a scene asks for it; add it to "
                              f"{HERE / BASE}/)")
        try:
            return messages.fill(line.nodes, values, self.numbers.write, self.numbers.plural_category)
        except (messages.MessageError, TypeError) as e:
            raise ScriptError(f"{line.source}: {line_id}: {e}") from None

    def has(self, line_id: str) -> bool:
        return line_id in self.lines

    def ids(self) -> list[str]:
        return list(self.lines)


def shipped_languages() -> list[str]:
    """The languages with a script beside this file, and the pseudo-language."""
    return sorted(p.name for p in HERE.iterdir() if p.is_dir() and list(p.glob("*.po"))) + [PSEUDO]


PO_LINE = re.compile(r'(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\.)*"\s*')


EMPTY_MSGID = re.compile(r'^msgctxt\s+"((?:[^"\\]|\\.)*)"\s*\nmsgid\s+""\s*\n(?!")', re.M)


def check_syntax(path: Path, text: str) -> None:
    """ScriptError naming the first line of a .po file that is neither a comment, a keyword with its
    quoted string, nor a quoted continuation (Babel's reader skips such lines without a word)."""
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and not PO_LINE.fullmatch(stripped):
            what = "a string is not closed" if stripped.count('"') % 2 else "not a .po line"
            raise ScriptError(f"{path}: line {number}: {what}: {stripped[:60]}")


def read_entries(folder: Path) -> dict[str, tuple[str, str, Path]]:
    """{id: (english, text, file)} from every .po file in ``folder``; ScriptError if a file is malformed
    or an id is given twice."""
    entries: dict[str, tuple[str, str, Path]] = {}
    files = sorted(folder.glob("*.po"))
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
            check_syntax(path, text)
            catalog = read_po(io.StringIO(text), abort_invalid=True)
            empty = EMPTY_MSGID.search(text)
            if empty:
                raise ScriptError(f"{path}: {empty.group(1)}: msgid is empty (it holds the English words the line "
                                  "replaces; Babel would read the entry as the file's header)")
        except (PoFileError, UnicodeDecodeError, ValueError) as e:
            raise ScriptError(f"{path}: not a readable .po file ({e})") from None
        for message in catalog:
            if not message.id:
                continue  # the header
            if message.pluralizable:
                raise ScriptError(f"{path}: {message.context or message.id[0]}: gettext plural forms are not used "
                                  "here; write {n, plural, one {...} other {...}} in one line")
            if not message.context:
                raise ScriptError(f"{path}: the entry {message.id[:40]!r} has no msgctxt (its line id)")
            if message.context in entries:
                raise ScriptError(f"{path}: {message.context}: given twice (also in {entries[message.context][2].name})")
            entries[message.context] = (message.id, message.string or "", path)
    return entries


def _parsed(line_id: str, text: str, path: Path) -> tuple:
    try:
        return messages.parse(text)
    except messages.MessageError as e:
        raise ScriptError(f"{path}: {line_id}: {e}") from None


def load_base() -> dict[str, Line]:
    """The shipped English script."""
    folder = HERE / BASE
    lines = {}
    for line_id, (english, text, path) in read_entries(folder).items():
        if text and text != english:
            raise ScriptError(f"{path}: {line_id}: the English script keeps its words in msgid (msgstr stays empty)")
        lines[line_id] = Line(line_id, english, _parsed(line_id, english, path), path, english)
    return lines


def _overlay(base: dict[str, Line], folder: Path, script: Script, partial: bool, strict: bool) -> None:
    """Put the lines of ``folder`` over ``script.lines``, checking each against the base line it replaces.
    Lines a full translation (``partial`` False) lacks fall back to English, or fail when ``strict``."""
    entries = read_entries(folder)
    for line_id, (english, text, path) in entries.items():
        if line_id not in base:
            raise ScriptError(f"{path}: {line_id}: no scene uses this line id (is it misspelt? the ids are the "
                              f"msgctxt lines of {HERE / BASE}/)")
        if not text:
            continue  # not written yet: the line stays as it is
        nodes = _parsed(line_id, text, path)
        known = messages.placeholders(base[line_id].nodes)
        for name, how in messages.placeholders(nodes).items():
            if name not in known:
                offered = ", ".join("{" + k + "}" for k in known) or "none"
                raise ScriptError(f"{path}: {line_id}: unknown placeholder {{{name}}} (this line offers {offered})")
            if how == "plural" and known[name] == "select" or how == "select" and known[name] == "plural":
                raise ScriptError(f"{path}: {line_id}: {{{name}}} is a {known[name]} in English, not a {how}")
        base_keys = messages.select_keys(base[line_id].nodes)
        for name, keys in messages.select_keys(nodes).items():
            unknown = keys - base_keys.get(name, set())
            if name in base_keys and unknown:
                raise ScriptError(f"{path}: {line_id}: {{{name}, select}} has no case {', '.join(sorted(unknown))} "
                                  f"(the cases are {', '.join(sorted(base_keys[name]))}, and other)")
        if english and english != base[line_id].text:
            script.notes.append(f"{path}: {line_id}: written for older English words; check it still fits")
        script.lines[line_id] = Line(line_id, text, nodes, path, base[line_id].text)
    if not partial:
        missing = [i for i in base if i not in entries or not entries[i][1]]
        if missing and strict:
            first = missing[0]
            raise ScriptError(f"{folder}: {first}: missing from the {script.language} script "
                              f"({len(missing)} line{'s' if len(missing) > 1 else ''} missing; set fallback = \"on\" "
                              "to use English for them)")
        script.fell_back.extend(missing)


def load(language: str = BASE, own: Path | None = None, fallback: bool = True) -> Script:
    """The script in ``language``: the shipped one (English beneath what a translation lacks), then the
    lines of a teacher's folder ``own`` (its ``<language>/`` subfolder if it has one) over it.

    ``fallback`` False makes a translation that lacks lines an error instead."""
    base = load_base()
    try:
        numbers = NumberFormat(language)
    except ValueError as e:
        raise ScriptError(str(e)) from None
    script = Script(language, dict(base), numbers)
    shipped = HERE / language
    if language == PSEUDO:
        from .pseudo import pseudo_lines

        script.lines = pseudo_lines(base)
    elif language != BASE and shipped.is_dir():
        _overlay(base, shipped, script, partial=False, strict=not fallback)
    elif language != BASE and own is None:
        raise ScriptError(f"no script for language {language!r}: the shipped ones are "
                          f"{', '.join(shipped_languages())}; to write one, set script = \"a folder\" with .po files "
                          f"copied from {HERE / BASE}/")
    if own is not None:
        if not own.is_dir():
            raise ScriptError(f"{own}: script folder not found")
        folder = own / language if (own / language).is_dir() else own
        if not list(folder.glob("*.po")):
            raise ScriptError(f"{folder}: no .po files in the script folder")
        # A teacher's folder for a language nothing ships is a whole translation; otherwise a few lines.
        _overlay(base, folder, script, partial=(language == BASE or shipped.is_dir()), strict=not fallback)
    return script


@lru_cache(maxsize=1)
def english() -> Script:
    """The shipped English script, read once: the words of code that is given no script."""
    return load()


def report(script: Script, out=sys.stderr) -> None:
    """Say on ``out`` which lines fell back to English and which lines may be stale."""
    if script.fell_back:
        print(f"script: {len(script.fell_back)} line(s) not in the {script.language} script are in English: "
              + ", ".join(script.fell_back), file=out)
    for note in script.notes:
        print(f"script: {note}", file=out)
