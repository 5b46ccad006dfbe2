"""Caption files: reading SubRip (.srt, as Manim writes it), writing SubRip and WebVTT."""
from __future__ import annotations

import re
from dataclasses import dataclass

_TIME = r"(\d+):(\d{2}):(\d{2})[,.](\d{3})"
_CUE = re.compile(rf"{_TIME}\s*-->\s*{_TIME}")


@dataclass(frozen=True)
class Cue:
    start: float  # seconds
    end: float
    text: str


def parse_srt(text: str) -> list[Cue]:
    """The cues of a SubRip file; raises ValueError on a malformed timing line."""
    cues = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        lines = block.strip().split("\n")
        timing = next((i for i, line in enumerate(lines) if "-->" in line), None)
        if timing is None:
            continue
        m = _CUE.search(lines[timing])
        if not m:
            raise ValueError(f"malformed SubRip timing line: {lines[timing]!r}")
        g = [int(x) for x in m.groups()]
        start = g[0] * 3600 + g[1] * 60 + g[2] + g[3] / 1000
        end = g[4] * 3600 + g[5] * 60 + g[6] + g[7] / 1000
        cues.append(Cue(start, end, "\n".join(lines[timing + 1:]).strip()))
    return cues


def _stamp(t: float, sep: str) -> str:
    ms = int(round(t * 1000))
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def to_srt(cues: list[Cue]) -> str:
    """SubRip text for the cues."""
    return "\n".join(f"{i}\n{_stamp(c.start, ',')} --> {_stamp(c.end, ',')}\n{c.text}\n"
                     for i, c in enumerate(cues, start=1))


def to_vtt(cues: list[Cue], kind_note: str | None = None) -> str:
    """WebVTT text for the cues (the format browsers' <track> elements read)."""
    out = ["WEBVTT", ""]
    if kind_note:
        out += [f"NOTE {kind_note}", ""]
    for i, c in enumerate(cues, start=1):
        text = c.text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        out += [str(i), f"{_stamp(c.start, '.')} --> {_stamp(c.end, '.')}", text, ""]
    return "\n".join(out)


def shifted(cues: list[Cue], offset: float) -> list[Cue]:
    """The cues moved later by ``offset`` seconds."""
    return [Cue(c.start + offset, c.end + offset, c.text) for c in cues]
