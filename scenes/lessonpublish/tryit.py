"""The "Try it" panel: the lesson's own network, live in the browser.

The build exports the lesson set's network (every weight and bias, exactly, as float64), its sample
items, the dataset description, the theme and the panel's words (the script's lines tryit.*, those
known now filled in, the rest as parts the page fills) into ``tryit-data.js``, and records the
SHA-256 of the weights in the manifest and in the pages, which check it before drawing anything.
``tryit.js`` (beside this file) prepares drawings and runs the forward pass as netcore does.
Everything is a plain file that works opened from disk: no network access, no build step.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
from dataclasses import asdict
from pathlib import Path

import numpy as np

import lessonscript
from lessonscript import messages
from netcore.atomic import atomic_open
from netcore.network import Network

HERE = Path(__file__).parent
FORMAT = 1
DATA, SCRIPT, STYLE, PAGE = "tryit-data.js", "tryit.js", "tryit.css", "tryit.html"
THEME_KEYS = ("background", "text", "dim_text", "neuron_stroke", "neuron_on", "ink", "paper", "positive",
              "negative", "positive_name", "negative_name", "highlight", "edge_max_width", "edge_max_opacity")


def weight_bytes(net: Network) -> bytes:
    """Every parameter in the order tryit.js reads them: W1 (row-major, one row per neuron), b1,
    W2, b2, ..., as little-endian float64."""
    parts = [p for w, b in zip(net.weights, net.biases) for p in (w.ravel(), b.ravel())]
    return np.concatenate(parts).astype("<f8").tobytes()


def first_sample(item_setting: str, n_samples: int) -> int:
    """The sample the panel opens with: the lesson's own item when it is a sample, else the first."""
    text = item_setting.strip()
    return int(text) if text.isdigit() and int(text) < n_samples else 0


def export(lesson) -> dict:
    """The panel's data for a loaded lesson (lessonkit.lesson.Lesson): network, samples, topic, theme."""
    net, topic, sample = lesson.net, lesson.topic, lesson.samples
    params = weight_bytes(net)
    return {
        "format": FORMAT,
        "topic": {"title": topic.title, "noun": topic.noun, "plural": topic.plural, "classes": list(topic.classes),
                  "image_shape": list(topic.image_shape), "recipe": topic.recipe},
        "sizes": list(net.sizes),
        "activations": list(net.layer_activations),
        "weights_file": lesson.set.weights_path.name,
        "weights_sha256": hashlib.sha256(params).hexdigest(),
        "weights": base64.b64encode(params).decode("ascii"),
        "samples": {"images": base64.b64encode(np.ascontiguousarray(sample.images, dtype=np.uint8).tobytes()).decode("ascii"),
                    "labels": [int(k) for k in sample.labels], "indices": [int(k) for k in sample.indices]},
        "first_sample": first_sample(lesson.settings.item, len(sample)),
        "theme": {k: v for k, v in asdict(lesson.theme).items() if k in THEME_KEYS},
        "words": words(lesson),
    }


def parts(script, line_id: str) -> list:
    """A line for tryit.js to fill: its text, and its placeholders as {"arg": name}, {"hash": true} and
    {"choice": name, "kind": "plural" | "select", "branches": {key: parts}} (lessonscript.messages)."""
    if not script.has(line_id):
        script(line_id)  # says which line is missing
    return as_parts(script.lines[line_id].nodes)


def as_parts(nodes: tuple) -> list:
    """A parsed line (lessonscript.messages.parse) as the parts tryit.js fills."""
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, messages.Hash):
            out.append({"hash": True})
        elif isinstance(node, messages.Arg):
            out.append({"arg": node.name})
        else:
            out.append({"choice": node.name, "kind": node.kind,
                        "branches": {k: as_parts(body) for k, body in node.branches.items()}})
    return out


