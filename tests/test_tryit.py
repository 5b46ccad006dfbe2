"""The Try-it panel in headless Chromium: its JavaScript prepares drawings and runs the forward pass
exactly as netcore does, on the weights the videos used, for any lesson set; strokes given as real
pointer events get netcore's answer; every number is inspectable; bad data says so; every word is the
script's, filled in the browser as lessonscript fills it, numbers written the script's language's way."""
from __future__ import annotations

import base64
import hashlib
import io
import json
import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from browser import dump_dom, json_in, needs_chromium, screenshot
from lessonkit import lesson as lesson_mod
from lessonscript import messages
from lessonscript.pseudo import has_plain_letters
from netcore.preprocess import load_image, prepare
from lessonpublish import tryit

pytestmark = needs_chromium


def make_panel(folder: Path, settings: dict) -> lesson_mod.Lesson:
    """The panel's files for a lesson set, written as the build writes them."""
    lesson = lesson_mod.load(lesson_mod.Settings(**settings))
    folder.mkdir(parents=True, exist_ok=True)
    tryit.write_tryit(folder, lesson)
    return lesson


def harness(folder: Path, script: str, data: dict | None = None, name: str = "check") -> object:
    """Run ``script`` (a function body returning JSON-able values) on a page that holds the panel with
    the build's data, after the page loaded; returns what it returned."""
    sha = json.loads((folder / tryit.DATA).read_text().split("=", 1)[1].rstrip().rstrip(";"))["weights_sha256"]
    if data is not None:
        (folder / f"{name}-data.js").write_text("window.CHECK = " + json.dumps(data) + ";\n")
    page = folder / f"{name}.html"
    page.write_text(
        f'<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="{tryit.STYLE}"></head><body>'
        f'{tryit.panel(sha)}<pre id="result"></pre>'
        f'<script src="{tryit.DATA}"></script>' + (f'<script src="{name}-data.js"></script>' if data is not None else "")
        + f'<script src="{tryit.SCRIPT}"></script><script>\nwindow.addEventListener("load", () => {{\n'
        f"  let out;\n  try {{ out = (() => {{ {script} }})(); }} catch (e) {{ out = {{error: String(e.stack || e)}}; }}\n"
        '  document.getElementById("result").textContent = JSON.stringify(out);\n});\n</script></body></html>\n')
    out = json_in(dump_dom(page.as_uri(), folder / f"profile-{name}"), "result")
    assert not (isinstance(out, dict) and "error" in out), out
    return out


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> tuple[Path, lesson_mod.Lesson]:
    folder = tmp_path_factory.mktemp("tryit")
    return folder, make_panel(folder, {})


FORWARD_EVERY_SAMPLE = """
  const d = TRYIT_DATA, [r, c] = d.topic.image_shape, images = TryIt.decodeBase64(d.samples.images);
  return {state: document.querySelector(".tryit").dataset.state, passes: d.samples.labels.map((_, i) => {
    const t = TryIt.network.forward(Array.from(images.subarray(i * r * c, (i + 1) * r * c), x => x / 255));
    return {a: t.a.slice(1).map(v => Array.from(v)), z: t.z.slice(1).map(v => Array.from(v)), answer: t.answer};
  })};
"""


@pytest.mark.parametrize("name", ["shipped", "shipped-relu", "784-32-10", "four-hidden-relu", "shapes-12x12",
                                  "twenty-classes"])
def test_forward_pass_equals_netcore_for_every_sample_item(sets, tmp_path, name):
    lesson = make_panel(tmp_path, sets[name])
    out = harness(tmp_path, FORWARD_EVERY_SAMPLE)
    assert out["state"] == "ready"
    assert len(out["passes"]) == len(lesson.samples) > 0
    worst = 0.0
    for i, js in enumerate(out["passes"]):
        trace = lesson.net.forward(lesson.samples.input(i))
        for l in range(1, len(lesson.net.sizes)):
            worst = max(worst, np.abs(np.array(js["a"][l - 1]) - trace.a(l)).max(),
                        np.abs(np.array(js["z"][l - 1]) - trace.z(l)).max())
        assert js["answer"] == trace.prediction
    assert worst < 1e-6


