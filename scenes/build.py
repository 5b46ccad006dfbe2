"""Render the lesson into renders/: every scene (or a chosen few) in lesson order, narrated, as
MP4, WebM, a GIF preview, a poster, captions (.srt and .vtt), a transcript and a descriptions
track; the whole lesson as one video with chapter markers and captions; a manifest; the Try-it
panel's files; and a lesson page, index.html.

    python scenes/build.py                   # all scenes, low quality (480p15)
    python scenes/build.py -q h              # 1080p60
    python scenes/build.py --only intro,layers
    python scenes/build.py --force           # re-render even unchanged scenes
    python scenes/build.py --voice off       # silent videos (default: flite for English, espeak-ng otherwise)
    python scenes/build.py --language de     # in German, into renders/de/
    python scenes/build.py --language en,de  # both, side by side, each page linking to the other
    python scenes/build.py --script-folder my-script   # your own wording: .po files, each line replacing one
    python scenes/build.py --described       # the described version (descriptions spoken) in renders/described/
    python scenes/build.py --takes-list      # write narration/<language>/script.md to record your own takes

Scenes render in parallel, one process each, the longest first, with a live progress bar on a
terminal. A bad script (a teacher's .po file, a translation) stops the build before anything
renders; lines a translation lacks are listed. A scene whose source, kit, script, netcore, lesson
set, settings and recorded takes are unchanged since its last render is not rendered again; when
only the publishing code (scenes/lessonpublish/) changed, its outputs are made again from the kept MP4
without rendering. A failing scene is reported by name; the others still render; nothing
half-written is left in renders/. Ctrl-C stops everything, cleans up, names the finished scenes
and exits 130; the next run makes only what is missing.
"""
from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Callable
from dataclasses import dataclass, field
from pathlib import Path

try:  # the table of contents first: a teacher's edit of scenes/chapters.toml may not read
    from lessonpublish.chapters import LESSON, Chapter, chapter_title
except ValueError as e:  # lessonpublish.chapters.ContentsError
    sys.exit(f"error: {e}")
from lessonpublish import captions, languages, media, transcript
from lessonpublish.jobs import Cancelled, Jobs
from lessonpublish.progress import BuildProgress
from lessonpublish.page import write_page
from lessonvoice.takes import write_script
from lessonpublish.tryit import write_tryit
from lessonkit import lesson as lesson_mod
from lessonvoice import voice as voice_mod
from lessonfarm import files as farm_files
from lessonfarm.cluster import Cluster, ClusterError, address_from
from lessonfarm.course import CourseError, read_course
from lessonfarm.lock import output_lock
from lessonfarm.render import QUALITIES, Rendered, render_scene
import lessonscript
from netcore.atomic import atomic_open
from netcore.mnist import sha256

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = "manifest.json"
DEFAULT_VOICE = "auto"  # flite for English, espeak-ng in the script's language otherwise (lessonvoice.voice)
SUFFIXES = (".mp4", ".webm", ".gif", ".png", ".srt", ".vtt", ".descriptions.vtt", ".txt", ".narration.json")


class BuildError(Exception):
    """A problem that stops the whole build before anything renders."""


@dataclass
class Result:
    chapter: Chapter
    ok: bool
    skipped: bool = False
    republished: bool = False  # outputs made again from the kept video, without rendering
    seconds: float = 0.0
    error: str = ""
    entry: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # lines to show the user (stale narration takes)
    shared: bool = False  # copied from another lesson of this build that needed the same render


def _hash_files(h, files: list[Path]) -> None:
    for f in files:
        if f.is_file():
            h.update(str(f.relative_to(ROOT) if f.is_relative_to(ROOT) else f).encode())
            h.update(f.read_bytes())


def script_files(settings: lesson_mod.Settings) -> list[Path]:
    """Every file the scenes' words can come from: the script engine (lessonscript's code), the shipped
    English script and the chosen language's, and the .po files of a teacher's own script folder."""
    here = ROOT / "scenes" / "lessonscript"
    files = sorted(here.rglob("*.py"))
    for language in dict.fromkeys((lessonscript.BASE, settings.language)):
        if language and (here / language).is_dir() and (here / language).parent == here:
            files += sorted((here / language).glob("*.po"))
    if settings.script and Path(settings.script).is_dir():
        files += sorted(Path(settings.script).rglob("*.po"))
    return files


def takes_folders(settings: lesson_mod.Settings, chapter: Chapter) -> list[Path]:
    """The folders a scene's recorded takes are read from: narration/<language>/<scene>/, and for
    English also the older narration/<scene>/ (voice.Narrator.scene_takes)."""
    if not settings.narration or settings.voice == "off":
        return []
    folder = Path(settings.narration)
    return [folder / settings.language / chapter.name] + ([folder / chapter.name]
                                                        if settings.language == lessonscript.BASE else [])


def render_hash(chapter: Chapter, quality: str, settings: lesson_mod.Settings) -> str:
    """Everything that can change a scene's video: its file, the kit, the script (script_files),
    netcore, the lesson set's files, the settings (and the user's image), the scene's recorded
    takes, the quality and Manim's version."""
    import manim

    h = hashlib.sha256()
    files = [ROOT / "scenes" / f"{chapter.name}.py"]
    files += [ROOT / "scenes" / "chapters.toml"]
    for package in ("lessonkit", "lessonrender", "lessonvoice"):
        files += sorted((ROOT / "scenes" / package).rglob("*.py"))
    files += script_files(settings)
    files += sorted((ROOT / "netcore").rglob("*.py"))
    files += sorted(Path(settings.assets).glob("*.npz"))
    files += [Path(extra) for extra in (settings.weights, settings.item) if extra and Path(extra).is_file()]
    for folder in takes_folders(settings, chapter):
        files += sorted(p for p in folder.glob("*") if p.is_file())
    _hash_files(h, files)
    h.update(json.dumps([vars(settings), voice_mod.voice_identity(settings.voice), quality, manim.__version__,
                         chapter.scene]).encode())
    return h.hexdigest()


