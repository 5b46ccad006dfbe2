"""The lesson in several languages from one build: each language in its own folder (English in the
output folder, German in de/), every page linking to the others and marked with its language,
captions and manifest in the language's words and numbers, and an unchanged language not rendered
again."""
from __future__ import annotations

import html
import json
import re
import shutil

import pytest

from browser import console_messages, run as run_chromium
from lessonpublish.languages import native_name
from scenetools import build_counting, project_copy

STEM = "06-counting"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return project_copy(tmp_path_factory.mktemp("languages"))


build = build_counting


@pytest.fixture(scope="module")
def built(project):
    out = project / "renders"
    r = build(project, "--language", "en,de", "--out", str(out))
    assert r.returncode == 0, r.stderr
    return out


def test_each_language_in_its_folder_linking_to_the_other(built):
    english, german = (json.loads((built / folder / "manifest.json").read_text()) for folder in (".", "de"))
    assert english["script"]["language"] == "en" and german["script"]["language"] == "de"
    assert german["script"]["fell_back"] == []  # the shipped German script is complete
    assert english["languages"] == [
        {"language": "de", "name": "Deutsch", "page": "de/index.html", "manifest": "de/manifest.json"},
        {"language": "en", "name": "English", "page": "index.html", "manifest": "manifest.json"}]
    assert [link["page"] for link in german["languages"]] == ["index.html", "../index.html"]
    assert {o["language"] for o in english["outputs"]} == {"en"} and {o["language"] for o in german["outputs"]} == {"de"}
    page = (built / "de" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="de">' in page and 'aria-label="Diese Lektion in anderen Sprachen"' in page
    assert '<a href="../index.html" hreflang="en" lang="en">English</a>' in page
    assert '<strong aria-current="page" lang="de">Deutsch</strong>' in page
    assert 'srclang=&quot;de&quot;' in page and 'srclang=&quot;en' not in page  # the embed snippets' tracks
    english_page = (built / "index.html").read_text(encoding="utf-8")
    assert '<a href="de/index.html" hreflang="de" lang="de">Deutsch</a>' in english_page


def test_german_captions_are_the_german_script_with_german_numbers(built):
    said = [c["text"] for c in json.loads((built / "de" / "manifest.json").read_text())["chapters"]["counting"]["captions"]]
    english = [c["text"] for c in json.loads((built / "manifest.json").read_text())["chapters"]["counting"]["captions"]]
    assert len(said) == len(english) and not set(said) & set(english)
    text = " ".join(said)
    assert "13.002" in text and "13,002" not in " ".join(said) and "13,002" in " ".join(english)
    assert re.search(r"\b(und|die|der|das|ist)\b", text)  # German words
    vtt = (built / "de" / f"{STEM}.vtt").read_text(encoding="utf-8")
    assert said[0] in vtt


def test_an_unchanged_language_is_not_rendered_again(project, built):
    r = build(project, "--language", "de,en", "--out", str(built))
    assert r.returncode == 0, r.stderr
    assert r.stderr.count("0 scene(s) to render") == 2, r.stderr


def test_languages_built_one_at_a_time_link_to_each_other(project, tmp_path):
    out = tmp_path / "renders"
    assert build(project, "--out", str(out)).returncode == 0  # English alone: no switch yet
    assert json.loads((out / "manifest.json").read_text())["languages"] == []
    assert 'class="languages"' not in (out / "index.html").read_text(encoding="utf-8")
    r = build(project, "--language", "de", "--out", str(out))  # then German alone, later
    assert r.returncode == 0, r.stderr
    for folder, other in ((out, "de/index.html"), (out / "de", "../index.html")):
        assert len(json.loads((folder / "manifest.json").read_text())["languages"]) == 2
        assert f'<a href="{other}"' in (folder / "index.html").read_text(encoding="utf-8")


def test_language_choices_that_cannot_be_built_stop_before_anything(project, tmp_path):
    out = tmp_path / "renders"
    for args, message in ((("--language", " , "), "--language needs a language"),
                          (("--language", "en,de", "--voice", "flite"), "flite speaks only en, and this lesson is in de"),
                          (("--language", "en,xx-nope"), "unknown language 'xx-nope'"),
                          (("--language", "en,fr"), "no script for language 'fr'"),
                          (("--language", "en,de", "--script-folder", str(project / "scenes" / "lessonscript" / "en")),
                           "holds one set of lines, and this build makes en, de")):
        r = build(project, *args, "--out", str(out))
        lines = [line for line in r.stderr.splitlines() if line.strip()]
        assert r.returncode == 2 and len(lines) == 1 and message in lines[0], r.stderr
        assert not out.exists()  # nothing rendered in any language, English included


def test_language_names_are_their_own():
    assert [native_name(t) for t in ("de", "en", "fr", "pt-BR")] == ["Deutsch", "English", "Français",
                                                                                 "Português (Brasil)"]
    assert native_name("en-XA").startswith("English (pseudo")


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian's chromium is not installed")
def test_the_german_page_in_a_browser_shows_german_captions_and_the_switch(built, tmp_path):
    result = run_chromium(f"file://{built / 'de' / 'index.html'}#selftest", tmp_path / "profile", "--dump-dom")
    assert 'data-done="1"' in result.stdout, result.stderr[-2000:]
    report = json.loads(html.unescape(result.stdout.split('<pre id="selftest" data-done="1">')[1].split("</pre>")[0]))
    assert report["errors"] == [] and report["language"] == "de" and console_messages(result.stderr) == []
    assert report["languages"] == [{"name": "Deutsch", "href": None, "current": True},
                                   {"name": "English", "href": "../index.html", "current": False}]
    german = json.loads((built / "de" / "manifest.json").read_text())["chapters"]["counting"]
    video = next(v for v in report["videos"] if v["id"] == "video-counting")
    assert video["languages"] == ["de", "de"] and video["firstCue"] == german["captions"][0]["text"]
