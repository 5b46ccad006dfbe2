"""The lesson's script: lines with placeholders, plurals and choices; numbers per language; a
teacher's folder over the shipped lines; every refusal named with its file and line id; the
pseudo-language; every line used by some code and every id the code asks for in the script."""
import re
from pathlib import Path

import pytest

import lessonscript
from lessonscript import Num, NumberFormat, Pct, ScriptError, messages
from lessonscript.catalog import HERE
from lessonscript.pseudo import has_plain_letters, pseudo_text

ROOT = Path(__file__).resolve().parent.parent
EN = NumberFormat("en")


def fill(text: str, numbers: NumberFormat = EN, **values) -> str:
    return messages.fill(messages.parse(text), values, numbers.write, numbers.plural_category)


def po(folder: Path, entries: dict[str, tuple[str, str]], name: str = "mine.po") -> Path:
    """A .po file of {id: (english, text)} entries."""
    folder.mkdir(parents=True, exist_ok=True)
    body = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', ""]
    for line_id, (english, text) in entries.items():
        body += [f'msgctxt "{line_id}"', f'msgid "{english}"', f'msgstr "{text}"', ""]
    path = folder / name
    path.write_text("\n".join(body), encoding="utf-8")
    return path


# --- the line syntax --------------------------------------------------------------------

def test_placeholders_are_filled_and_numbers_written_per_language():
    assert fill("{a} of {b}", a=13002, b="digits") == "13,002 of digits"
    assert fill("{a}", NumberFormat("de"), a=13002) == "13.002"


@pytest.mark.parametrize("n, expected", [(1, "One hidden layer"), (2, "Two hidden layers"), (3, "3 hidden layers"),
                                         (1000, "1,000 hidden layers"), (0, "0 hidden layers")])
def test_plural_by_exact_number_then_the_language_rules(n, expected):
    text = "{n, plural, one {One hidden layer} =2 {Two hidden layers} other {# hidden layers}}"
    assert fill(text, n=n) == expected


def test_plural_categories_come_from_the_language():
    # Polish has one / few / many: 1 plik, 2 pliki, 5 plików, 22 pliki (CLDR, hand-checked)
    text = "{n, plural, one {# plik} few {# pliki} many {# plików} other {# pliku}}"
    pl = NumberFormat("pl")
    assert [fill(text, pl, n=k) for k in (1, 2, 5, 22)] == ["1 plik", "2 pliki", "5 plików", "22 pliki"]
    # French counts 0 as singular, English does not
    assert fill("{n, plural, one {un} other {plusieurs}}", NumberFormat("fr"), n=0) == "un"
    assert fill("{n, plural, one {one} other {many}}", n=0) == "many"


def test_plural_takes_numpy_counts():
    import numpy as np

    text = "{n, plural, one {# layer} other {# layers}}"
    assert fill(text, n=np.int64(3)) == "3 layers" and fill(text, n=np.int32(1)) == "1 layer"


def test_select_and_nesting():
    text = "{v, select, right {Right: {n, plural, one {# try} other {# tries}}} other {Wrong}}"
    assert fill(text, v="right", n=2) == "Right: 2 tries"
    assert fill(text, v="nope", n=2) == "Wrong"


def test_quotes_and_apostrophes():
    assert fill("the network's answer '{'a'}' it''s") == "the network's answer {a} it's"


@pytest.mark.parametrize("text, message", [
    ("{a", "not closed"),
    ("a}", "no opening"),
    ("{1a}", "needs a name"),
    ("{n, plural, one {x}}", "needs an 'other' branch"),
    ("{n, number, x}", "only plural and select"),
    ("{n, select, =2 {x} other {y}}", "=N keys belong to plurals"),
    ("{n, plural, one {x} one {y} other {z}}", "given twice"),
])
def test_malformed_lines_are_refused_in_words(text, message):
    with pytest.raises(messages.MessageError, match=message):
        messages.parse(text)


def test_a_value_not_given_or_of_the_wrong_kind():
    with pytest.raises(messages.MessageError, match=r"no value for \{b\}"):
        fill("{a} {b}", a=1)
    with pytest.raises(messages.MessageError, match="needs a number"):
        fill("{n, plural, other {#}}", n="three")
    with pytest.raises(TypeError, match="Num"):
        fill("{x}", x=0.5)


