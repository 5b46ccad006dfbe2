"""scenes/build.py with scripts: a teacher's own wording in the video's captions, transcript and page
(and nowhere else); a bad script stopping the build with one line before anything is written; a
translation lacking lines; the takes list per language; the described version (descriptions spoken
while the picture holds); render hashes that follow every script file."""
from __future__ import annotations

import html
import json
import shutil
import subprocess

import pytest

import build as build_mod
from lessonkit import lesson as lesson_mod
from lessonscript import english
from lessonpublish import media
from lessonpublish.chapters import LESSON
from scenetools import build_counting, project_copy
from test_script import po

needs_voice = pytest.mark.skipif(shutil.which("flite") is None, reason="flite, the default voice, is not installed")

CHAPTER = next(c for c in LESSON if c.name == "counting")  # short, and its words are in counting.po
STEM = "06-counting"
LINE = "counting.question"  # a line with no placeholders: what is said is the line itself
ENGLISH = english().lines[LINE].english  # read from the shipped script, so rewording it keeps these tests
# as many words as the English line, so a silent render holds it as long (timing follows the words)
REWORDED = "So how many weights and biases does this whole network hold? Let us count them, one layer after another."
MEANING = english().lines["counting.meaning"].english


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A copy of the project's code (assets linked): builds write their renders and takes inside it."""
    return project_copy(tmp_path_factory.mktemp("scripted"))


run = build_counting  # the counting chapter: short, and its words are in counting.po


def error_lines(r: subprocess.CompletedProcess) -> list[str]:
    return [line for line in r.stderr.strip().splitlines() if line.strip()]


# --- a teacher's wording ------------------------------------------------------------------

def test_a_teachers_line_changes_that_line_in_captions_transcript_and_page_and_nothing_else(project):
    plain, mine = project / "plain", project / "mine"
    folder = project / "my-script"
    assert len(REWORDED.split()) == len(ENGLISH.split()), "reword the line with as many words as the English"
    po(folder, {LINE: (ENGLISH, REWORDED)})
    r = run(project, "--out", str(plain))
    assert r.returncode == 0, r.stderr
    r = run(project, "--out", str(mine), "--script-folder", str(folder))
    assert r.returncode == 0, r.stderr
    assert "script:" not in r.stderr  # nothing fell back, nothing stale

    for name in (f"{STEM}.srt", f"{STEM}.vtt", f"{STEM}.txt", f"{STEM}.descriptions.vtt", "index.html"):
        before, after = (plain / name).read_text(), (mine / name).read_text()
        old, new = (html.escape(ENGLISH), html.escape(REWORDED)) if name.endswith(".html") else (ENGLISH, REWORDED)
        if name.endswith("descriptions.vtt"):
            assert after == before  # the line is said, not a description
            continue
        assert before.count(old) == (2 if name == "index.html" else 1) and new not in before, name  # page: cues, transcript
        assert after == before.replace(old, new), name  # that line, and nothing else

    a = json.loads((plain / "manifest.json").read_text())
    b = json.loads((mine / "manifest.json").read_text())
    ca, cb = a["chapters"]["counting"], b["chapters"]["counting"]
    assert [c["text"] for c in cb["captions"]] == [REWORDED if c["text"] == ENGLISH else c["text"]
                                                   for c in ca["captions"]]
    assert [(c["start"], c["end"]) for c in cb["captions"]] == [(c["start"], c["end"]) for c in ca["captions"]]
    assert cb["descriptions"] == ca["descriptions"] and cb["duration"] == ca["duration"]
    assert ca["hash"] != cb["hash"]
    assert b["script"]["folder"] == str(folder) and a["script"]["folder"] is None
    assert b["script"]["language"] == "en" and b["script"]["fell_back"] == []


# --- bad scripts ----------------------------------------------------------------------------

