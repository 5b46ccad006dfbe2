"""lessonvoice: the narrator. Spoken lines from an offline speech engine or from recorded takes,
measured, normalised and kept between renders (``voice``, Manim-free: scenes ask it for a clip), and
the takes list a teacher records from (``takes``: every line each scene says, with its id).
"""
