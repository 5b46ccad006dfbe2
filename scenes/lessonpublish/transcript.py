"""Transcripts and described video: what each scene says and shows, in words.

A scene's narration record (NAME.narration.json, written beside its video by the kit) holds its
spoken lines with their times and short descriptions of the picture with its real numbers. From
it: a plain-text transcript, an HTML transcript for the lesson page, and a WebVTT track of
kind "descriptions" that players and screen readers can read out.
"""
from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path

from .captions import Cue, to_vtt

#: A description stays up until the next one, for at most this long.
DESCRIPTION_SECONDS = 6.0


@dataclass(frozen=True)
class Moment:
    """One entry of a transcript: something said, or something shown."""

    start: float
    kind: str  # "said" | "shown"
    text: str


def read_record(path: Path) -> dict:
    """A scene's narration record, or an empty one when the scene wrote none."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"cues": [], "descriptions": []}


def moments(descriptions: list[dict], cues: list[Cue]) -> list[Moment]:
    """Said (``cues``) and shown (``descriptions``: {start, text}), in time order (what is shown
    first when both happen at once)."""
    shown = [Moment(d["start"], "shown", d["text"]) for d in descriptions]
    said = [Moment(c.start, "said", c.text) for c in cues]
    return sorted(shown + said, key=lambda m: (round(m.start, 3), m.kind != "shown"))


def entry_moments(entry: dict) -> list[Moment]:
    """The moments of a chapter as the manifest records it (its captions and descriptions)."""
    return moments(entry.get("descriptions", []), [Cue(c["start"], c["end"], c["text"]) for c in entry["captions"]])


def description_cues(items: list[dict], duration: float) -> list[Cue]:
    """The descriptions ({start, text}) as timed cues, each until the next (at most DESCRIPTION_SECONDS)."""
    out = []
    for i, d in enumerate(items):
        nxt = items[i + 1]["start"] if i + 1 < len(items) else duration
        end = min(nxt, d["start"] + DESCRIPTION_SECONDS, duration)
        out.append(Cue(d["start"], max(end, d["start"] + 0.5), d["text"]))
    return out


def descriptions_vtt(items: list[dict], duration: float) -> str:
    return to_vtt(description_cues(items, duration), "kind=descriptions: what the picture shows, in words")


def _clock(t: float) -> str:
    return f"{int(t) // 60}:{int(t) % 60:02d}"


def _shown(text: str, script) -> str:
    """A description as the transcript writes it (line page.shown), in English without a script."""
    if script is None:
        import lessonscript

        script = lessonscript.english()
    return script("page.shown", text=text)


def to_text(title: str, items: list[Moment], script=None) -> str:
    """A plain-text transcript: one paragraph per moment, what is shown in brackets, in the words of
    ``script`` (a lessonscript.Script; English without one)."""
    lines = [title, "=" * len(title), ""]
    for m in items:
        lines.append(f"[{_clock(m.start)}] " + (f"({_shown(m.text, script)})" if m.kind == "shown" else m.text))
    return "\n".join(lines) + "\n"


def to_html(items: list[Moment], script=None) -> str:
    """The transcript as HTML paragraphs for the lesson page."""
    return "".join(f'<p class="{m.kind}"><span class="t">{_clock(m.start)}</span> '
                   + (f"<em>{html.escape(_shown(m.text, script))}</em>" if m.kind == "shown" else html.escape(m.text))
                   + "</p>" for m in items)