@pytest.mark.parametrize("case", ["placeholder", "unknown-id", "malformed-po", "malformed-line"])
def test_a_bad_script_stops_the_build_with_one_line_and_writes_nothing(project, tmp_path, case):
    folder = tmp_path / "bad-script"
    if case == "placeholder":
        path = po(folder, {"counting.meaning": (MEANING, "{totals} numbers to learn")})
        expected = [str(path), "counting.meaning", "unknown placeholder {totals}"]
    elif case == "unknown-id":
        path = po(folder, {"counting.add-upp": (ENGLISH, "Add them up")})
        expected = [str(path), "counting.add-upp", "no scene uses this line id"]
    elif case == "malformed-po":  # the file itself cannot be read: it is named with the line that breaks it
        folder.mkdir()
        path = folder / "mine.po"
        path.write_text(f'msgid ""\nmsgstr ""\n\nmsgctxt "{LINE}"\nmsgid "x"\nmsgstr "Add them all up\n')
        expected = [str(path), "line 6"]
    else:  # a line whose braces do not close
        path = po(folder, {LINE: (ENGLISH, "Add them all up: {knobs")})
        expected = [str(path), LINE]
    out = tmp_path / "renders"
    r = run(project, "--out", str(out), "--script-folder", str(folder))
    assert r.returncode == 2, r.stderr
    lines = error_lines(r)
    assert len(lines) == 1 and lines[0].startswith("error: "), r.stderr
    assert all(part in lines[0] for part in expected), lines[0]
    assert not out.exists() and not (project / "narration").exists()  # nothing written
    r = run(project, "--out", str(out), "--script-folder", str(folder), "--takes-list")
    assert r.returncode == 2 and len(error_lines(r)) == 1 and not (project / "narration").exists()


def test_a_translation_missing_lines_fails_without_fallback_and_lists_them_with_it(project):
    folder = project / "nederlands"  # a language nothing ships: the teacher's folder is the whole translation
    po(folder, {LINE: (ENGLISH, "Hoeveel gewichten en biases heeft dit netwerk? Laten we ze tellen, laag voor laag."),
                "counting.meaning": (MEANING, "{total} getallen, en voor allemaal goede waarden vinden heet leren")})
    out = project / "renders-nl"
    r = run(project, "--out", str(out), "--language", "nl", "--script-folder", str(folder), "--fallback", "off")
    assert r.returncode == 2
    lines = error_lines(r)
    assert len(lines) == 1 and "missing from the nl script" in lines[0] and str(folder) in lines[0], r.stderr
    assert not out.exists()

    r = run(project, "--out", str(out), "--language", "nl", "--script-folder", str(folder), "--fallback", "on")
    assert r.returncode == 0, r.stderr
    listed = next(line for line in r.stderr.splitlines() if "not in the nl script are in English" in line)
    for line_id in ("counting.one-neuron-said", "counting.row-said", "kit.layer-input"):
        assert line_id in listed
    assert LINE not in listed.split(":", 1)[1] and "counting.meaning" not in listed
    assert not (out / "manifest.json").exists()  # a language other than English goes into its own folder
    manifest = json.loads((out / "nl" / "manifest.json").read_text())
    assert manifest["script"]["language"] == "nl" and "counting.row-said" in manifest["script"]["fell_back"]
    said = [c["text"] for c in manifest["chapters"]["counting"]["captions"]]
    assert said[-1] == "13.002 getallen, en voor allemaal goede waarden vinden heet leren"  # Dutch numbers
    assert english()("counting.one-neuron-said", inputs=784) in said  # in English, for want of a translation
    assert manifest["chapters"]["counting"]["language"] == "nl"
    assert {o["language"] for o in manifest["outputs"]} == {"nl"}


def test_the_takes_list_per_language_with_its_old_name(project):
    folder = project / "deutsch-takes"
    po(folder, {LINE: (ENGLISH, "Alles zusammen")})
    stale = project / "narration" / "de" / "counting" / "an-old-line-000000.wav"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"")
    try:
        r = run(project, "--takes-list", "--language", "de", "--script-folder", str(folder))
        assert r.returncode == 0, r.stderr
        assert "narration: de/counting/an-old-line-000000: matches no line now" in r.stderr
        listed = json.loads((project / "narration" / "de" / "script.json").read_text())["counting"]
        assert "Alles zusammen" in [line["text"] for line in listed]
        assert {line["kind"] for line in listed} == {"line"}
        assert "`narration/de/<scene>/<id>.wav`" in (project / "narration" / "de" / "script.md").read_text()

        r = run(project, "--script", "--described")  # the old name still works; described: descriptions too
        assert r.returncode == 0, r.stderr
        listed = json.loads((project / "narration" / "en" / "script.json").read_text())["counting"]
        kinds = [line["kind"] for line in listed]
        assert "description" in kinds and kinds == sorted(kinds, key=lambda k: k == "description")
        assert "--script " not in run(project, "--help").stdout  # hidden: --takes-list is its name now
    finally:
        shutil.rmtree(project / "narration")


# --- the described version --------------------------------------------------------------------

