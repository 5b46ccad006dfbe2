"""The lesson page, renders/index.html: every scene's video with captions, poster, chapter title
and an embed snippet. It works opened from disk and from any static host: captions are added
by a few lines of script from cue data in the page, since browsers refuse to load caption
files from file:// addresses. Every word on it is the script's (lines page.* of
scenes/lessonscript/en/page.po), in the script's language, numbers written its way."""
from __future__ import annotations

import html
import json
from pathlib import Path
from string import Template

import lessonscript
from lessonscript import Num

from .chapters import LESSON, chapter_title

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
nav.languages { float: right; margin-top: 28px; } nav.languages a, nav.languages strong { margin-left: 12px; color: #ece9e2; }
.meta a { color: inherit; }
#selftest { display: none; }
"""

SCRIPT = Template("""
function addCaptions(video) {
  const cues = JSON.parse(video.dataset.cues || "[]");
  const track = video.addTextTrack("captions", $captions, $language);
  for (const [start, end, text] of cues) track.addCue(new VTTCue(start, end, text));
  track.mode = "showing";
  const described = JSON.parse(video.dataset.descriptions || "[]");
  if (described.length) {
    const d = video.addTextTrack("descriptions", $descriptions, $language);
    for (const [start, end, text] of described) d.addCue(new VTTCue(start, end, text));
    d.mode = "hidden";  // read by screen readers and players that speak descriptions, not drawn
  }
}
document.querySelectorAll("video[data-cues]").forEach(addCaptions);
document.querySelectorAll("button.copy").forEach(b => b.addEventListener("click", () => {
  const area = document.getElementById(b.dataset.target);
  area.select();
  (navigator.clipboard ? navigator.clipboard.writeText(area.value) : Promise.reject()).then(
    () => { b.textContent = $copied; }, () => { document.execCommand("copy"); b.textContent = $copied; });
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
      kinds: Array.from(v.textTracks).map(t => t.kind), languages: Array.from(v.textTracks).map(t => t.language),
      firstCue: v.textTracks.length && v.textTracks[0].cues.length ? v.textTracks[0].cues[0].text : null}));
    // Play the first video for a moment, muted, to see its sound decoded.
    const first = videos[0];
    if (first) first.muted = true;  // a muted video may play without a click
    const played = first ? first.play().then(() => new Promise(r => setTimeout(r, 1500))).catch(e => errors.push(String(e))) : Promise.resolve();
    played.then(() => {
      if (first) { first.pause(); report[0].audioBytes = first.webkitAudioDecodedByteCount; report[0].time = first.currentTime; }
      report.transcripts = document.querySelectorAll("details.transcript p").length;
      const out = document.getElementById("selftest");
      const languages = Array.from(document.querySelectorAll("nav.languages a, nav.languages strong")).map(
        e => ({name: e.textContent, href: e.getAttribute("href"), current: e.hasAttribute("aria-current")}));
      out.textContent = JSON.stringify({videos: report, errors, transcripts: report.transcripts,
                                        language: document.documentElement.lang, languages});
      out.dataset.done = "1";
    });
  });
}
""")


def _js(text: str) -> str:
    """A string as a JavaScript literal that is safe inside a <script> element."""
    return json.dumps(text).replace("<", "\\u003c")


def page_script(script) -> str:
    """The page's JavaScript, with the caption tracks' labels and language and the copy button's
    word from ``script``."""
    return SCRIPT.substitute(captions=_js(script("page.track-captions")),
                             descriptions=_js(script("page.track-descriptions")),
                             language=_js(script.language), copied=_js(script("page.copied")))


def _video(vid: str, stem: str, cues: list, poster: str | None, has_webm: bool, described: list) -> str:
    sources = (f'<source src="{stem}.webm" type="video/webm">' if has_webm else "") + \
              f'<source src="{stem}.mp4" type="video/mp4">'
    poster_attr = f' poster="{html.escape(poster)}"' if poster else ""
    return (f'<video id="{vid}" controls preload="metadata"{poster_attr} '
            f"data-cues='{html.escape(json.dumps(cues), quote=True)}' "
            f"data-descriptions='{html.escape(json.dumps(described), quote=True)}'>{sources}</video>")


def _embed(stem: str, width: int, height: int, poster: str | None, has_webm: bool, descriptions: str | None,
           script) -> str:
    poster_attr = f' poster="{poster}"' if poster else ""
    webm = f'\n  <source src="{stem}.webm" type="video/webm">' if has_webm else ""
    language = html.escape(script.language)
    described = (f'\n  <track kind="descriptions" src="{descriptions}" srclang="{language}" '
                 f'label="{html.escape(script("page.track-descriptions"))}">' if descriptions else "")
    return (f'<video controls preload="metadata" width="{width}" height="{height}"{poster_attr}>{webm}\n'
            f'  <source src="{stem}.mp4" type="video/mp4">\n'
            f'  <track kind="captions" src="{stem}.vtt" srclang="{language}" '
            f'label="{html.escape(script("page.track-captions"))}" default>{described}\n</video>')


def _transcript(entry: dict, script) -> str:
    """A chapter's transcript (said and shown) as a collapsible block."""
    from .transcript import entry_moments, to_html

    return (f'<details class="transcript"><summary>{html.escape(script("page.transcript"))}</summary>'
            f'{to_html(entry_moments(entry), script)}</details>')


