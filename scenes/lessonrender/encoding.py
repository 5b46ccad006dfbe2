"""How the lesson's videos are encoded, in one place: what a LessonScene's renderer writes and what
the build transcodes (lessonpublish.media) use the same settings. Manim-free."""
from __future__ import annotations

import os

#: x264's "superfast" preset at crf 26. On 900 frames of the 1080p60 layers video it took 8.6 ms of
#: processor time a frame where "veryfast" at crf 23 took 15.7 (and the default "medium" more),
#: at the same fidelity (mean luma PSNR 50.9 dB against 51.0), for a file 27% larger.
X264 = {"preset": "superfast", "crf": "26"}

#: VP9 at its fastest real-time speed. One thread: measured on the 1080p60 layers video, two threads
#: (with tile columns) saved 1 s of 22 and cost 16% more processor time, which a build rendering
#: other scenes at the same time would rather have. No look-ahead ("lag-in-frames" 0): the same
#: size, and 110 MB less memory; and every packet is one shown frame, so segments join by count.
VP9 = {"deadline": "realtime", "cpu-used": "8", "row-mt": "1", "crf": "34", "b": "0", "threads": "1",
       "lag-in-frames": "0"}

#: Segments encoded while the next animation is drawn (Manim's max_inflight_encoders; its default,
#: 1, makes every animation wait until the encoder has finished the one before): measured on the
#: 1080p60 main scene, about 1 s less of 30-32 s, for 140 MB more memory. Not when the lesson build
#: asks for WebM twins: a segment then has two encoders, and the render passed 1 GB (1,030 MB
#: against 715); the build keeps both cores busy with two scenes at once anyway.
INFLIGHT_ENCODERS = 2

#: Set to "1" by the lesson build: write a VP9 twin of every segment (``<segment>.webm``).
TWINS_ENV = "LESSON_WEBM_TWINS"


def twins_wanted() -> bool:
    """Whether this process was asked for WebM twins (by the lesson build)."""
    return os.environ.get(TWINS_ENV) == "1"