def publish_hash(rendered: str) -> str:
    """What a scene's published files depend on beyond its video: the transcoding and caption code."""
    h = hashlib.sha256(rendered.encode())
    _hash_files(h, [ROOT / "scenes" / "lessonpublish" / name for name in ("media.py", "captions.py")])
    return h.hexdigest()


def output_names(index: int, chapter: Chapter) -> dict[str, str]:
    stem = f"{index + 1:02d}-{chapter.name}"
    return {suffix: stem + suffix for suffix in SUFFIXES}


@dataclass
class Todo:
    """A chapter to make, with the hashes its outputs will record."""

    index: int
    chapter: Chapter
    rendered: str  # render_hash
    published: str  # publish_hash
    reuse: bool  # the kept video is still right: only publish again
    label: str = ""  # its name in messages: the chapter's, or lesson/chapter when a build makes several
    seconds: float = float("inf")  # how long its last render took (unknown: longest of all)

    @property
    def name(self) -> str:
        return self.label or self.chapter.name


Renderer = Callable[[Todo, str, Path, lesson_mod.Settings, Jobs], Rendered]


def local_renderer(todo: Todo, quality: str, work: Path, settings: lesson_mod.Settings, jobs: Jobs) -> Rendered:
    """Render on this machine, in a process of its own."""
    return render_scene(todo.name, todo.chapter.name, todo.chapter.scene, quality, work, vars(settings), jobs)


def render_chapter(todo: Todo, quality: str, out: Path, settings: lesson_mod.Settings, lesson: lesson_mod.Lesson,
                   jobs: Jobs, renderer: Renderer = local_renderer, slot=None) -> Result:
    """Render one scene with ``renderer`` (or, with ``todo.reuse``, take its kept MP4 and captions from
    ``out``) and make every output file, all or nothing; an interruption stops it at the next frame and
    leaves nothing. A cluster that went away (ClusterError) stops the build: it is raised. ``slot``
    (a semaphore) bounds the work done on this machine when the renders are elsewhere."""
    chapter, reuse = todo.chapter, todo.reuse
    slot = slot or contextlib.nullcontext()
    start = time.perf_counter()
    names = output_names(todo.index, chapter)
    work = Path(tempfile.mkdtemp(prefix=f".work-{chapter.name}-", dir=out))
    try:
        if reuse:
            for name in (".mp4", ".srt", ".narration.json"):
                if (out / names[name]).is_file():
                    shutil.copyfile(out / names[name], work / names[name])
            made = Rendered(work / names[".mp4"], None, 0)
            played, notes = None, []
        else:
            made = renderer(todo, quality, work, settings, jobs)
            played, notes = made.played, made.notes
        published_at = time.perf_counter()
        with slot:
            entry = publish(todo, quality, settings, lesson, jobs, made, names, work)
        seconds = time.perf_counter() - start
        if played is not None:  # (on a cluster: the render's own time, not its wait in the queue)
            busy = seconds if made.seconds is None else made.seconds + time.perf_counter() - published_at
            entry.update(animations=played, render_seconds=round(busy, 1))
        jobs.check()
        for name in names.values():  # all made: move them into place
            os.replace(work / "out" / name, out / name)
        return Result(chapter, True, seconds=seconds, entry=entry, republished=reuse, notes=notes)
    except Cancelled:
        return Result(chapter, False, seconds=time.perf_counter() - start, error="interrupted")
    except ClusterError:
        raise
    except Exception as e:  # noqa: BLE001 - any failure of one scene is reported, the others go on
        message = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
        return Result(chapter, False, seconds=time.perf_counter() - start, error=message or type(e).__name__)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def publish(todo: Todo, quality: str, settings: lesson_mod.Settings, lesson: lesson_mod.Lesson,
            jobs: Jobs, made: Rendered, names: dict[str, str], work: Path) -> dict:
    """Every output file of a rendered (or kept) scene into ``work``/out; its manifest entry."""
    chapter, video, webm = todo.chapter, made.video, made.webm
    srt_file, record_file = made.srt, made.record
    staged = work / "out"
    staged.mkdir()
    shutil.copyfile(video, staged / names[".mp4"])
    if webm:  # the render encoded the WebM too: the GIF and poster from the MP4
        shutil.copyfile(webm, staged / names[".webm"])
        media.gif_preview(video, staged / names[".gif"], check=jobs.check)
        media.poster(video, staged / names[".png"])
    else:  # a kept video: encode the WebM from it, with the GIF and poster from the same frames
        gif, last = media.GifFrames(), media.LastFrame()
        media.transcode(video, staged / names[".webm"], "webm", jobs.check, also=(gif, last))
        gif.save(staged / names[".gif"], str(video))
        last.save(staged / names[".png"], str(video))
    jobs.check()
    cues = captions.parse_srt(srt_file.read_text(encoding="utf-8")) if srt_file.is_file() else []
    (staged / names[".srt"]).write_text(captions.to_srt(cues), encoding="utf-8")
    (staged / names[".vtt"]).write_text(captions.to_vtt(cues), encoding="utf-8")
    record = transcript.read_record(record_file)
    described = record.get("descriptions", [])
    (staged / names[".narration.json"]).write_text(json.dumps(record, indent=1, ensure_ascii=False), encoding="utf-8")
    (staged / names[".descriptions.vtt"]).write_text(
        transcript.descriptions_vtt(described, media.duration(video)), encoding="utf-8")
    (staged / names[".txt"]).write_text(
        transcript.to_text(lesson.script("page.chapter-heading", number=todo.index + 1,
                                         title=chapter_title(chapter, lesson.script)),
                           transcript.moments(described, cues), lesson.script), encoding="utf-8")
    return describe(chapter, quality, staged, names, settings, lesson, todo.rendered, todo.published, cues,
                    described)