def _described(entry: dict, offset: float = 0.0) -> list:
    from .transcript import description_cues

    return [[c.start + offset, c.end + offset, c.text]
            for c in description_cues(entry.get("descriptions", []), entry["duration"])]


def _sound(audio: dict | None, script) -> str:
    """'voice espeak-ng, −16.1 LUFS · ' for a narrated video; 'silent · ' otherwise."""
    if not audio:
        return html.escape(script("page.silent")) + " · "
    return html.escape(script("page.voice", voice=str(audio["voice"]), loudness=Num(audio["loudness_lufs"], 1))) + " · "


def _embed_block(name: str, embed: str, script) -> str:
    """The fold holding a video's embed snippet, with its copy button."""
    return (f'<details><summary>{html.escape(script("page.embed"))}</summary><textarea id="embed-{name}" readonly>'
            f'{embed}</textarea><button class="copy" data-target="embed-{name}">{html.escape(script("page.copy"))}'
            "</button></details>")


def _heading(number: int, chapter: str, script) -> str:
    """'3. Layers: an item through the network', escaped."""
    return html.escape(script("page.chapter-heading", number=number, title=chapter_title(chapter, script)))


def _whole_lesson(lesson: dict, entries: list[dict], script) -> list[str]:
    """The section of the whole lesson's video, with its chapter buttons."""
    cues = []
    for ch, e in zip(lesson["chapters"], entries):
        cues += [[c["start"] + ch["start"], c["end"] + ch["start"], c["text"]] for c in e["captions"]]
    buttons = "".join(f'<button data-start="{c["start"]}">{_heading(i, e["chapter"], script)}</button>'
                      for i, (c, e) in enumerate(zip(lesson["chapters"], entries), start=1))
    w, h = next(((f["width"], f["height"]) for f in entries[0]["files"] if "width" in f), (854, 480))
    embed = html.escape(_embed("lesson", w, h, None, False, lesson.get("descriptions"), script).replace(
        '<track kind="captions"', f'<track kind="chapters" src="lesson-chapters.vtt" '
                                  f'srclang="{html.escape(script.language)}">\n  <track kind="captions"'))
    described = [d for ch, e in zip(lesson["chapters"], entries) for d in _described(e, ch["start"])]
    files = " · ".join(f'<a href="{html.escape(lesson[k])}">{html.escape(script(line))}</a>' for k, line in
                       (("transcript", "page.lesson-transcript"), ("descriptions", "page.lesson-descriptions"))
                       if lesson.get(k))
    poster = next((f["file"] for f in entries[0]["files"] if f["file"].endswith(".png")), None)
    return [f"<section><h2>{html.escape(script('page.whole-lesson'))}</h2>",
            _video("lesson-video", "lesson", cues, poster, False, described),
            f'<div class="chapters">{buttons}</div>',
            f'<p class="meta">{_sound(lesson.get("audio"), script)}{files}</p>',
            _embed_block("lesson", embed, script) + "</section>"]


def _try_it(t: dict, noun: str, script) -> list[str]:
    """The section of the Try-it panel."""
    from .tryit import panel

    intro = script("page.try-it-intro", noun=noun, file=t["weights_file"])
    return [f'<section id="try-it"><h2>{html.escape(script("page.try-it"))}</h2>',
            f'<p class="meta">{html.escape(intro)} '
            f'<a href="{html.escape(t["page"])}">{html.escape(script("page.try-it-open"))}</a></p>',
            panel(t["weights_sha256"], script), "</section>"]