# --- numbers ----------------------------------------------------------------------------

@pytest.mark.parametrize("language, count, decimal, percent", [
    ("en", "13,002", "0.873", "95.78%"),
    ("de", "13.002", "0,873", "95,78\xa0%"),
])
def test_numbers_are_written_the_language_s_way(language, count, decimal, percent):
    n = NumberFormat(language)
    assert (n.count(13002), n.decimal(0.8731, 3), n.percent(0.9578)) == (count, decimal, percent)


def test_decimals_round_as_python_does_and_take_a_true_minus():
    for x in (0.0155, 0.125, 2.675, -0.5749, 17.805, 1e-9, -1e-9):
        for places in (0, 2, 3):
            expected = f"{x:.{places}f}"
            if expected.lstrip("-").strip("0.") == "":
                expected = expected.lstrip("-")
            assert EN.decimal(x, places) == expected.replace("-", "\u2212")
    assert EN.decimal(0.5, 2, sign=True) == "+0.50" and EN.decimal(-0.001, 2, sign=True) == "+0.00"
    assert fill("{a} {b}", a=Num(-0.57), b=Pct(0.9578, 1)) == "\u22120.57 95.8%"


# --- the script: base, translation, a teacher's folder ------------------------------------

def test_the_english_script_loads_and_every_line_parses():
    script = lessonscript.load()
    assert script.language == "en" and len(script.ids()) > 50
    assert script("kit.layer-hidden", layer=2) == "hidden layer 2"
    for line in script.lines.values():
        assert line.text == line.english  # English keeps its words in msgid


def test_no_line_names_the_shipped_topic_the_lesson_set_names_it():
    """A line about the items says {noun} or {plural}: a set of shapes must not hear "these digits"."""
    from netcore.dataset import MNIST

    topic = [MNIST.noun, MNIST.plural, "MNIST", "handwritten"]
    for line in lessonscript.load().lines.values():
        for word in topic:
            assert not re.search(rf"\b{re.escape(word)}\b", line.english, re.I), f"{line.id} says {word!r}"


def test_every_line_is_asked_for_by_some_code_and_every_asked_for_line_exists():
    sources = sorted((ROOT / "scenes").rglob("*.py")) + sorted((ROOT / "scenes" / "lessonpublish").glob("*.js"))
    sources += [ROOT / "scenes" / "chapters.toml"]  # the chapters' titles
    sources = [p for p in sources if "lessonscript" not in p.parts]
    script = lessonscript.load()
    assert lessonscript.unused_lines(script.ids(), sources) == []
    missing = {i: [p.name for p in where] for i, where in lessonscript.used_ids(sources).items() if not script.has(i)}
    assert missing == {}


def test_a_teacher_rewords_one_line_and_keeps_the_rest(tmp_path):
    base = lessonscript.load()
    po(tmp_path / "mine", {"kit.layer-hidden": ("hidden layer {layer}", "middle layer number {layer}")})
    mine = lessonscript.load("en", tmp_path / "mine")
    assert mine("kit.layer-hidden", layer=3) == "middle layer number 3"
    changed = [i for i in base.ids() if base.lines[i].text != mine.lines[i].text]
    assert changed == ["kit.layer-hidden"] and mine.fell_back == [] and mine.notes == []


@pytest.mark.parametrize("doc", ["README.md", "docs/script.md"])
def test_the_documented_example_lines_are_the_shipped_ones_and_load(doc, tmp_path):
    """The .po examples a teacher copies from the docs name real lines with their current English,
    and the reworded line loads without a note."""
    text = (Path(__file__).parents[1] / doc).read_text()
    blocks = re.findall(r"```po\n(.*?)```", text, re.S)
    entries = {}
    for block in blocks:
        ids = re.findall(r'msgctxt "(.*?)"', block)
        english = re.findall(r'msgid "(.*?)"', block)
        after = text[text.index(block):]  # each entry's rewording: the n-th written msgstr after its block
        mine = [m for m in re.findall(r'msgstr "(.*?)"', after) if m]
        for n, (line_id, words) in enumerate(zip(ids, english)):
            entries[line_id] = (words, mine[n])
    assert entries, f"no .po example in {doc}"
    base = lessonscript.load()
    for line_id, (words, _) in entries.items():
        assert base.lines[line_id].english == words, f"{doc}: {line_id} shows older English"
    po(tmp_path / "mine", entries)
    mine = lessonscript.load("en", tmp_path / "mine")
    assert mine.notes == [] and all(mine.lines[i].text == t for i, (_, t) in entries.items())


