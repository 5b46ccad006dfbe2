"""The base class of every lesson scene: the theme's background, captions at the bottom, and the
narrator's voice in sync with them."""
from __future__ import annotations

import copy
import inspect
import itertools
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path

import lessonrender
import lessonscript
import numpy as np
from lessonrender import Text, glyphs
from lessonrender.glyphs import drop_svg_sources
from lessonvoice import voice as voice_mod
from manim import DOWN, RIGHT, UP, UR, FadeIn, FadeOut, Mobject, Scene, Succession, VGroup, config
from manim.camera.camera import Camera
from manim.constants import RendererType

from . import formatting
from . import lesson as lesson_module
from .layout import fit_within
from .lesson import Lesson


TEXT_MARGIN = 0.4  # frame units kept free left and right of a text (54 pixels at 1080p)


@dataclass(frozen=True)
class SpokenLine:
    """One line of narration as the scene spoke it."""

    id: str  # first words and a hash of all of them (voice.line_id)
    text: str
    start: float  # seconds into the scene
    seconds: float  # length of the clip (0 when silent)
    source: str  # engine and voice, or the take's file; "" when silent
    kind: str = "line"  # "line" (a caption), or "description" (spoken only in a described render)


def reading_seconds(text: str, words_per_minute: int) -> float:
    """How long ``text`` takes to say at ``words_per_minute``: what a silent render gives each line, so
    its caption can be read (a narrated render waits for the voice instead)."""
    return len(text.split()) * 60 / words_per_minute


class Caption(Text):
    """A caption line. Fading it in or out copies it three times, and Manim's deep copies of its
    glyphs cost more than the frames of the fade; its copies share every attribute but its
    numbers (points, colours), the only parts a fade changes."""

    def copy(self) -> Caption:
        if not lessonrender.active(glyphs.setting):
            return super().copy()
        return _numbers_copy(self)


def caption_chunks(text: str, per_line: int, lines: int = 2) -> list[str]:
    """``text`` wrapped at ``per_line`` characters into chunks of at most ``lines`` lines, whole
    sentences kept together where they fit (lines joined by a newline)."""
    import re
    import textwrap

    sentences = [p for p in re.split(r"(?<=[.?!…])\s+", text.strip()) if p]
    chunks: list[list[str]] = []
    for sentence in sentences:
        if chunks and len(textwrap.wrap(" ".join(chunks[-1] + [sentence]), per_line)) <= lines:
            chunks[-1].append(sentence)
        else:
            chunks.append([sentence])
    out = []
    for chunk in chunks:
        wrapped = textwrap.wrap(" ".join(chunk), per_line)
        out += ["\n".join(wrapped[i:i + lines]) for i in range(0, len(wrapped), lines)]
    return out


class CaptionChunks(VGroup):
    """A spoken line's captions, one part shown at a time: part i from ``switch[i - 1]`` seconds into
    the scene. The parts switch by a time-based updater, which removes itself once the last shows
    (a wait with a time-based updater is drawn frame by frame; without, Manim holds one picture)."""

    def follow(self, clock, switch: list[float]) -> None:
        self._clock, self._switch = clock, switch
        self._show(0)
        self.add_updater(self._update)

    def _show(self, index: int) -> None:
        for i, part in enumerate(self.submobjects):
            part.set_fill(opacity=1.0 if i == index else 0.0)
        self._index = index

    def _update(self, mob, dt: float) -> None:
        index = sum(self._clock() >= t - 1e-9 for t in self._switch)
        if index != self._index:
            self._show(index)
        if index == len(self._switch):
            self.remove_updater(self._update)

    def copy(self) -> "CaptionChunks":
        if not lessonrender.active(glyphs.setting):
            return super().copy()
        return _numbers_copy(self)


def _numbers_copy(m: Mobject) -> Mobject:
    """A copy of ``m`` and its family with arrays of their own and every other attribute shared."""
    c = copy.copy(m)
    for k, v in vars(m).items():
        if isinstance(v, np.ndarray):
            setattr(c, k, v.copy())
    c.submobjects = [_numbers_copy(s) for s in m.submobjects]
    c.updaters = list(m.updaters)
    return c