def _chapter(n: int, e: dict, noun: str, script) -> list[str]:
    """One chapter's section: heading, video, what it is, transcript and embed snippet."""
    stem = e["files"][0]["file"].rsplit(".", 1)[0]
    names = {f["file"] for f in e["files"]}
    poster = f"{stem}.png" if f"{stem}.png" in names else None
    has_webm = f"{stem}.webm" in names
    w, h = next(((f["width"], f["height"]) for f in e["files"] if "width" in f), (854, 480))
    cues = [[c["start"], c["end"], c["text"]] for c in e["captions"]]
    described = f"{stem}.descriptions.vtt" if f"{stem}.descriptions.vtt" in names else None
    embed = html.escape(_embed(stem, w, h, poster, has_webm, described, script))
    word = lambda line_id: html.escape(script(line_id))  # noqa: E731
    extra = "".join(f' · <a href="{f}">{word(line)}</a>' for f, line in
                    ((f"{stem}.txt", "page.link-transcript"), (f"{stem}.descriptions.vtt", "page.link-descriptions"))
                    if f in names)
    about = " · ".join(html.escape(x) for x in (
        script("page.duration", seconds=Num(e["duration"], 1)), script("page.quality", quality=e["quality"])))
    item = html.escape(script("page.item", noun=noun, source=str(e["item"]["source"])))
    return [f'<section id="{e["chapter"]}"><h2>{_heading(n, e["chapter"], script)}</h2>',
            _video(f"video-{e['chapter']}", stem, cues, poster, has_webm, _described(e)),
            f'<p class="meta">{about} · {_sound(e.get("audio"), script)}{item} · '
            f'<a href="{stem}.gif">{word("page.link-gif")}</a> · <a href="{stem}.srt">{word("page.link-srt")}</a> · '
            f'<a href="{stem}.vtt">{word("page.link-vtt")}</a>{extra}</p>',
            _transcript(e, script),
            _embed_block(e["chapter"], embed, script) + "</section>"]


def _language_switch(links: list[dict], script) -> list[str]:
    """The switch to the same lesson in the build's other languages, each named in its own language
    (and marked with it, for screen readers); nothing when there is one language."""
    if len(links) < 2:
        return []
    items = [f'<strong aria-current="page" lang="{html.escape(link["language"])}">{html.escape(link["name"])}</strong>'
             if link["language"] == script.language else
             f'<a href="{html.escape(link["page"])}" hreflang="{html.escape(link["language"])}" '
             f'lang="{html.escape(link["language"])}">{html.escape(link["name"])}</a>' for link in links]
    return [f'<nav class="languages" aria-label="{html.escape(script("page.languages"))}">{"".join(items)}</nav>']


def render_page(manifest: dict, script=None) -> str:
    """The page's HTML for a manifest written by scenes/build.py, in the words of ``script`` (a
    lessonscript.Script: the lesson's; English without one)."""
    script = script or lessonscript.english()
    topic = {**DEFAULT_TOPIC, **manifest.get("topic", {})}
    title = script("page.title", noun=topic["noun"])
    network = "-".join(map(str, topic["sizes"]))
    intro = script("page.intro", network=network, title=topic["title"],
                   activation=script("page.activation", activation=topic["activation"]))
    parts = _language_switch(manifest.get("languages", []), script)
    parts += [f"<h1>{html.escape(title)}</h1>", f'<p class="meta">{html.escape(intro)}</p>']
    lesson = manifest.get("lesson")
    entries = [manifest["chapters"][c.name] for c in LESSON if c.name in manifest.get("chapters", {})]
    if lesson:
        parts += _whole_lesson(lesson, entries, script)
    head, tail = "", ""
    if manifest.get("tryit"):
        from .tryit import assets_html

        head, tail = assets_html(manifest["tryit"]["weights_sha256"])
        parts += _try_it(manifest["tryit"], topic["noun"], script)
    for n, e in enumerate(entries, start=1):
        parts += _chapter(n, e, topic["noun"], script)
    body = "\n".join(parts)
    return (f'<!doctype html>\n<html lang="{html.escape(script.language)}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title><style>{STYLE}</style>{head}</head>\n"
            f'<body><main>\n{body}\n<pre id="selftest"></pre></main><script>{page_script(script)}</script>{tail}'
            "</body></html>\n")


def write_page(out: Path, manifest: dict, script=None) -> Path:
    """Write index.html into ``out`` atomically, in the words of ``script`` (English without one)."""
    from netcore.atomic import atomic_open

    path = Path(out) / "index.html"
    with atomic_open(path) as f:
        f.write(render_page(manifest, script).encode("utf-8"))
    return path