def test_the_exported_weights_are_the_lesson_sets_own(shipped):
    folder, lesson = shipped
    data = json.loads((folder / tryit.DATA).read_text().split("=", 1)[1].rstrip().rstrip(";"))
    raw = base64.b64decode(data["weights"])
    assert hashlib.sha256(raw).hexdigest() == data["weights_sha256"]
    flat = np.frombuffer(raw, "<f8")
    first = lesson.net.weights[0]
    assert flat.size == lesson.net.n_params == 13002
    assert np.array_equal(flat[:first.size].reshape(first.shape), first)  # W1 row by row, bit for bit
    assert np.array_equal(flat[first.size:first.size + 16], lesson.net.biases[0])
    assert data["sizes"] == [784, 16, 16, 10] and data["topic"]["classes"] == [str(k) for k in range(10)]


def test_sha256_in_javascript_matches_hashlib(shipped):
    folder, _ = shipped
    messages = [b"", b"abc", bytes(range(256)) * 3, b"x" * 55, b"x" * 56, b"x" * 64]
    out = harness(folder, "return CHECK.map(t => TryIt.sha256(TryIt.decodeBase64(t)));",
                  [base64.b64encode(m).decode() for m in messages], name="sha")
    assert out == [hashlib.sha256(m).hexdigest() for m in messages]


def bitmaps() -> list[tuple[np.ndarray, tuple[int, int], str]]:
    """Gray bitmaps (values k/255) of many sizes and both polarities, with a target shape and recipe."""
    rng = np.random.default_rng(3)

    def drawn(size, paper, ink, strokes):
        im = Image.new("L", size, paper)
        d = ImageDraw.Draw(im)
        for kind, box, width in strokes:
            if kind == "line":
                d.line(box, fill=ink, width=width)
            else:
                d.ellipse(box, outline=ink, width=width)
        return np.asarray(im, dtype=float) / 255

    seven = drawn((200, 160), 255, 0, [("line", (30, 40, 150, 40), 14), ("line", (150, 40, 70, 180), 14)])
    ring = drawn((280, 280), 0, 255, [("ellipse", (90, 40, 190, 240), 18)])
    wide = drawn((300, 90), 250, 20, [("line", (20, 45, 280, 50), 9)])
    noisy = np.clip(drawn((64, 64), 0, 200, [("ellipse", (10, 12, 50, 56), 5)]) + rng.integers(0, 20, (64, 64)) / 255, 0, 1)
    tiny = np.round(rng.random((7, 5)) * 255) / 255
    return [(seven, (28, 28), "mnist"), (ring, (28, 28), "mnist"), (wide, (28, 28), "mnist"),
            (noisy, (12, 12), "fit"), (seven, (10, 14), "fit"), (ring, (16, 8), "mnist"), (tiny, (28, 28), "mnist"),
            (wide, (9, 30), "fit")]


def test_preparation_equals_netcore_preprocess(shipped):
    folder, _ = shipped
    cases = bitmaps()
    data = [{"rows": g.shape[0], "cols": g.shape[1], "v": g.ravel().tolist(), "shape": list(s), "recipe": r}
            for g, s, r in cases]
    data.append({"rows": 20, "cols": 20, "v": [0.5] * 400, "shape": [28, 28], "recipe": "mnist"})  # blank
    out = harness(folder, """
      return CHECK.map(b => { const x = TryIt.prepare({rows: b.rows, cols: b.cols, v: Float64Array.from(b.v)}, b.shape, b.recipe);
                              return x && Array.from(x); });""", data, name="prepare")
    assert out[-1] is None  # nothing drawn: no input (netcore raises for a blank image)
    for (gray, shape, recipe), js in zip(cases, out):
        expected = prepare(gray, shape, recipe)
        assert np.abs(np.array(js).reshape(shape) - expected).max() <= 1 / 255, (gray.shape, shape, recipe)


STROKES = {  # a few numbers written as pointer strokes, in fractions of the drawing area
    "1": [[(0.52, 0.12), (0.50, 0.50), (0.48, 0.88)]],
    "0": [[(0.5 + 0.22 * np.sin(t), 0.5 - 0.36 * np.cos(t)) for t in np.linspace(0, 2 * np.pi, 40)]],
    "7": [[(0.25, 0.18), (0.75, 0.18), (0.45, 0.88)]],
}