def test_a_teacher_line_written_for_older_words_is_noted(tmp_path):
    po(tmp_path / "mine", {"kit.layer-output": ("the last layer", "the answer layer")})
    assert "older English words" in lessonscript.load("en", tmp_path / "mine").notes[0]


def test_a_language_folder_inside_the_teacher_s_folder(tmp_path):
    po(tmp_path / "mine" / "nl", {"kit.layer-output": ("output layer", "uitvoerlaag")})
    script = lessonscript.load("nl", tmp_path / "mine")
    assert script("kit.layer-output") == "uitvoerlaag"
    assert "kit.layer-input" in script.fell_back and script("kit.layer-input") == "input layer"
    assert script("kit.item-sample", title="MNIST", noun="cijfer", index="7") == "MNIST, test cijfer #7"
    assert script.numbers.count(13002) == "13.002"


def test_a_teacher_s_lines_over_a_shipped_translation(tmp_path):
    po(tmp_path / "mine" / "de", {"kit.layer-output": ("output layer", "Ausgabe-Schicht")})
    script = lessonscript.load("de", tmp_path / "mine")
    assert script("kit.layer-output") == "Ausgabe-Schicht" and script.fell_back == []
    assert script("kit.layer-input") == lessonscript.load("de")("kit.layer-input") != "input layer"


@pytest.mark.parametrize("entries, message", [
    ({"kit.layer-hidden": ("hidden layer {layer}", "layer {number}")}, r"mine\.po: kit\.layer-hidden: unknown placeholder \{number\} "
                                                  r"\(this line offers \{layer\}\)"),
    ({"kit.no-such-line": ("words", "words")}, r"mine\.po: kit\.no-such-line: no scene uses this line id"),
    ({"kit.layer-hidden": ("hidden layer {layer}", "layer {layer")}, r"mine\.po: kit\.layer-hidden: placeholder \{layer\} is not closed"),
    ({"kit.colour": ("colour", "{colour, select, purple {lila} other {bunt}}")}, r"kit\.colour: \{colour, select\} has no "
                                                                            r"case purple"),
    ({"kit.layer-hidden": ("hidden layer {layer}", "{layer, select, a {x} other {y}}")}, r"kit\.layer-hidden: .*"),
])
def test_bad_lines_in_a_teacher_s_folder_are_named(tmp_path, entries, message):
    po(tmp_path / "mine", entries)
    if "select, a" in str(entries):  # a value used as a choice where English uses it as a value: allowed
        lessonscript.load("en", tmp_path / "mine")
        return
    with pytest.raises(ScriptError, match=message):
        lessonscript.load("en", tmp_path / "mine")


def test_malformed_files_and_missing_ids_are_named(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "broken.po").write_text('msgctxt "kit.layer-input"\nmsgid "input layer"\nmsgstr "x\n', encoding="utf-8")
    with pytest.raises(ScriptError, match=r"broken\.po: line 3: a string is not closed"):
        lessonscript.load("en", folder)
    (folder / "broken.po").write_text('msgid "input layer"\nmsgstr "x"\n', encoding="utf-8")
    with pytest.raises(ScriptError, match=r"broken\.po: the entry 'input layer' has no msgctxt"):
        lessonscript.load("en", folder)
    (folder / "broken.po").write_text('msgctxt "kit.layer-input"\nmsgid "input layer"\nmsgstr x\n', encoding="utf-8")
    with pytest.raises(ScriptError, match=r"broken\.po: line 3: not a \.po line: msgstr x"):
        lessonscript.load("en", folder)
    (folder / "broken.po").write_bytes(b'msgctxt "kit.layer-input"\nmsgid "\xff"\nmsgstr "x"\n')
    with pytest.raises(ScriptError, match=r"broken\.po: not a readable \.po file"):
        lessonscript.load("en", folder)
    (folder / "broken.po").write_text('msgctxt "kit.layer-input"\nmsgid ""\nmsgstr "x"\n', encoding="utf-8")
    with pytest.raises(ScriptError, match=r"broken\.po: kit\.layer-input: msgid is empty"):
        lessonscript.load("en", folder)
    po(folder, {"kit.layer-input": ("input layer", "a")}, "broken.po")
    po(folder, {"kit.layer-input": ("input layer", "b")}, "other.po")
    with pytest.raises(ScriptError, match=r"other\.po: kit\.layer-input: given twice"):
        lessonscript.load("en", folder)


