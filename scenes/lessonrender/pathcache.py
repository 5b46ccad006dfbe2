"""Cairo paths kept from one frame to the next while a shape's points stay the same.

Manim's Cairo camera rebuilds every drawn VMobject's path from its Bézier points each frame: it
splits the points into subpaths with numpy and calls ``curve_to`` once per curve from Python. During
an animation about half of the shapes it redraws have not moved (everything stacked above a moving
shape is redrawn, and most letters of a caption stand still while it fades in), and at 1080p60
rebuilding their paths took about a fifth of a scene's drawing time. Here a shape whose points
(and the camera) are unchanged gets its previous path back with one ``append_path``; the path, and
so every pixel, is the same one Manim would build.

A shape that did change is built by :func:`build_path`: Manim's steps with each curve's numbers
read as Python floats in one ``tolist`` instead of one NumPy scalar at a time, and the runs of a
small shape found in plain Python, so cairo receives the very same numbers (about half the time on
the pixel grid of the main scene).
"""
from __future__ import annotations

from manim.camera.camera import Camera

#: At most this many paths are kept by one camera; past it the cache starts afresh (a frame draws a
#: few hundred).
LIMIT = 20_000


def _camera_key(camera: Camera) -> tuple:
    return (tuple(camera.frame_center), camera.frame_width, camera.frame_height, camera.pixel_width,
            camera.pixel_height)


def build_path(camera: Camera, ctx, vmobject) -> None:
    """Manim's ``Camera.set_cairo_context_path`` for a camera that draws points as they are: one
    subpath per run of joined curves, closed when it ends where it began."""
    points = camera.transform_points_pre_display(vmobject, vmobject.points)
    if len(points) == 0:
        return
    nppcc = vmobject.n_points_per_cubic_curve
    ctx.new_path()
    runs = subpath_runs(vmobject, points, nppcc)
    if not runs:
        return
    # Runs start where curves start (every nppcc points): each curve's handles and end, as 6 floats.
    whole = len(points) - len(points) % nppcc
    curves = points[:whole, :2].reshape(-1, nppcc, 2)[:, 1:, :].reshape(-1, 2 * (nppcc - 1)).tolist()
    new_sub_path, move_to, curve_to, close_path = ctx.new_sub_path, ctx.move_to, ctx.curve_to, ctx.close_path
    same = vmobject.consider_points_equals_2d
    for start, end in runs:
        if end - start < nppcc:
            continue
        new_sub_path()
        move_to(float(points[start, 0]), float(points[start, 1]))
        for curve in curves[start // nppcc:(end - nppcc) // nppcc + 1]:
            curve_to(*curve)
        if same(points[start, :2].tolist(), points[end - 1, :2].tolist()):
            close_path()


#: Below this many curves a shape's runs are found in plain Python (NumPy's per-call cost dominates).
FEW_CURVES = 48


def subpath_runs(vmobject, points, nppcc: int) -> list[tuple[int, int]]:
    """Manim's ``get_subpath_split_indices_from_points(points, n_dims=2)`` as (start, end) pairs: a
    new run wherever a curve does not start where the one before ended (``consider_points_equals_2d``)."""
    n = len(points)
    if n < nppcc:
        return []
    if n // nppcc > FEW_CURVES:
        return [tuple(run) for run in vmobject.get_subpath_split_indices_from_points(points, n_dims=2).tolist()]
    xy = points[:, :2].tolist()
    same = vmobject.consider_points_equals_2d
    runs, start = [], 0
    for b in range(nppcc, n, nppcc):
        if not same(xy[b - 1], xy[b]):
            runs.append((start, b))
            start = b
    runs.append((start, n))
    return runs


class PathCache:
    """The Cairo paths one camera drew last, by shape (its id), with the points they were built from."""

    def __init__(self) -> None:
        self.paths: dict[int, tuple[tuple, object]] = {}

    def set_path(self, camera: Camera, ctx, vmobject) -> bool:
        """Set ``ctx``'s path to ``vmobject``'s as Manim's ``set_cairo_context_path`` would, reusing the
        path built last time for the same points; False (nothing done) for a shape without points or a
        camera that moves points before drawing them (Manim's own method then draws it)."""
        points = vmobject.points
        if len(points) == 0 or type(camera).transform_points_pre_display is not Camera.transform_points_pre_display:
            return False
        key = (points.shape, hash(points.tobytes()), vmobject.n_points_per_cubic_curve,
               vmobject.tolerance_for_point_equality, _camera_key(camera))
        kept = self.paths.get(id(vmobject))
        if kept is not None and kept[0] == key:
            ctx.new_path()
            ctx.append_path(kept[1])
            return True
        build_path(camera, ctx, vmobject)
        if len(self.paths) >= LIMIT:
            self.paths.clear()
        self.paths[id(vmobject)] = (key, ctx.copy_path())
        return True