DRAW = """
  const panel = TryIt.panels[0], canvas = document.querySelector(".tryit-draw"), root = document.querySelector(".tryit");
  const clear = document.querySelector(".tryit-buttons button");
  const results = {};
  for (const [name, strokes] of Object.entries(CHECK)) {
    clear.click();
    for (const stroke of strokes) {
      const rect = canvas.getBoundingClientRect();
      const at = ([fx, fy]) => ({clientX: rect.left + fx * rect.width, clientY: rect.top + fy * rect.height,
                                 pointerId: 1, pointerType: "pen", bubbles: true, buttons: 1});
      canvas.dispatchEvent(new PointerEvent("pointerdown", at(stroke[0])));
      for (const p of stroke.slice(1)) canvas.dispatchEvent(new PointerEvent("pointermove", at(p)));
      canvas.dispatchEvent(new PointerEvent("pointerup", at(stroke[stroke.length - 1])));
    }
    results[name] = {answer: root.dataset.answer, png: canvas.toDataURL("image/png"), input: Array.from(panel.input),
                     text: document.querySelector(".tryit-answer").textContent,
                     live: document.querySelector(".tryit-live").textContent};
  }
  clear.click();
  results.cleared = {answer: root.dataset.answer, text: document.querySelector(".tryit-answer").textContent};
  return results;
"""


def test_strokes_as_pointer_events_get_netcores_answer(shipped, tmp_path):
    folder, lesson = shipped
    out = harness(folder, DRAW, {k: [[list(map(float, p)) for p in s] for s in v] for k, v in STROKES.items()},
                  name="draw")
    for name in STROKES:
        got = out[name]
        png = tmp_path / f"{name}.png"
        png.write_bytes(base64.b64decode(got["png"].split(",", 1)[1]))
        x = load_image(png, lesson.shape, lesson.topic.recipe)  # netcore on the very bitmap the page drew
        assert np.abs(np.array(got["input"]).reshape(lesson.shape) - x).max() <= 1 / 255
        answer = lesson.net.predict(x.ravel())
        assert int(got["answer"]) == answer == int(name), (name, got["text"])
        value = lesson.net.forward(x.ravel()).output[answer]
        assert got["text"] == f"The network reads: {name} ({value:.3f})" and got["live"] == got["text"]
    assert out["cleared"] == {"answer": "", "text": "Nothing drawn yet."}


INSPECT = """
  const root = document.querySelector(".tryit"), info = () => document.querySelector(".tryit-info").textContent;
  const grid = document.querySelector(".tryit-weights"), gridBox = document.querySelector(".tryit-grid");
  const neuron = (l, k) => document.querySelector(`.tryit-neuron[data-layer="${l}"][data-neuron="${k}"]`);
  const out = {sample: root.dataset.sample};
  neuron(1, 3).dispatchEvent(new MouseEvent("mouseenter"));
  const px = grid.getContext("2d").getImageData(0, 0, grid.width, grid.height).data;
  out.hidden1 = {info: info(), gridHidden: gridBox.hidden, caption: gridBox.textContent, grid: Array.from(px)};
  neuron(1, 3).focus();
  document.querySelector(".tryit-net").dispatchEvent(new KeyboardEvent("keydown", {key: "ArrowRight", bubbles: true}));
  out.keyboard = {info: info(), focused: document.activeElement.dataset.layer + "/" + document.activeElement.dataset.neuron,
                  gridHidden: gridBox.hidden, label: document.activeElement.getAttribute("aria-label")};
  neuron(3, 7).dispatchEvent(new MouseEvent("click"));
  out.output = {info: info(), live: document.querySelector(".tryit-live").textContent};
  neuron(0, Number(document.querySelector('.tryit-neuron[data-layer="0"]').dataset.neuron)).dispatchEvent(new MouseEvent("mouseenter"));
  out.input = {info: info(), neuron: document.querySelector('.tryit-neuron[data-layer="0"]').dataset.neuron};
  out.rows = Array.from(document.querySelectorAll(".tryit-outputs tr")).map(tr => tr.textContent);
  return out;
"""


