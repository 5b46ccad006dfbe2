"""lessonvoice: the narrator. Spoken lines from an offline speech engine or from recorded takes,
measured, normalised and kept between renders (``voice``). Manim-free: scenes ask it for a clip."""