def copy_chapter(todo: Todo, source: Path, entry: dict, out: Path) -> Result:
    """Another lesson's chapter whose render hash is this one's (the same scene, set, language, theme,
    quality and code): its files copied into ``out``, all or nothing, and its manifest entry."""
    start = time.perf_counter()
    names = output_names(todo.index, todo.chapter)
    work = None
    try:
        work = Path(tempfile.mkdtemp(prefix=f".work-{todo.chapter.name}-", dir=out))
        for name in names.values():
            shutil.copyfile(source / name, work / name)
        for name in names.values():
            os.replace(work / name, out / name)
        return Result(todo.chapter, True, seconds=time.perf_counter() - start, entry=json.loads(json.dumps(entry)),
                      shared=True)
    except OSError as e:
        return Result(todo.chapter, False, seconds=time.perf_counter() - start, error=e.strerror or str(e))
    finally:
        if work:
            shutil.rmtree(work, ignore_errors=True)


def describe(chapter: Chapter, quality: str, folder: Path, names: dict[str, str],
             settings: lesson_mod.Settings, lesson: lesson_mod.Lesson, rendered: str, published: str,
             cues: list, described: list[dict]) -> dict:
    """The manifest entry of one rendered chapter (``described``: what its pictures show, timed)."""
    weights_path = lesson.set.weights_path
    mp4 = folder / names[".mp4"]
    files = []
    for suffix, name in names.items():
        path = folder / name
        item = {"file": name, "bytes": path.stat().st_size, "sha256": sha256(path)}
        if suffix in (".mp4", ".webm"):
            item["duration"] = round(media.duration(path), 3)
            item["width"], item["height"] = media.frame_size(path)
        files.append(item)
    return {
        "chapter": chapter.name, "scene": chapter.scene, "title": chapter_title(chapter, lesson.script), "quality": QUALITIES[quality],
        "hash": rendered, "publish_hash": published, "duration": round(media.duration(mp4), 3), "files": files,
        "language": settings.language, "described": settings.described == "on",
        "captions": [{"start": c.start, "end": c.end, "text": c.text} for c in cues],
        "audio": media.describe_audio(mp4, voice_mod.voice_label(settings.voice)),
        "descriptions": [{"start": round(d["start"], 3), "text": d["text"]}
                         for d in described],
        "weights": {"path": str(weights_path.relative_to(ROOT) if weights_path.is_relative_to(ROOT) else weights_path),
                    "sha256": sha256(weights_path)},
        "item": {"setting": settings.item, "source": lesson.item.caption,
                 "label": None if lesson.item.label is None else lesson.class_name(lesson.item.label)},
    }


def load_manifest(out: Path) -> dict:
    try:
        data = json.loads((out / MANIFEST).read_text())
        return data if isinstance(data, dict) and isinstance(data.get("chapters"), dict) else {"chapters": {}}
    except (OSError, ValueError):
        return {"chapters": {}}


def write_atomic(path: Path, text: str) -> None:
    with atomic_open(path) as f:
        f.write(text.encode("utf-8"))


def build_lesson_video(out: Path, entries: list[dict], script, check: media.Check = media.no_check) -> dict:
    """The chapters joined into one MP4 with chapter markers, and its captions."""
    parts = [(out / next(f["file"] for f in e["files"] if f["file"].endswith(".mp4")), e["title"]) for e in entries]
    with atomic_open(out / "lesson.mp4") as f:
        chapters, copied = media.concatenate(parts, f, check)
    cues = []
    for (start, _, _), e in zip(chapters, entries):
        cues += captions.shifted([captions.Cue(c["start"], c["end"], c["text"]) for c in e["captions"]], start)
    write_atomic(out / "lesson.srt", captions.to_srt(cues))
    write_atomic(out / "lesson.vtt", captions.to_vtt(cues))
    write_atomic(out / "lesson-chapters.vtt", captions.to_vtt([captions.Cue(a, b, t) for a, b, t in chapters]))
    described = []
    for (start, end, _), e in zip(chapters, entries):
        described += captions.shifted(transcript.description_cues(e.get("descriptions", []),
                                                                   end - start), start)
    write_atomic(out / "lesson-descriptions.vtt", captions.to_vtt(described, "kind=descriptions"))
    write_atomic(out / "lesson.txt", "\n".join(
        transcript.to_text(script("page.chapter-heading", number=n, title=e["title"]), transcript.entry_moments(e), script)
        for n, e in enumerate(entries, start=1)))
    lesson = out / "lesson.mp4"
    return {"file": "lesson.mp4", "language": script.language, "bytes": lesson.stat().st_size, "sha256": sha256(lesson),
            "duration": round(media.duration(lesson), 3), "captions": "lesson.vtt", "chapter_track": "lesson-chapters.vtt",
            "descriptions": "lesson-descriptions.vtt", "transcript": "lesson.txt",
            "audio": media.describe_audio(lesson, (entries[0].get("audio") or {}).get("voice", "off")),
            "chapters": [{"start": round(a, 3), "end": round(b, 3), "title": t} for a, b, t in chapters],
            "joined_by": "copying packets" if copied else "re-encoding (the chapters' encodings differ)"}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python scenes/build.py", description=__doc__.splitlines()[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter, epilog="\n".join(__doc__.splitlines()[3:]))
    p.add_argument("-q", "--quality", choices=sorted(QUALITIES), default=None, help="l 480p15 (default), m 720p30, h 1080p60")
    p.add_argument("--only", default="", help="comma-separated chapter names, e.g. intro,layers")
    p.add_argument("--out", type=Path, default=ROOT / "renders", help="output folder (default: renders/)")
    p.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="scenes rendered at once")
    p.add_argument("--force", action="store_true", help="render even scenes that have not changed")
    p.add_argument("--no-lesson", action="store_true", help="skip the joined lesson video")
    p.add_argument("--burn-captions", action="store_true",
                   help="also draw the narration into the frames (by default it is only in the caption files)")
    p.add_argument("--voice", default=None,
                   help="off, auto (default: flite for English, espeak-ng in the lesson's language otherwise), or "
                        "an engine: flite, espeak-ng, festival, optionally :VOICE, or piper:/path/to/voice.onnx")
    p.add_argument("--rate", type=int, default=None, help="speaking rate, words per minute (default 160)")
    p.add_argument("--narration", type=Path, default=None,
                   help="folder of recorded takes, <language>/<scene>/<line-id>.wav (default: narration/ if it exists)")
    p.add_argument("--language", default=None,
                   help="the script's language: en (default), a shipped translation (de), en-XA (pseudo), or any "
                        "language a --script-folder translates; a list such as en,de builds each, side by side "
                        "(English in OUT, each other language in OUT/<language>/)")
    p.add_argument("--script-folder", type=Path, default=None, metavar="DIR",
                   help="a folder of your own .po files (copied from scenes/lessonscript/en/): each line in it "
                        "replaces the shipped one")
    p.add_argument("--fallback", choices=("on", "off"), default=None,
                   help="lines a translation lacks: spoken in English and listed (on, default), or an error (off)")
    p.add_argument("--described", action="store_true",
                   help="make the described version (extended audio description: every description spoken "
                        "while the picture holds) into OUT/described/, a second lesson with its own page")
    p.add_argument("--speedups", choices=("on", "off"), default=None,
                   help="render with the lesson's renderer (on, default) or with Manim's own code (off: slower, "
                        "the same pictures; to compare, or to work around a problem)")
    p.add_argument("--takes-list", action="store_true",
                   help="write the list of lines to record (every line with its id, scene by scene) into "
                        "the narration folder's <language>/ folder, report takes that match no line, and stop")
    p.add_argument("--script", dest="takes_list", action="store_true", help=argparse.SUPPRESS)  # its old name
    p.add_argument("--course", type=Path, default=None, metavar="FILE",
                   help="build every lesson a course file lists, each into OUT/<name>/, and a course page, "
                        "OUT/index.html (docs/course.md)")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="render on a Dask cluster: its scheduler's address, such as tcp://host:8786 (default: "
                        "$DASK_SCHEDULER_ADDRESS; without either, on this machine)")
    args = p.parse_args(argv)
    if args.course is not None:
        given = [flag for flag, value in (("--quality", args.quality), ("--voice", args.voice), ("--rate", args.rate),
                                          ("--narration", args.narration), ("--language", args.language),
                                          ("--script-folder", args.script_folder), ("--fallback", args.fallback),
                                          ("--speedups", args.speedups)) if value is not None]
        given += [flag for flag, value in (("--described", args.described), ("--burn-captions", args.burn_captions),
                                           ("--takes-list", args.takes_list)) if value]
        if given:
            p.error(f"{given[0]} is a lesson's setting: with --course, each lesson's settings are in the course file")
    args.quality = args.quality or "l"
    return args