def hexes(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def numbers(text: str) -> dict[str, float]:
    """z, b and a as the panel writes them (with a real minus sign)."""
    found = re.findall(r"\b(z|b|a)(?: = [^=;]*?)? = (−?\d+\.\d+)", text.replace(" = σ(z)", ""))
    return {k: float(v.replace("−", "-")) for k, v in found}


def test_every_neuron_shows_its_own_numbers(shipped):
    folder, lesson = shipped
    out = harness(folder, INSPECT, name="inspect")
    trace = lesson.net.forward(lesson.samples.input(int(out["sample"])))
    h1 = numbers(out["hidden1"]["info"])
    assert h1 == pytest.approx({"z": trace.z(1)[3], "b": lesson.net.biases[0][3], "a": trace.a(1)[3]}, abs=6e-4)
    assert "Neuron 4 of 16 in hidden layer 1" in out["hidden1"]["info"] and not out["hidden1"]["gridHidden"]
    assert out["hidden1"]["caption"] == "Its 784 weights"
    # The weight grid: the strongest weight in its sign's colour, a weight near zero near the background
    px = np.array(out["hidden1"]["grid"]).reshape(-1, 4)[:, :3]
    w = lesson.net.weights[0][3]
    strongest, weakest = np.abs(w).argmax(), np.abs(w).argmin()
    assert tuple(px[strongest]) == hexes(lesson.theme.positive if w[strongest] >= 0 else lesson.theme.negative)
    assert np.abs(px[weakest] - hexes(lesson.theme.background)).max() <= 3
    # The arrow key moves to the next layer, with that neuron's numbers
    assert out["keyboard"]["focused"] == "2/3" and "hidden layer 2" in out["keyboard"]["info"]
    assert numbers(out["keyboard"]["info"]) == pytest.approx({"z": trace.z(2)[3], "b": lesson.net.biases[1][3],
                                                              "a": trace.a(2)[3]}, abs=6e-4)
    assert out["keyboard"]["gridHidden"] and f"{trace.a(2)[3]:.3f}" in out["keyboard"]["label"]
    assert "for “7”" in out["output"]["info"] and out["output"]["live"] == out["output"]["info"]
    assert numbers(out["output"]["info"])["a"] == pytest.approx(trace.a(3)[7], abs=6e-4)
    k = int(out["input"]["neuron"])
    assert f"row {k // 28 + 1}, column {k % 28 + 1}" in out["input"]["info"]
    assert numbers(out["input"]["info"])["a"] == pytest.approx(trace.a(0)[k], abs=6e-4)
    # The text equivalent: every class with its activation
    assert out["rows"] == [f"{c}{trace.output[i]:.3f}" for i, c in enumerate(lesson.topic.classes)]


@pytest.mark.parametrize("damage", ["tampered", "missing"])
def test_bad_data_gives_a_visible_message(tmp_path, damage):
    make_panel(tmp_path, {})
    data = tmp_path / tryit.DATA
    if damage == "missing":
        data.unlink()
    else:
        text = data.read_text()
        i = text.index('"weights":"') + len('"weights":"') + 100
        data.write_text(text[:i] + ("A" if text[i] != "A" else "B") + text[i + 1:])
    dom = dump_dom((tmp_path / tryit.PAGE).as_uri(), tmp_path / "profile")
    assert 'data-state="error"' in dom and 'role="alert"' in dom
    message = dom.split('role="alert">', 1)[1].split("</p>", 1)[0]
    assert ("missing" if damage == "missing" else "not the ones this page was built with") in message
    assert "scenes/build.py" in message


def test_screenshot_of_the_panel(shipped, sets, tmp_path):
    folder, lesson = shipped
    shot = screenshot((folder / tryit.PAGE).as_uri(), tmp_path / "tryit.png", tmp_path / "profile")
    rgb = np.asarray(Image.open(shot).convert("RGB")).reshape(-1, 3)
    colours = {tuple(c) for c in np.unique(rgb, axis=0)}
    for name in ("background", "highlight"):
        assert hexes(getattr(lesson.theme, name)) in colours, name
    near = lambda c: (np.abs(rgb.astype(int) - hexes(c)).sum(axis=1) < 60).sum()
    assert near(lesson.theme.positive) > 200 and near(lesson.theme.negative) > 200  # edges of both signs
    assert near(lesson.theme.ink) > 3000  # the sample drawn large

    other = tmp_path / "shapes"  # another lesson set, with another theme
    make_panel(other, {**sets["shapes-12x12"], "theme": "light"})
    shot = screenshot((other / tryit.PAGE).as_uri(), tmp_path / "shapes.png", tmp_path / "profile2")
    assert (np.asarray(Image.open(shot).convert("RGB"))[5, 5] == hexes("#fbfaf6")).all()


WORDS = """
  const root = document.querySelector(".tryit"), seen = [];
  const collect = () => root.querySelectorAll("*").forEach(e => {
    if (e.getAttribute("aria-label")) seen.push(e.getAttribute("aria-label"));
    if (!e.children.length && e.textContent.trim()) seen.push(e.textContent);
  });
  collect();
  for (const l of [0, 1, 2, 3]) {
    const g = document.querySelector(`.tryit-neuron[data-layer="${l}"]`);
    g.dispatchEvent(new MouseEvent("click"));
    collect();
  }
  document.querySelector(".tryit-buttons button").click();
  collect();
  return {seen, answer: document.querySelector(".tryit-answer").textContent};
"""


def test_every_word_in_the_panel_is_the_scripts(tmp_path):
    """In en-XA every word the panel shows or has read aloud is accented (nothing plain English is left
    but the lesson set's data); with a teacher's line in German, the browser fills it and writes the
    numbers the German way."""
    lesson = make_panel(tmp_path / "xa", {"language": "en-XA"})
    out = harness(tmp_path / "xa", WORDS, name="words")
    topic = lesson.topic
    allowed = (*topic.classes, topic.title, topic.noun, topic.plural, "σ")
    assert len(out["seen"]) > 100 and any("ŵééííĝĥţš" in text for text in out["seen"])  # a neuron's numbers
    assert [w for text in out["seen"] for w in has_plain_letters(text, allowed)] == []

    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "tryit.po").write_text('msgctxt "tryit.nothing"\nmsgid "Nothing drawn yet."\nmsgstr "Noch nichts gezeichnet."\n\n'
                                   'msgctxt "tryit.answer"\nmsgid "The network reads: {answer} ({value})"\n'
                                   'msgstr "Das Netz liest {answer} ({value})"\n', encoding="utf-8")
    make_panel(tmp_path / "de", {"language": "de", "script": str(mine)})
    out = harness(tmp_path / "de", DRAW_ONE, name="de")
    assert re.fullmatch(r"Das Netz liest 7 \(0,\d{3}\)", out["answer"]), out
    assert out["cleared"] == "Noch nichts gezeichnet."