def words(lesson) -> dict:
    """The panel's words in the lesson's script: lines whose values are known now, filled in; lines
    the page fills as the viewer draws (a neuron's numbers, the answer), as parts."""
    t, topic, theme, sample = lesson.script, lesson.topic, lesson.theme, lesson.samples
    rows, cols = topic.image_shape
    layers, activations = lesson.layers, lesson.net.layer_activations
    activation = lambda name: t("page.activation", activation=name)  # noqa: E731
    return {
        "language": t.language,
        "drawHint": t("tryit.draw-hint", noun=topic.noun),
        "drawArea": t("tryit.draw-area", noun=topic.noun),
        "clear": t("tryit.clear"),
        "sees": t("tryit.sees", rows=rows, cols=cols, inputs=rows * cols),
        "preparedInput": t("tryit.prepared-input"),
        "samplesHint": t("tryit.samples-hint", plural=topic.plural),
        "samplesGroup": t("tryit.samples-group", plural=topic.plural),
        "samples": [t("tryit.sample", number=i, class_name=topic.classes[int(label)], noun=topic.noun,
                      index=str(int(index))) for i, (label, index) in enumerate(zip(sample.labels, sample.indices))],
        "networkGroup": t("tryit.network-group"),
        "layers": [layer.name for layer in layers],
        "columns": [layers[0].short] + [t("tryit.layer-label", layer=layer.short,
                                          activation=activation(activations[layer.index - 1])) for layer in layers[1:]],
        "outputsCaption": t("tryit.outputs-caption", activation=activation(activations[-1])),
        "weightsCaption": t("tryit.weights-caption", count=lesson.net.sizes[0]),
        "positive": t("kit.colour", colour=theme.positive_name),
        "negative": t("kit.colour", colour=theme.negative_name),
        "nothing": t("tryit.nothing"),
        "answer": parts(t, "tryit.answer"),
        "neuronInput": parts(t, "tryit.neuron-input"),
        "neuronOutput": parts(t, "tryit.neuron-output"),
        "neuronHidden": parts(t, "tryit.neuron-hidden"),
        "neuronNumbers": parts(t, "tryit.neuron-numbers"),
        "weightsGrid": parts(t, "tryit.weights-grid"),
        "labelOutput": parts(t, "tryit.label-output"),
        "labelNeuron": parts(t, "tryit.label-neuron"),
        "errorTampered": parts(t, "tryit.error-tampered"),
        "errorActivation": parts(t, "tryit.error-activation"),
        "errorSize": parts(t, "tryit.error-size"),
    }


def panel(sha256: str, script=None) -> str:
    """The panel's placeholder; tryit.js fills it, or says what went wrong (in the words of ``script``,
    English without one; what to say without the data file is in the page, as the words are in it)."""
    t = script or lessonscript.english()
    return (f'<div class="tryit" id="tryit" data-weights-sha256="{html.escape(sha256)}" '
            f'data-missing="{html.escape(t("tryit.error-missing"))}">'
            f'<p class="tryit-error">{html.escape(t("tryit.needs-js"))}</p></div>')


def assets_html(sha256: str) -> tuple[str, str]:
    """What a page needs in its head and at the end of its body to hold the panel."""
    digest = html.escape(sha256[:16])
    return (f'<link rel="stylesheet" href="{STYLE}?v={digest}">',
            f'<script src="{DATA}?v={digest}"></script><script src="{SCRIPT}?v={digest}"></script>')


def standalone_page(data: dict, script) -> str:
    """tryit.html: the panel on a page of its own."""
    topic = data["topic"]
    title = script("tryit.page-title", noun=topic["noun"])
    head, tail = assets_html(data["weights_sha256"])
    network = "-".join(map(str, data["sizes"]))
    intro = script("tryit.page-intro", network=network, title=topic["title"])
    return (f'<!doctype html>\n<html lang="{html.escape(script.language)}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{html.escape(title)}</title>'
            f'{head}<style>body {{ background: {data["theme"]["background"]}; color: {data["theme"]["text"]}; '
            'font-family: "DejaVu Sans", system-ui, sans-serif; margin: 0; } main { max-width: 960px; margin: 0 auto; '
            'padding: 24px; } h1 { font-weight: 500; } a { color: inherit; }</style></head>\n'
            f'<body><main><h1>{html.escape(title)}</h1>\n<p>{html.escape(intro)} '
            f'<a href="index.html">{html.escape(script("tryit.page-lesson"))}</a></p>\n'
            f'{panel(data["weights_sha256"], script)}\n</main>{tail}</body></html>\n')


def _write(path: Path, text: str) -> None:
    with atomic_open(path) as f:
        f.write(text.encode("utf-8"))


def write_tryit(out: Path, lesson) -> dict:
    """Write the panel's data, script, style and standalone page into ``out``; returns the manifest entry."""
    data = export(lesson)
    _write(out / DATA, "/* The lesson's network for tryit.js, written by scenes/build.py. */\nwindow.TRYIT_DATA = "
           + json.dumps(data, separators=(",", ":")) + ";\n")
    for name in (SCRIPT, STYLE):
        _write(out / name, (HERE / name).read_text(encoding="utf-8"))
    _write(out / PAGE, standalone_page(data, lesson.script))
    return {"page": PAGE, "data": DATA, "weights_file": data["weights_file"], "weights_sha256": data["weights_sha256"],
            "sizes": data["sizes"], "activations": data["activations"]}
