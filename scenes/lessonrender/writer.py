"""The lesson's file writer: Manim's, with the lesson's segment encoder (:mod:`.encoder`) and the
frames still being drawn on other threads (:mod:`.drawahead`), handed to the encoder in order."""
from __future__ import annotations

from pathlib import Path

import numpy as np
from manim.scene.scene_file_writer import SceneFileWriter

from .drawahead import Pending
from .encoder import LessonSegmentEncoder


class LessonFileWriter(SceneFileWriter):
    """Manim's ``SceneFileWriter``: segments encoded by :class:`LessonSegmentEncoder`; frames drawn
    ahead wait in :attr:`pending` and reach the encoder before any later frame and before the
    animation's segment closes."""

    def __init__(self, settings) -> None:
        self.pending = Pending(lambda pixels: self.encode_frame(pixels))  # (looked up when used)
        super().__init__(settings)

    def _create_segment_encoder(self, target: Path) -> LessonSegmentEncoder:
        if self.video_encoder is None:
            raise RuntimeError("Video segment encoding requires resolved settings.")
        return LessonSegmentEncoder(target=target, spec=self.video_encoder)

    def write_frame(self, pixels: np.ndarray, *, repeat: int = 1) -> None:
        self.pending.hand_over()
        self.encode_frame(pixels, repeat=repeat)

    def encode_frame(self, pixels: np.ndarray, *, repeat: int = 1) -> None:
        """Manim's ``write_frame``: the one door through which frames reach the segment's encoder."""
        super().write_frame(pixels, repeat=repeat)

    def end_animation(self, allow_write: bool = False) -> None:
        self.pending.hand_over()
        super().end_animation(allow_write)
