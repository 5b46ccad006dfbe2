"""The lesson page, renders/index.html: every scene's video with captions, poster, chapter title
and an embed snippet. It works opened from disk and from any static host: captions are added
by a few lines of script from cue data in the page, since browsers refuse to load caption
files from file:// addresses."""
from __future__ import annotations

import html
import json
from pathlib import Path

DEFAULT_TOPIC = {"title": "a dataset", "noun": "item", "sizes": [], "activation": ""}

STYLE = """
body { background: #0c0c0f; color: #ece9e2; font-family: "DejaVu Sans", system-ui, sans-serif; margin: 0; }
main { max-width: 960px; margin: 0 auto; padding: 24px; }
h1 { font-weight: 500; } h2 { font-weight: 500; margin-top: 48px; }
video { width: 100%; background: #000; border-radius: 6px; }
.chapters button { background: #1d1d22; color: #ece9e2; border: 1px solid #444; border-radius: 4px; margin: 2px;
  padding: 4px 8px; cursor: pointer; }
details { margin-top: 8px; color: #9a988f; }
details.transcript p { margin: 4px 0; color: #ece9e2; } details.transcript .shown em { color: #9a988f; }
details.transcript .t { color: #6b6963; font-variant-numeric: tabular-nums; margin-right: 6px; }
textarea { width: 100%; height: 6em; background: #15151a; color: #ece9e2; font-family: monospace; border: 1px solid #333; }
.meta { color: #9a988f; font-size: 14px; }
.meta a { color: inherit; }
#selftest { display: none; }
"""

SCRIPT = """
function addCaptions(video) {
  const cues = JSON.parse(video.dataset.cues || "[]");
  const track = video.addTextTrack("captions", "English", "en");
  for (const [start, end, text] of cues) track.addCue(new VTTCue(start, end, text));
  track.mode = "showing";
  const described = JSON.parse(video.dataset.descriptions || "[]");
  if (described.length) {
    const d = video.addTextTrack("descriptions", "Descriptions", "en");
    for (const [start, end, text] of described) d.addCue(new VTTCue(start, end, text));
    d.mode = "hidden";  // read by screen readers and players that speak descriptions, not drawn
  }
}
document.querySelectorAll("video[data-cues]").forEach(addCaptions);
document.querySelectorAll("button.copy").forEach(b => b.addEventListener("click", () => {
  const area = document.getElementById(b.dataset.target);
  area.select();
  (navigator.clipboard ? navigator.clipboard.writeText(area.value) : Promise.reject()).then(
    () => { b.textContent = "Copied"; }, () => { document.execCommand("copy"); b.textContent = "Copied"; });
}));
document.querySelectorAll(".chapters button").forEach(b => b.addEventListener("click", () => {
  const v = document.getElementById("lesson-video"); v.currentTime = Number(b.dataset.start); v.play();
}));
if (location.hash === "#selftest") {
  const errors = [];
  window.addEventListener("error", e => errors.push(String(e.message)));
  const videos = Array.from(document.querySelectorAll("video"));
  const ready = videos.map(v => new Promise(resolve => {
    if (v.readyState >= 1) return resolve();
    v.addEventListener("loadedmetadata", resolve, {once: true});
    v.addEventListener("error", resolve, {once: true});
    setTimeout(resolve, 15000);
  }));
  videos.forEach(v => { v.preload = "auto"; v.load(); });
  Promise.all(ready).then(() => {
    const report = videos.map(v => ({id: v.id, duration: v.duration, error: v.error ? v.error.code : null,
      tracks: Array.from(v.textTracks).map(t => t.cues ? t.cues.length : 0),
      kinds: Array.from(v.textTracks).map(t => t.kind)}));
    // Play the first video for a moment, muted, to see its sound decoded.
    const first = videos[0];
    if (first) first.muted = true;  // a muted video may play without a click
    const played = first ? first.play().then(() => new Promise(r => setTimeout(r, 1500))).catch(e => errors.push(String(e))) : Promise.resolve();
    played.then(() => {
      if (first) { first.pause(); report[0].audioBytes = first.webkitAudioDecodedByteCount; report[0].time = first.currentTime; }
      report.transcripts = document.querySelectorAll("details.transcript p").length;
      const out = document.getElementById("selftest");
      out.textContent = JSON.stringify({videos: report, errors, transcripts: report.transcripts});
      out.dataset.done = "1";
    });
  });
}
"""