def centred_lines(text: Text, n: int) -> Text:
    """A text of ``n`` lines with each line centred under the one above (Pango sets them flush
    left): its glyphs sorted into ``n`` bands by height, each band moved to the text's centre."""
    top, band = text.get_top()[1], text.height / n
    lines = [[g for g in text.submobjects if min(n - 1, int((top - g.get_center()[1]) / band)) == i] for i in range(n)]
    middle = text.get_center()[0]
    for line in filter(None, lines):
        VGroup(*line).shift(RIGHT * (middle - VGroup(*line).get_center()[0]))
    return text


def balanced_lines(words: str, n: int) -> list[str] | None:
    """``words`` broken at spaces into ``n`` lines as even in length as can be; None when it is one
    line already (it holds a line break) or has fewer than ``n`` words."""
    parts = words.split(" ")
    if "\n" in words or len(parts) < n:
        return None
    best, best_longest = None, None
    for cuts in itertools.combinations(range(1, len(parts)), n - 1):
        lines = [" ".join(parts[a:b]) for a, b in zip((0, *cuts), (*cuts, len(parts)))]
        longest = max(map(len, lines))
        if best_longest is None or longest < best_longest:
            best, best_longest = lines, longest
    return best


class LessonScene(Scene):
    """A Scene that knows its lesson (network, items, dataset, theme) and can show captions.

    ``self.lesson`` is loaded from the user's settings; tests may assign their own
    before rendering.
    """

    lesson: Lesson | None = None

    def __init__(self, renderer=None, **kwargs) -> None:
        """Manim's Scene, drawn and encoded by the lesson's renderer (lessonrender.LessonRenderer) unless
        the lesson's settings turn the speed-ups off (speedups = "off", LESSON_SPEEDUPS=off), the Manim
        version is not one they were verified with, or the caller passes a renderer of its own."""
        self.speedups = lessonrender.active(self._speedups_setting())
        glyphs.setting = "on" if self.speedups else "off"  # for the glyphs this scene makes
        if renderer is None and self.speedups and config.renderer == RendererType.CAIRO:
            camera_class = kwargs.get("camera_class", Camera)
            renderer = lessonrender.LessonRenderer(camera_class=None if camera_class is Camera else camera_class,
                                                   skip_animations=kwargs.get("skip_animations", False))
        super().__init__(renderer=renderer, **kwargs)

    def _speedups_setting(self) -> str:
        """The lesson's speedups setting ("on" or "off"); a bad value ends the render with one line."""
        try:
            settings = self.lesson.settings if self.lesson is not None else lesson_module.read_settings()
            lesson_module.check_speedups(settings)
        except lesson_module.ConfigError as e:
            print(f"error: {e}", file=sys.stderr)
            raise SystemExit(2) from None
        return settings.speedups

    def setup(self) -> None:
        if self.lesson is None:
            self.lesson = lesson_module.current_or_exit()
        self.theme = self.lesson.theme
        self.script = self.lesson.script  # every word: self.t("layers.unroll", inputs=784)
        formatting.use(self.script.numbers)  # numbers drawn in the script's language
        self.described = self.lesson.settings.described == "on"
        self.topic = self.lesson.topic  # the dataset: title, noun, plural, class names, image shape
        self.sizes = self.lesson.net.sizes  # neurons per layer, read from the network
        self.n_in = self.sizes[0]
        self.rows, self.cols = self.lesson.shape  # every image is rows x cols pixels
        self.camera.background_color = self.theme.background
        self._caption: Caption | None = None
        self.captions: list[str] = []  # every caption shown, in order (the narration)
        self._backdrop: list = []
        self.cues: list[tuple[float, float, str]] = []  # (start, end, text): the captions' timing
        self._open_cue: tuple[float, str] | None = None
        self.narrator = self.lesson.narrator  # None: silent
        self.scene_name = Path(inspect.getfile(type(self))).stem  # takes live in narration/<scene_name>/
        self.spoken: list[SpokenLine] = []
        self._speaking_until = 0.0
        self.descriptions: list[tuple[float, str]] = []  # (time, what the picture shows then)

    def keep_behind(self, *mobjects) -> None:
        """Keep these (typically the many edges of a network) behind everything else.

        Manim redraws every frame only what is animated and what lies in front of it; the
        rest is drawn once per animation. Animation groups re-add their members at the
        front after playing, so the order is restored after every play.
        """
        # Groups get split and rebuilt by animations, so hold on to the drawn leaves.
        self._backdrop = [leaf for m in mobjects for leaf in m.family_members_with_points()]
        self._restack()

    def backdrop(self) -> list:
        """The leaves kept behind by :meth:`keep_behind` (their picture is kept between animations:
        lessonrender.backdrop)."""
        return self._backdrop

    def _restack(self) -> None:
        on_screen = set(self.get_mobject_family_members())
        present = [m for m in self._backdrop if m in on_screen]
        if present and self.mobjects[:len(present)] != present:
            self.bring_to_back(*present)

    def on_stage(self) -> list[Mobject]:
        """Everything on screen but the caption: what a new picture replaces."""
        return [m for m in self.mobjects if m is not self._caption]

    def still_saying(self) -> float:
        """Seconds until the line being said is finished (0 when nothing is being said): an animation
        that should end with the line runs this long."""
        return max(0.0, self._speaking_until - self.time)

    def _hold_for_voice(self) -> None:
        """Hold the picture until the voice has finished its line."""
        if self.time < self._speaking_until - 1e-9:
            frames = math.ceil((self._speaking_until - self.time) * config.frame_rate - 1e-6)
            self.wait(frames / config.frame_rate)  # whole frames: a wait is cut to whole frames

    def _close_cue(self) -> None:
        if self._open_cue is None:
            return
        self._hold_for_voice()  # the picture waits for the voice to finish its line
        start, text = self._open_cue
        end = min(self._speaking_until, self.time) if self.narrator is not None else self.time  # the spoken span
        if end > start:
            self.add_subcaption(text, duration=end - start, offset=start - self.time)
            self.cues.append((start, end, text))
        self._open_cue = None

    def tear_down(self) -> None:
        self._close_cue()
        self._pad_sound()
        self._report_stale_takes()
        self._write_narration_record()
        super().tear_down()

    def t(self, line_id: str, **values) -> str:
        """The script's line ``line_id`` with ``values`` put in (numbers as Num, Pct or whole numbers);
        a problem with the line ends the render with one line naming it."""
        try:
            return self.script(line_id, **values)
        except lessonscript.ScriptError as e:
            print(f"error: {e}", file=sys.stderr)
            raise SystemExit(2) from None

    def weight_key(self) -> "WeightKey":
        """The key to the weight colours in the script's words, in the top right corner (keep it on
        screen wherever weights are drawn)."""
        from .weightgrid import WeightKey

        key = WeightKey(self.theme, self.t("kit.key-positive"), self.t("kit.key-negative"))
        return key.to_corner(UR, buff=0.35)

    def number_list(self, numbers) -> str:
        """Whole numbers as a list in the script's words: "784, 16, 16 and 10"."""
        numbers = [int(n) for n in numbers]
        if len(numbers) == 1:
            return formatting.count(numbers[0])
        return self.t("kit.list-and", head=", ".join(formatting.count(n) for n in numbers[:-1]), last=numbers[-1])

    def colour_name(self, colour_key: str) -> str:
        """The script's word for one of the theme's colours (its positive_name, negative_name)."""
        return self.t("kit.colour", colour=colour_key)

    def describe(self, text: str) -> None:
        """Say in words what the picture shows now, with its real numbers (for the transcript and the
        described-video track; not drawn). In a described render (described = on) the narrator also
        speaks it, after the line being spoken, and the picture holds until it is done."""
        self.descriptions.append((self.time, text))
        if self.described and self.narrator is not None:
            self._close_cue()  # the line on screen has been said; its caption cue ends here
            self._speak(text, description=True)
            self._hold_for_voice()

    def narration_record(self) -> dict:
        """What the scene said and showed, with times: spoken lines and descriptions."""
        return {"scene": self.scene_name, "duration": self.time, "language": self.script.language,
                "described": self.described,
                "lines": [{"id": voice_mod.line_id(c), "text": c} for c in self.captions],
                "spoken": [vars(line) for line in self.spoken],
                "cues": [{"start": a, "end": b, "text": t} for a, b, t in self.cues],
                "descriptions": [{"start": t, "text": d} for t, d in self.descriptions]}

    def _write_narration_record(self) -> None:
        """Beside the video, NAME.narration.json: the build makes transcripts and the descriptions
        track from it."""
        if config.dry_run or self.renderer.skip_animations:
            return
        path = getattr(self.renderer.file_writer, "movie_file_path", None)
        if path:
            Path(path).with_suffix(".narration.json").write_text(json.dumps(self.narration_record(), indent=1,
                                                                            ensure_ascii=False), encoding="utf-8")

    def _speak(self, text: str, description: bool = False) -> None:
        """Start the line's clip now; the next line (or the scene's end) waits until it ends."""
        try:
            clip = self.narrator.clip(self.scene_name, text)
        except voice_mod.VoiceError as e:
            print(f"error: {e}", file=sys.stderr)
            raise SystemExit(2) from None
        self.add_sound(str(clip.path))
        self._speaking_until = self.time + clip.seconds
        self.spoken.append(SpokenLine(voice_mod.line_id(text), text, self.time, clip.seconds, clip.source,
                                      "description" if description else "line"))

    def _pad_sound(self) -> None:
        """Silence to the end of the scene, so the soundtrack is exactly as long as the picture
        (Manim's ends with the last sound, and the video is cut to the shorter of the two)."""
        writer = self.renderer.file_writer
        if self.spoken and getattr(writer, "includes_sound", False) and not self.renderer.skip_animations:
            from pydub import AudioSegment

            writer.add_audio_segment(AudioSegment.silent(0), time=self.time)

    def _report_stale_takes(self) -> None:
        """Say which recorded takes of this scene match no line it speaks or describes (by id), on stderr
        (a description's take is used in the described render)."""
        if self.narrator is None:
            return
        used = [line.id for line in self.spoken] + [voice_mod.line_id(text) for _, text in self.descriptions]
        for take_id, why in self.narrator.stale_takes(self.scene_name, used):
            print(f"narration: {self.scene_name}/{take_id}: {why}", file=sys.stderr)

    def play(self, *args, **kwargs) -> None:
        if self.speedups:
            drop_svg_sources(*self.mobjects, *[getattr(a, "mobject", None) for a in args])
        super().play(*args, **kwargs)
        self._restack()

    def text(self, s: str, size: float | None = None, color: str | None = None, kind: type[Text] = Text,
             max_width: float | None = None, **kw) -> Text:
        """Text in the theme's font (of class ``kind``), scaled down if need be to ``max_width`` (by
        default the frame's width less its margins: a longer language's words still fit). A line that
        would have to shrink below the theme's smallest size is broken into two or three lines first
        (German's long words)."""
        size = size or self.theme.font_size

        def make(words: str) -> Text:
            return kind(words, font=self.theme.font, font_size=size, color=color or self.theme.text, **kw)

        text = make(s)
        limit = max_width if max_width is not None else config.frame_width - 2 * TEXT_MARGIN
        if kind is Text and text.width * self.theme.min_font_size / size > limit:
            for lines in (balanced_lines(s, n) for n in (2, 3)):
                if lines is None:
                    break
                text = centred_lines(make("\n".join(lines)), len(lines))
                if text.width * self.theme.min_font_size / size <= limit:
                    break
        fit_within(text, limit)
        if self.speedups:
            drop_svg_sources(text)
        return text

    def pixel_braces(self, mob: Mobject, across: str, unit: str) -> VGroup:
        """Braces along the top and the left of an item's picture ``mob``, each with its count of pixels,
        named: ``across`` over the top ("28 pixels"), the count of rows over ``unit`` ("pixels") at the left."""
        from manim import LEFT, Brace

        size, colour = self.theme.small_font_size, self.theme.dim_text
        top, left = Brace(mob, UP, buff=0.08, color=colour), Brace(mob, LEFT, buff=0.08, color=colour)
        down = VGroup(self.text(formatting.count(self.rows), size, colour),  # the number over its unit
                      self.text(unit, size, colour)).arrange(DOWN, buff=0.05)
        return VGroup(top, self.text(across, size, colour).next_to(top, UP, 0.08), left, down.next_to(left, LEFT, 0.1))

    def title(self, s: str) -> Text:
        return self.text(s, self.theme.font_size + 4).to_edge(UP, buff=0.3)

    def _caption_chunks(self, s: str) -> "CaptionChunks":
        """The line as captions of at most two lines each, shown one after another over the time the
        line is spoken (in proportion to their words), at the bottom of the frame."""
        size, width = self.theme.small_font_size + 2, config.frame_width - 1
        whole = self.text(s, size, self.theme.dim_text, kind=Caption, max_width=math.inf)
        texts, chunks = [whole], [s]
        if whole.width > width:
            # Characters that fit a line, measured on the line's start (a very long text may come back
            # from Pango already broken, narrower than one line); narrower still while a part would
            # have to shrink to fit.
            probe = self.text(s[:80], size, kind=Caption, max_width=math.inf)
            per_line = max(12, int(min(len(s[:80]) * width / max(probe.width, 1e-6), len(s) * width / whole.width) * 0.95))
            for _ in range(6):
                chunks = caption_chunks(s, per_line)
                texts = [self.text(c, size, self.theme.dim_text, kind=Caption, max_width=math.inf, line_spacing=0.8)
                         for c in chunks]
                if all(t.width <= width for t in texts) or per_line <= 12:
                    break
                per_line = max(12, int(per_line * 0.9))
        for t in texts:
            t.to_edge(DOWN, buff=0.3)
            if t.width > width:
                t.scale_to_fit_width(width)
        group = CaptionChunks(*texts)
        if len(texts) > 1:
            start, end = self.time, max(self._speaking_until, self.time)
            words = [len(c.split()) for c in chunks]
            edges = start + (end - start) * np.cumsum([0] + words) / sum(words)
            group.follow(lambda: self.time, list(edges[1:-1]))
        return group

    def say(self, s: str, run_time: float = 0.5) -> None:
        """Replace the caption at the bottom of the frame with ``s``.

        The caption is also the scene's narration: it becomes a subcaption cue (Manim
        writes them as .srt beside the video) lasting until the next caption or the end.
        """
        self._close_cue()
        self._open_cue = (self.time, s)
        self.captions.append(s)
        if self.narrator is not None:
            self._speak(s)
        else:  # silent: the line stays (and the beat lasts) as long as it would take to say it
            self._speaking_until = self.time + reading_seconds(s, int(self.lesson.settings.rate))
        if self.lesson.settings.captions == "off":
            self.wait(run_time)  # same timing, nothing drawn: the player shows the caption track
            return
        new = self._caption_chunks(s)
        if self._caption is None:
            self.play(FadeIn(new, shift=0.1 * UP), run_time=run_time)
        else:
            # The outgoing line goes to the top of the drawing order (captions lie above everything):
            # lower down, Manim would redraw on every frame of the swap all that was added after it.
            self.bring_to_front(self._caption)
            self.play(Succession(FadeOut(self._caption, run_time=run_time / 2),
                                 FadeIn(new, shift=0.1 * UP, run_time=run_time / 2)), run_time=run_time)
        self._caption = new