def test_the_described_version_needs_a_voice(project, tmp_path):
    r = run(project, "--described", "--voice", "off", "--out", str(tmp_path / "renders"))
    assert r.returncode == 2 and len(error_lines(r)) == 1 and "needs a voice" in r.stderr
    assert not (tmp_path / "renders").exists()


@needs_voice
def test_the_described_version_speaks_every_description_while_the_picture_holds(project):
    out = project / "renders-voiced"
    r = run(project, "--out", str(out), voice="")  # spoken by the default voice
    assert r.returncode == 0, r.stderr
    r = run(project, "--out", str(out), "--described", voice="")
    assert r.returncode == 0, r.stderr
    described = out / "described"
    assert (described / "index.html").is_file() and (described / f"{STEM}.mp4").is_file()

    video = described / f"{STEM}.mp4"
    fps = 15
    assert media.has_audio(video)
    assert len(media.audio_samples(video)) / media.AUDIO_RATE == pytest.approx(media.duration(video), abs=1.5 / fps)
    assert media.duration(video) > media.duration(out / f"{STEM}.mp4") + 1

    record = json.loads((described / f"{STEM}.narration.json").read_text())
    assert record["described"] is True
    spoken = [s for s in record["spoken"] if s["kind"] == "description"]
    assert [s["text"] for s in spoken] == [d["text"] for d in record["descriptions"]] and spoken
    assert all(s["seconds"] > 0 for s in spoken)
    everything = sorted(record["spoken"], key=lambda s: s["start"])
    for a, b in zip(everything, everything[1:]):  # one voice at a time: each waits for the one before
        assert b["start"] >= a["start"] + a["seconds"] - 1e-6, (a["text"], b["text"])
    plain = json.loads((out / f"{STEM}.narration.json").read_text())
    assert plain["described"] is False and {s["kind"] for s in plain["spoken"]} == {"line"}

    main = json.loads((out / "manifest.json").read_text())
    second = json.loads((described / "manifest.json").read_text())
    assert main["variants"]["described"] == {"page": "described/index.html", "manifest": "described/manifest.json"}
    assert second["variant"] == "described" and second["variants"]["plain"]["page"] == "../index.html"
    assert second["chapters"]["counting"]["described"] is True and main["chapters"]["counting"]["described"] is False
    assert second["chapters"]["counting"]["hash"] != main["chapters"]["counting"]["hash"]

    r = run(project, "--out", str(out), "--described", voice="")  # unchanged: kept
    assert r.returncode == 0 and "0 scene(s) to render" in r.stderr, r.stderr


# --- what the render hash follows ---------------------------------------------------------------

def test_the_render_hash_follows_every_script_file_the_scene_can_read(tmp_path):
    folder = tmp_path / "own"
    path = po(folder, {LINE: (ENGLISH, REWORDED)})
    takes = tmp_path / "narration"
    base = lesson_mod.Settings(voice="flite", narration=str(takes))
    own = lesson_mod.Settings(voice="flite", narration=str(takes), script=str(folder))

    def h(settings: lesson_mod.Settings) -> str:
        return build_mod.render_hash(CHAPTER, "l", settings)

    first = h(own)
    assert h(own) == first and h(base) != first
    path.write_text(path.read_text().replace("Let us count", "Let's count"), encoding="utf-8")  # a teacher's edit
    assert h(own) != first
    assert h(lesson_mod.Settings(voice="flite", narration=str(takes), described="on")) != h(base)
    assert h(lesson_mod.Settings(voice="flite", narration=str(takes), language="en-XA")) != h(base)

    before = h(base)
    (takes / "en" / "counting").mkdir(parents=True)
    (takes / "en" / "counting" / "a-take-000000.wav").write_bytes(b"take")  # an English take
    assert h(base) != before
    german = lesson_mod.Settings(voice="flite", narration=str(takes), language="de", script=str(folder))
    english, before = h(base), h(german)
    (takes / "de" / "counting").mkdir(parents=True)
    (takes / "de" / "counting" / "a-take-000000.wav").write_bytes(b"take")  # a German take
    german_now = h(german)
    assert german_now != before and h(base) == english
    (takes / "counting").mkdir()
    (takes / "counting" / "a-take-000000.wav").write_bytes(b"take")  # English in the older layout
    assert h(base) != english and h(german) == german_now  # German reads only its own takes

    files = build_mod.script_files(own)
    here = build_mod.ROOT / "scenes" / "lessonscript"
    assert here / "catalog.py" in files and here / "en" / "counting.po" in files and path in files
