"""Building many lessons at once: the course file (course.toml), the content-addressed files a
render needs, the lock on an output folder, and rendering scenes on a Dask cluster (cluster.py on
the build's side, worker.py on the workers'). Scenes render in processes of their own (render.py):
nothing here imports Manim until a scene is rendered."""