def test_missing_folder_empty_folder_and_unknown_language(tmp_path):
    with pytest.raises(ScriptError, match="script folder not found"):
        lessonscript.load("en", tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ScriptError, match=r"no \.po files"):
        lessonscript.load("en", tmp_path / "empty")
    with pytest.raises(ScriptError, match="no script for language 'fr'"):
        lessonscript.load("fr")
    with pytest.raises(ScriptError, match="unknown language 'xx-nope'"):
        lessonscript.load("xx-nope")


def test_a_translation_missing_lines_falls_back_or_fails_as_chosen(tmp_path):
    po(tmp_path / "fr", {"kit.layer-output": ("output layer", "couche de sortie")})
    script = lessonscript.load("fr", tmp_path / "fr", fallback=True)
    assert len(script.fell_back) == len(script.ids()) - 1 and "kit.layer-output" not in script.fell_back
    with pytest.raises(ScriptError, match=r"fr: \S+: missing from the fr script \(\d+ lines missing"):
        lessonscript.load("fr", tmp_path / "fr", fallback=False)


def test_the_shipped_translations_check_clean():
    for language in lessonscript.shipped_languages():
        script = lessonscript.load(language, fallback=True)
        assert script.notes == [], script.notes


# --- the pseudo-language ------------------------------------------------------------------

def test_pseudo_lines_are_accented_longer_and_keep_their_placeholders():
    english = "{n, plural, one {One hidden layer} other {# hidden layers}} of {size} neurons"
    text = pseudo_text(english)
    assert messages.placeholders(messages.parse(text)) == messages.placeholders(messages.parse(english))
    filled = fill(text, n=2, size=16)
    assert has_plain_letters(filled) == [] and filled.startswith("[") and filled.endswith("]")
    assert "2" in filled and "16" in filled
    plain = fill(english, n=2, size=16)
    assert len(filled) >= 1.3 * len(plain)


def test_every_pseudo_line_is_free_of_plain_letters():
    script = lessonscript.load("en-XA")
    for line in script.lines.values():
        words = has_plain_letters(messages.map_text(line.nodes, lambda s: s))
        # only placeholder names and choice keys may be plain
        names = set(messages.placeholders(line.nodes)) | {"plural", "select", "other", "one"}
        names |= {k for keys in messages.select_keys(line.nodes).values() for k in keys}
        leftover = [w for w in words if not any(n in w for n in names)]
        assert leftover == [], (line.id, leftover)


def test_spoken_numbers_drop_trailing_zeros():
    from lessonscript import spoken

    assert [(n.value, n.places) for n in (spoken(1.0), spoken(10.70), spoken(0.8412), spoken(6.04, 1))] == \
        [(1.0, 0), (10.7, 1), (0.8412, 2), (6.04, 0)]


def test_spoken_lines_hold_no_symbol_a_voice_would_have_to_guess():
    """The voice reads a spoken line as it is written (voice.spoken only plain-spaces numbers), so no
    shipped script may put a formula symbol into one: it says "times", "mal", "sigma" in its words."""
    import io

    from babel.messages.pofile import read_po

    spoken_ids = set()
    for path in (lessonscript.catalog.HERE / "en").glob("*.po"):
        for message in read_po(io.StringIO(path.read_text(encoding="utf-8"))):
            if message.context and message.auto_comments and message.auto_comments[0].startswith("Spoken"):
                spoken_ids.add(message.context)
    assert len(spoken_ids) > 100
    def words(nodes) -> str:  # the line's own text, in every branch, without placeholders
        return "".join(n if isinstance(n, str) else "".join(words(b) for b in n.branches.values())
                       if isinstance(n, messages.Choice) else "" for n in nodes)

    for language in lessonscript.shipped_languages():
        script = lessonscript.load(language)
        for line_id in spoken_ids:
            text = words(script.lines[line_id].nodes)
            assert not set(text) & set("σΣ×·→≈≥≤=+*/^_|<>"), (language, line_id, text)
