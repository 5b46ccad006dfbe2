"""The base class of every lesson scene: the theme's background, and captions at the bottom."""
from __future__ import annotations

from manim import DOWN, UP, FadeIn, FadeOut, Scene, Succession, Text, config

from . import lesson as lesson_module
from .lesson import Lesson


def drop_svg_sources(*mobjects) -> None:
    """Forget the parsed SVG path each glyph of a Text or MathTex keeps after its points are made.

    Manim reads it only when the glyph is built, but every animation deep-copies it, and it drags
    the SVG document along: copying one line of caption took 70 ms, a third of the main scene's
    render time. Without it the copy takes 15 ms and every frame is the same.
    """
    for mob in mobjects:
        if mob is None:
            continue
        for part in mob.get_family():
            if getattr(part, "path_obj", None) is not None:
                part.path_obj = None


class LessonScene(Scene):
    """A Scene that knows its lesson (network, items, dataset, theme) and can show captions.

    ``self.lesson`` is loaded from the user's settings; tests may assign their own
    before rendering.
    """

    lesson: Lesson | None = None

    def setup(self) -> None:
        if self.lesson is None:
            self.lesson = lesson_module.current_or_exit()
        self.theme = self.lesson.theme
        self.topic = self.lesson.topic  # the dataset: title, noun, plural, class names, image shape
        self.sizes = self.lesson.net.sizes  # neurons per layer, read from the network
        self.n_in = self.sizes[0]
        self.rows, self.cols = self.lesson.shape  # every image is rows x cols pixels
        self.camera.background_color = self.theme.background
        self._caption: Text | None = None
        self.captions: list[str] = []  # every caption shown, in order (the narration)
        self._backdrop: list = []
        self.cues: list[tuple[float, float, str]] = []  # (start, end, text): the captions' timing
        self._open_cue: tuple[float, str] | None = None

    def keep_behind(self, *mobjects) -> None:
        """Keep these (typically the many edges of a network) behind everything else.

        Manim redraws every frame only what is animated and what lies in front of it; the
        rest is drawn once per animation. Animation groups re-add their members at the
        front after playing, so the order is restored after every play.
        """
        # Groups get split and rebuilt by animations, so hold on to the drawn leaves.
        self._backdrop = [leaf for m in mobjects for leaf in m.family_members_with_points()]
        self._restack()

    def _restack(self) -> None:
        on_screen = set(self.get_mobject_family_members())
        present = [m for m in self._backdrop if m in on_screen]
        if present and self.mobjects[:len(present)] != present:
            self.bring_to_back(*present)

    def _close_cue(self) -> None:
        if self._open_cue is None:
            return
        start, text = self._open_cue
        end = self.time
        if end > start:
            self.add_subcaption(text, duration=end - start, offset=start - end)
            self.cues.append((start, end, text))
        self._open_cue = None

    def tear_down(self) -> None:
        self._close_cue()
        super().tear_down()

    def play(self, *args, **kwargs) -> None:
        drop_svg_sources(*self.mobjects, *[getattr(a, "mobject", None) for a in args])
        super().play(*args, **kwargs)
        self._restack()

    def text(self, s: str, size: float | None = None, color: str | None = None, **kw) -> Text:
        """Text in the theme's font."""
        text = Text(s, font=self.theme.font, font_size=size or self.theme.font_size,
                    color=color or self.theme.text, **kw)
        drop_svg_sources(text)
        return text

    def title(self, s: str) -> Text:
        return self.text(s, self.theme.font_size + 4).to_edge(UP, buff=0.3)

    def say(self, s: str, run_time: float = 0.5) -> None:
        """Replace the caption at the bottom of the frame with ``s``.

        The caption is also the scene's narration: it becomes a subcaption cue (Manim
        writes them as .srt beside the video) lasting until the next caption or the end.
        """
        self._close_cue()
        self._open_cue = (self.time, s)
        self.captions.append(s)
        if self.lesson.settings.captions == "off":
            self.wait(run_time)  # same timing, nothing drawn: the player shows the caption track
            return
        new = self.text(s, self.theme.small_font_size + 2, self.theme.dim_text).to_edge(DOWN, buff=0.3)
        if new.width > config.frame_width - 1:
            new.scale_to_fit_width(config.frame_width - 1)
        if self._caption is None:
            self.play(FadeIn(new, shift=0.1 * UP), run_time=run_time)
        else:
            self.play(Succession(FadeOut(self._caption, run_time=run_time / 2),
                                 FadeIn(new, shift=0.1 * UP, run_time=run_time / 2)), run_time=run_time)
        self._caption = new