def _video(vid: str, stem: str, cues: list, poster: str | None, has_webm: bool, described: list) -> str:
    sources = (f'<source src="{stem}.webm" type="video/webm">' if has_webm else "") + \
              f'<source src="{stem}.mp4" type="video/mp4">'
    poster_attr = f' poster="{html.escape(poster)}"' if poster else ""
    return (f'<video id="{vid}" controls preload="metadata"{poster_attr} '
            f"data-cues='{html.escape(json.dumps(cues), quote=True)}' "
            f"data-descriptions='{html.escape(json.dumps(described), quote=True)}'>{sources}</video>")


def _embed(stem: str, width: int, height: int, poster: str | None, has_webm: bool, descriptions: str | None) -> str:
    poster_attr = f' poster="{poster}"' if poster else ""
    webm = f'\n  <source src="{stem}.webm" type="video/webm">' if has_webm else ""
    described = (f'\n  <track kind="descriptions" src="{descriptions}" srclang="en" label="Descriptions">'
                 if descriptions else "")
    return (f'<video controls preload="metadata" width="{width}" height="{height}"{poster_attr}>{webm}\n'
            f'  <source src="{stem}.mp4" type="video/mp4">\n'
            f'  <track kind="captions" src="{stem}.vtt" srclang="en" label="English" default>{described}\n</video>')


def _transcript(entry: dict) -> str:
    """A chapter's transcript (said and shown) as a collapsible block."""
    from .transcript import entry_moments, to_html

    return f'<details class="transcript"><summary>Transcript</summary>{to_html(entry_moments(entry))}</details>'


def _described(entry: dict, offset: float = 0.0) -> list:
    from .transcript import description_cues

    return [[c.start + offset, c.end + offset, c.text]
            for c in description_cues(entry.get("descriptions", []), entry["duration"])]


def _sound(audio: dict | None) -> str:
    """'voice espeak-ng, -16.1 LUFS · ' for a narrated video; 'silent · ' otherwise."""
    if not audio:
        return "silent · "
    return f'voice {html.escape(str(audio["voice"]))}, {audio["loudness_lufs"]:.1f} LUFS · '