def build_settings(args: argparse.Namespace, language: str | None = None) -> lesson_mod.Settings:
    """The user's settings (lesson.toml, LESSON_*), with the build's own defaults (spoken by
    DEFAULT_VOICE, captions in the caption files only) and the command line's choices on top, for
    ``language`` (None: the one the settings choose); finished by finish_settings."""
    settings = lesson_mod.read_settings(defaults={"voice": DEFAULT_VOICE})
    given = {"voice": args.voice, "rate": None if args.rate is None else str(args.rate),
             "narration": None if args.narration is None else str(args.narration),
             "captions": "on" if args.burn_captions else "off", "language": language,
             "script": None if args.script_folder is None else str(args.script_folder),
             "fallback": args.fallback, "described": "on" if args.described else None, "speedups": args.speedups}
    values = {**vars(settings), **{k: v for k, v in given.items() if v is not None}}
    if values["described"] == "on" and values["voice"].strip() == "off" and not args.takes_list:
        raise BuildError("the described version speaks its descriptions: it needs a voice, not --voice off")
    if args.takes_list:  # the list goes into the takes folder, made once the script is checked; no voice needed
        args.takes_folder = Path(values["narration"] or "narration").absolute()
        values.update(narration="", voice="off")
    if not values["narration"] and (Path.cwd() / "narration").is_dir():
        values["narration"] = "narration"
    return finish_settings(values)


def finish_settings(values: dict[str, str]) -> lesson_mod.Settings:
    """Settings from ``values``: the voice "auto" made the language's own; paths made absolute, since
    every scene renders in its own process (and perhaps on another machine)."""
    values = dict(values)
    if values["voice"].strip() == "auto":
        try:
            values["voice"] = voice_mod.default_voice(values["language"])
        except voice_mod.VoiceError as e:
            raise BuildError(str(e)) from None
    engine, _, model = values["voice"].strip().partition(":")
    if engine == "piper" and model:  # every scene renders from the project's folder
        values["voice"] = f"piper:{Path(model).expanduser().absolute()}"
    for k in ("assets", "weights", "item", "narration", "script"):
        if values[k] and not values[k].strip().isdigit():
            values[k] = str(Path(values[k]).absolute())
    return lesson_mod.Settings(**values)


def course_settings(values: dict[str, str]) -> lesson_mod.Settings:
    """A course lesson's settings: the course file's values over the build's defaults (lesson.toml
    and LESSON_* do not apply: a course file says everything)."""
    defaults = {**vars(lesson_mod.Settings()), "voice": DEFAULT_VOICE, "captions": "off"}
    merged = {**defaults, **values}
    if merged["described"] == "on" and merged["voice"].strip() == "off":
        raise BuildError("the described version speaks its descriptions: it needs a voice, not voice = \"off\"")
    return finish_settings(merged)


def select(only: str) -> list[tuple[int, Chapter]]:
    wanted = [w.strip() for w in only.split(",") if w.strip()]
    known = {c.name: i for i, c in enumerate(LESSON)}
    unknown = [w for w in wanted if w not in known]
    if unknown:
        raise BuildError(f"unknown scene {', '.join(unknown)} (choose from {', '.join(known)})")
    return [(i, c) for i, c in enumerate(LESSON) if not wanted or c.name in wanted]