DRAW_ONE = """
  const answer = document.querySelector(".tryit-answer").textContent;
  document.querySelector(".tryit-buttons button").click();
  return {answer, cleared: document.querySelector(".tryit-answer").textContent};
"""

LINES = {  # lines as a translator may write them, with the values the page gives them
    "plain": ("Neuron {neuron} of {count}: a = {a}", {"neuron": 3, "count": 13002, "a": "0.873"}),
    "plural": ("{count, plural, =0 {no weights} one {# weight} other {# weights}} for {name}",
               [{"count": 0, "name": "x"}, {"count": 1, "name": "x"}, {"count": 2, "name": "x"}, {"count": 1234, "name": "x"}]),
    "select": ("{colour, select, green {grün} other {{colour}}}: it''s '{'a'}'", [{"colour": "green"}, {"colour": "pink"}]),
    "nested": ("{n, plural, one {{kind, select, a {# A} other {# other}}} other {{kind, select, a {# As} other {#}}}}",
               [{"n": 1, "kind": "a"}, {"n": 5, "kind": "b"}]),
}


@pytest.mark.parametrize("language", ["en", "de", "fr", "pl"])
def test_the_panel_fills_lines_as_the_script_does(shipped, language):
    """tryit.js's formatter, given a line's parts as tryit.py exports them, writes what lessonscript writes
    (whole numbers grouped and plural forms the language's way) for the same values."""
    folder, _ = shipped
    from lessonscript import NumberFormat

    numbers = NumberFormat(language)
    cases = [(text, v) for text, values in LINES.values() for v in (values if isinstance(values, list) else [values])]
    data = [{"parts": tryit.as_parts(messages.parse(text)), "values": v} for text, v in cases]
    data.append({"decimals": [0.8734, -2.2981, 0.0004, -0.0004, 1234.5678]})
    out = harness(folder, f"""
      const n = TryIt.numbersOf({json.dumps(language)});
      return CHECK.map(c => c.parts ? TryIt.say(c.parts, c.values, n) : c.decimals.map(n.fmt));""", data,
                  name=f"say-{language}")
    assert out[:-1] == [messages.fill(messages.parse(text), v, numbers.write, numbers.plural_category) for text, v in cases]
    assert out[-1] == [numbers.decimal(x, 3) for x in (0.8734, -2.2981, 0, 0, 1234.5678)]