def render_page(manifest: dict) -> str:
    """The page's HTML for a manifest written by scenes/build.py."""
    from .chapters import LESSON

    topic = {**DEFAULT_TOPIC, **manifest.get("topic", {})}
    title = f"How a neural network reads a {topic['noun']}"
    network = "-".join(map(str, topic["sizes"]))
    parts = [f"<h1>{html.escape(title)}</h1>",
             f'<p class="meta">Every number in these videos comes from a real {html.escape(network)} network '
             f"({html.escape(topic['activation'])} hidden layers) trained on {html.escape(topic['title'])}. "
             "Captions are on; the CC button turns them off. Under each video: its transcript, with what "
             "the picture shows in words.</p>"]
    lesson = manifest.get("lesson")
    entries = [manifest["chapters"][c.name] for c in LESSON if c.name in manifest.get("chapters", {})]
    if lesson:
        cues = []
        for ch, e in zip(lesson["chapters"], entries):
            cues += [[c["start"] + ch["start"], c["end"] + ch["start"], c["text"]] for c in e["captions"]]
        buttons = "".join(f'<button data-start="{c["start"]}">{i}. {html.escape(c["title"])}</button>'
                          for i, c in enumerate(lesson["chapters"], start=1))
        w, h = next(((f["width"], f["height"]) for f in entries[0]["files"] if "width" in f), (854, 480))
        embed = html.escape(_embed("lesson", w, h, None, False, lesson.get("descriptions")).replace(
            '<track kind="captions"', '<track kind="chapters" src="lesson-chapters.vtt" srclang="en">\n  <track kind="captions"'))
        described = [d for ch, e in zip(lesson["chapters"], entries) for d in _described(e, ch["start"])]
        files = " · ".join(f'<a href="{html.escape(lesson[k])}">{label}</a>' for k, label in
                           (("transcript", "transcript (text)"), ("descriptions", "descriptions track (VTT)"))
                           if lesson.get(k))
        parts += ["<section><h2>The whole lesson</h2>",
                  _video("lesson-video", "lesson", cues, next((f["file"] for f in entries[0]["files"]
                                                               if f["file"].endswith(".png")), None), False, described),
                  f'<div class="chapters">{buttons}</div>',
                  f'<p class="meta">{_sound(lesson.get("audio"))}{files}</p>',
                  f'<details><summary>Embed</summary><textarea id="embed-lesson" readonly>{embed}</textarea>'
                  f'<button class="copy" data-target="embed-lesson">Copy</button></details></section>']
    head, tail = "", ""
    if manifest.get("tryit"):
        from .tryit import assets_html, panel

        t = manifest["tryit"]
        head, tail = assets_html(t["weights_sha256"])
        parts += ['<section id="try-it"><h2>Try it yourself</h2>',
                  f'<p class="meta">Draw a {html.escape(topic["noun"])} and watch the same network the videos show '
                  f'read it ({html.escape(t["weights_file"])}); point at or tab to any neuron for its numbers. '
                  f'<a href="{html.escape(t["page"])}">Open on its own page</a></p>',
                  panel(t["weights_sha256"]), "</section>"]
    for n, e in enumerate(entries, start=1):
        stem = e["files"][0]["file"].rsplit(".", 1)[0]
        names = {f["file"] for f in e["files"]}
        poster = f"{stem}.png" if f"{stem}.png" in names else None
        has_webm = f"{stem}.webm" in names
        w, h = next(((f["width"], f["height"]) for f in e["files"] if "width" in f), (854, 480))
        cues = [[c["start"], c["end"], c["text"]] for c in e["captions"]]
        described = f"{stem}.descriptions.vtt" if f"{stem}.descriptions.vtt" in names else None
        embed = html.escape(_embed(stem, w, h, poster, has_webm, described))
        extra = "".join(f' · <a href="{f}">{label}</a>' for f, label in
                        ((f"{stem}.txt", "transcript"), (f"{stem}.descriptions.vtt", "descriptions")) if f in names)
        parts += [f'<section id="{e["chapter"]}"><h2>{n}. {html.escape(e["title"])}</h2>',
                  _video(f"video-{e['chapter']}", stem, cues, poster, has_webm, _described(e)),
                  f'<p class="meta">{e["duration"]:.1f} s · {html.escape(e["quality"])} · {_sound(e.get("audio"))}'
                  f'{html.escape(topic["noun"])}: {html.escape(str(e["item"]["source"]))} · '
                  f'<a href="{stem}.gif">GIF preview</a> · <a href="{stem}.srt">SRT</a> · <a href="{stem}.vtt">VTT</a>'
                  f'{extra}</p>',
                  _transcript(e),
                  f'<details><summary>Embed</summary><textarea id="embed-{e["chapter"]}" readonly>{embed}</textarea>'
                  f'<button class="copy" data-target="embed-{e["chapter"]}">Copy</button></details></section>']
    body = "\n".join(parts)
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title><style>{STYLE}</style>{head}</head>\n"
            f'<body><main>\n{body}\n<pre id="selftest"></pre></main><script>{SCRIPT}</script>{tail}</body></html>\n')


def write_page(out: Path, manifest: dict) -> Path:
    """Write index.html into ``out`` atomically."""
    from netcore.atomic import atomic_open

    path = Path(out) / "index.html"
    with atomic_open(path) as f:
        f.write(render_page(manifest).encode("utf-8"))
    return path