def check_writable(out: Path) -> None:
    """BuildError unless ``out`` can be made and written."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".probe.", dir=out)
        os.close(fd)
        os.unlink(probe)
    except OSError as e:
        raise BuildError(f"cannot write to {out}: {e.strerror or e}") from None


def prepare_output(out: Path) -> None:
    """A lesson's folder, writable and without what a stopped build left (under the build's lock)."""
    check_writable(out)
    sweep(out)


def sweep(out: Path) -> None:
    """Remove work folders and partial files (left by a build that was stopped)."""
    for stale in out.glob(".work-*"):
        shutil.rmtree(stale, ignore_errors=True)
    for stale in out.glob(".*.part"):
        stale.unlink(missing_ok=True)


def plan(chosen: list[tuple[int, Chapter]], manifest: dict, quality: str, settings: lesson_mod.Settings,
         out: Path, force: bool) -> tuple[list[Todo], list[Result]]:
    """What to make and what to keep: unchanged chapters are kept; chapters whose video is still
    right but whose publishing changed are published again; the rest render, longest first (by
    their last render time; never-rendered ones first of all)."""
    todo, kept = [], []
    for i, chapter in chosen:
        rendered = render_hash(chapter, quality, settings)
        published = publish_hash(rendered)
        old = manifest["chapters"].get(chapter.name)
        present = old and all((out / f["file"]).is_file() for f in old.get("files", []))
        same_video = not force and present and old.get("hash") == rendered
        if same_video and old.get("publish_hash") == published:
            kept.append(Result(chapter, True, skipped=True, entry=old))
        else:
            seconds = (old or {}).get("render_seconds", float("inf"))
            todo.append(Todo(i, chapter, rendered, published, bool(same_video), seconds=seconds))
    todo.sort(key=lambda t: (t.reuse, -t.seconds))
    return todo, kept


@dataclass
class Target:
    """One lesson this build makes: ``name`` in its messages ("" when it is the only one), its
    settings and loaded lesson, its quality, its folder (``root``: the described version sits
    inside it) and its heading on a course page; then its manifest, what to make and what was made."""

    name: str
    settings: lesson_mod.Settings
    lesson: lesson_mod.Lesson
    quality: str
    root: Path
    title: str = ""
    manifest: dict = field(default_factory=dict)
    todo: list[Todo] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)

    @property
    def out(self) -> Path:
        return variant_folder(self.root, self.settings)


@dataclass
class Work:
    """One unit of work: a render (or a re-publishing, or a copy from a lesson that has it already)
    and every lesson of the build that needs the same render hash, the first of which makes it."""

    members: list[tuple[Target, Todo]]
    source: tuple[Path, dict] | None = None  # a folder and manifest entry that hold this chapter already

    @property
    def seconds(self) -> float:
        return max(todo.seconds for _, todo in self.members)


def share(targets: list[Target]) -> list[Work]:
    """Every lesson's chapters to make, grouped by render hash: equal work is done once. A chapter
    another lesson of the build keeps unchanged is copied from there. Longest first (by the last
    render of any lesson that had it; never-rendered ones first of all), re-publishing last."""
    kept = {r.entry.get("hash"): (t.out, r.entry) for t in targets for r in t.results
            if r.skipped and r.entry.get("publish_hash") == publish_hash(r.entry.get("hash", ""))}
    groups: dict[str, Work] = {}
    for t in targets:
        for todo in t.todo:
            work = groups.setdefault(todo.rendered, Work([], kept.get(todo.rendered)))
            work.members.append((t, todo))
    for work in groups.values():
        work.members.sort(key=lambda member: not member[1].reuse)  # one with its video kept goes first
        known = [todo.seconds for _, todo in work.members if todo.seconds != float("inf")]
        for _, todo in work.members:
            todo.seconds = min(known) if known else todo.seconds
    return sorted(groups.values(), key=lambda w: (w.source is None, all(todo.reuse for _, todo in w.members),
                                                 -w.seconds), reverse=False)


def remote_renderer(cluster: Cluster, on_result: Callable[[str], None] = lambda name: None) -> Renderer:
    """Render on the Dask cluster: the settings' files go with the job, the files made come back
    (``on_result`` hears of each, by its name in messages)."""

    def render(todo: Todo, quality: str, work: Path, settings: lesson_mod.Settings, jobs: Jobs) -> Rendered:
        plan, blobs = farm_files.collect(vars(settings), takes_folders(settings, todo.chapter))
        job = {"label": todo.name, "chapter": todo.chapter.name, "scene": todo.chapter.scene, "quality": quality,
               "settings": vars(settings), "files": plan}
        priority = int(min(todo.seconds, 10 ** 6))
        try:
            result = cluster.render(todo.rendered, job, blobs, priority)
        except (Cancelled, ClusterError):
            raise
        except Exception as e:  # noqa: BLE001 - Dask's word for a render that failed on every try
            first = (str(e).strip().splitlines() or [""])[0]
            raise RuntimeError(f"{type(e).__name__}: {first}" if first else type(e).__name__) from None
        if result.get("error") == "interrupted":
            raise Cancelled("interrupted")
        if "error" in result:
            raise RuntimeError(result["error"])
        on_result(todo.name)
        folder = work / "media"
        folder.mkdir(parents=True, exist_ok=True)
        for suffix, data in result["files"].items():
            (folder / f"{todo.chapter.scene}.{suffix}").write_bytes(data)
        video = folder / f"{todo.chapter.scene}.mp4"
        webm = video.with_suffix(".webm")
        return Rendered(video, webm if webm.is_file() else None, int(result["played"]), list(result["notes"]),
                        float(result["seconds"]))

    return render


def render_all(works: list[Work], n_jobs: int, jobs: Jobs, progress: BuildProgress, renderer: Renderer,
               cluster: Cluster | None = None, local_jobs: int = 1) -> None:
    """Do every unit of work, ``n_jobs`` at a time, each lesson's results going into its target as
    they end. With a ``cluster``, every render is sent at once and the work on this machine
    (publishing, copying) is ``local_jobs`` at a time. On Ctrl-C: stop every job here and on the
    cluster, wait for them to clean up, and raise again; a cluster that went away likewise."""
    slot = threading.BoundedSemaphore(local_jobs) if cluster else contextlib.nullcontext()

    def one(work: Work) -> list[tuple[Target, Result]]:
        (lead_target, lead), rest = work.members[0], work.members[1:]
        if work.source:
            with slot:
                r = copy_chapter(lead, work.source[0], work.source[1], lead_target.out)
        else:
            if cluster is None or lead.reuse:
                progress.started(lead.name)
            r = render_chapter(lead, lead_target.quality, lead_target.out, lead_target.settings, lead_target.lesson,
                               jobs, local_renderer if lead.reuse else renderer, slot if cluster else None)
        if r.ok and r.republished:  # as record() will write it: the copies say the same
            old = lead_target.manifest["chapters"].get(lead.chapter.name, {})
            r.entry.update({k: old[k] for k in ("animations", "render_seconds", "narration_notes") if k in old})
        elif r.ok and not r.shared:
            r.entry["narration_notes"] = r.notes
        made = [(lead_target, r)]
        for target, todo in rest:
            with slot:
                if jobs.stop.is_set():
                    made.append((target, Result(todo.chapter, False, error="interrupted")))
                    continue
                made.append((target, copy_chapter(todo, lead_target.out, r.entry, target.out) if r.ok else
                             Result(todo.chapter, False, error=r.error)))
        for target, result in made:
            target.results.append(result)
        return made

    pool = ThreadPoolExecutor(max_workers=max(1, n_jobs))
    futures = {pool.submit(one, w): w for w in works}
    try:
        for n, future in enumerate(as_completed(futures), start=1):
            made = future.result()
            (_, r), lead = made[0], futures[future].members[0][1]
            mark = "✓" if r.ok else "✗"
            detail = (f"{r.seconds:.1f} s" + (" (publishing only: video unchanged)" if r.republished else "")
                      + (" (copied: another lesson has it)" if r.shared else "") if r.ok else f"FAILED: {r.error}")
            progress.finished(lead.name, f"  [{n}/{len(works)}] {mark} {lead.name}: {detail}")
            for note in r.notes:
                progress.line(f"      {note}")
            for (target, other), (_, todo) in zip(made[1:], futures[future].members[1:]):
                if other.ok:
                    progress.line(f"      = {todo.name}: the same render, copied")
    except BaseException as e:
        if isinstance(e, KeyboardInterrupt):
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the clean-up short
        jobs.cancel()
        if cluster:
            cluster.cancel()  # before waiting: the renders on the cluster stop now, not when done
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        pool.shutdown(wait=True)


def record(manifest: dict, results: list[Result], lesson: lesson_mod.Lesson) -> None:
    """Put the chapters made into the manifest, with the lesson's topic, its script (language, a
    teacher's folder, lines in English for want of a translation) and the list of outputs."""
    for r in results:
        if r.ok:
            old = manifest["chapters"].get(r.chapter.name, {})
            if r.republished:  # the render's own record stays
                r.entry.update({k: old[k] for k in ("animations", "render_seconds", "narration_notes") if k in old})
            elif not r.shared:
                r.entry["narration_notes"] = r.notes
            manifest["chapters"][r.chapter.name] = r.entry
    manifest["topic"] = {"title": lesson.topic.title, "noun": lesson.topic.noun, "plural": lesson.topic.plural,
                         "classes": list(lesson.topic.classes), "sizes": list(lesson.net.sizes),
                         "activation": lesson.net.activation}
    settings, script = lesson.settings, lesson.script
    manifest["script"] = {"language": script.language, "folder": settings.script or None,
                          "fallback": settings.fallback == "on", "fell_back": list(script.fell_back),
                          "notes": list(script.notes)}
    manifest["described"] = settings.described == "on"
    manifest["outputs"] = [
        {**{k: e[k] for k in ("chapter", "scene", "quality", "weights", "item")}, **f,
         "duration": f.get("duration", e["duration"]), "language": e.get("language", lessonscript.BASE)}
        for e in (manifest["chapters"][c.name] for c in LESSON if c.name in manifest["chapters"]) for f in e["files"]]


