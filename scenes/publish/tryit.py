"""The "Try it" panel: the lesson's own network, live in the browser.

The build exports the lesson set's network (every weight and bias, exactly, as float64), its sample
items, the dataset description and the theme into ``tryit-data.js``, and records the SHA-256 of
the weights in the manifest and in the pages, which check it before drawing anything. ``tryit.js``
(beside this file) prepares drawings and runs the forward pass as netcore does. Everything is a
plain file that works opened from disk: no network access, no build step.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
from dataclasses import asdict
from pathlib import Path

import numpy as np

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
    }


def panel(sha256: str) -> str:
    """The panel's placeholder; tryit.js fills it, or says what went wrong."""
    return (f'<div class="tryit" id="tryit" data-weights-sha256="{html.escape(sha256)}">'
            '<p class="tryit-error">The panel needs JavaScript, and tryit.js beside this page.</p></div>')


def assets_html(sha256: str) -> tuple[str, str]:
    """What a page needs in its head and at the end of its body to hold the panel."""
    digest = html.escape(sha256[:16])
    return (f'<link rel="stylesheet" href="{STYLE}?v={digest}">',
            f'<script src="{DATA}?v={digest}"></script><script src="{SCRIPT}?v={digest}"></script>')


def standalone_page(data: dict) -> str:
    """tryit.html: the panel on a page of its own."""
    topic = data["topic"]
    title = f"Try it: a neural network reads your {topic['noun']}"
    head, tail = assets_html(data["weights_sha256"])
    network = "-".join(map(str, data["sizes"]))
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{html.escape(title)}</title>'
            f'{head}<style>body {{ background: {data["theme"]["background"]}; color: {data["theme"]["text"]}; '
            'font-family: "DejaVu Sans", system-ui, sans-serif; margin: 0; } main { max-width: 960px; margin: 0 auto; '
            'padding: 24px; } h1 { font-weight: 500; } a { color: inherit; }</style></head>\n'
            f'<body><main><h1>{html.escape(title)}</h1>\n<p>The {html.escape(network)} network from the lesson videos, '
            f'trained on {html.escape(topic["title"])}, running in this page. <a href="index.html">The lesson</a></p>\n'
            f'{panel(data["weights_sha256"])}\n</main>{tail}</body></html>\n')


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
    _write(out / PAGE, standalone_page(data))
    return {"page": PAGE, "data": DATA, "weights_file": data["weights_file"], "weights_sha256": data["weights_sha256"],
            "sizes": data["sizes"], "activations": data["activations"]}