def join_lesson(manifest: dict, results: list[Result], out: Path, args: argparse.Namespace, jobs: Jobs,
                progress: BuildProgress, script) -> list[Result]:
    """Join the chapters into lesson.mp4 when every one is made at one quality; returns failures."""
    entries = [manifest["chapters"][c.name] for c in LESSON if c.name in manifest["chapters"]]
    complete = (len(entries) == len(LESSON) and len({e["quality"] for e in entries}) == 1
                and len({e.get("language", lessonscript.BASE) for e in entries}) == 1)
    if not complete:
        manifest.pop("lesson", None)
        progress.line("  (lesson.mp4 needs every chapter rendered at one quality, in one language; skipped)")
        return []
    if args.no_lesson:
        return []
    changed = any(not r.skipped for r in results) or not (out / "lesson.mp4").is_file()
    if not changed and "lesson" in manifest:
        return []
    try:
        manifest["lesson"] = build_lesson_video(out, entries, script, jobs.check)
        progress.line(f"  ✓ lesson.mp4: all chapters joined by {manifest['lesson']['joined_by']}, with chapter markers")
    except (OSError, ValueError) as e:
        progress.line(f"  ✗ lesson.mp4: FAILED: {e}")
        return [Result(Chapter("lesson", "-"), False, error=str(e))]
    return []


def write_outputs(manifest: dict, out: Path, lesson: lesson_mod.Lesson) -> None:
    """The manifest, the Try-it panel's files (the lesson's network for the browser) and the page, in
    the words of the lesson's script."""
    manifest["tryit"] = write_tryit(out, lesson)
    manifest.setdefault("languages", [])  # filled by link_languages once another language stands beside it
    write_atomic(out / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False))
    write_page(out, manifest, lesson.script)


DESCRIBED = "described"  # the described version's folder inside the output folder


def variant_folder(out: Path, settings: lesson_mod.Settings) -> Path:
    """Where this build's lesson goes: ``out``, or for the described version (described = on) its
    own complete lesson, with its own manifest and page, in ``out/described/``."""
    return out / DESCRIBED if settings.described == "on" else out


def link_variants(manifest: dict, out: Path, settings: lesson_mod.Settings) -> None:
    """Link the plain lesson in ``out`` and the described one in ``out/described/`` to each other
    in their manifests ("variants": page and manifest of the other, relative to this one), as far
    as the other has been made. The plain lesson's manifest, made before, gets its link now."""
    described = settings.described == "on"
    manifest["variant"] = DESCRIBED if described else "plain"
    if described:
        other = out / MANIFEST
        manifest["variants"] = {"plain": {"page": "../index.html", "manifest": f"../{MANIFEST}"}} if other.is_file() else {}
        main_manifest = load_manifest(out) if other.is_file() else None
        if main_manifest and main_manifest.get("chapters"):
            main_manifest.setdefault("variants", {})[DESCRIBED] = {"page": f"{DESCRIBED}/index.html",
                                                                   "manifest": f"{DESCRIBED}/{MANIFEST}"}
            write_atomic(other, json.dumps(main_manifest, indent=2, ensure_ascii=False))
    else:
        there = (out / DESCRIBED / MANIFEST).is_file()
        manifest["variants"] = {DESCRIBED: {"page": f"{DESCRIBED}/index.html",
                                            "manifest": f"{DESCRIBED}/{MANIFEST}"}} if there else {}


def language_root(out: Path, language: str) -> Path:
    """Where a language's lesson goes: ``out`` for English, ``out/<language>/`` for any other, so
    the languages of one course sit side by side."""
    return out if language == lessonscript.BASE else out / language


def requested_languages(text: str | None) -> list[str | None]:
    """``--language en,de`` as ["en", "de"]; nothing given: [None] (the language lesson.toml or
    LESSON_LANGUAGE choose, English by default)."""
    languages = list(dict.fromkeys(part.strip() for part in (text or "").split(",") if part.strip()))
    if text is not None and not languages:
        raise BuildError("--language needs a language, such as de, or a list such as en,de")
    return languages or [None]


def main(argv: list[str] | None = None) -> int:
    from rich.console import Console

    console = Console(stderr=True, soft_wrap=True)  # log lines are not wrapped at 80 columns
    args = parse_args(argv)
    try:
        chosen = select(args.only)
        if args.jobs < 1:
            raise BuildError("--jobs must be at least 1")
        address = address_from(args.scheduler, os.environ)
        course, page_script = None, None
        if args.course is not None:
            course = read_course(args.course)
            targets = course_targets(course, args.out)
            page_script = course_script(course)
            if (args.out / MANIFEST).is_file():
                raise BuildError(f"{args.out} holds a single lesson (its manifest.json): build the course into a "
                                 "folder of its own with --out")
        else:
            languages = requested_languages(args.language)
            check_script_folder(args.script_folder, languages)
            # Every language's settings and script are checked before anything renders in any of them.
            prepared = [(settings, lesson_mod.load(settings)) for settings in
                        (build_settings(args, language) for language in languages)]
            if args.takes_list:
                return max(write_script(chosen, lesson, args.takes_folder, console) for _, lesson in prepared)
            targets = [Target(settings.language if len(prepared) > 1 else "", settings, lesson, args.quality,
                              language_root(args.out, settings.language)) for settings, lesson in prepared]
        check_writable(args.out)
    except (BuildError, lesson_mod.ConfigError, CourseError, ClusterError) as e:
        return print_error(console, e)
    say = lambda text: console.print(text, markup=False, highlight=False)  # noqa: E731
    try:
        with output_lock(args.out, say):
            last: list[str] = []  # a line that stops the build, said after everything kept is written
            status = build_targets(args, chosen, targets, console, address, last)
            if status in (2, 130):
                return status
            if course is None:
                for note in link_languages(args.out):
                    say(note)
            else:
                write_course(course, targets, args.out, page_script)
                say(f"wrote {args.out / 'index.html'} (the course: {len(targets)} lessons)")
            for line in last:
                say(line)
    except KeyboardInterrupt:  # waiting for another build, or while the pages were written
        say("interrupted; run the same command again to make what is missing.")
        return 130
    return status


def course_script(course) -> lessonscript.Script:
    """The course page's words: the script of the course's default language (and its default
    script folder and fallback)."""
    defaults = {**vars(lesson_mod.Settings()), **course.defaults}
    try:
        return lessonscript.load(defaults["language"], Path(defaults["script"]) if defaults["script"] else None,
                                 defaults["fallback"] == "on")
    except lessonscript.ScriptError as e:
        raise BuildError(f"{course.path}: the course page's words: {e}") from None


def course_targets(course, out: Path) -> list[Target]:
    """Each lesson of the course file, checked and loaded (its mistakes named with its name), to be
    built into OUT/<name>/."""
    targets = []
    for entry in course.lessons:
        try:
            settings = course_settings(entry.settings)
            lesson = lesson_mod.load(settings)
        except (BuildError, lesson_mod.ConfigError) as e:
            raise BuildError(f"{course.path}: lesson {entry.name!r}: {e}") from None
        targets.append(Target(entry.name, settings, lesson, entry.quality, out / entry.name, title=entry.title))
    return targets


def write_course(course, targets: list[Target], out: Path, script) -> None:
    """The course page, OUT/index.html: each lesson with its poster, linking its page."""
    from lessonpublish.course import write_course_page

    lessons = []
    for t in targets:
        manifest = load_manifest(t.out)
        lessons.append({"name": t.name, "title": t.title, "folder": Path(os.path.relpath(t.out, out)).as_posix(),
                        "manifest": manifest, "theme": t.settings.theme})
    write_course_page(out, course.title, lessons, script)


def print_error(console, e: Exception) -> int:
    """Say what stops the build on one line (``error: ...``); the exit status 2."""
    console.print("error: " + re.sub(r"\s*\n\s*", " ", str(e).strip()), markup=False, highlight=False)
    return 2


def check_script_folder(folder: Path | None, languages: list[str | None]) -> None:
    """With several languages, a teacher's script folder must say which lines are which language's:
    one folder per language inside it (my-script/en/, my-script/de/)."""
    if folder is None or len(languages) < 2 or not folder.is_dir():
        return
    if not any((folder / language).is_dir() for language in languages if language):
        raise BuildError(f"{folder} holds one set of lines, and this build makes {', '.join(map(str, languages))}: "
                         f"put each language's lines in a folder of its own ({folder}/en/, {folder}/de/)")


def build_targets(args: argparse.Namespace, chosen: list[tuple[int, Chapter]], targets: list[Target], console,
                  address: str | None, last: list[str]) -> int:
    """Build every target lesson into its folder, sharing equal renders, on this machine or on the Dask
    cluster at ``address``; the exit status. A line to say at the very end goes into ``last``."""
    for t in targets:
        try:
            prepare_output(t.out)
        except BuildError as e:
            return print_error(console, e)
        t.manifest = load_manifest(t.out)
        t.todo, t.results = plan(chosen, t.manifest, t.quality, t.settings, t.out, args.force)
        for todo in t.todo:
            todo.label = f"{t.name}/{todo.chapter.name}" if t.name else ""
    works = share(targets)
    expected = {(f"{t.name}/{name}" if t.name else name): e.get("animations", 0)
                for t in targets for name, e in t.manifest["chapters"].items()}
    progress = BuildProgress(console, len(works), expected)
    jobs = Jobs(progress.animations)
    cluster = None
    if address and any(not todo.reuse for w in works if not w.source for _, todo in w.members):
        try:
            cluster = Cluster(address, progress.on_worker)
        except ClusterError as e:
            return print_error(console, e)
    at_once = f"on {address}, {cluster.slots} at a time" if cluster else f"{args.jobs} at a time"
    for t in targets:
        prefix = f"{t.name}: " if t.name else ""
        progress.line(f"{prefix}{len(t.todo)} scene(s) to render at {QUALITIES[t.quality]}, "
                      f"{len(t.results)} unchanged, {at_once}")
        for r in t.results:
            progress.line(f"  = {r.chapter.name}: unchanged, kept")
            for note in r.entry.get("narration_notes", []):
                progress.line(f"      {note}")
    saved = sum(len(w.members) for w in works) - len([w for w in works if not w.source])
    if saved:
        progress.line(f"{saved} of them shared: the same render as another lesson's, made once and copied")
    fatal = None
    try:
        with progress:
            try:
                render_all(works, len(works) if cluster else args.jobs, jobs, progress,
                           remote_renderer(cluster, progress.publishing) if cluster else local_renderer, cluster,
                           args.jobs)
            except ClusterError as e:
                fatal = e
                cluster.cancel()
            failed = []
            for t in targets:
                record(t.manifest, t.results, t.lesson)
                lesson_failed = [r for r in t.results if not r.ok]
                if not lesson_failed and not fatal:
                    lesson_failed += join_lesson(t.manifest, t.results, t.out, args, jobs, progress, t.lesson.script)
                failed += [(t, r) for r in lesson_failed]
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the clean-up short
        jobs.cancel()
        if cluster:
            cluster.cancel()
            cluster.close()
        return interrupted(targets, console)
    if cluster:
        cluster.close()
    for t in targets:
        if fatal:
            t.manifest.pop("lesson", None)
        link_variants(t.manifest, t.root, t.settings)
        write_outputs(t.manifest, t.out, t.lesson)
        sweep(t.out)
        console.print(f"wrote {t.out / MANIFEST} and {t.out / 'index.html'}", markup=False, highlight=False)
    if fatal:
        made = sum(1 for t in targets for r in t.results if r.ok and not r.skipped)
        last.append(f"error: {fatal}; " + (f"the {made} scene(s) finished are kept" if made else "no scene had finished")
                    + ": run the same command again to make the rest")
        return 1
    if failed:
        console.print("failed: " + "; ".join(f"{t.name + '/' if t.name else ''}{r.chapter.name}: {r.error}"
                                             for t, r in failed), markup=False, highlight=False)
        return 1
    return 0


def link_languages(out: Path) -> list[str]:
    """Give every language's lesson under ``out`` (language_root) a link to each other one, in its
    manifest ("languages") and as a switch on its page, written again in its own script's words;
    the described versions (OUT/<language>/described/) likewise among themselves. Notes for the
    pages that could not be written again."""
    if not out.is_dir():
        return []
    roots = {}
    for folder in [out] + sorted(p for p in out.iterdir() if p.is_dir()):
        language = load_manifest(folder).get("script", {}).get("language")
        if language and (folder == out or folder.name == language) and language not in roots:
            roots[language] = folder
    notes = []
    for variant in ("", DESCRIBED):
        found = {language: root / variant for language, root in roots.items() if (root / variant / MANIFEST).is_file()}
        for language, folder in found.items():
            manifest = load_manifest(folder)
            wanted = languages.links(found, folder) if len(found) > 1 else []
            if manifest.get("languages", []) == wanted:
                continue
            manifest["languages"] = wanted
            told = manifest.get("script", {})
            try:
                script = lessonscript.load(language, Path(told["folder"]) if told.get("folder") else None,
                                           bool(told.get("fallback", True)))
            except lessonscript.ScriptError as e:
                notes.append(f"note: {folder / 'index.html'} keeps its old language links ({e})")
                continue
            write_page(folder, manifest, script)  # the page first: a manifest that says linked means it is
            write_atomic(folder / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False))
    return notes


def interrupted(targets: list[Target], console) -> int:
    """After Ctrl-C: keep what finished in every lesson (the next run makes only the rest), remove
    every temporary file, say which scenes were finished, and return 130."""
    for t in targets:
        manifest, results, out = t.manifest, t.results, t.out
        record(manifest, results, t.lesson)
        if t.todo:  # its chapters changed: the joined lesson is not theirs any more
            manifest.pop("lesson", None)
        sweep(out)
        link_variants(manifest, t.root, t.settings)
        write_outputs(manifest, out, t.lesson)
        sweep(out)
        made = [r.chapter.name for r in results if r.ok and not r.skipped]
        kept = [r.chapter.name for r in results if r.skipped]
        missing = [c.name for c in LESSON if c.name not in manifest["chapters"]]
        console.print((f"{t.name}: " if t.name else "") + "interrupted. "
                      + (f"Finished now: {', '.join(made)}. " if made else "Nothing finished now. ")
                      + (f"Kept from before: {', '.join(kept)}. " if kept else "")
                      + (f"Not made yet: {', '.join(missing)}; run the same command again to make them."
                         if missing else "Every chapter is made; run again to join the lesson video."),
                      markup=False, highlight=False)
    return 130


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # before anything was written (reading settings, sets and scripts)
        print("interrupted; nothing was written.", file=sys.stderr)
        sys.exit(130)
